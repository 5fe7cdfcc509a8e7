"""Leave from the staff side: a person asks for 请假/出差/培训 or 补休 on 我的值班; the office approves or refuses.

Approving writes the absence the roster already knows (``roster_absence``, so generation, candidates and every
conflict check see it) and flags each published duty the leave hits: a pending 代班 (``roster_change``) with the
fairest free person (``cover.propose``), approved in one click through the 串班/代班 workflow — or, when nobody
fits, the reason. 补休 is a request like the others whose days (the workdays it covers) are taken from the
补休 owed (``balance``); the office may also enter 补休 already taken. Requests are withdrawn, refused or cancelled
with a reason, never deleted; every step is one audited transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from dutyroom.clock import short_date
from dutyroom.errors import NotFound, PermissionDenied, ValidationError
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.balance import comp_balance
from dutyroom.roster.changes import insert_request
from dutyroom.roster.cover import Proposal, propose
from dutyroom.roster.model import ABSENCE_KINDS as ABSENCE_WORDS
from dutyroom.roster.model import slot_label
from dutyroom.roster.staffing import insert_absence
from dutyroom.session import Session, Tx
from dutyroom.store import Reader, Store

MAX_DAYS = 366
MAX_REASON = 200


class LeaveKind(StrEnum):
    LEAVE = "leave"
    TRIP = "trip"
    TRAINING = "training"
    COMP_LEAVE = "comp_leave"     # 补休: taken from the 补休 owed


class LeaveStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"       # approved, then taken back by the office


KIND_LABELS: dict[str, str] = {LeaveKind.LEAVE: "请假", LeaveKind.TRIP: "出差", LeaveKind.TRAINING: "培训",
                               LeaveKind.COMP_LEAVE: "补休"}
STATUS_LABELS: dict[str, str] = {LeaveStatus.PENDING: "待审批", LeaveStatus.APPROVED: "已批准",
                                 LeaveStatus.REFUSED: "未批准", LeaveStatus.WITHDRAWN: "已撤回",
                                 LeaveStatus.CANCELLED: "已取消"}
# The roster's absence kind for each (补休 keeps the person off the roster like leave does).
ABSENCE_KIND = {LeaveKind.LEAVE: "leave", LeaveKind.TRIP: "trip", LeaveKind.TRAINING: "training",
                LeaveKind.COMP_LEAVE: "leave"}
OPEN = (LeaveStatus.PENDING, LeaveStatus.APPROVED)


def _text(value: str, what: str, field: str, *, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError(f"请填写{what}。", field=field)
    if len(text) > MAX_REASON:
        raise ValidationError(f"{what}过长（最多{MAX_REASON}字）。", field=field)
    return text


def _person(store: Store, person_id: int) -> str:
    row = store.row("SELECT name, is_staff, voided_at FROM person WHERE id = ?", (person_id,))
    if row is None or row["voided_at"]:
        raise ValidationError("所选人员不存在或已作废。", field="person")
    if not row["is_staff"]:
        raise ValidationError(f"{row['name']}不是可排班的本局人员。", field="person")
    return row["name"]


def comp_days(store: Store, start: date, end: date) -> float:
    """The 补休 days a range takes: its workdays (调休上班日 included), rest days and holidays are free anyway."""
    calendar = load_calendar(store)
    return float(sum(1 for n in range((end - start).days + 1)
                     if not calendar.info(start + timedelta(days=n)).is_rest))


def _validated(session: Session, person_id: int, kind: str, start: date, end: date, *, past: bool) -> float:
    if kind not in KIND_LABELS:
        raise ValidationError(f"未知的类型：{kind}", field="kind")
    if end < start:
        raise ValidationError("结束日期早于开始日期。", field="end")
    if (end - start).days + 1 > MAX_DAYS:
        raise ValidationError(f"一次最长{MAX_DAYS}天。", field="end")
    today = session.now().date()
    if not past and start < today:
        raise ValidationError(f"开始日期{short_date(start)}已经过去，不能为过去的日期申请{KIND_LABELS[kind]}。",
                              field="start")
    name = _person(session.store, person_id)
    if kind != LeaveKind.COMP_LEAVE:
        return 0.0
    days = comp_days(session.store, start, end)
    if not days:
        raise ValidationError("所选日期都是休息日或节假日，无需补休。", field="end")
    left = comp_balance(session.store, person_id, max(today, end))
    if days > left:
        raise ValidationError(f"{name}的补休结余为{left:g}天（已扣除待审批的补休），不够补休{days:g}天。", field="end")
    return days


def _refuse_overlap(tx: Tx, person_id: int, start: date, end: date) -> None:
    clash = tx.row("SELECT id, kind, start_date, end_date, status FROM leave_request WHERE person_id = ?"
                   " AND status IN ('pending', 'approved') AND start_date <= ? AND end_date >= ?",
                   (person_id, end.isoformat(), start.isoformat()))
    if clash:
        raise ValidationError(
            f"与第{clash['id']}号申请（{KIND_LABELS[clash['kind']]} {_span(clash['start_date'], clash['end_date'])}，"
            f"{STATUS_LABELS[clash['status']]}）日期重叠。", field="start")
    away = tx.row("SELECT kind, start_date, end_date FROM roster_absence WHERE person_id = ? AND voided_at IS NULL"
                  " AND start_date <= ? AND end_date >= ?", (person_id, end.isoformat(), start.isoformat()))
    if away:
        raise ValidationError(f"办公室已登记{_span(away['start_date'], away['end_date'])}"
                              f"{ABSENCE_WORDS.get(away['kind'], away['kind'])}，与本次日期重叠。", field="start")


def _span(first: str, last: str) -> str:
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return short_date(a) if a == b else f"{short_date(a)}至{short_date(b)}"


def request_leave(session: Session, person_id: int, kind: str, start: date, end: date, reason: str) -> int:
    """Ask for leave (请假/出差/培训/补休) from ``start`` to ``end``. Duty staff ask for themselves; the office
    (who approves) may ask for anyone."""
    session.require("roster.leave.request")
    if person_id != session.actor.person_id and not session.can("roster.leave.approve"):
        raise PermissionDenied("只能为本人申请；他人的请假请由本人或办公室提出。")
    reason = _text(reason, "事由", "reason")
    days = _validated(session, person_id, kind, start, end, past=False)
    with session.write() as tx:
        return _insert(tx, person_id, kind, start, end, days, reason)


def _insert(tx: Tx, person_id: int, kind: str, start: date, end: date, days: float, reason: str,
            op: str = "roster.leave.request") -> int:
    _refuse_overlap(tx, person_id, start, end)
    request_id = tx.insert("leave_request", {
        "person_id": person_id, "kind": kind, "start_date": start.isoformat(), "end_date": end.isoformat(),
        "days": days, "reason": reason, "status": "pending", "requested_by": tx.actor.account_id,
        "requested_by_name": tx.actor.display_name, "requested_at": tx.at})
    tx.audit(op, "leave_request", request_id, after=tx.snapshot("leave_request", request_id))
    return request_id


def _request(reader: Reader, request_id: int) -> dict[str, Any]:
    row = reader.row("SELECT r.*, p.name FROM leave_request r JOIN person p ON p.id = r.person_id WHERE r.id = ?",
                     (request_id,))
    if row is None:
        raise NotFound("该申请不存在。")
    return dict(row)


def _pending(reader: Reader, request_id: int, verb: str) -> dict[str, Any]:
    row = _request(reader, request_id)
    if row["status"] != LeaveStatus.PENDING:
        raise ValidationError(f"第{request_id}号申请{STATUS_LABELS[row['status']]}，不能再{verb}。")
    return row


def hit_duties(store: Store, person_id: int, start: date, end: date, today: date) -> list[dict[str, Any]]:
    """The person's duties in force from ``start`` to ``end`` that are still ahead (today included)."""
    first = max(start, today)
    return [dict(r) for r in store.rows(
        "SELECT a.*, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
        " WHERE a.person_id = ? AND a.voided_at IS NULL AND a.duty_date BETWEEN ? AND ? ORDER BY a.duty_date",
        (person_id, first.isoformat(), end.isoformat()))]


