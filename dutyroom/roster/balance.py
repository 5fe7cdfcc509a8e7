"""补休 and allowances that balance: per person, the 补休 owed by duties in force, the 补休 taken (approved
补休 requests, or entered by the office), the balance; and the money — 值班补助 per day type, 误餐 per duty on
site and the 备勤 call-outs the duty log records — all from the rates in the settings.

Rules (the same for the statistics export, 我的值班 and the request check):
- a duty on site (带班领导, 值班长, 值班员; a 白班 or 夜班 part counts as one) owes ``roster.comp_leave[kind]``
  days of 补休 and earns ``roster.allowance[kind]`` 元 and ``roster.meal_allowance`` 元, kind being the day's
  type (工作日 / 休息日 / 法定节假日); 备勤 is reachable at home and earns neither;
- a 备勤 call-out is a 去电 in the duty log of the person's 备勤 day to that person (picked from the contacts,
  or by the name typed): ``roster.callout_allowance`` 元, once per person and day however many calls;
- 补休 taken counts in the period its first day falls in.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from dutyroom import settings
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.calendar import DayInfo, HolidayCalendar
from dutyroom.store import Store

EARLIEST = date(1900, 1, 1)


def rate_kind(info: DayInfo) -> str:
    """The rate table's day type: holiday, weekend, or workday (a 调休上班日 is a workday)."""
    return "holiday" if info.is_holiday else "weekend" if info.kind == "weekend" else "workday"


def on_site(role: str) -> bool:
    return role != "standby"


@dataclass(frozen=True)
class CompBalance:
    """One person's 补休 for a period: what was left before it, owed and taken in it, and what is left after."""
    person_id: int
    opening: float
    owed: float
    taken: float

    @property
    def closing(self) -> float:
        return round(self.opening + self.owed - self.taken, 2)


def owed_by_person(store: Store, first: date, last: date, calendar: HolidayCalendar | None = None) -> dict[int, float]:
    """补休 days owed per person by the duties in force from ``first`` to ``last``."""
    calendar = calendar or load_calendar(store)
    rates = settings.get(store, "roster.comp_leave")
    owed: dict[int, float] = defaultdict(float)
    for row in store.rows("SELECT person_id, duty_date, role FROM duty_assignment WHERE voided_at IS NULL"
                          " AND duty_date BETWEEN ? AND ?", (first.isoformat(), last.isoformat())):
        if on_site(row["role"]):
            owed[row["person_id"]] += float(rates.get(rate_kind(calendar.info(date.fromisoformat(row["duty_date"]))), 0))
    return dict(owed)


def taken_by_person(store: Store, first: date, last: date, *, pending: bool = False) -> dict[int, float]:
    """补休 days taken per person (approved 补休 starting in the period; with ``pending`` also those asked for)."""
    statuses = ("approved", "pending") if pending else ("approved",)
    marks = ", ".join("?" for _ in statuses)
    rows = store.rows(f"SELECT person_id, SUM(days) FROM leave_request WHERE kind = 'comp_leave' AND status IN ({marks})"
                      " AND start_date BETWEEN ? AND ? GROUP BY person_id", (*statuses, first.isoformat(), last.isoformat()))
    return {row[0]: float(row[1] or 0) for row in rows}


def comp_balances(store: Store, first: date, last: date,
                  calendar: HolidayCalendar | None = None) -> dict[int, CompBalance]:
    """Every person with 补休 owed or taken up to ``last``: opening (before ``first``), owed, taken, closing."""
    calendar = calendar or load_calendar(store)
    before = date.fromordinal(first.toordinal() - 1)
    owed_before, taken_before = owed_by_person(store, EARLIEST, before, calendar), taken_by_person(store, EARLIEST, before)
    owed, taken = owed_by_person(store, first, last, calendar), taken_by_person(store, first, last)
    people = set(owed_before) | set(taken_before) | set(owed) | set(taken)
    return {p: CompBalance(p, round(owed_before.get(p, 0) - taken_before.get(p, 0), 2), round(owed.get(p, 0), 2),
                           round(taken.get(p, 0), 2)) for p in people}


