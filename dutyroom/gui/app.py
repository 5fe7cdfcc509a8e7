"""Starting the GUI: application, data file, first-run or login, main window; and logging out."""

from __future__ import annotations

import sys
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from dutyroom import APP_NAME, APP_TITLE, settings
from dutyroom.auth import accounts
from dutyroom.clock import Clock, SystemClock
from dutyroom.crashlog import install_crash_log
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.events import StoreEvents
from dutyroom.gui.kit.crash_dialog import CrashDialog
from dutyroom.gui.kit.locale import install_chinese
from dutyroom.gui.kit.tasks import TaskRunner
from dutyroom.gui.kit.theme import install_fonts, install_stylesheet
from dutyroom.gui.main_window import MainWindow
from dutyroom.paths import app_path, settings_ini_path
from dutyroom.session import Actor, Session
from dutyroom.store import Store

if TYPE_CHECKING:
    from dutyroom.gui.backup.restore_dialog import RestoreChoice


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
    """Owns the store and the window; runs login and logout (handing the desk to the next person), the
    automatic backups, and a restore (which closes the store, replaces the file and opens it again)."""

    def __init__(self, store: Store, *, clock: Clock | None = None, demo: bool = False,
                 ui_state: QSettings | None = None, automatic_backups: bool = True) -> None:
        self.clock = clock or SystemClock()
        self.demo = demo
        self.ui_state = ui_state or ui_state_settings()
        self.tasks = TaskRunner()
        self.window: MainWindow | None = None
        self.automatic_backups = automatic_backups
        self.first_run = False
        self._attach(store)

    def _attach(self, store: Store) -> None:
        """Everything that belongs to one open data file: its change events and its backups."""
        from dutyroom.gui.backup.keeper import BackupKeeper

        self.store = store
        self.events = StoreEvents(store)
        self.backups = BackupKeeper(store, self.clock, self.tasks, self.events, automatic=self.automatic_backups)
        # through a weak reference: the keeper holding the controller that holds the keeper would be a cycle,
        # and the cycle collector may run on any thread (where deleting a QObject crashes Qt)
        controller = weakref.ref(self)
        self.backups.damaged.connect(lambda problem: _call(controller, "damaged_found", problem))
        self.backups.restore_requested.connect(lambda choice: _call(controller, "restore_from", choice))

    def _detach(self) -> None:
        from dutyroom.gui.backup.data_file import wait_until_idle

        self.backups.stop()
        wait_until_idle(self.tasks)
        if self.store.integrity is not None:
            self.store.integrity.wait(60)   # its connection too must be gone before the file is replaced
        self.events.close()
        self.store.close()

    def ask_for_actor(self) -> Actor | None:
        # the login forms are imported when a login is asked for, not on the path to the board
        from dutyroom.gui.auth.login import FirstRunDialog, LoginDialog

        if accounts.needs_first_admin(self.store):
            first = FirstRunDialog(self.store, self.clock)
            self.first_run = bool(first.exec())       # the 开通向导 follows the new administrator
            return first.actor if self.first_run else None
        dialog = LoginDialog(self.store, self.clock, org_name=settings.get(self.store, "org.name"),
                             hint=demo_hint() if self.demo else "")
        return dialog.actor if dialog.exec() else None

    def open_window(self, actor: Actor) -> MainWindow | None:
        session = Session(self.store, actor, self.clock)
        if actor.account_id is not None and accounts.must_change_password(self.store, actor.account_id):
            from dutyroom.gui.auth.login import ChangePasswordDialog

            if not ChangePasswordDialog(session, forced=True).exec():
                return None
        ctx = AppContext(session, self.events, self.tasks, self.ui_state, self.demo, backups=self.backups)
        self.window = MainWindow(ctx)
        self.window.logout_requested.connect(self.logout)
        self.window.show()
        # the backup warnings and the integrity verdict just after the first paint (the board does not wait)
        self.window.after_first_paint.later(self.backups.start)
        if self.first_run:
            self.first_run = False
            QTimer.singleShot(0, self.window.open_setup_guide)
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

    # -- the data file's health ------------------------------------------------------------------
    def damaged_found(self, problem: str) -> None:
        """The background check found damage after opening: writes are already refused (the store's gate);
        say so, and offer the newest verified copy."""
        from dutyroom.gui.backup.data_file import choose_restore, damaged_now

        chosen = choose_restore(damaged_now(self.store.path, problem), self.tasks, self.window, found_later=True)
        if chosen is not None:
            self.restore_from(chosen)

    def restore_from(self, chosen: RestoreChoice) -> None:
        """Replace the data file by the copy an accepted restore dialog chose: close the window and the store,
        restore behind a progress window, open the file again and ask for a login."""
        from dutyroom.gui.backup.data_file import open_data_file, replace_with_copy

        path = self.store.path
        QApplication.setQuitOnLastWindowClosed(False)        # no window for a moment: that is not the end of the program
        try:
            if self.window is not None:
                self.window.close()
                self.window = None
                # gone now, not when this returns: its timers must not read the store about to close
                QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            self._detach()
            replace_with_copy(self.tasks, path, chosen, self.clock)
            store = open_data_file(path, create_folder=False, create=False, clock=self.clock, tasks=self.tasks)
            if store is None:
                QApplication.quit()
                return
            self._attach(store)
            actor = self.ask_for_actor()
            if actor is None or self.open_window(actor) is None:
                QApplication.quit()
        finally:
            QApplication.setQuitOnLastWindowClosed(True)


def _call(controller: weakref.ref[AppController], method: str, *args: object) -> None:
    alive = controller()
    if alive is not None:
        getattr(alive, method)(*args)


def run(db_path: Path, *, demo: bool = False, create_folder: bool = False) -> int:
    from dutyroom.gui.backup.data_file import open_data_file

    crash_log = install_crash_log(db_path)     # the windowed bundle has no console: uncaught errors go here
    app = create_application()
    crash_log.set_notifier(CrashDialog().notify)
    clock = SystemClock()
    store = open_data_file(db_path, create_folder=create_folder, create=demo, clock=clock, tasks=TaskRunner())
    if store is None:
        return 2
    try:
        if demo:
            from dutyroom.demo.seed import seed_demo

            seed_demo(store, clock, history=True)
    except DutyRoomError as exc:
        QMessageBox.critical(None, "无法打开数据文件", exc.message)
        return 2
    controller = AppController(store, clock=clock, demo=demo)
    if not controller.start():
        controller.store.close()
        return 0
    code = app.exec()
    controller.tasks.wait_all()
    controller.store.close()
    return code
