"""No widget flashes up as a window of its own while the pages are built and shown: a child shown before it
has its parent is a top-level window for a moment, and takes the focus (and the keyboard) from the main window."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget


class WindowsShown(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str]] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt name
        if (event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow()
                and type(watched).__name__ != "MainWindow"):
            self.seen.append((type(watched).__name__, getattr(watched, "text", lambda: "")()))
        return False


def test_no_page_shows_a_stray_window(login_as) -> None:
    shown = WindowsShown()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(shown)
    try:
        for user in ("zhiban", "bangongshi", "admin"):
            window = login_as(user)
            for key in window.page_keys():
                window.show_page(key)
                QApplication.processEvents()
                assert shown.seen == [], (user, key, shown.seen)
    finally:
        app.removeEventFilter(shown)
