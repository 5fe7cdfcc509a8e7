"""The relay rules (叫应规则) as data: for each warning type and level, whom to call, whom to tell first, the
deadline for everyone answered, the retry interval, the tries before the B角 and before escalation, and
whether the level is relayed by calls (a person must answer) or by a notice only.

One JSON document (the shipped preset in ``resources/warnings/``, administrator versions in the database,
versioned like the incident rules through ``dutyroom.rulebook``). ``RelayRules.plan`` turns a type and a
level into the ``Plan`` a notice is relayed with; the plan is stored with the notice, so a call list is
always explained by the rules it was made with.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from dutyroom.errors import ValidationError
from dutyroom.rule_text import VersionedRules
from dutyroom.rulebook import RuleFamily, json_document
from dutyroom.warnings.catalog import LEVEL_LABELS, LEVELS, catalogue

RELAY_SCHEMA = 1


class RelayMode(StrEnum):
    CALL = "call"           # until a person answers
    NOTICE = "notice"       # told only (a message to everyone on the list)


MODES: dict[str, str] = {RelayMode.CALL: "逐一电话叫应", RelayMode.NOTICE: "只发通知"}
MAX_MINUTES = 24 * 60
SCOPES = ("affected", "county")


@dataclass(frozen=True)
class Selector:
    """Whom one line of a rule names: people with a tag, a position in a kind of unit, a contact group's
    members, or the duty staff on duty now (带班领导). All given filters must hold.

    ``scope`` "affected" keeps only people in the affected townships (and their villages); "county" takes
    them wherever they sit.
    """
    key: str
    label: str
    tags: tuple[str, ...] = ()
    unit_kinds: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()
    group: str = ""
    duty_roles: tuple[str, ...] = ()
    scope: str = "affected"
    source: str = ""


@dataclass(frozen=True)
class RelayRule:
    types: frozenset[str] | None
    levels: frozenset[str] | None
    call: tuple[str, ...]
    mode: str
    deadline_minutes: int | None
    retry_minutes: int | None
    source: str

    def matches(self, type_name: str, level: str) -> bool:
        return (self.types is None or type_name in self.types) and (self.levels is None or level in self.levels)


@dataclass(frozen=True)
class Plan:
    """How one notice is relayed, as planned when it was entered (stored with the notice)."""
    mode: str
    selectors: tuple[str, ...]
    selector_labels: tuple[str, ...]
    deadline_minutes: int | None       # everyone answered within; None for a notice only
    retry_minutes: int
    leader_selector: str | None
    leader_minutes: int | None
    tries_before_backup: int
    tries_before_escalation: int
    escalate_to: tuple[str, ...]
    escalation_minutes: int
    rule_text: str
    source: str

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Plan:
        values = dict(data)
        for key in ("selectors", "selector_labels", "escalate_to"):
            values[key] = tuple(values.get(key) or ())
        return cls(**values)

    @property
    def calls(self) -> bool:
        return self.mode == "call"


@dataclass(frozen=True)
class RelayRules(VersionedRules):
    key: str
    name: str
    version: int
    note: str
    selectors: dict[str, Selector]
    levels: dict[str, dict[str, Any]]
    tell_first: tuple[str, int] | None
    tries_before_backup: int
    tries_before_escalation: int
    escalate_to: tuple[str, ...]
    escalation_minutes: int
    rules: tuple[RelayRule, ...]
    lift: dict[str, Any]
    body: dict[str, Any]

    def rule_for(self, type_name: str, level: str) -> RelayRule:
        for rule in self.rules:
            if rule.matches(type_name, level):
                return rule
        raise ValidationError(f"叫应规则中没有适用于{type_name}{LEVEL_LABELS.get(level, level)}预警的条目，"
                              "请管理员在“叫应规则”中补充。", field="level")

    def plan(self, type_name: str, level: str, *, lift: bool = False, selectors: tuple[str, ...] = ()) -> Plan:
        """The plan of a notice; a lift keeps the lifted notice's ``selectors`` (everyone told is told again)."""
        rule = self.rule_for(type_name, level)
        level_rule = self.levels[level]
        if lift:
            mode = str(self.lift.get("mode", "call"))
            deadline = self.lift.get("deadline_minutes")
            retry = int(self.lift.get("retry_minutes") or level_rule["retry_minutes"])
            chosen = selectors or rule.call
            source = str(self.lift.get("source", ""))
            text = f"解除：{MODES[mode]}原叫应对象" + (f"，{deadline}分钟内全部应答" if mode == "call" else "")
        else:
            mode = rule.mode
            deadline = rule.deadline_minutes or level_rule["deadline_minutes"]
            retry = rule.retry_minutes or int(level_rule["retry_minutes"])
            chosen = rule.call
            source = "；".join(s for s in (rule.source, str(level_rule.get("source", ""))) if s)
            labels = "、".join(self.selectors[k].label for k in chosen)
            text = (f"{type_name}{LEVEL_LABELS[level]}：{MODES[mode]}{labels}"
                    + (f"，{deadline}分钟内全部应答" if mode == "call" else ""))
        leader = self.tell_first
        return Plan(
            mode=mode, selectors=tuple(chosen), selector_labels=tuple(self.selectors[k].label for k in chosen),
            deadline_minutes=int(deadline) if mode == "call" and deadline else None, retry_minutes=retry,
            leader_selector=leader[0] if leader else None, leader_minutes=leader[1] if leader else None,
            tries_before_backup=self.tries_before_backup, tries_before_escalation=self.tries_before_escalation,
            escalate_to=self.escalate_to, escalation_minutes=self.escalation_minutes, rule_text=text, source=source)


