"""Day types: 工作日 / 休息日 / 法定节假日 (with the holiday's name) / 调休上班日.

The official arrangement is published each November for the next year and no rule derives 调休, so
the calendar is data: ``chinese-calendar`` for the years it knows, overridden by the arrangements the
office enters. A year that neither knows is *unknown*: its days fall back to plain weekdays/weekends,
``known`` is False, and callers must warn ("2027年节假日安排尚未录入") instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache


class DayType(StrEnum):
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"         # 法定节假日 (with the holiday's name)
    MAKEUP = "makeup"           # 调休上班日


WORKDAY, WEEKEND, HOLIDAY, MAKEUP = DayType.WORKDAY, DayType.WEEKEND, DayType.HOLIDAY, DayType.MAKEUP
DAY_TYPE_LABELS: dict[str, str] = {
    WORKDAY: "工作日",
    WEEKEND: "休息日",
    HOLIDAY: "法定节假日",
    MAKEUP: "调休上班日",
}

# The day kinds duty statistics and the allowance rates count by (a 调休上班日 counts as a workday).
RATE_DAY_KINDS: dict[str, str] = {kind: DAY_TYPE_LABELS[kind] for kind in (WORKDAY, WEEKEND, HOLIDAY)}

# The names the official notice uses, and what people type for them.
HOLIDAY_NAMES: tuple[str, ...] = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
_ALIASES = {"清明": "清明节", "劳动": "劳动节", "五一": "劳动节", "端午": "端午节", "中秋": "中秋节",
            "国庆": "国庆节", "十一": "国庆节", "新年": "元旦"}
# Holidays whose duty is counted on its own in the fairness ledger.
SPECIAL_HOLIDAYS: tuple[str, ...] = ("春节", "国庆节")


def canonical_holiday_name(text: str) -> str:
    name = (text or "").strip()
    return _ALIASES.get(name, name)


@dataclass(frozen=True)
class DayInfo:
    day: date
    kind: str
    holiday: str = ""        # the holiday's name on 法定节假日 and 调休上班日
    known: bool = True       # False: the year has no arrangement, kind is a plain weekday guess

    @property
    def is_rest(self) -> bool:
        return self.kind in (WEEKEND, HOLIDAY)

    @property
    def is_holiday(self) -> bool:
        return self.kind == HOLIDAY

    @property
    def special(self) -> str:
        """春节 / 国庆节 when this is one of their holiday days, else ''."""
        return self.holiday if self.kind == HOLIDAY and self.holiday in SPECIAL_HOLIDAYS else ""

    @property
    def kind_label(self) -> str:
        return DAY_TYPE_LABELS[self.kind]

    @property
    def label(self) -> str:
        """What a roster prints in the 星期 column: the holiday's name, or 星期X (+ 调休上班)."""
        from dutyroom.clock import weekday_name

        if self.kind == HOLIDAY:
            return self.holiday
        if self.kind == MAKEUP:
            return f"{weekday_name(self.day)}（上班）"
        return weekday_name(self.day)


@dataclass(frozen=True)
class YearArrangement:
    """A year's arrangement as entered: holiday days and make-up workdays, each with its holiday name."""

    year: int
    holidays: Mapping[date, str] = field(default_factory=dict)
    workdays: Mapping[date, str] = field(default_factory=dict)
    source: str = ""
    complete: bool = True    # False: only the listed days are known (a scenario file's partial calendar)


@lru_cache(maxsize=1)
def _library() -> tuple[int, int, dict[date, str], dict[date, str]]:
    """(first year, last year, holiday days, make-up days) from chinese-calendar, imported on first use."""
    from chinese_calendar import constants

    chinese = {member.value: member.chinese for member in constants.Holiday}
    years = [d.year for d in constants.holidays]
    holidays = {d: canonical_holiday_name(chinese.get(v, v)) for d, v in constants.holidays.items()}
    workdays = {d: canonical_holiday_name(chinese.get(v, v)) for d, v in constants.workdays.items()}
    return min(years), max(years), holidays, workdays


def library_years() -> range:
    first, last, _, _ = _library()
    return range(first, last + 1)


