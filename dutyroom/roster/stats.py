"""Per-person duty statistics for a month or a year: duties by role and day type, 补休 owed, taken and the
balance, and the money — 值班补助, 误餐, 备勤 call-outs — from the configured rates (the rules are
``dutyroom.roster.balance``'s)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dutyroom import settings
from dutyroom.duty.roles import ROLE_ORDER
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.balance import CompAndMoney, allowances, comp_balances, rate_kind
from dutyroom.roster.calendar import RATE_DAY_KINDS, HolidayCalendar
from dutyroom.roster.planning import month_range
from dutyroom.store import Store

DAY_KINDS = RATE_DAY_KINDS              # 工作日 / 休息日 / 法定节假日


@dataclass
class PersonStats(CompAndMoney):
    person_id: int
    name: str
    unit: str
    by_role: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    special: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    changed: int = 0
    nights: int = 0           # 夜班: night parts of split officer days (24-hour duties are counted by role)
    days: int = 0             # 白班: day parts

    @property
    def total(self) -> int:
        return sum(self.by_role.values())

    @property
    def on_duty(self) -> int:
        """Duties on site (standby not counted)."""
        return sum(n for role, n in self.by_role.items() if role != "standby")


@dataclass
class StatsDoc:
    org_name: str
    first: date
    last: date
    people: list[PersonStats]
    comp_rates: dict[str, float]
    allowance_rates: dict[str, float]
    warnings: list[str]
    meal_rate: float = 0.0
    callout_rate: float = 0.0

    @property
    def title(self) -> str:
        if self.first.month == 1 and self.last.month == 12 and self.first.year == self.last.year:
            return f"{self.org_name}{self.first.year}年度个人值班统计"
        return f"{self.org_name}{self.first.year}年{self.first.month}月个人值班统计"


def statistics(store: Store, year: int, month: int | None = None) -> StatsDoc:
    first, last = month_range(year, month) if month else (date(year, 1, 1), date(year, 12, 31))
    calendar = load_calendar(store)
    values = settings.get_many(store, "org.name", "roster.comp_leave", "roster.allowance", "roster.meal_allowance",
                               "roster.callout_allowance")
    rows = store.rows(
        "SELECT a.duty_date, a.role, a.shift, a.note, p.id, p.name, p.sort_order, u.name AS unit"
        " FROM duty_assignment a"
        " JOIN person p ON p.id = a.person_id LEFT JOIN org_unit u ON u.id = p.unit_id"
        " WHERE a.voided_at IS NULL AND a.duty_date BETWEEN ? AND ?", (first.isoformat(), last.isoformat()))
    people: dict[int, PersonStats] = {}
    for row in rows:
        stats = people.setdefault(row["id"], PersonStats(row["id"], row["name"], row["unit"] or ""))
        info = calendar.info(date.fromisoformat(row["duty_date"]))
        stats.by_role[row["role"]] += 1
        stats.by_kind[rate_kind(info)] += 1
        if info.special:
            stats.special[info.special] += 1
        if row["note"] == "调":
            stats.changed += 1
        stats.nights += row["shift"] == "night"
        stats.days += row["shift"] == "day"
    _add_balances(store, people, first, last, calendar)
    ordered = sorted(people.values(), key=lambda s: _order(s, store))
    return StatsDoc(values["org.name"], first, last, ordered, values["roster.comp_leave"], values["roster.allowance"],
                    calendar.warnings(first, last), float(values["roster.meal_allowance"]),
                    float(values["roster.callout_allowance"]))


def _add_balances(store: Store, people: dict[int, PersonStats], first: date, last: date,
                  calendar: HolidayCalendar) -> None:
    """补休 and money from the balance rules; a person with no duty in the period but 补休 left or taken, or a
    call-out, is listed too."""
    comp, money = comp_balances(store, first, last, calendar), allowances(store, first, last, calendar)
    for person_id in (set(comp) | set(money)) - set(people):
        row = store.row("SELECT p.name, u.name FROM person p LEFT JOIN org_unit u ON u.id = p.unit_id WHERE p.id = ?",
                        (person_id,))
        if row is not None:
            people[person_id] = PersonStats(person_id, row[0], row[1] or "")
    for person_id, stats in people.items():
        balance = comp.get(person_id)
        if balance is not None:
            stats.comp_opening, stats.comp_leave, stats.comp_taken = balance.opening, balance.owed, balance.taken
        pay = money.get(person_id)
        if pay is not None:
            stats.allowance, stats.meals, stats.callouts, stats.callout_pay = \
                pay.duty, pay.meals, pay.callouts, pay.callout_pay


def _order(stats: PersonStats, store: Store) -> tuple:
    """Leaders first, then 值班长 … (by the highest role held in the period), then the contact book's order."""
    rank = min((ROLE_ORDER.index(r) for r in stats.by_role), default=len(ROLE_ORDER))
    sort_order = store.scalar("SELECT sort_order FROM person WHERE id = ?", (stats.person_id,))
    return (rank, sort_order, stats.person_id)