def comp_balance(store: Store, person_id: int, today: date, *, pending: bool = True) -> float:
    """补休 days one person may still take: owed by their duties up to ``today`` less all 补休 taken (with
    ``pending``, less the 补休 already asked for too)."""
    far = date(9999, 12, 31)
    owed = owed_by_person(store, EARLIEST, today).get(person_id, 0.0)
    return round(owed - taken_by_person(store, EARLIEST, far, pending=pending).get(person_id, 0.0), 2)


def callouts(store: Store, first: date, last: date) -> dict[int, list[date]]:
    """备勤 call-outs per person: the days a 去电 of that day's duty log went to the person on 备勤 that day."""
    rows = store.rows(
        "SELECT DISTINCT a.person_id, a.duty_date FROM duty_assignment a JOIN person p ON p.id = a.person_id"
        " JOIN duty_log_entry e ON e.duty_date = a.duty_date AND e.kind = 'call_out' AND e.voided_at IS NULL"
        " AND (e.person_id = a.person_id OR (e.person_id IS NULL AND json_extract(e.fields_json, '$.name') = p.name))"
        " WHERE a.voided_at IS NULL AND a.role = 'standby' AND a.duty_date BETWEEN ? AND ?"
        " ORDER BY a.duty_date", (first.isoformat(), last.isoformat()))
    out: dict[int, list[date]] = defaultdict(list)
    for row in rows:
        out[row[0]].append(date.fromisoformat(row[1]))
    return dict(out)


@dataclass(kw_only=True)
class CompAndMoney:
    """A person's 补休 and money for a period, as statistics carry them (the roster's export and 统计分析)."""
    comp_leave: float = 0.0     # 补休 owed by this period's duties (days)
    comp_opening: float = 0.0   # 补休 left before the period
    comp_taken: float = 0.0     # 补休 taken in the period
    allowance: float = 0.0      # 值班补助 by day type (元)
    meals: float = 0.0          # 误餐
    callouts: int = 0           # 备勤 call-outs found in the duty log
    callout_pay: float = 0.0

    @property
    def comp_balance(self) -> float:
        """补休 left at the end of the period."""
        return round(self.comp_opening + self.comp_leave - self.comp_taken, 2)

    @property
    def money(self) -> float:
        return round(self.allowance + self.meals + self.callout_pay, 2)


@dataclass(frozen=True)
class Allowance:
    """One person's money for a period, in 元."""
    person_id: int
    duty: float          # 值班补助 by day type
    meals: float         # 误餐
    callouts: int        # 备勤 call-outs counted
    callout_pay: float

    @property
    def total(self) -> float:
        return round(self.duty + self.meals + self.callout_pay, 2)


def allowances(store: Store, first: date, last: date,
               calendar: HolidayCalendar | None = None) -> dict[int, Allowance]:
    """值班补助, 误餐 and 备勤 call-outs per person for the period, from the settings' rates."""
    calendar = calendar or load_calendar(store)
    values = settings.get_many(store, "roster.allowance", "roster.meal_allowance", "roster.callout_allowance")
    rates, meal, callout = values["roster.allowance"], float(values["roster.meal_allowance"]), \
        float(values["roster.callout_allowance"])
    duty: dict[int, float] = defaultdict(float)
    meals: dict[int, float] = defaultdict(float)
    for row in store.rows("SELECT person_id, duty_date, role FROM duty_assignment WHERE voided_at IS NULL"
                          " AND duty_date BETWEEN ? AND ?", (first.isoformat(), last.isoformat())):
        if on_site(row["role"]):
            duty[row["person_id"]] += float(rates.get(rate_kind(calendar.info(date.fromisoformat(row["duty_date"]))), 0))
            meals[row["person_id"]] += meal
    called = callouts(store, first, last)
    people = set(duty) | set(called)
    return {p: Allowance(p, round(duty.get(p, 0), 2), round(meals.get(p, 0), 2), len(called.get(p, [])),
                         round(callout * len(called.get(p, [])), 2)) for p in people}
