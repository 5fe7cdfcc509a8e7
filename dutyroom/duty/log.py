"""Duty-log entries: stamped with who and when, attached to the shift they happened in.

``add_entry`` is the summary-only way in, kept for callers that log a line without the type's own fields;
typed entries (the 五要素 of a phone record, a roll call …) go through ``dutyroom.dutylog.entries.record_entry``.
"""

from __future__ import annotations

from datetime import datetime

from dutyroom.dutylog.kinds import entry_kinds
from dutyroom.session import Session

# key -> label of every entry type, from resources/dutylog/entry_types.json
LOG_KINDS: dict[str, str] = {key: kind.label for key, kind in entry_kinds().items()}


def add_entry(session: Session, *, kind: str, summary: str, detail: str = "",
              occurred_at: datetime | None = None) -> int:
    from dutyroom.dutylog.entries import record_entry

    return record_entry(session, kind, summary=summary, detail=detail, occurred_at=occurred_at, complete=False)
