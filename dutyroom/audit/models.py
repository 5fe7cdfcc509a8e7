"""Read models of the audit trail: its rows, with their descriptions, and the anchors kept from paper.

Each is a ``TypedDict``: the rows stay the plain dicts they always were while mypy checks every key a caller
reads. ``tests/test_read_models.py`` checks every type against what its read function returns.
"""

from __future__ import annotations

from typing import TypedDict


class AuditRow(TypedDict):
    """One audit row as stored (``audit.recent``). ``before_json``/``after_json`` are the snapshots as JSON."""
    id: int
    at: str
    actor_id: int | None
    actor_name: str
    op: str                 # an operation the areas declare (audit_ops)
    entity: str
    entity_id: str | None
    before_json: str | None
    after_json: str | None
    prev_hash: str
    hash: str
    record_digest: str | None


class DescribedAuditRow(AuditRow):
    """An audit row with its operation's label and a Chinese description (``contacts.directory.person_history``)."""
    op_label: str
    description: str


class AnchorRow(TypedDict):
    """A chain position kept from paper, with what the chain holds there now (``anchors.anchor_rows``)."""
    id: int
    seq: int
    hash_prefix: str
    source: str
    entered_at: str
    entered_by: int | None
    entered_by_name: str
    voided_at: str | None
    void_reason: str | None
    matches: bool
    reached: bool
