"""The improvement search after the greedy roster: fairness to its optimum, then wishes.

Objective, compared lexicographically (smaller is better):

1. cells left uncovered;
2. the sum of spreads of ``fairness.judged`` — exactly what the quality report shows;
3. the weight of broken wishes;
4. the sum of squared counts (history included) — it does not change the fairness figures, but it
   leads the search across plateaus: fewer people at the top or bottom of a spread is the way down.

**Descent.** Steps are tried around the spreads still above their lower bound (``bounds.lower_bounds``),
from the people at the top to those at the bottom, cheapest first: move one cell, swap two cells of a
role; then (a deep descent) swap everything two people hold over a window of days — in one role, or in
all their roles so that they trade places outright — which keeps each person's own rest pattern where
single moves cannot (duties that alternate); and a chain that frees someone by handing the duty in their
way to a third person (alone, or with a block swap around it). Then broken wishes: move or swap away.

**Ruin and recreate.** When the descent stops above the bound, windows of days (all roles over a few
days, or one role over up to two weeks) are emptied and filled again greedily — fewest duties of the
cell's kinds first, random among equals, in the hardest-first or a random order — and kept when no less
fair, so the search walks across equally fair rosters, descending now and then, until the bound is met
or the budget is spent; it ends on the best roster found. The generator is seeded: same input, same
roster.

A change is judged on the counts first (cheap) and only then checked against every hard rule on the
board (``Board.conflict``, then whole teams for the new-officer rule), so the search never trades a rule
for fairness. The effort is counted work (cells tried), never wall-clock time, so the roster does not
depend on the machine.
"""

from __future__ import annotations

import bisect
import random
from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from dutyroom.roster.fairness import judged
from dutyroom.roster.model import CATEGORY_LABELS, Cell, team_parts

if TYPE_CHECKING:
    from dutyroom.roster.engine import Board

Change = tuple[Cell, "str | None", "str | None"]     # (cell, holder before, holder after)
WINDOWS = (0, 1, 2, 3, 4, 6, 9, 13)       # block-swap window lengths tried, in days
RECREATE_DAYS = (0, 1, 2, 3)              # ruin-and-recreate of all roles: window lengths, in days
ONE_ROLE = 0.3                            # share of recreations of one role only, over a longer window:
ROLE_DAYS = (3, 5, 8, 13)
FEW_PEOPLE = 0.2                          # … of everything three people hold (one at a spread's edge)
DESCEND_EVERY = 10                        # recreations between descents by moves and swaps
DEEP_EVERY = 100                          # … and between deep descents (block swaps, chains)
SEED = 20_260_101


