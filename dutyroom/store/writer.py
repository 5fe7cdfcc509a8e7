"""The one writer: every change of data goes through these calls, each naming its table.

Because every write names its table, a transaction knows what it changed: ``changes`` maps the tables
to the areas that declared them, and the Store announces that after commit. A table no area declares
is refused at the first write, so a new table cannot change data the pages never hear about.

Every write also names the rows it touched in business-record tables (``Journal.touch``): when the
transaction commits, their digests are sealed under its audit rows (``dutyroom.store.chain``).
"""

from __future__ import annotations

import functools
import sqlite3
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from dutyroom.areas import area_of
from dutyroom.changes import ChangeSet
from dutyroom.errors import NotFound
from dutyroom.store.chain import Journal, PendingAudit
from dutyroom.store.reading import Reads
from dutyroom.store.records import TableShape, is_recorded, key_text


@functools.lru_cache(maxsize=512)
def _insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


@functools.lru_cache(maxsize=512)
def _update_sql(table: str, columns: tuple[str, ...]) -> str:
    return f"UPDATE {table} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?"


@functools.lru_cache(maxsize=64)
def _upsert_sql(table: str, columns: tuple[str, ...], key: tuple[str, ...]) -> str:
    others = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return f"{_insert_sql(table, columns)} ON CONFLICT({', '.join(key)}) DO UPDATE SET {others}"


