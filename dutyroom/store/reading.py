"""Reading: the same few calls on the Store (outside a transaction) and on a Writer (inside one)."""

from __future__ import annotations

import functools
import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

Params = Sequence[Any] | Mapping[str, Any]

_READ = re.compile(r"\s*(SELECT|WITH)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=2048)
def _is_query(sql: str) -> bool:
    return _READ.match(sql) is not None      # the same statements come back: each is looked at once


class Reader(Protocol):
    """What read code needs: a Store, or the Writer of the transaction it runs in."""

    def rows(self, sql: str, params: Params = ()) -> list[sqlite3.Row]: ...

    def row(self, sql: str, params: Params = ()) -> sqlite3.Row | None: ...

    def one(self, sql: str, params: Params = ()) -> sqlite3.Row: ...

    def scalar(self, sql: str, params: Params = ()) -> Any: ...

    def column(self, sql: str, params: Params = ()) -> list[Any]: ...

    def iterate(self, sql: str, params: Params = ()) -> Iterator[sqlite3.Row]: ...

    def tuples(self, sql: str, params: Params = ()) -> Iterator[tuple[Any, ...]]: ...


class Reads(ABC):
    """Queries only: a statement that would change data is refused here (writes go through a Writer)."""

    @abstractmethod
    def _db(self) -> sqlite3.Connection:
        """The connection the reads run on."""

    def _query(self, sql: str, params: Params) -> sqlite3.Cursor:
        if not _is_query(sql):
            raise RuntimeError(f"not a query (writes go through a Writer): {sql[:60]}")
        return self._db().execute(sql, params)

    def rows(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        return self._query(sql, params).fetchall()

    def row(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        return self._query(sql, params).fetchone()

    def one(self, sql: str, params: Params = ()) -> sqlite3.Row:
        """The row a statement must find (a record just checked or written): none is a programming error."""
        found = self._query(sql, params).fetchone()
        if found is None:
            raise LookupError(f"no row for {sql[:60]} {params!r}")
        return found

    def scalar(self, sql: str, params: Params = ()) -> Any:
        found = self._query(sql, params).fetchone()
        return None if found is None else found[0]

    def column(self, sql: str, params: Params = ()) -> list[Any]:
        """The first column of every row (plain tuples underneath: the quick way to read many ids)."""
        return [r[0] for r in self.tuples(sql, params)]

    def iterate(self, sql: str, params: Params = ()) -> Iterator[sqlite3.Row]:
        """Rows one at a time, for walks over more rows than should sit in memory at once."""
        return self._query(sql, params)       # the cursor itself: iterating it costs nothing extra

    def tuples(self, sql: str, params: Params = ()) -> Iterator[tuple[Any, ...]]:
        """Like ``iterate``, as plain tuples: the quick way through hundreds of thousands of rows."""
        if not _is_query(sql):
            raise RuntimeError(f"not a query (writes go through a Writer): {sql[:60]}")
        cursor = self._db().cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params)
