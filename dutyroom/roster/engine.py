"""The roster generator: pure, deterministic, explainable.

1. **Greedy construction.** Cells are filled hardest-first — 春节/国庆 days, other holidays, rest
   days, then workdays; duty roles before standby — each by the eligible person who is free under
   every hard rule and ranks best on (this day type's count, total count, longest distance to their
   nearest duty, list order). Counts include the ledger history, and "nearest duty" includes the
   last published duties, so the rotation continues across months instead of restarting.
2. **Local-search repair.** Moves one cell from an over-served to an under-served person, or swaps
   two people's cells, whenever that lowers the fairness cost (spreads first, then sum of squares)
   without breaking a hard rule.

Hard rules (never broken by a generated cell; pins that break them are kept and reported): the person
may take the role; is not absent, not before joining or after leaving; holds one slot per day; rests
``rest_days[role]`` days after a duty; is not standby on the day of or after their own duty; is not
rostered for overnight duties when marked "no night duty" (a 24-hour 值班长/值班员 duty or a 夜班; the
白班 part of a split officer day is fine); stays within the monthly maximum.

With the officer day/night split on, 白班 and 夜班 are separate cells of the same day: one person still
holds one cell a day, and either part counts as that day's duty for the rest rules. 夜班 counts are
balanced too (the "night" category), over the officers who may take nights.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from dutyroom.duty.roles import ROLE_ORDER, duty_role_label
from dutyroom.roster.calendar import DayInfo
from dutyroom.roster.model import CATEGORIES, CATEGORY_LABELS, Cell, Person, Scenario, shift_order

PINNED_REASON = "固定"
ROTATION_REASON = "轮到"
FAR = 100_000
# Fairness cost weights: a unit of spread outweighs any sum-of-squares gain.
SPREAD_WEIGHT = 10_000
# Repair evaluations allowed: about 2 s for a year on the target PC, and the same moves everywhere.
DEFAULT_EFFORT = 150_000


@dataclass(frozen=True)
class Assignment:
    cell: Cell
    person: str
    reason: str
    pinned: bool = False

    @property
    def day(self) -> date:
        return self.cell.day

    @property
    def role(self) -> str:
        return self.cell.role


@dataclass(frozen=True)
class Uncovered:
    cell: Cell
    why: str


@dataclass
class Solution:
    scenario: Scenario
    assignments: list[Assignment]
    uncovered: list[Uncovered]
    seconds: float = 0.0
    repair_moves: int = 0
    stats: dict[str, int] = field(default_factory=dict)

    def by_cell(self) -> dict[Cell, Assignment]:
        return {a.cell: a for a in self.assignments}


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


def _difficulty(info: DayInfo) -> int:
    return len(categories_of(info)) * -1


class Board:
    """Who holds what on which day, with the hard-rule check both engine and repair use."""

    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.people: dict[str, Person] = {p.id: p for p in scenario.people}
        self.order = {p.id: i for i, p in enumerate(scenario.people)}
        self.infos: dict[date, DayInfo] = {i.day: i for i in scenario.days()}
        self.occupied: dict[str, dict[date, str]] = defaultdict(dict)
        self.month_count: dict[tuple[str, int, int], int] = defaultdict(int)
        self.counts: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        for person, roles in scenario.history.items():
            for role, cats in roles.items():
                for cat, n in cats.items():
                    self.counts[person][role][cat] += n
        self.absent: dict[str, list[tuple[date, date, str]]] = defaultdict(list)
        for absence in scenario.absences:
            self.absent[absence.person].append((absence.start, absence.end, absence.reason))
        self.last_known: dict[str, date] = {}
        for person, last in scenario.last_duty.items():
            self.last_known[person] = max(last.values())
        self.max_rest = max([*scenario.rest_days.values(), 1])
        # Conflicting pins can give a person two roles on one day; the rest rules must see all of them.
        self.roles_on: dict[str, dict[date, list[str]]] = defaultdict(lambda: defaultdict(list))
        for fixed in scenario.fixed:
            self.occupied[fixed.person][fixed.day] = fixed.role
            self.roles_on[fixed.person][fixed.day].append(fixed.role)
        self.holder: dict[Cell, str] = {}

    # -- facts -----------------------------------------------------------------------------------
    def info(self, day: date) -> DayInfo:
        found = self.infos.get(day)
        return found if found is not None else self.s.calendar.info(day)

    def pool(self, role: str) -> list[str]:
        return [p.id for p in self.s.people if role in p.roles]

    def category_pool(self, role: str, category: str, pool: list[str]) -> list[str]:
        """Whom a category's balance is judged over: nights only over those who may take them."""
        if category == "night" and role in self.s.night_roles:
            return [p for p in pool if not self.people[p].no_night]
        return pool

    def absence(self, person: str, day: date) -> str | None:
        p = self.people[person]
        if p.join_date and day < p.join_date:
            return "尚未到岗"
        if p.leave_date and day > p.leave_date:
            return "已调离"
        for start, end, reason in self.absent.get(person, ()):
            if start <= day <= end:
                return reason
        return None

    def monthly_limit(self, person: str) -> int | None:
        own = self.people[person].max_per_month
        return own if own is not None else self.s.max_per_month

    # -- the hard rules --------------------------------------------------------------------------
    def conflict(self, person: str, day: date, role: str, shift: str = "full") -> str | None:
        """Why ``person`` cannot take ``role`` (the ``shift`` part) on ``day`` given everything placed so far
        (None: free)."""
        p = self.people[person]
        if role not in p.roles:
            return f"不能担任{duty_role_label(role)}"
        away = self.absence(person, day)
        if away:
            return away
        if p.no_night and role in self.s.night_roles and shift != "day":
            return "不值夜班"
        mine = self.occupied.get(person)
        if mine:
            if day in mine:
                return f"当日已任{duty_role_label(mine[day])}"
            held = self.roles_on.get(person, {})
            for offset in range(1, self.max_rest + 1):
                earlier = day - timedelta(days=offset)
                before = set(held.get(earlier, ()))
                if before:
                    if offset <= max(self.s.rest_days.get(r, 0) for r in before):
                        return "前一日值班需休息" if offset == 1 else f"{offset}天前值班需休息"
                    if offset == 1 and role == "standby" and before != {"standby"}:
                        return "前一日值班，不安排备勤"
                later = day + timedelta(days=offset)
                after = set(held.get(later, ()))
                if after:
                    if offset <= self.s.rest_days.get(role, 0):
                        shown = mine.get(later) or sorted(after)[0]
                        return f"{offset}天后已排{duty_role_label(shown)}，需间隔休息"
                    if offset == 1 and "standby" in after and role != "standby":
                        return "次日已排备勤"
        limit = self.monthly_limit(person)
        if limit is not None and self.month_count[(person, day.year, day.month)] >= limit:
            return f"本月值班已达上限（{limit}次）"
        return None

    # -- changes ---------------------------------------------------------------------------------
    def place(self, cell: Cell, person: str) -> None:
        self.holder[cell] = person
        self.occupied[person][cell.day] = cell.role
        self.roles_on[person][cell.day].append(cell.role)
        self.month_count[(person, cell.day.year, cell.day.month)] += 1
        for cat in cell_categories(self.info(cell.day), cell.shift):
            self.counts[person][cell.role][cat] += 1

    def remove(self, cell: Cell) -> str:
        person = self.holder.pop(cell)
        del self.occupied[person][cell.day]
        held = self.roles_on[person][cell.day]
        held.remove(cell.role)
        if held:
            self.occupied[person][cell.day] = held[-1]
        else:
            del self.roles_on[person][cell.day]
        self.month_count[(person, cell.day.year, cell.day.month)] -= 1
        for cat in cell_categories(self.info(cell.day), cell.shift):
            self.counts[person][cell.role][cat] -= 1
        return person

    # -- ranking ---------------------------------------------------------------------------------
    def gap(self, person: str, day: date) -> int:
        """Days to this person's nearest other duty (published or planned), both directions."""
        nearest = FAR
        last = self.last_known.get(person)
        if last is not None and last < day:
            nearest = (day - last).days
        for other in self.occupied.get(person, {}):
            distance = abs((other - day).days)
            if 0 < distance < nearest:
                nearest = distance
        return nearest

    def rank(self, person: str, cell: Cell, cats: tuple[str, ...]) -> tuple:
        counts = self.counts[person][cell.role]
        # A 白班 goes preferably to whoever has had more nights, leaving nights to those with fewer.
        nights = -counts["night"] if cell.shift == "day" else 0
        return (*(counts[c] for c in cats), nights, -self.gap(person, cell.day), self.order[person])

    # -- fairness cost ---------------------------------------------------------------------------
    def total_cost(self) -> int:
        return sum(self.role_cost(role, self.pool(role)) for role in ROLE_ORDER)

    def role_cost(self, role: str, pool: list[str]) -> int:
        cost = 0
        for cat in CATEGORIES:
            values = [self.counts[p][role][cat] for p in self.category_pool(role, cat, pool)]
            if values:
                cost += SPREAD_WEIGHT * (max(values) - min(values)) + sum(v * v for v in values)
        return cost