# -- parsing and checking ---------------------------------------------------------------------------

def _fail(where: str, problem: str) -> ValidationError:
    return ValidationError(f"叫应规则有误（{where}）：{problem}", field="rules")


def _minutes(value: Any, where: str, *, low: int = 1, high: int = MAX_MINUTES) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _fail(where, f"“{value}”应为 {low} 到 {high} 之间的整数。")
    return value


def _words(value: Any, where: str, allowed: set[str] | None = None) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(where, "应为文字列表。")
    if allowed is not None and set(value) - allowed:
        raise _fail(where, f"未知的取值：{'、'.join(sorted(set(value) - allowed))}。")
    return tuple(v.strip() for v in value)


def _selector(key: str, data: Any) -> Selector:
    from dutyroom.duty.roles import DUTY_ROLES
    from dutyroom.org import UNIT_KINDS

    where = f"叫应对象“{key}”"
    if not isinstance(data, dict):
        raise _fail(where, "应为一个对象。")
    label = data.get("label")
    if not isinstance(label, str) or not label.strip():
        raise _fail(where, "缺少名称 label。")
    selector = Selector(
        key=key, label=label.strip(), tags=_words(data.get("tags"), where), positions=_words(data.get("positions"), where),
        unit_kinds=_words(data.get("unit_kinds"), where, set(UNIT_KINDS)),
        group=str(data.get("group") or "").strip(), duty_roles=_words(data.get("duty_roles"), where, set(DUTY_ROLES)),
        scope=str(data.get("scope", "affected")), source=str(data.get("source", "")))
    if selector.scope not in SCOPES:
        raise _fail(where, "scope 应为 affected（仅受影响乡镇）或 county（全县）。")
    if not (selector.tags or selector.unit_kinds or selector.positions or selector.group or selector.duty_roles):
        raise _fail(where, "须至少给出 tags、unit_kinds、positions、group 或 duty_roles 之一。")
    if selector.duty_roles and (selector.tags or selector.unit_kinds or selector.positions or selector.group):
        raise _fail(where, "duty_roles（当班人员）不能与其他条件合用。")
    return selector


def _relay_rule(data: Any, index: int, selectors: Mapping[str, Selector]) -> RelayRule:
    where = f"叫应条目第{index + 1}项"
    if not isinstance(data, dict):
        raise _fail(where, "应为一个对象。")
    types = _words(data.get("types"), where, set(catalogue().names))
    levels = _words(data.get("levels"), where, set(LEVELS))
    call = _words(data.get("call"), where, set(selectors))
    mode = data.get("mode", "call")
    if mode not in MODES:
        raise _fail(where, "mode 应为 call（逐一电话叫应）或 notice（只发通知）。")
    if not call:
        raise _fail(where, "缺少叫应对象 call。")
    deadline, retry = data.get("deadline_minutes"), data.get("retry_minutes")
    return RelayRule(frozenset(types) if types else None, frozenset(levels) if levels else None, call, mode,
                     None if deadline is None else _minutes(deadline, where),
                     None if retry is None else _minutes(retry, where), str(data.get("source", "")))


