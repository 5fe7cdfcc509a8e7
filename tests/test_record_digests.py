"""Business records under the chain: what the Writer notes, what the commit seals, what an upgrade vouches for."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from dutyroom import audit, org
from dutyroom.session import Session
from dutyroom.store import Store, open_store
from dutyroom.store import migrations as mig
from dutyroom.store.chain import EMPTY_RECORDS, records_digest

RECORDS_MIGRATION = next(m for m in mig.available() if m.name == "record_digests")


def records_of(store: Store, audit_id: int) -> list[tuple[str, str, str | None]]:
    return [tuple(r) for r in store.rows(
        "SELECT tbl, row_key, digest FROM audit_record WHERE audit_id = ? ORDER BY tbl, row_key", (audit_id,))]


def last_audit(store: Store) -> dict:
    return dict(store.row("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1"))


def test_an_operation_seals_every_record_it_wrote(system: Session) -> None:
    unit = org.create_unit(system, name="县水利局", kind="department")
    person = org.create_person(system, name="张三", unit_id=unit, is_staff=True, duty_roles=["officer", "chief"],
                               phones=[("mobile", "13000000001"), ("office", "0000-1234567")])
    row = last_audit(system.store)
    written = records_of(system.store, row["id"])
    phones = system.store.column("SELECT id FROM person_phone WHERE person_id = ? ORDER BY id", (person,))
    assert [(t, k) for t, k, _d in written] == sorted(
        [("person", f"[{person}]"), ("person_duty_role", f'[{person},"chief"]'),
         ("person_duty_role", f'[{person},"officer"]')] + [("person_phone", f"[{p}]") for p in phones])
    assert all(d and len(d) == 32 for _t, _k, d in written)
    assert row["record_digest"] == records_digest(written)
    assert audit.link_hash(*[row[c] for c in ("id", "at", "actor_id", "actor_name", "op", "entity", "entity_id",
                                             "before_json", "after_json", "prev_hash", "record_digest")]) == row["hash"]


def test_removed_links_are_sealed_as_absent(system: Session) -> None:
    unit = org.create_unit(system, name="县水利局", kind="department")
    person = org.create_person(system, name="张三", unit_id=unit, is_staff=True, duty_roles=["officer", "chief"])
    org.update_person(system, person, duty_roles=["officer"])
    written = records_of(system.store, last_audit(system.store)["id"])
    assert ("person_duty_role", f'[{person},"chief"]', None) in written
    assert audit.verify(system.store).ok


def test_an_audit_row_that_wrote_no_record_carries_the_empty_digest(store: Store, system: Session) -> None:
    from dutyroom.auth import accounts
    from dutyroom.errors import AuthError

    with pytest.raises(AuthError):
        accounts.login(store, "nobody", "bad-pass-1", system.clock)      # login_state is bookkeeping
    row = last_audit(store)
    assert row["op"] == "auth.login_failed" and row["record_digest"] == EMPTY_RECORDS
    assert records_of(store, row["id"]) == []


def test_several_operations_in_one_transaction_each_keep_their_own_records(system: Session) -> None:
    with system.store.transaction():
        first = org.create_unit(system, name="甲单位", kind="department")
        second = org.create_unit(system, name="乙单位", kind="department")
    rows = system.store.rows("SELECT id FROM audit_log ORDER BY id")
    assert [k for _t, k, _d in records_of(system.store, rows[-2]["id"])] == [f"[{first}]"]
    assert [k for _t, k, _d in records_of(system.store, rows[-1]["id"])] == [f"[{second}]"]


def test_a_rolled_back_operation_leaves_no_audit_and_no_record(system: Session) -> None:
    before = system.store.scalar("SELECT COUNT(*) FROM audit_record")
    with pytest.raises(RuntimeError, match="boom"), system.write() as tx:
        tx.insert("org_unit", {"name": "不该出现", "kind": "other", "created_at": tx.at, "updated_at": tx.at})
        tx.audit("unit.create", "org_unit")
        raise RuntimeError("boom")
    assert system.store.scalar("SELECT COUNT(*) FROM audit_record") == before
    assert system.store.scalar("SELECT COUNT(*) FROM audit_log") == 0


# -- upgrading an existing file -----------------------------------------------------------------------------

def _old_file(tmp_path: Path) -> Path:
    path = tmp_path / "old.sqlite3"
    open_store(path, stop_before=RECORDS_MIGRATION.number).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO org_unit (id, name, kind, created_at, updated_at) VALUES (1, '县应急管理局', 'bureau',"
                 " 'x', 'x')")
    conn.execute("INSERT INTO person (id, name, unit_id, is_staff, created_at, updated_at) VALUES (1, '张三', 1, 1,"
                 " 'x', 'x')")
    conn.execute("INSERT INTO setting (key, value, updated_at) VALUES ('org.name', '\"升级测试局\"', 'x')")
    conn.execute("INSERT INTO login_state (username, failures) VALUES ('MeinPasswort1', 2)")
    conn.commit()
    conn.close()
    return path


def test_the_upgrade_seals_every_existing_record_under_one_baseline_row(tmp_path: Path) -> None:
    store = open_store(_old_file(tmp_path))
    baseline = last_audit(store)
    assert (baseline["op"], baseline["actor_name"], baseline["entity_id"]) == (
        "audit.baseline", "系统", RECORDS_MIGRATION.label)
    assert json.loads(baseline["after_json"])["records"] == 3
    assert [t for t, _k, _d in records_of(store, baseline["id"])] == ["org_unit", "person", "setting"]
    assert audit.verify(store).ok
    assert store.scalar("SELECT COUNT(*) FROM login_state") == 0      # a typed name that was no account
    store.close()


def _edit_past_dutyroom(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def test_after_the_upgrade_an_edit_past_dutyroom_is_found(tmp_path: Path) -> None:
    path = _old_file(tmp_path)
    open_store(path).close()
    _edit_past_dutyroom(path, "UPDATE person SET name = '李四' WHERE id = 1")
    store = open_store(path)
    result = audit.verify(store)
    assert not result.ok and [f.table for f in result.findings] == ["person"]
    store.close()


def test_a_later_migration_vouches_for_what_it_changed_and_for_nothing_else(tmp_path: Path) -> None:
    """A migration after record digests adds a column and rewrites a value: those records are sealed again
    under its 基线 row — but a record tampered with before the upgrade stays found."""
    folder = tmp_path / "db"
    shutil.copytree(mig.app_path("db"), folder)
    number = len(mig.available()) + 1
    (folder / f"{number:04d}_later_change.sql").write_text(
        "ALTER TABLE person ADD COLUMN nickname TEXT NOT NULL DEFAULT '';\n"
        "UPDATE org_unit SET name = name || '（改）';\n", encoding="utf-8")
    path = _old_file(tmp_path)
    open_store(path).close()
    _edit_past_dutyroom(path, "UPDATE setting SET value = '\"篡改局\"' WHERE key = 'org.name'")
    store = open_store(path, migrations_dir=folder)
    vouched = last_audit(store)
    assert vouched["entity_id"] == f"{number:04d}_later_change"
    assert [t for t, _k, _d in records_of(store, vouched["id"])] == ["org_unit", "person"]
    result = audit.verify(store)
    assert [(f.table, f.kind) for f in result.findings] == [("setting", "changed")]
    store.close()


TRICKY = 'A"B\\C\nD\tE\x01F\x1fG\u2028H😀I/J\x7fK中文'


def test_sqlite_makes_the_same_text_the_definition_hashes(system: Session) -> None:
    """The quick way (json_array in SQLite) gives the defining hashes even for awkward text, so verify does not
    fall back to Python row by row (which would still be right, only slower)."""
    from dutyroom.store.chain import chain_material_sql, quick_hash
    from dutyroom.store.records import current_digests, quick_digests, read_shape

    unit = org.create_unit(system, name=TRICKY, kind="department")
    store = system.store
    for _id, _prev, stored, _digest, material in store.tuples(chain_material_sql()):
        assert quick_hash(material) == stored
    shape = read_shape(store.tuples, "org_unit")
    assert dict(quick_digests(store.tuples, shape)) == dict(current_digests(store.tuples, shape))
    assert f"[{unit}]" in dict(current_digests(store.tuples, shape))