@dataclass(frozen=True)
class Approval:
    absence_id: int
    flagged: list[Proposal]       # the duties the leave hits, each with its proposed 代班 (or why none)
    changes: list[int]            # the pending 代班 written


def approve_request(session: Session, request_id: int, note: str = "") -> Approval:
    """Approve: the absence is written, each published duty it hits gets a proposed 代班 (pending, for the
    office to approve in one click) or is flagged with why nobody fits."""
    session.require("roster.leave.approve")
    note = _text(note, "审批意见", "note", required=False)
    row = _pending(session.store, request_id, "批准")
    if row["person_id"] is not None and row["person_id"] == session.actor.person_id:
        raise PermissionDenied("不能批准本人的申请：请由办公室其他人员审批。")
    start, end = date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"])
    if row["kind"] == LeaveKind.COMP_LEAVE:
        left = comp_balance(session.store, row["person_id"], max(session.now().date(), end)) + row["days"]
        if row["days"] > left:
            raise ValidationError(f"{row['name']}的补休结余为{left:g}天，不够补休{row['days']:g}天。")
    proposals = propose(session.store, hit_duties(session.store, row["person_id"], start, end, session.now().date()),
                        row["person_id"])
    with session.write() as tx:
        _pending(tx, request_id, "批准")
        return _approve(tx, row, proposals, note)


