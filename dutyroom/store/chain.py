"""The audit chain's links, and the sealing of one write transaction into them.

Each ``audit_log`` row's hash covers its content, the previous row's hash and (from the record_digests migration on) the digest
of the records it wrote, whose list is kept in ``audit_record``. A transaction's audit rows are appended when
it commits, after its last write, so the digests are of the records as the transaction leaves them: the
Writer notes every record a write touches (``Journal.touch``) and the operation only says what it did
(``Journal.add``). Nothing an operation writes can escape its audit row, and no author can forget it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from dutyroom.store.records import CANONICAL, TableShape, json_safe

GENESIS = "0" * 64
HEAD_SQL = "SELECT last_id, last_hash FROM audit_head WHERE singleton = 1"

RecordEntry = tuple[str, str, str | None]      # (table, key, digest; None: the row no longer exists)


def link_hash(row_id: int, at: str, actor_id: int | None, actor_name: str, op: str, entity: str,
              entity_id: str | None, before_json: str | None, after_json: str | None, prev_hash: str,
              record_digest: str | None = None) -> str:
    """The hash of one link; rows written before record digests existed (``record_digest`` None) keep theirs."""
    material = [row_id, at, actor_id, actor_name, op, entity, entity_id, before_json, after_json, prev_hash]
    if record_digest is not None:
        material.append(record_digest)
    return hashlib.sha256(CANONICAL.encode(material).encode("utf-8")).hexdigest()


def records_digest(entries: Sequence[RecordEntry]) -> str:
    """The digest of the records one audit row wrote (order does not matter; none is a digest too)."""
    return hashlib.sha256(CANONICAL.encode(sorted(entries)).encode("utf-8")).hexdigest()


EMPTY_RECORDS = records_digest(())

_LINK_FIELDS = ("id", "at", "actor_id", "actor_name", "op", "entity", "entity_id", "before_json", "after_json",
                "prev_hash")


def _link_json(fields: tuple[str, ...]) -> str:
    return f"json_array({', '.join(json_safe(f) for f in fields)})"


def chain_material_sql(with_digests: bool = True) -> str:
    """The chain as SQLite reads it: id, prev_hash, hash, record_digest and the text its hash is taken of,
    made by json_array — the same text as ``link_hash``'s for every row DutyRoom wrote, with no Python JSON
    per row. A row whose hash does not match is looked at again with ``link_hash``: the quick way never
    decides alone. (A file from before record digests: ``with_digests`` False.)"""
    if not with_digests:
        return f"SELECT id, prev_hash, hash, NULL, CAST({_link_json(_LINK_FIELDS)} AS BLOB) FROM audit_log ORDER BY id"
    return ("SELECT id, prev_hash, hash, record_digest, CAST(CASE WHEN record_digest IS NULL"
            f" THEN {_link_json(_LINK_FIELDS)} ELSE {_link_json((*_LINK_FIELDS, 'record_digest'))} END AS BLOB)"
            " FROM audit_log ORDER BY id")


LINK_FIELDS_SQL = f"SELECT {', '.join(_LINK_FIELDS)}, {{digest}} FROM audit_log WHERE id = ?"

# Each audit row's records as ``records_digest`` takes them (sorted), made by SQLite; checked the same way.
RECORDS_MATERIAL_SQL = (
    "SELECT audit_id, CAST(json_group_array(json_array(tbl, row_key, digest)) AS BLOB) FROM"
    " (SELECT audit_id, tbl, row_key, digest FROM audit_record ORDER BY audit_id, tbl, row_key) GROUP BY audit_id")
RECORDS_OF_SQL = "SELECT tbl, row_key, digest FROM audit_record WHERE audit_id = ?"


def quick_hash(material: bytes) -> str:
    return hashlib.sha256(material).hexdigest()


def to_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


@dataclass(frozen=True)
class PendingAudit:
    """An audit row as an operation states it; its place in the chain is given when the transaction commits."""

    at: str
    actor_id: int | None
    actor_name: str
    op: str
    entity: str
    entity_id: str | None
    before_json: str | None
    after_json: str | None


def keeps_digests(conn: sqlite3.Connection) -> bool:
    """Whether a file's chain carries record digests (from the record_digests migration on; an older copy cannot hold them)."""
    return conn.execute("SELECT 1 FROM pragma_table_info('audit_log') WHERE name = 'record_digest'").fetchone() \
        is not None


