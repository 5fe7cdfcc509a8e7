"""Roll calls received (上级查岗/点名): a register of checks by the city or province.

Each roll call is a duty-log entry of type ``roll_call`` whose fields are the register's columns, so it
is in the shift's log, searchable, and corrected like any entry. This module is the register's view.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from dutyroom.dutylog.entries import PendingRequest, record_entry
from dutyroom.dutylog.kinds import LogKind, get_kind
from dutyroom.dutylog.models import RollCall, RollCallStatistics
from dutyroom.session import Session
from dutyroom.store import Store

# the register's choices, as the roll_call entry type defines them
CHANNELS = get_kind(LogKind.ROLL_CALL).field("channel").choices           # 视频 电话 现场
RESULTS = get_kind(LogKind.ROLL_CALL).field("result").choices             # 正常 … 未能应答


def register_roll_call(session: Session, *, checker_unit: str, channel: str, answered_by: str,
                       answer_seconds: int | str, result: str, checker_name: str = "", asked: str = "",
                       follow_up: str = "", called_at: datetime | None = None, summary: str = "",
                       pending: PendingRequest | str | None = None) -> int:
    """Record a roll call; the summary is composed from the fields when none is given."""
    fields = {"checker_unit": checker_unit, "checker_name": checker_name, "channel": channel,
              "answered_by": answered_by, "answer_seconds": answer_seconds, "asked": asked, "result": result,
              "follow_up": follow_up}
    return record_entry(session, "roll_call", summary=summary, occurred_at=called_at, fields=fields,
                        pending=pending)


def roll_calls(store: Store, first: str | None = None, last: str | None = None, *,
               limit: int = 1000) -> list[RollCall]:
    """The register, newest first, optionally for duty dates ``first``..``last``."""
    where, params = ["kind = 'roll_call'", "voided_at IS NULL"], []
    if first:
        where.append("duty_date >= ?")
        params.append(first)
    if last:
        where.append("duty_date <= ?")
        params.append(last)
    rows = store.rows(f"SELECT id, duty_date, occurred_at, summary, fields_json, recorded_by_name FROM duty_log_entry"
                      f" WHERE {' AND '.join(where)} ORDER BY occurred_at DESC, id DESC LIMIT ?", (*params, limit))
    out = []
    for row in rows:
        record: dict[str, Any] = dict(row)
        fields = json.loads(record.pop("fields_json"))
        record.update({key: fields.get(key) for key in ("checker_unit", "checker_name", "channel", "answered_by",
                                                         "answer_seconds", "asked", "result", "follow_up")})
        out.append(cast(RollCall, record))
    return out


def statistics(records: list[RollCall]) -> RollCallStatistics:
    """Count, how many were not normal, and the slowest and average answer time."""
    delays = [seconds for seconds in (r.get("answer_seconds") for r in records) if seconds is not None]
    return {
        "count": len(records),
        "problems": sum(1 for r in records if r.get("result") not in ("正常", None)),
        "max_seconds": max(delays) if delays else None,
        "mean_seconds": round(sum(delays) / len(delays)) if delays else None,
    }
