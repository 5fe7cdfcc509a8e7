"""待办 (未办结事项): raised by an entry or on its own, carried into every following shift until someone
closes it with a result. Progress notes say what each shift did about it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from dutyroom.clock import iso, parse_iso, to_cst
from dutyroom.duty.shifts import handover_time, shift_at
from dutyroom.dutylog.entries import PendingRequest, clean_pending
from dutyroom.dutylog.models import PendingDetail, PendingItem, PendingNote, PendingRow, ShiftPendingItems
from dutyroom.errors import NotFound, ValidationError
from dutyroom.session import Session, Tx
from dutyroom.store import Store

MAX_RESULT = 2000


def insert_pending(tx: Tx, request: PendingRequest, *, duty_date: str, entry_id: int | None = None) -> int:
    item_id = tx.insert("pending_item", {
        "entry_id": entry_id, "title": request.title, "detail": request.detail,
        "due_at": iso(request.due_at) if request.due_at else None, "raised_shift": duty_date,
        "raised_at": tx.at, "raised_by": tx.actor.account_id, "raised_by_name": tx.actor.display_name,
        "created_at": tx.at})
    tx.audit("pending.raise", "pending_item", item_id, after=tx.snapshot("pending_item", item_id))
    return item_id


def raise_pending(session: Session, title: str, *, detail: str = "", due_at: datetime | None = None,
                  entry_id: int | None = None) -> int:
    """Open a pending item now (from an entry, or on its own)."""
    session.require("log.write")
    now = session.now()
    request = clean_pending(PendingRequest(title, detail, due_at), now)
    assert request is not None
    duty_date = shift_at(now, handover_time(session.store)).duty_date.isoformat()
    with session.write() as tx:
        if entry_id is not None:
            row = tx.row("SELECT voided_at FROM duty_log_entry WHERE id = ?", (entry_id,))
            if row is None:
                raise NotFound("该值班记录不存在。")
            if row[0]:
                raise ValidationError("该记录已作废，不能再据此列入待办。")
        return insert_pending(tx, request, duty_date=duty_date, entry_id=entry_id)


def _open_item(tx: Tx, item_id: int) -> dict[str, Any]:
    before = tx.snapshot("pending_item", item_id)
    if before["voided_at"]:
        raise ValidationError("该待办事项已作废。")
    if before["closed_at"]:
        raise ValidationError(f"该待办事项已于 {before['closed_at'][:16].replace('T', ' ')} 由"
                              f"{before['closed_by_name']}办结。")
    return before


def close_pending(session: Session, item_id: int, result: str) -> None:
    """办结: closed with what was done (the result is required)."""
    session.require("log.write")
    result = (result or "").strip()
    if not result:
        raise ValidationError("办结待办事项须填写办理结果。", field="result")
    if len(result) > MAX_RESULT:
        raise ValidationError(f"办理结果过长（最多{MAX_RESULT}字）。", field="result")
    with session.write() as tx:
        before = _open_item(tx, item_id)
        tx.update("pending_item", item_id, {"closed_at": tx.at, "closed_by": tx.actor.account_id,
                                             "closed_by_name": tx.actor.display_name, "result": result})
        tx.audit("pending.close", "pending_item", item_id, before=before, after=tx.snapshot("pending_item", item_id))


def add_note(session: Session, item_id: int, text: str) -> int:
    """A progress note (进展) on an open item."""
    session.require("log.write")
    text = (text or "").strip()
    if not text:
        raise ValidationError("进展情况不能为空。", field="text")
    if len(text) > MAX_RESULT:
        raise ValidationError(f"进展情况过长（最多{MAX_RESULT}字）。", field="text")
    duty_date = shift_at(session.now(), handover_time(session.store)).duty_date.isoformat()
    with session.write() as tx:
        _open_item(tx, item_id)
        note_id = tx.insert("pending_note", {"item_id": item_id, "at": tx.at, "duty_date": duty_date,
                                             "written_by": tx.actor.account_id,
                                             "written_by_name": tx.actor.display_name, "text": text})
        tx.audit("pending.note", "pending_item", item_id, after={"note": text, "note_id": note_id})
    return note_id


def void_pending(session: Session, item_id: int, reason: str) -> None:
    """For an item raised by mistake; a real item is closed with a result instead."""
    session.require("log.write")
    with session.write() as tx:
        item = _open_item(tx, item_id)
        session.require_own_or("log.others", item["raised_by"],
                               f"这项待办是{item['raised_by_name']}列入的：他人列入的待办只能由本人或值班长、带班领导作废"
                               "（办完的请填写办理结果办结）。")
        tx.void("pending_item", item_id, reason, op="pending.void", entity="pending_item")


# -- reading ---------------------------------------------------------------------------------------

_ITEM_SQL = ("SELECT p.*, e.kind AS entry_kind, e.summary AS entry_summary, e.occurred_at AS entry_time,"
             " (SELECT COUNT(*) FROM pending_note n WHERE n.item_id = p.id) AS note_count,"
             " (SELECT n.text FROM pending_note n WHERE n.item_id = p.id ORDER BY n.at DESC, n.id DESC LIMIT 1)"
             " AS last_note"
             " FROM pending_item p LEFT JOIN duty_log_entry e ON e.id = p.entry_id")


def _decorate(row: Any, now: datetime | None) -> PendingItem:
    record = cast(PendingItem, dict(row))
    record["overdue"] = bool(now and record["due_at"] and not record["closed_at"]
                             and parse_iso(record["due_at"]) < to_cst(now))
    record["status"] = ("已作废" if record["voided_at"] else "已办结" if record["closed_at"]
                        else "已超期" if record["overdue"] else "未办结")
    return record


def open_items(store: Store, now: datetime | None = None) -> list[PendingItem]:
    """Every open pending item, oldest first."""
    rows = store.rows(f"{_ITEM_SQL} WHERE p.closed_at IS NULL AND p.voided_at IS NULL ORDER BY p.raised_at, p.id")
    return [_decorate(r, now) for r in rows]


def items_between(store: Store, first: str, last: str, now: datetime | None = None) -> list[PendingItem]:
    """Items raised in shifts ``first``..``last`` or still open, newest first (the 待办 list with closed ones)."""
    rows = store.rows(f"{_ITEM_SQL} WHERE (p.raised_shift BETWEEN ? AND ?) OR (p.closed_at IS NULL AND"
                      " p.voided_at IS NULL) ORDER BY p.closed_at IS NOT NULL, p.raised_at DESC, p.id DESC",
                      (first, last))
    return [_decorate(r, now) for r in rows]


def items_of_shift(store: Store, duty_date: str, start: str, end: str) -> ShiftPendingItems:
    """Pending items seen from one shift: raised in it, closed in it, and open at its end."""
    raised = [cast(PendingRow, dict(r)) for r in store.rows(f"{_ITEM_SQL} WHERE p.raised_shift = ? AND p.voided_at IS NULL"
                                          " ORDER BY p.raised_at, p.id", (duty_date,))]
    closed = [cast(PendingRow, dict(r)) for r in store.rows(f"{_ITEM_SQL} WHERE p.closed_at >= ? AND p.closed_at < ?"
                                          " AND p.voided_at IS NULL ORDER BY p.closed_at, p.id", (start, end))]
    open_at_end = [cast(PendingRow, dict(r)) for r in store.rows(
        f"{_ITEM_SQL} WHERE p.voided_at IS NULL AND p.raised_at < ? AND (p.closed_at IS NULL OR p.closed_at >= ?)"
        " ORDER BY p.raised_at, p.id", (end, end))]
    return {"raised": raised, "closed": closed, "open": open_at_end}


def get_item(store: Store, item_id: int, now: datetime | None = None) -> PendingDetail:
    row = store.row(f"{_ITEM_SQL} WHERE p.id = ?", (item_id,))
    if row is None:
        raise NotFound("该待办事项不存在。")
    record = cast(PendingDetail, _decorate(row, now))
    record["notes"] = [cast(PendingNote, dict(r)) for r in store.rows(
        "SELECT * FROM pending_note WHERE item_id = ? ORDER BY at, id", (item_id,))]
    return record