class Effort:
    """A deterministic budget (work counted in cells tried, never wall-clock time)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def spend(self, amount: int = 1) -> bool:
        self.left -= amount
        return self.left >= 0


class Search:
    def __init__(self, board: Board, pinned: set[Cell], reasons: dict[Cell, str], effort: Effort,
                 bounds: dict[tuple[str, str], int]) -> None:
        self.b = board
        self.s = board.s
        self.pinned = pinned
        self.reasons = reasons
        self.effort = effort
        self.rng = random.Random(SEED)
        self.judged = judged(self.s)
        self.bound = [bounds.get((j.role, j.category), 0) for j in self.judged]
        self.role_pool: dict[str, list[str]] = {j.role: list(j.pool) for j in self.judged if j.category == "total"}
        self.open_cells = [c for c in self.s.cells() if c not in pinned]
        self.cells = set(self.open_cells)
        index = {(j.role, j.category): n for n, j in enumerate(self.judged)}
        self.js: dict[Cell, tuple[int, ...]] = {
            cell: tuple(index[(cell.role, cat)] for cat in board.categories(cell) if (cell.role, cat) in index)
            for cell in self.s.cells()}
        # values[j][person]: the count judged (history and every placed cell); hist[j]: value -> people.
        self.values: list[dict[str, int]] = []
        self.hist: list[dict[int, int]] = []
        for j in self.judged:
            values = {p: board.counts[p][j.role][j.category] for p in j.pool}
            self.values.append(values)
            hist: dict[int, int] = {}
            for v in values.values():
                hist[v] = hist.get(v, 0) + 1
            self.hist.append(hist)
        self.high = [max(h) for h in self.hist]
        self.low = [min(h) for h in self.hist]
        self.spread = [hi - lo for hi, lo in zip(self.high, self.low, strict=True)]
        self.S = sum(self.spread)
        self.Q = sum(v * v for values in self.values for v in values.values())
        self._wish: dict[tuple[str, date], int] = {}
        self.W = sum(self._wish_cost(person, cell.day) for cell, person in board.holder.items() if cell in self.cells)
        self.U = sum(1 for c in self.open_cells if c not in board.holder)
        # Cells nobody may ever hold (role, employment, absence, no night duty): never to be covered.
        self._static: dict[tuple[str, Cell], bool] = {}
        self.unfillable = sum(1 for c in self.open_cells
                              if not any(self._may_hold(p, c) for p in self.role_pool.get(c.role, ())))
        # (person, role) -> the open cells they hold, by date, with the dates' ordinals alongside for bisect.
        self.mine: dict[tuple[str, str], list[Cell]] = defaultdict(list)
        self.mine_days: dict[tuple[str, str], list[int]] = defaultdict(list)
        for cell, person in sorted(board.holder.items()):
            if cell in self.cells:
                self.mine[(person, cell.role)].append(cell)
                self.mine_days[(person, cell.role)].append(cell.day.toordinal())
        self.has_team_rule = bool(self.s.new_officers)
        self.moves = 0
        self.journal: list[tuple[list[Change], dict[Cell, str]]] = []   # changes made, and the reasons they replaced

    # -- the objective ----------------------------------------------------------------------------
    def key(self) -> tuple[int, int, int, int]:
        return (self.U, self.S, self.W, self.Q)

    def floor(self) -> int:
        return sum(self.bound)

    def at_floor(self) -> bool:
        return self.U <= self.unfillable and self.S <= self.floor() and self.W == 0

    def _wish_cost(self, person: str, day: date) -> int:
        if person not in self.b.wishes:
            return 0
        cost = self._wish.get((person, day))
        if cost is None:
            cost = self._wish[(person, day)] = self.b.wish_cost(person, day)
        return cost

    def _count(self, changes: list[Change], sign: int) -> None:
        """Apply (sign 1) or take back (sign −1) what the change does to the counts and the objective."""
        net: dict[tuple[str, int], int] = {}
        js_of = self.js
        wishes = self._wish_cost if self.b.wishes else None
        for cell, old, new in changes:
            js = js_of[cell]
            if old is not None:
                for j in js:
                    key = (old, j)
                    net[key] = net.get(key, 0) - sign
                if wishes:
                    self.W -= sign * wishes(old, cell.day)
                self.U += sign
            if new is not None:
                for j in js:
                    key = (new, j)
                    net[key] = net.get(key, 0) + sign
                if wishes:
                    self.W += sign * wishes(new, cell.day)
                self.U -= sign
        # New extremes come from the values written, or — when no one is left at the old one — a scan.
        written: dict[int, list[int]] = {}
        all_values, all_hist = self.values, self.hist
        q = 0
        for (person, j), delta in net.items():
            if not delta:
                continue
            values = all_values[j]
            v = values.get(person)
            if v is None:
                continue
            hist = all_hist[j]
            left = hist[v] - 1
            if left:
                hist[v] = left
            else:
                del hist[v]
            nv = v + delta
            hist[nv] = hist.get(nv, 0) + 1
            values[person] = nv
            q += nv * nv - v * v
            written.setdefault(j, []).append(nv)
        self.Q += q
        spread, high, low = self.spread, self.high, self.low
        for j, new_values in written.items():
            hist = all_hist[j]
            hi, lo = high[j], low[j]
            hi = max(hi if hi in hist else max(hist), *new_values)
            lo = min(lo if lo in hist else min(hist), *new_values)
            high[j], low[j] = hi, lo
            self.S += hi - lo - spread[j]
            spread[j] = hi - lo

    def _keep(self, changes: list[Change]) -> None:
        """Record an applied change in the per-person cell lists."""
        for cell, old, _new in changes:
            if old is not None:
                cells = self.mine[(old, cell.role)]
                at = cells.index(cell)
                del cells[at]
                del self.mine_days[(old, cell.role)][at]
        for cell, _old, new in changes:
            if new is not None:
                days = self.mine_days[(new, cell.role)]
                at = bisect.bisect_left(days, cell.day.toordinal())
                days.insert(at, cell.day.toordinal())
                self.mine[(new, cell.role)].insert(at, cell)

    # -- trying a change --------------------------------------------------------------------------
    def _may_hold(self, person: str, cell: Cell) -> bool:
        """The rules that do not depend on other duties: role, employment, absence, no night duty."""
        key = (person, cell)
        found = self._static.get(key)
        if found is None:
            board = self.b
            p = board.people[person]
            found = (cell.role in p.roles and board.absence(person, cell.day) is None
                     and not (p.no_night and self.s.is_night(cell)))
            self._static[key] = found
        return found

    def _feasible(self, changes: list[Change]) -> bool:
        """Apply the change to the board if it keeps every hard rule (True), else leave the board as it was."""
        board = self.b
        for cell, old, _new in changes:
            if old is not None:
                board.remove(cell)
        placed: list[Cell] = []
        ok = True
        for cell, _old, new in changes:
            if new is None:
                continue
            if board.conflict(new, cell.day, cell.role, cell.shift, team=False) is not None:
                ok = False
                break
            board.place(cell, new)
            placed.append(cell)
        if ok and self.has_team_rule:
            parts = {(cell.day, part) for cell, _o, _n in changes for part in team_parts(cell)}
            ok = all(board.team_ok(day, part) for day, part in sorted(parts))
        if not ok:
            for cell in reversed(placed):
                board.remove(cell)
            for cell, old, _new in changes:
                if old is not None:
                    board.place(cell, old)
        return ok

    def _unapply(self, changes: list[Change]) -> None:
        board = self.b
        for cell, _old, new in changes:
            if new is not None:
                board.remove(cell)
        for cell, old, _new in changes:
            if old is not None:
                board.place(cell, old)

    def attempt(self, changes: list[Change], why: str) -> bool:
        """Make the change when it improves the objective and keeps every rule.

        The objective is judged first, on the counts alone: most changes tried do not improve it, and
        judging them costs no work on the board.
        """
        if not self.effort.spend(len(changes)):
            return False
        for cell, _old, new in changes:
            if new is not None and not self._may_hold(new, cell):
                return False
        before = self.key()
        self._count(changes, 1)
        after = self.key()
        if after < before and self._feasible(changes):
            replaced = {}
            for cell, _old, new in changes:
                if new is not None:
                    replaced[cell] = self.reasons.get(cell, "")
                    self.reasons[cell] = why
            self._keep(changes)
            self.moves += 1
            self.journal.append((changes, replaced))
            return True
        self._count(changes, -1)
        return False

    def cost_of(self, changes: list[Change]) -> tuple[int, int, int, int] | None:
        """The objective after the change (None: it breaks a rule); nothing is changed."""
        for cell, _old, new in changes:
            if new is not None and not self._may_hold(new, cell):
                return None
        if not self._feasible(changes):
            return None
        self._unapply(changes)
        self._count(changes, 1)
        after = self.key()
        self._count(changes, -1)
        return after

    # -- neighbourhoods ---------------------------------------------------------------------------
    def cells_of(self, person: str, role: str) -> list[Cell]:
        return self.mine.get((person, role), [])

    def _with(self, cells: list[Cell], j: int) -> list[Cell]:
        return [c for c in cells if j in self.js[c]]

    def _window(self, person: str, role: str, first: date, last: date) -> list[Cell]:
        """The person's open cells of the role between two dates (inclusive)."""
        days = self.mine_days.get((person, role))
        if not days:
            return []
        return self.mine[(person, role)][bisect.bisect_left(days, first.toordinal()):
                                         bisect.bisect_right(days, last.toordinal())]

    def _sides(self, j: int) -> tuple[list[str], list[str], list[str], int, int]:
        """The spread's people from fewest to most, those at the top, those at the bottom, top and bottom."""
        values = self.values[j]
        order = self.b.order
        people = sorted(values, key=lambda p: (values[p], order[p]))
        high, low = values[people[-1]], values[people[0]]
        tops = [p for p in reversed(people) if values[p] == high]
        bottoms = [p for p in people if values[p] == low]
        return people, tops, bottoms, high, low

    def _why(self, j: int) -> str:
        return f"均衡调整（{CATEGORY_LABELS[self.judged[j].category]}）"

    def _moves(self, j: int) -> bool:
        """Moves and swaps from the top down, then from the bottom up."""
        role, values, why = self.judged[j].role, self.values[j], self._why(j)
        people, tops, bottoms, high, low = self._sides(j)
        for a in tops:
            mine = self._with(self.cells_of(a, role), j)
            for b in people:
                if values[b] >= high - 1:
                    break
                for cell in mine:
                    if self.attempt([(cell, a, b)], why):
                        return True
                theirs = [c for c in self.cells_of(b, role) if j not in self.js[c]]
                for cell in mine:
                    for other in theirs:
                        if other.day != cell.day and self.attempt([(cell, a, b), (other, b, a)], why):
                            return True
        for b in bottoms:
            for a in reversed(people):
                if values[a] <= low + 1:
                    break
                for cell in self._with(self.cells_of(a, role), j):
                    if self.attempt([(cell, a, b)], why):
                        return True
        return False

    def _blocks(self, j: int) -> bool:
        """Block swaps between the top and everyone lower, then the bottom and everyone higher."""
        role, values, why = self.judged[j].role, self.values[j], self._why(j)
        people, tops, bottoms, high, low = self._sides(j)
        for a in tops:
            for b in people:
                if values[b] >= high:
                    break
                if self._block_swaps(a, b, role, j, why):
                    return True
        for b in bottoms:
            for a in reversed(people):
                if values[a] <= low:
                    break
                if self._block_swaps(a, b, role, j, why):
                    return True
        return False

    def _chains(self, j: int) -> bool:
        """A lower person takes a top cell once the duty in their way moves on."""
        role, values, why = self.judged[j].role, self.values[j], self._why(j)
        people, tops, _bottoms, high, _low = self._sides(j)
        for a in tops:
            for cell in self._with(self.cells_of(a, role), j):
                for b in people:
                    if values[b] >= high - 1:
                        break
                    if self._chain(cell, a, b, why):
                        return True
        return False

    def _block_swaps(self, a: str, b: str, role: str, j: int, why: str) -> bool:
        """Swap what a and b hold over windows around a's cells of the spread — in the role, then in all
        their roles (the two trade places outright) — where a gives away more of that spread's cells than
        it takes."""
        tried: set[tuple[Cell, ...]] = set()
        last_day, first_day = self.s.last, self.s.first
        shared = [r for r in self.role_pool if r in self.b.people[a].roles and r in self.b.people[b].roles]
        for cell in self._with(self.cells_of(a, role), j):
            start = cell.day
            for length in WINDOWS:
                for first, last in ((start, start + timedelta(days=length)), (start - timedelta(days=length), start)):
                    first, last = max(first, first_day), min(last, last_day)
                    for roles in ((role,), shared) if len(shared) > 1 else ((role,),):
                        if not self.effort.spend():
                            return False
                        given = [c for r in roles for c in self._window(a, r, first, last)]
                        taken = [c for r in roles for c in self._window(b, r, first, last)]
                        if sum(1 for c in given if j in self.js[c]) <= sum(1 for c in taken if j in self.js[c]):
                            continue
                        cells = (*given, *taken)
                        if cells in tried:
                            continue
                        tried.add(cells)
                        changes: list[Change] = [(c, a, b) for c in given]
                        changes.extend((c, b, a) for c in taken)
                        if self.attempt(changes, why):
                            return True
        return False

    def _chain(self, cell: Cell, a: str, b: str, why: str) -> bool:
        """b takes ``cell`` from a once the duty in their way is handed to someone else — alone, or with
        everything the two hold in that duty's role over a window around it (so the other's rest holds)."""
        board = self.b
        if not self._may_hold(b, cell):
            return False
        found = board.blocker(b, cell.day, cell.role, cell.shift, team=False)
        if found is None or found[0] not in ("rest", "same_day"):
            return False
        take = (cell, a, b)
        for other in self._around(b, cell.day):
            pool = self.role_pool.get(other.role, ())
            for c in pool:
                if c != b and self.attempt([take, (other, b, c)], why):
                    return True
            for c in pool:
                if c in (a, b):
                    continue
                tried: set[tuple[Cell, ...]] = set()
                for length in WINDOWS[1:]:
                    for first, last in ((other.day, other.day + timedelta(days=length)),
                                        (other.day - timedelta(days=length), other.day)):
                        if not self.effort.spend():
                            return False
                        given = [x for x in self._window(b, other.role, first, last) if x != cell]
                        taken = [x for x in self._window(c, other.role, first, last) if x != cell]
                        cells = (*given, *taken)
                        if len(cells) < 2 or cells in tried:
                            continue
                        tried.add(cells)
                        if self.attempt([take, *[(x, b, c) for x in given], *[(x, c, b) for x in taken]], why):
                            return True
        return False

    def _around(self, person: str, day: date) -> list[Cell]:
        """The person's open cells near a day (within the longest rest), nearest first."""
        reach = self.b.max_rest
        near = [c for offset in range(-reach, reach + 1)
                for c in self.b.cells_on.get(person, {}).get(day + timedelta(days=offset), ())
                if c in self.cells and c not in self.pinned]
        return sorted(near, key=lambda c: (abs((c.day - day).days), c))

    def cover(self) -> bool:
        """Fill an empty cell: directly, or by moving one neighbouring duty of a candidate to someone else."""
        for cell in self.open_cells:
            if cell in self.b.holder:
                continue
            pool = self.role_pool.get(cell.role, ())
            for person in pool:
                if self.attempt([(cell, None, person)], "补缺调整"):
                    return True
            for person in pool:
                if not self._may_hold(person, cell):
                    continue
                for other in self._around(person, cell.day):
                    for third in self.role_pool.get(other.role, ()):
                        if third != person and self.attempt([(cell, None, person), (other, person, third)], "补缺调整"):
                            return True
        return False

    def _improve_wishes(self) -> bool:
        """Honour a broken wish when fairness stays as good: move or swap the cell away."""
        board = self.b
        for cell in self.open_cells:
            a = board.holder.get(cell)
            if a is None or not self._wish_cost(a, cell.day):
                continue
            wish = board.wish_on(a, cell.day)
            why = f"{board.people[a].name}{wish.avoided(cell.day) if wish else '按意愿'}，改排"
            pool = self.role_pool.get(cell.role, ())
            for b in pool:
                if b != a and self.attempt([(cell, a, b)], why):
                    return True
            for b in pool:
                if b == a:
                    continue
                for other in list(self.cells_of(b, cell.role)):
                    if other.day != cell.day and self.attempt([(cell, a, b), (other, b, a)], why):
                        return True
        return False

    # -- the search -------------------------------------------------------------------------------
    def _step(self, deep: bool) -> bool:
        """One improving change, the cheapest kind first: cover, move or swap, then (deep) block swaps and
        chains, then wishes."""
        if self.U > self.unfillable and self.cover():
            return True
        above = sorted((j for j in range(len(self.judged)) if self.spread[j] > self.bound[j]),
                       key=lambda j: (self.bound[j] - self.spread[j], j))
        kinds = (self._moves, self._blocks, self._chains) if deep else (self._moves,)
        for kind in kinds:
            for j in above:
                if kind(j):
                    return True
        return bool(self.W) and self._improve_wishes()

    def descend(self, deep: bool = True) -> None:
        while self.effort.left > 0 and not self.at_floor() and self._step(deep):
            pass

    def recreate(self, first: date, last: date, role: str | None = None, people: set[str] | None = None) -> bool:
        """Ruin and recreate: empty every open cell (of one role, or held by some people, or all) between two
        dates and fill them again greedily (fewest duties of the cell's kinds first, random among equals);
        kept when no less fair."""
        board = self.b
        cells = [c for c in self.open_cells if first <= c.day <= last and (role is None or c.role == role)
                 and (people is None or board.holder.get(c) in people)]
        if not cells or not self.effort.spend(len(cells)):
            return False
        old = {c: board.holder.get(c) for c in cells}
        for c in cells:
            if old[c] is not None:
                board.remove(c)
        jitter = {p: self.rng.random() for p in board.people}
        new: dict[Cell, str] = {}
        # Hardest cells first (duty roles before standby, holidays before plain days), or — every other
        # time — in a random order, which finds what the greedy order never tries.
        if self.rng.random() < 0.5:
            order = sorted(cells, key=lambda c: (c.role == "standby", -len(board.categories(c)), c.day,
                                                 self.rng.random()))
        else:
            order = sorted(cells, key=lambda c: self.rng.random())
        checks = 0
        counts = board.counts
        for c in order:
            cats, role, day = board.categories(c), c.role, c.day
            ranked = sorted((tuple(counts[p][role][k] for k in cats) + (self._wish_cost(p, day), jitter[p]), p)
                            for p in self.role_pool.get(role, ()) if self._may_hold(p, c))
            checks += len(ranked)
            # The best-ranked free person: ranking everyone is cheap, the rules are checked in that order.
            for _rank, person in ranked:
                checks += 3
                if board.conflict(person, day, role, c.shift) is None:
                    board.place(c, person)
                    new[c] = person
                    break
        self.effort.spend(checks)
        changes = [(c, old[c], new.get(c)) for c in cells if old[c] != new.get(c)]
        # Cells left out of the window (other roles, other people) keep their teams: check them whole.
        teams_ok = not self.has_team_rule or all(
            board.team_ok(day, part) for day, part in sorted({(c.day, part) for c in cells for part in team_parts(c)}))
        before = self.key()
        self._count(changes, 1)
        if changes and teams_ok and self.key()[:3] <= before[:3]:
            replaced = {}
            for cell, _old, holder in changes:
                if holder is not None:
                    replaced[cell] = self.reasons.get(cell, "")
                    self.reasons[cell] = "均衡调整（重排）"
            self._keep(changes)
            self.moves += 1
            self.journal.append((changes, replaced))
            return True
        self._count(changes, -1)
        for c in cells:
            if c in new:
                board.remove(c)
        for c in cells:
            if (holder := old[c]) is not None:
                board.place(c, holder)
        return False

    def polish(self) -> int:
        """After the descent: ruin and recreate windows of days (and descend now and then) while the budget
        lasts and the bound is not met, walking across equally fair rosters; ends on the best found."""
        self.descend()
        best = self.key()
        mark = len(self.journal)
        span = (self.s.last - self.s.first).days + 1
        rounds = 0
        roles = sorted(self.role_pool)
        while self.effort.left > 0 and not self.at_floor():
            rounds += 1
            start = self.s.first + timedelta(days=self.rng.randrange(span))
            draw = self.rng.random()
            if draw < ONE_ROLE:
                self.recreate(start, start + timedelta(days=self.rng.choice(ROLE_DAYS)), self.rng.choice(roles))
            elif draw < ONE_ROLE + FEW_PEOPLE:
                self.recreate(start, start + timedelta(days=self.rng.choice(ROLE_DAYS)), people=self._few())
            else:
                self.recreate(start, start + timedelta(days=self.rng.choice(RECREATE_DAYS)))
            if rounds % DEEP_EVERY == 0:
                self.descend()
            elif rounds % DESCEND_EVERY == 0:
                self.descend(deep=False)
            now = self.key()
            if now < best:
                best, mark = now, len(self.journal)
        # Back to the first roster as good as the best: the walk across equal rosters changed nothing worth it.
        self.rewind(mark)
        return self.moves

    def _few(self) -> set[str]:
        """Someone at the top or bottom of a spread above its bound, and two others who share a role."""
        above = [j for j in range(len(self.judged)) if self.spread[j] > self.bound[j]] or list(range(len(self.judged)))
        j = self.rng.choice(above)
        values = self.values[j]
        high, low = max(values.values()), min(values.values())
        x = self.rng.choice([p for p in self.judged[j].pool if values[p] in (high, low)])
        role = self.rng.choice(sorted(self.b.people[x].roles & set(self.role_pool)) or [self.judged[j].role])
        others = [p for p in self.role_pool.get(role, ()) if p != x]
        return {x, *self.rng.sample(others, min(2, len(others)))}

    def rewind(self, mark: int) -> None:
        """Undo every change made after the journal mark (back to the best roster found)."""
        while len(self.journal) > mark:
            changes, replaced = self.journal.pop()
            inverse = [(cell, new, old) for cell, old, new in reversed(changes)]
            self._unapply(changes)
            self._count(changes, -1)
            self._keep(inverse)
            self.reasons.update(replaced)
            self.moves -= 1
