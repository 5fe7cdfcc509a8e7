"""The main window and the screen it is on: never larger than the screen's free area, first start maximized.

A duty-room PC often has a 1366×768 screen: a window taller than the screen hides its status bar and squeezes
what it shows. A geometry remembered on a larger screen (or before the resolution changed) is shrunk and moved
back onto the screen the window opens on.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtGui import QCursor, QGuiApplication, QScreen

LEAST = QSize(1024, 640)          # below this the pages are cramped; a smaller screen gets all it has


def current_screen() -> QScreen:
    """The screen the user is looking at: the one under the mouse, else the primary one."""
    return QGuiApplication.screenAt(QCursor.pos()) or QGuiApplication.primaryScreen()


def least_size(available: QRect) -> QSize:
    return QSize(min(LEAST.width(), available.width()), min(LEAST.height(), available.height()))


def fitted(frame: QRect, available: QRect) -> QRect:
    """``frame`` no larger than ``available`` and moved inside it."""
    width, height = min(frame.width(), available.width()), min(frame.height(), available.height())
    left = min(max(frame.left(), available.left()), available.right() - width + 1)
    top = min(max(frame.top(), available.top()), available.bottom() - height + 1)
    return QRect(QPoint(left, top), QSize(width, height))