def _approve(tx: Tx, row: dict[str, Any], proposals: list[Proposal], note: str) -> Approval:
    start, end = date.fromisoformat(row["start_date"]), date.fromisoformat(row["end_date"])
    label = KIND_LABELS[row["kind"]]
    absence_id = insert_absence(tx, row["person_id"], row["name"], ABSENCE_KIND[row["kind"]], start, end,
                                f"{label}（第{row['id']}号申请）：{row['reason']}")
    written = []
    for proposal in proposals:
        duty, change_id, why = proposal.assignment, None, proposal.why_none
        busy = tx.scalar("SELECT id FROM roster_change WHERE status = 'pending'"
                         " AND (first_assignment_id = ? OR second_assignment_id = ?)", (duty["id"], duty["id"]))
        if busy:
            why = f"该班次已有待审批的串班/代班申请（第{busy}号）"
        elif proposal.substitute_id is not None:
            change_id = insert_request(tx, "substitution", duty["id"], None, proposal.substitute_id,
                                       f"{row['name']}{label}（第{row['id']}号申请）", [])
            written.append(change_id)
        tx.insert("leave_duty", {"leave_request_id": row["id"], "assignment_id": duty["id"], "change_id": change_id,
                                 "substitute_id": proposal.substitute_id if change_id else None, "note": why,
                                 "created_at": tx.at})
    before = tx.snapshot("leave_request", row["id"])
    tx.update("leave_request", row["id"], {"status": "approved", "absence_id": absence_id, "decided_at": tx.at,
                                           "decided_by_name": tx.actor.display_name, "decision_note": note})
    tx.audit("roster.leave.approve", "leave_request", row["id"], before=before,
             after={**tx.snapshot("leave_request", row["id"]), "flagged": [_flag_text(p) for p in proposals]})
    return Approval(absence_id, proposals, written)


def _flag_text(proposal: Proposal) -> str:
    duty = proposal.assignment
    slot = f"{short_date(date.fromisoformat(duty['duty_date']))}{slot_label(duty['role'], duty['shift'])}"
    return f"{slot}：" + (f"建议{proposal.substitute_name}代班" if proposal.substitute_id else proposal.why_none)


def refuse_request(session: Session, request_id: int, reason: str) -> None:
    session.require("roster.leave.approve")
    reason = _text(reason, "不批准的理由", "reason")
    with session.write() as tx:
        _pending(tx, request_id, "处理")
        _close(tx, request_id, "refused", reason, "roster.leave.refuse")


def withdraw_request(session: Session, request_id: int, reason: str) -> None:
    """The person (or the office) takes back a request not yet decided."""
    session.require("roster.leave.request")
    reason = _text(reason, "撤回原因", "reason")
    row = _request(session.store, request_id)
    if row["person_id"] != session.actor.person_id and not session.can("roster.leave.approve"):
        raise PermissionDenied("只能撤回本人的申请。")
    with session.write() as tx:
        _pending(tx, request_id, "撤回")
        _close(tx, request_id, "withdrawn", reason, "roster.leave.withdraw")


def _close(tx: Tx, request_id: int, status: str, reason: str, op: str) -> None:
    before = tx.snapshot("leave_request", request_id)
    tx.update("leave_request", request_id, {"status": status, "decided_at": tx.at,
                                            "decided_by_name": tx.actor.display_name, "decision_note": reason})
    tx.audit(op, "leave_request", request_id, before=before, after=tx.snapshot("leave_request", request_id))


def cancel_request(session: Session, request_id: int, reason: str) -> None:
    """Take back approved leave: its absence is voided and the 代班 proposed for it and still pending are
    withdrawn (an approved 代班 stays: undo it on 串班/代班 if the person is back on duty)."""
    session.require("roster.leave.approve")
    reason = _text(reason, "取消原因", "reason")
    with session.write() as tx:
        row = _request(tx, request_id)
        if row["status"] != LeaveStatus.APPROVED:
            raise ValidationError(f"第{request_id}号申请{STATUS_LABELS[row['status']]}，只有已批准的可以取消。")
        if row["absence_id"]:
            tx.void("roster_absence", row["absence_id"], f"取消{KIND_LABELS[row['kind']]}：{reason}",
                    op="roster.absence.void", entity="roster_absence")
        for change_id in tx.column("SELECT c.id FROM leave_duty d JOIN roster_change c ON c.id = d.change_id"
                                   " WHERE d.leave_request_id = ? AND c.status = 'pending'", (request_id,)):
            before = tx.snapshot("roster_change", change_id)
            tx.update("roster_change", change_id, {"status": "withdrawn", "decided_at": tx.at,
                                                   "decision_note": f"请假已取消：{reason}"})
            tx.audit("roster.change.withdraw", "roster_change", change_id, before=before,
                     after=tx.snapshot("roster_change", change_id))
        _close(tx, request_id, "cancelled", reason, "roster.leave.cancel")


