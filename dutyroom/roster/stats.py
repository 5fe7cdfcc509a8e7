"""Per-person duty statistics for a month or a year: duties by role and day type, 补休 owed and the
值班补助 from the configured rates (leave first; the allowance where leave cannot be given)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from dutyroom import settings
from dutyroom.duty.roles import ROLE_ORDER
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.calendar import RATE_DAY_KINDS
from dutyroom.roster.planning import month_range
from dutyroom.store import Store

DAY_KINDS = RATE_DAY_KINDS              # 工作日 / 休息日 / 法定节假日


@dataclass
class PersonStats:
    person_id: int
    name: str
    unit: str
    by_role: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    special: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    changed: int = 0
    nights: int = 0           # 夜班: night parts of split officer days (24-hour duties are counted by role)
    days: int = 0             # 白班: day parts
    comp_leave: float = 0.0
    allowance: float = 0.0

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

    @property
    def title(self) -> str:
        if self.first.month == 1 and self.last.month == 12 and self.first.year == self.last.year:
            return f"{self.org_name}{self.first.year}年度个人值班统计"
        return f"{self.org_name}{self.first.year}年{self.first.month}月个人值班统计"


def statistics(store: Store, year: int, month: int | None = None) -> StatsDoc:
    first, last = month_range(year, month) if month else (date(year, 1, 1), date(year, 12, 31))
    calendar = load_calendar(store)
    values = settings.get_many(store, "org.name", "roster.comp_leave", "roster.allowance")
    comp, allowance = values["roster.comp_leave"], values["roster.allowance"]
    rows = store.rows(
        "SELECT a.duty_date, a.role, a.shift, a.note, p.id, p.name, p.sort_order, u.name AS unit"
        " FROM duty_assignment a"
        " JOIN person p ON p.id = a.person_id LEFT JOIN org_unit u ON u.id = p.unit_id"
        " WHERE a.voided_at IS NULL AND a.duty_date BETWEEN ? AND ?", (first.isoformat(), last.isoformat()))
    people: dict[int, PersonStats] = {}
    order: dict[int, tuple] = {}
    for row in rows:
        stats = people.setdefault(row["id"], PersonStats(row["id"], row["name"], row["unit"] or ""))
        order[row["id"]] = (row["sort_order"], row["id"])
        info = calendar.info(date.fromisoformat(row["duty_date"]))
        kind = "holiday" if info.is_holiday else "weekend" if info.kind == "weekend" else "workday"
        stats.by_role[row["role"]] += 1
        stats.by_kind[kind] += 1
        if info.special:
            stats.special[info.special] += 1
        if row["note"] == "调":
            stats.changed += 1
        stats.nights += row["shift"] == "night"
        stats.days += row["shift"] == "day"
        # Standby is reachable at home, not on site: it earns neither leave nor allowance.
        if row["role"] != "standby":
            stats.comp_leave += float(comp.get(kind, 0))
            stats.allowance += float(allowance.get(kind, 0))
    ordered = sorted(people.values(), key=lambda s: (min(ROLE_ORDER.index(r) for r in s.by_role), order[s.person_id]))
    return StatsDoc(values["org.name"], first, last, ordered, comp, allowance, calendar.warnings(first, last))