class Writer(Reads):
    """Writes (and reads) inside one open write transaction."""

    def __init__(self, conn: sqlite3.Connection, pending: set[str], shape: Callable[[str], TableShape],
                 journal: Journal) -> None:
        self._conn = conn
        self._pending = pending            # the outermost transaction's tables, announced after commit
        self._tables: set[str] = set()     # what this writer wrote
        self._shape = shape
        self._journal = journal            # the outermost transaction's audit rows and touched records
        self._start = conn.total_changes

    def _parts(self) -> tuple[sqlite3.Connection, set[str], Callable[[str], TableShape], Journal]:
        """What a subclass needs to write in the same transaction (``session.Tx`` adds who and when)."""
        return self._conn, self._pending, self._shape, self._journal

    def _db(self) -> sqlite3.Connection:
        return self._conn

    def _wrote(self, table: str) -> None:
        if table not in self._tables:
            area_of(table)                 # refuses a table no area declares
            self._tables.add(table)
            self._pending.add(table)

    def _touched(self, table: str, key: str | None = None, *, rowid: int | None = None) -> None:
        """Note a record this transaction wrote (by its key, or the rowid of a row just inserted)."""
        if not is_recorded(table):
            return
        if key is None:
            shape = self._shape(table)
            if not shape.rowid_key:
                raise RuntimeError(f"{table}: write every key column ({', '.join(shape.key_columns)})")
            key = key_text([int(rowid or 0)])
        self._journal.touch(table, key)

    def log(self, entry: PendingAudit) -> int:
        """State this transaction's audit row; it is chained, with the records written, at commit."""
        for table in ("audit_log", "audit_head", "audit_record"):
            self._wrote(table)
        return self._journal.add(self._conn, entry)

    def seal(self) -> None:
        """Chain the audit rows stated so far now, not at commit (a file being built beside the store reads
        its new audit position before it is committed)."""
        self._journal.seal(self._conn, self._shape)

    # -- what changed ---------------------------------------------------------------------------
    @property
    def changes(self) -> ChangeSet:
        """The areas and tables this writer has written so far."""
        return ChangeSet.of(self._tables)

    @property
    def rows_changed(self) -> int:
        """Rows changed on this connection since the writer began (triggers included)."""
        return self._conn.total_changes - self._start

    # -- reading a record -----------------------------------------------------------------------
    def get(self, table: str, row_id: int) -> dict[str, Any]:
        found = self._conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
        if found is None:
            raise NotFound(f"记录不存在（{table} #{row_id}）。")
        return dict(found)

    # -- writes ---------------------------------------------------------------------------------
    def insert(self, table: str, values: Mapping[str, Any]) -> int:
        cursor = self._conn.execute(_insert_sql(table, tuple(values)), tuple(values.values()))
        self._wrote(table)
        if is_recorded(table):
            self._touched(table, self._shape(table).key_from(values), rowid=cursor.lastrowid)
        return int(cursor.lastrowid or 0)

    def insert_many(self, table: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Rows that all have the same columns, in one statement run many times."""
        if not rows:
            return
        columns = tuple(rows[0])
        sql = _insert_sql(table, columns)
        shape = self._shape(table) if is_recorded(table) else None
        if shape is not None and shape.key_from(rows[0]) is None:
            for row in rows:               # new rowids: each one is needed to name its record
                self._touched(table, rowid=self._conn.execute(sql, tuple(row[c] for c in columns)).lastrowid)
        else:
            self._conn.executemany(sql, [tuple(r[c] for c in columns) for r in rows])
            if shape is not None:
                for row in rows:
                    self._touched(table, shape.key_from(row))
        self._wrote(table)

    def update(self, table: str, row_id: int, values: Mapping[str, Any]) -> None:
        if not values:
            return
        self._conn.execute(_update_sql(table, tuple(values)), (*values.values(), row_id))
        self._wrote(table)
        if is_recorded(table):
            self._touched(table, rowid=row_id)
            if "id" in values:
                self._touched(table, rowid=values["id"])

    def upsert(self, table: str, values: Mapping[str, Any], *, key: Sequence[str]) -> None:
        """Insert the row, or update its other columns when a row with the same ``key`` exists."""
        self._conn.execute(_upsert_sql(table, tuple(values), tuple(key)), tuple(values.values()))
        self._wrote(table)
        if is_recorded(table):
            shape = self._shape(table)
            record = shape.key_from(values)
            if record is None:             # found again by the conflict key
                found = self._conn.execute(
                    f"SELECT {', '.join(shape.key_columns)} FROM {table} WHERE "
                    + " AND ".join(f"{c} = ?" for c in key), tuple(values[c] for c in key)).fetchone()
                record = key_text(found)
            self._touched(table, record)

    def delete(self, table: str, where: Mapping[str, Any]) -> int:
        """Remove rows that are parts of a record (its phones, roles, members) or bookkeeping.

        Records themselves are voided with a reason, never deleted: a table with ``voided_at`` is refused.
        """
        if "voided_at" in self._shape(table).columns:
            raise RuntimeError(f"{table} rows are voided, never deleted")
        condition = " AND ".join(f"{column} = ?" for column in where)
        if not is_recorded(table):
            cursor = self._conn.execute(f"DELETE FROM {table} WHERE {condition}", tuple(where.values()))
            self._wrote(table)
            return cursor.rowcount
        shape = self._shape(table)
        removed = self._conn.execute(f"DELETE FROM {table} WHERE {condition} RETURNING "
                                     f"{', '.join(shape.key_columns)}", tuple(where.values())).fetchall()
        self._wrote(table)
        for row in removed:
            self._touched(table, key_text(row))
        return len(removed)

    def links_differ(self, table: str, owner: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> bool:
        """Whether ``owner``'s rows in ``table`` are other than ``rows`` (compared on the columns given)."""
        condition = " AND ".join(f"{column} = ?" for column in owner)
        if not rows:
            return self._conn.execute(f"SELECT 1 FROM {table} WHERE {condition} LIMIT 1",
                                      tuple(owner.values())).fetchone() is not None
        columns = list(rows[0])
        current = self._conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {condition}",
                                     tuple(owner.values())).fetchall()
        return Counter(tuple(r) for r in current) != Counter(tuple(r[c] for c in columns) for r in rows)

    def replace_links(self, table: str, owner: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> bool:
        """Make ``owner``'s rows in ``table`` exactly ``rows``; writes nothing when they already are.

        Returns whether anything changed. ``rows`` name their columns without the owner's.
        """
        if not self.links_differ(table, owner, rows):
            return False
        self.rewrite_links(table, owner, rows)
        return True

    def rewrite_links(self, table: str, owner: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> None:
        """Replace ``owner``'s rows in ``table`` with ``rows`` (known to differ)."""
        self.delete(table, owner)
        self.insert_many(table, [{**owner, **row} for row in rows])
