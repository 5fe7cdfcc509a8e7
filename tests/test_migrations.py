"""A database built at every earlier schema version upgrades to the current one, data intact."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dutyroom.store import migrations as mig
from dutyroom.store import open_store

ALL = mig.available()


def schema_of(path: Path) -> list[tuple[str, str, str]]:
    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()
    conn.close()
    return [(t, n, " ".join((s or "").split())) for t, n, s in rows]


def test_migrations_are_numbered_without_gaps() -> None:
    assert [m.number for m in ALL] == list(range(1, len(ALL) + 1))


@pytest.mark.parametrize("version", range(0, len(ALL)), ids=lambda v: f"from-v{v}")
def test_upgrade_from_every_earlier_version(tmp_path: Path, version: int) -> None:
    fresh = tmp_path / "fresh.sqlite3"
    open_store(fresh).close()
    old = tmp_path / "old.sqlite3"
    open_store(old, stop_before=version + 1).close()
    conn = sqlite3.connect(old)
    assert (conn.execute("SELECT COALESCE(MAX(number), 0) FROM schema_migration").fetchone()[0]) == version
    if version >= 1:
        conn.execute("INSERT INTO setting(key, value, updated_at) VALUES ('org.name', '\"升级测试局\"', 'x')")
        conn.commit()
    conn.close()
    upgraded = open_store(old)
    assert upgraded.schema_version == len(ALL)
    if version >= 1:
        assert upgraded.scalar("SELECT value FROM setting WHERE key = 'org.name'") == '"升级测试局"'
    upgraded.close()
    assert schema_of(old) == schema_of(fresh)


def test_reopening_applies_nothing(tmp_path: Path) -> None:
    path = tmp_path / "x.sqlite3"
    open_store(path).close()
    conn = sqlite3.connect(path)
    assert mig.apply(conn, ALL) == []
    conn.close()
    assert not (tmp_path / "backups").exists()
