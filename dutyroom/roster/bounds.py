"""A lower bound on every spread the engine minimises — so that reaching it proves the optimum.

For one role and category, drop every rule that ties people together and keep, per person, only what
they alone could hold: at most the number of that category's days they can take with the role's rest
between them (and their monthly maximum), at least their pins. The smallest spread those counts allow
(with every open cell of the category covered) is a lower bound on the spread of any complete roster;
the sum over ``fairness.judged`` bounds the sum of spreads. When the engine's roster meets it, no roster
is fairer and the search stops.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from dutyroom.roster.fairness import cell_categories, judged
from dutyroom.roster.model import Cell, Person, Scenario


def spread_floor(base: list[int], cap: list[int], cells: int) -> int:
    """Smallest max − min of base[i] + x[i] with 0 ≤ x[i] ≤ cap[i] and Σx = cells (0 if impossible)."""
    if not base:
        return 0
    if cells > sum(cap):
        return 0      # the cells cannot all be covered: no complete roster to bound
    best: int | None = None
    lowest_reach = min(b + c for b, c in zip(base, cap, strict=True))
    for low in range(min(base), lowest_reach + 1):
        need = sum(max(0, low - b) for b in base)
        if need > cells:
            break
        start = max(max(base), low)

        def room(high: int) -> int:
            return sum(min(c, max(0, high - b)) for b, c in zip(base, cap, strict=True))

        top = max(b + c for b, c in zip(base, cap, strict=True))
        if room(top) < cells:
            continue
        lo_h, hi_h = start, top
        while lo_h < hi_h:
            mid = (lo_h + hi_h) // 2
            if room(mid) >= cells:
                hi_h = mid
            else:
                lo_h = mid + 1
        if best is None or lo_h - low < best:
            best = lo_h - low
    return best or 0


def _capacity(days: list[date], gap: int, month_limit: int | None) -> int:
    """Most of these days one person can take with ``gap`` days between duties (earliest first is optimal)."""
    taken, last = 0, None
    per_month: dict[tuple[int, int], int] = defaultdict(int)
    for day in days:
        if last is not None and (day - last).days <= gap:
            continue
        if month_limit is not None and per_month[(day.year, day.month)] >= month_limit:
            continue
        taken += 1
        last = day
        per_month[(day.year, day.month)] += 1
    return taken


def _free_days(scenario: Scenario, person: Person, blocked: set[date]) -> set[date]:
    out = set()
    for info in scenario.days():
        day = info.day
        if person.join_date and day < person.join_date or person.leave_date and day > person.leave_date:
            continue
        if day in blocked:
            continue
        out.add(day)
    for absence in scenario.absences:
        if absence.person == person.id:
            out -= {absence.start + timedelta(days=n) for n in range((absence.end - absence.start).days + 1)}
    return out


def _may_hold(scenario: Scenario, person: Person, cell: Cell) -> bool:
    if cell.role not in person.roles or (person.no_night and scenario.is_night(cell)):
        return False
    if person.join_date and cell.day < person.join_date or person.leave_date and cell.day > person.leave_date:
        return False
    return not any(a.person == person.id and a.start <= cell.day <= a.end for a in scenario.absences)


def lower_bounds(scenario: Scenario, *, empty: int = 0) -> dict[tuple[str, str], int]:
    """(role, category) → a lower bound on its spread over every roster that covers every cell someone may
    hold (cells nobody may ever hold — no one eligible, available and allowed at night — stay empty), or
    all of them but ``empty`` cells (then each category may lack up to that many)."""
    infos = {i.day: i for i in scenario.days()}
    people = {p.id: p for p in scenario.people}
    pinned = {pin.cell: pin.person for pin in scenario.pins}
    # Days a person cannot take a generated duty on: their pins and published duties, and the rest after them
    # (the rest a generated duty needs before a pin depends on its role: added per role below).
    blocked: dict[str, set[date]] = defaultdict(set)
    pin_days: dict[str, set[date]] = defaultdict(set)
    for cell, pid in pinned.items():
        pin_days[pid].add(cell.day)
        for offset in range(0, scenario.rest_days.get(cell.role, 0) + 1):
            blocked[pid].add(cell.day + timedelta(days=offset))
    for fixed in scenario.fixed:
        for offset in range(0, scenario.rest_days.get(fixed.role, 0) + 1):
            blocked[fixed.person].add(fixed.day + timedelta(days=offset))
    open_cells: dict[tuple[str, str], list[Cell]] = defaultdict(list)
    for cell in scenario.cells():
        if cell in pinned or not any(_may_hold(scenario, p, cell) for p in scenario.people):
            continue        # pinned, or a cell nobody may ever hold: no roster covers it
        for cat in cell_categories(infos[cell.day], cell.shift):
            open_cells[(cell.role, cat)].append(cell)
    free_cache: dict[str, set[date]] = {}
    out = {}
    for item in judged(scenario):
        cells = open_cells.get((item.role, item.category), [])
        base, cap = [], []
        for pid in item.pool:
            person = people[pid]
            count = scenario.history.get(pid, {}).get(item.role, {}).get(item.category, 0)
            count += sum(1 for cell, who in pinned.items() if who == pid and cell.role == item.role
                         and item.category in cell_categories(infos[cell.day], cell.shift))
            base.append(count)
            if pid not in free_cache:
                free_cache[pid] = _free_days(scenario, person, blocked.get(pid, set()))
            before_pins = {d - timedelta(days=n) for d in pin_days.get(pid, ())
                           for n in range(1, scenario.rest_days.get(item.role, 0) + 1)}
            free = free_cache[pid] - before_pins
            days = sorted({c.day for c in cells if c.day in free
                           and not (person.no_night and scenario.is_night(c))})
            limit = person.max_per_month if person.max_per_month is not None else scenario.max_per_month
            cap.append(_capacity(days, scenario.rest_days.get(item.role, 0), limit))
        out[(item.role, item.category)] = min(spread_floor(base, cap, n)
                                              for n in range(max(0, len(cells) - empty), len(cells) + 1))
    return out
