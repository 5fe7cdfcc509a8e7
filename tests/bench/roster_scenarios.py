"""Generated roster scenarios (seeded, deterministic) for the optimum benchmark and the tests.

Each is a ``roster solve`` JSON scenario: 20–80 staff, leave in blocks, newcomers and leavers, pins,
history ledgers with last duties and published duties just before the period, 春节/国庆/other holiday
months, the officer day/night split, 重要时段 raising slots, "no night duty" people, monthly maxima,
wishes, pairs kept apart and new officers.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"


@dataclass(frozen=True)
class Spec:
    name: str
    seed: int
    size: int
    first: date
    last: date
    split: bool = False
    officers: int = 2
    standby: int = 2
    leave_weeks: int = 4
    pins: int = 0
    heightened: bool = False
    newcomers: int = 0
    uneven_history: bool = False
    wishes: int = 0
    pairs: int = 0
    new_officers: int = 0
    no_night: int = 0
    monthly_max: int | None = None
    chief_standby: bool = True        # chiefs also serve as 备勤 (else standby comes from officers only)

    @property
    def kind(self) -> str:
        return "year" if (self.last - self.first).days > 62 else "month"


def _month(year: int, month: int) -> tuple[date, date]:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, 1), following - timedelta(days=1)


SPECS: tuple[Spec, ...] = (
    Spec("m01_oct_44", 1, 44, *_month(2026, 10)),
    Spec("m02_feb_spring_20", 2, 20, *_month(2026, 2), officers=1, standby=1, leave_weeks=2),
    Spec("m03_feb_spring_60_split", 3, 60, *_month(2026, 2), split=True, pins=4),
    Spec("m04_jan_2025_spring_36", 4, 36, *_month(2025, 1), newcomers=2, pins=3),
    Spec("m05_oct_80_split", 5, 80, *_month(2026, 10), split=True, standby=3, leave_weeks=8, no_night=4),
    Spec("m06_may_28", 6, 28, *_month(2026, 5), uneven_history=True, pins=2),
    Spec("m07_jul_flood_50", 7, 50, *_month(2026, 7), heightened=True, leave_weeks=6),
    Spec("m08_jun_24_split", 8, 24, *_month(2026, 6), split=True, officers=1, standby=1, wishes=6),
    Spec("m09_dec_44_wishes", 9, 44, *_month(2026, 12), wishes=10, pairs=2, new_officers=3),
    Spec("m10_jan_66_newcomers", 10, 66, *_month(2026, 1), newcomers=5, uneven_history=True),
    Spec("m11_sep_oct_32", 11, 32, date(2026, 9, 15), date(2026, 10, 14), pins=5, heightened=True),
    Spec("m12_apr_40_max", 12, 40, *_month(2026, 4), monthly_max=6, no_night=3, leave_weeks=6),
    Spec("m13_feb_70_rules", 13, 70, *_month(2026, 2), wishes=12, pairs=3, new_officers=6, pins=3),
    Spec("m14_oct_22_tight", 14, 22, *_month(2026, 10), officers=1, standby=1, leave_weeks=3, no_night=1),
    Spec("m15_aug_54_split_flood", 15, 54, *_month(2026, 8), split=True, heightened=True, wishes=8,
         new_officers=4),
    Spec("m16_mar_46_uneven", 16, 46, *_month(2026, 3), uneven_history=True, newcomers=3, pins=4, pairs=2),
    Spec("m17_nov_30", 17, 30, *_month(2026, 11), wishes=5, no_night=2, monthly_max=8),
    Spec("m18_oct_62_split_rules", 18, 62, *_month(2026, 10), split=True, pairs=3, new_officers=5, wishes=6),
    Spec("y01_2026_44", 21, 44, date(2026, 1, 1), date(2026, 12, 31)),
    Spec("y02_2026_70_split", 22, 70, date(2026, 1, 1), date(2026, 12, 31), split=True, leave_weeks=8, pins=6),
    Spec("y03_2025_30", 23, 30, date(2025, 1, 1), date(2025, 12, 31), heightened=True, newcomers=2, no_night=2,
         chief_standby=False),
    Spec("y04_2026_56_rules", 24, 56, date(2026, 1, 1), date(2026, 12, 31), wishes=10, pairs=3,
         new_officers=4, uneven_history=True),
)


def _people(rng: random.Random, spec: Spec) -> list[dict[str, Any]]:
    leaders = max(4, round(spec.size * 0.18))
    chiefs = max(4, round(spec.size * 0.2))
    officers = spec.size - leaders - chiefs
    people = []
    for role, count in (("leader", leaders), ("chief", chiefs), ("officer", officers)):
        for n in range(count):
            if role == "leader":
                roles = ["leader"]
            elif role == "chief":
                roles = ["chief", "officer", "standby"] if rng.random() < 0.2 else ["chief", "standby"]
                if not spec.chief_standby:
                    roles.remove("standby")
            else:
                roles = ["officer"] if rng.random() < 0.15 else ["officer", "standby"]
            name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
            people.append({"id": f"{role[0]}{n + 1:02d}", "name": name, "roles": roles, "no_night": False})
    night_capable = [p for p in people if p["roles"][0] in ("chief", "officer")]
    for person in rng.sample(night_capable, spec.no_night):
        person["no_night"] = True
    return people


def _history(rng: random.Random, spec: Spec, people: list[dict[str, Any]], newcomers: set[str]) -> dict:
    spread = 3 if spec.uneven_history else 1
    past: dict[str, Any] = {}
    for person in people:
        roles = {}
        for role in person["roles"]:
            base = {"leader": 36, "chief": 36, "officer": 30, "standby": 22}[role]
            if person["id"] in newcomers:
                # As the ledger does: a newcomer is credited the role's average for the time before they came,
                # a little below it for the rounding; no 春节/国庆 and no last duty.
                roles[role] = {"total": base - rng.randint(0, 2), "weekend": 10 - rng.randint(0, 1), "holiday": 3}
                continue
            counts = {"total": base + rng.randint(0, spread), "weekend": 10 + rng.randint(0, spread),
                      "holiday": 3 + rng.randint(0, 1), "春节": rng.randint(0, 1), "国庆节": rng.randint(0, 1),
                      "last": (spec.first - timedelta(days=rng.randint(1, 12))).isoformat()}
            if spec.split and role == "officer" and not person["no_night"]:
                counts["night"] = 15 + rng.randint(0, spread)
            roles[role] = counts
        past[person["id"]] = roles
    return past


def _leave(rng: random.Random, spec: Spec, ids: list[str]) -> list[dict[str, Any]]:
    span = (spec.last - spec.first).days + 1
    left = spec.leave_weeks * 7 * max(1, span // 28)
    out = []
    while left > 0:
        length = min(left, rng.randint(3, 6))
        start = spec.first + timedelta(days=rng.randrange(max(1, span - length)))
        out.append({"person": rng.choice(ids), "start": start.isoformat(),
                    "end": (start + timedelta(days=length - 1)).isoformat(),
                    "reason": rng.choice(["请假", "请假", "出差", "培训"])})
        left -= length
    return out


def _heightened(rng: random.Random, spec: Spec) -> list[dict[str, Any]]:
    span = (spec.last - spec.first).days + 1
    out = []
    for _ in range(1 if span < 62 else 3):
        length = rng.randint(5, 12)
        start = spec.first + timedelta(days=rng.randrange(max(1, span - length)))
        out.append({"start": start.isoformat(), "end": (start + timedelta(days=length - 1)).isoformat(),
                    "slots": rng.choice([{"officer": 3}, {"leader": 2, "standby": 3}, {"officer": 3, "standby": 3}]),
                    "name": rng.choice(["主汛期", "森林防火期", "全国两会"])})
    return out


def _wishes(rng: random.Random, spec: Spec, ids: list[str]) -> list[dict[str, Any]]:
    out = []
    span = (spec.last - spec.first).days + 1
    for person in rng.sample(ids, spec.wishes):
        if rng.random() < 0.5:
            out.append({"person": person, "weekdays": sorted(rng.sample(range(1, 8), rng.randint(1, 2))),
                        "weight": rng.randint(1, 3)})
        else:
            days = {spec.first + timedelta(days=rng.randrange(span)) for _ in range(rng.randint(1, 4))}
            out.append({"person": person, "dates": sorted(d.isoformat() for d in days), "weight": rng.randint(1, 3)})
    return out


def _pairs(rng: random.Random, spec: Spec, people: list[dict[str, Any]]) -> list[list[str]]:
    out: list[list[str]] = []
    staff = [p["id"] for p in people if p["roles"][0] != "leader"]
    leaders = [p["id"] for p in people if p["roles"][0] == "leader"]
    while len(out) < spec.pairs:
        first = rng.choice(leaders if len(out) % 2 else staff)
        second = rng.choice(staff)
        if first != second and [first, second] not in out:
            out.append([first, second])
    return out


def _valid_pins(rng: random.Random, data: dict[str, Any], count: int) -> list[dict[str, Any]]:
    """Pins a planner could have made: each free under every hard rule given the pins before it."""
    from dutyroom.roster.model import scenario_from_json
    from dutyroom.roster.quality import Assignment, check_rules

    pins: list[dict[str, Any]] = []
    scenario = scenario_from_json(data)
    cells = scenario.cells()
    tries = 0
    while len(pins) < count and tries < 500:
        tries += 1
        cell = rng.choice(cells)
        if any(p["date"] == cell.day.isoformat() and p["slot"] == cell.role and p["index"] == cell.index
               and p["shift"] == cell.shift for p in pins):
            continue
        person = rng.choice([p for p in scenario.people if cell.role in p.roles]).id
        pin = {"date": cell.day.isoformat(), "slot": cell.role, "index": cell.index, "shift": cell.shift,
               "person": person}
        trial = scenario_from_json({**data, "pins": [*pins, pin]})
        assignments = [Assignment(p.cell, p.person, "固定", True) for p in trial.pins]
        if not check_rules(trial, assignments):
            pins.append(pin)
    return pins


def build(spec: Spec) -> dict[str, Any]:
    rng = random.Random(spec.seed)
    people = _people(rng, spec)
    ids = [p["id"] for p in people]
    span = (spec.last - spec.first).days + 1
    newcomers = set(rng.sample([i for i in ids if not i.startswith("l")], spec.newcomers))
    for pid in sorted(newcomers):
        person = next(p for p in people if p["id"] == pid)
        if rng.random() < 0.5:
            person["join"] = (spec.first + timedelta(days=rng.randrange(span // 2))).isoformat()
    if spec.size >= 40:
        leaver = rng.choice([i for i in ids if i not in newcomers])
        next(p for p in people if p["id"] == leaver)["leave"] = (spec.last - timedelta(days=span // 3)).isoformat()
    if spec.monthly_max is not None:
        for person in rng.sample(people, max(2, spec.size // 8)):
            person["max_per_month"] = spec.monthly_max
    history = _history(rng, spec, people, newcomers)
    previous = []
    for offset in (1, 2):
        day = (spec.first - timedelta(days=offset)).isoformat()
        staff = rng.sample([p for p in people if p["id"] not in newcomers], 5)
        previous += [{"date": day, "slot": p["roles"][0], "person": p["id"]} for p in staff]
    data: dict[str, Any] = {
        "period": {"start": spec.first.isoformat(), "end": spec.last.isoformat()},
        "slots": {"leader": 1, "chief": 1, "officer": spec.officers, "standby": spec.standby},
        "people": people,
        "unavailable": _leave(rng, spec, ids),
        "heightened": _heightened(rng, spec) if spec.heightened else [],
        "holiday_slots": {"leader": 2},
        "rest_days": {"leader": 1, "chief": 2, "officer": 2, "standby": 1},
        "history": history,
        "previous": previous,
        "pins": [],
        "officer_split": spec.split,
    }
    if spec.wishes:
        data["wishes"] = _wishes(rng, spec, ids)
    if spec.pairs:
        data["pairs_apart"] = _pairs(rng, spec, people)
    if spec.new_officers:
        data["new_officers"] = rng.sample([p["id"] for p in people if p["roles"][0] in ("chief", "officer")],
                                          spec.new_officers)
    if spec.pins:
        data["pins"] = _valid_pins(rng, data, spec.pins)
    return data


def generated() -> list[tuple[Spec, dict[str, Any]]]:
    return [(spec, build(spec)) for spec in SPECS]
