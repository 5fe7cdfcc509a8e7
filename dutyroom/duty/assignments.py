"""Writing roster assignments: a slot (date, shift, role, position) holds at most one active person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dutyroom.duty.roles import DUTY_ROLES, duty_role_label
from dutyroom.errors import ValidationError
from dutyroom.session import Session, Tx


@dataclass(frozen=True)
class SlotAssignment:
    duty_date: date
    role: str
    position: int
    person_id: int
    shift: str = "full"
    note: str = ""


def _assign(tx: Tx, item: SlotAssignment, source: str) -> int:
    if item.role not in DUTY_ROLES:
        raise ValidationError(f"未知的值班岗位：{item.role}")
    person = tx.row("SELECT name, is_staff, voided_at FROM person WHERE id = ?", (item.person_id,))
    if person is None or person["voided_at"]:
        raise ValidationError("所选人员不存在或已作废。")
    may = tx.row("SELECT 1 FROM person_duty_role WHERE person_id = ? AND role = ?",
                 (item.person_id, item.role))
    if not person["is_staff"] or not may:
        raise ValidationError(f"{person['name']}不能担任{duty_role_label(item.role)}。")
    day = item.duty_date.isoformat()
    clash = tx.row(
        "SELECT role FROM duty_assignment WHERE duty_date = ? AND person_id = ? AND voided_at IS NULL"
        " AND NOT (shift = ? AND role = ? AND position = ?)",
        (day, item.person_id, item.shift, item.role, item.position))
    if clash:
        raise ValidationError(f"{person['name']}当日已担任{duty_role_label(clash[0])}，同一天不能占两个岗位。")
    old = tx.row(
        "SELECT * FROM duty_assignment WHERE duty_date = ? AND shift = ? AND role = ? AND position = ?"
        " AND voided_at IS NULL", (day, item.shift, item.role, item.position))
    if old is not None:
        if old["person_id"] == item.person_id:
            return old["id"]
        tx.update("duty_assignment", old["id"], {"voided_at": tx.at, "void_reason": "改派"})
    new_id = tx.insert("duty_assignment", {
        "duty_date": day, "shift": item.shift, "role": item.role, "position": item.position,
        "person_id": item.person_id, "source": source, "note": item.note, "created_at": tx.at})
    tx.audit("duty.assign", "duty_assignment", new_id, before=dict(old) if old else None,
             after={**tx.snapshot("duty_assignment", new_id), "person_name": person["name"]})
    return new_id


def assign_many(session: Session, items: list[SlotAssignment], *, source: str = "manual") -> list[int]:
    """Fill slots in one transaction; any refused item leaves everything unchanged."""
    session.require("duty.assign")
    with session.write() as tx:
        return [_assign(tx, item, source) for item in items]
