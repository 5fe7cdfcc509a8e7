"""A year's holiday arrangement as a file: ``dutyroom calendar import`` reads it, ``calendar show --json``
writes the same shape, so a year shown on one machine can be imported on another.

    {"year": 2027, "source": "国办发明电〔2026〕×号",
     "holidays": {"2027-01-01": "元旦", "2027-01-02": "元旦", …},
     "workdays": ["2027-02-20", …]}

``holidays`` may also be a list of ranges ``[{"name": "春节", "first": "2027-02-05", "last": "2027-02-13"}]``;
``workdays`` a list of dates (each named after the nearest holiday) or an object ``{"2027-02-20": "春节"}``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from dutyroom.errors import ValidationError
from dutyroom.roster.arrangements import HolidayRange, load_calendar, ranges_of, save_year, year_for_editing
from dutyroom.roster.calendar import YearArrangement, canonical_holiday_name, library_arrangement
from dutyroom.session import Session
from dutyroom.store import Store


def _day(text: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(text))
    except ValueError:
        raise ValidationError(f"{where}中的日期“{text}”格式不对，应为 YYYY-MM-DD。") from None


def _holidays(value: Any) -> dict[date, str]:
    days: dict[date, str] = {}
    if isinstance(value, Mapping):
        for key, name in value.items():
            days[_day(key, "“holidays”")] = canonical_holiday_name(str(name or ""))
        return days
    if isinstance(value, list):
        for item in value:
            if not isinstance(item, Mapping) or not {"name", "first", "last"} <= set(item):
                raise ValidationError("“holidays”中的每段假期应写成 {\"name\": …, \"first\": …, \"last\": …}。")
            first, last = _day(item["first"], "“holidays”"), _day(item["last"], "“holidays”")
            for ordinal in range(first.toordinal(), last.toordinal() + 1):
                days[date.fromordinal(ordinal)] = canonical_holiday_name(str(item["name"] or ""))
        return days
    raise ValidationError("“holidays”应为对象（日期: 节日名称）或假期段的数组。")


def _nearest(day: date, holidays: Mapping[date, str]) -> str:
    if not holidays:
        return "调休"
    return holidays[min(holidays, key=lambda d: (abs((d - day).days), d))]


def _workdays(value: Any, holidays: Mapping[date, str]) -> list[tuple[date, str]]:
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [(_day(k, "“workdays”"), canonical_holiday_name(str(n or "")) or _nearest(_day(k, "“workdays”"),
                                                                                           holidays))
                for k, n in value.items()]
    if isinstance(value, list):
        return [(d, _nearest(d, holidays)) for d in (_day(v, "“workdays”") for v in value)]
    raise ValidationError("“workdays”应为日期数组或对象（日期: 节日名称）。")


def arrangement_from_json(data: Any) -> tuple[int, list[HolidayRange], list[tuple[date, str]], str]:
    """(year, holiday ranges, make-up workdays, source) of a calendar file; one Chinese sentence when wrong."""
    if not isinstance(data, Mapping):
        raise ValidationError("节假日安排文件应为 JSON 对象，如 {\"year\": 2027, \"holidays\": {…}, \"workdays\": […]}。")
    unknown = set(data) - {"year", "source", "holidays", "workdays", "ranges", "entered", "known", "origin"}
    if unknown:
        raise ValidationError(f"节假日安排文件中有无法识别的项：{'、'.join(sorted(unknown))}。")
    year = data.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        raise ValidationError("“year”应为2000到2100之间的年份。")
    if "holidays" not in data:
        raise ValidationError("节假日安排文件缺少“holidays”（放假的日期）。")
    holidays = _holidays(data["holidays"])
    workdays = _workdays(data.get("workdays"), holidays)
    ranges, _ = ranges_of(YearArrangement(year, holidays))
    source = data.get("source") or ""
    if not isinstance(source, str):
        raise ValidationError("“source”（文件依据）应为文字。")
    return year, ranges, workdays, source


def import_calendar(session: Session, data: Any) -> tuple[int, int]:
    """Enter the year the file describes (the entry of that year it replaces is voided). Returns (year, id)."""
    year, ranges, workdays, source = arrangement_from_json(data)
    return year, save_year(session, year, ranges, workdays, source=source)


def import_calendar_file(session: Session, path: Path) -> tuple[int, int]:
    """``import_calendar`` of a file as ``calendar show --json`` writes it (the window's 导入节假日安排文件…)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ValidationError(f"节假日安排文件不存在：{path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"无法读取节假日安排文件“{path}”：{exc}") from None
    except json.JSONDecodeError as exc:
        raise ValidationError(f"节假日安排文件不是有效的JSON（第{exc.lineno}行第{exc.colno}列）：{exc.msg}") from None
    return import_calendar(session, data)


def calendar_json(store: Store, year: int) -> dict[str, Any]:
    """The year as the calendar uses it (entered, else the built-in one), in the import file's shape plus
    where it comes from and its ranges."""
    where, ranges, workdays = year_for_editing(store, year)
    calendar = load_calendar(store)
    arrangement = calendar.arrangement(year) or library_arrangement(year)
    holidays = {} if arrangement is None else {d.isoformat(): n for d, n in sorted(arrangement.holidays.items())}
    entered = year in calendar.entered_years()
    return {
        "year": year, "source": arrangement.source if entered and arrangement else "", "origin": where,
        "known": arrangement is not None, "entered": entered, "holidays": holidays,
        "workdays": [d.isoformat() for d, _name in workdays],
        "ranges": [{"name": r.name, "first": r.first.isoformat(), "last": r.last.isoformat(),
                    "days": (r.last - r.first).days + 1} for r in ranges],
    }