def append_links(conn: sqlite3.Connection, entries: Sequence[PendingAudit],
                 records: Sequence[Sequence[RecordEntry]], *, digests: bool = True) -> int:
    """Append ``entries`` to the chain, each with the records it wrote; returns the new head's id.

    Without ``digests`` (a file from before record digests, being restored) the rows are linked as that
    file's version linked them; its upgrade seals every record under its 基线 later.
    """
    head = conn.execute(HEAD_SQL).fetchone()
    row_id, prev_hash = (head[0], head[1]) if head else (0, GENESIS)
    columns = "id, at, actor_id, actor_name, op, entity, entity_id, before_json, after_json, prev_hash, hash"
    for entry, written in zip(entries, records, strict=True):
        row_id += 1
        digest = records_digest(written) if digests else None
        prev_hash_of_row = prev_hash
        prev_hash = link_hash(row_id, entry.at, entry.actor_id, entry.actor_name, entry.op, entry.entity,
                              entry.entity_id, entry.before_json, entry.after_json, prev_hash_of_row, digest)
        values = (row_id, entry.at, entry.actor_id, entry.actor_name, entry.op, entry.entity, entry.entity_id,
                  entry.before_json, entry.after_json, prev_hash_of_row, prev_hash)
        if not digests:
            conn.execute(f"INSERT INTO audit_log ({columns}) VALUES ({', '.join('?' * len(values))})", values)
            continue
        conn.execute(f"INSERT INTO audit_log ({columns}, record_digest) VALUES ({', '.join('?' * (len(values) + 1))})",
                     (*values, digest))
        conn.executemany("INSERT INTO audit_record (audit_id, tbl, row_key, digest) VALUES (?, ?, ?, ?)",
                         [(row_id, *record) for record in written])
    conn.execute("INSERT INTO audit_head (singleton, last_id, last_hash) VALUES (1, ?, ?) ON CONFLICT(singleton)"
                 " DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash", (row_id, prev_hash))
    return row_id


FETCH_CHUNK = 400          # keys per statement when the records a transaction touched are read back


def current_of(conn: sqlite3.Connection, shape: TableShape, keys: Sequence[str]) -> dict[str, str]:
    """The digests of the rows with these keys as they are now (a key with no row is left out)."""
    found: dict[str, str] = {}
    width = len(shape.key_columns)
    if width == 1:
        where = f"{shape.key_columns[0]} IN ({{marks}})"
        mark = "?"
    else:
        where = f"({', '.join(shape.key_columns)}) IN (VALUES {{marks}})"
        mark = f"({', '.join('?' * width)})"
    for start in range(0, len(keys), FETCH_CHUNK):
        chunk = keys[start:start + FETCH_CHUNK]
        params = [value for key in chunk for value in json.loads(key)]
        sql = f"SELECT * FROM {shape.name} WHERE " + where.format(marks=", ".join([mark] * len(chunk)))
        for row in conn.execute(sql, params):
            found[shape.key_of(row)] = shape.digest(row)
    return found


@dataclass
class Journal:
    """What one outermost write transaction owes the chain: its audit rows and the records it touched.

    A record belongs to the audit row stated next after the write that touched it (the last one when it
    was touched after every audit row); touched again later, it moves to that later row.
    """

    entries: list[PendingAudit] = field(default_factory=list)
    touched: dict[tuple[str, str], int] = field(default_factory=dict)
    digests: bool = True                 # False: a file from before record digests (``append_links``)
    _first_id: int | None = None

    def touch(self, table: str, key: str) -> None:
        self.touched.pop((table, key), None)          # keep insertion order = order of the last touch
        self.touched[(table, key)] = len(self.entries)

    def add(self, conn: sqlite3.Connection, entry: PendingAudit) -> int:
        """Note an audit row; returns the id it will have."""
        if self._first_id is None:
            head = conn.execute(HEAD_SQL).fetchone()
            self._first_id = (head[0] if head else 0) + 1
        self.entries.append(entry)
        return self._first_id + len(self.entries) - 1

    def seal(self, conn: sqlite3.Connection, shape: Callable[[str], TableShape]) -> None:
        """Write the audit rows with the digests of the records as they are now (just before commit)."""
        if not self.entries:
            if self.touched:
                tables = sorted({table for table, _key in self.touched})
                raise RuntimeError(f"a write transaction changed records without an audit row: {tables}")
            return
        last = len(self.entries) - 1
        by_table: dict[str, list[str]] = {}
        for table, key in self.touched:
            by_table.setdefault(table, []).append(key)
        now = {table: current_of(conn, shape(table), keys) for table, keys in by_table.items()}
        written: list[list[RecordEntry]] = [[] for _ in self.entries]
        for (table, key), position in self.touched.items():
            written[min(position, last)].append((table, key, now[table].get(key)))
        append_links(conn, self.entries, written, digests=self.digests)
        self.entries, self.touched, self._first_id = [], {}, None
