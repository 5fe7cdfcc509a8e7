"""The one writer: only the store touches the connection, every write names its table, each table belongs to
an area that declares it, and a committed transaction is announced as one typed change set."""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

import pytest

from dutyroom import areas, audit, org, settings
from dutyroom.areas import Declaration, Permission
from dutyroom.auth.permissions import PERMISSIONS
from dutyroom.changes import Area, ChangeSet
from dutyroom.roster import model
from dutyroom.session import Links, Session
from dutyroom.store import STORE_TABLES, Store

PACKAGE = Path(__file__).resolve().parent.parent / "dutyroom"
STORE_LAYER = PACKAGE / "store"


def core_and_gui_sources() -> list[Path]:
    return [p for p in PACKAGE.rglob("*.py") if STORE_LAYER not in p.parents]


def test_only_the_store_layer_touches_a_connection() -> None:
    offenders = []
    for path in core_and_gui_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("conn", "execute", "executemany", "executescript"):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} .{node.attr}")
            if isinstance(node, ast.Attribute) and node.attr == "connect" and getattr(node.value, "id", "") == "sqlite3":
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno} sqlite3.connect")
    assert offenders == []


def test_reads_refuse_to_write(store: Store) -> None:
    with pytest.raises(RuntimeError, match="not a query"):
        store.rows("DELETE FROM setting")
    with pytest.raises(RuntimeError, match="not a query"), store.transaction() as writer:
        writer.scalar("UPDATE setting SET value = '1'")


def test_records_are_voided_not_deleted(system: Session) -> None:
    unit = org.create_unit(system, name="示例单位", kind="other")
    with pytest.raises(RuntimeError, match="voided, never deleted"), system.store.transaction() as writer:
        writer.delete("org_unit", {"id": unit})
    assert system.store.scalar("SELECT COUNT(*) FROM org_unit") == 1


def test_every_table_belongs_to_an_area(store: Store) -> None:
    tables = set(store.column("SELECT name FROM sqlite_master WHERE type = 'table'"))
    virtual = set(store.column("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'"))
    shadow = {t for t in tables for v in virtual if t.startswith(f"{v}_")}   # FTS5's own storage
    owned = set(areas.table_areas())
    assert sorted(tables - shadow - STORE_TABLES - owned) == []
    assert sorted(owned - tables) == []
    assert {areas.area_of(t) for t in owned} == set(Area)


def test_a_table_no_area_declares_is_refused() -> None:
    with pytest.raises(RuntimeError, match="belongs to no area"):
        areas.area_of("scratch_notes")


def test_one_announcement_per_committed_transaction(system: Session) -> None:
    store = system.store
    seen: list[ChangeSet] = []
    store.subscribe(seen.append)
    with store.transaction():
        unit = org.create_unit(system, name="示例单位", kind="other")
        assert seen == []                                         # nested: nothing until the outer commit
        settings.set_value(system, "duty.phone", "0000-1234567")
    assert seen == [ChangeSet(frozenset({Area.ORG, Area.SETTINGS, Area.AUDIT}),
                              frozenset({"org_unit", "setting", "audit_log", "audit_head", "audit_record"}))]
    with pytest.raises(RuntimeError), system.write() as tx:
        tx.update("org_unit", unit, {"notes": "改了"})
        tx.audit("unit.update", "org_unit", unit)
        raise RuntimeError("rolled back")
    assert len(seen) == 1 and store.scalar("SELECT notes FROM org_unit") == ""


def test_the_transaction_knows_what_it_changed(system: Session) -> None:
    with system.write() as tx:
        unit = tx.insert("org_unit", {"name": "示例单位", "kind": "other", "created_at": tx.at,
                                      "updated_at": tx.at})
        tx.audit("unit.create", "org_unit", unit)
    assert tx.changes.areas == {Area.ORG, Area.AUDIT}
    assert tx.changes.touches({Area.ORG}) and not tx.changes.touches({Area.ROSTER})


