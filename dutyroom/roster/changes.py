"""After publishing: 串班 (two people exchange duties) and 代班 (someone covers a duty).

Each change has a reason, is approved (or rejected) by the office, can be undone, and is audited. On
approval the duties in force are voided and re-written with the new person (marked "调"); undoing
voids those and writes the originals back. The draft follows, so a later re-publish keeps the change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from dutyroom.clock import short_date
from dutyroom.errors import NotFound, PermissionDenied, ValidationError
from dutyroom.roster.engine import Board
from dutyroom.roster.model import Cell, slot_label
from dutyroom.roster.planning import scenario_from_store
from dutyroom.session import Session, Tx
from dutyroom.store import Reader, Store


class ChangeKind(StrEnum):
    SWAP = "swap"                   # 串班: two people trade duties
    SUBSTITUTION = "substitution"   # 代班: someone takes another's duty


class ChangeStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    UNDONE = "undone"               # approved, then taken back
    WITHDRAWN = "withdrawn"         # withdrawn by the one who asked


CHANGE_KINDS: dict[str, str] = {ChangeKind.SWAP: "串班", ChangeKind.SUBSTITUTION: "代班"}
STATUS_LABELS: dict[str, str] = {ChangeStatus.PENDING: "待审批", ChangeStatus.APPROVED: "已批准",
                                 ChangeStatus.REJECTED: "已驳回", ChangeStatus.UNDONE: "已撤销",
                                 ChangeStatus.WITHDRAWN: "已撤回"}
CHANGED_MARK = "调"
# Conflicts no approval can override: the person cannot take the role, is away, or already on duty that day.
_HARD_PREFIXES = ("不能担任", "请假", "出差", "培训", "其他", "尚未到岗", "已调离", "当日已任", "不是可排班")


@dataclass(frozen=True)
class Effect:
    assignment: dict[str, Any]
    new_person_id: int


def _assignment(reader: Reader, assignment_id: int | None) -> dict[str, Any]:
    row = reader.row("SELECT a.*, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
                     " WHERE a.id = ?", (assignment_id,))
    if row is None:
        raise NotFound("该值班安排不存在。")
    return dict(row)


def _active(reader: Reader, assignment_id: int | None) -> dict[str, Any]:
    row = _assignment(reader, assignment_id)
    if row["voided_at"]:
        raise ValidationError(f"{row['duty_date']} {row['name']}的值班安排已变更（{row['void_reason']}），"
                              "请按最新排班重新选择。")
    return row


def _effects(reader: Reader, kind: str, first_id: int, second_id: int | None,
             substitute_id: int | None) -> list[Effect]:
    first = _active(reader, first_id)
    if kind == "swap":
        second = _active(reader, second_id)
        if first["person_id"] == second["person_id"]:
            raise ValidationError("串班的两个班次是同一人，无需串班。")
        if first["id"] == second["id"]:
            raise ValidationError("请选择两个不同的班次。")
        return [Effect(first, second["person_id"]), Effect(second, first["person_id"])]
    if substitute_id == first["person_id"]:
        raise ValidationError("代班人就是原值班人。")
    person = reader.row("SELECT id FROM person WHERE id = ? AND voided_at IS NULL AND is_staff = 1",
                        (substitute_id,))
    if person is None:
        raise ValidationError("代班人不存在或不是可排班的本局人员。")
    return [Effect(first, person["id"])]


def check(store: Store, effects: list[Effect]) -> list[str]:
    """Conflicts of the change against every duty in force around it (rest, clashes, absences)."""
    days = [date.fromisoformat(e.assignment["duty_date"]) for e in effects]
    first, last = min(days) - timedelta(days=15), max(days) + timedelta(days=15)
    scenario = scenario_from_store(store, first, last, pins=False)
    board = Board(scenario)
    touched = {e.assignment["id"] for e in effects}
    for row in store.rows("SELECT id, duty_date, role, position, shift, person_id FROM duty_assignment"
                          " WHERE voided_at IS NULL AND duty_date BETWEEN ? AND ?", (first.isoformat(), last.isoformat())):
        if row["id"] in touched:
            continue
        day = date.fromisoformat(row["duty_date"])
        if day not in board.occupied.get(str(row["person_id"]), {}):
            board.place(Cell(day, row["role"], row["position"], row["shift"]), str(row["person_id"]))
    problems = []
    for effect in effects:
        duty = effect.assignment
        day, person = date.fromisoformat(duty["duty_date"]), str(effect.new_person_id)
        name = board.people[person].name if person in board.people else "该人员"
        why = board.conflict(person, day, duty["role"], duty["shift"]) if person in board.people else "不是可排班的本局人员"
        if why:
            problems.append(f"{name}{short_date(day)}{slot_label(duty['role'], duty['shift'])}：{why}")
        if person in board.people and not (why and why.startswith("当日已任")):
            board.place(Cell(day, duty["role"], duty["position"], duty["shift"]), person)
    return problems


def is_hard(problem: str) -> bool:
    detail = problem.split("：", 1)[-1]
    return detail.startswith(_HARD_PREFIXES)


def _reason(text: str) -> str:
    reason = (text or "").strip()
    if not reason:
        raise ValidationError("请填写串班或代班的原因。", field="reason")
    if len(reason) > 200:
        raise ValidationError("原因过长（最多200字）。", field="reason")
    return reason


def _request(session: Session, kind: str, first_id: int, second_id: int | None, substitute_id: int | None,
             reason: str, approve: bool, accept_conflicts: bool) -> int:
    session.require("roster.request")
    if approve:
        session.require("roster.approve")
    _require_own_duty(session, first_id)
    if approve:
        _refuse_own_change(session, {"first_assignment_id": first_id, "second_assignment_id": second_id,
                                     "substitute_id": substitute_id})
    reason = _reason(reason)
    effects = _effects(session.store, kind, first_id, second_id, substitute_id)
    problems = check(session.store, effects)
    hard = [p for p in problems if is_hard(p)]
    if hard:
        raise ValidationError("不能" + CHANGE_KINDS[kind] + "：" + "；".join(hard) + "。")
    if approve and problems and not accept_conflicts:
        raise ValidationError("存在冲突：" + "；".join(problems) + "。确认后再批准。")
    with session.write() as tx:
        busy = tx.row(
            "SELECT id FROM roster_change WHERE status = 'pending' AND (first_assignment_id IN (?, ?)"
            " OR second_assignment_id IN (?, ?))", (first_id, second_id or -1, first_id, second_id or -1))
        if busy:
            raise ValidationError(f"该班次已有待审批的串班/代班申请（第{busy[0]}号），请先处理。")
        change_id = insert_request(tx, kind, first_id, second_id, substitute_id, reason, problems)
        if approve:
            _approve(tx, change_id, "")
    return change_id


def insert_request(tx: Tx, kind: str, first_id: int, second_id: int | None, substitute_id: int | None,
                   reason: str, problems: list[str]) -> int:
    """Write one pending 串班/代班 request inside an operation's transaction, audited (checked by the caller)."""
    change_id = tx.insert("roster_change", {
        "kind": kind, "status": "pending", "reason": reason, "first_assignment_id": first_id,
        "second_assignment_id": second_id, "substitute_id": substitute_id,
        "conflicts_json": json.dumps(problems, ensure_ascii=False),
        "requested_by": tx.actor.display_name, "requested_at": tx.at})
    tx.audit("roster.change.request", "roster_change", change_id,
             after={**tx.snapshot("roster_change", change_id), "summary": _summary(tx, change_id)})
    return change_id