def record_comp_leave(session: Session, person_id: int, start: date, end: date, note: str = "") -> int:
    """The office enters 补休 taken (past dates allowed): recorded as an approved 补休 with its absence."""
    session.require("roster.leave.approve")
    if person_id == session.actor.person_id:
        raise PermissionDenied("不能为本人登记补休：请由办公室其他人员登记。")
    note = _text(note, "备注", "note", required=False) or "办公室登记"
    days = _validated(session, person_id, LeaveKind.COMP_LEAVE, start, end, past=True)
    today = session.now().date()
    proposals = propose(session.store, hit_duties(session.store, person_id, start, end, today), person_id)
    with session.write() as tx:
        request_id = _insert(tx, person_id, LeaveKind.COMP_LEAVE, start, end, days, note, "roster.leave.comp_record")
        _approve(tx, _request(tx, request_id), proposals, "办公室登记")
    return request_id


# -- reading -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FlaggedDuty:
    assignment_id: int
    day: date
    slot: str                  # 带班领导 / 值班员（夜班）…
    change_id: int | None
    change_status: str         # the proposed 代班's status label, or ''
    substitute: str
    note: str

    @property
    def text(self) -> str:
        if self.change_id:
            return f"{short_date(self.day)}{self.slot}：建议{self.substitute}代班（第{self.change_id}号，{self.change_status}）"
        return f"{short_date(self.day)}{self.slot}：{self.note}"


@dataclass(frozen=True)
class LeaveView:
    id: int
    person_id: int
    name: str
    kind: str
    start: date
    end: date
    days: float
    reason: str
    status: str
    requested_by: str
    requested_at: str
    decided_by: str
    decided_at: str
    decision_note: str
    flagged: list[FlaggedDuty]
    pending_duties: int        # while pending: the published duties it would hit

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def span(self) -> str:
        length = (self.end - self.start).days + 1
        dates = _span(self.start.isoformat(), self.end.isoformat())
        return f"{dates}（{self.days:g}个工作日）" if self.kind == LeaveKind.COMP_LEAVE else f"{dates}（{length}天）"


def _flagged(store: Store, request_id: int) -> list[FlaggedDuty]:
    from dutyroom.roster.changes import STATUS_LABELS as CHANGE_STATUS

    rows = store.rows(
        "SELECT d.*, a.duty_date, a.role, a.shift, c.status AS change_status, s.name AS substitute"
        " FROM leave_duty d JOIN duty_assignment a ON a.id = d.assignment_id"
        " LEFT JOIN roster_change c ON c.id = d.change_id LEFT JOIN person s ON s.id = d.substitute_id"
        " WHERE d.leave_request_id = ? ORDER BY a.duty_date, d.id", (request_id,))
    return [FlaggedDuty(r["assignment_id"], date.fromisoformat(r["duty_date"]), slot_label(r["role"], r["shift"]),
                        r["change_id"], CHANGE_STATUS.get(r["change_status"] or "", ""), r["substitute"] or "",
                        r["note"]) for r in rows]


def leave_views(store: Store, *, person_id: int | None = None, status: str | None = None,
                since: date | None = None, today: date | None = None) -> list[LeaveView]:
    """Requests newest first: one person's, or by status, or those ending on or after ``since``."""
    where: list[str] = ["1 = 1"]
    params: list[Any] = []
    if person_id is not None:
        where.append("r.person_id = ?")
        params.append(person_id)
    if status:
        where.append("r.status = ?")
        params.append(status)
    if since:
        where.append("(r.end_date >= ? OR r.status = 'pending')")
        params.append(since.isoformat())
    rows = store.rows("SELECT r.*, p.name FROM leave_request r JOIN person p ON p.id = r.person_id"
                      f" WHERE {' AND '.join(where)} ORDER BY r.requested_at DESC, r.id DESC", params)
    out = []
    for r in rows:
        start, end = date.fromisoformat(r["start_date"]), date.fromisoformat(r["end_date"])
        waiting = len(hit_duties(store, r["person_id"], start, end, today or start)) if r["status"] == "pending" else 0
        out.append(LeaveView(r["id"], r["person_id"], r["name"], r["kind"], start, end, r["days"], r["reason"],
                             r["status"], r["requested_by_name"], r["requested_at"], r["decided_by_name"] or "",
                             r["decided_at"] or "", r["decision_note"], _flagged(store, r["id"]), waiting))
    return out
