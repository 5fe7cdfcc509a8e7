"""Common behaviour of pages: refresh when the data they show changes (at once if visible, else on show)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from dutyroom.changes import Area, ChangeSet
from dutyroom.gui.context import AppContext


class Page(QWidget):
    #: the areas whose change makes this page stale
    areas: frozenset[Area] = frozenset()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self._stale = True
        ctx.events.changed.connect(self._on_changed)

    def _on_changed(self, changes: ChangeSet) -> None:
        if not changes.touches(self.areas):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    def refresh(self) -> None:
        self._stale = False
        self.reload()

    def reload(self) -> None:
        """Read what the page shows from the store."""

    def print_primary(self) -> bool:
        """The page's main printout (Ctrl+P); False when it has none."""
        return False

    def go_to(self, **target: Any) -> None:
        """Show what another area's navigation request names (``ctx.navigate(key, **target)``)."""


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label


def subtitle_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("pageSubtitle")
    label.setWordWrap(True)
    return label


def set_message(label: QLabel, text: str, *, error: bool = False) -> None:
    """Show a result line under a form: red for a refusal, grey for success."""
    from dutyroom.gui.kit.theme import repolish

    label.setProperty("error", error)
    label.setText(text)
    repolish(label)