def solve(scenario: Scenario, *, effort: int = DEFAULT_EFFORT) -> Solution:
    """A complete roster for the scenario's period (same input, same output).

    Hardest-first filling balances holiday and rest-day duty best; when a tight pool leaves gaps that
    way, the chronological order (a plain rotation, which rarely paints itself into a corner) is
    tried too and the better of the two — fewer gaps, then fairer — is kept.
    """
    started = time.perf_counter()
    best = _construct(scenario, hardest_first=True, effort=effort)
    if best[1]:
        other = _construct(scenario, hardest_first=False, effort=effort)
        if (len(other[1]), other[0].total_cost()) < (len(best[1]), best[0].total_cost()):
            best = other
    board, uncovered, reasons, pinned, moves = best
    assignments = [Assignment(cell, person, reasons[cell], cell in pinned)
                   for cell, person in sorted(board.holder.items(), key=lambda item: _cell_key(item[0]))]
    return Solution(scenario, assignments, sorted(uncovered, key=lambda u: _cell_key(u.cell)),
                    time.perf_counter() - started, moves, {"cells": len(board.holder) + len(uncovered),
                                                           "pins": len(pinned)})


def _construct(scenario: Scenario, *, hardest_first: bool, effort: int) -> tuple:
    board = Board(scenario)
    reasons: dict[Cell, str] = {}
    pinned: set[Cell] = set()
    for pin in scenario.pins:
        board.place(pin.cell, pin.person)
        reasons[pin.cell] = PINNED_REASON
        pinned.add(pin.cell)

    def priority(cell: Cell) -> tuple:
        difficulty = _difficulty(board.info(cell.day)) if hardest_first else 0
        # 夜班 before 白班: fewer people may take a night.
        return (cell.role == "standby", difficulty, cell.day, ROLE_ORDER.index(cell.role), cell.shift != "night",
                cell.index)

    open_cells = sorted((c for c in scenario.cells() if c not in pinned), key=priority)
    pools = {role: board.pool(role) for role in ROLE_ORDER}
    uncovered: list[Uncovered] = []
    for cell in open_cells:
        chosen, reason = _pick(board, cell, pools[cell.role])
        if chosen is None:
            uncovered.append(Uncovered(cell, reason))
        else:
            board.place(cell, chosen)
            reasons[cell] = reason
    uncovered = _fill_gaps(board, uncovered, pools, pinned, reasons)
    moves = _repair(board, pools, pinned, reasons, _Effort(effort))
    uncovered = _fill_gaps(board, uncovered, pools, pinned, reasons)
    return board, uncovered, reasons, pinned, moves


