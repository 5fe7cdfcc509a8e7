"""值班台常用电话: the short list of numbers the office puts on the duty desk, in sections and order.

A line linked to a unit shows that unit's current duty phone; linked to a person, the person's main
phone — so the sheet stays true when the contact tree is corrected. A line may also carry its own number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dutyroom import org
from dutyroom.errors import ValidationError
from dutyroom.session import Session, Tx
from dutyroom.store import Store

FIELDS = ("section", "label", "number", "person_id", "unit_id", "note")


@dataclass(frozen=True)
class DeskLine:
    id: int
    section: str
    label: str
    number: str
    note: str
    person_id: int | None
    unit_id: int | None
    own_number: str
    sort_order: int

    @property
    def linked(self) -> str:
        return "人员" if self.person_id else ("单位" if self.unit_id else "")


def _clean(tx: Tx, values: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise ValidationError(f"常用电话没有“{'、'.join(unknown)}”这一项。")
    out: dict[str, Any] = {}
    for key in ("section", "label", "note"):
        if key in values:
            out[key] = str(values[key] or "").strip()
    if "label" in out and not out["label"]:
        raise ValidationError("请填写名称（例如“市应急管理局总值班室”）。", field="label")
    if len(out.get("label", "")) > 40 or len(out.get("section", "")) > 20 or len(out.get("note", "")) > 60:
        raise ValidationError("名称最多40字，分类最多20字，备注最多60字。", field="label")
    if "number" in values:
        out["number"] = org.normalize_phone(values["number"]) if str(values["number"] or "").strip() else ""
    for key, table in (("person_id", "person"), ("unit_id", "org_unit")):
        if key in values:
            out[key] = values[key]
            if values[key] is not None:
                row = tx.row(f"SELECT voided_at FROM {table} WHERE id = ?", (values[key],))
                if row is None or row[0]:
                    raise ValidationError("所链接的人员或单位不存在或已作废。", field=key)
    return out


def _check_complete(row: dict[str, Any]) -> None:
    if not (row.get("number") or row.get("person_id") or row.get("unit_id")):
        raise ValidationError("请填写号码，或链接到通讯录中的人员或单位。", field="number")


def create_desk_phone(session: Session, *, label: str, section: str = "", number: str = "",
                      person_id: int | None = None, unit_id: int | None = None, note: str = "") -> int:
    session.require("contacts.manage")
    with session.write() as tx:
        row = _clean(tx, {"section": section, "label": label, "number": number, "person_id": person_id,
                          "unit_id": unit_id, "note": note})
        _check_complete(row)
        order = tx.scalar("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM desk_phone")
        line_id = tx.insert("desk_phone", {**row, "sort_order": order, "created_at": tx.at, "updated_at": tx.at})
        tx.audit("desk_phone.create", "desk_phone", line_id, after=tx.snapshot("desk_phone", line_id))
    return line_id


def update_desk_phone(session: Session, line_id: int, **changes: Any) -> bool:
    """Returns whether anything changed (a save that changes nothing writes nothing)."""
    session.require("contacts.manage")
    with session.write() as tx:
        before = tx.snapshot("desk_phone", line_id)
        if before["voided_at"]:
            raise ValidationError("该条常用电话已删除。")
        values = _clean(tx, changes)
        _check_complete({**before, **values})
        return tx.update_audited("desk_phone", line_id, values, op="desk_phone.update", entity="desk_phone",
                                 before=before)


def void_desk_phone(session: Session, line_id: int, reason: str = "从常用电话中移除") -> None:
    session.require("contacts.manage")
    with session.write() as tx:
        tx.void("desk_phone", line_id, reason, op="desk_phone.void", entity="desk_phone")


def move_desk_phone(session: Session, line_id: int, step: int) -> None:
    """Move a line up (step < 0) or down among the active lines."""
    session.require("contacts.manage")
    with session.write() as tx:
        ids = tx.column("SELECT id FROM desk_phone WHERE voided_at IS NULL ORDER BY sort_order, id")
        if line_id not in ids:
            raise ValidationError("该条常用电话不存在或已删除。")
        index = ids.index(line_id)
        target = max(0, min(len(ids) - 1, index + step))
        if target == index:
            return
        ids.insert(target, ids.pop(index))
        for order, row_id in enumerate(ids, start=1):
            tx.update("desk_phone", row_id, {"sort_order": order})
        tx.audit("desk_phone.reorder", "desk_phone", line_id, before={"position": index + 1},
                 after={"position": target + 1})


def desk_phones(store: Store) -> list[DeskLine]:
    rows = store.rows(
        "SELECT d.*, u.duty_phone AS unit_phone,"
        " (SELECT number FROM person_phone WHERE person_id = d.person_id ORDER BY sort_order, id LIMIT 1)"
        "   AS person_phone"
        " FROM desk_phone d LEFT JOIN org_unit u ON u.id = d.unit_id"
        " WHERE d.voided_at IS NULL ORDER BY d.sort_order, d.id")
    return [DeskLine(
        id=r["id"], section=r["section"], label=r["label"],
        number=(r["person_phone"] if r["person_id"] else r["unit_phone"] if r["unit_id"] else "") or r["number"],
        note=r["note"], person_id=r["person_id"], unit_id=r["unit_id"], own_number=r["number"],
        sort_order=r["sort_order"],
    ) for r in rows]
