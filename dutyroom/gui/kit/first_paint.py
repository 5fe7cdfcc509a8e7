"""Work that waits for a window's first paint: what the first screen does not need runs just after it.

A zero-length timer set while the window is built runs before the window system's first expose, so it
still delays the first paint; this waits for the paint itself, then lets the event loop take each piece in turn.
A window that is never painted (hidden, minimized) gets the same work after ``FALLBACK_MS``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 2000


class AfterFirstPaint(QObject):
    """``later(callback)``: run once, just after ``widget`` is first painted (in the order given)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.widget = widget
        self.done = False
        self._waiting: list[Callable[[], object]] = []
        widget.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._run)

    def later(self, callback: Callable[[], object]) -> None:
        if self.done:
            QTimer.singleShot(0, self, callback)
        else:
            self._waiting.append(callback)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if watched is self.widget and event.type() == QEvent.Type.Paint and not self.done:
            QTimer.singleShot(0, self, self._run)          # after this paint has reached the screen
        return False

    def _run(self) -> None:
        if self.done:
            return
        self.done = True
        self.widget.removeEventFilter(self)
        waiting, self._waiting = self._waiting, []
        for callback in waiting:           # one at a time: a repaint or a click may come between them
            QTimer.singleShot(0, self, callback)
