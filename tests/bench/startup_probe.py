"""Child process for bench_startup: the real start-up path up to the first paint of 今日值班, then exit.

The login dialog is replaced by the account lookup it ends in (typing a password is the user's time).
Usage: python -m tests.bench.startup_probe DB_PATH UI_INI   |   python -m tests.bench.startup_probe --bare
"""

from __future__ import annotations

import sys


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.show()
    QTimer.singleShot(0, app.quit)
    app.exec()


def dutyroom(db_path: str, ui_ini: str) -> None:
    from pathlib import Path

    from dutyroom.cli import gui_arguments

    assert gui_arguments(["--demo", "--db", db_path]) is not None  # what `dutyroom --demo` reads first
    from PySide6.QtCore import QEvent, QObject

    from dutyroom.gui.app import AppController, create_application, ui_state_settings
    from dutyroom.store import open_store

    app = create_application(sys.argv[:1])
    store = open_store(Path(db_path))
    controller = AppController(store, demo=True, ui_state=ui_state_settings(Path(ui_ini)))
    from dutyroom.auth import accounts

    account_id = store.scalar("SELECT id FROM account WHERE username = 'zhiban'")
    window = controller.open_window(accounts.actor_for(store, account_id))

    class QuitOnPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                app.quit()
            return False

    today = window.page("today")
    painted = QuitOnPaint()
    today.installEventFilter(painted)
    app.exec()
    store.close()


if __name__ == "__main__":
    if sys.argv[1:] == ["--bare"]:
        bare()
    else:
        dutyroom(sys.argv[1], sys.argv[2])