def request_swap(session: Session, first_assignment_id: int, second_assignment_id: int, reason: str, *,
                 approve: bool = False, accept_conflicts: bool = False) -> int:
    """串班: the holders of two duties exchange them. ``approve`` records and approves at once."""
    return _request(session, "swap", first_assignment_id, second_assignment_id, None, reason, approve,
                    accept_conflicts)


def request_substitution(session: Session, assignment_id: int, substitute_id: int, reason: str, *,
                         approve: bool = False, accept_conflicts: bool = False) -> int:
    """代班: ``substitute_id`` covers the duty."""
    return _request(session, "substitution", assignment_id, None, substitute_id, reason, approve, accept_conflicts)


def _change(tx: Tx, change_id: int) -> dict[str, Any]:
    row = tx.row("SELECT * FROM roster_change WHERE id = ?", (change_id,))
    if row is None:
        raise NotFound("该串班/代班申请不存在。")
    return dict(row)


def approve_change(session: Session, change_id: int, note: str = "", *, accept_conflicts: bool = False) -> None:
    session.require("roster.approve")
    change = dict(session.store.row("SELECT * FROM roster_change WHERE id = ?", (change_id,)) or {})
    if not change:
        raise NotFound("该串班/代班申请不存在。")
    if change["status"] != "pending":
        raise ValidationError(f"该申请{STATUS_LABELS[change['status']]}，不能再批准。")
    _refuse_own_change(session, change)
    effects = _effects(session.store, change["kind"], change["first_assignment_id"],
                       change["second_assignment_id"], change["substitute_id"])
    problems = check(session.store, effects)
    hard = [p for p in problems if is_hard(p)]
    if hard:
        raise ValidationError("不能批准：" + "；".join(hard) + "。")
    if problems and not accept_conflicts:
        raise ValidationError("存在冲突：" + "；".join(problems) + "。确认后再批准。")
    with session.write() as tx:
        tx.update("roster_change", change_id, {"conflicts_json": json.dumps(problems, ensure_ascii=False)})
        _approve(tx, change_id, note)


