"""Read models for incidents: the filtered, sorted list (ids first, rows on demand), the open clocks,
one incident in full, and the handover section. Light imports only: 今日值班 uses this at start-up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dutyroom.clock import parse_iso
from dutyroom.store import Store

GRADE_LABELS = {"I": "特别重大", "II": "重大", "III": "较大", "IV": "一般"}
STATUS_LABELS = {"open": "处置中", "closed": "处置结束"}
LIST_COLUMNS = ("id, year, serial, title, status, received_at, occurred_at, category, subtype, place, dead, missing,"
                " serious_injuries, injured, trapped, grade, computed_grade, grade_override_reason, level, flags,"
                " must_report, next_due_at, next_due_label, open_obligations, closed_at, voided_at")
SORTS: dict[str, str] = {
    "received": "received_at", "number": "year {dir}, serial", "title": "title", "grade": "grade",
    "category": "category {dir}, subtype", "place": "place", "status": "status", "next_due": "next_due_at",
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


def _where(flt: IncidentFilter, now_iso: str | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if not flt.include_voided:
        clauses.append("voided_at IS NULL")
    if flt.status == "open":
        clauses.append("status = 'open'")
    elif flt.status == "closed":
        clauses.append("status = 'closed'")
    elif flt.status == "due":
        clauses.append("next_due_at IS NOT NULL")
    elif flt.status == "overdue":
        clauses.append("next_due_at IS NOT NULL AND next_due_at < ?")
        params.append(now_iso)
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
    for word in flt.text.lower().split():
        if word.isdigit() or "-" in word:
            clauses.append("(instr(search_text, ?) > 0 OR printf('%d-%03d', year, serial) = ?)")
            params += [word, word]
        else:
            clauses.append("instr(search_text, ?) > 0")
            params.append(word)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def incident_ids(store: Store, flt: IncidentFilter = IncidentFilter(), *, sort: str = "received",
                 descending: bool = True, now_iso: str | None = None) -> list[int]:
    """Ids of matching incidents in order; rows are fetched for the visible part only."""
    where, params = _where(flt, now_iso)
    direction = "DESC" if descending else "ASC"
    order = SORTS[sort].replace("{dir}", direction)
    nulls = "next_due_at IS NULL, " if sort == "next_due" else ""
    sql = f"SELECT id FROM incident{where} ORDER BY {nulls}{order} {direction}, id {direction}"
    return [r[0] for r in store.conn.execute(sql, params).fetchall()]


def count_incidents(store: Store, flt: IncidentFilter = IncidentFilter(), now_iso: str | None = None) -> int:
    where, params = _where(flt, now_iso)
    return int(store.scalar(f"SELECT COUNT(*) FROM incident{where}", params))


def rows_by_id(store: Store, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    found: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.conn.execute(f"SELECT {LIST_COLUMNS} FROM incident WHERE id IN ({marks})", chunk):
            found[row["id"]] = dict(row)
    return found


def number_of(row: dict[str, Any]) -> str:
    return f"{row['year']}-{row['serial']:03d}"


# -- clocks -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Clock:
    obligation_id: int
    incident_id: int
    number: str
    title: str
    grade: str
    label: str
    due_at: datetime
    recipient: str
    how: str
    meet: str
    acked: frozenset[str]

    def seconds_left(self, now: datetime) -> float:
        return (self.due_at - now).total_seconds()

    def stage(self, now: datetime, warning_minutes: int) -> str:
        left = self.seconds_left(now)
        if left < 0:
            return "overdue"
        if left <= warning_minutes * 60:
            return "soon"
        return "running"


def open_clocks(store: Store) -> list[Clock]:
    """Every open obligation of a live incident, soonest first (uses the partial index on open ones)."""
    rows = store.rows(
        "SELECT o.id, o.incident_id, o.label, o.due_at, o.recipient, o.how, o.meet, i.year, i.serial, i.title, i.grade,"
        " (SELECT group_concat(stage) FROM obligation_alert a WHERE a.obligation_id = o.id) AS acked"
        " FROM incident_obligation o JOIN incident i ON i.id = o.incident_id"
        " WHERE o.status = 'open' AND i.voided_at IS NULL ORDER BY o.due_at, o.id")
    return [Clock(r["id"], r["incident_id"], f"{r['year']}-{r['serial']:03d}", r["title"], r["grade"], r["label"],
                  parse_iso(r["due_at"]), r["recipient"], r["how"], r["meet"],
                  frozenset((r["acked"] or "").split(",")) - {""}) for r in rows]


def countdown_text(seconds: float) -> str:
    """"剩 12分05秒", "剩 1小时05分", "超时 3分10秒" — what the clocks show (never mistakable for a time)."""
    overdue = seconds < 0
    seconds = int(abs(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours >= 24:
        body = f"{hours // 24}天{hours % 24}小时"
    elif hours:
        body = f"{hours}小时{minutes:02d}分"
    else:
        body = f"{minutes}分{secs:02d}秒"
    return ("超时 " if overdue else "剩 ") + body


# -- one incident -------------------------------------------------------------------------------------

def incident_detail(store: Store, incident_id: int) -> dict[str, Any]:
    incident = store.row("SELECT * FROM incident WHERE id = ?", (incident_id,))
    if incident is None:
        from dutyroom.errors import NotFound

        raise NotFound("事件不存在。")
    detail = dict(incident)
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
    return detail


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


def open_incidents_for_handover(store: Store, now: datetime) -> list[HandoverIncident]:
    """For the handover sheet: incidents still being handled or with a clock still running, the most
    urgent first, each with its next report due."""
    rows = store.rows(
        "SELECT id, year, serial, title, grade, status, next_due_at, next_due_label, open_obligations FROM incident"
        " WHERE voided_at IS NULL AND (status = 'open' OR open_obligations > 0)"
        " ORDER BY next_due_at IS NULL, next_due_at, received_at")
    out = []
    for r in rows:
        due = parse_iso(r["next_due_at"]) if r["next_due_at"] else None
        out.append(HandoverIncident(r["id"], f"{r['year']}-{r['serial']:03d}", r["title"], GRADE_LABELS[r["grade"]],
                                    STATUS_LABELS[r["status"]], due, r["next_due_label"] or "", r["open_obligations"],
                                    due is not None and due < now))
    return out
