"""Grading and deadline rules as data: parsed, checked, and applied to an incident's facts.

A rule set is one JSON document (shipped presets in ``resources/rules/``, admin versions in the
database). Grading follows 493号令 第三条: each criterion grades on its own, "以上"含本数 and
"以下"不含本数, and the most severe grade wins. Flags (较大涉险, 敏感事件, 重大灾情 …) are raised by
their own conditions; a flag may raise the *reporting level* (which deadlines apply) without changing
the grade, and may force reporting regardless of grade.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from typing import Any

from dutyroom.errors import ValidationError
from dutyroom.rule_text import VersionedRules


class Grade(StrEnum):
    """事件等级 (493号令 第三条), most severe first; the rule files and the data store these codes."""
    I = "I"         # noqa: E741 - the grade is called I   特别重大
    II = "II"       # 重大
    III = "III"     # 较大
    IV = "IV"       # 一般


GRADES: tuple[str, ...] = tuple(Grade)          # most severe first
GRADE_LABELS: dict[str, str] = {Grade.I: "特别重大", Grade.II: "重大", Grade.III: "较大", Grade.IV: "一般"}
GRADE_BY_LABEL: dict[str, str] = {label: code for code, label in GRADE_LABELS.items()}
RULE_SCHEMA = 1

# What grading conditions may look at. Counts are people unless said otherwise.
COUNT_MEASURES: dict[str, str] = {
    "dead": "死亡", "missing": "失踪", "serious_injuries": "重伤", "injured": "受伤", "trapped": "被困",
    "at_risk": "涉险", "evacuated": "紧急疏散", "loss_yuan": "直接经济损失",
    "trapped_or_missing": "被困或下落不明", "dead_and_missing": "死亡失踪",
}
BOOL_MEASURES: dict[str, str] = {
    "sensitive": "敏感时间、地点或人群", "sensitive_time": "敏感时间", "sensitive_place": "敏感地点", "sensitive_group": "涉及敏感人群",
    "serious_pollution": "严重环境污染", "key_facility_danger": "危及重要场所设施",
}
GRADING_INPUTS: tuple[str, ...] = ("dead", "missing", "serious_injuries", "injured", "trapped", "at_risk",
                                   "evacuated", "loss_yuan")

TRIGGERS: dict[str, str] = {
    "received": "接报后", "closed": "处置结束后", "casualties_changed": "伤亡变化后", "request": "上级要求后",
}
MEETS: dict[str, str] = {
    "act": "记录完成情况",
    "report:initial": "报送首报", "report:followup": "报送续报", "report:final": "报送终报",
    "report:verification": "报送核报", "report:any": "报送任一信息报告",
    "disaster:initial": "报送灾情初报", "disaster:followup": "报送灾情续报", "disaster:verification": "报送灾情核报",
}
MAX_MINUTES = 60 * 24 * 30


def grade_label(code: str) -> str:
    return GRADE_LABELS.get(code, code)


def more_severe(a: str, b: str) -> str:
    return a if GRADES.index(a) <= GRADES.index(b) else b


def grade_code(text: str) -> str:
    """Accepts 一般/较大/重大/特别重大, IV/III/II/I or 4/3/2/1."""
    text = (text or "").strip().upper()
    numbers = {"1": "I", "2": "II", "3": "III", "4": "IV", "Ⅰ": "I", "Ⅱ": "II", "Ⅲ": "III", "Ⅳ": "IV"}
    if text in GRADES:
        return text
    if text in numbers:
        return numbers[text]
    for label, code in GRADE_BY_LABEL.items():
        if text in (label, f"{label}事件", f"{label}事故"):
            return code
    raise ValidationError(f"未知的事件等级“{text}”：应为 一般、较大、重大 或 特别重大。", field="grade")


def money_text(yuan: int | float) -> str:
    """1000万元, 1.2亿元, 5000元 — the way reports write money."""
    value = float(yuan)
    if abs(value) >= 1e8:
        number, unit = value / 1e8, "亿元"
    elif abs(value) >= 1e4:
        number, unit = value / 1e4, "万元"
    else:
        number, unit = value, "元"
    text = f"{number:.4f}".rstrip("0").rstrip(".")
    return f"{text}{unit}"


def measure_text(key: str, value: int) -> str:
    if key == "loss_yuan":
        return f"直接经济损失{money_text(value)}"
    return f"{COUNT_MEASURES[key]}{value}人"


# -- the parsed rule set --------------------------------------------------------------------------

@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    unit: str
    thresholds: dict[str, int]      # I, II, III -> smallest value ("以上含本数")
    source: str = ""


@dataclass(frozen=True)
class Condition:
    measure: str
    minimum: int | None = None      # count >= minimum
    is_true: bool = False           # boolean measure set

    def holds(self, measures: Mapping[str, Any]) -> bool:
        if self.is_true:
            return bool(measures.get(self.measure))
        return int(measures.get(self.measure) or 0) >= (self.minimum or 0)

    def reason(self, measures: Mapping[str, Any]) -> str:
        if self.is_true:
            return BOOL_MEASURES[self.measure]
        return measure_text(self.measure, int(measures.get(self.measure) or 0))


@dataclass(frozen=True)
class Flag:
    key: str
    label: str
    conditions: tuple[Condition, ...]
    report_as: str | None = None
    must_report: bool = False
    categories: frozenset[str] | None = None
    except_categories: frozenset[str] = frozenset()
    source: str = ""

    def applies_to(self, category: str) -> bool:
        if category in self.except_categories:
            return False
        return self.categories is None or category in self.categories


@dataclass(frozen=True)
class StepRule:
    """One row of a step: when it applies (all given filters must hold) and when it is due."""
    levels: frozenset[str] | None = None
    categories: frozenset[str] | None = None
    subtypes: frozenset[str] | None = None
    flags: frozenset[str] | None = None
    minutes: int | None = None
    daily_at: tuple[time, ...] = ()
    within_days: int | None = None
    end_of_day: bool = False
    source: str = ""

    def matches(self, level: str, category: str, subtype: str, flags: frozenset[str]) -> bool:
        return ((self.levels is None or level in self.levels)
                and (self.categories is None or category in self.categories)
                and (self.subtypes is None or subtype in self.subtypes)
                and (self.flags is None or bool(self.flags & flags)))

    @property
    def recurring(self) -> bool:
        return bool(self.daily_at)

    def describe(self) -> str:
        if self.daily_at:
            return "每日" + "、".join(t.strftime("%H:%M") for t in self.daily_at) + "前"
        if self.end_of_day:
            return f"当日24时前（事发{self.within_days}日内）"
        return f"{self.minutes}分钟内"


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    how: str
    to: str
    trigger: str
    meet: str
    upward: bool
    rules: tuple[StepRule, ...]
    first_after_minutes: int = 0

    def rule_for(self, level: str, category: str, subtype: str, flags: frozenset[str]) -> StepRule | None:
        for rule in self.rules:
            if rule.matches(level, category, subtype, flags):
                return rule
        return None


@dataclass(frozen=True)
class Grading:
    grade: str                       # code I..IV by the numbers
    flags: tuple[str, ...]           # flag keys
    flag_labels: tuple[str, ...]
    reasons: tuple[str, ...]         # why this grade ("死亡3人 → 较大")
    flag_reasons: tuple[str, ...]    # why each flag ("涉险12人 → 较大涉险")
    level: str                       # reporting level: the grade raised by flags
    must_report: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "grade": grade_label(self.grade), "flags": list(self.flag_labels), "reasons": list(self.reasons),
            "must_report": self.must_report, "grade_code": self.grade, "level": grade_label(self.level),
            "flag_reasons": list(self.flag_reasons),
        }


@dataclass(frozen=True)
class RuleSet(VersionedRules):
    key: str
    name: str
    version: int
    note: str
    missing_counts_as_dead: bool
    criteria: tuple[Criterion, ...]
    flags: tuple[Flag, ...]
    steps: tuple[Step, ...]
    body: dict[str, Any]

    def step(self, key: str) -> Step:
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    def flag(self, key: str) -> Flag | None:
        return next((f for f in self.flags if f.key == key), None)

    # -- grading -----------------------------------------------------------------------------
    def measures(self, facts: Mapping[str, Any]) -> dict[str, Any]:
        counts = {key: int(facts.get(key) or 0) for key in GRADING_INPUTS}
        counts["trapped_or_missing"] = counts["trapped"] + counts["missing"]
        counts["dead_and_missing"] = counts["dead"] + counts["missing"]
        for key in BOOL_MEASURES:
            counts[key] = bool(facts.get(key))
        return counts

    def grade(self, facts: Mapping[str, Any]) -> Grading:
        """Grade, flags and reasons for a mapping of facts (missing keys count as zero / false)."""
        measures = self.measures(facts)
        category, subtype = str(facts.get("category") or ""), str(facts.get("subtype") or "")
        hits: list[tuple[str, str]] = []
        for criterion in self.criteria:
            value = measures[criterion.key]
            if criterion.key == "dead" and self.missing_counts_as_dead:
                value = measures["dead_and_missing"]
            for code in GRADES[:3]:
                if value >= criterion.thresholds[code]:
                    hits.append((code, self._hit_reason(criterion, measures, code)))
                    break
        if hits:
            grade = min((code for code, _ in hits), key=GRADES.index)
            reasons = tuple(reason for code, reason in hits if code == grade)
        else:
            grade = "IV"
            reasons = (self._general_reason(measures),)
        flags: list[str] = []
        labels: list[str] = []
        flag_reasons: list[str] = []
        level, must_report = grade, False
        for flag in self.flags:
            if not flag.applies_to(category):
                continue
            held = [c for c in flag.conditions if c.holds(measures)]
            if not held:
                continue
            flags.append(flag.key)
            labels.append(flag.label)
            flag_reasons.extend(f"{c.reason(measures)} → {flag.label}" for c in held)
            if flag.report_as:
                level = more_severe(level, flag.report_as)
            must_report = must_report or flag.must_report
        flag_set = frozenset(flags)
        must_report = must_report or self.plans_upward(level, category, subtype, flag_set)
        return Grading(grade, tuple(flags), tuple(labels), reasons, tuple(flag_reasons), level, must_report)

    def level_for(self, grade: str, flags: frozenset[str] | tuple[str, ...]) -> str:
        level = grade
        for flag in self.flags:
            if flag.key in flags and flag.report_as:
                level = more_severe(level, flag.report_as)
        return level

    def plans_upward(self, level: str, category: str, subtype: str, flags: frozenset[str]) -> bool:
        return any(step.upward and step.trigger == "received" and step.rule_for(level, category, subtype, flags)
                   for step in self.steps)

    def _hit_reason(self, criterion: Criterion, measures: Mapping[str, Any], code: str) -> str:
        if criterion.key == "dead" and self.missing_counts_as_dead and measures["missing"]:
            text = (f"死亡{measures['dead']}人、失踪{measures['missing']}人"
                    f"（合计{measures['dead_and_missing']}人）")
        else:
            text = measure_text(criterion.key, measures[criterion.key])
        return f"{text} → {grade_label(code)}"

    def _general_reason(self, measures: Mapping[str, Any]) -> str:
        parts = []
        for criterion in self.criteria:
            value = measures["dead_and_missing"] if (criterion.key == "dead" and self.missing_counts_as_dead) \
                else measures[criterion.key]
            label = "死亡（含失踪）" if (criterion.key == "dead" and self.missing_counts_as_dead) else None
            parts.append(f"{label}{value}人" if label else measure_text(criterion.key, value))
        return "、".join(parts) + "，均未达到较大标准 → 一般"


# -- parsing and checking ---------------------------------------------------------------------------

def _fail(where: str, problem: str) -> ValidationError:
    return ValidationError(f"规则有误（{where}）：{problem}", field="rules")


def _text(data: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(where, f"缺少“{key}”或不是文字。")
    return value.strip()


def _int(value: Any, where: str, *, low: int = 0, high: int = 10**13) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(where, f"“{value}”应为 {low} 到 {high} 之间的整数。")
    return value


def _names(value: Any, where: str, allowed: set[str] | None = None) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise _fail(where, "应为非空的文字列表。")
    if allowed is not None and set(value) - allowed:
        raise _fail(where, f"未知的取值：{'、'.join(sorted(set(value) - allowed))}。")
    return frozenset(value)


def _clock(text: Any, where: str) -> time:
    if not isinstance(text, str) or not re.fullmatch(r"\d{1,2}:\d{2}", text):
        raise _fail(where, f"时刻“{text}”应为“时:分”，例如 08:00。")
    hours, minutes = (int(part) for part in text.split(":"))
    if hours > 23 or minutes > 59:
        raise _fail(where, f"时刻“{text}”不存在。")
    return time(hours, minutes)


def _criterion(data: Any, index: int) -> Criterion:
    where = f"定级标准第{index + 1}项"
    if not isinstance(data, dict):
        raise _fail(where, "应为一个对象。")
    key = _text(data, "key", where)
    if key not in ("dead", "serious_injuries", "loss_yuan", "missing", "injured"):
        raise _fail(where, f"未知的定级指标“{key}”。")
    thresholds = data.get("thresholds")
    if not isinstance(thresholds, dict) or set(thresholds) != {"I", "II", "III"}:
        raise _fail(where, "须给出 I（特别重大）、II（重大）、III（较大）三级的起点数值。")
    values = {code: _int(thresholds[code], f"{where} {grade_label(code)}", low=1) for code in ("I", "II", "III")}
    if not values["I"] > values["II"] > values["III"]:
        raise _fail(where, "起点数值须满足 特别重大 > 重大 > 较大。")
    return Criterion(key, _text(data, "label", where), str(data.get("unit", "")), values, str(data.get("source", "")))


def _flag(data: Any, index: int) -> Flag:
    where = f"标记第{index + 1}项"
    if not isinstance(data, dict):
        raise _fail(where, "应为一个对象。")
    key, label = _text(data, "key", where), _text(data, "label", where)
    conditions = []
    raw = data.get("when")
    if not isinstance(raw, list) or not raw:
        raise _fail(where, "缺少触发条件“when”。")
    for item in raw:
        if not isinstance(item, dict) or "measure" not in item:
            raise _fail(where, "每个条件须写明“measure”。")
        measure = item["measure"]
        if measure in BOOL_MEASURES and item.get("is") is True:
            conditions.append(Condition(measure, is_true=True))
        elif measure in COUNT_MEASURES and "min" in item:
            conditions.append(Condition(measure, minimum=_int(item["min"], where, low=1)))
        else:
            raise _fail(where, f"条件“{measure}”不成立：数量指标用 min，是否类指标用 \"is\": true。")
    report_as = data.get("report_as")
    if report_as is not None and report_as not in GRADES:
        raise _fail(where, f"report_as 应为 {'/'.join(GRADES)} 之一。")
    return Flag(key, label, tuple(conditions), report_as, bool(data.get("must_report", False)),
                _names(data.get("categories"), where), _names(data.get("except_categories"), where) or frozenset(),
                str(data.get("source", "")))


def _step_rule(data: Any, where: str) -> StepRule:
    if not isinstance(data, dict):
        raise _fail(where, "应为一个对象。")
    minutes = data.get("minutes")
    daily = data.get("daily_at")
    end_of_day = bool(data.get("end_of_day", False))
    chosen = [minutes is not None, daily is not None, end_of_day]
    if sum(chosen) != 1:
        raise _fail(where, "须且只须给出 minutes（几分钟内）、daily_at（每日几时前）或 end_of_day（当日）之一。")
    within = data.get("within_days")
    if end_of_day and within is None:
        raise _fail(where, "end_of_day 须同时给出 within_days（事发后几日内）。")
    times: tuple[time, ...] = ()
    if daily is not None:
        if not isinstance(daily, list) or not daily:
            raise _fail(where, "daily_at 应为时刻列表，例如 [\"08:00\", \"17:00\"]。")
        times = tuple(sorted(_clock(t, where) for t in daily))
        if len(set(times)) != len(times):
            raise _fail(where, "daily_at 中的时刻重复。")
    return StepRule(
        levels=_names(data.get("levels"), where, set(GRADES)),
        categories=_names(data.get("categories"), where),
        subtypes=_names(data.get("subtypes"), where),
        flags=_names(data.get("flags"), where),
        minutes=None if minutes is None else _int(minutes, where, low=1, high=MAX_MINUTES),
        daily_at=times,
        within_days=None if within is None else _int(within, where, low=1, high=366),
        end_of_day=end_of_day,
        source=str(data.get("source", "")),
    )


def _step(data: Any, index: int) -> Step:
    where = f"报送时限第{index + 1}项"
    if not isinstance(data, dict):
        raise _fail(where, "应为一个对象。")
    key = _text(data, "key", where)
    where = f"报送时限“{key}”"
    trigger, meet = data.get("trigger"), data.get("meet")
    if trigger not in TRIGGERS:
        raise _fail(where, f"trigger 应为 {'、'.join(TRIGGERS)} 之一。")
    if meet not in MEETS:
        raise _fail(where, f"meet 应为 {'、'.join(MEETS)} 之一。")
    raw = data.get("rules")
    if not isinstance(raw, list) or not raw:
        raise _fail(where, "缺少适用规则“rules”。")
    rules = tuple(_step_rule(item, f"{where}第{n + 1}条") for n, item in enumerate(raw))
    for rule in rules:
        if rule.daily_at and trigger != "received":
            raise _fail(where, "每日定时的续报只能由接报触发（trigger 为 received）。")
        if rule.end_of_day and trigger != "casualties_changed":
            raise _fail(where, "end_of_day 只用于伤亡变化补报（trigger 为 casualties_changed）。")
    return Step(key, _text(data, "label", where), str(data.get("how", "")), str(data.get("to", "")), trigger, meet,
                bool(data.get("upward", True)), rules,
                _int(data.get("first_after_minutes", 0), where, high=MAX_MINUTES))


def parse_rule_set(body: Mapping[str, Any] | str) -> RuleSet:
    """Check a rule document and build the rule set; any problem is a ValidationError in Chinese."""
    from dutyroom.rulebook import json_document

    body = json_document(body, "规则", RULE_SCHEMA)
    grading, deadlines = body.get("grading"), body.get("deadlines")
    if not isinstance(grading, dict) or not isinstance(deadlines, dict):
        raise _fail("整体", "须包含 grading（定级）和 deadlines（时限）两部分。")
    criteria = tuple(_criterion(item, n) for n, item in enumerate(grading.get("criteria") or []))
    if not any(c.key == "dead" for c in criteria):
        raise _fail("定级标准", "至少须有死亡人数（dead）一项。")
    if len({c.key for c in criteria}) != len(criteria):
        raise _fail("定级标准", "指标重复。")
    flags = tuple(_flag(item, n) for n, item in enumerate(grading.get("flags") or []))
    if len({f.key for f in flags}) != len(flags):
        raise _fail("标记", "key 重复。")
    steps = tuple(_step(item, n) for n, item in enumerate(deadlines.get("steps") or []))
    keys = [s.key for s in steps]
    if len(set(keys)) != len(keys):
        raise _fail("报送时限", "key 重复。")
    if "notify_leader" not in keys:
        raise _fail("报送时限", "须包含报告带班领导（notify_leader）一项。")
    known_flags = {f.key for f in flags}
    for step in steps:
        for rule in step.rules:
            if rule.flags is not None and rule.flags - known_flags:
                raise _fail(f"报送时限“{step.key}”", f"引用了未定义的标记：{'、'.join(sorted(rule.flags - known_flags))}。")
    version = _int(body.get("version", 1), "整体 version", low=1, high=10**6)
    return RuleSet(
        key=_text(body, "key", "整体"), name=_text(body, "name", "整体"), version=version,
        note=str(body.get("note", "")), missing_counts_as_dead=bool(grading.get("missing_counts_as_dead", False)),
        criteria=criteria, flags=flags, steps=steps, body=dict(body),
    )
