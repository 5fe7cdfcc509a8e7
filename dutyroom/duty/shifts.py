"""Shifts as (date, start, end): a shift belongs to the date on which it starts.

The duty day is one 24-hour shift from handover to handover. With the officer day/night split on
(``roster.officer_split``), the 值班员 slot has two parts inside it: 白班 (code "day") from the handover to
``roster.night_from`` and 夜班 (code "night") from then to the next handover; both belong to the duty day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dutyroom import settings
from dutyroom.clock import CST, short_date, to_cst
from dutyroom.duty.roles import PART_NAMES, ShiftPart
from dutyroom.store import Store


@dataclass(frozen=True)
class Shift:
    duty_date: date
    start: datetime
    end: datetime
    code: str = ShiftPart.FULL

    @property
    def label(self) -> str:
        return (f"{short_date(self.start.date())} {self.start:%H:%M} — "
                f"{short_date(self.end.date())} {self.end:%H:%M}")

    @property
    def hours(self) -> str:
        """"08:30–17:30", "17:30–次日08:30": the part's clock times as a duty sheet writes them."""
        following = "次日" if self.end.date() > self.start.date() else ""
        return f"{self.start:%H:%M}–{following}{self.end:%H:%M}"

    @property
    def name(self) -> str:
        return PART_NAMES.get(self.code, self.code)

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


def night_from(store: Store) -> time:
    hours, minutes = settings.get(store, "roster.night_from").split(":")
    return time(int(hours), int(minutes))


def officer_split(store: Store) -> bool:
    return bool(settings.get(store, "roster.officer_split"))


def parts_on(duty_date: date, handover: time, night_start: time) -> tuple[Shift, Shift]:
    """The 白班 and 夜班 parts of a duty day (the night part may start after midnight)."""
    whole = shift_on(duty_date, handover)
    split = datetime.combine(duty_date, night_start, tzinfo=CST)
    if split <= whole.start:
        split += timedelta(days=1)
    return Shift(duty_date, whole.start, split, ShiftPart.DAY), Shift(duty_date, split, whole.end, ShiftPart.NIGHT)
