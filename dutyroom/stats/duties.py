"""值班 figures for a period: duties per person by role and day type, 春节 and 国庆 over the years, 补休 owed,
taken and left, the money (值班补助, 误餐, 备勤 call-outs) from the configured rates, and the fairness spread per
role month by month.

One function, ``duty_figures``, reads them all, so that they reach the screen, the printout, the .xlsx and the
JSON alike. 补休 and money are the roster area's own figures (``roster.balance``: the same rules as 我的值班 and
the roster's month export), not counted again here.

Day types count as the roster's statistics count them (``roster stats``): a 调休上班日 is a workday; 补休 and the
allowance are earned by duties on site, not by 备勤 (reachable at home).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dutyroom import settings
from dutyroom.duty.roles import DUTY_ROLES, ROLE_ORDER, DutyRole
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.balance import CompAndMoney, allowances, comp_balances
from dutyroom.roster.calendar import RATE_DAY_KINDS, SPECIAL_HOLIDAYS, DayType, HolidayCalendar
from dutyroom.stats.period import Period, month_last
from dutyroom.store import Store

DAY_KINDS: dict[str, str] = dict(RATE_DAY_KINDS)        # workday 工作日, weekend 休息日, holiday 法定节假日
HOLIDAY_MONTHS = ("01", "02", "10")                     # 春节 falls in January or February, 国庆 in October


def day_kind(calendar: HolidayCalendar, day: date) -> str:
    info = calendar.info(day)
    return DayType.HOLIDAY if info.is_holiday else DayType.WEEKEND if info.kind == DayType.WEEKEND else DayType.WORKDAY


@dataclass
class PersonDuties(CompAndMoney):
    person_id: int
    name: str
    unit: str
    by_role_kind: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(Counter))
    special: Counter[str] = field(default_factory=Counter)
    day_parts: int = 0          # 白班 of a split officer day
    night_parts: int = 0        # 夜班

    def count(self, role: str | None = None, kind: str | None = None) -> int:
        roles = [role] if role else list(self.by_role_kind)
        return sum(n for r in roles for k, n in self.by_role_kind.get(r, {}).items() if kind is None or k == kind)

    def on_site_count(self, kind: str) -> int:
        """Duties on site (not 备勤) on days of ``kind``."""
        return self.count(kind=kind) - self.count(DutyRole.STANDBY, kind)

    @property
    def roles(self) -> list[str]:
        return [r for r in ROLE_ORDER if self.count(r)]

    @property
    def total(self) -> int:
        return self.count()

    @property
    def on_site(self) -> int:
        return self.total - self.count(DutyRole.STANDBY)

    @property
    def in_money_table(self) -> bool:
        return bool(self.on_site or self.comp_opening or self.comp_taken or self.callouts)

    def as_json(self) -> dict[str, Any]:
        return {"person_id": self.person_id, "name": self.name, "unit": self.unit,
                "by_role": {r: self.count(r) for r in self.roles},
                "by_kind": {k: self.count(kind=k) for k in DAY_KINDS},
                "by_role_kind": {r: {k: self.count(r, k) for k in DAY_KINDS} for r in self.roles},
                "special": dict(self.special), "day_parts": self.day_parts, "night_parts": self.night_parts,
                "total": self.total, "on_site": self.on_site, "comp_leave": round(self.comp_leave, 2),
                "comp_opening": round(self.comp_opening, 2), "comp_taken": round(self.comp_taken, 2),
                "comp_balance": self.comp_balance, "allowance": round(self.allowance, 2),
                "meals": round(self.meals, 2), "callouts": self.callouts, "callout_pay": round(self.callout_pay, 2),
                "money": self.money}


@dataclass
class HolidayDuty:
    """Who stood duty on one year's 春节 or 国庆 holiday days."""
    year: int
    holiday: str
    by_role: Counter[str] = field(default_factory=Counter)
    people: Counter[str] = field(default_factory=Counter)        # name -> duties
    again: list[str] = field(default_factory=list)               # also on this holiday the year before

    @property
    def total(self) -> int:
        return sum(self.by_role.values())

    def as_json(self) -> dict[str, Any]:
        return {"year": self.year, "holiday": self.holiday, "total": self.total, "by_role": dict(self.by_role),
                "people": dict(self.people), "again": self.again}


