"""The quality report shown before publishing: gaps, broken rules, fairness spreads and who is loaded.

``check_rules`` is written independently of the engine's own check, so that it can judge any roster —
generated, hand-edited, or changed by swaps — against the same hard rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dutyroom.duty.roles import ROLE_ORDER, duty_role_label
from dutyroom.roster.engine import Assignment, BrokenWish, Solution, Uncovered, uncovered_warning
from dutyroom.roster.fairness import cell_categories, judged, serves
from dutyroom.roster.model import CATEGORIES, CATEGORY_LABELS, Scenario, overlap, slot_label, team_parts

FAIR_SPREAD = 1


@dataclass(frozen=True)
class Violation:
    day: date
    role: str
    index: int
    person: str
    rule: str
    message: str
    pinned: bool = False
    shift: str = "full"

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "slot": self.role, "index": self.index, "shift": self.shift,
                "person": self.person, "rule": self.rule, "message": self.message, "pinned": self.pinned}


@dataclass(frozen=True)
class Loaded:
    person: str
    name: str
    role: str
    count: int
    average: float

    @property
    def over_percent(self) -> int:
        return round((self.count / self.average - 1) * 100) if self.average else 0

    @property
    def text(self) -> str:
        return f"{self.name}（{duty_role_label(self.role)}）本期{self.count}次，高于平均{self.over_percent}%"


@dataclass
class Quality:
    uncovered: list[Uncovered]
    violations: list[Violation]
    spread: dict[str, dict[str, int]]
    counts: dict[str, dict[str, dict[str, int]]]          # role -> person -> category -> count (with history)
    period_counts: dict[str, dict[str, int]]              # role -> person -> duties in this period
    loaded: list[Loaded]
    imbalance: list[str] = field(default_factory=list)    # why a spread above 1 could not be avoided
    warnings: list[str] = field(default_factory=list)
    # One sentence per empty slot: "2026年12月5日 值班长：无可排人员：3人请假、2人需休息、1人不值夜班".
    uncovered_warnings: list[str] = field(default_factory=list)
    wishes_broken: list[BrokenWish] = field(default_factory=list)
    lower_bound: int | None = None                        # no complete roster has a smaller spread sum
    optimal: bool = False                                 # the engine met the bound: no roster is fairer

    @property
    def spread_sum(self) -> int:
        return sum(v for cats in self.spread.values() for v in cats.values())

    @property
    def fair(self) -> bool:
        return all(v <= FAIR_SPREAD for cats in self.spread.values() for v in cats.values())

    @property
    def blocking(self) -> list[str]:
        """Problems that must be looked at before publishing."""
        out = list(self.warnings)
        if self.uncovered:
            shown = "；".join(self.uncovered_warnings[:3])
            more = "等" if len(self.uncovered_warnings) > 3 else ""
            out.append(f"有{len(self.uncovered)}个岗位无人值班" + (f"（{shown}{more}）" if shown else "") + "。")
        if self.violations:
            out.append(f"有{len(self.violations)}处违反排班规则。")
        return out

    @property
    def wishes_notice(self) -> str:
        """What publishing tells the office about wishes the roster breaks (empty: it breaks none)."""
        if not self.wishes_broken:
            return ""
        shown = "；".join(w.line for w in self.wishes_broken[:3])
        more = "等" if len(self.wishes_broken) > 3 else ""
        weight = sum(w.weight for w in self.wishes_broken)
        return f"有{len(self.wishes_broken)}处未能满足值班意愿（权重合计{weight}：{shown}{more}）。"

    def metrics(self) -> dict[str, Any]:
        return {
            "uncovered": len(self.uncovered),
            "uncovered_slots": [{"date": u.cell.day.isoformat(), "slot": u.cell.role, "index": u.cell.index,
                                 "shift": u.cell.shift, "why": u.why, "warning": text}
                                for u, text in zip(self.uncovered, self.uncovered_warnings, strict=True)],
            "violations": [v.as_dict() for v in self.violations],
            "spread": self.spread,
            "most_loaded": [{"person": x.person, "name": x.name, "slot": x.role, "count": x.count,
                             "over_average_percent": x.over_percent} for x in self.loaded],
            "imbalance": self.imbalance,
            "spread_sum": self.spread_sum,
            "spread_lower_bound": self.lower_bound,
            "optimal": self.optimal,
            "wishes_broken": {"count": len(self.wishes_broken),
                              "weight": sum(w.weight for w in self.wishes_broken),
                              "items": [w.as_dict() for w in self.wishes_broken]},
        }

    def summary_lines(self) -> list[str]:
        lines = [f"无人值班的岗位：{len(self.uncovered)}个", *[f"  {w}" for w in self.uncovered_warnings[:30]],
                 f"违反规则：{len(self.violations)}处"]
        for role, cats in self.spread.items():
            parts = "，".join(f"{CATEGORY_LABELS[c]}{v}" for c, v in cats.items())
            lines.append(f"{duty_role_label(role)}差值（最多−最少，含历史）：{parts}")
        if self.lower_bound is not None:
            verdict = "已达最优（不可能更均衡）" if self.optimal else f"下界为{self.lower_bound}"
            lines.append(f"差值合计：{self.spread_sum}，{verdict}")
        if self.wishes_broken:
            lines.append(f"未能满足的意愿：{len(self.wishes_broken)}处")
            lines += [f"  {w.line}" for w in self.wishes_broken[:30]]
        return lines


def check_rules(scenario: Scenario, assignments: Iterable[Assignment]) -> list[Violation]:
    """Every hard rule a roster breaks, judged against the scenario (and its published neighbours)."""
    people = {p.id: p for p in scenario.people}
    placed = list(assignments)
    duties: dict[str, list[tuple[date, str, bool]]] = defaultdict(list)
    for fixed in scenario.fixed:
        duties[fixed.person].append((fixed.day, fixed.role, True))
    for a in placed:
        duties[a.person].append((a.day, a.role, False))
    out: list[Violation] = []

    def add(a: Assignment, rule: str, message: str) -> None:
        out.append(Violation(a.day, a.role, a.cell.index, a.person, rule, message, a.pinned, a.cell.shift))

    absences = defaultdict(list)
    for absence in scenario.absences:
        absences[absence.person].append(absence)
    monthly: dict[tuple[str, int, int], int] = defaultdict(int)
    for a in placed:
        monthly[(a.person, a.day.year, a.day.month)] += 1
    for a in placed:
        person = people.get(a.person)
        name = person.name if person else a.person
        role = duty_role_label(a.role)
        if person is None or a.role not in person.roles:
            add(a, "eligibility", f"{a.day} {name}不能担任{role}。")
            continue
        if person.join_date and a.day < person.join_date:
            add(a, "availability", f"{a.day} {name}尚未到岗（{person.join_date}起可排班）。")
        if person.leave_date and a.day > person.leave_date:
            add(a, "availability", f"{a.day} {name}已调离（{person.leave_date}后不再排班）。")
        for absence in absences[a.person]:
            if absence.start <= a.day <= absence.end:
                add(a, "availability", f"{a.day} {name}{absence.reason}（{absence.start}至{absence.end}）。")
        if person.no_night and scenario.is_night(a.cell):
            add(a, "no_night", f"{a.day} {name}不值夜班，不能担任{slot_label(a.role, a.cell.shift)}。")
        limit = person.max_per_month if person.max_per_month is not None else scenario.max_per_month
        if limit is not None and monthly[(a.person, a.day.year, a.day.month)] > limit:
            add(a, "monthly_max", f"{name}{a.day.month}月值班{monthly[(a.person, a.day.year, a.day.month)]}次，"
                                  f"超过上限{limit}次。")
        for day, other_role, _fixed in duties[a.person]:
            gap = (a.day - day).days
            if gap == 0 and (day, other_role) != (a.day, a.role):
                add(a, "one_slot_per_day", f"{a.day} {name}同时担任{role}和{duty_role_label(other_role)}。")
            elif gap == 0 and sum(1 for d, r, _ in duties[a.person] if d == a.day and r == a.role) > 1:
                add(a, "one_slot_per_day", f"{a.day} {name}在同一天占了两个{role}岗位。")
                break
            elif 0 < gap <= scenario.rest_days.get(other_role, 0):
                add(a, "rest", f"{a.day} {name}在{day}担任{duty_role_label(other_role)}后只间隔{gap - 1}天"
                               f"（应休息{scenario.rest_days.get(other_role, 0)}天）。")
            elif gap == 1 and a.role == "standby" and other_role != "standby":
                add(a, "standby_after_duty", f"{a.day} {name}前一日值班，不应安排备勤。")
    out += _apart_and_team_violations(scenario, placed)
    unique = {(v.day, v.role, v.shift, v.index, v.rule, v.message): v for v in out}
    return sorted(unique.values(), key=lambda v: (v.day, ROLE_ORDER.index(v.role), v.shift, v.index, v.rule))


def _apart_and_team_violations(scenario: Scenario, placed: list[Assignment]) -> list[Violation]:
    """Two people kept apart on duty at the same time; a team of 值班长/值班员 with a new person and no one
    experienced."""
    names = {p.id: p.name for p in scenario.people}
    by_day: dict[date, list[Assignment]] = defaultdict(list)
    for a in placed:
        by_day[a.day].append(a)
    out = []
    apart = {frozenset(pair) for pair in scenario.pairs_apart}
    for day, held in sorted(by_day.items()):
        for n, first in enumerate(held):
            for second in held[n + 1:]:
                if frozenset((first.person, second.person)) in apart and overlap(first.cell, second.cell):
                    out.append(Violation(day, second.role, second.cell.index, second.person, "apart",
                                         f"{day} {names.get(first.person, first.person)}与"
                                         f"{names.get(second.person, second.person)}不应同班。", second.pinned,
                                         second.cell.shift))
        if not scenario.new_officers:
            continue
        for part in ("day", "night"):
            team = [a for a in held if part in team_parts(a.cell)]
            new = [a for a in team if a.person in scenario.new_officers]
            if new and len(new) == len(team):
                who = "、".join(names.get(a.person, a.person) for a in new)
                for a in new:
                    out.append(Violation(day, a.role, a.cell.index, a.person, "new_officer",
                                         f"{day} 同班的值班长、值班员均为新人（{who}），需有经验人员同班。", a.pinned,
                                         a.cell.shift))
    return out


def assess(solution: Solution, *, warnings: Iterable[str] = ()) -> Quality:
    scenario = solution.scenario
    infos = {i.day: i for i in scenario.days()}
    eligible = {role: [p for p in scenario.people if role in p.roles and serves(p, scenario)]
                for role in ROLE_ORDER}
    counts: dict[str, dict[str, dict[str, int]]] = {
        role: {p.id: {c: scenario.history.get(p.id, {}).get(role, {}).get(c, 0) for c in CATEGORIES}
               for p in pool} for role, pool in eligible.items()}
    period: dict[str, dict[str, int]] = {role: {p.id: 0 for p in pool} for role, pool in eligible.items()}
    for a in solution.assignments:
        if a.person not in counts[a.role]:
            continue
        for cat in cell_categories(infos[a.day], a.cell.shift):
            counts[a.role][a.person][cat] += 1
        period[a.role][a.person] += 1
    spread: dict[str, dict[str, int]] = {}
    for item in judged(scenario):
        values = [counts[item.role][pid][item.category] for pid in item.pool]
        spread.setdefault(item.role, {})[item.category] = max(values) - min(values)
    names = {p.id: p.name for p in scenario.people}
    loaded = []
    for role, persons in period.items():
        if not persons or role not in spread:
            continue
        average = sum(persons.values()) / len(persons)
        top = sorted(((n, pid) for pid, n in persons.items() if n > average), key=lambda x: (-x[0], x[1]))[:2]
        loaded += [Loaded(pid, names[pid], role, n, average) for n, pid in top]
    loaded.sort(key=lambda x: -x.over_percent)
    quality = Quality(solution.uncovered, check_rules(scenario, solution.assignments), spread, counts, period,
                      loaded[:5], warnings=list(warnings),
                      uncovered_warnings=[uncovered_warning(scenario, u) for u in solution.uncovered],
                      wishes_broken=list(solution.wishes_broken), lower_bound=solution.lower_bound,
                      optimal=solution.optimal)
    quality.imbalance = explain_imbalance(scenario, quality)
    return quality


def explain_imbalance(scenario: Scenario, quality: Quality) -> list[str]:
    """One Chinese sentence per role and category whose spread is above 1: who is off and why."""
    people = {p.id: p for p in scenario.people}
    absent_days: dict[str, int] = defaultdict(int)
    for absence in scenario.absences:
        start, end = max(absence.start, scenario.first), min(absence.end, scenario.last)
        if end >= start:
            absent_days[absence.person] += (end - start).days + 1
    pinned: dict[str, int] = defaultdict(int)
    for pin in scenario.pins:
        pinned[pin.person] += 1
    lines = []
    for role, cats in quality.spread.items():
        for cat, value in cats.items():
            if value <= FAIR_SPREAD:
                continue
            values = {pid: c[cat] for pid, c in quality.counts[role].items()
                      if cat != "night" or not people[pid].no_night}
            low, high = min(values.values()), max(values.values())
            causes = []
            for pid in [p for p, v in values.items() if v == low] + [p for p, v in values.items() if v == high]:
                person = people[pid]
                history = scenario.history.get(pid, {}).get(role, {}).get(cat, 0)
                if absent_days[pid]:
                    causes.append(f"{person.name}本期请假/外出{absent_days[pid]}天")
                elif person.join_date and person.join_date > scenario.first:
                    causes.append(f"{person.name}{person.join_date}才到岗")
                elif person.leave_date and person.leave_date < scenario.last:
                    causes.append(f"{person.name}{person.leave_date}调离")
                elif history and values[pid] == high:
                    causes.append(f"{person.name}此前已有{history}次{CATEGORY_LABELS[cat]}")
                elif person.no_night and role in scenario.night_roles and cat != "night":
                    causes.append(f"{person.name}不值夜班")
                elif pinned[pid]:
                    causes.append(f"{person.name}有{pinned[pid]}个固定安排")
            if not causes:
                causes.append("受休息间隔、历史次数和本期岗位数限制")
            unique = list(dict.fromkeys(causes))[:4]
            lines.append(f"{duty_role_label(role)}{CATEGORY_LABELS[cat]}差值为{value}，无法完全均衡："
                         f"{'；'.join(unique)}。")
    return lines


def solution_json(solution: Solution, quality: Quality) -> dict[str, Any]:
    """The ``dutyroom roster solve`` output (README: "Scenario interface")."""
    return {
        "assignments": [{"date": a.day.isoformat(), "slot": a.role, "index": a.cell.index, "shift": a.cell.shift,
                         "person": a.person, "reason": a.reason} for a in solution.assignments],
        "officer_split": solution.scenario.officer_split,
        "metrics": quality.metrics(),
        "warnings": [*quality.warnings, *quality.uncovered_warnings],
        "days": [{"date": i.day.isoformat(), "type": i.kind, "type_label": i.kind_label, "holiday": i.holiday,
                  "known": i.known} for i in solution.scenario.days()],
        "seconds": round(solution.seconds, 3),
    }
