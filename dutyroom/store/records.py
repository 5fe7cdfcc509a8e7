"""Business records under the audit chain: which row a write touched, and a digest of what the row holds.

A record is a row of a table some area declares and does not call bookkeeping (``areas.recorded_tables``).
Its key is the JSON array of its primary-key values; its digest covers the table, the column names and
every value. The digests of the rows a transaction wrote are kept with its audit row (``audit_record``),
so ``audit verify`` can recompute each current record and find an edit, insert or delete made past DutyRoom.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dutyroom.areas import recorded_tables

Query = Callable[[str, Sequence[Any]], Iterable[Sequence[Any]]]


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return ["blob", value.hex()]
    raise TypeError(f"cannot digest a {type(value).__name__}")


# One encoder for every digest and link: compact, non-ASCII kept as is (the C encoder does the work).
CANONICAL = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_plain)


@functools.cache
def is_recorded(table: str) -> bool:
    return table in frozenset(recorded_tables())


def _integer_text(value: Any) -> Any:
    """What SQLite stores for a value written to an INTEGER column (a whole-number text becomes a number)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return value
    return value


def key_text(values: Iterable[Any]) -> str:
    """A record's key: the JSON array of its primary-key values, in key order."""
    return CANONICAL.encode(list(values))


@dataclass(frozen=True)
class TableShape:
    """A table's columns and primary key, as the digest and the key of its rows need them."""

    name: str
    columns: tuple[str, ...]
    key_columns: tuple[str, ...]
    key_positions: tuple[int, ...]
    integer_key: tuple[bool, ...]     # per key column: declared INTEGER (SQLite turns "7" into 7)

    @functools.cached_property
    def prefix(self) -> str:
        return CANONICAL.encode([self.name, list(self.columns)])

    @property
    def rowid_key(self) -> bool:
        """The key is the rowid: one INTEGER PRIMARY KEY column (``lastrowid`` names a new row)."""
        return len(self.key_columns) == 1 and self.integer_key[0]

    @functools.cached_property
    def select_one(self) -> str:
        return f"SELECT * FROM {self.name} WHERE {' AND '.join(f'{c} = ?' for c in self.key_columns)}"

    @functools.cached_property
    def select_all(self) -> str:
        return f"SELECT * FROM {self.name} ORDER BY {', '.join(self.key_columns)}"

    def key_of(self, row: Sequence[Any]) -> str:
        """The key of a whole row (all columns, in table order)."""
        return key_text(row[i] for i in self.key_positions)

    def key_from(self, values: Mapping[str, Any]) -> str | None:
        """The key of a row about to be written with ``values``, when they name every key column."""
        if not self.key_columns or not all(c in values for c in self.key_columns):
            return None
        return key_text(_integer_text(values[c]) if integer else values[c]
                        for c, integer in zip(self.key_columns, self.integer_key, strict=True))

    def digest(self, row: Sequence[Any]) -> str:
        """The digest of a row as written: sha256 of the JSON of the table, its column names and the values."""
        text = self.prefix + CANONICAL.encode(list(row))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    @functools.cached_property
    def select_material(self) -> str:
        """Each row's key values and the text its digest is taken of, as SQLite's json_array writes it.

        The quick way through a whole table (no Python JSON per row); the text is the same as ``digest``'s
        for every value DutyRoom writes, and a row whose digest differs is looked at again with ``digest``
        (``matches``), so the quick way never decides alone.
        """
        values = ", ".join(json_safe(c) for c in self.columns)
        return (f"SELECT {', '.join(self.key_columns)}, CAST(? || json_array({values}) AS BLOB) FROM {self.name}"
                f" ORDER BY {', '.join(self.key_columns)}")


def json_safe(column: str) -> str:
    """A column as json_array may take it (a BLOB would stop the query; None makes its digest differ)."""
    return f"iif(typeof({column}) = 'blob', NULL, {column})"


def quick_digest(material: bytes) -> str:
    return hashlib.sha256(material).hexdigest()[:32]


def read_shape(query: Query, table: str) -> TableShape:
    info = list(query("SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", (table,)))
    if not info:
        raise RuntimeError(f"no table {table!r} in the data file")
    columns = tuple(r[0] for r in info)
    keyed = sorted((r[2], r[0], "INT" in (r[1] or "").upper()) for r in info if r[2])
    if not keyed and is_recorded(table):
        raise RuntimeError(f"table {table!r} is a business record but has no primary key")
    names = tuple(name for _n, name, _i in keyed)
    return TableShape(table, columns, names, tuple(columns.index(n) for n in names),
                      tuple(integer for _n, _name, integer in keyed))


def existing_tables(query: Query) -> set[str]:
    return {r[0] for r in query("SELECT name FROM sqlite_master WHERE type = 'table'", ())}


def current_digests(query: Query, shape: TableShape) -> Iterator[tuple[str, str]]:
    """(key, digest) of every row of the table, in key order."""
    for row in query(shape.select_all, ()):
        yield shape.key_of(row), shape.digest(row)


def quick_digests(query: Query, shape: TableShape) -> Iterator[tuple[str, str]]:
    """(key, digest) of every row as SQLite's JSON makes it: equal to ``current_digests`` for every row
    DutyRoom wrote; where a digest does not match, ``digest_of`` says for sure."""
    width = len(shape.key_columns)
    for row in query(shape.select_material, (shape.prefix,)):
        yield key_text(row[:width]), quick_digest(row[width])


def digest_of(query: Query, shape: TableShape, key: str) -> str | None:
    """The digest of one row as it is now; None when there is no such row."""
    for row in query(shape.select_one, json.loads(key)):
        return shape.digest(row)
    return None


def latest_recorded(query: Query, table: str) -> dict[str, tuple[str | None, int]]:
    """Per key of ``table``: the digest its latest audit row recorded (None: removed) and that row's id."""
    # SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum.
    rows = query("SELECT row_key, digest, MAX(audit_id) FROM audit_record WHERE tbl = ? GROUP BY row_key", (table,))
    return {key: (digest, audit_id) for key, digest, audit_id in rows}