def _fill_gaps(board: Board, uncovered: list[Uncovered], pools: dict[str, list[str]], pinned: set[Cell],
               reasons: dict[Cell, str]) -> list[Uncovered]:
    """Cover what is still empty: directly, or by moving one neighbouring duty to someone else."""
    still = []
    for gap in uncovered:
        cell = gap.cell
        chosen, reason = _pick(board, cell, pools[cell.role])
        if chosen is not None:
            board.place(cell, chosen)
            reasons[cell] = reason
        elif not _eject(board, cell, pools, pinned, reasons):
            still.append(gap)
    return still


def _eject(board: Board, cell: Cell, pools: dict[str, list[str]], pinned: set[Cell],
           reasons: dict[Cell, str]) -> bool:
    """Give ``cell`` to someone whose nearby duty then goes to a third person (an ejection chain of one)."""
    for person in pools[cell.role]:
        if board.absence(person, cell.day) or cell.role not in board.people[person].roles:
            continue
        nearby = sorted((c for c, holder in board.holder.items() if holder == person and c not in pinned
                         and abs((c.day - cell.day).days) <= board.max_rest + 1), key=_cell_key)
        for other in nearby:
            board.remove(other)
            if board.conflict(person, cell.day, cell.role, cell.shift) is None:
                board.place(cell, person)
                replacement, _ = _pick(board, other, pools[other.role])
                if replacement is not None:
                    board.place(other, replacement)
                    reasons[cell] = "补缺调整"
                    reasons[other] = "补缺调整"
                    return True
                board.remove(cell)
            board.place(other, person)
    return False


