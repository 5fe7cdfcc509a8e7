"""交接班: the outgoing shift's sheet assembles itself; the outgoing officer confirms it with the equipment
checks, the incoming officer (logged in under their own account) acknowledges every open item and accepts.
Acceptance closes the outgoing shift: its entries then change only by amendment.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, cast

from dutyroom import settings
from dutyroom.clock import parse_iso, short_date, to_cst
from dutyroom.duty.board import ShiftRoster, shift_roster
from dutyroom.duty.roles import DutyRole
from dutyroom.duty.shifts import Shift, handover_time, next_shift, shift_at, shift_on
from dutyroom.dutylog import builtin_sections  # noqa: F401 - registers the built-in sections
from dutyroom.dutylog.models import HandoverAck, HandoverRecord, HandoverSummary
from dutyroom.dutylog.sections import SheetItem, SheetSection, section_providers
from dutyroom.dutylog.shiftstate import LOCK_AFTER, is_closed, moment_text
from dutyroom.errors import NotFound, PermissionDenied, ValidationError
from dutyroom.session import Actor, Session
from dutyroom.store import Store

MAX_NOTE = 500
MAX_NOTES = 2000

STATUS_LABELS = {"pending": "待交班", "confirmed": "已确认交班，待接班", "accepted": "已完成交接"}


def equipment_items(store: Store) -> list[str]:
    """The equipment checked at each handover (setting 交接班设备检查项目)."""
    raw = str(settings.get(store, "handover.equipment"))
    return [item for item in (part.strip() for part in re.split(r"[、,，;；\s]+", raw)) if item]


def open_window(store: Store) -> timedelta:
    return timedelta(minutes=int(settings.get(store, "handover.open_before_minutes")))


@dataclass(frozen=True)
class EquipmentCheck:
    name: str
    ok: bool | None
    note: str = ""


@dataclass
class HandoverSheet:
    outgoing: Shift
    incoming: Shift
    outgoing_roster: ShiftRoster
    incoming_roster: ShiftRoster
    sections: list[SheetSection]
    built_at: datetime

    def ack_items(self) -> list[SheetItem]:
        return [item for section in self.sections for item in section.items if item.needs_ack]

    def as_dict(self) -> dict[str, Any]:
        return {"outgoing_date": self.outgoing.duty_date.isoformat(), "built_at": self.built_at.isoformat(),
                "outgoing_staff": roster_lines(self.outgoing_roster),
                "incoming_staff": roster_lines(self.incoming_roster),
                "sections": [s.as_dict() for s in self.sections]}


@dataclass
class HandoverState:
    """Where the handover of one shift stands, for the page and the printout."""
    sheet: HandoverSheet
    record: HandoverRecord | None = None
    acks: dict[str, HandoverAck] = field(default_factory=dict)
    equipment: list[EquipmentCheck] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.record is None:
            return "pending"
        return str(self.record["status"])

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def unacknowledged(self) -> list[SheetItem]:
        return [item for item in self.sheet.ack_items() if item.key not in self.acks]


def roster_lines(roster: ShiftRoster) -> list[str]:
    """"值班长：张三" per slot; a split day lists 值班员 as 白班 and 夜班 with their hours."""
    lines = []
    for label, members in roster.groups():
        if not members:
            continue
        if members[0].shift in ("day", "night"):
            label = f"{label[:-1]}，{roster.part_hours(members[0].shift)}）"     # 值班员（白班，08:30–17:30）
        lines.append(f"{label}：{'、'.join(m.name for m in members)}")
    return lines


def assemble_sheet(store: Store, outgoing: Shift, now: datetime) -> HandoverSheet:
    handover = handover_time(store)
    incoming = next_shift(outgoing, handover)
    return HandoverSheet(outgoing, incoming, shift_roster(store, outgoing), shift_roster(store, incoming),
                         [provider.build(store, outgoing, now) for provider in section_providers()], to_cst(now))


def _record(store: Store, outgoing_date: date) -> HandoverRecord | None:
    row = store.row("SELECT * FROM handover WHERE outgoing_date = ? AND shift = 'full' AND voided_at IS NULL",
                    (outgoing_date.isoformat(),))
    return cast(HandoverRecord, dict(row)) if row else None


def handover_state(store: Store, outgoing_date: date, now: datetime) -> HandoverState:
    """The live sheet (pending/confirmed) or the one frozen at acceptance, with acknowledgements."""
    handover = handover_time(store)
    outgoing = shift_on(outgoing_date, handover)
    record = _record(store, outgoing_date)
    sheet = assemble_sheet(store, outgoing, now)
    acks: dict[str, HandoverAck] = {}
    equipment: list[EquipmentCheck] = []
    if record is not None:
        if record["status"] == "accepted":
            frozen = json.loads(record["sheet_json"])
            sheet.sections = [SheetSection.from_dict(s) for s in frozen["sections"]]
            sheet.built_at = parse_iso(frozen["built_at"])
        acks = {r["item_key"]: cast(HandoverAck, dict(r)) for r in store.rows(
            "SELECT * FROM handover_ack WHERE handover_id = ? ORDER BY id", (record["id"],))}
        equipment = [EquipmentCheck(e["name"], e["ok"], e.get("note", ""))
                     for e in json.loads(record["equipment_json"])]
    return HandoverState(sheet, record, acks, equipment)


@dataclass(frozen=True)
class HandoverTarget:
    outgoing: Shift
    due: bool              # the handover can be done now
    message: str


def handover_target(store: Store, now: datetime) -> HandoverTarget:
    """Which shift hands over now: the current one near its end, or the previous one if still not handed over."""
    now = to_cst(now)
    handover = handover_time(store)
    current = shift_at(now, handover)
    window = open_window(store)
    if now >= current.end - window:
        return HandoverTarget(current, True, f"本班次将于 {moment_text(current.end)} 交接班。")
    previous = shift_on(current.duty_date - timedelta(days=1), handover)
    if (now < previous.end + LOCK_AFTER and not is_closed(store, previous.duty_date)
            and (_record(store, previous.duty_date) is not None or store.scalar(
                "SELECT 1 FROM duty_log_entry WHERE duty_date = ? LIMIT 1", (previous.duty_date.isoformat(),)))):
        return HandoverTarget(previous, True, f"{short_date(previous.duty_date)}班次尚未完成交接班，请尽快办理。")
    return HandoverTarget(current, False, f"本班次交接班时间为 {moment_text(current.end)}，"
                                          f"可提前 {int(window.total_seconds() // 60)} 分钟开始办理。")


def _same_person(actor: Actor, account_id: int | None, name: str | None) -> bool:
    if actor.account_id is not None and account_id is not None:
        return actor.account_id == account_id
    return actor.display_name == (name or "")


def _require_on_shift(actor: Actor, roster: ShiftRoster, what: str) -> None:
    """Handing over and taking over are done by the people on those shifts (带班领导, 值班长, 值班员 — not 备勤,
    who are on call at home), each under their own account linked to their person."""
    if actor.is_system:
        return
    label = f"{short_date(roster.shift.duty_date)}班次"
    if actor.person_id is None:
        raise PermissionDenied(f"您的账户没有关联值班人员，无法核对您是否在{label}：请管理员在账户中关联本人后再{what}。")
    if not any(m.person_id == actor.person_id for m in roster.members if m.role != DutyRole.STANDBY):
        raise PermissionDenied(f"{what}须由{label}的值班人员办理；您不在{label}的值班人员之列。")


def clean_equipment(store: Store, answers: Mapping[str, tuple[bool | None, str]] | list[EquipmentCheck]
                    ) -> list[EquipmentCheck]:
    given = {c.name: (c.ok, c.note) for c in answers} if isinstance(answers, list) else dict(answers)
    names = equipment_items(store)
    missing = [name for name in names if given.get(name, (None, ""))[0] is None]
    if missing:
        raise ValidationError("设备检查未完成：请逐项确认" + "".join(f"“{n}”" for n in missing) + "是否正常。",
                              field="equipment")
    checks = []
    for name in names:
        ok, note = given[name]
        note = (note or "").strip()
        if not ok and not note:
            raise ValidationError(f"“{name}”检查异常，请填写异常情况和已采取的措施。", field="equipment")
        if len(note) > MAX_NOTE:
            raise ValidationError(f"“{name}”的说明过长（最多{MAX_NOTE}字）。", field="equipment")
        checks.append(EquipmentCheck(name, bool(ok), note))
    return checks


def confirm_handover(session: Session, outgoing_date: date, *,
                     equipment: Mapping[str, tuple[bool | None, str]] | list[EquipmentCheck], notes: str = "") -> int:
    """交班确认 by the outgoing officer: the sheet as it stands, the equipment checks, 注意事项."""
    session.require("handover.do")
    store = session.store
    now = to_cst(session.now())
    handover = handover_time(store)
    outgoing = shift_on(outgoing_date, handover)
    if now < outgoing.end - open_window(store):
        raise ValidationError(f"还未到交接班时间：{short_date(outgoing_date)}班次于 {moment_text(outgoing.end)} 交接班，"
                              f"最早可提前 {int(open_window(store).total_seconds() // 60)} 分钟办理。")
    if now >= outgoing.end + LOCK_AFTER:
        raise ValidationError(f"{short_date(outgoing_date)}班次已结束超过24小时，不能再办理交接班。")
    checks = clean_equipment(store, equipment)
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise ValidationError(f"注意事项过长（最多{MAX_NOTES}字）。", field="notes")
    sheet = assemble_sheet(store, outgoing, now)
    _require_on_shift(session.actor, sheet.outgoing_roster, "交班")
    leaders = sheet.outgoing_roster.by_role("leader")
    with session.write() as tx:
        existing = tx.row("SELECT status FROM handover WHERE outgoing_date = ? AND shift = 'full'"
                          " AND voided_at IS NULL", (outgoing_date.isoformat(),))
        if existing is not None:
            raise ValidationError("该班次已完成交接班。" if existing[0] == "accepted"
                                  else "该班次已确认交班，正在等待接班人确认；如需修改请先撤回交班。")
        handover_id = tx.insert("handover", {
            "outgoing_date": outgoing_date.isoformat(), "incoming_date": sheet.incoming.duty_date.isoformat(),
            "status": "confirmed", "sheet_json": json.dumps(sheet.as_dict(), ensure_ascii=False),
            "equipment_json": json.dumps([c.__dict__ for c in checks], ensure_ascii=False), "notes": notes,
            "outgoing_by": tx.actor.account_id, "outgoing_name": tx.actor.display_name, "confirmed_at": tx.at,
            "leader_name": "、".join(m.name for m in leaders), "created_at": tx.at})
        tx.audit("handover.confirm", "handover", handover_id, after=_audit_view(tx.snapshot("handover", handover_id)))
    return handover_id


def _audit_view(row: dict[str, Any]) -> dict[str, Any]:
    view = {k: v for k, v in row.items() if k not in ("sheet_json", "equipment_json")}
    view["equipment"] = json.loads(row["equipment_json"])
    return view


def _confirmed(session: Session, handover_id: int) -> HandoverRecord:
    row = session.store.row("SELECT * FROM handover WHERE id = ?", (handover_id,))
    if row is None:
        raise NotFound("该交接班记录不存在。")
    if row["voided_at"]:
        raise ValidationError("该交班确认已撤回，请刷新后查看。")
    if row["status"] == "accepted":
        raise ValidationError(f"该班次已于 {row['accepted_at'][:16].replace('T', ' ')} 由{row['incoming_name']}接班。")
    return cast(HandoverRecord, dict(row))


def withdraw_handover(session: Session, handover_id: int, reason: str) -> None:
    """撤回交班 before acceptance (e.g. something happened after confirming); the outgoing shift stays open."""
    session.require("handover.do")
    record = _confirmed(session, handover_id)
    if not session.actor.is_system and not _same_person(session.actor, record["outgoing_by"], record["outgoing_name"]):
        raise PermissionDenied(f"交班确认是{record['outgoing_name']}作出的，只能由{record['outgoing_name']}本人撤回。")
    with session.write() as tx:
        tx.void("handover", handover_id, reason, op="handover.withdraw", entity="handover")


def acknowledge(session: Session, handover_id: int, item_keys: list[str]) -> int:
    """The incoming officer has read these open items (知悉). Returns how many were new."""
    session.require("handover.do")
    record = _confirmed(session, handover_id)
    if _same_person(session.actor, record["outgoing_by"], record["outgoing_name"]):
        raise ValidationError("交班人不能替接班人确认：请由接班人用本人账户登录后确认。")
    state = handover_state(session.store, date.fromisoformat(record["outgoing_date"]), session.now())
    _require_on_shift(session.actor, state.sheet.incoming_roster, "接班确认")
    known = {item.key: item for item in state.sheet.ack_items()}
    unknown = [key for key in item_keys if key not in known]
    if unknown:
        raise ValidationError("交接单已有变化，请刷新后再确认。")
    added = 0
    with session.write() as tx:
        for key in item_keys:
            if tx.row("SELECT 1 FROM handover_ack WHERE handover_id = ? AND item_key = ?",
                      (handover_id, key)):
                continue
            ack_id = tx.insert("handover_ack", {
                "handover_id": handover_id, "item_key": key, "label": known[key].text[:200],
                "acknowledged_at": tx.at, "acknowledged_by": tx.actor.account_id,
                "acknowledged_by_name": tx.actor.display_name})
            tx.audit("handover.ack", "handover", handover_id, after=tx.snapshot("handover_ack", ack_id))
            added += 1
    return added


def accept_handover(session: Session, handover_id: int) -> None:
    """接班: only by someone other than the outgoing officer, only once every open item is acknowledged."""
    session.require("handover.do")
    record = _confirmed(session, handover_id)
    if _same_person(session.actor, record["outgoing_by"], record["outgoing_name"]):
        raise ValidationError("交班人和接班人不能是同一人：请接班人用本人账户登录（Ctrl+L 注销后登录）再接班。")
    outgoing_date = date.fromisoformat(record["outgoing_date"])
    state = handover_state(session.store, outgoing_date, session.now())
    _require_on_shift(session.actor, state.sheet.incoming_roster, "接班")
    waiting = state.unacknowledged()
    if waiting:
        listed = "；".join(item.text for item in waiting[:3]) + ("……" if len(waiting) > 3 else "")
        raise ValidationError(f"还有 {len(waiting)} 项未办结事项未经接班人确认知悉：{listed}。"
                              "请逐项确认知悉后再接班。")
    with session.write() as tx:
        before = _audit_view(tx.snapshot("handover", handover_id))
        tx.update("handover", handover_id, {
            "status": "accepted", "incoming_by": tx.actor.account_id, "incoming_name": tx.actor.display_name,
            "accepted_at": tx.at, "sheet_json": json.dumps(state.sheet.as_dict(), ensure_ascii=False)})
        tx.audit("handover.accept", "handover", handover_id, before=before,
                 after=_audit_view(tx.snapshot("handover", handover_id)))


def recent_handovers(store: Store, limit: int = 60) -> list[HandoverSummary]:
    rows = store.rows("SELECT id, outgoing_date, incoming_date, status, outgoing_name, confirmed_at, incoming_name,"
                      " accepted_at, leader_name, voided_at, void_reason FROM handover"
                      " ORDER BY outgoing_date DESC, id DESC LIMIT ?", (limit,))
    return [cast(HandoverSummary, dict(r)) for r in rows]
