"""What an upgrade vouches for: records a migration changed are sealed under one system audit row, 基线.

The migration that brings record digests (record_digests) finds no digest at all: its 基线 covers every record in
the file as it stands at the upgrade. A later migration that adds a column or rewrites values changes
records' digests; those it changed are vouched for again, in the same transaction as the migration, but only
rows that matched their latest audit row before it ran, so an upgrade never launders an earlier tampering.
"""

from __future__ import annotations

import sqlite3

from dutyroom.areas import recorded_tables
from dutyroom.store.chain import PendingAudit, RecordEntry, append_links, to_json
from dutyroom.store.records import current_digests, existing_tables, latest_recorded, read_shape

RECORD_TABLE = "audit_record"
SYSTEM_NAME = "系统"
BASELINE_OP = "audit.baseline"

Digests = dict[tuple[str, str], str]


def _digests(conn: sqlite3.Connection) -> Digests:
    present = existing_tables(conn.execute)
    out: Digests = {}
    for table in recorded_tables():
        if table in present:
            shape = read_shape(conn.execute, table)
            out.update(((table, key), digest) for key, digest in current_digests(conn.execute, shape))
    return out


def _recorded(conn: sqlite3.Connection) -> dict[tuple[str, str], str | None]:
    present = existing_tables(conn.execute)
    return {(table, key): digest for table in recorded_tables() if table in present
            for key, (digest, _audit_id) in latest_recorded(conn.execute, table).items()}


class Baseline:
    """Hooks around each migration (``migrations.apply``), inside the migration's own transaction."""

    def before(self, conn: sqlite3.Connection) -> Digests | None:
        """The records' digests before a migration; None while the file keeps no digests yet."""
        if RECORD_TABLE not in existing_tables(conn.execute):
            return None
        return _digests(conn)

    def after(self, conn: sqlite3.Connection, label: str, at: str, before: Digests | None) -> None:
        if RECORD_TABLE not in existing_tables(conn.execute):
            return
        now = _digests(conn)
        if before is None:
            vouched: list[RecordEntry] = [(table, key, digest) for (table, key), digest in now.items()]
        else:
            recorded = _recorded(conn)
            vouched = [(table, key, now.get((table, key))) for (table, key) in sorted(before.keys() | now.keys())
                       if before.get((table, key)) != now.get((table, key))
                       and recorded.get((table, key)) == before.get((table, key))]
        if not vouched:
            return
        counts: dict[str, int] = {}
        for table, _key, _digest in vouched:
            counts[table] = counts.get(table, 0) + 1
        entry = PendingAudit(at, None, SYSTEM_NAME, BASELINE_OP, "audit", label, None,
                             to_json({"migration": label, "records": len(vouched), "tables": counts}))
        append_links(conn, [entry], [vouched])