def test_update_audited_writes_only_what_differs(system: Session) -> None:
    unit = org.create_unit(system, name="示例单位", kind="other")
    person = org.create_person(system, name="张三", unit_id=unit, phones=[("mobile", "13000000001")])
    phone_row = system.store.scalar("SELECT id FROM person_phone WHERE person_id = ?", (person,))
    assert org.update_person(system, person, position="科员", phones=[("mobile", "13000000001")]) is True
    # The unchanged phone was left alone (same row), the changed column written and audited.
    assert system.store.scalar("SELECT id FROM person_phone WHERE person_id = ?", (person,)) == phone_row
    row = system.store.row("SELECT op, before_json, after_json FROM audit_log ORDER BY id DESC LIMIT 1")
    assert row["op"] == "person.update"
    assert audit.changed_fields(row["before_json"], row["after_json"]) == ["position"]
    with system.write() as tx:
        changed = tx.update_audited("person", person, {"position": "科员"}, op="person.update", entity="person",
                                    links=[Links("person_phone", {"person_id": person},
                                                 [{"kind": "mobile", "number": "13000000001", "sort_order": 0}])])
    assert changed is False and not tx.changes


def test_areas_declare_what_the_code_uses() -> None:
    """Every permission asked for and every audit operation written is declared by some area."""
    asked, ops = set(), set()
    for path in core_and_gui_sources():
        text = path.read_text(encoding="utf-8")
        asked |= set(re.findall(r"""\.(?:require|can)\(\s*["']([a-z_.]+)["']""", text))
        ops |= set(re.findall(r"""\.audit\(\s*["']([a-z_.]+)["']""", text))
        ops |= set(re.findall(r"""\bop=["']([a-z_.]+)["']""", text))
    assert len(asked) > 15 and len(ops) > 60
    assert sorted(asked - set(PERMISSIONS)) == []
    assert sorted(ops - set(audit.OP_LABELS)) == []


def test_every_area_package_declares_itself() -> None:
    names = areas.declaration_modules()
    assert {"dutyroom.roster.area", "dutyroom.contacts.area", "dutyroom.dutylog.area", "dutyroom.incidents.area",
            "dutyroom.auth.area", "dutyroom.org.area", "dutyroom.settings.area", "dutyroom.audit.area"} <= set(names)
    assert all(isinstance(d, Declaration) for d in areas.declarations())


def test_two_areas_cannot_declare_one_thing_differently(monkeypatch: pytest.MonkeyPatch) -> None:
    clash = Declaration(permissions={"org.edit": Permission("别的说法", frozenset({"admin"}))})
    declared = areas.declarations()
    monkeypatch.setattr(areas, "declarations", lambda: (*declared, clash))
    with pytest.raises(RuntimeError, match="declare permission 'org.edit' differently"):
        areas.permissions()


def test_roster_defaults_are_defined_once() -> None:
    assert settings.SETTINGS["roster.slots"].default is model.DEFAULT_SLOTS
    assert settings.SETTINGS["roster.rest_days"].default is model.DEFAULT_REST_DAYS
    assert settings.SETTINGS["roster.holiday_slots"].default is model.DEFAULT_HOLIDAY_SLOTS


def test_a_default_read_cannot_change_the_default(store: Store) -> None:
    slots = settings.get(store, "roster.slots")
    slots["leader"] = 9
    assert settings.get(store, "roster.slots")["leader"] == 1


def test_store_copies_itself(store: Store, tmp_path: Path) -> None:
    store.copy_to(tmp_path / "copy.sqlite3")
    conn = sqlite3.connect(tmp_path / "copy.sqlite3")
    assert conn.execute("SELECT COUNT(*) FROM schema_migration").fetchone()[0] == store.schema_version
    conn.close()


def test_store_bookkeeping_is_written_quietly(store: Store) -> None:
    """The contact index's digest is the store's own bookkeeping: written without an announcement (the index
    service rebuilds on announcements, and writes the digest after each rebuild), refused to a Writer."""
    seen: list[ChangeSet] = []
    store.subscribe(seen.append)
    store.record_file_digest("contacts-index", "ab" * 32, "2026-11-24T10:00:00+08:00")
    assert store.file_digest("contacts-index") == "ab" * 32 and seen == []
    with pytest.raises(RuntimeError, match="belongs to no area"), store.transaction() as writer:
        writer.upsert("file_digest", {"name": "x", "sha256": "0", "updated_at": "now"}, key=("name",))
    assert store.scalar("SELECT COUNT(*) FROM file_digest") == 1
