"""What fairness is judged on — one definition for the engine, the quality report and the exact check.

Per role, each ledger category (总数, 休息日, 节假日, 春节, 国庆, 夜班) has a *spread*: the most duties any
eligible person has minus the fewest, history included. Eligible: may take the role and serves at some
point in the period; 夜班 only over those without "no night duty", and only where the period has 夜班
cells; 春节/国庆 only where the period has such days or someone already has one in the ledger. The
fairness of a roster is the sum of these spreads; the engine minimises it and the benchmark proves its
optimum with an exact solver on the very same list.
"""

from __future__ import annotations

from dataclasses import dataclass

from dutyroom.duty.roles import ROLE_ORDER
from dutyroom.roster.calendar import DayInfo
from dutyroom.roster.model import CATEGORIES, Person, Scenario

SPECIAL_CATEGORIES = ("春节", "国庆节")


def categories_of(info: DayInfo) -> tuple[str, ...]:
    """Most specific first: ('春节', 'holiday', 'total'), ('weekend', 'total'), ('total',)."""
    if info.is_holiday:
        return (info.special, "holiday", "total") if info.special else ("holiday", "total")
    if info.kind == "weekend":
        return ("weekend", "total")
    return ("total",)


def cell_categories(info: DayInfo, shift: str) -> tuple[str, ...]:
    """A cell's ledger categories: its day's, with "night" before "total" for a 夜班."""
    cats = categories_of(info)
    return (*cats[:-1], "night", cats[-1]) if shift == "night" else cats


def serves(person: Person, scenario: Scenario) -> bool:
    """Whether the person is on the staff at some point of the period."""
    return not ((person.join_date and person.join_date > scenario.last)
                or (person.leave_date and person.leave_date < scenario.first))


@dataclass(frozen=True)
class Judged:
    """One spread that counts: a role, a category and the people it is judged over (in list order)."""

    role: str
    category: str
    pool: tuple[str, ...]


def judged(scenario: Scenario) -> list[Judged]:
    """Every (role, category) whose spread the quality report shows and the engine minimises."""
    cells = scenario.cells()
    used_roles = {c.role for c in cells}
    night_roles = {c.role for c in cells if c.shift == "night"}
    present = {cat for info in scenario.days() for cat in categories_of(info)}
    out = []
    for role in ROLE_ORDER:
        pool = [p for p in scenario.people if role in p.roles and serves(p, scenario)]
        if role not in used_roles or not pool:
            continue
        for cat in CATEGORIES:
            if cat == "night":
                nights = tuple(p.id for p in pool if not p.no_night)
                if role in night_roles and nights:
                    out.append(Judged(role, cat, nights))
                continue
            if cat in SPECIAL_CATEGORIES and cat not in present and not any(
                    scenario.history.get(p.id, {}).get(role, {}).get(cat, 0) for p in pool):
                continue
            out.append(Judged(role, cat, tuple(p.id for p in pool)))
    return out
