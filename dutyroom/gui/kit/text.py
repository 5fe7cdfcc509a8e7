"""How times read on screen."""

from __future__ import annotations

from dutyroom.clock import parse_iso


def when(text: str | None, sep: str = " ") -> str:
    """An ISO timestamp as 11月24日 10:05 (empty for none)."""
    if not text:
        return ""
    moment = parse_iso(text)
    return f"{moment.month}月{moment.day}日{sep}{moment:%H:%M}"
