"""Anchors: audit positions kept outside the file, and the line that puts one on paper.

Every printed 交接班记录 and 值班日报 carries ``审计校验：第N条`` and the first 16 hex digits of that entry's hash
(e.g. ``审计校验：第1024条 3f9a0c17d2e84b65``). Whoever rewrites the file
cannot rewrite the paper in the binder: the administrator types such a line back in (系统设置 → 审计校验点)
and ``audit verify`` checks that the chain still holds that hash at that position.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from dutyroom.audit.models import AnchorRow
from dutyroom.audit.positions import Position, clean_prefix, clean_seq, head, last_row_of, position_of
from dutyroom.errors import ValidationError
from dutyroom.session import Session
from dutyroom.store import Reader

MAX_SOURCE = 60


def anchor_rows(reader: Reader) -> list[AnchorRow]:
    """Every anchor entered, for the list in 系统设置, with what the chain holds at its position now."""
    rows = [dict(r) for r in reader.rows("SELECT * FROM audit_anchor ORDER BY voided_at IS NOT NULL, seq, id")]
    for row in rows:
        found = position_of(reader, row["seq"])
        row["matches"] = found is not None and found.hash.startswith(row["hash_prefix"])
        row["reached"] = found is not None
    return [cast(AnchorRow, row) for row in rows]


def matches_now(reader: Reader, seq: int, prefix: str) -> bool:
    """Whether the chain's row ``seq`` has a hash starting with ``prefix`` (that row alone, not the chain)."""
    found = position_of(reader, seq)
    return found is not None and found.hash.startswith(prefix)


def add_anchor(session: Session, *, seq: object, hash_prefix: str, source: str) -> int:
    """Keep a position read from paper; it is kept even when it does not match (that is the point)."""
    session.require("audit.anchor")
    number, prefix = clean_seq(seq), clean_prefix(hash_prefix)
    source = " ".join((source or "").split())
    if not source:
        raise ValidationError("请填写校验点抄录自何处，例如“2026-12-03 交接班记录”。", field="source")
    if len(source) > MAX_SOURCE:
        raise ValidationError(f"来源说明过长（最多{MAX_SOURCE}字）。", field="source")
    with session.write() as tx:
        kept = tx.column("SELECT hash_prefix FROM audit_anchor WHERE seq = ? AND voided_at IS NULL", (number,))
        if any(k.startswith(prefix) or prefix.startswith(k) for k in kept):
            raise ValidationError(f"校验点第{number}条 {prefix[:16]}已经录入。")
        anchor_id = tx.insert("audit_anchor", {
            "seq": number, "hash_prefix": prefix, "source": source, "entered_at": tx.at,
            "entered_by": tx.actor.account_id, "entered_by_name": tx.actor.display_name})
        tx.audit("audit.anchor_add", "audit_anchor", anchor_id, after=tx.snapshot("audit_anchor", anchor_id))
    return anchor_id


def void_anchor(session: Session, anchor_id: int, reason: str) -> None:
    """An anchor typed wrongly is voided with a reason; it stays in the list and in the audit."""
    session.require("audit.anchor")
    with session.write() as tx:
        tx.void("audit_anchor", anchor_id, reason, op="audit.anchor_void", entity="audit_anchor")


# -- the line on paper ------------------------------------------------------------------------------------

def _line(found: Position | None) -> str:
    return found.line() if found else ""


def head_line(reader: Reader) -> str:
    """Where the chain stands now: what a live sheet or an unsaved draft prints."""
    return _line(head(reader))


def handover_line(reader: Reader, record: Mapping[str, Any] | None) -> str:
    """An accepted handover prints its acceptance's audit row (a reprint shows the same); a live sheet the head."""
    if record is not None and record.get("status") == "accepted":
        accepted = last_row_of(reader, "handover", record["id"], "handover.accept")
        if accepted is not None:
            return _line(position_of(reader, accepted))
    return head_line(reader)


def daily_report_line(reader: Reader, saved: Mapping[str, Any] | None) -> str:
    """A saved daily report prints the audit row of its last save; the automatic draft the head."""
    if saved is not None:
        saved_at = last_row_of(reader, "daily_report", saved["id"])
        if saved_at is not None:
            return _line(position_of(reader, saved_at))
    return head_line(reader)
