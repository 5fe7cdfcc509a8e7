"""Search and filter across all logs: duty-date range, types, person, text (2-character Chinese included)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dutyroom.dutylog.entries import ENTRY_COLUMNS, decorate
from dutyroom.dutylog.kinds import entry_kinds
from dutyroom.dutylog.models import LogEntry
from dutyroom.dutylog.textindex import normalize, parse_query
from dutyroom.errors import ValidationError
from dutyroom.store import Store

DEFAULT_LIMIT = 500
_TEXT_OF = ("lower(e.summary || ' ' || e.detail || ' ' || e.counterpart || ' ' || e.fields_json || ' '"
            " || e.recorded_by_name)")


@dataclass(frozen=True)
class LogQuery:
    first: date | None = None
    last: date | None = None
    kinds: frozenset[str] = frozenset()
    person: str = ""             # a name or unit fragment: who the entry is with, or who recorded it
    person_id: int | None = None
    text: str = ""
    include_voided: bool = False
    limit: int = DEFAULT_LIMIT

    @property
    def is_empty(self) -> bool:
        return not (self.first or self.last or self.kinds or self.person.strip() or self.person_id
                    or self.text.strip())


@dataclass
class SearchResult:
    rows: list[LogEntry]
    total: int
    elapsed_ms: float
    terms: tuple[str, ...] = field(default_factory=tuple)

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def _where(query: LogQuery) -> tuple[list[str], list[Any]]:
    if query.first and query.last and query.first > query.last:
        raise ValidationError("开始日期晚于结束日期，请调整查询的日期范围。", field="first")
    unknown = sorted(query.kinds - set(entry_kinds()))
    if unknown:
        raise ValidationError(f"未知的记录类型：{'、'.join(unknown)}", field="kinds")
    where: list[str] = []
    params: list[Any] = []
    text = parse_query(query.text)
    if text.match:
        where.append("e.id IN (SELECT rowid FROM duty_log_fts WHERE duty_log_fts MATCH ?)")
        params.append(text.match)
    for term in text.substrings:
        where.append(f"instr({_TEXT_OF}, ?) > 0")
        params.append(term)
    if query.first:
        where.append("e.duty_date >= ?")
        params.append(query.first.isoformat())
    if query.last:
        where.append("e.duty_date <= ?")
        params.append(query.last.isoformat())
    if query.kinds:
        where.append(f"e.kind IN ({','.join('?' * len(query.kinds))})")
        params.extend(sorted(query.kinds))
    person = normalize(query.person).strip()
    if person:
        # people and units have their own indexed column; a lone character narrows by the character column
        # and is then checked against who the entry is with
        narrowed = parse_query(person.replace(" ", ""), column="who")
        if narrowed.match:
            where.append("e.id IN (SELECT rowid FROM duty_log_fts WHERE duty_log_fts MATCH ?)")
            params.append(narrowed.match)
        if narrowed.substrings or not narrowed.match or "chars" in (narrowed.match or ""):
            where.append("(instr(lower(e.counterpart), ?) > 0 OR instr(lower(e.recorded_by_name), ?) > 0"
                         " OR instr(lower(e.fields_json), ?) > 0)")
            params.extend([person, person, person])
    if query.person_id is not None:
        where.append("e.person_id = ?")
        params.append(query.person_id)
    if not query.include_voided:
        where.append("e.voided_at IS NULL")
    return where, params


def search(store: Store, query: LogQuery) -> SearchResult:
    """Matching entries, newest first, at most ``query.limit`` of them, with the total count."""
    started = time.perf_counter()
    where, params = _where(query)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    if any("duty_log_fts" in condition for condition in where):
        # The index has narrowed it down: one pass over the hits gives both the order and the count
        # (sorting a few thousand (time, id) pairs here beats a sorted query plus a counting query).
        hits = store.rows(f"SELECT e.id, e.occurred_at FROM duty_log_entry e{clause}", params)
        total = len(hits)
        ids = [hit[0] for hit in sorted(hits, key=lambda hit: (hit[1], hit[0]), reverse=True)[: query.limit]]
    else:
        ids = [r[0] for r in store.rows(f"SELECT e.id FROM duty_log_entry e{clause}"
                                        " ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?", (*params, query.limit))]
        total = len(ids) if len(ids) < query.limit else int(
            store.scalar(f"SELECT COUNT(*) FROM duty_log_entry e{clause}", params))
    found = {r["id"]: r for r in store.rows(
        f"SELECT {ENTRY_COLUMNS} FROM duty_log_entry e WHERE e.id IN ({','.join('?' * len(ids))})", ids)} if ids else {}
    return SearchResult([decorate(found[i]) for i in ids], total, (time.perf_counter() - started) * 1000,
                        tuple(normalize(query.text).split()))
