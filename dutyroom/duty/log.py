"""Duty-log entries: stamped with who and when, attached to the shift they happened in.

``add_entry`` is the summary-only way in, kept for callers that log a line without the type's own fields;
typed entries (the 五要素 of a phone record, a roll call …) go through ``dutyroom.dutylog.entries.record_entry``.
"""

from __future__ import annotations

from datetime import datetime

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


def add_entry(session: Session, *, kind: str, summary: str, detail: str = "",
              occurred_at: datetime | None = None) -> int:
    from dutyroom.dutylog.entries import record_entry

    return record_entry(session, kind, summary=summary, detail=detail, occurred_at=occurred_at, complete=False)
