"""Issue 17 budgets: on every generated scenario the engine's sum of spreads equals the optimum an exact
solver proves (total gap 0), a month in ≤ 1 s and a year in ≤ 10 s.

The scenarios (``roster_scenarios.SPECS``, seeded): 20–80 staff, months with 春节/国庆/other holidays and
whole years, leave, newcomers and leavers, pins, history ledgers, the officer day/night split, 重要时段,
"no night duty", monthly maxima, wishes, pairs kept apart and new officers. Each is solved by the engine
(median of three runs for a month, one for a year; before the exact solver runs, so that it does not
compete for the two cores; its CPU time is printed beside the wall-clock time) and then by the exact model (``roster_exact``: OR-Tools CP-SAT, the bench
group of optional dependencies), given the engine's roster as a hint and the engine's lower bounds as
redundant constraints.

One JSON line per scenario (metric = its name, value = gap), then the totals. A scenario the solver cannot
prove within its time limit is reported with ``"proven": false`` and its best bound, and is left out of the
total gap (``unproven`` counts them). ``python -m tests.bench.bench_roster_optimum [NAME …] [--limit S]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from tests.bench.common import report

BENCH = "roster_optimum"
MONTH_LIMIT_S = 180.0
YEAR_LIMIT_S = 600.0


def _engine(data: dict[str, Any], runs: int) -> tuple[float, float, Any, Any]:
    from dutyroom.roster.engine import solve
    from dutyroom.roster.model import scenario_from_json
    from dutyroom.roster.quality import assess

    seconds, cpu, solution, scenario = [], [], None, None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        scenario = scenario_from_json(data)
        solution = solve(scenario)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    quality = assess(solution, warnings=scenario.warnings())
    return statistics.median(seconds), statistics.median(cpu), solution, quality


def main(argv: list[str] | None = None) -> None:
    from dutyroom.roster.bounds import lower_bounds
    from dutyroom.roster.model import scenario_from_json
    from tests.bench.roster_scenarios import SPECS, build

    try:
        from tests.bench.roster_exact import solve_exact
    except ImportError:
        report(BENCH, "skipped", 0, "count", None,
               reason="需要 OR-Tools：pip install -c constraints.txt -e \".[bench]\"")
        return

    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--limit", type=float, help="the exact solver's time limit per scenario, seconds")
    args = parser.parse_args(argv)
    specs = [s for s in SPECS if not args.names or any(n in s.name for n in args.names)]
    _engine(build(specs[0]), 1)   # warm imports (chinese-calendar, the engine) out of the measurement
    gaps, unproven, times, cpu_times = 0, [], {"month": [], "year": []}, {"month": [], "year": []}
    for spec in specs:
        data = build(spec)
        seconds, cpu, solution, quality = _engine(data, 3 if spec.kind == "month" else 1)
        times[spec.kind].append(seconds)
        cpu_times[spec.kind].append(cpu)
        scenario = scenario_from_json(data)
        engine_sum = sum(v for cats in quality.spread.values() for v in cats.values())
        limit = args.limit or (MONTH_LIMIT_S if spec.kind == "month" else YEAR_LIMIT_S)
        exact = solve_exact(scenario, hint={a.cell: a.person for a in solution.assignments}, time_limit=limit,
                            floors=lower_bounds(scenario))
        covered = len(solution.assignments)
        coverage_gap = exact.covered - covered if exact.coverage_proven else 0
        gap = engine_sum - exact.optimum if exact.proven and exact.optimum is not None else engine_sum - exact.bound
        if exact.proven:
            gaps += gap + coverage_gap
        else:
            unproven.append(spec.name)
        wishes = sum(w.weight for w in solution.wishes_broken if w.why != "固定安排")
        report(BENCH, spec.name, gap, "count", 0, proven=exact.proven, engine_spread_sum=engine_sum,
               optimum=exact.optimum if exact.proven else None, solver_best=exact.optimum, solver_bound=exact.bound,
               engine_lower_bound=solution.lower_bound, engine_seconds=round(seconds, 3),
               engine_cpu_seconds=round(cpu, 3),
               solver_seconds=round(exact.seconds, 1), kind=spec.kind, people=spec.size, cells=exact.cells,
               uncovered=len(solution.uncovered), coverage_gap=coverage_gap, wishes_broken_weight=wishes,
               wishes_optimum=exact.wishes if exact.wishes_proven else None)
    report(BENCH, "total_gap", gaps, "count", 0, scenarios=len(specs), proven=len(specs) - len(unproven),
           unproven=unproven)
    # Wall-clock time is the budget; the engine's own CPU time beside it shows what other load on the machine
    # added (the engine runs on one core).
    for kind, budget in (("month", 1), ("year", 10)):
        if times[kind]:
            report(BENCH, f"{kind}_max_time", max(times[kind]), "s", budget, scenarios=len(times[kind]),
                   cpu_seconds=round(max(cpu_times[kind]), 3))


if __name__ == "__main__":
    main()
