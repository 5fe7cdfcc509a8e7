"""Issue 3 budgets: a month for 44 staff ≤ 1 s, a year ≤ 10 s, memory ≤ 200 MB; fairness spreads ≤ 1,
with a naive round-robin on the same scenario reported side by side. The same metrics are reported for
the officer day/night split (``split_…``: same 44 staff, 白班 and 夜班 officer cells, 夜班 spread too).

The scenario (seeded, deterministic): 10 leaders, 10 chiefs, 24 officers (standby drawn from chiefs and
officers), slots 1+1+2+2, four weeks of leave spread over people, one holiday in the month (国庆节,
2026-10-01…07, with 双带班), and a balanced history so the ledger is part of the problem.
"""

from __future__ import annotations

import random
import time
from datetime import date, timedelta
from typing import Any

from tests.bench.common import peak_rss_mb, report

BENCH = "roster"
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"


def county_scenario(first: date, last: date, *, seed: int = 3, leave_weeks: int = 4,
                    history: bool = True) -> dict[str, Any]:
    rng = random.Random(seed)
    people = []
    for role, count in (("leader", 10), ("chief", 10), ("officer", 24)):
        for n in range(count):
            roles = [role] if role == "leader" else [role, "standby"]
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            people.append({"id": f"{role[0]}{n + 1:02d}", "name": name, "roles": roles, "no_night": False})
    unavailable = []
    span = (last - first).days + 1
    # Four weeks of leave as 28 person-days in blocks of 3–5 days, on people picked at random.
    left = leave_weeks * 7 * max(1, span // 28)
    while left > 0:
        length = min(left, rng.randint(3, 5))
        start = first + timedelta(days=rng.randrange(max(1, span - length)))
        person = rng.choice(people)["id"]
        unavailable.append({"person": person, "start": start.isoformat(),
                            "end": (start + timedelta(days=length - 1)).isoformat(), "reason": "请假"})
        left -= length
    past = {}
    if history:
        for person in people:
            roles = {}
            for role in person["roles"]:
                base = {"leader": 36, "chief": 36, "officer": 30, "standby": 22}[role]
                roles[role] = {"total": base + rng.randint(0, 1), "weekend": 10 + rng.randint(0, 1),
                               "holiday": 3 + rng.randint(0, 1)}
            past[person["id"]] = roles
    return {
        "period": {"start": first.isoformat(), "end": last.isoformat()},
        "slots": {"leader": 1, "chief": 1, "officer": 2, "standby": 2},
        "people": people,
        "unavailable": unavailable,
        "heightened": [],
        "rest_days": {"leader": 1, "chief": 2, "officer": 2, "standby": 1},
        "history": past,
        "pins": [],
    }


def _solve(data: dict[str, Any], naive: bool = False) -> tuple[float, Any]:
    from dutyroom.roster.engine import round_robin, solve
    from dutyroom.roster.model import scenario_from_json
    from dutyroom.roster.quality import assess

    started = time.perf_counter()
    scenario = scenario_from_json(data)
    solution = round_robin(scenario) if naive else solve(scenario)
    seconds = time.perf_counter() - started
    return seconds, assess(solution, warnings=scenario.warnings())


def _fairness(label: str, quality: Any, naive: Any) -> None:
    for role, cats in quality.spread.items():
        for cat, value in cats.items():
            report(BENCH, f"{label}_spread_{role}_{cat}", value, "count", 1,
                   naive_round_robin=naive.spread.get(role, {}).get(cat))


def _scenario_metrics(label: str, month: dict[str, Any], year: dict[str, Any]) -> None:
    _solve(month)  # warm imports (chinese-calendar, the engine) out of the measurement
    seconds, quality = [], None
    for _ in range(5):
        taken, quality = _solve(month)
        seconds.append(taken)
    _, naive = _solve(month, naive=True)
    report(BENCH, f"{label}month_44_staff", sorted(seconds)[len(seconds) // 2], "s", 1, runs=len(seconds))
    report(BENCH, f"{label}month_uncovered", quality.metrics()["uncovered"], "count", 0,
           naive_round_robin=naive.metrics()["uncovered"])
    report(BENCH, f"{label}month_violations", len(quality.violations), "count", 0,
           naive_round_robin=len(naive.violations))
    _fairness(f"{label}month", quality, naive)
    taken, year_quality = _solve(year)
    _, year_naive = _solve(year, naive=True)
    report(BENCH, f"{label}year_44_staff", taken, "s", 10)
    report(BENCH, f"{label}year_uncovered", year_quality.metrics()["uncovered"], "count", 0,
           naive_round_robin=year_naive.metrics()["uncovered"])
    _fairness(f"{label}year", year_quality, year_naive)


def main() -> None:
    month = county_scenario(date(2026, 10, 1), date(2026, 10, 31))
    _solve(month)  # warm imports (chinese-calendar, the engine) out of the measurement
    seconds, quality = [], None
    for _ in range(5):
        taken, quality = _solve(month)
        seconds.append(taken)
    _, naive = _solve(month, naive=True)
    report(BENCH, "month_44_staff", sorted(seconds)[len(seconds) // 2], "s", 1, runs=len(seconds))
    report(BENCH, "month_uncovered", quality.metrics()["uncovered"], "count", 0,
           naive_round_robin=naive.metrics()["uncovered"])
    report(BENCH, "month_violations", len(quality.violations), "count", 0,
           naive_round_robin=len(naive.violations))
    _fairness("month", quality, naive)
    year = county_scenario(date(2026, 1, 1), date(2026, 12, 31))
    taken, year_quality = _solve(year)
    _, year_naive = _solve(year, naive=True)
    report(BENCH, "year_44_staff", taken, "s", 10)
    report(BENCH, "year_uncovered", year_quality.metrics()["uncovered"], "count", 0,
           naive_round_robin=year_naive.metrics()["uncovered"])
    _fairness("year", year_quality, year_naive)
    _scenario_metrics("split_", {**month, "officer_split": True}, {**year, "officer_split": True})
    report(BENCH, "peak_memory", peak_rss_mb(), "MB", 200)


if __name__ == "__main__":
    main()
