"""The office's own holiday arrangements (one per year), stored in the database, overriding the library."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from dutyroom.errors import ValidationError
from dutyroom.roster.calendar import (
    HOLIDAY_NAMES,
    HolidayCalendar,
    YearArrangement,
    canonical_holiday_name,
    date_range,
    library_arrangement,
)
from dutyroom.session import Session
from dutyroom.store import Reader, Store

MAX_NAME = 20


@dataclass(frozen=True)
class HolidayRange:
    name: str
    first: date
    last: date


def load_calendar(store: Store) -> HolidayCalendar:
    """The calendar every roster uses: entered years override chinese-calendar."""
    rows = store.rows(
        "SELECT y.year, y.source, d.day, d.kind, d.name FROM holiday_year y"
        " LEFT JOIN holiday_day d ON d.year_id = y.id WHERE y.voided_at IS NULL ORDER BY y.year, d.day")
    years: dict[int, tuple[str, dict[date, str], dict[date, str]]] = {}
    for row in rows:
        source, holidays, workdays = years.setdefault(row["year"], (row["source"], {}, {}))
        if row["day"]:
            (holidays if row["kind"] == "holiday" else workdays)[date.fromisoformat(row["day"])] = row["name"]
    return HolidayCalendar(YearArrangement(y, h, w, s or "本单位录入") for y, (s, h, w) in years.items())


def entered_year(store: Store, year: int) -> dict | None:
    row = store.row("SELECT * FROM holiday_year WHERE year = ? AND voided_at IS NULL", (year,))
    return dict(row) if row else None


def ranges_of(arrangement: YearArrangement | None) -> tuple[list[HolidayRange], list[tuple[date, str]]]:
    """An arrangement as the editor shows it: holiday ranges by name, and make-up workdays."""
    if arrangement is None:
        return [], []
    runs: list[HolidayRange] = []
    for day in sorted(arrangement.holidays):
        name = arrangement.holidays[day]
        if runs and runs[-1].name == name and (day - runs[-1].last).days == 1:
            runs[-1] = HolidayRange(name, runs[-1].first, day)
        else:
            runs.append(HolidayRange(name, day, day))
    return runs, sorted(arrangement.workdays.items())


def year_for_editing(store: Store, year: int) -> tuple[str, list[HolidayRange], list[tuple[date, str]]]:
    """(where it comes from, ranges, make-up days): the entered arrangement, else the library's."""
    calendar = load_calendar(store)
    if year in calendar.entered_years():
        row = entered_year(store, year)
        return f"本单位录入（{row['source']}）" if row and row["source"] else "本单位录入", *ranges_of(
            calendar.arrangement(year))
    found = library_arrangement(year)
    if found is None:
        return "尚未录入", [], []
    return "内置日历（chinese-calendar）", *ranges_of(found)


def _clean(year: int, holidays: Iterable[HolidayRange | tuple], workdays: Iterable[tuple]
           ) -> tuple[dict[date, str], dict[date, str]]:
    holiday_days: dict[date, str] = {}
    for item in holidays:
        name, first, last = (item.name, item.first, item.last) if isinstance(item, HolidayRange) else item
        name = canonical_holiday_name(str(name or ""))
        if not name:
            raise ValidationError("每段假期都要填写节日名称（如 春节）。", field="holidays")
        if len(name) > MAX_NAME:
            raise ValidationError(f"节日名称“{name}”过长。", field="holidays")
        if last < first:
            raise ValidationError(f"{name}的结束日期早于开始日期。", field="holidays")
        if first.year != year or last.year != year:
            raise ValidationError(f"{name}的日期不在{year}年内；跨年的假期请在两个年份中分别录入。", field="holidays")
        for day in date_range(first, last):
            if day in holiday_days:
                raise ValidationError(f"{day}同时出现在两段假期中。", field="holidays")
            holiday_days[day] = name
    workday_days: dict[date, str] = {}
    for day, name in workdays:
        name = canonical_holiday_name(str(name or "")) or "调休"
        if day.year != year:
            raise ValidationError(f"调休上班日{day}不在{year}年内。", field="workdays")
        if day in holiday_days:
            raise ValidationError(f"{day}不能既放假又上班。", field="workdays")
        if day in workday_days:
            raise ValidationError(f"调休上班日{day}重复。", field="workdays")
        workday_days[day] = name
    if not holiday_days:
        raise ValidationError(f"{year}年的安排至少要有一段假期。", field="holidays")
    return holiday_days, workday_days


def save_year(session: Session, year: int, holidays: Iterable[HolidayRange | tuple],
              workdays: Iterable[tuple[date, str]] = (), *, source: str = "") -> int:
    """Enter (or re-enter) a year's official arrangement; the previous entry of that year is voided.

    Entering the same arrangement again changes nothing and returns the present entry.
    """
    session.require("roster.calendar")
    if not 2000 <= int(year) <= 2100:
        raise ValidationError("年份应在2000到2100之间。", field="year")
    holiday_days, workday_days = _clean(int(year), holidays, workdays)
    source = (source or "").strip()
    if len(source) > 100:
        raise ValidationError("文件依据过长（最多100字）。", field="source")
    with session.write() as tx:
        old = tx.row("SELECT id FROM holiday_year WHERE year = ? AND voided_at IS NULL", (year,))
        before = None
        if old is not None:
            before = _snapshot(tx, old["id"])
            if (before["source"], before["holidays"], before["workdays"]) == (
                    source, [f"{d.isoformat()} {n}" for d, n in sorted(holiday_days.items())],
                    [f"{d.isoformat()} {n}" for d, n in sorted(workday_days.items())]):
                return int(old["id"])
            tx.update("holiday_year", old["id"], {"voided_at": tx.at, "void_reason": "重新录入"})
        year_id = tx.insert("holiday_year", {"year": year, "source": source, "created_at": tx.at})
        for day, name in sorted(holiday_days.items()):
            tx.insert("holiday_day", {"year_id": year_id, "day": day.isoformat(), "kind": "holiday", "name": name})
        for day, name in sorted(workday_days.items()):
            tx.insert("holiday_day", {"year_id": year_id, "day": day.isoformat(), "kind": "workday", "name": name})
        tx.audit("roster.calendar.save", "holiday_year", year_id, before=before, after=_snapshot(tx, year_id))
    return year_id


def void_year(session: Session, year: int, reason: str) -> None:
    """Withdraw an entered arrangement: the year falls back to the library (or to unknown)."""
    session.require("roster.calendar")
    with session.write() as tx:
        row = tx.row("SELECT id FROM holiday_year WHERE year = ? AND voided_at IS NULL", (year,))
        if row is None:
            raise ValidationError(f"{year}年没有本单位录入的节假日安排。")
        tx.void("holiday_year", row["id"], reason, op="roster.calendar.void", entity="holiday_year")


def _snapshot(reader: Reader, year_id: int) -> dict:
    head = dict(reader.one("SELECT * FROM holiday_year WHERE id = ?", (year_id,)))
    days = defaultdict(list)
    for row in reader.rows("SELECT day, kind, name FROM holiday_day WHERE year_id = ? ORDER BY day",
                           (year_id,)):
        days[row["kind"]].append(f"{row['day']} {row['name']}")
    head["holidays"] = days["holiday"]
    head["workdays"] = days["workday"]
    return head


def known_holiday_names() -> tuple[str, ...]:
    return HOLIDAY_NAMES