def _refuse_own_change(session: Session, change: dict[str, Any]) -> None:
    """Nobody approves a change of their own duties or one that puts them on duty (four eyes)."""
    parties = set(session.store.column(
        "SELECT person_id FROM duty_assignment WHERE id IN (?, ?)",
        (change["first_assignment_id"], change["second_assignment_id"]))) | {change["substitute_id"]}
    if session.actor.person_id is not None and session.actor.person_id in parties:
        raise PermissionDenied("不能批准涉及本人班次的串班或代班：请由办公室其他人员审批。")


def _approve(tx: Tx, change_id: int, note: str) -> None:
    change = _change(tx, change_id)
    if change["status"] != "pending":
        raise ValidationError(f"该申请{STATUS_LABELS[change['status']]}，不能再批准。")
    effects = _effects(tx, change["kind"], change["first_assignment_id"], change["second_assignment_id"],
                       change["substitute_id"])
    label = CHANGE_KINDS[change["kind"]]
    for effect in effects:
        _replace(tx, effect.assignment, effect.new_person_id, f"{label}：{change['reason']}",
                 source=change["kind"], note=CHANGED_MARK, change_id=change_id, draft_reason=label)
    before = dict(change)
    tx.update("roster_change", change_id, {"status": "approved", "decided_by": tx.actor.display_name,
                                           "decided_at": tx.at, "decision_note": (note or "").strip()})
    tx.audit("roster.change.approve", "roster_change", change_id, before=before,
             after={**tx.snapshot("roster_change", change_id), "summary": _summary(tx, change_id)})


