"""Duty-log entries: typed, stamped with who and when, filed under their shift, never overwritten.

``record_entry`` is the one way a typed entry is written (the GUI, templates, roll calls and other
modules such as incident intake use it). ``correct_entry`` keeps the previous version in
``duty_log_revision``: while the shift is open that is a correction; once it is closed it is an
amendment (补正), which needs the 补正 permission and a reason.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from dutyroom.clock import iso, parse_iso, to_cst
from dutyroom.duty.shifts import handover_time, shift_at
from dutyroom.dutylog import kinds as kind_defs
from dutyroom.dutylog.models import Amendment, EntryDetail, EntryRevision, LogEntry, ShiftEntry
from dutyroom.dutylog.shiftstate import check_entry_time, is_locked, moment_text
from dutyroom.dutylog.textindex import entry_index_text
from dutyroom.errors import NotFound, Problems, ValidationError
from dutyroom.session import Session, Tx
from dutyroom.store import Reader, Store

MAX_DETAIL = 4000
MAX_SOURCE = 100
_UNSET: Any = object()


@dataclass(frozen=True)
class PendingRequest:
    """A pending item (待办) raised together with an entry."""
    title: str
    detail: str = ""
    due_at: datetime | None = None


@dataclass(frozen=True)
class CleanEntry:
    kind: str
    summary: str
    detail: str
    fields: dict[str, Any]
    counterpart: str
    person_id: int | None
    occurred_at: datetime
    source: str = ""

    @property
    def fields_json(self) -> str:
        return json.dumps(self.fields, ensure_ascii=False, separators=(",", ":"))


# -- validation ------------------------------------------------------------------------------------

def _check_person(reader: Reader, person_id: int | None) -> None:
    if person_id is None:
        return
    row = reader.row("SELECT voided_at FROM person WHERE id = ?", (person_id,))
    if row is None:
        raise ValidationError("所选人员不存在，请重新选择或直接填写姓名。", field="person_id")
    if row[0]:
        raise ValidationError("所选人员已作废，请重新选择或直接填写姓名。", field="person_id")


def clean_entry(reader: Reader, *, kind: str, summary: str, detail: str, fields: dict[str, Any] | None,
                person_id: int | None, occurred_at: datetime, source: str = "", complete: bool = True,
                problems: Problems | None = None) -> CleanEntry:
    """Validate everything but the time's shift (which depends on whether this is new or a correction). Every
    problem is found: with ``problems`` they are added there (the caller refuses them with its own), else
    refused here together."""
    own = problems is None
    problems = problems if problems is not None else Problems()
    spec = kind_defs.get_kind(kind)
    cleaned_fields: dict[str, Any] = problems.check(kind_defs.clean_fields, spec, fields, require=complete,
                                                    default={})
    summary = (summary or "").strip() or kind_defs.auto_summary(spec, cleaned_fields)
    if not summary and not (spec.auto_summary and problems):   # a composed summary waits for its fields
        problems.add(ValidationError(f"内容摘要不能为空：请填写“{spec.summary_label}”。", field="summary"))
    if len(summary) > kind_defs.MAX_SUMMARY:
        problems.add(ValidationError(f"“{spec.summary_label}”过长（最多{kind_defs.MAX_SUMMARY}字），"
                                     "详细情况请写在“详细情况”中。", field="summary"))
    detail = (detail or "").strip()
    if len(detail) > MAX_DETAIL:
        problems.add(ValidationError(f"“详细情况”过长（最多{MAX_DETAIL}字）。", field="detail"))
    source = (source or "").strip()
    if len(source) > MAX_SOURCE:
        problems.add(ValidationError("记录来源标识过长。", field="source"))
    problems.check(_check_person, reader, person_id, default=None)
    if own:
        problems.raise_any()
    return CleanEntry(kind, summary, detail, cleaned_fields, kind_defs.counterpart_of(spec, cleaned_fields),
                      person_id, to_cst(occurred_at).replace(microsecond=0), source)


def clean_pending(request: PendingRequest | str | None, occurred: datetime) -> PendingRequest | None:
    if request is None:
        return None
    if isinstance(request, str):
        request = PendingRequest(request)
    title = (request.title or "").strip()
    if not title:
        raise ValidationError("待办事项须写明要办什么。", field="pending")
    if len(title) > 200:
        raise ValidationError("待办事项标题过长（最多200字），详细情况请写在说明中。", field="pending")
    if request.due_at is not None and to_cst(request.due_at) < occurred:
        raise ValidationError("待办事项的办理期限不能早于记录时间。", field="pending_due")
    return PendingRequest(title, (request.detail or "").strip(), request.due_at)


# -- writing ---------------------------------------------------------------------------------------

def _index(tx: Tx, entry_id: int, row: dict[str, Any]) -> None:
    body, chars, who = entry_index_text(row)
    tx.insert("duty_log_fts", {"rowid": entry_id, "body": body, "chars": chars, "who": who})


def _unindex(tx: Tx, entry_id: int, row: dict[str, Any]) -> None:
    body, chars, who = entry_index_text(row)
    # FTS5's own command for removing a row from an external-content index.
    tx.insert("duty_log_fts", {"duty_log_fts": "delete", "rowid": entry_id, "body": body, "chars": chars,
                               "who": who})


def _snapshot(tx: Tx, entry_id: int) -> dict[str, Any]:
    snap = tx.snapshot("duty_log_entry", entry_id)
    snap["fields"] = json.loads(snap.pop("fields_json") or "{}")
    return snap


def insert_entry(tx: Tx, entry: CleanEntry, duty_date: str, pending: PendingRequest | None = None) -> int:
    """Write a validated entry inside an open transaction (for operations that log as part of their work)."""
    values = {
        "duty_date": duty_date, "occurred_at": iso(entry.occurred_at), "kind": entry.kind,
        "summary": entry.summary, "detail": entry.detail, "fields_json": entry.fields_json,
        "counterpart": entry.counterpart, "person_id": entry.person_id, "source": entry.source,
        "recorded_by": tx.actor.account_id, "recorded_by_name": tx.actor.display_name,
        "created_at": tx.at, "updated_at": tx.at,
    }
    entry_id = tx.insert("duty_log_entry", values)
    _index(tx, entry_id, values)
    tx.audit("log.add", "duty_log_entry", entry_id, after=_snapshot(tx, entry_id))
    if pending is not None:
        from dutyroom.dutylog.pending import insert_pending

        insert_pending(tx, pending, duty_date=duty_date, entry_id=entry_id)
    return entry_id


def record_entry(session: Session, kind: str, *, summary: str = "", occurred_at: datetime | None = None,
                 detail: str = "", fields: dict[str, Any] | None = None, person_id: int | None = None,
                 source: str = "", pending: PendingRequest | str | None = None, complete: bool = True) -> int:
    """Record one typed entry now (or at ``occurred_at`` within a shift still open); returns its id.

    ``fields`` are the type's own fields (see ``resources/dutylog/entry_types.json``), e.g. for a
    来电: unit, name, title, phone, instruction, handling. ``person_id`` links the person picked from the
    people model; ``source`` names what the entry belongs to elsewhere (e.g. ``"incident:12"``);
    ``pending`` raises a 待办 item carried from shift to shift until closed. ``complete=False`` lets the
    type's required fields be missing (only for ``dutyroom.duty.log.add_entry``, the summary-only path).
    """
    session.require("log.write")
    store = session.store
    now = session.now()
    problems = Problems()
    entry = clean_entry(store, kind=kind, summary=summary, detail=detail, fields=fields, person_id=person_id,
                        occurred_at=occurred_at or now, source=source, complete=complete, problems=problems)
    pending_clean = problems.check(clean_pending, pending, entry.occurred_at, default=None)
    problems.raise_any()
    handover = handover_time(store)
    with session.write() as tx:
        shift = check_entry_time(tx, entry.occurred_at, tx.now, handover)
        return insert_entry(tx, entry, shift.duty_date.isoformat(), pending_clean)


def correct_entry(session: Session, entry_id: int, *, kind: str | None = None, summary: str | None = None,
                  detail: str | None = None, fields: dict[str, Any] | None = None,
                  occurred_at: datetime | None = None, person_id: Any = _UNSET, reason: str = "") -> int:
    """Change an entry, keeping the previous version. Returns the new revision number (unchanged: same)."""
    store = session.store
    found = store.row("SELECT * FROM duty_log_entry WHERE id = ?", (entry_id,))
    if found is None:
        raise NotFound("该值班记录不存在。")
    current = dict(found)
    if current["voided_at"]:
        raise ValidationError("该记录已作废，不能再修改。")
    handover = handover_time(store)
    now = session.now()
    old_time = parse_iso(current["occurred_at"])
    shift = shift_at(old_time, handover)
    locked = is_locked(store, shift, now)
    session.require("log.amend" if locked else "log.write")
    _require_own_or_chief(session, current, "更正")
    reason = (reason or "").strip()
    problems = Problems()
    if locked and not reason:
        problems.add(ValidationError("该班次已交接班，记录只能补正：请写明补正原因。", field="reason"))
    if len(reason) > 500:
        problems.add(ValidationError("补正原因过长（最多500字）。", field="reason"))
    current_fields = json.loads(current["fields_json"])
    # An entry logged without some required fields (a call relayed from incident intake, the summary-only
    # path) can still be corrected; one that was complete must stay complete.
    was_complete = kind_defs.is_complete(kind_defs.get_kind(current["kind"]), current_fields)
    entry = clean_entry(
        store, kind=kind or current["kind"],
        summary=current["summary"] if summary is None else summary,
        detail=current["detail"] if detail is None else detail,
        fields=current_fields if fields is None else fields,
        person_id=current["person_id"] if person_id is _UNSET else person_id,
        occurred_at=occurred_at or old_time, source=current["source"], complete=was_complete, problems=problems)
    problems.raise_any()
    if entry.occurred_at != old_time:
        if entry.occurred_at > to_cst(now):
            raise ValidationError(f"记录时间（{moment_text(entry.occurred_at)}）晚于当前时间，请核对。",
                                  field="occurred_at")
        if not shift.contains(entry.occurred_at):
            raise ValidationError(f"更正后的时间（{moment_text(entry.occurred_at)}）不在原记录所在班次"
                                  f"（{shift.label}）内；记录不能移到其他班次，请核对时间。", field="occurred_at")
    new_values = {"kind": entry.kind, "summary": entry.summary, "detail": entry.detail,
                  "fields_json": entry.fields_json, "counterpart": entry.counterpart,
                  "person_id": entry.person_id, "occurred_at": iso(entry.occurred_at)}
    if all(current[key] == value for key, value in new_values.items()):
        return int(current["revision"])
    with session.write() as tx:
        before = _snapshot(tx, entry_id)
        if before["revision"] != current["revision"] or before["voided_at"]:
            raise ValidationError("该记录刚刚被他人修改，请重新打开后再改。")
        previous_author = tx.row(
            "SELECT replaced_by_name FROM duty_log_revision WHERE entry_id = ? ORDER BY revision DESC LIMIT 1",
            (entry_id,))
        tx.insert("duty_log_revision", {
            "entry_id": entry_id, "revision": current["revision"], "kind": current["kind"],
            "occurred_at": current["occurred_at"], "summary": current["summary"], "detail": current["detail"],
            "fields_json": current["fields_json"], "counterpart": current["counterpart"],
            "person_id": current["person_id"], "written_at": current["updated_at"] or current["created_at"],
            "written_by_name": previous_author[0] if previous_author else current["recorded_by_name"],
            "replaced_at": tx.at, "replaced_by": tx.actor.account_id, "replaced_by_name": tx.actor.display_name,
            "reason": reason, "amendment": 1 if locked else 0})
        _unindex(tx, entry_id, current)
        revision = int(current["revision"]) + 1
        tx.update("duty_log_entry", entry_id, {**new_values, "revision": revision, "updated_at": tx.at})
        _index(tx, entry_id, {**current, **new_values})
        after = _snapshot(tx, entry_id)
        tx.audit("log.amend" if locked else "log.correct", "duty_log_entry", entry_id, before=before,
                 after={**after, "reason": reason} if reason else after)
    return revision


def _require_own_or_chief(session: Session, entry: Any, verb: str) -> None:
    """One's own entry is corrected or voided by oneself; another person's only by a 值班长 or 带班领导."""
    session.require_own_or("log.others", entry["recorded_by"],
                           f"这条记录是{entry['recorded_by_name']}记的：他人的值班记录只能由本人或值班长、带班领导{verb}。")


def void_entry(session: Session, entry_id: int, reason: str) -> None:
    """作废: the entry stays, marked void with the reason (an amendment once the shift is closed)."""
    store = session.store
    row = store.row("SELECT occurred_at, voided_at, recorded_by, recorded_by_name FROM duty_log_entry WHERE id = ?",
                    (entry_id,))
    if row is None:
        raise NotFound("该值班记录不存在。")
    shift = shift_at(parse_iso(row["occurred_at"]), handover_time(store))
    locked = is_locked(store, shift, session.now())
    session.require("log.amend" if locked else "log.write")
    _require_own_or_chief(session, row, "作废")
    with session.write() as tx:
        open_items = tx.scalar("SELECT COUNT(*) FROM pending_item WHERE entry_id = ? AND closed_at IS NULL"
                               " AND voided_at IS NULL", (entry_id,))
        if open_items:
            raise ValidationError(f"该记录还有 {open_items} 项待办未办结：请先办结或作废待办事项，再作废记录。")
        tx.void("duty_log_entry", entry_id, reason, op="log.void", entity="duty_log_entry")


# -- reading ---------------------------------------------------------------------------------------

ENTRY_COLUMNS = ("e.id, e.duty_date, e.occurred_at, e.kind, e.summary, e.detail, e.fields_json, e.counterpart,"
                 " e.person_id, e.source, e.revision, e.recorded_by, e.recorded_by_name, e.created_at,"
                 " e.updated_at, e.voided_at, e.void_reason")


def _parsed(row: sqlite3.Row | Mapping[str, Any]) -> dict[str, Any]:
    record = dict(row)
    record["fields"] = json.loads(record.pop("fields_json", None) or "{}")
    record["kind_label"] = kind_defs.kind_label(record["kind"])
    return record


def decorate(row: sqlite3.Row | Mapping[str, Any]) -> LogEntry:
    """A stored entry row (``ENTRY_COLUMNS``) as the views use it: parsed fields and the type's label."""
    return cast(LogEntry, _parsed(row))


