"""db/schema.sql is what the migrations make of an empty file, laid out for reading."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from dutyroom.store import open_store
from dutyroom.store import schema as schema_file
from dutyroom.store.schema import REGENERATE, format_create_table, generate

SCHEMA_SQL = schema_file.schema_file()


def test_schema_file_is_up_to_date() -> None:
    assert SCHEMA_SQL.exists(), f"db/schema.sql is missing; generate it with {REGENERATE}"
    assert SCHEMA_SQL.read_text(encoding="utf-8") == generate(), (
        f"db/schema.sql differs from what the migrations make; regenerate it with {REGENERATE}")


def structure(conn: sqlite3.Connection) -> dict[str, object]:
    """Everything SQLite knows about each object, with white space and comments taken out of the SQL."""
    def bare(sql: str | None) -> str:
        return re.sub(r"\s+", "", re.sub(r"--[^\n]*", "", sql or ""))

    found: dict[str, object] = {}
    for kind, name, sql in conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name"):
        facts: list[object] = [kind, bare(sql)]
        if kind == "table":
            facts += [conn.execute(f'PRAGMA table_xinfo("{name}")').fetchall(),
                      conn.execute(f'PRAGMA foreign_key_list("{name}")').fetchall()]
        elif kind == "index":
            facts.append(conn.execute(f'PRAGMA index_xinfo("{name}")').fetchall())
        found[name] = facts
    return found


def test_schema_file_builds_the_same_database_as_the_migrations(tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.sqlite3"
    open_store(migrated).close()
    from_file = sqlite3.connect(tmp_path / "from-file.sqlite3")
    from_file.executescript(SCHEMA_SQL.read_text(encoding="utf-8"))
    conn = sqlite3.connect(migrated)
    expected = structure(conn)
    conn.close()
    assert structure(from_file) == expected
    from_file.close()


def test_bookkeeping_first_and_sqlite_internals_left_out() -> None:
    text = SCHEMA_SQL.read_text(encoding="utf-8")
    created = re.findall(r"^CREATE (?:VIRTUAL )?TABLE (\w+)", text, flags=re.MULTILINE)
    assert created[0] == "schema_migration"
    assert created[1:] == sorted(created[1:])
    assert not [name for name in created if name.startswith("sqlite_")]
    assert "duty_log_fts" in created and "duty_log_fts_data" not in created and "incident_fts_idx" not in text
    assert "-- duty_log_fts option: automerge = 0" in text
    assert text.startswith("-- DutyRoom database schema, version ")
    assert "GENERATED" in text.splitlines()[1] and REGENERATE in text


def test_table_history_and_comments_come_from_the_migrations() -> None:
    text = SCHEMA_SQL.read_text(encoding="utf-8")
    assert "-- created by 0001_base; altered by 0003_contacts\nCREATE TABLE person (" in text
    assert ("-- Hash-chained audit trail: each row's hash covers its content and the previous row's hash.\n"
            "-- created by 0001_base; altered by 0011_record_digests\nCREATE TABLE audit_log (") in text


def test_columns_added_later_are_laid_out_like_the_others() -> None:
    stored = ("CREATE TABLE person (\n    id INTEGER PRIMARY KEY,\n"
              "    is_staff INTEGER NOT NULL DEFAULT 0 CHECK (is_staff IN (0, 1)),   -- bureau staff\n"
              "    -- when the row was voided\n    voided_at TEXT\n"
              ", note TEXT NOT NULL DEFAULT 'a,  b ( c', away_from TEXT)")
    assert format_create_table(stored) == (
        "CREATE TABLE person (\n"
        "    id INTEGER PRIMARY KEY,\n"
        "    is_staff INTEGER NOT NULL DEFAULT 0 CHECK (is_staff IN (0, 1)),  -- bureau staff\n"
        "    -- when the row was voided\n"
        "    voided_at TEXT,\n"
        "    note TEXT NOT NULL DEFAULT 'a,  b ( c',\n"
        "    away_from TEXT\n"
        ")")
    assert format_create_table("CREATE TABLE t (a INTEGER, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID") == (
        "CREATE TABLE t (\n    a INTEGER,\n    b TEXT,\n    PRIMARY KEY (a, b)\n) WITHOUT ROWID")


def test_check_mode_reports_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "schema.sql"
    monkeypatch.setattr(schema_file, "schema_file", lambda: target)
    assert schema_file.main(["--check"]) == 1
    assert REGENERATE in capsys.readouterr().err
    assert schema_file.main([]) == 0 and target.read_text(encoding="utf-8") == generate()
    assert schema_file.main(["--check"]) == 0