def _cell_key(cell: Cell) -> tuple:
    return (cell.day, ROLE_ORDER.index(cell.role), shift_order(cell.shift), cell.index)


def _pick(board: Board, cell: Cell, pool: list[str]) -> tuple[str | None, str]:
    info = board.info(cell.day)
    cats = cell_categories(info, cell.shift)
    free: list[tuple[tuple, str]] = []
    blocked: dict[str, str] = {}
    for person in pool:
        why = board.conflict(person, cell.day, cell.role, cell.shift)
        if why is None:
            free.append((board.rank(person, cell, cats), person))
        else:
            blocked[person] = why
    if not free:
        names = "、".join(f"{board.people[p].name}（{w}）" for p, w in list(blocked.items())[:4])
        more = "等" if len(blocked) > 4 else ""
        return None, f"无可用人员：{names}{more}" if names else "没有可担任该岗位的人员"
    free.sort()
    chosen = free[0][1]
    return chosen, _reason(board, cell, cats, chosen, pool, blocked)


def _reason(board: Board, cell: Cell, cats: tuple[str, ...], chosen: str, pool: list[str],
            blocked: dict[str, str]) -> str:
    """Why this person: their turn, or the day type they have served least, or who was skipped."""
    # The plain rotation's choice: fewest duties in total, then longest since their last duty.
    natural = min(pool, key=lambda p: (board.counts[p][cell.role]["total"], -board.gap(p, cell.day),
                                       board.order[p]))
    if natural == chosen:
        return ROTATION_REASON
    if natural in blocked:
        why = blocked[natural]
        name = board.people[natural].name
        if why.startswith("前一日值班需休息"):
            return f"{name}前一日值班需休息，顺延"
        return f"{name}{why}，顺延"
    if len(cats) > 1:
        return f"{CATEGORY_LABELS[cats[0]]}最少"
    return ROTATION_REASON


