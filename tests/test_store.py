"""Opening the data file: pragmas, refusals that change nothing, backups, transactions."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from dutyroom.changes import Area, ChangeSet
from dutyroom.errors import StoreError
from dutyroom.store import Store, open_store
from dutyroom.store import migrations as mig


def test_pragmas(store) -> None:
    conn = store._db()   # the store's own connection: this test is about how the store opens it
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 2500       # short: the user is told, not frozen
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2            # FULL: a commit survives power loss
    assert store.schema_version == len(mig.available())


def test_foreign_keys_are_enforced(store) -> None:
    with pytest.raises(sqlite3.IntegrityError), store.transaction() as writer:
        writer.insert("person_phone", {"person_id": 424242, "kind": "mobile", "number": "1"})


def test_file_that_is_not_sqlite_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes("值班记录，不是数据库".encode())
    before = path.read_bytes()
    with pytest.raises(StoreError, match="不是DutyRoom数据文件"):
        open_store(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite3"]


def test_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff(x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="不是DutyRoom数据文件"):
        open_store(path)


def test_newer_schema_is_refused_and_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    open_store(path).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO schema_migration VALUES (999, 'from_the_future', '2030-01-01T00:00:00+08:00')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="更新版本"):
        open_store(path)
    assert path.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_missing_folder_for_explicit_path(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="数据文件夹不存在"):
        open_store(tmp_path / "nope" / "x.sqlite3")
    assert not (tmp_path / "nope").exists()


def test_default_folder_is_created(tmp_path: Path) -> None:
    store = open_store(tmp_path / "a" / "b" / "x.sqlite3", create_folder=True)
    assert store.path.exists()
    store.close()


def test_read_only_folder_is_refused(read_only_folder: Path) -> None:
    with pytest.raises(StoreError, match="只读"):
        open_store(read_only_folder / "x.sqlite3")
    assert list(read_only_folder.iterdir()) == []


def test_backup_taken_before_migrating_existing_data(tmp_path: Path) -> None:
    extra = tmp_path / "migrations"
    shutil.copytree(mig.available()[0].path.parent, extra)
    path = tmp_path / "data.sqlite3"
    open_store(path, migrations_dir=extra).close()
    newest = len(mig.available(extra))
    (extra / f"{newest + 1:04d}_add_test_column.sql").write_text(
        "ALTER TABLE setting ADD COLUMN test_note TEXT;\n", encoding="utf-8")
    store = open_store(path, migrations_dir=extra)
    assert store.schema_version == newest + 1
    store.close()
    backups = list((tmp_path / "backups").glob("*.sqlite3"))
    assert len(backups) == 1 and f"before-v{newest + 1:04d}" in backups[0].name
    assert (tmp_path / "backups" / (backups[0].name + ".json")).exists()      # verified, with its manifest
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT MAX(number) FROM schema_migration").fetchone()[0] == newest
    old.close()


def test_failed_migration_rolls_back(tmp_path: Path) -> None:
    extra = tmp_path / "migrations"
    shutil.copytree(mig.available()[0].path.parent, extra)
    path = tmp_path / "data.sqlite3"
    open_store(path, migrations_dir=extra).close()
    newest = len(mig.available(extra))
    (extra / f"{newest + 1:04d}_broken.sql").write_text(
        "ALTER TABLE setting ADD COLUMN half_done TEXT;\nTHIS IS NOT SQL;\n", encoding="utf-8")
    with pytest.raises(StoreError, match="升级数据文件"):
        open_store(path, migrations_dir=extra)
    conn = sqlite3.connect(path)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(setting)")]
    assert "half_done" not in columns
    assert conn.execute("SELECT MAX(number) FROM schema_migration").fetchone()[0] == newest
    conn.close()


def test_transaction_rolls_back_and_announces_nothing(store) -> None:
    seen = []
    store.subscribe(seen.append)
    with pytest.raises(RuntimeError), store.transaction() as writer:
        writer.insert("login_state", {"username": "x", "failures": 1, "last_failure_at": "now"})
        raise RuntimeError("boom")
    assert store.scalar("SELECT COUNT(*) FROM login_state") == 0
    assert seen == []
    with store.transaction() as writer:
        writer.insert("login_state", {"username": "x", "failures": 1, "last_failure_at": "now"})
    assert seen == [ChangeSet(frozenset({Area.ACCOUNTS}), frozenset({"login_state"}))]


def test_a_record_written_without_an_audit_row_is_refused(store) -> None:
    """Bookkeeping may be written bare (above); a business record never: its digest needs an audit row."""
    with pytest.raises(RuntimeError, match="changed records without an audit row"), store.transaction() as writer:
        writer.insert("setting", {"key": "x", "value": "1", "updated_at": "now"})
    assert store.scalar("SELECT COUNT(*) FROM setting") == 0


def test_split_statements_keeps_trigger_bodies_whole() -> None:
    sql = ("CREATE TABLE t(x);\n-- comment\nCREATE TRIGGER t_no BEFORE DELETE ON t\nBEGIN\n"
           "  SELECT RAISE(ABORT, 'no');\nEND;\nCREATE INDEX t_x ON t(x);\n")
    statements = mig.split_statements(sql)
    assert len(statements) == 3
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


def test_snapshot_sees_one_state_while_another_connection_writes(store: Store) -> None:
    other = sqlite3.connect(str(store.path), isolation_level=None)
    with store.snapshot():
        before = store.scalar("SELECT COUNT(*) FROM setting")
        other.execute("INSERT INTO setting(key, value, updated_at) VALUES ('probe', '1', 'now')")
        assert store.scalar("SELECT COUNT(*) FROM setting") == before
    assert store.scalar("SELECT COUNT(*) FROM setting") == before + 1
    other.close()