def library_arrangement(year: int) -> YearArrangement | None:
    first, last, holidays, workdays = _library()
    if not first <= year <= last:
        return None
    return YearArrangement(year, {d: n for d, n in holidays.items() if d.year == year},
                           {d: n for d, n in workdays.items() if d.year == year}, "chinese-calendar")


class HolidayCalendar:
    """Day types for any date; the office's arrangements override the library year by year."""

    def __init__(self, arrangements: Iterable[YearArrangement] = (), *, use_library: bool = True) -> None:
        self._entered = {a.year: a for a in arrangements}
        self._use_library = use_library
        self._years: dict[int, YearArrangement | None] = {}

    def arrangement(self, year: int) -> YearArrangement | None:
        if year not in self._years:
            entered = self._entered.get(year)
            self._years[year] = entered or (library_arrangement(year) if self._use_library else None)
        return self._years[year]

    def entered_years(self) -> list[int]:
        return sorted(self._entered)

    def is_known(self, year: int) -> bool:
        found = self.arrangement(year)
        return found is not None and found.complete

    def info(self, day: date) -> DayInfo:
        found = self.arrangement(day.year)
        if found is not None:
            if day in found.holidays:
                return DayInfo(day, HOLIDAY, found.holidays[day])
            if day in found.workdays:
                return DayInfo(day, MAKEUP, found.workdays[day])
        kind = WEEKEND if day.weekday() >= 5 else WORKDAY
        return DayInfo(day, kind, known=found is not None and found.complete)

    def days(self, first: date, last: date) -> list[DayInfo]:
        return [self.info(d) for d in date_range(first, last)]

    def missing_years(self, first: date, last: date) -> list[int]:
        return [y for y in range(first.year, last.year + 1) if not self.is_known(y)]

    def warnings(self, first: date, last: date) -> list[str]:
        return [missing_year_warning(y) for y in self.missing_years(first, last)]

    def periods(self, year: int) -> list[HolidayPeriod]:
        return holiday_periods(self, year)


def missing_year_warning(year: int) -> str:
    return (f"{year}年节假日安排尚未录入：该年的法定节假日和调休上班日未知，排班按普通周末处理。"
            "请在“节假日安排”中录入国务院办公厅公布的安排后再发布。")


def date_range(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


@dataclass(frozen=True)
class HolidayPeriod:
    """One holiday break (consecutive holiday days) and its make-up workdays."""

    name: str
    first: date
    last: date
    makeup_days: tuple[date, ...] = ()

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def key(self) -> str:
        return f"{self.first.year}-{self.name}"

    @property
    def label(self) -> str:
        return f"{self.first.year}年{self.name}"


def holiday_periods(calendar: HolidayCalendar, year: int) -> list[HolidayPeriod]:
    found = calendar.arrangement(year)
    if found is None:
        return []
    runs: list[list[date]] = []
    for day in sorted(found.holidays):
        if runs and (day - runs[-1][-1]).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    periods = []
    for run in runs:
        names: list[str] = []
        for day in run:
            if found.holidays[day] not in names:
                names.append(found.holidays[day])
        makeup = tuple(sorted(d for d, n in found.workdays.items() if n in names))
        periods.append(HolidayPeriod("、".join(names), run[0], run[-1], makeup))
    return periods


def find_period(calendar: HolidayCalendar, key: str) -> HolidayPeriod:
    """``2027-春节`` → that year's 春节 break. Raises ValidationError with what to do."""
    from dutyroom.errors import ValidationError

    year_text, _, name_text = (key or "").strip().partition("-")
    if not year_text.isdigit() or not name_text:
        raise ValidationError(f"节假日“{key}”格式不对，应为“年份-节日”，例如 2027-春节。", field="holiday")
    year, name = int(year_text), canonical_holiday_name(name_text)
    if not calendar.is_known(year):
        raise ValidationError(f"{year}年节假日安排尚未录入，无法确定{name}的放假日期。"
                              "请先在“节假日安排”中录入该年安排。", field="holiday")
    periods = holiday_periods(calendar, year)
    for period in periods:
        if name in period.name.split("、"):
            return period
    known = "、".join(p.name for p in periods) or "无"
    raise ValidationError(f"{year}年没有名为“{name}”的节假日（该年有：{known}）。", field="holiday")
