"""Duty-log entries: stamped with who and when, attached to the shift they happened in."""

from __future__ import annotations

from datetime import datetime, timedelta

from dutyroom.clock import iso, to_cst
from dutyroom.duty.shifts import handover_time, shift_at
from dutyroom.errors import ValidationError
from dutyroom.session import Session

LOG_KINDS: dict[str, str] = {
    "call_in": "来电",
    "call_out": "去电",
    "document": "收文/传真",
    "warning": "预警信息",
    "instruction": "领导批示",
    "roll_call": "上级查岗/点名",
    "directive": "指令传达",
    "other": "其他",
}
FUTURE_TOLERANCE = timedelta(minutes=1)


def add_entry(session: Session, *, kind: str, summary: str, detail: str = "",
              occurred_at: datetime | None = None) -> int:
    session.require("log.write")
    if kind not in LOG_KINDS:
        raise ValidationError(f"未知的记录类型：{kind}", field="kind")
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError("内容摘要不能为空。", field="summary")
    now = session.now()
    occurred = to_cst(occurred_at) if occurred_at else now
    if occurred > now + FUTURE_TOLERANCE:
        raise ValidationError("记录时间不能晚于当前时间。", field="occurred_at")
    shift = shift_at(occurred, handover_time(session.store))
    with session.write() as tx:
        entry_id = tx.insert("duty_log_entry", {
            "duty_date": shift.duty_date.isoformat(), "occurred_at": iso(occurred), "kind": kind,
            "summary": summary, "detail": (detail or "").strip(), "recorded_by": session.actor.account_id,
            "recorded_by_name": session.actor.display_name, "created_at": tx.at})
        tx.audit("log.add", "duty_log_entry", entry_id, after=tx.snapshot("duty_log_entry", entry_id))
    return entry_id
