"""A list that tightens its rows when they would not all fit (the navigation of a person with many roles at
1366×768 would otherwise scroll, hiding its last pages): the stylesheet's ``[compact="true"]`` rule applies."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QListWidget


class CompactWhenCrowded(QObject):
    def __init__(self, target: QListWidget) -> None:
        super().__init__(target)
        self.target = target
        self.roomy_row = 0          # a row's height under the usual rule, measured while it applies
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.refit()
        return False

    def refit(self) -> None:
        if not self.target.count():
            return
        if not self.target.property("compact"):
            self.roomy_row = self.target.sizeHintForRow(0)
        compact = self.roomy_row * self.target.count() + 2 * self.target.frameWidth() > self.target.height()
        if bool(self.target.property("compact")) == compact:
            return
        self.target.setProperty("compact", compact)
        style = self.target.style()
        style.unpolish(self.target)
        style.polish(self.target)
        self.target.doItemsLayout()
