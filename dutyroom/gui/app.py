"""Starting the GUI: application, data file, first-run or login, main window; and logging out."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from dutyroom import APP_NAME, APP_TITLE, settings
from dutyroom.auth import accounts
from dutyroom.clock import Clock, SystemClock
from dutyroom.crashlog import install_crash_log
from dutyroom.errors import DutyRoomError
from dutyroom.gui.auth.login import ChangePasswordDialog, FirstRunDialog, LoginDialog
from dutyroom.gui.context import AppContext
from dutyroom.gui.events import StoreEvents
from dutyroom.gui.kit.crash_dialog import CrashDialog
from dutyroom.gui.kit.locale import install_chinese
from dutyroom.gui.kit.tasks import TaskRunner
from dutyroom.gui.kit.theme import install_fonts, install_stylesheet
from dutyroom.gui.main_window import MainWindow
from dutyroom.paths import app_path, settings_ini_path
from dutyroom.session import Actor, Session
from dutyroom.store import Store, open_store


def create_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setWindowIcon(QIcon(str(app_path("resources", "icons", "dutyroom.png"))))
    install_chinese(app)
    install_fonts(app)
    install_stylesheet(app)
    return app


def ui_state_settings(path: Path | None = None) -> QSettings:
    return QSettings(str(path or settings_ini_path()), QSettings.Format.IniFormat)


def demo_hint() -> str:
    from dutyroom.demo.seed import demo_accounts, demo_password

    names = "，".join(f"{user}（{label}）" for user, label in demo_accounts())
    return f"演示数据：密码均为 {demo_password()}。账户：{names}。"


class AppController:
    """Owns the store and the window; runs login and logout (handing the desk to the next person)."""

    def __init__(self, store: Store, *, clock: Clock | None = None, demo: bool = False,
                 ui_state: QSettings | None = None) -> None:
        self.store = store
        self.clock = clock or SystemClock()
        self.demo = demo
        self.ui_state = ui_state or ui_state_settings()
        self.events = StoreEvents(store)
        self.tasks = TaskRunner()
        self.window: MainWindow | None = None

    def ask_for_actor(self) -> Actor | None:
        if accounts.needs_first_admin(self.store):
            first = FirstRunDialog(self.store, self.clock)
            return first.actor if first.exec() else None
        dialog = LoginDialog(self.store, self.clock, org_name=settings.get(self.store, "org.name"),
                             hint=demo_hint() if self.demo else "")
        return dialog.actor if dialog.exec() else None

    def open_window(self, actor: Actor) -> MainWindow | None:
        session = Session(self.store, actor, self.clock)
        if actor.account_id is not None and accounts.must_change_password(self.store, actor.account_id):
            if not ChangePasswordDialog(session, forced=True).exec():
                return None
        ctx = AppContext(session, self.events, self.tasks, self.ui_state, self.demo)
        self.window = MainWindow(ctx)
        self.window.logout_requested.connect(self.logout)
        self.window.show()
        from dutyroom.dutylog.drafts import DraftStore  # duty-log drafts left by a crash (issue 5)

        if actor.account_id is not None and DraftStore(self.store.path, actor.username).pending():
            QTimer.singleShot(0, self.window.offer_drafts)
        return self.window

    def start(self) -> bool:
        actor = self.ask_for_actor()
        return actor is not None and self.open_window(actor) is not None

    def logout(self) -> None:
        if self.window is not None:
            self.window.close()
            self.window = None
        actor = self.ask_for_actor()
        if actor is None or self.open_window(actor) is None:
            QApplication.quit()


def run(db_path: Path, *, demo: bool = False, create_folder: bool = False) -> int:
    crash_log = install_crash_log(db_path)     # the windowed bundle has no console: uncaught errors go here
    app = create_application()
    crash_log.set_notifier(CrashDialog().notify)
    try:
        store = open_store(db_path, create_folder=create_folder)
        if demo:
            from dutyroom.demo.seed import seed_demo

            seed_demo(store, SystemClock())
    except DutyRoomError as exc:
        QMessageBox.critical(None, "无法打开数据文件", exc.message)
        return 2
    controller = AppController(store, demo=demo)
    if not controller.start():
        store.close()
        return 0
    code = app.exec()
    controller.tasks.wait_all()
    store.close()
    return code
