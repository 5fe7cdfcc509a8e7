"""Which grading and reporting rules are in force: the incident family of ``dutyroom.rulebook``.

With no activation recorded, the shipped national preset applies. Every version that ever planned a
deadline is stored (by digest), so an incident can always show the exact rules it was planned with.
"""

from __future__ import annotations

from typing import Any

from dutyroom.incidents.rules import RuleSet, parse_rule_set
from dutyroom.rulebook import InForce, RuleFamily
from dutyroom.session import Session, Tx
from dutyroom.store import Store

SHIPPED: dict[str, str] = {"national": "全国默认", "henan": "河南从严"}
DEFAULT_KEY = "national"

FAMILY: RuleFamily[RuleSet] = RuleFamily(
    key="incidents", title="报送规则", folder="rules", shipped=SHIPPED, default_key=DEFAULT_KEY,
    permission="rules.edit", parse=parse_rule_set)


def shipped_rule_set(key: str = DEFAULT_KEY) -> RuleSet:
    return FAMILY.shipped_rules(key)


def in_force(store: Store) -> InForce[RuleSet]:
    return FAMILY.in_force(store)


def rules_in_force(store: Store) -> RuleSet:
    return FAMILY.rules_in_force(store)


def rules_by_id(store: Store, rule_set_id: int | None) -> RuleSet:
    return FAMILY.rules_by_id(store, rule_set_id)


def store_version(tx: Tx, rules: RuleSet, *, origin: str, note: str = "") -> int:
    return FAMILY.store_version(tx, rules, origin=origin, note=note)


def ensure_in_force_stored(tx: Tx) -> tuple[RuleSet, int]:
    return FAMILY.ensure_in_force_stored(tx)


def save_rule_set(session: Session, body: dict[str, Any] | str, *, note: str = "", activate: bool = True) -> int:
    return FAMILY.save(session, body, note=note, activate=activate)


def adopt_shipped(session: Session, key: str, note: str = "") -> int:
    """Put a shipped preset (全国默认 / 河南从严) in force."""
    return FAMILY.adopt_shipped(session, key, note)


def activate(session: Session, rule_set_id: int, note: str = "") -> None:
    FAMILY.activate(session, rule_set_id, note)


def history(store: Store) -> list[dict[str, Any]]:
    return FAMILY.history(store)


def body_text(store: Store, rule_set_id: int | None) -> str:
    return FAMILY.body_text(store, rule_set_id)
