"""Read models for incidents: the filtered, sorted list (a page at a time), the open clocks (from clocks.py),
one incident in full, and the handover section.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, cast

from dutyroom.clock import iso, parse_iso
from dutyroom.incidents import search
from dutyroom.incidents.clocks import GRADE_LABELS, Clock, countdown_text, open_clocks  # noqa: F401 - re-exported
from dutyroom.incidents.models import IncidentDetail, IncidentListRow
from dutyroom.store import Store


class IncidentStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"           # 处置结束 (reopened: open again)


STATUS_LABELS: dict[str, str] = {IncidentStatus.OPEN: "处置中", IncidentStatus.CLOSED: "处置结束"}
LIST_COLUMNS = ("id, year, serial, title, status, received_at, occurred_at, category, subtype, place, dead, missing,"
                " serious_injuries, injured, trapped, grade, computed_grade, grade_override_reason, level, flags,"
                " must_report, next_due_at, next_due_label, open_obligations, closed_at, voided_at")
# Sort orders: the columns in order (all ascending or all descending, the id last), each backed by an index.
NO_DUE = "9999-12-31"
NEXT_DUE = f"coalesce(next_due_at, '{NO_DUE}')"
SORTS: dict[str, tuple[str, ...]] = {
    "received": ("received_at",), "number": ("year", "serial"), "title": ("title",), "grade": ("grade", "received_at"),
    "category": ("category", "received_at"), "place": ("place",), "status": ("status", "received_at"),
    "next_due": (NEXT_DUE,),
}


@dataclass(frozen=True)
class IncidentFilter:
    text: str = ""
    status: str = "all"          # all, open (处置中), closed, due (有未完成时限), overdue
    grade: str | None = None     # I..IV
    category: str | None = None
    include_voided: bool = False
    since: str | None = None     # ISO, received on or after
    until: str | None = None     # ISO, received before


@dataclass(frozen=True)
class IncidentQuery:
    """One filtered, sorted view of the incidents, read a page at a time (the list never loads them all)."""
    flt: IncidentFilter = IncidentFilter()
    sort: str = "received"
    descending: bool = True
    now_iso: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        flt = self.flt
        clauses: list[str] = []
        params: list[Any] = []
        if not flt.include_voided:
            clauses.append("voided_at IS NULL")
        if flt.status == "open":
            clauses.append("status = 'open'")
        elif flt.status == "closed":
            clauses.append("status = 'closed'")
        elif flt.status == "due":   # written on the indexed expression
            clauses.append(f"{NEXT_DUE} < '{NO_DUE}'")
        elif flt.status == "overdue":
            clauses.append(f"{NEXT_DUE} < ?")
            params.append(self.now_iso)
        if flt.grade:
            clauses.append("grade = ?")
            params.append(flt.grade)
        if flt.category:
            clauses.append("category = ?")
            params.append(flt.category)
        if flt.since:
            clauses.append("received_at >= ?")
            params.append(flt.since)
        if flt.until:
            clauses.append("received_at < ?")
            params.append(flt.until)
        number = search.incident_number(flt.text)
        if number is not None:
            clauses.append("year = ? AND serial = ?")
            params += list(number)
        else:
            match = search.match_query(flt.text)
            if match is not None:
                clauses.append("id IN (SELECT rowid FROM incident_fts WHERE incident_fts MATCH ?)")
                params.append(match)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    @property
    def keys(self) -> tuple[str, ...]:
        return SORTS[self.sort]

    def order(self) -> str:
        direction = "DESC" if self.descending else "ASC"
        return ", ".join(f"{key} {direction}" for key in (*self.keys, "id"))

    def count(self, store: Store) -> int:
        where, params = self.where()
        # Unfiltered, SQLite would count by reading the whole table; the narrow partial index is 10× faster.
        hint = " INDEXED BY incident_received" if where == " WHERE voided_at IS NULL" else ""
        return int(store.scalar(f"SELECT COUNT(*) FROM incident{hint}{where}", params))

    def _source(self) -> str:
        # Rows with a clock running are few: find them by that index and sort them, rather than walking the
        # sort index through every incident (which the planner would otherwise choose).
        if self.flt.status in ("due", "overdue") and not self.flt.include_voided:
            return "incident INDEXED BY incident_next_due"
        return "incident"

    def page(self, store: Store, offset: int, limit: int) -> list[IncidentListRow]:
        where, params = self.where()
        rows = store.rows(f"SELECT {LIST_COLUMNS} FROM {self._source()}{where} ORDER BY {self.order()}"
                          f" LIMIT ? OFFSET ?", (*params, limit, offset))
        return [cast(IncidentListRow, dict(r)) for r in rows]

    def ids(self, store: Store) -> list[int]:
        where, params = self.where()
        return store.column(f"SELECT id FROM {self._source()}{where} ORDER BY {self.order()}", params)

    def position(self, store: Store, incident_id: int) -> int | None:
        """Where an incident sits in this view (None when the filter leaves it out)."""
        where, params = self.where()
        glue = " AND " if where else " WHERE "
        found = store.row(f"SELECT {', '.join(self.keys)}, id FROM incident{where}{glue}id = ?",
                          (*params, incident_id))
        if found is None:
            return None
        before = ">" if self.descending else "<"
        columns = ", ".join((*self.keys, "id"))
        marks = ", ".join("?" * (len(self.keys) + 1))
        sql = f"SELECT COUNT(*) FROM incident{where}{glue}({columns}) {before} ({marks})"
        return int(store.scalar(sql, (*params, *tuple(found))))


def incident_ids(store: Store, flt: IncidentFilter = IncidentFilter(), *, sort: str = "received",
                 descending: bool = True, now_iso: str | None = None) -> list[int]:
    """Every matching id in order (tests, exports); the list itself reads pages through IncidentQuery."""
    return IncidentQuery(flt, sort, descending, now_iso).ids(store)


def count_incidents(store: Store, flt: IncidentFilter = IncidentFilter(), now_iso: str | None = None) -> int:
    return IncidentQuery(flt, now_iso=now_iso).count(store)


def rows_by_id(store: Store, ids: list[int]) -> dict[int, IncidentListRow]:
    if not ids:
        return {}
    found: dict[int, IncidentListRow] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.rows(f"SELECT {LIST_COLUMNS} FROM incident WHERE id IN ({marks})", chunk):
            found[row["id"]] = cast(IncidentListRow, dict(row))
    return found


def number_of(row: Mapping[str, Any]) -> str:
    return f"{row['year']}-{row['serial']:03d}"


# -- one incident -------------------------------------------------------------------------------------

def incident_detail(store: Store, incident_id: int) -> IncidentDetail:
    incident = store.row("SELECT * FROM incident WHERE id = ?", (incident_id,))
    if incident is None:
        from dutyroom.errors import NotFound

        raise NotFound("事件不存在。")
    detail: dict[str, Any] = dict(incident)
    detail["facts"] = json.loads(incident["facts_json"])
    detail["grading"] = json.loads(incident["grading_json"])
    detail["calls"] = [dict(r) for r in store.rows(
        "SELECT * FROM incident_call WHERE incident_id = ? ORDER BY received_at, id", (incident_id,))]
    detail["obligations"] = [dict(r) for r in store.rows(
        "SELECT o.*, (SELECT group_concat(stage || ':' || acked_by_name || ':' || acked_at, ';')"
        " FROM obligation_alert a WHERE a.obligation_id = o.id) AS acks"
        " FROM incident_obligation o WHERE incident_id = ? ORDER BY (status = 'open') DESC, due_at, id",
        (incident_id,))]
    detail["reports"] = [dict(r) for r in store.rows(
        "SELECT * FROM incident_report WHERE incident_id = ? ORDER BY id", (incident_id,))]
    detail["rule_label"] = detail["grading"].get("rules", "")
    return cast(IncidentDetail, detail)


# -- handover -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HandoverIncident:
    incident_id: int
    number: str
    title: str
    grade: str
    status: str
    next_due_at: datetime | None
    next_due_label: str
    open_obligations: int
    overdue: bool

    @property
    def line(self) -> str:
        due = ""
        if self.next_due_at is not None:
            when = f"{self.next_due_at.month}月{self.next_due_at.day}日{self.next_due_at:%H:%M}"
            due = f"；{'已超时：' if self.overdue else '下一时限：'}{self.next_due_label} {when}"
        return f"［{self.number}］{self.title}（{self.grade}，{self.status}{due}）"


def open_incidents_for_handover(store: Store, moment: datetime) -> list[HandoverIncident]:
    """For the handover sheet as of ``moment`` (now for the live sheet, the shift's end for a past one):
    incidents received by then and still being handled or with a clock still running at that moment, the most
    urgent first, each with its next report due then."""
    at = iso(moment)
    open_then = ("FROM incident_obligation o WHERE o.incident_id = i.id AND o.planned_at <= :at"
                 " AND COALESCE(o.met_at, o.ended_at, '9') > :at")
    rows = store.rows(
        "SELECT * FROM (SELECT i.id, i.year, i.serial, i.title, i.grade, i.received_at,"
        " CASE WHEN i.closed_at IS NULL OR i.closed_at > :at THEN 'open' ELSE 'closed' END AS status_then,"
        f" (SELECT COUNT(*) {open_then}) AS obligations_then,"
        f" (SELECT o.due_at {open_then} ORDER BY o.due_at LIMIT 1) AS due_then,"
        f" (SELECT o.label {open_then} ORDER BY o.due_at LIMIT 1) AS due_label_then"
        " FROM incident i WHERE i.voided_at IS NULL AND i.received_at <= :at)"
        " WHERE status_then = 'open' OR obligations_then > 0"
        " ORDER BY due_then IS NULL, due_then, received_at", {"at": at})
    out = []
    for r in rows:
        due = parse_iso(r["due_then"]) if r["due_then"] else None
        out.append(HandoverIncident(r["id"], f"{r['year']}-{r['serial']:03d}", r["title"], GRADE_LABELS[r["grade"]],
                                    STATUS_LABELS[r["status_then"]], due, r["due_label_then"] or "",
                                    r["obligations_then"], due is not None and due < moment))
    return out
