"""The fairness ledger: per person and role, how many duties in total, on rest days and on holidays
(春节 and 国庆 on their own) and 夜班 (the night part of a split officer day), read from the duties
actually in force — across months and years.

Totals, rest-day and holiday counts look back ``roster.ledger_months``; 春节 and 国庆 look back over
all history, so last year's 春节 person is not picked again. Someone who joined inside the window is
credited the role's average for the time before they came, so a newcomer is not made to "catch up".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from dutyroom import settings
from dutyroom.roster.calendar import HolidayCalendar
from dutyroom.roster.fairness import cell_categories
from dutyroom.roster.model import CATEGORIES
from dutyroom.roster.staff import roster_people
from dutyroom.store import Store

SPECIAL = ("春节", "国庆节")


@dataclass
class Ledger:
    counts: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)   # person -> role -> cat -> n
    last: dict[str, dict[str, date]] = field(default_factory=dict)               # person -> role -> last duty
    window_start: date | None = None


def window_start(before: date, months: int) -> date:
    year, month = before.year, before.month - months
    while month <= 0:
        month += 12
        year -= 1
    return date(year, month, 1) if before.day == 1 else before - timedelta(days=round(months * 30.44))


def build_ledger(store: Store, before: date, calendar: HolidayCalendar, *, months: int | None = None) -> Ledger:
    months = months or int(settings.get(store, "roster.ledger_months"))
    start = window_start(before, months)
    counts: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    last: dict[str, dict[str, date]] = defaultdict(dict)
    for row in store.rows("SELECT duty_date, role, person_id, shift FROM duty_assignment WHERE voided_at IS NULL"
                          " AND duty_date < ? ORDER BY duty_date", (before.isoformat(),)):
        day, person, role = date.fromisoformat(row[0]), str(row[2]), row[1]
        last[person][role] = day
        for cat in cell_categories(calendar.info(day), row[3]):
            if cat in SPECIAL or day >= start:
                counts[person][role][cat] += 1
    _credit_newcomers(store, counts, start, before)
    return Ledger({p: {r: dict(c) for r, c in roles.items()} for p, roles in counts.items()}, dict(last), start)


def _credit_newcomers(store: Store, counts: dict, start: date, before: date) -> None:
    people = roster_people(store)
    joined = {p.id: p.join_date for p in people if p.join_date is not None and p.join_date > start}
    if not joined:
        return
    span = max(1, (before - start).days)
    roles_of = {p.id: p.roles for p in people}
    for role in ("leader", "chief", "officer", "standby"):
        veterans = [p for p, roles in roles_of.items() if role in roles and p not in joined]
        if not veterans:
            continue
        for cat in CATEGORIES:
            if cat in SPECIAL:
                continue
            average = sum(counts[p][role][cat] for p in veterans) / len(veterans)
            for person, day in joined.items():
                if role in roles_of[person]:
                    missing = min(span, (day - start).days)
                    counts[person][role][cat] += int(average * missing / span)