def _replace(tx: Tx, old: dict[str, Any], person_id: int, void_reason: str, *, source: str, note: str,
             change_id: int | None, draft_reason: str) -> int:
    tx.update("duty_assignment", old["id"], {"voided_at": tx.at, "void_reason": void_reason})
    new_id = tx.insert("duty_assignment", {
        "duty_date": old["duty_date"], "shift": old["shift"], "role": old["role"], "position": old["position"],
        "person_id": person_id, "source": source, "note": note, "created_at": tx.at,
        "roster_version_id": old["roster_version_id"], "change_id": change_id})
    drafted = tx.row("SELECT * FROM roster_draft WHERE duty_date = ? AND role = ? AND shift = ?"
                     " AND position = ? AND voided_at IS NULL",
                     (old["duty_date"], old["role"], old["shift"], old["position"]))
    if drafted is not None and drafted["person_id"] == old["person_id"]:
        tx.update("roster_draft", drafted["id"], {"voided_at": tx.at, "void_reason": void_reason})
        tx.insert("roster_draft", {"duty_date": old["duty_date"], "role": old["role"], "shift": old["shift"],
                                   "position": old["position"], "person_id": person_id, "pinned": 1,
                                   "reason": draft_reason, "source": "change", "created_at": tx.at})
    return new_id


def reject_change(session: Session, change_id: int, note: str) -> None:
    session.require("roster.approve")
    note = (note or "").strip()
    if not note:
        raise ValidationError("驳回请填写理由。", field="note")
    _close(session, change_id, "rejected", {"decided_by": session.actor.display_name, "decision_note": note},
           "roster.change.reject")


def _require_own_duty(session: Session, assignment_id: int) -> None:
    """Duty staff ask for changes to their own duties; the office (who approves) may enter any."""
    if session.can("roster.approve"):
        return
    holder = session.store.scalar("SELECT person_id FROM duty_assignment WHERE id = ?", (assignment_id,))
    if holder is None or holder != session.actor.person_id:
        raise PermissionDenied("只能为本人的班次申请串班或代班；他人的班次请由本人或办公室提出。")


def withdraw_change(session: Session, change_id: int, reason: str) -> None:
    session.require("roster.request")
    first = session.store.scalar("SELECT first_assignment_id FROM roster_change WHERE id = ?", (change_id,))
    if first is None:
        raise NotFound("该串班/代班申请不存在。")
    _require_own_duty(session, first)
    _close(session, change_id, "withdrawn", {"decision_note": _reason(reason)}, "roster.change.withdraw")


def _close(session: Session, change_id: int, status: str, values: dict[str, Any], op: str) -> None:
    with session.write() as tx:
        change = _change(tx, change_id)
        if change["status"] != "pending":
            raise ValidationError(f"该申请{STATUS_LABELS[change['status']]}，不能再处理。")
        tx.update("roster_change", change_id, {"status": status, "decided_at": tx.at, **values})
        tx.audit(op, "roster_change", change_id, before=change, after=tx.snapshot("roster_change", change_id))


def undo_change(session: Session, change_id: int, reason: str) -> None:
    """Put the original people back. Refused once a later change or a re-publish has replaced the result."""
    session.require("roster.approve")
    reason = _reason(reason)
    with session.write() as tx:
        change = _change(tx, change_id)
        if change["status"] != "approved":
            raise ValidationError(f"该申请{STATUS_LABELS[change['status']]}，只有已批准的串班/代班可以撤销。")
        originals = [_assignment(tx, change["first_assignment_id"])]
        if change["second_assignment_id"]:
            originals.append(_assignment(tx, change["second_assignment_id"]))
        current = [dict(r) for r in tx.rows(
            "SELECT * FROM duty_assignment WHERE change_id = ? AND voided_at IS NULL", (change_id,))]
        if len(current) != len(originals):
            raise ValidationError("该串班/代班的结果已被后续调整或重新发布取代，无法撤销；请另行申请调整。")
        by_slot = {(r["duty_date"], r["role"], r["shift"], r["position"]): r for r in current}
        label = CHANGE_KINDS[change["kind"]]
        for original in originals:
            now = by_slot[(original["duty_date"], original["role"], original["shift"], original["position"])]
            clash = tx.row("SELECT role, shift FROM duty_assignment WHERE duty_date = ? AND person_id = ?"
                           " AND voided_at IS NULL AND id <> ?",
                           (original["duty_date"], original["person_id"], now["id"]))
            if clash and not any(o["person_id"] == original["person_id"] and o["duty_date"] == original["duty_date"]
                                 for o in current if o["id"] != now["id"]):
                raise ValidationError(f"{original['name']}在{original['duty_date']}已另有{slot_label(clash[0], clash[1])}"
                                      "安排，无法撤销。")
        for original in originals:
            now = by_slot[(original["duty_date"], original["role"], original["shift"], original["position"])]
            restored = _replace(tx, now, original["person_id"], f"撤销{label}：{reason}", source=original["source"],
                                note=original["note"], change_id=None, draft_reason="撤销" + label)
            tx.update("duty_assignment", restored, {"change_id": None})
        before = dict(change)
        tx.update("roster_change", change_id, {"status": "undone", "undone_by": tx.actor.display_name,
                                               "undone_at": tx.at, "undo_reason": reason})
        tx.audit("roster.change.undo", "roster_change", change_id, before=before,
                 after={**tx.snapshot("roster_change", change_id), "summary": _summary(tx, change_id)})


