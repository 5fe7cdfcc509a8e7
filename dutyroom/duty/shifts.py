"""Shifts as (date, start, end): a shift belongs to the date on which it starts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dutyroom import settings
from dutyroom.clock import CST, short_date, to_cst
from dutyroom.store import Store


@dataclass(frozen=True)
class Shift:
    duty_date: date
    start: datetime
    end: datetime
    code: str = "full"

    @property
    def label(self) -> str:
        return (f"{short_date(self.start.date())} {self.start:%H:%M} — "
                f"{short_date(self.end.date())} {self.end:%H:%M}")

    def contains(self, moment: datetime) -> bool:
        return self.start <= to_cst(moment) < self.end


def handover_time(store: Store) -> time:
    hours, minutes = settings.get(store, "duty.handover_time").split(":")
    return time(int(hours), int(minutes))


def shift_on(duty_date: date, handover: time) -> Shift:
    start = datetime.combine(duty_date, handover, tzinfo=CST)
    end = datetime.combine(duty_date + timedelta(days=1), handover, tzinfo=CST)
    return Shift(duty_date, start, end)


def shift_at(moment: datetime, handover: time) -> Shift:
    moment = to_cst(moment)
    day = moment.date()
    if moment.timetz().replace(tzinfo=None) < handover:
        day -= timedelta(days=1)
    return shift_on(day, handover)


def next_shift(shift: Shift, handover: time) -> Shift:
    return shift_on(shift.duty_date + timedelta(days=1), handover)