@dataclass
class Spread:
    """One role in one month: the fewest and the most duties among the people who could take it."""
    month: str
    role: str
    fewest: int
    most: int
    people: int
    duties: int

    @property
    def spread(self) -> int:
        return self.most - self.fewest

    @property
    def average(self) -> float:
        return self.duties / self.people if self.people else 0.0

    def as_json(self) -> dict[str, Any]:
        return {"month": self.month, "role": self.role, "min": self.fewest, "max": self.most, "spread": self.spread,
                "people": self.people, "duties": self.duties, "average": round(self.average, 2)}


@dataclass
class DutyFigures:
    period: Period
    people: list[PersonDuties]
    holidays: list[HolidayDuty]
    spreads: list[Spread]
    comp_rates: dict[str, float]
    allowance_rates: dict[str, float]
    warnings: list[str]
    meal_rate: float = 0.0
    callout_rate: float = 0.0

    def spread_of(self, role: str) -> list[Spread]:
        return [s for s in self.spreads if s.role == role]

    @property
    def total(self) -> int:
        return sum(p.total for p in self.people)

    @property
    def comp_leave(self) -> float:
        return sum(p.comp_leave for p in self.people)

    @property
    def comp_taken(self) -> float:
        return sum(p.comp_taken for p in self.people)

    @property
    def comp_balance(self) -> float:
        return round(sum(p.comp_balance for p in self.people), 2)

    @property
    def allowance(self) -> float:
        return sum(p.allowance for p in self.people)

    @property
    def meals(self) -> float:
        return sum(p.meals for p in self.people)

    @property
    def callout_pay(self) -> float:
        return sum(p.callout_pay for p in self.people)

    @property
    def money(self) -> float:
        return round(sum(p.money for p in self.people), 2)

    def as_json(self) -> dict[str, Any]:
        spread: dict[str, list[dict[str, Any]]] = {}
        for item in self.spreads:
            spread.setdefault(item.role, []).append(item.as_json())
        return {"by_person": [p.as_json() for p in self.people], "spread": spread,
                "holidays": [h.as_json() for h in self.holidays], "total": self.total,
                "comp_leave": round(self.comp_leave, 2), "comp_taken": round(self.comp_taken, 2),
                "comp_balance": self.comp_balance, "allowance": round(self.allowance, 2),
                "meals": round(self.meals, 2), "callout_pay": round(self.callout_pay, 2), "money": self.money,
                "rates": {"comp_leave": self.comp_rates, "allowance": self.allowance_rates,
                          "meal": self.meal_rate, "callout": self.callout_rate},
                "warnings": self.warnings}


def duty_figures(reader: Store, period: Period) -> DutyFigures:
    calendar = load_calendar(reader)
    values = settings.get_many(reader, "roster.comp_leave", "roster.allowance", "roster.meal_allowance",
                               "roster.callout_allowance")
    comp = {k: float(v) for k, v in values["roster.comp_leave"].items()}
    allowance = {k: float(v) for k, v in values["roster.allowance"].items()}
    rows = reader.rows(
        "SELECT duty_date, role, shift, person_id, COUNT(*) FROM duty_assignment WHERE voided_at IS NULL"
        " AND duty_date BETWEEN ? AND ? GROUP BY duty_date, role, shift, person_id",
        (period.first.isoformat(), period.last.isoformat()))
    names = _names(reader, {r[3] for r in rows})
    people: dict[int, PersonDuties] = {}
    kinds: dict[str, str] = {}
    monthly: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)     # (month, role) -> person -> duties
    for day_text, role, shift, person_id, count in rows:
        kind = kinds.get(day_text)
        if kind is None:
            kind = kinds[day_text] = day_kind(calendar, date.fromisoformat(day_text))
        name, unit, _order = names.get(person_id, ("（已删除）", "", 0))
        person = people.setdefault(person_id, PersonDuties(person_id, name, unit))
        person.by_role_kind[role][kind] += count
        special = calendar.info(date.fromisoformat(day_text)).special
        if special:
            person.special[special] += count
        person.day_parts += count if shift == "day" else 0
        person.night_parts += count if shift == "night" else 0
        monthly[(day_text[:7], role)][person_id] += count
    _add_comp_and_money(reader, period, calendar, people)
    ordered = sorted(people.values(), key=lambda p: (ROLE_ORDER.index(p.roles[0]) if p.roles else 9,
                                                      names.get(p.person_id, ("", "", 0))[2], p.person_id))
    return DutyFigures(period, ordered, holiday_duties(reader, calendar, period.last.year),
                       _spreads(reader, period, monthly), comp, allowance, calendar.warnings(period.first, period.last),
                       float(values["roster.meal_allowance"]), float(values["roster.callout_allowance"]))


