"""What a roster is planned from: slots, people, availability, rules, history and pins — plain data.

The same ``Scenario`` comes from the database (``planning.scenario_from_store``) or from a JSON file
(``scenario_from_json``, the ``dutyroom roster solve`` interface), so the engine never sees storage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, NamedTuple

from dutyroom.duty.roles import DUTY_ROLES, PART_NAMES, ROLE_ORDER, SHIFTS, DutyRole, slot_label
from dutyroom.duty.roles import shift_order as shift_order  # roster modules import it from here
from dutyroom.errors import ValidationError
from dutyroom.roster.calendar import DayInfo, HolidayCalendar, YearArrangement, canonical_holiday_name

_L, _C, _O, _S = DutyRole.LEADER, DutyRole.CHIEF, DutyRole.OFFICER, DutyRole.STANDBY
DEFAULT_SLOTS: dict[str, int] = {_L: 1, _C: 1, _O: 2, _S: 2}              # 1+1+2+N with N = 2
DEFAULT_REST_DAYS: dict[str, int] = {_L: 1, _C: 2, _O: 2, _S: 1}
DEFAULT_HOLIDAY_SLOTS: dict[str, int] = {_L: 2}                           # 双带班
DEFAULT_NIGHT_ROLES: tuple[str, ...] = (_C, _O)
# With the officer day/night split on, the 值班员 slot exists twice a day: a day part (白班) and a night
# part (夜班); every other slot stays one 24-hour ("full") duty.
SPLIT_ROLE = DutyRole.OFFICER
SHIFT_LABELS = PART_NAMES          # 全天 / 白班 / 夜班, defined with ShiftPart in duty.roles
# Ledger categories: every duty counts in total; rest days in weekend; holiday days in holiday, and
# 春节 / 国庆节 days also in their own category; a 夜班 (night part of a split day) also in night.
CATEGORIES: tuple[str, ...] = ("total", "weekend", "holiday", "春节", "国庆节", "night")
CATEGORY_LABELS: dict[str, str] = {"total": "值班总数", "weekend": "休息日值班", "holiday": "节假日值班",
                                   "春节": "春节值班", "国庆节": "国庆值班", "night": "夜班"}


class AbsenceKind(StrEnum):
    LEAVE = "leave"
    TRIP = "trip"
    TRAINING = "training"
    OTHER = "other"


ABSENCE_KINDS: dict[str, str] = {AbsenceKind.LEAVE: "请假", AbsenceKind.TRIP: "出差", AbsenceKind.TRAINING: "培训",
                                 AbsenceKind.OTHER: "其他"}
MAX_SLOTS_PER_ROLE = 9
MAX_PERIOD_DAYS = 731


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    roles: frozenset[str]
    no_night: bool = False
    join_date: date | None = None
    leave_date: date | None = None
    max_per_month: int | None = None


@dataclass(frozen=True)
class Absence:
    person: str
    start: date
    end: date
    reason: str = "请假"


@dataclass(frozen=True)
class Heightened:
    start: date
    end: date
    slots: Mapping[str, int]
    name: str = "加强值班"


class Cell(NamedTuple):
    """One slot of one day: (date, role, index, shift); shift is "full" unless the officer slot is split
    into "day" (白班) and "night" (夜班) parts. The same key names a draft cell and a published duty."""

    day: date
    role: str
    index: int  # type: ignore[assignment]   # the slot's position; shadows tuple.index, which no caller uses
    shift: str = "full"

    @property
    def is_night(self) -> bool:
        """Whether the cell keeps its holder up at night (full 24-hour duties do, 白班 does not)."""
        return self.shift != "day"

    @property
    def label(self) -> str:
        """"值班员（白班）2", "带班领导1": the slot as a person reads it."""
        return slot_label(self.role, self.shift) + str(self.index + 1)


@dataclass(frozen=True)
class Pin:
    cell: Cell
    person: str


@dataclass(frozen=True)
class Fixed:
    """A duty outside the period (already published) that rest rules must respect."""

    day: date
    role: str
    person: str


@dataclass
class Scenario:
    first: date
    last: date
    slots: dict[str, int]
    people: list[Person]
    calendar: HolidayCalendar
    absences: list[Absence] = field(default_factory=list)
    heightened: list[Heightened] = field(default_factory=list)
    holiday_slots: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_HOLIDAY_SLOTS))
    rest_days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_REST_DAYS))
    history: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)   # person -> role -> cat -> n
    last_duty: dict[str, dict[str, date]] = field(default_factory=dict)           # person -> role -> date
    pins: list[Pin] = field(default_factory=list)
    fixed: list[Fixed] = field(default_factory=list)
    night_roles: tuple[str, ...] = DEFAULT_NIGHT_ROLES
    max_per_month: int | None = None
    officer_split: bool = False

    def days(self) -> list[DayInfo]:
        return self.calendar.days(self.first, self.last)

    def slots_on(self, info: DayInfo) -> dict[str, int]:
        """Slot counts of one day: the template, raised by the holiday rule and heightened periods."""
        counts = dict(self.slots)
        raises: list[Mapping[str, int]] = [h.slots for h in self.heightened if h.start <= info.day <= h.end]
        if info.is_holiday:
            raises.append(self.holiday_slots)
        for extra in raises:
            for role, count in extra.items():
                counts[role] = max(counts.get(role, 0), count)
        return {role: counts.get(role, 0) for role in ROLE_ORDER if counts.get(role, 0) > 0}

    def shifts_of(self, role: str) -> tuple[str, ...]:
        """The parts a role's slot has each day: ("day", "night") for split officers, else ("full",)."""
        return ("day", "night") if self.officer_split and role == SPLIT_ROLE else ("full",)

    def cells(self) -> list[Cell]:
        return [Cell(info.day, role, index, shift) for info in self.days()
                for role, count in self.slots_on(info).items()
                for shift in self.shifts_of(role) for index in range(count)]

    def is_night(self, cell: Cell) -> bool:
        """A duty that keeps its holder up at night: a night role, unless it is the 白班 part."""
        return cell.role in self.night_roles and cell.is_night

    def warnings(self) -> list[str]:
        return self.calendar.warnings(self.first, self.last)