class _Effort:
    """A deterministic budget for the repair search (counted evaluations, never wall-clock time)."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _repair(board: Board, pools: dict[str, list[str]], pinned: set[Cell], reasons: dict[Cell, str],
            effort: _Effort) -> int:
    moves = 0
    improved = True
    while improved and effort.left > 0:
        improved = False
        for role in ROLE_ORDER:
            pool = [p for p in pools[role] if _serves_in_period(board, p)]
            if len(pool) < 2:
                continue
            while effort.left > 0:
                step = _best_step(board, role, pool, pinned, effort)
                if step is None:
                    break
                _apply_step(board, step, reasons)
                moves += 1
                improved = True
    return moves


def _serves_in_period(board: Board, person: str) -> bool:
    p = board.people[person]
    return not ((p.join_date and p.join_date > board.s.last) or (p.leave_date and p.leave_date < board.s.first))


def _cells_of(board: Board, person: str, role: str, pinned: set[Cell]) -> list[Cell]:
    return sorted((cell for cell, holder in board.holder.items()
                   if holder == person and cell.role == role and cell not in pinned), key=_cell_key)


def _best_step(board: Board, role: str, pool: list[str], pinned: set[Cell], effort: _Effort) -> tuple | None:
    """The first move that lowers the role's fairness cost, trying the most unbalanced pairs first.

    With every spread at most 1 the sum of squares is already minimal, so only categories whose
    spread is 2 or more are searched.
    """
    base = board.role_cost(role, pool)
    for cat in CATEGORIES:
        judged = board.category_pool(role, cat, pool)
        if len(judged) < 2:
            continue
        values = {p: board.counts[p][role][cat] for p in judged}
        lowest = min(values.values())
        if max(values.values()) - lowest <= 1:
            continue
        high = sorted(judged, key=lambda p: (-values[p], board.order[p]))
        low = sorted(judged, key=lambda p: (values[p], board.order[p]))
        for a in high:
            if values[a] - lowest <= 1:
                break
            mine = [c for c in _cells_of(board, a, role, pinned)
                    if cat in cell_categories(board.info(c.day), c.shift)]
            for b in low:
                if values[a] - values[b] <= 1:
                    break
                for cell in mine:
                    if not effort.spend():
                        return None
                    if _try_move(board, cell, b, role, pool, base):
                        return ("move", cell, b, cat)
                theirs = [c for c in _cells_of(board, b, role, pinned)
                          if cat not in cell_categories(board.info(c.day), c.shift)]
                for cell in mine:
                    for other in theirs:
                        if not effort.spend():
                            return None
                        if _try_swap(board, cell, other, role, pool, base):
                            return ("swap", cell, other, cat)
    return None


def _try_move(board: Board, cell: Cell, to: str, role: str, pool: list[str], base: int) -> bool:
    original = board.remove(cell)
    ok = board.conflict(to, cell.day, role, cell.shift) is None
    if ok:
        board.place(cell, to)
        ok = board.role_cost(role, pool) < base
        board.remove(cell)
    board.place(cell, original)
    return ok


def _try_swap(board: Board, first: Cell, second: Cell, role: str, pool: list[str], base: int) -> bool:
    if first.day == second.day and first.shift == second.shift:
        return False
    a, b = board.remove(first), board.remove(second)
    ok = False
    if board.conflict(a, second.day, role, second.shift) is None:
        board.place(second, a)
        if board.conflict(b, first.day, role, first.shift) is None:
            board.place(first, b)
            ok = board.role_cost(role, pool) < base
            board.remove(first)
        board.remove(second)
    board.place(first, a)
    board.place(second, b)
    return ok


def _apply_step(board: Board, step: tuple, reasons: dict[Cell, str]) -> None:
    kind, cell, target, cat = step
    why = f"均衡调整（{CATEGORY_LABELS[cat]}）"
    if kind == "move":
        board.remove(cell)
        board.place(cell, target)
        reasons[cell] = why
    else:
        a, b = board.remove(cell), board.remove(target)
        board.place(target, a)
        board.place(cell, b)
        reasons[cell] = reasons[target] = why


def round_robin(scenario: Scenario) -> Solution:
    """The naive baseline the benchmark compares with: one cursor per role, day by day, skipping
    whoever breaks a hard rule; no history, no day types, no repair."""
    started = time.perf_counter()
    board = Board(scenario)
    pinned = set()
    for pin in scenario.pins:
        board.place(pin.cell, pin.person)
        pinned.add(pin.cell)
    cursor = {role: 0 for role in ROLE_ORDER}
    uncovered = []
    for cell in sorted((c for c in scenario.cells() if c not in pinned),
                       key=lambda c: (c.day, c.role == "standby", ROLE_ORDER.index(c.role), shift_order(c.shift),
                                      c.index)):
        pool = board.pool(cell.role)
        for step in range(len(pool)):
            person = pool[(cursor[cell.role] + step) % len(pool)]
            if board.conflict(person, cell.day, cell.role, cell.shift) is None:
                board.place(cell, person)
                cursor[cell.role] = (cursor[cell.role] + step + 1) % len(pool)
                break
        else:
            uncovered.append(Uncovered(cell, "无可用人员"))
    assignments = [Assignment(cell, person, ROTATION_REASON, cell in pinned)
                   for cell, person in sorted(board.holder.items(), key=lambda item: _cell_key(item[0]))]
    return Solution(scenario, assignments, uncovered, time.perf_counter() - started)
