"""Rules as data, kept for ever: shipped presets, administrator versions and activations, by family.

A *family* is one kind of rule document: the incident grading and reporting deadlines (报送规则), the warning
relay rules (叫应规则). Each family names its shipped presets (``resources/<folder>/<key>.json``), how a
document is checked (``parse``) and who may change it. Every version that ever planned anything is stored
once (by digest) in ``rule_set`` under its family, so a record can always show the exact rules it was
planned with; ``rule_activation`` says from when a version applies. With no activation recorded, the
family's default preset applies.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from dutyroom.errors import NotFound, ValidationError
from dutyroom.jsontext import load_json
from dutyroom.paths import app_path
from dutyroom.session import Session, Tx
from dutyroom.store import Store


class RuleDocument(Protocol):
    """What the mechanism needs of a parsed rule document (read-only: the documents are frozen)."""

    @property
    def key(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def body(self) -> dict[str, Any]: ...

    @property
    def digest(self) -> str: ...


R = TypeVar("R", bound=RuleDocument)


@dataclass(frozen=True)
class InForce(Generic[R]):
    rules: R
    rule_set_id: int | None     # None while the shipped default applies and was never stored
    label: str


def json_document(body: Mapping[str, Any] | str, title: str, schema: int) -> dict[str, Any]:
    """A rule document as an object — parsed when given as JSON text — of the schema its family reads;
    otherwise a ValidationError naming the rules (``title``: 规则, 叫应规则)."""
    if isinstance(body, str):
        try:
            body = load_json(body, title)
        except ValidationError as exc:
            raise ValidationError(exc.message, field="rules") from None
    if not isinstance(body, dict):
        raise ValidationError(f"{title}有误（整体）：应为一个JSON对象。", field="rules")
    if body.get("schema") != schema:
        raise ValidationError(f"{title}有误（整体）：schema 应为 {schema}。", field="rules")
    return dict(body)


def _row_label(row: Any) -> str:
    origin = "内置" if row["origin"] == "shipped" else "管理员修改"
    return f"{row['name']}（第{row['revision']}版，{origin}）"


@functools.lru_cache(maxsize=64)
def _parsed(parse: Callable[[Any], Any], digest: str, body_json: str) -> Any:
    return parse(body_json)


@dataclass(frozen=True, eq=False)    # compared and hashed by identity: one object per family
class RuleFamily(Generic[R]):
    key: str                             # rule_set.family
    title: str                           # what the rules are called: 报送规则, 叫应规则
    folder: str                          # resources/<folder>/<preset>.json
    shipped: Mapping[str, str]           # preset key -> its name
    default_key: str
    permission: str                      # who may store and activate versions
    parse: Callable[[Any], R]

    # -- reading -----------------------------------------------------------------------------------
    def shipped_rules(self, key: str | None = None) -> R:
        return _shipped(self, key or self.default_key)

    def in_force(self, store: Store) -> InForce[R]:
        row = store.row(
            "SELECT r.* FROM rule_activation a JOIN rule_set r ON r.id = a.rule_set_id WHERE r.family = ?"
            " ORDER BY a.id DESC LIMIT 1", (self.key,))
        if row is None:
            rules = self.shipped_rules()
            stored = store.row("SELECT * FROM rule_set WHERE digest = ?", (rules.digest,))
            if stored is not None:
                return InForce(rules, stored["id"], _row_label(stored))
            return InForce(rules, None, f"{rules.name}（第1版，内置）")
        return InForce(_parsed(self.parse, row["digest"], row["body_json"]), row["id"], _row_label(row))

    def rules_in_force(self, store: Store) -> R:
        return self.in_force(store).rules

    def rules_by_id(self, store: Store, rule_set_id: int | None) -> R:
        if rule_set_id is None:
            return self.shipped_rules()
        row = store.row("SELECT digest, body_json FROM rule_set WHERE id = ? AND family = ?", (rule_set_id, self.key))
        if row is None:
            raise NotFound(f"{self.title}版本不存在。")
        return _parsed(self.parse, row["digest"], row["body_json"])

    def history(self, store: Store) -> list[dict[str, Any]]:
        """Every stored version, newest first, with when it was last put in force."""
        current = self.in_force(store).rule_set_id
        rows = store.rows(
            "SELECT r.id, r.key, r.revision, r.name, r.origin, r.note, r.created_at, r.created_by_name,"
            " (SELECT MAX(a.activated_at) FROM rule_activation a WHERE a.rule_set_id = r.id) AS last_activated_at"
            " FROM rule_set r WHERE r.family = ? ORDER BY r.id DESC", (self.key,))
        return [{**dict(row), "label": _row_label(row), "in_force": row["id"] == current} for row in rows]

    def body_text(self, store: Store, rule_set_id: int | None) -> str:
        if rule_set_id is None:
            return json.dumps(self.shipped_rules().body, ensure_ascii=False, indent=1)
        text = store.scalar("SELECT body_json FROM rule_set WHERE id = ? AND family = ?", (rule_set_id, self.key))
        if text is None:
            raise NotFound(f"{self.title}版本不存在。")
        return str(text)

    # -- writing (inside an operation's transaction) ------------------------------------------------
    def store_version(self, tx: Tx, rules: R, *, origin: str, note: str = "") -> int:
        """The row of this exact rule text, inserted (as the key's next revision) if it is new."""
        found = tx.row("SELECT id, family FROM rule_set WHERE digest = ?", (rules.digest,))
        if found is not None:
            if found["family"] != self.key:
                raise ValidationError(f"这份规则文本不是{self.title}。", field="rules")
            return int(found["id"])
        revision = tx.scalar("SELECT COALESCE(MAX(revision), 0) + 1 FROM rule_set WHERE key = ?", (rules.key,))
        rule_set_id = tx.insert("rule_set", {
            "family": self.key, "key": rules.key, "revision": revision, "name": rules.name, "origin": origin,
            "body_json": json.dumps(rules.body, ensure_ascii=False, indent=1), "digest": rules.digest,
            "note": note, "created_at": tx.at, "created_by_name": tx.actor.display_name})
        tx.audit("rules.store", "rule_set", rule_set_id, after={
            "family": self.key, "key": rules.key, "revision": revision, "name": rules.name, "origin": origin,
            "note": note})
        return rule_set_id

    def ensure_in_force_stored(self, tx: Tx) -> tuple[R, int]:
        """The rules in force and their row id (storing the shipped default the first time it plans)."""
        current = self.in_force(tx.session.store)
        if current.rule_set_id is not None:
            return current.rules, current.rule_set_id
        return current.rules, self.store_version(tx, current.rules, origin="shipped")

    def _activate(self, tx: Tx, rule_set_id: int, note: str) -> None:
        if self.in_force(tx.session.store).rule_set_id == rule_set_id:
            return      # already the rules in force: nothing to record
        tx.insert("rule_activation", {"rule_set_id": rule_set_id, "activated_at": tx.at,
                                      "activated_by_name": tx.actor.display_name, "note": note})
        row = tx.snapshot("rule_set", rule_set_id)
        tx.audit("rules.activate", "rule_set", rule_set_id, after={
            "family": self.key, "key": row["key"], "revision": row["revision"], "name": row["name"], "note": note})

    # -- operations ----------------------------------------------------------------------------------
    def save(self, session: Session, body: dict[str, Any] | str, *, note: str = "", activate: bool = True) -> int:
        """An administrator's edited rules become a new version (and, by default, the rules in force).

        Saving the rules in force as they are changes nothing (and needs no note).
        """
        session.require(self.permission)
        rules = self.parse(body)
        current = self.in_force(session.store)
        if activate and current.rule_set_id is not None and current.rules.digest == rules.digest:
            return current.rule_set_id
        shipped = rules.key in self.shipped and rules.digest == self.shipped_rules(rules.key).digest
        origin = "shipped" if shipped else "admin"
        note = (note or "").strip()
        if origin == "admin" and not note:
            raise ValidationError("保存修改后的规则须说明修改原因（如依据的文件）。", field="note")
        with session.write() as tx:
            rule_set_id = self.store_version(tx, rules, origin=origin, note=note)
            if activate:
                self._activate(tx, rule_set_id, note or f"启用{rules.name}")
        return rule_set_id

    def adopt_shipped(self, session: Session, key: str, note: str = "") -> int:
        """Put a shipped preset in force."""
        session.require(self.permission)
        rules = self.shipped_rules(key)
        with session.write() as tx:
            rule_set_id = self.store_version(tx, rules, origin="shipped")
            self._activate(tx, rule_set_id, (note or "").strip() or f"启用内置规则：{rules.name}")
        return rule_set_id

    def activate(self, session: Session, rule_set_id: int, note: str = "") -> None:
        session.require(self.permission)
        with session.write() as tx:
            row = tx.snapshot("rule_set", rule_set_id)
            if row["family"] != self.key:
                raise NotFound(f"{self.title}版本不存在。")
            self._activate(tx, rule_set_id, (note or "").strip() or "重新启用此版本")


@functools.lru_cache(maxsize=16)
def _shipped(family: RuleFamily[Any], key: str) -> Any:
    if key not in family.shipped:
        raise ValidationError(f"没有名为“{key}”的内置{family.title}，可选：{'、'.join(family.shipped)}。", field="rules")
    return family.parse(app_path("resources", family.folder, f"{key}.json").read_text(encoding="utf-8"))
