"""The deadline planner: reporting level + flags + times + rules → obligations with due times. Pure.

An obligation is one thing someone must do by a time (tell the leader, phone the level above, send the
首报 …). Recurring steps (续报 by cadence) are planned one instance at a time: instance *n* must be met
inside its window (due of instance *n-1*, due of instance *n*]; the next instance is planned when one
is met, so a clock never stops on its own. Nothing here reads the store or the wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from dutyroom.clock import iso, to_cst
from dutyroom.incidents.rules import TRIGGERS, RuleSet, Step, StepRule, grade_label


@dataclass(frozen=True)
class Situation:
    """What decides which steps apply."""
    level: str
    category: str = ""
    subtype: str = ""
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Planned:
    step: str
    label: str
    due_at: datetime
    window_start: datetime
    level: str
    meet: str
    how: str
    to: str
    recurring: bool
    source: str
    seq: int = 1
    rule_text: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"step": self.step, "label": self.label, "due_at": iso(self.due_at), "level": grade_label(self.level),
                "how": self.how, "to": self.to, "recurring": self.recurring, "seq": self.seq,
                "minutes": round((self.due_at - self.window_start).total_seconds() / 60) if not self.recurring
                else None, "rule": self.rule_text, "source": self.source}


def _planned(step: Step, rule: StepRule, situation: Situation, window_start: datetime, due: datetime,
             seq: int = 1) -> Planned:
    return Planned(step.key, step.label, due, window_start, situation.level, step.meet, step.how, step.to,
                   rule.recurring, rule.source, seq, rule.describe())


def next_slot(rule: StepRule, after: datetime) -> datetime:
    """The first of the rule's daily times strictly later than ``after``."""
    after = to_cst(after)
    day = after.date()
    for offset in range(0, 3):
        for moment in rule.daily_at:
            candidate = datetime.combine(day + timedelta(days=offset), moment, tzinfo=after.tzinfo)
            if candidate > after:
                return candidate
    raise AssertionError("a daily rule always has a slot within two days")


def first_recurring(step: Step, rule: StepRule, situation: Situation, start: datetime) -> Planned:
    """The first instance of a recurring step that starts at ``start`` (接报, re-grading, reopening)."""
    due = next_slot(rule, start + timedelta(minutes=step.first_after_minutes) - timedelta(seconds=1))
    return _planned(step, rule, situation, start, due)


def following(step: Step, rule: StepRule, situation: Situation, previous_due: datetime, seq: int) -> Planned:
    """The instance after one due at ``previous_due``: its window opens where the last one closed."""
    return _planned(step, rule, situation, previous_due, next_slot(rule, previous_due), seq)


def plan_received(situation: Situation, received_at: datetime, rules: RuleSet) -> list[Planned]:
    """Obligations that start at 接报: one-shot steps and the first instance of each recurring one."""
    received_at = to_cst(received_at)
    out = []
    for step in rules.steps:
        if step.trigger != "received":
            continue
        rule = step.rule_for(situation.level, situation.category, situation.subtype, situation.flags)
        if rule is None:
            continue
        if rule.recurring:
            out.append(first_recurring(step, rule, situation, received_at))
        else:
            out.append(_planned(step, rule, situation, received_at, received_at + timedelta(minutes=rule.minutes or 0)))
    return sorted(out, key=lambda p: (p.due_at, p.step))


def plan_closed(situation: Situation, closed_at: datetime, rules: RuleSet) -> list[Planned]:
    closed_at = to_cst(closed_at)
    out = []
    for step in rules.steps:
        if step.trigger != "closed":
            continue
        rule = step.rule_for(situation.level, situation.category, situation.subtype, situation.flags)
        if rule is not None and rule.minutes:
            out.append(_planned(step, rule, situation, closed_at, closed_at + timedelta(minutes=rule.minutes)))
    return out


def plan_casualties_changed(situation: Situation, occurred_at: datetime, changed_at: datetime,
                            rules: RuleSet) -> list[Planned]:
    """补报 of a casualty change inside the watch period after the event: due by the end of that day."""
    occurred_at, changed_at = to_cst(occurred_at), to_cst(changed_at)
    out = []
    for step in rules.steps:
        if step.trigger != "casualties_changed":
            continue
        rule = step.rule_for(situation.level, situation.category, situation.subtype, situation.flags)
        if rule is None or rule.within_days is None or changed_at > occurred_at + timedelta(days=rule.within_days):
            continue
        end_of_day = datetime.combine(changed_at.date(), datetime.max.time(), tzinfo=changed_at.tzinfo)
        out.append(_planned(step, rule, situation, changed_at, end_of_day.replace(microsecond=0)))
    return out


def plan_request(situation: Situation, requested_at: datetime, step_key: str, rules: RuleSet,
                 due_at: datetime | None = None) -> Planned:
    """An obligation an upper level asks for (核报): the given due time, or the rule's default."""
    requested_at = to_cst(requested_at)
    step = rules.step(step_key)
    rule = step.rule_for(situation.level, situation.category, situation.subtype, situation.flags) or step.rules[0]
    due = to_cst(due_at) if due_at else requested_at + timedelta(minutes=rule.minutes or 120)
    return _planned(step, rule, situation, requested_at, due)


def preview(situation: Situation, received_at: datetime, rules: RuleSet, hours: int = 24) -> list[dict[str, Any]]:
    """What the rules promise for an incident received now: every instance due within ``hours``,
    and the steps that start later (处置结束, 伤亡变化, 上级要求) with their rule."""
    received_at = to_cst(received_at)
    horizon = received_at + timedelta(hours=hours)
    items = []
    for planned in plan_received(situation, received_at, rules):
        items.append(planned.as_json())
        if planned.recurring:
            step = rules.step(planned.step)
            rule = step.rule_for(situation.level, situation.category, situation.subtype, situation.flags)
            assert rule is not None
            current, seq = planned, 1
            while True:
                seq += 1
                current = following(step, rule, situation, current.due_at, seq)
                if current.due_at > horizon:
                    break
                items.append(current.as_json())
    items.sort(key=lambda item: item["due_at"])
    for step in rules.steps:
        if step.trigger == "received":
            continue
        rule = step.rule_for(situation.level, situation.category, situation.subtype, situation.flags)
        if rule is None:
            continue
        items.append({"step": step.key, "label": step.label, "due_at": None, "level": grade_label(situation.level),
                      "how": step.how, "to": step.to, "recurring": False, "seq": 1, "minutes": rule.minutes,
                      "rule": f"{TRIGGERS[step.trigger]}{rule.describe()}", "source": rule.source,
                      "trigger": step.trigger})
    return items