# -- reading -----------------------------------------------------------------------------------------

def _summary(reader: Reader, change_id: int) -> str:
    change = dict(reader.one("SELECT * FROM roster_change WHERE id = ?", (change_id,)))
    first = _assignment(reader, change["first_assignment_id"])

    def slot(row: dict[str, Any]) -> str:
        return f"{short_date(date.fromisoformat(row['duty_date']))}{slot_label(row['role'], row['shift'])}"

    if change["kind"] == "swap":
        second = _assignment(reader, change["second_assignment_id"])
        return f"{slot(first)}{first['name']} ⇄ {slot(second)}{second['name']}"
    substitute = reader.one("SELECT name FROM person WHERE id = ?", (change["substitute_id"],))
    return f"{slot(first)}{first['name']} → {substitute[0]}代班"


@dataclass(frozen=True)
class ChangeView:
    id: int
    kind: str
    status: str
    reason: str
    summary: str
    moved: list[tuple[str, str, str]]    # (person, was, now) for everyone whose duties moved
    requested_by: str
    requested_at: str
    decided_by: str
    decided_at: str
    decision_note: str
    conflicts: list[str]
    first_day: date

    @property
    def kind_label(self) -> str:
        return CHANGE_KINDS[self.kind]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def change_views(store: Store, *, status: str | None = None, first: date | None = None,
                 last: date | None = None, ids: list[int] | None = None) -> list[ChangeView]:
    rows = [dict(r) for r in store.rows("SELECT * FROM roster_change ORDER BY requested_at DESC, id DESC")]
    out = []
    for row in rows:
        if status and row["status"] != status or ids is not None and row["id"] not in ids:
            continue
        first_row = _assignment(store, row["first_assignment_id"])
        day = date.fromisoformat(first_row["duty_date"])
        moved = []

        def slot(r: dict[str, Any]) -> str:
            return f"{short_date(date.fromisoformat(r['duty_date']))}{slot_label(r['role'], r['shift'])}"

        if row["kind"] == "swap":
            second = _assignment(store, row["second_assignment_id"])
            day = min(day, date.fromisoformat(second["duty_date"]))
            moved = [(first_row["name"], slot(first_row), slot(second)), (second["name"], slot(second), slot(first_row))]
        else:
            substitute = store.scalar("SELECT name FROM person WHERE id = ?", (row["substitute_id"],))
            moved = [(first_row["name"], slot(first_row), "不值班（由" + substitute + "代班）"),
                     (substitute, "—", slot(first_row) + "（代班）")]
        if first and last and not first <= day <= last:
            continue
        out.append(ChangeView(row["id"], row["kind"], row["status"], row["reason"], _summary(store, row["id"]), moved,
                              row["requested_by"], row["requested_at"], row["decided_by"] or "",
                              row["decided_at"] or "", row["decision_note"], json.loads(row["conflicts_json"]), day))
    return out
