"""The ``dutyroom roster solve`` input: a JSON scenario, validated field by field.

Every refusal is one Chinese sentence naming the field (``people 第3项的“no_night”应为 true 或 false``):
types are checked strictly (a boolean is ``true``/``false``, never the string ``"false"``; a count is an
integer, never ``true``), unknown keys are refused rather than ignored, sizes are bounded and dates must
be ``YYYY-MM-DD`` between 1900 and 2100. Nothing here can raise anything but ``ValidationError``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from dutyroom.duty.roles import DUTY_ROLES, SHIFTS
from dutyroom.errors import ValidationError
from dutyroom.roster.calendar import HolidayCalendar, YearArrangement, canonical_holiday_name
from dutyroom.roster.model import (
    CATEGORIES,
    DEFAULT_HOLIDAY_SLOTS,
    DEFAULT_REST_DAYS,
    DEFAULT_SLOTS,
    MAX_PERIOD_DAYS,
    MAX_SLOTS_PER_ROLE,
    Absence,
    Cell,
    Fixed,
    Heightened,
    Person,
    Pin,
    Scenario,
    Wish,
    slot_label,
)

MAX_PEOPLE = 1000
MAX_ITEMS = 20_000          # unavailable, pins, previous, wishes, pairs_apart, calendar entries
MAX_HEIGHTENED = 500
MAX_TEXT = 64               # ids, names, reasons, notes
MAX_COUNT = 100_000         # history counts
MAX_REST_DAYS = 14
MAX_WEIGHT = 10
FIRST_YEAR, LAST_YEAR = 1900, 2100
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

TOP_KEYS = ("period", "slots", "people", "unavailable", "calendar", "heightened", "holiday_slots", "rest_days",
            "history", "previous", "pins", "max_per_month", "officer_split", "wishes", "pairs_apart",
            "new_officers")
PERSON_KEYS = ("id", "name", "roles", "no_night", "join", "leave", "max_per_month")


def _refuse(message: str, field: str | None = None) -> ValidationError:
    return ValidationError(message, field=field)


def _object(value: Any, where: str, keys: tuple[str, ...] | None = None) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _refuse(f"{where}应为对象（{{…}}）。")
    if keys is not None:
        unknown = [k for k in value if k not in keys]
        if unknown:
            raise _refuse(f"{where}中有未知的字段“{str(unknown[0])[:MAX_TEXT]}”（可用：{'、'.join(keys)}）。")
    return value


def _list(value: Any, where: str, limit: int = MAX_ITEMS) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _refuse(f"{where}应为数组（[…]）。")
    if len(value) > limit:
        raise _refuse(f"{where}最多{limit}项。")
    return value


def _text(value: Any, where: str, *, required: bool = False, default: str = "") -> str:
    if value is None or value == "":
        if required:
            raise _refuse(f"{where}不能为空。")
        return default
    if not isinstance(value, str):
        raise _refuse(f"{where}应为文字（字符串）。")
    value = value.strip()
    if required and not value:
        raise _refuse(f"{where}不能为空。")
    if len(value) > MAX_TEXT:
        raise _refuse(f"{where}过长（最多{MAX_TEXT}个字符）。")
    return value


def _day(value: Any, where: str) -> date:
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        shown = str(value)[:MAX_TEXT]
        raise _refuse(f"{where}的日期“{shown}”格式不对，应为 YYYY-MM-DD。")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise _refuse(f"{where}的日期“{value}”不存在。") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _refuse(f"{where}的日期“{value}”超出范围（{FIRST_YEAR}—{LAST_YEAR}年）。")
    return day


def _whole(value: Any, where: str, low: int, high: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise _refuse(f"{where}应为{low}到{high}的整数。")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _refuse(f"{where}应为 true 或 false。")
    return value


def _counts(value: Any, where: str, high: int = MAX_SLOTS_PER_ROLE) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise _refuse(f"{where}应为对象，例如 {{\"leader\": 1, \"officer\": 2}}。")
    out = {}
    for role, count in value.items():
        _role(role, where)
        out[role] = _whole(count, f"{where}中“{role}”的人数" if high == MAX_SLOTS_PER_ROLE else f"{where}中“{role}”",
                           0, high)
    return out


def _range(item: Mapping[str, Any], where: str) -> tuple[date, date]:
    start, end = _day(item.get("start"), f"{where}的 start"), _day(item.get("end"), f"{where}的 end")
    if end < start:
        raise _refuse(f"{where}的结束日期早于开始日期。")
    return start, end


def _role(value: Any, where: str) -> str:
    if not isinstance(value, str) or value not in DUTY_ROLES:
        raise _refuse(f"{where}中有未知的岗位“{str(value)[:MAX_TEXT]}”（可用：{'、'.join(DUTY_ROLES)}）。")
    return value


def _given(data: Mapping[str, Any], key: str, default: Any) -> Any:
    """The value of an optional key; null means the default (an empty list or object, or the documented one)."""
    value = data.get(key)
    return default if value is None else value


def _person_id(value: Any, where: str, known: set[str]) -> str:
    if not isinstance(value, str) or value.strip() not in known:
        raise _refuse(f"{where}的人员“{str(value)[:MAX_TEXT]}”不在 people 中。")
    return value.strip()


def read_scenario(data: Any) -> Scenario:
    data = _object(data, "排班场景", TOP_KEYS)
    if "period" not in data:
        raise _refuse("缺少“period”（排班期间）。", "period")
    period = _object(data["period"], "“period”（排班期间）", ("start", "end"))
    first, last = _day(period.get("start"), "period.start"), _day(period.get("end"), "period.end")
    if last < first:
        raise _refuse("排班期间的结束日期早于开始日期。", "period")
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise _refuse(f"排班期间过长（最多{MAX_PERIOD_DAYS}天）。", "period")
    slots = {**DEFAULT_SLOTS, **_counts(_given(data, "slots", {}), "slots")}
    people = _people(data)
    known = {p.id for p in people}
    absences = []
    for n, raw in enumerate(_list(data.get("unavailable"), "“unavailable”"), start=1):
        where = f"unavailable 第{n}项"
        item = _object(raw, where, ("person", "start", "end", "reason"))
        person = _person_id(item.get("person"), where, known)
        start, end = _range(item, where)
        absences.append(Absence(person, start, end, _text(item.get("reason"), f"{where}的“reason”", default="请假")))
    calendar = _calendar(data.get("calendar"))
    heightened = []
    for n, raw in enumerate(_list(data.get("heightened"), "“heightened”", MAX_HEIGHTENED), start=1):
        where = f"heightened 第{n}项"
        item = _object(raw, where, ("start", "end", "slots", "name"))
        start, end = _range(item, where)
        heightened.append(Heightened(start, end, _counts(_given(item, "slots", {}), f"{where}的 slots"),
                                     _text(item.get("name"), f"{where}的“name”", default="加强值班")))
    rest = {**DEFAULT_REST_DAYS, **_counts(_given(data, "rest_days", {}), "rest_days", MAX_REST_DAYS)}
    holiday_slots = _counts(_given(data, "holiday_slots", DEFAULT_HOLIDAY_SLOTS), "holiday_slots")
    history, last_duty = _history(data.get("history"), known)
    pins = _pins(data, known)
    fixed = []
    for n, raw in enumerate(_list(data.get("previous"), "“previous”"), start=1):
        where = f"previous 第{n}项"
        item = _object(raw, where, ("date", "slot", "person"))
        role = _role(item.get("slot"), where)
        fixed.append(Fixed(_day(item.get("date"), where), role, _person_id(item.get("person"), where, known)))
    maximum = data.get("max_per_month")
    if maximum is not None:
        maximum = _whole(maximum, "“max_per_month”", 1, 31)
    split = _flag(data.get("officer_split", False), "“officer_split”（值班员是否分白班、夜班）")
    scenario = Scenario(first, last, slots, people, calendar, absences, heightened, holiday_slots, rest, history,
                        last_duty, pins, fixed, max_per_month=maximum, officer_split=split,
                        wishes=_wishes(data, known), pairs_apart=_pairs(data, known),
                        new_officers=_new_officers(data, people))
    _check_pins(scenario)
    return scenario


def _people(data: Mapping[str, Any]) -> list[Person]:
    people: list[Person] = []
    seen: set[str] = set()
    for n, raw in enumerate(_list(data.get("people"), "“people”", MAX_PEOPLE), start=1):
        item = _object(raw, f"people 第{n}项", PERSON_KEYS)
        pid = _text(item.get("id"), f"people 第{n}项的“id”", required=True)
        if pid in seen:
            raise _refuse(f"人员编号“{pid}”重复。", "people")
        seen.add(pid)
        where = f"人员“{pid}”"
        roles = item.get("roles")
        if not isinstance(roles, list) or not roles:
            raise _refuse(f"{where}的“roles”应为非空数组，例如 [\"officer\", \"standby\"]。")
        for role in roles:
            _role(role, where)
        maximum = item.get("max_per_month")
        join = _day(item["join"], f"{where}的“join”（到岗）") if item.get("join") is not None else None
        leave = _day(item["leave"], f"{where}的“leave”（调离）") if item.get("leave") is not None else None
        if join and leave and leave < join:
            raise _refuse(f"{where}的调离日期早于到岗日期。")
        people.append(Person(
            pid, _text(item.get("name"), f"{where}的“name”", default=pid), frozenset(roles),
            _flag(item.get("no_night", False), f"{where}的“no_night”（不值夜班）"), join, leave,
            None if maximum is None else _whole(maximum, f"{where}的“max_per_month”", 0, 31)))
    if not people:
        raise _refuse("“people”不能为空：至少需要一名可排班人员。", "people")
    return people


def _calendar(raw: Any) -> HolidayCalendar:
    data = _object({} if raw is None else raw, "“calendar”", ("holidays", "workdays", "complete_years"))
    holidays = _given(data, "holidays", {})
    if not isinstance(holidays, Mapping):
        raise _refuse("calendar.holidays 应为对象：{\"日期\": \"节日名称\"}。")
    if len(holidays) > MAX_ITEMS:
        raise _refuse(f"calendar.holidays 最多{MAX_ITEMS}项。")
    holiday_days = {_day(d, "calendar.holidays"): canonical_holiday_name(_text(n, f"calendar.holidays 中{d}的节日名称",
                                                                                required=True))
                    for d, n in holidays.items()}
    workday_items = _given(data, "workdays", [])
    if isinstance(workday_items, Mapping):
        workdays = {_day(d, "calendar.workdays"): canonical_holiday_name(
            _text(n, f"calendar.workdays 中{d}的节日名称", required=True)) for d, n in workday_items.items()}
    elif isinstance(workday_items, list):
        workdays = {_day(d, "calendar.workdays"): "调休" for d in _list(workday_items, "calendar.workdays")}
    else:
        raise _refuse("calendar.workdays 应为日期数组。")
    complete = _list(data.get("complete_years"), "calendar.complete_years", 300)
    years = set()
    for year in complete:
        years.add(_whole(year, "calendar.complete_years 中的年份", FIRST_YEAR, LAST_YEAR))
    return _json_calendar(holiday_days, workdays, years)


def _json_calendar(holiday_days: dict[date, str], workdays: dict[date, str], complete: set[int]) -> HolidayCalendar:
    """The built-in calendar with the scenario's days laid over it, year by year.

    For a year the library does not know, only the listed days are known unless the year is named in
    ``complete_years`` (the file then holds that year's whole arrangement).
    """
    from dutyroom.roster.calendar import library_arrangement

    years = {d.year for d in holiday_days} | {d.year for d in workdays} | complete
    arrangements = []
    for year in sorted(years):
        base = library_arrangement(year)
        merged_h = dict(base.holidays) if base else {}
        merged_w = dict(base.workdays) if base else {}
        for day, name in holiday_days.items():
            if day.year == year:
                merged_h[day] = name
                merged_w.pop(day, None)
        for day, name in workdays.items():
            if day.year == year:
                merged_w[day] = name
                merged_h.pop(day, None)
        arrangements.append(YearArrangement(year, merged_h, merged_w, "scenario",
                                            complete=base is not None or year in complete))
    return HolidayCalendar(arrangements)


def _history(raw: Any, people: set[str]) -> tuple[dict[str, dict[str, dict[str, int]]], dict[str, dict[str, date]]]:
    if raw is None:
        return {}, {}
    if not isinstance(raw, Mapping):
        raise _refuse("“history”应为对象：{人员: {岗位: {\"total\": n, …}}}。")
    history: dict[str, dict[str, dict[str, int]]] = {}
    last: dict[str, dict[str, date]] = {}
    for person, roles in raw.items():
        if person not in people:
            raise _refuse(f"history 中的人员“{str(person)[:MAX_TEXT]}”不在 people 中。")
        if not isinstance(roles, Mapping):
            raise _refuse(f"history 中“{person}”的值应为对象。")
        for role, counts in roles.items():
            _role(role, f"history 中“{person}”")
            if not isinstance(counts, Mapping):
                raise _refuse(f"history 中“{person}”的“{role}”应为对象：{{\"total\": n, …}}。")
            for key, value in counts.items():
                if key == "last":
                    last.setdefault(person, {})[role] = _day(value, f"history 中“{person}”的 last")
                    continue
                category = canonical_holiday_name(str(key))
                if category not in CATEGORIES:
                    raise _refuse(f"history 中的统计项“{str(key)[:MAX_TEXT]}”未知"
                                  "（可用：total、weekend、holiday、春节、国庆节、night、last）。")
                history.setdefault(person, {}).setdefault(role, {})[category] = _whole(
                    value, f"history 中“{person}”的“{key}”", 0, MAX_COUNT)
    return history, last


def _pins(data: Mapping[str, Any], known: set[str]) -> list[Pin]:
    pins = []
    for n, raw in enumerate(_list(data.get("pins"), "“pins”"), start=1):
        where = f"pins 第{n}项"
        item = _object(raw, where, ("date", "slot", "index", "shift", "person"))
        role = _role(item.get("slot"), where)
        person = _person_id(item.get("person"), where, known)
        index = _whole(item.get("index", 0), f"{where}的“index”", 0, MAX_SLOTS_PER_ROLE - 1)
        shift = item.get("shift", "full")
        if not isinstance(shift, str) or shift not in SHIFTS:
            raise _refuse(f"{where}的“shift”应为 full、day 或 night。")
        pins.append(Pin(Cell(_day(item.get("date"), where), role, index, shift), person))
    return pins


def _wishes(data: Mapping[str, Any], known: set[str]) -> list[Wish]:
    out = []
    for n, raw in enumerate(_list(data.get("wishes"), "“wishes”"), start=1):
        where = f"wishes 第{n}项"
        item = _object(raw, where, ("person", "weekdays", "dates", "weight", "note"))
        person = _person_id(item.get("person"), where, known)
        weekdays = frozenset(_whole(d, f"{where}的“weekdays”（1=周一…7=周日）", 1, 7)
                             for d in _list(item.get("weekdays"), f"{where}的“weekdays”", 7))
        dates = frozenset(_day(d, f"{where}的“dates”") for d in _list(item.get("dates"), f"{where}的“dates”", 800))
        if not weekdays and not dates:
            raise _refuse(f"{where}应至少给出“weekdays”或“dates”之一。")
        weight = _whole(item.get("weight", 1), f"{where}的“weight”（权重）", 1, MAX_WEIGHT)
        out.append(Wish(person, weekdays, dates, weight, _text(item.get("note"), f"{where}的“note”")))
    return out


def _pairs(data: Mapping[str, Any], known: set[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for n, raw in enumerate(_list(data.get("pairs_apart"), "“pairs_apart”"), start=1):
        where = f"pairs_apart 第{n}项"
        if not isinstance(raw, list) or len(raw) != 2:
            raise _refuse(f"{where}应为两名人员的数组，例如 [\"p1\", \"p2\"]。")
        first, second = _person_id(raw[0], where, known), _person_id(raw[1], where, known)
        if first == second:
            raise _refuse(f"{where}的两名人员相同。")
        out.append((first, second))
    return out


def _new_officers(data: Mapping[str, Any], people: list[Person]) -> frozenset[str]:
    roles = {p.id: p.roles for p in people}
    out = set()
    for n, raw in enumerate(_list(data.get("new_officers"), "“new_officers”", MAX_PEOPLE), start=1):
        pid = _person_id(raw, f"new_officers 第{n}项", set(roles))
        if not roles[pid] & {"chief", "officer"}:
            raise _refuse(f"new_officers 中的“{pid}”不担任值班长或值班员，新人规则对其无意义。")
        out.add(pid)
    return frozenset(out)


def _check_pins(scenario: Scenario) -> None:
    taken: set[Cell] = set()
    for pin in scenario.pins:
        cell = pin.cell
        if not scenario.first <= cell.day <= scenario.last:
            raise _refuse(f"固定安排 {cell.day} 不在排班期间内。", "pins")
        if cell.shift not in scenario.shifts_of(cell.role):
            expected = "、".join(scenario.shifts_of(cell.role))
            raise _refuse(f"固定安排 {cell.day} {slot_label(cell.role, cell.shift)}的“shift”应为 {expected}"
                          "（值班员分白夜班时用 day 或 night，其余岗位用 full）。", "pins")
        count = scenario.slots_on(scenario.calendar.info(cell.day)).get(cell.role, 0)
        if cell.index >= count:
            raise _refuse(f"固定安排 {cell.day} {slot_label(cell.role, cell.shift)}第{cell.index + 1}位"
                          f"超出当日岗位数（{count}）。", "pins")
        if cell in taken:
            raise _refuse(f"固定安排 {cell.day} {slot_label(cell.role, cell.shift)}第{cell.index + 1}位重复。", "pins")
        taken.add(cell)
