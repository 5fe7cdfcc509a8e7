"""The handover sheet is a list of sections from a small registry, so other modules can add theirs.

A section provider has a key, a title, an order and a ``build(store, outgoing_shift, now)`` that returns
the section's lines and items. Items with ``needs_ack`` are open items: the incoming shift must
acknowledge each one before the handover can complete. Incident reporting (open incidents with their next
report due) and warnings (unconfirmed warnings) plug in with ``register_section`` after merging.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from dutyroom.duty.shifts import Shift
from dutyroom.store import Store


@dataclass
class SheetItem:
    key: str                 # stable across rebuilds, e.g. "pending:12", "incident:5"
    text: str
    detail: str = ""
    needs_ack: bool = False  # an open item the incoming shift must acknowledge
    alert: bool = False      # overdue / abnormal: shown in red


@dataclass
class SheetSection:
    key: str
    title: str
    lines: list[str] = field(default_factory=list)
    items: list[SheetItem] = field(default_factory=list)
    empty_text: str = "无。"

    @property
    def empty(self) -> bool:
        return not self.lines and not self.items

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> SheetSection:
        return cls(raw["key"], raw["title"], list(raw.get("lines", [])),
                   [SheetItem(**item) for item in raw.get("items", [])], raw.get("empty_text", "无。"))


BuildSection = Callable[[Store, Shift, datetime], SheetSection]


@dataclass(frozen=True)
class SectionProvider:
    key: str
    title: str
    order: int
    build: BuildSection


HANDOVER_SECTIONS: dict[str, SectionProvider] = {}


def register_section(provider: SectionProvider) -> None:
    """Add (or replace, by key) a section of the handover sheet."""
    HANDOVER_SECTIONS[provider.key] = provider


def section_providers() -> list[SectionProvider]:
    from dutyroom.dutylog.contributors import load_contributors

    load_contributors()
    return sorted(HANDOVER_SECTIONS.values(), key=lambda p: (p.order, p.key))
