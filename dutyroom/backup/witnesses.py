"""The copies as witnesses: each verified copy's manifest recorded the audit position it held (序号 + hash).

A copy on the USB stick cannot be rewritten from this PC, so ``audit verify`` checks that the data file's
chain still holds every such position. A restore (``backup.restore`` in the chain) legitimately abandons what
came after the copy it restored: copies made before that restore and beyond its position are of the
abandoned history and are not asked about.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from dutyroom.audit.positions import Anchor
from dutyroom.backup.service import folders, policy_of
from dutyroom.store import Store
from dutyroom.store.backup import Copy, list_copies


@dataclass(frozen=True)
class Restore:
    at: str
    seq: int          # the position of the copy restored: the file's history went on from there


def restores(store: Store) -> list[Restore]:
    found = []
    for at, after in store.rows("SELECT at, after_json FROM audit_log WHERE op = 'backup.restore'"):
        seq = json.loads(after or "{}").get("copy_audit_seq")
        if isinstance(seq, int):
            found.append(Restore(at, seq))
    return found


def _abandoned(copy: Copy, history: list[Restore]) -> bool:
    """Made before a restore, beyond the position that restore went back to."""
    return copy.audit is not None and any(copy.created_at <= r.at and copy.audit.seq > r.seq for r in history)


def backup_anchors(store: Store) -> list[Anchor]:
    """The positions the verified copies of this data file hold, in both places, oldest first."""
    history = restores(store)
    copies = list_copies(folders(store.path, policy_of(store)), store.path.name)
    return [Anchor(c.audit.seq, c.audit.hash, f"备份 {c.path.parent.name}/{c.path.name}")
            for c in reversed(copies)
            if c.verified and c.audit is not None and c.audit.seq > 0 and not _abandoned(c, history)]
