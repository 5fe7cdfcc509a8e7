"""Leader instructions (领导批示 entries) stay in force until their deadline passes or someone lifts them;
every handover lists those still in force."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from dutyroom.clock import to_cst
from dutyroom.dutylog.models import InstructionInForce, InstructionLift
from dutyroom.errors import NotFound, PermissionDenied, ValidationError
from dutyroom.session import Session
from dutyroom.store import Store


def in_force(store: Store, now: datetime) -> list[InstructionInForce]:
    """Instructions not void, not lifted, whose 执行期限 (a date, inclusive) has not passed; oldest first."""
    today = to_cst(now).date().isoformat()
    rows = store.rows(
        "SELECT e.id, e.duty_date, e.occurred_at, e.summary, e.counterpart, e.fields_json, e.recorded_by_name"
        " FROM duty_log_entry e LEFT JOIN instruction_lift l ON l.entry_id = e.id"
        " WHERE e.kind = 'instruction' AND e.voided_at IS NULL AND l.id IS NULL"
        " AND COALESCE(json_extract(e.fields_json, '$.valid_until'), '9999-12-31') >= ?"
        " ORDER BY e.occurred_at, e.id", (today,))
    out = []
    for row in rows:
        record: dict[str, Any] = dict(row)
        record["fields"] = json.loads(record.pop("fields_json"))
        out.append(cast(InstructionInForce, record))
    return out


def _require_author_or_leader(session: Session, entry: Any) -> None:
    """A leader's instruction is lifted by the leader who gave it (the person the entry names, when that person
    has this account) or by a 带班领导 — not by whoever recorded or relayed it."""
    author = entry["person_id"]
    if author is not None and author == session.actor.person_id:
        return
    if not session.can("instruction.lift"):
        leader = json.loads(entry["fields_json"]).get("leader") or "批示领导"
        raise PermissionDenied(f"这是{leader}的批示：只有{leader}本人或带班领导可以解除。")


def lift(session: Session, entry_id: int, reason: str) -> None:
    """解除: the instruction has been carried out or withdrawn (reason required)."""
    session.require("log.write")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("解除领导批示须写明原因（如：已落实完毕、领导另有指示）。", field="reason")
    if len(reason) > 500:
        raise ValidationError("解除原因过长（最多500字）。", field="reason")
    with session.write() as tx:
        row = tx.row("SELECT kind, voided_at, person_id, fields_json FROM duty_log_entry WHERE id = ?", (entry_id,))
        if row is None:
            raise NotFound("该值班记录不存在。")
        if row["kind"] != "instruction":
            raise ValidationError("只有“领导批示”记录可以解除。")
        _require_author_or_leader(session, row)
        if row["voided_at"]:
            raise ValidationError("该记录已作废。")
        if tx.row("SELECT 1 FROM instruction_lift WHERE entry_id = ?", (entry_id,)):
            raise ValidationError("该领导批示已经解除。")
        lift_id = tx.insert("instruction_lift", {"entry_id": entry_id, "lifted_at": tx.at,
                                                 "lifted_by": tx.actor.account_id,
                                                 "lifted_by_name": tx.actor.display_name, "reason": reason})
        tx.audit("instruction.lift", "duty_log_entry", entry_id, after=tx.snapshot("instruction_lift", lift_id))


def lift_of(store: Store, entry_id: int) -> InstructionLift | None:
    row = store.row("SELECT * FROM instruction_lift WHERE entry_id = ?", (entry_id,))
    return cast(InstructionLift, dict(row)) if row else None
