"""Numbered schema migrations from ``db/``: ``0001_base.sql``, ``0002_x.py`` … applied in order.

Each migration runs in its own transaction together with the row that records it, so a database is
always at exactly one known version. A ``.py`` migration defines ``migrate(conn)`` and must not commit.
"""

from __future__ import annotations

import importlib.util
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from dutyroom.clock import SystemClock, iso
from dutyroom.paths import app_path

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.(sql|py)$")

MIGRATION_TABLE_SQL = """
CREATE TABLE IF NOT EXISTS schema_migration (
    number INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    path: Path

    @property
    def label(self) -> str:
        return f"{self.number:04d}_{self.name}"


def available(directory: Path | None = None) -> list[Migration]:
    directory = directory or app_path("db")
    found: dict[int, Migration] = {}
    for path in sorted(directory.iterdir()):
        match = _NAME.match(path.name)
        if not match:
            continue
        number = int(match.group(1))
        if number in found:
            raise RuntimeError(f"two migrations share number {number}: {found[number].path.name}, {path.name}")
        found[number] = Migration(number, match.group(2), path)
    numbers = sorted(found)
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"migration numbers must run 1..n without gaps, found {numbers}")
    return [found[n] for n in numbers]


def applied_numbers(conn: sqlite3.Connection) -> list[int]:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migration'"
    ).fetchone()
    if not exists:
        return []
    return [row[0] for row in conn.execute("SELECT number FROM schema_migration ORDER BY number")]


def split_statements(script: str) -> list[str]:
    """Split SQL text into complete statements (trigger bodies stay whole)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if not current.strip() and line.strip().startswith("--"):
            continue
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                statements.append(current.strip())
            current = ""
    if current.strip() and not current.strip().startswith("--"):
        leftover = "\n".join(ln for ln in current.splitlines() if not ln.strip().startswith("--")).strip()
        if leftover:
            raise RuntimeError(f"incomplete SQL statement at end of migration: {leftover[:80]}")
    return statements


def _run_python(conn: sqlite3.Connection, migration: Migration) -> None:
    spec = importlib.util.spec_from_file_location(f"dutyroom_migration_{migration.number:04d}", migration.path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.migrate(conn)


class Vouching(Protocol):
    """Seals what a migration changed in business records under the audit chain (``store.baseline``)."""

    def before(self, conn: sqlite3.Connection) -> Any: ...

    def after(self, conn: sqlite3.Connection, label: str, at: str, before: Any) -> None: ...


def apply(conn: sqlite3.Connection, migrations: list[Migration], stop_before: int | None = None,
          baseline: Vouching | None = None) -> list[int]:
    """Apply every migration not yet recorded, in order. Returns the numbers applied.

    With ``baseline``, what each migration changed in business records is vouched for in its transaction.
    """
    conn.execute(MIGRATION_TABLE_SQL)
    done = set(applied_numbers(conn))
    newly = []
    for migration in migrations:
        if stop_before is not None and migration.number >= stop_before:
            break
        if migration.number in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            at = iso(SystemClock().now())
            state = baseline.before(conn) if baseline else None
            if migration.path.suffix == ".sql":
                for statement in split_statements(migration.path.read_text(encoding="utf-8")):
                    conn.execute(statement)
            else:
                _run_python(conn, migration)
            if baseline:
                baseline.after(conn, migration.label, at, state)
            conn.execute(
                "INSERT INTO schema_migration(number, name, applied_at) VALUES (?, ?, ?)",
                (migration.number, migration.name, at),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        newly.append(migration.number)
    return newly
