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

from dutyroom.duty.roles import PART_NAMES, ROLE_ORDER, DutyRole, slot_label
from dutyroom.duty.roles import shift_order as shift_order  # roster modules import it from here
from dutyroom.roster.calendar import DayInfo, HolidayCalendar

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


WEEKDAY_NAMES: tuple[str, ...] = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class Wish:
    """A person would rather not be on duty on some weekdays (ISO: 1 = 周一 … 7 = 周日) or dates.

    Soft: honoured whenever the fairest roster allows it (fairness comes first), broken only when it
    does not, and then the roster says so and what honouring it would have cost. ``weight`` (1–10)
    orders wishes among themselves: breaking a weight-3 wish costs as much as breaking three of weight 1.
    """

    person: str
    weekdays: frozenset[int] = frozenset()
    dates: frozenset[date] = frozenset()
    weight: int = 1
    note: str = ""

    def covers(self, day: date) -> bool:
        return day in self.dates or day.isoweekday() in self.weekdays

    def text(self, day: date) -> str:
        """What the wish says about this day: "周五不值班", "5月1日不值班"."""
        if day.isoweekday() in self.weekdays:
            said = f"{WEEKDAY_NAMES[day.isoweekday() - 1]}不值班"
        else:
            said = f"{day.month}月{day.day}日不值班"
        return f"{said}，{self.note}" if self.note else said

    def avoided(self, day: date) -> str:
        """How an honoured wish reads in a cell's reason: "按意愿避开周五"."""
        if day.isoweekday() in self.weekdays:
            return f"按意愿避开{WEEKDAY_NAMES[day.isoweekday() - 1]}"
        return f"按意愿避开{day.month}月{day.day}日"


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
    # Soft: what people would rather avoid (fairness first, then wishes; see engine).
    wishes: list[Wish] = field(default_factory=list)
    # Hard: these two are never on duty at the same time (the same day, overlapping parts; 备勤 included).
    pairs_apart: list[tuple[str, str]] = field(default_factory=list)
    # Hard: a new person (值班长/值班员) is never on a shift whose 值班长 and 值班员 of that part are all new;
    # everyone not listed counts as experienced.
    new_officers: frozenset[str] = frozenset()

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


def overlap(first: Cell, second: Cell) -> bool:
    """Whether two cells of one day are on duty at the same time (a 白班 and a 夜班 are not)."""
    return first.shift == "full" or second.shift == "full" or first.shift == second.shift


TEAM_ROLES: tuple[str, ...] = ("chief", "officer")


def team_parts(cell: Cell) -> tuple[str, ...]:
    """The parts of the day whose team (值班长 + 值班员 on duty then) the cell belongs to."""
    if cell.role not in TEAM_ROLES:
        return ()
    return ("day", "night") if cell.shift == "full" else (cell.shift,)


def scenario_from_json(data: Any) -> Scenario:
    """Validate a ``roster solve`` scenario (README: "Scenario interface"); refusals are one Chinese sentence."""
    from dutyroom.roster.scenario_json import read_scenario

    return read_scenario(data)