def _add_comp_and_money(reader: Store, period: Period, calendar: HolidayCalendar,
                        people: dict[int, PersonDuties]) -> None:
    """补休 and money from the roster area; a person with 补休 left or taken but no duty in the period joins too."""
    balances = comp_balances(reader, period.first, period.last, calendar)
    money = allowances(reader, period.first, period.last, calendar)
    newcomers = {p for p, b in balances.items() if p not in people and (b.opening or b.taken)}
    for person_id, (name, unit, _order) in _names(reader, newcomers).items():
        people[person_id] = PersonDuties(person_id, name, unit)
    for person_id, person in people.items():
        if (balance := balances.get(person_id)) is not None:
            person.comp_opening, person.comp_leave, person.comp_taken = balance.opening, balance.owed, balance.taken
        if (paid := money.get(person_id)) is not None:
            person.allowance, person.meals = paid.duty, paid.meals
            person.callouts, person.callout_pay = paid.callouts, paid.callout_pay


def _names(reader: Store, ids: set[int]) -> dict[int, tuple[str, str, int]]:
    found: dict[int, tuple[str, str, int]] = {}
    chosen = sorted(ids)
    for start in range(0, len(chosen), 500):
        chunk = chosen[start:start + 500]
        for row in reader.rows(
                "SELECT p.id, p.name, coalesce(u.name, ''), p.sort_order FROM person p"
                f" LEFT JOIN org_unit u ON u.id = p.unit_id WHERE p.id IN ({','.join('?' * len(chunk))})", chunk):
            found[row[0]] = (row[1], row[2], row[3])
    return found


def holiday_duties(reader: Store, calendar: HolidayCalendar, until_year: int) -> list[HolidayDuty]:
    """春节 and 国庆 duties of every year up to ``until_year`` that has any, with who stood them again."""
    rows = reader.rows(
        "SELECT a.duty_date, a.role, p.name, COUNT(*) FROM duty_assignment a JOIN person p ON p.id = a.person_id"
        f" WHERE a.voided_at IS NULL AND a.duty_date < ? AND substr(a.duty_date, 6, 2) IN"
        f" ({','.join('?' * len(HOLIDAY_MONTHS))}) GROUP BY a.duty_date, a.role, p.name",
        (f"{until_year + 1}-01-01", *HOLIDAY_MONTHS))
    found: dict[tuple[int, str], HolidayDuty] = {}
    for day_text, role, name, count in rows:
        day = date.fromisoformat(day_text)
        special = calendar.info(day).special
        if not special:
            continue
        item = found.setdefault((day.year, special), HolidayDuty(day.year, special))
        item.by_role[role] += count
        item.people[name] += count
    for (year, holiday), item in found.items():
        before = found.get((year - 1, holiday))
        if before is not None:
            item.again = sorted(set(item.people) & set(before.people), key=lambda n: (-item.people[n], n))
    return [found[key] for key in sorted(found, key=lambda k: (k[0], SPECIAL_HOLIDAYS.index(k[1])))]


def _spreads(reader: Store, period: Period, monthly: dict[tuple[str, str], Counter[int]]) -> list[Spread]:
    """Per month and role: among those who hold the role and serve that month (or stood it that month), the
    fewest and the most duties — 0 for someone who could have stood it and did not."""
    holders: dict[str, list[tuple[int, str | None, str | None]]] = defaultdict(list)
    for person_id, role, join, leave in reader.rows(
            "SELECT r.person_id, r.role, f.join_date, f.leave_date FROM person_duty_role r"
            " JOIN person p ON p.id = r.person_id AND p.voided_at IS NULL AND p.is_staff = 1"
            " LEFT JOIN roster_profile f ON f.person_id = r.person_id"):
        holders[role].append((person_id, join, leave))
    out = []
    for month in period.months():
        first, last = f"{month}-01", month_last(int(month[:4]), int(month[5:])).isoformat()
        for role in ROLE_ORDER:
            counts = Counter(monthly.get((month, role), Counter()))
            for person_id, join, leave in holders.get(role, []):
                if (join is None or join <= last) and (leave is None or leave >= first):
                    counts.setdefault(person_id, 0)
            if not counts or not any(counts.values()):
                continue
            out.append(Spread(month, role, min(counts.values()), max(counts.values()), len(counts),
                              sum(counts.values())))
    return out


def role_label(role: str) -> str:
    return DUTY_ROLES.get(role, role)
