"""The roster generator: pure, deterministic, explainable.

1. **Greedy construction.** Cells are filled in three orders (hardest days first — 春节/国庆, other
   holidays, rest days, then workdays — with all roles of a day together; the same with standby after
   all duty roles; chronologically with standby last), each by the eligible person who is free under
   every hard rule and ranks best on (this day type's count, total count, their wishes, longest distance
   to their nearest duty, list order). Counts include the ledger history, and "nearest duty" includes
   the last published duties, so the rotation continues across months instead of restarting.
2. **Search to the optimum** (``search.py``): the best start is improved — cover every cell that can be
   covered, then the smallest sum of spreads (``fairness.judged``), then the fewest broken wishes —
   until the sum meets its lower bound (``bounds.py``: the roster is then provably the fairest) or the
   counted budget is spent.

Hard rules (never broken by a generated cell; pins that break them are kept and reported): the person
may take the role; is not absent, not before joining or after leaving; holds one slot per day; rests
``rest_days[role]`` days after a duty; is not standby on the day of or after their own duty; is not
rostered for overnight duties when marked "no night duty" (a 24-hour 值班长/值班员 duty or a 夜班; the
白班 part of a split officer day is fine); stays within the monthly maximum; is never on duty at the same
time as someone they are kept apart from (``pairs_apart``); and, when new (``new_officers``), never on a
shift whose 值班长 and 值班员 are all new.

Wishes are soft: fairness first, then wishes (by weight). A broken wish is named in its cell's reason
with what honouring it would have cost; a wish that made the rotation skip someone is named in the
reason of the cell that went to the next person.

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
from dutyroom.roster.bounds import lower_bounds
from dutyroom.roster.calendar import DayInfo
from dutyroom.roster.fairness import categories_of, cell_categories
from dutyroom.roster.model import (
    CATEGORY_LABELS,
    TEAM_ROLES,
    Cell,
    Person,
    Scenario,
    Wish,
    overlap,
    shift_order,
    slot_label,
    team_parts,
)
from dutyroom.roster.search import Effort, Search

__all__ = ["Assignment", "Board", "BrokenWish", "Solution", "Uncovered", "categories_of", "cell_categories",
           "round_robin", "solve", "uncovered_warning"]

PINNED_REASON = "固定"
ROTATION_REASON = "轮到"
FAR = 100_000
ORDERS = ("hardest", "standby_last", "chronological")
# Search effort per cell to fill (counted work, never time: the same roster on every PC). A search whose
# fairness meets the lower bound stops long before; one that cannot prove it spends the whole budget.
EFFORT_PER_CELL = 500
MIN_EFFORT = 60_000


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


@dataclass(frozen=True)
class BrokenWish:
    """A duty on a day its holder wished to avoid, and what honouring the wish would have cost."""

    person: str
    name: str
    cell: Cell
    wish: str              # "周五不值班"
    weight: int
    cost: int | None       # rise in the sum of spreads of the cheapest way out; None: no way under the rules
    why: str               # "无其他可排人员" / "调开将使公平差值合计增加1" / "固定安排"

    @property
    def line(self) -> str:
        """"12月4日 王五（周五不值班）：调开将使公平差值合计增加1"."""
        return f"{self.cell.day.month}月{self.cell.day.day}日 {self.name}（{self.wish}）：{self.why}"

    def as_dict(self) -> dict[str, object]:
        return {"person": self.person, "name": self.name, "date": self.cell.day.isoformat(), "slot": self.cell.role,
                "index": self.cell.index, "shift": self.cell.shift, "wish": self.wish, "weight": self.weight,
                "cost": self.cost, "why": self.why}


@dataclass
class Solution:
    scenario: Scenario
    assignments: list[Assignment]
    uncovered: list[Uncovered]
    seconds: float = 0.0
    repair_moves: int = 0
    stats: dict[str, int] = field(default_factory=dict)
    wishes_broken: list[BrokenWish] = field(default_factory=list)
    spread_sum: int | None = None        # the engine's own figure (the quality report recomputes it)
    lower_bound: int | None = None       # no complete roster has a smaller sum of spreads
    optimal: bool = False                # the bound is met: no roster is fairer

    def by_cell(self) -> dict[Cell, Assignment]:
        return {a.cell: a for a in self.assignments}

    def uncovered_warnings(self) -> list[str]:
        """Every empty slot as one plain sentence: date, slot, why nobody fits."""
        return [uncovered_warning(self.scenario, gap) for gap in self.uncovered]


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
        self._steps = [timedelta(days=n) for n in range(self.max_rest + 1)]   # the rest rules' offsets, made once
        self.partners: dict[str, list[str]] = defaultdict(list)
        for first, second in scenario.pairs_apart:
            self.partners[first].append(second)
            self.partners[second].append(first)
        self.new = scenario.new_officers
        self.wishes: dict[str, list[Wish]] = defaultdict(list)
        for wish in scenario.wishes:
            self.wishes[wish.person].append(wish)
        # Conflicting pins can give a person two cells on one day; the rest rules must see all of them.
        self.cells_on: dict[str, dict[date, list[Cell]]] = defaultdict(lambda: defaultdict(list))
        self.on_day: dict[date, dict[Cell, str]] = defaultdict(dict)
        for fixed in scenario.fixed:
            self.occupied[fixed.person][fixed.day] = fixed.role
            self.cells_on[fixed.person][fixed.day].append(Cell(fixed.day, fixed.role, 0))
        self.holder: dict[Cell, str] = {}
        self._cats: dict[tuple[date, str], tuple[str, ...]] = {}
        self._away: dict[tuple[str, date], str | None] = {}

    # -- facts -----------------------------------------------------------------------------------
    def info(self, day: date) -> DayInfo:
        found = self.infos.get(day)
        return found if found is not None else self.s.calendar.info(day)

    def categories(self, cell: Cell) -> tuple[str, ...]:
        key = (cell.day, cell.shift)
        found = self._cats.get(key)
        if found is None:
            found = self._cats[key] = cell_categories(self.info(cell.day), cell.shift)
        return found

    def pool(self, role: str) -> list[str]:
        return [p.id for p in self.s.people if role in p.roles]

    def absence(self, person: str, day: date) -> str | None:
        key = (person, day)
        if key in self._away:
            return self._away[key]
        found = None
        p = self.people[person]
        if p.join_date and day < p.join_date:
            found = "尚未到岗"
        elif p.leave_date and day > p.leave_date:
            found = "已调离"
        else:
            for start, end, reason in self.absent.get(person, ()):
                if start <= day <= end:
                    found = reason
                    break
        self._away[key] = found
        return found

    def monthly_limit(self, person: str) -> int | None:
        own = self.people[person].max_per_month
        return own if own is not None else self.s.max_per_month

    def wish_on(self, person: str, day: date) -> Wish | None:
        """The weightiest wish of the person against this day (None: they do not mind)."""
        found = [w for w in self.wishes.get(person, ()) if w.covers(day)]
        return max(found, key=lambda w: w.weight) if found else None

    def wish_cost(self, person: str, day: date) -> int:
        wish = self.wish_on(person, day) if person in self.wishes else None
        return wish.weight if wish else 0

    # -- the hard rules --------------------------------------------------------------------------
    def conflict(self, person: str, day: date, role: str, shift: str = "full", *, team: bool = True) -> str | None:
        """Why ``person`` cannot take ``role`` (the ``shift`` part) on ``day`` given everything placed so far
        (None: free)."""
        found = self.blocker(person, day, role, shift, team=team)
        return found[1] if found else None

    def blocker(self, person: str, day: date, role: str, shift: str = "full", *,
                team: bool = True) -> tuple[str, str] | None:
        """(kind, why) of the first hard rule that keeps ``person`` from the cell, None when free.

        Kinds: role, away (the absence's own word), joined, left, no_night, same_day, rest, monthly, apart, new.
        With ``team`` a new person also needs an experienced colleague already on that part of the day
        (the search checks whole teams after a change instead).
        """
        p = self.people[person]
        if role not in p.roles:
            return "role", f"不能担任{duty_role_label(role)}"
        away = self.absence(person, day)
        if away:
            return {"尚未到岗": "joined", "已调离": "left"}.get(away, "away"), away
        if p.no_night and role in self.s.night_roles and shift != "day":
            return "no_night", "不值夜班"
        mine = self.cells_on.get(person)
        if mine:
            if mine.get(day):
                return "same_day", f"当日已任{duty_role_label(mine[day][-1].role)}"
            for offset in range(1, self.max_rest + 1):
                step = self._steps[offset]
                earlier = mine.get(day - step)
                if earlier:
                    before = {c.role for c in earlier}
                    if offset <= max(self.s.rest_days.get(r, 0) for r in before):
                        return "rest", "前一日值班需休息" if offset == 1 else f"{offset}天前值班需休息"
                    if offset == 1 and role == "standby" and before != {"standby"}:
                        return "rest", "前一日值班，不安排备勤"
                later = mine.get(day + step)
                if later:
                    after = {c.role for c in later}
                    if offset <= self.s.rest_days.get(role, 0):
                        return "rest", f"{offset}天后已排{duty_role_label(later[0].role)}，需间隔休息"
                    if offset == 1 and "standby" in after and role != "standby":
                        return "rest", "次日已排备勤"
        limit = self.monthly_limit(person)
        if limit is not None and self.month_count[(person, day.year, day.month)] >= limit:
            return "monthly", f"本月值班已达上限（{limit}次）"
        if person in self.partners:
            cell = Cell(day, role, 0, shift)
            for partner in self.partners[person]:
                if any(overlap(cell, other) for other in self.cells_on.get(partner, {}).get(day, ())):
                    return "apart", f"与{self.people[partner].name}不同班"
        if team and person in self.new and role in TEAM_ROLES:
            for part in team_parts(Cell(day, role, 0, shift)):
                if not self.experienced_on(day, part):
                    return "new", "新人需与有经验人员同班"
        return None

    def team(self, day: date, part: str) -> list[str]:
        """Who holds the 值班长 and 值班员 cells on duty in that part of the day."""
        return [person for cell, person in self.on_day.get(day, {}).items() if part in team_parts(cell)]

    def experienced_on(self, day: date, part: str) -> bool:
        return any(person not in self.new for person in self.team(day, part))

    def team_ok(self, day: date, part: str) -> bool:
        """The new-officer rule: a team with a new person in it also has an experienced one."""
        members = self.team(day, part)
        return not any(m in self.new for m in members) or any(m not in self.new for m in members)

    # -- changes ---------------------------------------------------------------------------------
    def place(self, cell: Cell, person: str) -> None:
        self.holder[cell] = person
        self.occupied[person][cell.day] = cell.role
        self.cells_on[person][cell.day].append(cell)
        self.on_day[cell.day][cell] = person
        self.month_count[(person, cell.day.year, cell.day.month)] += 1
        counts = self.counts[person][cell.role]
        for cat in self.categories(cell):
            counts[cat] += 1

    def remove(self, cell: Cell) -> str:
        person = self.holder.pop(cell)
        del self.on_day[cell.day][cell]
        held = self.cells_on[person][cell.day]
        held.remove(cell)
        if held:
            self.occupied[person][cell.day] = held[-1].role
        else:
            del self.occupied[person][cell.day]
            del self.cells_on[person][cell.day]
        self.month_count[(person, cell.day.year, cell.day.month)] -= 1
        counts = self.counts[person][cell.role]
        for cat in self.categories(cell):
            counts[cat] -= 1
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
        """Fairness first (this cell's category counts), then the person's wishes, then the rotation."""
        counts = self.counts[person][cell.role]
        # A 白班 goes preferably to whoever has had more nights, leaving nights to those with fewer.
        nights = -counts["night"] if cell.shift == "day" else 0
        return (*(counts[c] for c in cats), self.wish_cost(person, cell.day), nights, -self.gap(person, cell.day),
                self.order[person])


def effort_for(scenario: Scenario) -> int:
    """The search budget: proportional to the cells to fill, so a month and a year take alike per cell
    (and never so small that a few days go without a real search)."""
    return max(MIN_EFFORT, EFFORT_PER_CELL * len(scenario.cells()))


def solve(scenario: Scenario, *, effort: int | None = None) -> Solution:
    """A complete roster for the scenario's period (same input, same output).

    Three greedy starts (hardest days first with every role of a day together; hardest days first with
    standby after all duty roles; and chronological order with standby last, a plain rotation that
    rarely paints itself into a corner) are each improved by the search's cheapest steps; the best —
    fewest gaps, then fairest, then fewest broken wishes — is searched further (``Search.polish``) until
    its fairness meets the lower bound or the budget is spent.
    """
    started = time.perf_counter()
    bounds = lower_bounds(scenario)
    budget = Effort(effort if effort is not None else effort_for(scenario))
    best: _Built | None = None
    for order in ORDERS:
        # Each start's descent may use a quarter of the budget; the best start gets what is left.
        share = Effort(max(1, budget.left // 4))
        built = _construct(scenario, order, share, bounds)
        budget.spend(share.limit - max(share.left, 0))
        if best is None or built.search.key() < best.search.key():
            best = built
        if best.search.at_floor():
            break
    assert best is not None
    board, search = best.board, best.search
    search.effort = budget
    search.polish()
    _fill_gaps(board, search, best.reasons)
    broken = _wish_reasons(board, search, best.reasons)
    uncovered = [Uncovered(cell, why_nobody(board, cell)) for cell in search.open_cells if cell not in board.holder]
    assignments = [Assignment(cell, person, best.reasons[cell], cell in best.pinned)
                   for cell, person in sorted(board.holder.items(), key=lambda item: _cell_key(item[0]))]
    floor = sum(bounds.values())
    return Solution(scenario, assignments, sorted(uncovered, key=lambda u: _cell_key(u.cell)),
                    time.perf_counter() - started, search.moves,
                    {"cells": len(board.holder) + len(uncovered), "pins": len(best.pinned),
                     "effort": budget.limit - max(budget.left, 0)},
                    wishes_broken=broken, spread_sum=search.S, lower_bound=floor,
                    optimal=len(uncovered) <= search.unfillable and search.S <= floor)


@dataclass
class _Built:
    board: Board
    search: Search
    reasons: dict[Cell, str]
    pinned: set[Cell]


def _construct(scenario: Scenario, order: str, effort: Effort, bounds: dict[tuple[str, str], int]) -> _Built:
    """A greedy roster in one of the ``ORDERS``, improved by the search's cheapest steps (moves, swaps)."""
    board = Board(scenario)
    reasons: dict[Cell, str] = {}
    pinned: set[Cell] = set()
    for pin in scenario.pins:
        board.place(pin.cell, pin.person)
        reasons[pin.cell] = PINNED_REASON
        pinned.add(pin.cell)

    def priority(cell: Cell) -> tuple:
        difficulty = _difficulty(board.info(cell.day)) if order != "chronological" else 0
        # 夜班 before 白班: fewer people may take a night.
        return (order != "hardest" and cell.role == "standby", difficulty, cell.day,
                ROLE_ORDER.index(cell.role), cell.shift != "night", cell.index)

    open_cells = sorted((c for c in scenario.cells() if c not in pinned), key=priority)
    pools = {role: board.pool(role) for role in ROLE_ORDER}
    for cell in open_cells:
        chosen, reason = _pick(board, cell, pools[cell.role])
        if chosen is not None:
            board.place(cell, chosen)
            reasons[cell] = reason
    search = Search(board, pinned, reasons, effort, bounds)
    _fill_gaps(board, search, reasons)
    search.descend(deep=False)
    return _Built(board, search, reasons, pinned)


def _fill_gaps(board: Board, search: Search, reasons: dict[Cell, str]) -> None:
    """Cover what is still empty: directly, or by moving one neighbouring duty to someone else."""
    for cell in search.open_cells:
        if cell in board.holder:
            continue
        chosen, reason = _pick(board, cell, search.role_pool.get(cell.role, []))
        if chosen is not None and search.attempt([(cell, None, chosen)], reason):
            continue
    while search.U and search.cover():
        pass


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
        return None, ""
    free.sort()
    chosen = free[0][1]
    return chosen, _reason(board, cell, cats, chosen, pool, blocked)


def _reason(board: Board, cell: Cell, cats: tuple[str, ...], chosen: str, pool: list[str],
            blocked: dict[str, str]) -> str:
    """Why this person: their turn, or the day type they have served least, or who was skipped (and why)."""
    # The plain rotation's choice: fewest duties in total, then longest since their last duty.
    natural = min(pool, key=lambda p: (board.counts[p][cell.role]["total"], -board.gap(p, cell.day),
                                       board.order[p]))
    if natural == chosen:
        return ROTATION_REASON
    name = board.people[natural].name
    if natural in blocked:
        return f"{name}{blocked[natural]}，顺延"
    wish = board.wish_on(natural, cell.day)
    if wish is not None:
        without = board.rank(natural, cell, cats)[:len(cats)] <= board.rank(chosen, cell, cats)[:len(cats)]
        if without:
            return f"{name}{wish.avoided(cell.day)}，顺延"
    if len(cats) > 1:
        return f"{CATEGORY_LABELS[cats[0]]}最少"
    return ROTATION_REASON


# -- what the roster says about itself --------------------------------------------------------------

BLOCK_WORDS = {"joined": "尚未到岗", "left": "已调离", "no_night": "不值夜班", "same_day": "当日已有其他岗位",
               "rest": "需休息", "monthly": "本月已达上限", "apart": "需与他人错开", "new": "为新人需有经验人员同班"}


def why_nobody(board: Board, cell: Cell) -> str:
    """Why nobody fits an empty cell, counted by cause: "无可排人员：3人请假、2人需休息、1人不值夜班";
    where someone would fit the cell alone, what keeps them out (the board as a whole)."""
    pool = [p for p in board.pool(cell.role)]
    if not pool:
        return f"没有可担任{duty_role_label(cell.role)}的人员"
    causes: dict[str, int] = defaultdict(int)
    for person in pool:
        found = board.blocker(person, cell.day, cell.role, cell.shift)
        if found is None:
            causes["free"] += 1
            continue
        kind, why = found
        causes[why if kind == "away" else BLOCK_WORDS.get(kind, why)] += 1
    free = causes.pop("free", 0)
    parts = "、".join(f"{n}人{word}" for word, n in sorted(causes.items(), key=lambda item: (-item[1], item[0])))
    if free:
        parts += f"{'；' if parts else ''}其余{free}人排入后会使新人无经验人员同班或破坏其他规则"
    return f"无可排人员：{parts}"


def uncovered_warning(scenario: Scenario, gap: Uncovered) -> str:
    """One plain sentence for an empty slot: "2026年12月5日 值班长：无可排人员：3人请假、2人需休息"."""
    cell = gap.cell
    count = scenario.slots_on(scenario.calendar.info(cell.day)).get(cell.role, 0)
    label = slot_label(cell.role, cell.shift) + (str(cell.index + 1) if count > 1 else "")
    return f"{cell.day.year}年{cell.day.month}月{cell.day.day}日 {label}：{gap.why}"


def _wish_reasons(board: Board, search: Search, reasons: dict[Cell, str]) -> list[BrokenWish]:
    """Name every broken wish in its cell's reason, with what honouring it would have cost."""
    broken = []
    for cell in sorted((c for c in search.open_cells if c in board.holder), key=_cell_key):
        person = board.holder[cell]
        wish = board.wish_on(person, cell.day) if person in board.wishes else None
        if wish is None:
            continue
        cost = _honour_cost(board, search, cell, person)
        why = "无其他可排人员" if cost is None else f"调开将使公平差值合计增加{cost}"
        reasons[cell] = f"未能满足意愿（{wish.text(cell.day)}）：{why}"
        broken.append(BrokenWish(person, board.people[person].name, cell, wish.text(cell.day), wish.weight, cost, why))
    for pin in board.s.pins:
        wish = board.wish_on(pin.person, pin.cell.day)
        if wish is not None:
            broken.append(BrokenWish(pin.person, board.people[pin.person].name, pin.cell, wish.text(pin.cell.day),
                                     wish.weight, None, "固定安排"))
    return sorted(broken, key=lambda w: (_cell_key(w.cell), w.person))


def _honour_cost(board: Board, search: Search, cell: Cell, person: str) -> int | None:
    """The least rise in the sum of spreads at which the cell could leave this person (None: no way at all
    under the hard rules), trying every move to another person and every swap with another's cell."""
    best: int | None = None
    before = search.key()
    pool = search.role_pool.get(cell.role, [])
    options: list[list] = [[(cell, person, other)] for other in pool if other != person]
    options += [[(cell, person, other), (theirs, other, person)] for other in pool if other != person
                for theirs in search.cells_of(other, cell.role) if theirs.day != cell.day]
    for changes in options:
        after = search.cost_of(changes)
        if after is None or after[0] > before[0] or after[2] >= before[2]:
            continue            # it breaks a rule, leaves a cell empty, or breaks another wish as much
        rise = after[1] - before[1]
        best = rise if best is None else min(best, rise)
    return None if best is None else max(best, 0)


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
