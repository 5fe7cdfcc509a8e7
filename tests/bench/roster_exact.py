"""The exact roster model (OR-Tools CP-SAT, bench-only): proves the optimum the engine is measured against.

Built from the same ``Scenario`` the engine reads, with every hard rule restated here independently of
the engine's own check (eligibility, absence and employment dates, no night duty, one slot a day, rest
after a duty, no standby the day after a duty, the monthly maximum), and with the objective taken from
``dutyroom.roster.fairness.judged`` — the very list of spreads the quality report shows. Pins are kept
as given (also when they break a rule: only the cells around them must respect it) and published
duties before the period (``fixed``) count for the rest rules.

The scenario's own hard rules are here too: ``pairs_apart`` (never on duty at the same time) and
``new_officers`` (a team of 值班长 and 值班员 on duty in a part of the day that has a new person also has an
experienced one).

The order of objectives is the engine's: cover as many cells as possible, then the smallest sum of
spreads, then the least weight of broken wishes. A figure is only reported as proven when CP-SAT says
OPTIMAL.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from ortools.sat.python import cp_model

from dutyroom.roster.fairness import cell_categories, judged
from dutyroom.roster.model import Cell, Scenario, team_parts


@dataclass
class Exact:
    covered: int                 # most cells that can be covered (proven when coverage_proven)
    cells: int
    optimum: int | None          # smallest sum of spreads at that coverage
    bound: int                   # the solver's proven lower bound on it
    proven: bool
    seconds: float
    coverage_proven: bool = True
    wishes: int | None = None            # least weight of broken wishes at the fairness optimum
    wishes_proven: bool = False
    holder: dict[Cell, str] = field(default_factory=dict)   # the best roster found (pins included)


def _available(scenario: Scenario, person, day: date) -> bool:
    if person.join_date and day < person.join_date:
        return False
    if person.leave_date and day > person.leave_date:
        return False
    return not any(a.person == person.id and a.start <= day <= a.end for a in scenario.absences)


class _Model:
    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.m = cp_model.CpModel()
        self.people = {p.id: p for p in scenario.people}
        self.infos = {i.day: i for i in scenario.days()}
        self.cells = scenario.cells()
        self.pinned: dict[Cell, str] = {pin.cell: pin.person for pin in scenario.pins}
        # x[(person, cell)]: a generated cell's holder; pins are constants, never variables.
        self.x: dict[tuple[str, Cell], cp_model.IntVar] = {}
        for cell in self.cells:
            if cell in self.pinned:
                continue
            for p in scenario.people:
                if cell.role not in p.roles or not _available(scenario, p, cell.day):
                    continue
                if p.no_night and scenario.is_night(cell):
                    continue
                self.x[(p.id, cell)] = self.m.NewBoolVar("")
        self.of_cell: dict[Cell, list[cp_model.IntVar]] = defaultdict(list)
        self.of_person_day: dict[tuple[str, date], list[tuple[Cell, cp_model.IntVar]]] = defaultdict(list)
        for (pid, cell), var in self.x.items():
            self.of_cell[cell].append(var)
            self.of_person_day[(pid, cell.day)].append((cell, var))
        # Constant duties: pins in the period, published duties before it.
        self.constant: dict[tuple[str, date], list[Cell]] = defaultdict(list)
        for cell, pid in self.pinned.items():
            self.constant[(pid, cell.day)].append(cell)
        for fixed in scenario.fixed:
            self.constant[(fixed.person, fixed.day)].append(Cell(fixed.day, fixed.role, 0))
        self._hard_rules()
        self.apart_and_teams()
        self.covered = [self._cell_covered(c) for c in self.cells if c not in self.pinned]

    # -- hard rules -------------------------------------------------------------------------------
    def _cell_covered(self, cell: Cell) -> cp_model.LinearExpr:
        self.m.Add(sum(self.of_cell[cell]) <= 1)
        return sum(self.of_cell[cell])

    def _holds(self, pid: str, day: date, role: str | None = None, exclude: str | None = None):
        """(constant, expression): how many duties (of ``role``, or not of ``exclude``) the person has that day."""
        constant = sum(1 for c in self.constant.get((pid, day), ())
                       if (role is None or c.role == role) and c.role != exclude)
        expr = sum(v for c, v in self.of_person_day.get((pid, day), ())
                   if (role is None or c.role == role) and c.role != exclude)
        return constant, expr

    def _at_most_one(self, constant: int, expr) -> None:
        """constant + expr ≤ 1 over generated cells: constants alone may break it (conflicting pins)."""
        if isinstance(expr, int):
            return
        self.m.Add(expr <= max(0, 1 - constant))

    def _hard_rules(self) -> None:
        s = self.s
        days = sorted({d for (_, d) in self.of_person_day} | {d for (_, d) in self.constant})
        roles = ("leader", "chief", "officer", "standby")
        for p in s.people:
            pid = p.id
            for day in days:
                # One slot a day.
                self._at_most_one(*self._holds(pid, day))
                for role in roles:
                    rest = s.rest_days.get(role, 0)
                    c_role, e_role = self._holds(pid, day, role)
                    if not c_role and isinstance(e_role, int):
                        continue
                    for offset in range(1, rest + 1):
                        c_next, e_next = self._holds(pid, day + timedelta(days=offset))
                        self._pair(c_role, e_role, c_next, e_next)
                # No standby on the day after a duty of another role.
                c_duty, e_duty = self._holds(pid, day, exclude="standby")
                c_stand, e_stand = self._holds(pid, day + timedelta(days=1), "standby")
                self._pair(c_duty, e_duty, c_stand, e_stand)
            limit = p.max_per_month if p.max_per_month is not None else s.max_per_month
            if limit is not None:
                months: dict[tuple[int, int], list] = defaultdict(list)
                pinned: dict[tuple[int, int], int] = defaultdict(int)
                for (who, day), items in self.of_person_day.items():
                    if who == pid:
                        months[(day.year, day.month)] += [v for _, v in items]
                for cell, who in self.pinned.items():
                    if who == pid:
                        pinned[(cell.day.year, cell.day.month)] += 1
                for month, variables in months.items():
                    self.m.Add(sum(variables) <= max(0, limit - pinned[month]))

    def _part(self, pid: str, day: date, part: str, team: bool = False):
        """(constant, expression): the person's duties that day on duty in a part ("day" or "night");
        with ``team`` only 值班长/值班员 cells."""
        def counts(cell: Cell) -> bool:
            if team:
                return part in team_parts(cell)
            return cell.shift in ("full", part)
        constant = sum(1 for c in self.constant.get((pid, day), ()) if counts(c))
        expr = sum(v for c, v in self.of_person_day.get((pid, day), ()) if counts(c))
        return constant, expr

    def apart_and_teams(self) -> None:
        days = [info.day for info in self.s.days()]
        for first, second in self.s.pairs_apart:
            for day in days:
                for part in ("day", "night"):
                    self._pair(*self._part(first, day, part), *self._part(second, day, part))
        new = self.s.new_officers
        if not new:
            return
        for day in days:
            for part in ("day", "night"):
                experienced_constant, experienced = 0, 0
                for p in self.s.people:
                    if p.id not in new:
                        c, e = self._part(p.id, day, part, team=True)
                        experienced_constant += c
                        experienced = experienced + e
                if experienced_constant:
                    continue
                for pid in sorted(new):
                    c, e = self._part(pid, day, part, team=True)
                    if c and isinstance(experienced, int):
                        continue                      # a pinned all-new team: kept as given
                    if c:
                        self.m.Add(experienced >= 1)
                    elif not isinstance(e, int):
                        self.m.Add(e <= experienced)

    def _pair(self, c_first: int, e_first, c_second: int, e_second) -> None:
        """Not both: (first ≥ 1) and (second ≥ 1), where each is a constant plus generated cells."""
        if c_first and c_second:
            return                                    # two constants: kept as given
        if c_first:
            if not isinstance(e_second, int):
                self.m.Add(e_second == 0)
        elif c_second:
            if not isinstance(e_first, int):
                self.m.Add(e_first == 0)
        elif not isinstance(e_first, int) and not isinstance(e_second, int):
            self.m.Add(e_first + e_second <= 1)

    # -- the objective ----------------------------------------------------------------------------
    def spread_terms(self) -> list[cp_model.IntVar]:
        terms = []
        for item in judged(self.s):
            counts = []
            for pid in item.pool:
                base = self.s.history.get(pid, {}).get(item.role, {}).get(item.category, 0)
                base += sum(1 for cell, who in self.pinned.items() if who == pid and cell.role == item.role
                            and item.category in cell_categories(self.infos[cell.day], cell.shift))
                expr = sum(v for (who, cell), v in self._by_person_role(pid, item.role)
                           if item.category in cell_categories(self.infos[cell.day], cell.shift))
                counts.append(base + expr)
            high = self.m.NewIntVar(0, 100_000, "")
            low = self.m.NewIntVar(0, 100_000, "")
            for count in counts:
                self.m.Add(high >= count)
                self.m.Add(low <= count)
            spread = self.m.NewIntVar(0, 100_000, "")
            self.m.Add(spread == high - low)
            terms.append(spread)
        return terms

    def _by_person_role(self, pid: str, role: str):
        if not hasattr(self, "_index"):
            self._index: dict[tuple[str, str], list] = defaultdict(list)
            for (who, cell), var in self.x.items():
                self._index[(who, cell.role)].append(((who, cell), var))
        return self._index.get((pid, role), [])

    def wish_weight(self) -> cp_model.LinearExpr:
        """The weight of broken wishes over generated cells (pins keep theirs, as in the engine)."""
        terms = []
        for (pid, cell), var in self.x.items():
            weights = [w.weight for w in self.s.wishes if w.person == pid and w.covers(cell.day)]
            if weights:
                terms.append(max(weights) * var)
        return sum(terms)

    def hint(self, holder: dict[Cell, str]) -> None:
        for (pid, cell), var in self.x.items():
            self.m.AddHint(var, 1 if holder.get(cell) == pid else 0)


def _solver(seconds: float, workers: int) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    return solver


def solve_exact(scenario: Scenario, *, hint: dict[Cell, str] | None = None, time_limit: float = 120.0,
                workers: int = 2, floors: dict[tuple[str, str], int] | None = None) -> Exact:
    """Most cells covered, then the smallest sum of spreads, each proven by CP-SAT within the time limit.

    ``floors`` are lower bounds on single spreads that hold for every roster covering all cells (the
    engine's ``bounds.lower_bounds``, a relaxation checked against brute force in the tests): added as
    redundant constraints when every cell can be covered, they let CP-SAT start its proof from there.
    """
    started = time.perf_counter()
    model = _Model(scenario)
    open_cells = len(model.covered)
    coverage, coverage_proven = open_cells, True
    if hint is not None and sum(1 for c in model.cells if c not in model.pinned and c in hint) == open_cells:
        model.m.Add(sum(model.covered) == open_cells)          # the engine covers all: nothing to prove
    else:
        model.m.Maximize(sum(model.covered))
        if hint:
            model.hint(hint)
        solver = _solver(time_limit / 2, workers)
        status = solver.Solve(model.m)
        coverage = int(solver.ObjectiveValue()) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else 0
        coverage_proven = status == cp_model.OPTIMAL
        model.m.ClearObjective()
        model.m.ClearHints()
        model.m.Add(sum(model.covered) == coverage)
    terms = model.spread_terms()
    if floors is not None and coverage_proven:
        if coverage < open_cells:
            # Bounds that allow for the cells no roster covers (recomputed: ``floors`` assume all covered).
            from dutyroom.roster.bounds import lower_bounds

            floors = lower_bounds(scenario, empty=open_cells - coverage)
        for term, item in zip(terms, judged(scenario), strict=True):
            model.m.Add(term >= floors.get((item.role, item.category), 0))
    model.m.Minimize(sum(terms))
    if hint:
        model.hint(hint)
    solver = _solver(max(1.0, time_limit - (time.perf_counter() - started)), workers)
    status = solver.Solve(model.m)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    holder = dict(model.pinned)
    if found:
        holder.update({cell: pid for (pid, cell), var in model.x.items() if solver.Value(var)})
    result = Exact(covered=coverage + len(model.pinned), cells=len(model.cells),
                   optimum=int(solver.ObjectiveValue()) if found else None, bound=int(solver.BestObjectiveBound()),
                   proven=status == cp_model.OPTIMAL, seconds=time.perf_counter() - started,
                   coverage_proven=coverage_proven, holder=holder)
    if result.proven and scenario.wishes:
        # Third objective: the fewest broken wishes (by weight) among the fairest rosters.
        model.m.Add(sum(terms) == result.optimum)
        model.m.ClearObjective()
        model.m.ClearHints()
        model.hint(holder)
        model.m.Minimize(model.wish_weight())
        left = max(1.0, time_limit - (time.perf_counter() - started))
        solver = _solver(left, workers)
        status = solver.Solve(model.m)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            result.wishes = int(solver.ObjectiveValue())
            result.wishes_proven = status == cp_model.OPTIMAL
        result.seconds = time.perf_counter() - started
    return result
