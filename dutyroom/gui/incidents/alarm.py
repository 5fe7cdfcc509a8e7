"""Sound and system-tray notice for a clock at 5 minutes left or overdue, repeated until acknowledged.

QtMultimedia is not in PySide6-Essentials: the sound is ``QApplication.beep()`` and, on Windows, the
system's exclamation sound through the standard library's ``winsound``. The taskbar entry flashes too
(``QApplication.alert``). ``rung`` keeps what was signalled, for the user's eyes in tests.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget

STAGE_TITLES = {"soon": "报送时限即将到期", "overdue": "报送时限已超时"}


@dataclass(frozen=True)
class Ring:
    obligation_id: int
    stage: str
    title: str
    message: str


class Alarm(QObject):
    def __init__(self, window: Callable[[], QWidget | None], repeat_seconds: float = 60,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window, self.repeat_seconds, self.clock = window, repeat_seconds, clock
        self._last: dict[tuple[int, str], float] = {}
        self._tray: QSystemTrayIcon | None = None
        self.rung: list[Ring] = []

    def update(self, pending: list[tuple[int, str, str]]) -> list[Ring]:
        """``pending``: (obligation id, stage, text) of every unacknowledged alarm now. Rings the new ones
        at once and the others every ``repeat_seconds``; forgets those no longer pending."""
        now = self.clock()
        keys = {(obligation_id, stage) for obligation_id, stage, _ in pending}
        for key in list(self._last):
            if key not in keys:
                del self._last[key]
        rung = []
        for obligation_id, stage, text in pending:
            last = self._last.get((obligation_id, stage))
            if last is None or now - last >= self.repeat_seconds:
                self._last[(obligation_id, stage)] = now
                rung.append(Ring(obligation_id, stage, STAGE_TITLES[stage], text))
        if rung:
            self._signal(rung)
        return rung

    def _signal(self, rung: list[Ring]) -> None:
        self.rung.extend(rung)
        beep(overdue=any(r.stage == "overdue" for r in rung))
        window = self.window()
        if window is not None:
            QApplication.alert(window)
        tray = self._tray_icon()
        if tray is not None:
            first = rung[0]
            more = f"\n另有 {len(rung) - 1} 项" if len(rung) > 1 else ""
            icon = QSystemTrayIcon.MessageIcon.Critical if first.stage == "overdue" else \
                QSystemTrayIcon.MessageIcon.Warning
            tray.showMessage(first.title, first.message + more, icon, 15000)

    def _tray_icon(self) -> QSystemTrayIcon | None:
        if not QSystemTrayIcon.isSystemTrayAvailable():
            return None
        if self._tray is None:
            icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            self._tray = QSystemTrayIcon(icon, self)
            self._tray.setToolTip("DutyRoom 报送时限")
            self._tray.messageClicked.connect(self._raise_window)
            self._tray.show()
        return self._tray

    def _raise_window(self) -> None:
        window = self.window()
        if window is not None:
            window.showNormal()
            window.raise_()
            window.activateWindow()

    def close(self) -> None:
        if self._tray is not None:
            self._tray.hide()


def beep(overdue: bool = False) -> None:
    QApplication.beep()
    if sys.platform == "win32":
        import winsound

        winsound.MessageBeep(winsound.MB_ICONHAND if overdue else winsound.MB_ICONEXCLAMATION)
