"""A list that tightens its rows when they would not all fit (the navigation of a person with many roles at
1366×768 would otherwise scroll, hiding its last pages): the stylesheet's ``[compact="true"]`` rule applies."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QListWidget

ROOMY_PADDING = 22          # top + bottom padding of a row in the stylesheet's usual rule (11 px each)


class CompactWhenCrowded(QObject):
    def __init__(self, target: QListWidget) -> None:
        super().__init__(target)
        self.target = target
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.update()
        return False

    def roomy_height(self) -> int:
        row = self.target.fontMetrics().height() + ROOMY_PADDING
        return row * self.target.count() + 2 * self.target.frameWidth()

    def update(self) -> None:
        compact = self.roomy_height() > self.target.height()
        if bool(self.target.property("compact")) == compact:
            return
        self.target.setProperty("compact", compact)
        style = self.target.style()
        style.unpolish(self.target)
        style.polish(self.target)
        self.target.doItemsLayout()
