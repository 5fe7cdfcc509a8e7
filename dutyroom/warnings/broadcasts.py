"""应急广播（村村响）register: the broadcasts used for a warning — where, when, what, who operated it."""

from __future__ import annotations

from datetime import datetime

from dutyroom.clock import iso
from dutyroom.errors import NotFound, ValidationError
from dutyroom.session import Session
from dutyroom.warnings.timing import act_time

MAX_AREA = 60
MAX_CONTENT = 1000


def _area(session: Session, area: int | str) -> tuple[int | None, str]:
    """A township or village of the book (id, name or "乡镇/村"), printed as 乡镇村; other text as written."""
    from dutyroom.contacts.tree import find_unit, load_units

    if isinstance(area, int):
        unit_id: int | None = area
    else:
        text = str(area or "").strip()
        if not text:
            raise ValidationError("请填写广播的乡镇或村（社区）。", field="area")
        if len(text) > MAX_AREA:
            raise ValidationError(f"广播地点过长（最多{MAX_AREA}字）。", field="area")
        try:
            unit_id = find_unit(session.store, text)
        except ValidationError:
            return None, text
    units = load_units(session.store)
    unit = units.get(unit_id) if unit_id is not None else None
    if unit is None:
        raise ValidationError("所选乡镇或村（社区）不存在或已作废。", field="area")
    if unit.kind not in ("township", "village"):
        raise ValidationError(f"“{unit.name}”不是乡镇或村（社区）。", field="area")
    parent = units.get(unit.parent_id) if unit.parent_id else None
    name = f"{parent.name}{unit.name}" if unit.kind == "village" and parent is not None else unit.name
    return unit.id, name


def add_broadcast(session: Session, warning_id: int, *, area: int | str, content: str, operator: str = "",
                  at: datetime | None = None) -> int:
    session.require("warning.relay")
    content = str(content or "").strip()
    if not content:
        raise ValidationError("请填写广播内容。", field="content")
    if len(content) > MAX_CONTENT:
        raise ValidationError(f"广播内容过长（最多{MAX_CONTENT}字）。", field="content")
    operator = str(operator or "").strip() or session.actor.display_name
    if len(operator) > 40:
        raise ValidationError("操作人过长（最多40字）。", field="operator")
    unit_id, place = _area(session, area)
    with session.write() as tx:
        warning = tx.row("SELECT received_at, voided_at FROM warning WHERE id = ?", (warning_id,))
        if warning is None:
            raise NotFound(f"预警 {warning_id} 不存在。")
        if warning["voided_at"]:
            raise ValidationError("该预警已作废。")
        when = act_time(session, at, not_before=warning["received_at"], what="预警接收时间")
        broadcast_id = tx.insert("warning_broadcast", {
            "warning_id": warning_id, "unit_id": unit_id, "area": place, "at": iso(when), "content": content,
            "operator": operator, "recorded_by": tx.actor.account_id, "recorded_by_name": tx.actor.display_name,
            "created_at": tx.at})
        tx.audit("warning.broadcast", "warning_broadcast", broadcast_id, after=tx.snapshot("warning_broadcast",
                                                                                           broadcast_id))
    return broadcast_id


def void_broadcast(session: Session, broadcast_id: int, reason: str) -> None:
    """A broadcast registered wrongly, voided with the reason: one's own, or another's by a 值班长 or 带班领导
    (as a call recorded wrongly and a duty-log entry)."""
    session.require("warning.relay")
    with session.write() as tx:
        broadcast = tx.get("warning_broadcast", broadcast_id)
        session.require_own_or("warning.manage", broadcast["recorded_by"],
                               f"这条应急广播记录由{broadcast['recorded_by_name']}登记，只能由本人或值班长、带班领导作废。")
        tx.void("warning_broadcast", broadcast_id, reason, op="warning.broadcast_void", entity="warning_broadcast")