def _levels(data: Any) -> dict[str, dict[str, Any]]:
    if not isinstance(data, dict) or set(data) != set(LEVELS):
        raise _fail("levels", "须为 red、orange、yellow、blue 四个级别各给出时限。")
    out = {}
    for code in LEVELS:
        item = data[code]
        where = f"levels.{code}"
        if not isinstance(item, dict):
            raise _fail(where, "应为一个对象。")
        out[code] = {"deadline_minutes": _minutes(item.get("deadline_minutes"), where),
                     "retry_minutes": _minutes(item.get("retry_minutes"), where, high=120),
                     "source": str(item.get("source", ""))}
    return out


def parse_relay_rules(body: Mapping[str, Any] | str) -> RelayRules:
    """Check a relay rule document and build it; any problem is a ValidationError in Chinese."""
    body = json_document(body, "叫应规则", RELAY_SCHEMA)
    for key in ("key", "name"):
        if not isinstance(body.get(key), str) or not body[key].strip():
            raise _fail("整体", f"缺少“{key}”。")
    raw_selectors = body.get("selectors")
    if not isinstance(raw_selectors, dict) or not raw_selectors:
        raise _fail("selectors", "须列出叫应对象。")
    selectors = {key: _selector(key, data) for key, data in raw_selectors.items()}
    first = body.get("tell_first")
    tell_first = None
    if first is not None:
        if not isinstance(first, dict) or first.get("selector") not in selectors:
            raise _fail("tell_first", "selector 须为已定义的叫应对象。")
        tell_first = (first["selector"], _minutes(first.get("minutes"), "tell_first"))
    backup = _minutes(body.get("tries_before_backup"), "tries_before_backup", high=10)
    escalation_tries = _minutes(body.get("tries_before_escalation"), "tries_before_escalation", high=20)
    if escalation_tries < backup:
        raise _fail("tries_before_escalation", "上报前的叫应次数不能少于启用B角前的次数。")
    escalation = body.get("escalation")
    if not isinstance(escalation, dict):
        raise _fail("escalation", "须给出未叫醒时上报的对象 to 和时限 minutes。")
    escalate_to = _words(escalation.get("to"), "escalation.to", set(selectors))
    rules = body.get("relay")
    if not isinstance(rules, list) or not rules:
        raise _fail("relay", "须至少有一条叫应条目。")
    parsed = tuple(_relay_rule(item, n, selectors) for n, item in enumerate(rules))
    if not any(r.types is None and r.levels is None for r in parsed) and not all(
            any(r.matches(t, code) for r in parsed) for t in catalogue().names for code in LEVELS):
        uncovered = sorted({f"{t}{LEVEL_LABELS[c]}" for t in catalogue().names for c in LEVELS
                            if not any(r.matches(t, c) for r in parsed)})
        raise _fail("relay", f"以下预警没有适用的条目：{'、'.join(uncovered[:6])}{'等' if len(uncovered) > 6 else ''}。")
    lift = body.get("lift") or {"mode": "call", "deadline_minutes": 30}
    if not isinstance(lift, dict) or lift.get("mode", "call") not in MODES:
        raise _fail("lift", "mode 应为 call 或 notice。")
    if lift.get("mode", "call") == "call":
        _minutes(lift.get("deadline_minutes"), "lift.deadline_minutes")
    return RelayRules(
        key=body["key"].strip(), name=body["name"].strip(),
        version=_minutes(body.get("version", 1), "version", high=10**6), note=str(body.get("note", "")),
        selectors=selectors, levels=_levels(body.get("levels")), tell_first=tell_first,
        tries_before_backup=backup, tries_before_escalation=escalation_tries, escalate_to=escalate_to,
        escalation_minutes=_minutes(escalation.get("minutes"), "escalation.minutes"), rules=parsed, lift=dict(lift),
        body=dict(body))


SHIPPED: dict[str, str] = {"relay-local": "本地默认"}

FAMILY: RuleFamily[RelayRules] = RuleFamily(
    key="warnings", title="叫应规则", folder="warnings", shipped=SHIPPED, default_key="relay-local",
    permission="warnings.rules", parse=parse_relay_rules)