# -- the JSON interface ------------------------------------------------------------------------------

def _day(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except (TypeError, ValueError):
        raise ValidationError(f"{where}的日期“{value}”格式不对，应为 YYYY-MM-DD。") from None


def _counts(value: Any, where: str, *, allow_zero: bool = True) -> dict[str, int]:
    if not isinstance(value, Mapping):
        raise ValidationError(f"{where}应为对象，例如 {{\"leader\": 1, \"officer\": 2}}。")
    out = {}
    for role, count in value.items():
        if role not in DUTY_ROLES:
            raise ValidationError(f"{where}中有未知的岗位“{role}”（可用：{'、'.join(DUTY_ROLES)}）。")
        if not isinstance(count, int) or isinstance(count, bool) or count < 0 or count > MAX_SLOTS_PER_ROLE:
            raise ValidationError(f"{where}中“{role}”的人数应为0到{MAX_SLOTS_PER_ROLE}的整数。")
        if count or allow_zero:
            out[role] = count
    return out


def _list(data: Mapping[str, Any], key: str) -> list[Any]:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(f"“{key}”应为数组。")
    return value


def _object(item: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(item, Mapping):
        raise ValidationError(f"{where}应为对象。")
    return item


def scenario_from_json(data: Any) -> Scenario:
    """Validate a scenario (README: "Scenario interface"); every refusal is one Chinese sentence."""
    data = _object(data, "排班场景")
    period = _object(data.get("period"), "“period”（排班期间）")
    first, last = _day(period.get("start"), "period.start"), _day(period.get("end"), "period.end")
    if last < first:
        raise ValidationError("排班期间的结束日期早于开始日期。")
    if (last - first).days + 1 > MAX_PERIOD_DAYS:
        raise ValidationError(f"排班期间过长（最多{MAX_PERIOD_DAYS}天）。")
    slots = {**DEFAULT_SLOTS, **_counts(data.get("slots", {}), "slots")}
    people: list[Person] = []
    seen: set[str] = set()
    for n, raw in enumerate(_list(data, "people"), start=1):
        item = _object(raw, f"people 第{n}项")
        pid = str(item.get("id") or "").strip()
        if not pid:
            raise ValidationError(f"people 第{n}项缺少“id”。")
        if pid in seen:
            raise ValidationError(f"人员编号“{pid}”重复。")
        seen.add(pid)
        roles = item.get("roles") or []
        if not isinstance(roles, list) or not roles:
            raise ValidationError(f"人员“{pid}”的“roles”应为非空数组。")
        unknown = [r for r in roles if r not in DUTY_ROLES]
        if unknown:
            raise ValidationError(f"人员“{pid}”有未知的岗位“{unknown[0]}”。")
        maximum = item.get("max_per_month")
        if maximum is not None and (not isinstance(maximum, int) or maximum < 0):
            raise ValidationError(f"人员“{pid}”的“max_per_month”应为非负整数。")
        people.append(Person(
            pid, str(item.get("name") or pid), frozenset(roles), bool(item.get("no_night", False)),
            _day(item["join"], f"人员“{pid}”的入职") if item.get("join") else None,
            _day(item["leave"], f"人员“{pid}”的离职") if item.get("leave") else None, maximum))
    if not people:
        raise ValidationError("“people”不能为空：至少需要一名可排班人员。")
    absences = []
    for n, raw in enumerate(_list(data, "unavailable"), start=1):
        item = _object(raw, f"unavailable 第{n}项")
        person = str(item.get("person") or "")
        if person not in seen:
            raise ValidationError(f"unavailable 第{n}项的人员“{person}”不在 people 中。")
        start, end = _day(item.get("start"), f"unavailable 第{n}项"), _day(item.get("end"), f"unavailable 第{n}项")
        if end < start:
            raise ValidationError(f"unavailable 第{n}项的结束日期早于开始日期。")
        absences.append(Absence(person, start, end, str(item.get("reason") or "请假")))
    calendar_data = _object(data.get("calendar") or {}, "“calendar”")
    holidays = calendar_data.get("holidays") or {}
    if not isinstance(holidays, Mapping):
        raise ValidationError("calendar.holidays 应为对象：{\"日期\": \"节日名称\"}。")
    workday_items = calendar_data.get("workdays") or []
    if isinstance(workday_items, Mapping):
        workdays = {_day(d, "calendar.workdays"): canonical_holiday_name(str(n)) for d, n in workday_items.items()}
    elif isinstance(workday_items, list):
        workdays = {_day(d, "calendar.workdays"): "调休" for d in workday_items}
    else:
        raise ValidationError("calendar.workdays 应为日期数组。")
    holiday_days = {_day(d, "calendar.holidays"): canonical_holiday_name(str(n)) for d, n in holidays.items()}
    complete_years = calendar_data.get("complete_years") or []
    if not isinstance(complete_years, list) or not all(isinstance(y, int) for y in complete_years):
        raise ValidationError("calendar.complete_years 应为年份数组，例如 [2027]。")
    calendar = _json_calendar(holiday_days, workdays, set(complete_years))
    heightened = []
    for n, raw in enumerate(_list(data, "heightened"), start=1):
        item = _object(raw, f"heightened 第{n}项")
        start, end = _day(item.get("start"), f"heightened 第{n}项"), _day(item.get("end"), f"heightened 第{n}项")
        if end < start:
            raise ValidationError(f"heightened 第{n}项的结束日期早于开始日期。")
        heightened.append(Heightened(start, end, _counts(item.get("slots", {}), f"heightened 第{n}项的 slots"),
                                     str(item.get("name") or "加强值班")))
    rest = {**DEFAULT_REST_DAYS, **_counts(data.get("rest_days", {}), "rest_days")}
    holiday_slots = _counts(data.get("holiday_slots", DEFAULT_HOLIDAY_SLOTS), "holiday_slots")
    history, last_duty = _history(data.get("history") or {}, seen)
    pins = []
    for n, raw in enumerate(_list(data, "pins"), start=1):
        item = _object(raw, f"pins 第{n}项")
        role = item.get("slot")
        if role not in DUTY_ROLES:
            raise ValidationError(f"pins 第{n}项的岗位“{role}”未知。")
        person = str(item.get("person") or "")
        if person not in seen:
            raise ValidationError(f"pins 第{n}项的人员“{person}”不在 people 中。")
        index = item.get("index", 0)
        if not isinstance(index, int) or index < 0:
            raise ValidationError(f"pins 第{n}项的“index”应为非负整数。")
        shift = item.get("shift", "full")
        if shift not in SHIFTS:
            raise ValidationError(f"pins 第{n}项的“shift”应为 full、day 或 night。")
        pins.append(Pin(Cell(_day(item.get("date"), f"pins 第{n}项"), role, index, shift), person))
    fixed = []
    for n, raw in enumerate(_list(data, "previous"), start=1):
        item = _object(raw, f"previous 第{n}项")
        if item.get("slot") not in DUTY_ROLES or str(item.get("person") or "") not in seen:
            raise ValidationError(f"previous 第{n}项的岗位或人员无效。")
        fixed.append(Fixed(_day(item.get("date"), f"previous 第{n}项"), item["slot"], str(item["person"])))
    maximum = data.get("max_per_month")
    if maximum is not None and (not isinstance(maximum, int) or maximum < 1):
        raise ValidationError("“max_per_month”应为正整数。")
    split = data.get("officer_split", False)
    if not isinstance(split, bool):
        raise ValidationError("“officer_split”应为 true 或 false（值班员是否分白班、夜班）。")
    scenario = Scenario(first, last, slots, people, calendar, absences, heightened, holiday_slots, rest, history,
                        last_duty, pins, fixed, max_per_month=maximum, officer_split=split)
    _check_pins(scenario)
    return scenario


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
    if not isinstance(raw, Mapping):
        raise ValidationError("“history”应为对象：{人员: {岗位: {\"total\": n, …}}}。")
    history: dict[str, dict[str, dict[str, int]]] = {}
    last: dict[str, dict[str, date]] = {}
    for person, roles in raw.items():
        if person not in people:
            raise ValidationError(f"history 中的人员“{person}”不在 people 中。")
        if not isinstance(roles, Mapping):
            raise ValidationError(f"history 中“{person}”的值应为对象。")
        for role, counts in roles.items():
            if role not in DUTY_ROLES or not isinstance(counts, Mapping):
                raise ValidationError(f"history 中“{person}”的岗位“{role}”无效。")
            for key, value in counts.items():
                if key == "last":
                    last.setdefault(person, {})[role] = _day(value, f"history 中“{person}”的 last")
                    continue
                category = canonical_holiday_name(key)
                if category not in CATEGORIES:
                    raise ValidationError(f"history 中的统计项“{key}”未知（可用：total、weekend、holiday、春节、国庆节、night）。")
                if not isinstance(value, int) or value < 0:
                    raise ValidationError(f"history 中“{person}”的“{key}”应为非负整数。")
                history.setdefault(person, {}).setdefault(role, {})[category] = value
    return history, last


def _check_pins(scenario: Scenario) -> None:
    taken: set[Cell] = set()
    for pin in scenario.pins:
        cell = pin.cell
        if not scenario.first <= cell.day <= scenario.last:
            raise ValidationError(f"固定安排 {cell.day} 不在排班期间内。")
        if cell.shift not in scenario.shifts_of(cell.role):
            expected = "、".join(scenario.shifts_of(cell.role))
            raise ValidationError(f"固定安排 {cell.day} {slot_label(cell.role, cell.shift)}的“shift”应为 {expected}"
                                  "（值班员分白夜班时用 day 或 night，其余岗位用 full）。")
        count = scenario.slots_on(scenario.calendar.info(cell.day)).get(cell.role, 0)
        if cell.index >= count:
            raise ValidationError(f"固定安排 {cell.day} {slot_label(cell.role, cell.shift)}第{cell.index + 1}位"
                                  f"超出当日岗位数（{count}）。")
        if cell in taken:
            raise ValidationError(f"固定安排 {cell.day} {slot_label(cell.role, cell.shift)}第{cell.index + 1}位重复。")
        taken.add(cell)
