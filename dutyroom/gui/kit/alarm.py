"""Sound, taskbar flash and system-tray notice for clocks near or past their time, repeated until acknowledged.

Used by every screen with clocks (报送时限, 预警叫应): each passes its own titles per stage and its keys.

QtMultimedia is not in PySide6-Essentials: the sound is ``QApplication.beep()`` and, on Windows, the
system's exclamation sound through the standard library's ``winsound``. The taskbar entry flashes too
(``QApplication.alert``). ``rung`` keeps what was signalled, for the user's eyes in tests.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon, QWidget


@dataclass(frozen=True)
class Ring:
    key: Hashable          # what rang: an obligation id, a 叫应 clock …
    stage: str             # "soon" or "overdue"
    title: str
    message: str


class Alarm(QObject):
    def __init__(self, window: Callable[[], QWidget | None], repeat_seconds: float = 60,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None, *,
                 titles: Mapping[str, str], tooltip: str) -> None:
        """``titles``: the notice's title for each stage ("soon", "overdue"); ``tooltip``: the tray icon's."""
        super().__init__(parent)
        self.window, self.repeat_seconds, self.clock = window, repeat_seconds, clock
        self.titles, self.tooltip = dict(titles), tooltip
        self._last: dict[tuple[Hashable, str], float] = {}
        self._tray: QSystemTrayIcon | None = None
        self.rung: list[Ring] = []

    def update(self, pending: list[tuple[Hashable, str, str]]) -> list[Ring]:
        """``pending``: (key, stage, text) of every unacknowledged alarm now. Rings the new ones at once and
        the others every ``repeat_seconds``; forgets those no longer pending."""
        now = self.clock()
        keys = {(key, stage) for key, stage, _ in pending}
        for seen in list(self._last):
            if seen not in keys:
                del self._last[seen]
        rung = []
        for key, stage, text in pending:
            last = self._last.get((key, stage))
            if last is None or now - last >= self.repeat_seconds:
                self._last[(key, stage)] = now
                rung.append(Ring(key, stage, self.titles[stage], text))
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
            self._tray.setToolTip(self.tooltip)
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
