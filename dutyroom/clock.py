"""Wall-clock time in Asia/Shanghai (+08:00, no daylight saving) and an injectable clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Protocol

CST = timezone(timedelta(hours=8), "CST")
WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
# How far ahead of the clock a typed time may be (a workstation a little behind the caller's watch).
FUTURE_TOLERANCE = timedelta(minutes=1)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(CST).replace(microsecond=0)


class FixedClock:
    """A clock tests can set and move."""

    def __init__(self, moment: datetime) -> None:
        self._moment = to_cst(moment)

    def now(self) -> datetime:
        return self._moment

    def set(self, moment: datetime) -> None:
        self._moment = to_cst(moment)

    def advance(self, **delta: float) -> datetime:
        self._moment += timedelta(**delta)
        return self._moment


def to_cst(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=CST)
    return moment.astimezone(CST)


def iso(moment: datetime) -> str:
    """ISO 8601 with +08:00 and whole seconds, the storage format for every timestamp."""
    return to_cst(moment).replace(microsecond=0).isoformat()


def parse_iso(text: str) -> datetime:
    return to_cst(datetime.fromisoformat(text))


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def short_date(day: date) -> str:
    return f"{day.month}月{day.day}日"


def weekday_name(day: date) -> str:
    return WEEKDAY_NAMES[day.weekday()]
