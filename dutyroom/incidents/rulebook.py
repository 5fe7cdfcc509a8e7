"""Which rules are in force: shipped presets, administrator versions, activations — all kept for ever.

With no activation recorded, the shipped national preset applies. Every version that ever planned a
deadline is stored (by digest), so an incident can always show the exact rules it was planned with.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any

from dutyroom.errors import NotFound, ValidationError
from dutyroom.incidents.rules import RuleSet, parse_rule_set
from dutyroom.paths import app_path
from dutyroom.session import Session, Tx
from dutyroom.store import Store

SHIPPED: dict[str, str] = {"national": "全国默认", "henan": "河南从严"}
DEFAULT_KEY = "national"


@functools.lru_cache(maxsize=8)
def shipped_rule_set(key: str = DEFAULT_KEY) -> RuleSet:
    if key not in SHIPPED:
        raise ValidationError(f"没有名为“{key}”的内置规则，可选：{'、'.join(SHIPPED)}。", field="rules")
    return parse_rule_set(app_path("resources", "rules", f"{key}.json").read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=32)
def _parse_cached(digest: str, body_json: str) -> RuleSet:
    return parse_rule_set(body_json)


@dataclass(frozen=True)
class InForce:
    rules: RuleSet
    rule_set_id: int | None     # None while the shipped default applies and was never stored
    label: str


def _row_label(row: Any) -> str:
    origin = "内置" if row["origin"] == "shipped" else "管理员修改"
    return f"{row['name']}（第{row['revision']}版，{origin}）"


def in_force(store: Store) -> InForce:
    row = store.row(
        "SELECT r.* FROM rule_activation a JOIN rule_set r ON r.id = a.rule_set_id ORDER BY a.id DESC LIMIT 1")
    if row is None:
        stored = store.row("SELECT * FROM rule_set WHERE digest = ?", (shipped_rule_set().digest,))
        rules = shipped_rule_set()
        if stored is not None:
            return InForce(rules, stored["id"], _row_label(stored))
        return InForce(rules, None, f"{rules.name}（第1版，内置）")
    return InForce(_parse_cached(row["digest"], row["body_json"]), row["id"], _row_label(row))


def rules_in_force(store: Store) -> RuleSet:
    return in_force(store).rules


def rules_by_id(store: Store, rule_set_id: int | None) -> RuleSet:
    if rule_set_id is None:
        return shipped_rule_set()
    row = store.row("SELECT digest, body_json FROM rule_set WHERE id = ?", (rule_set_id,))
    if row is None:
        raise NotFound("规则版本不存在。")
    return _parse_cached(row["digest"], row["body_json"])


def _canonical(rules: RuleSet) -> str:
    return json.dumps(rules.body, ensure_ascii=False, indent=1)


def store_version(tx: Tx, rules: RuleSet, *, origin: str, note: str = "") -> int:
    """The row of this exact rule text, inserted (as the key's next revision) if it is new."""
    found = tx.row("SELECT id FROM rule_set WHERE digest = ?", (rules.digest,))
    if found is not None:
        return int(found[0])
    revision = tx.scalar("SELECT COALESCE(MAX(revision), 0) + 1 FROM rule_set WHERE key = ?",
                         (rules.key,))
    rule_set_id = tx.insert("rule_set", {
        "key": rules.key, "revision": revision, "name": rules.name, "origin": origin,
        "body_json": _canonical(rules), "digest": rules.digest, "note": note, "created_at": tx.at,
        "created_by_name": tx.actor.display_name})
    tx.audit("rules.store", "rule_set", rule_set_id,
             after={"key": rules.key, "revision": revision, "name": rules.name, "origin": origin, "note": note})
    return rule_set_id


def ensure_in_force_stored(tx: Tx) -> tuple[RuleSet, int]:
    """The rules in force and their row id (storing the shipped default the first time it plans)."""
    current = in_force(tx.session.store)
    if current.rule_set_id is not None:
        return current.rules, current.rule_set_id
    return current.rules, store_version(tx, current.rules, origin="shipped")


def _activate(tx: Tx, rule_set_id: int, note: str) -> None:
    if in_force(tx.session.store).rule_set_id == rule_set_id:
        return      # already the rules in force: nothing to record
    tx.insert("rule_activation", {"rule_set_id": rule_set_id, "activated_at": tx.at,
                                  "activated_by_name": tx.actor.display_name, "note": note})
    row = tx.snapshot("rule_set", rule_set_id)
    tx.audit("rules.activate", "rule_set", rule_set_id,
             after={"key": row["key"], "revision": row["revision"], "name": row["name"], "note": note})


def save_rule_set(session: Session, body: dict[str, Any] | str, *, note: str = "", activate: bool = True) -> int:
    """An administrator's edited rules become a new version (and, by default, the rules in force).

    Saving the rules in force as they are changes nothing (and needs no note).
    """
    session.require("rules.edit")
    rules = parse_rule_set(body)
    current = in_force(session.store)
    if activate and current.rule_set_id is not None and current.rules.digest == rules.digest:
        return current.rule_set_id
    if rules.key in SHIPPED and rules.digest == shipped_rule_set(rules.key).digest:
        origin = "shipped"
    else:
        origin = "admin"
    note = (note or "").strip()
    if origin == "admin" and not note:
        raise ValidationError("保存修改后的规则须说明修改原因（如依据的文件）。", field="note")
    with session.write() as tx:
        rule_set_id = store_version(tx, rules, origin=origin, note=note)
        if activate:
            _activate(tx, rule_set_id, note or f"启用{rules.name}")
    return rule_set_id


def adopt_shipped(session: Session, key: str, note: str = "") -> int:
    """Put a shipped preset (全国默认 / 河南从严) in force."""
    session.require("rules.edit")
    rules = shipped_rule_set(key)
    with session.write() as tx:
        rule_set_id = store_version(tx, rules, origin="shipped")
        _activate(tx, rule_set_id, (note or "").strip() or f"启用内置规则：{rules.name}")
    return rule_set_id


def activate(session: Session, rule_set_id: int, note: str = "") -> None:
    session.require("rules.edit")
    with session.write() as tx:
        tx.snapshot("rule_set", rule_set_id)
        _activate(tx, rule_set_id, (note or "").strip() or "重新启用此版本")


def history(store: Store) -> list[dict[str, Any]]:
    """Every stored version, newest first, with when it was last put in force."""
    current = in_force(store).rule_set_id
    rows = store.rows(
        "SELECT r.id, r.key, r.revision, r.name, r.origin, r.note, r.created_at, r.created_by_name,"
        " (SELECT MAX(a.activated_at) FROM rule_activation a WHERE a.rule_set_id = r.id) AS last_activated_at"
        " FROM rule_set r ORDER BY r.id DESC")
    out = []
    for row in rows:
        item = dict(row)
        item["label"] = _row_label(row)
        item["in_force"] = row["id"] == current
        out.append(item)
    return out


def body_text(store: Store, rule_set_id: int | None) -> str:
    if rule_set_id is None:
        return json.dumps(shipped_rule_set().body, ensure_ascii=False, indent=1)
    return str(store.scalar("SELECT body_json FROM rule_set WHERE id = ?", (rule_set_id,)))