def get_entry(store: Store, entry_id: int) -> EntryDetail:
    row = store.row(f"SELECT {ENTRY_COLUMNS} FROM duty_log_entry e WHERE e.id = ?", (entry_id,))
    if row is None:
        raise NotFound("该值班记录不存在。")
    record = _parsed(row)
    record["amended"] = bool(store.scalar(
        "SELECT 1 FROM duty_log_revision WHERE entry_id = ? AND amendment = 1", (entry_id,)))
    return cast(EntryDetail, record)


def entry_revisions(store: Store, entry_id: int) -> list[EntryRevision]:
    """Earlier versions of an entry, oldest first."""
    rows = store.rows("SELECT * FROM duty_log_revision WHERE entry_id = ? ORDER BY revision", (entry_id,))
    return [cast(EntryRevision, _parsed(row)) for row in rows]


def shift_entries(store: Store, duty_date: str, *, include_voided: bool = True) -> list[ShiftEntry]:
    """The entries of one shift in time order, each with its pending-item state and amendment mark."""
    voided = "" if include_voided else " AND e.voided_at IS NULL"
    rows = store.rows(
        f"SELECT {ENTRY_COLUMNS},"
        " (SELECT COUNT(*) FROM pending_item p WHERE p.entry_id = e.id AND p.voided_at IS NULL) AS pending_total,"
        " (SELECT COUNT(*) FROM pending_item p WHERE p.entry_id = e.id AND p.voided_at IS NULL"
        "   AND p.closed_at IS NULL) AS pending_open,"
        " EXISTS (SELECT 1 FROM duty_log_revision r WHERE r.entry_id = e.id AND r.amendment = 1) AS amended"
        f" FROM duty_log_entry e WHERE e.duty_date = ?{voided} ORDER BY e.occurred_at, e.id", (duty_date,))
    return [cast(ShiftEntry, _parsed(r)) for r in rows]


def shift_amendments(store: Store, duty_date: str) -> list[Amendment]:
    """补正 made to a shift's entries after it closed, for the printed log."""
    rows = store.rows(
        "SELECT r.*, e.occurred_at AS entry_time FROM duty_log_revision r JOIN duty_log_entry e ON e.id = r.entry_id"
        " WHERE e.duty_date = ? AND r.amendment = 1 ORDER BY r.replaced_at, r.id", (duty_date,))
    return [cast(Amendment, dict(r)) for r in rows]
