"""Render every screen on fresh demo data to PNG files (offscreen), for review and the README."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

from dutyroom import settings
from dutyroom.auth import accounts
from dutyroom.clock import Clock, SystemClock
from dutyroom.demo.seed import demo_password, seed_demo
from dutyroom.gui.app import AppController, create_application, demo_hint, ui_state_settings
from dutyroom.gui.auth.login import ChangePasswordDialog, FirstRunDialog, LoginDialog
from dutyroom.session import Session
from dutyroom.store import Store, open_store

WINDOW_SIZE = (1366, 768)      # the laptop screens duty rooms have


def window_at(window: QWidget, size: tuple[int, int] = WINDOW_SIZE) -> None:
    """The main window at ``size``: a first start opens maximized (on the offscreen screen, 800×800), where a
    resize would not apply."""
    window.showNormal()
    window.resize(*size)


def settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)   # widgets replaced since are gone, not drawn


def _save(widget: QWidget, app: QApplication, path: Path, shots: list[Path]) -> None:
    """Grab a screen; files are numbered in the order taken, whatever number the caller's name carries."""
    settle(app)
    stem = re.sub(r"^\d+[a-z]?-", "", path.name)
    path = path.with_name(f"{len(shots) + 1:02d}-{stem}")
    if not widget.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    shots.append(path)


def take_screenshots(outdir: Path, clock: Clock | None = None) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    clock = clock or SystemClock()
    app = create_application([])
    shots: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="dutyroom-shots-") as tmp:
        folder = Path(tmp)
        fresh = open_store(folder / "new.sqlite3")
        first = FirstRunDialog(fresh, clock)
        first.adjustSize()
        _save(first, app, outdir / "01-first-run.png", shots)

        store = open_store(folder / "demo.sqlite3")
        seed_demo(store, clock, history=True)
        login = LoginDialog(store, clock, org_name=settings.get(store, "org.name"), hint=demo_hint())
        login.ui.usernameEdit.setText("zhiban")
        login.adjustSize()
        _save(login, app, outdir / "02-login.png", shots)

        controller = AppController(store, clock=clock, demo=True, ui_state=ui_state_settings(folder / "ui.ini"),
                                   automatic_backups=False)
        officer = accounts.login(store, "zhiban", demo_password(), clock)
        window = controller.open_window(officer)
        assert window is not None
        window_at(window)
        _save(window, app, outdir / "03-officer-today.png", shots)
        from dutyroom.gui.duty import shots as board_shots  # 今日值班 at 1366×768, 1920×1080, wall (issue 11)

        board_shots.take(window, app, outdir, shots, _save)
        from dutyroom.gui.dutylog import shots as dutylog_shots  # duty log, handover, daily report (issue 5)

        dutylog_shots.take(window, app, outdir, shots, _save)
        from dutyroom.gui.incidents import shots as incident_shots  # incident reporting (issue 6)

        incident_shots.take(window, app, outdir, shots, _save)
        from dutyroom.gui.warnings import shots as warning_shots  # warnings and 叫应 (issue 14)

        warning_shots.take(window, app, outdir, shots, _save)
        window.show_page("mine")  # 我的值班: own duties, 串班/代班 requests
        my_duties: Any = window.page("mine")        # 我的值班 (no page module is imported outside its page)
        mine = my_duties.duty_view
        mine.setCurrentIndex(mine.model().index(0, 0))
        _save(window, app, outdir / "03h-officer-my-duties.png", shots)
        window.close()

        admin = accounts.login(store, "admin", demo_password(), clock)
        window = controller.open_window(admin)
        assert window is not None
        window_at(window)
        for number, key in enumerate(window.page_keys(), start=4):
            window.show_page(key)
            if key == "stats":      # figures and charts come from the background: wait for them
                from dutyroom.gui.stats.shots import settle

                settle(window.page(key), app)
            _save(window, app, outdir / f"{number:02d}-admin-{key}.png", shots)
        from dutyroom.gui.stats import shots as stats_shots  # statistics (issue 15): every view

        stats_shots.take(window, app, outdir, shots, _save)
        # 数据备份, the restore preview, the damaged-file message (issue 12)
        from dutyroom.gui.backup import shots as backup_shots

        backup_shots.take(window, app, outdir, shots, _save, folder)
        from dutyroom.gui.auth.account_dialog import AccountDialog

        dialog = AccountDialog(window.ctx, parent=window)
        dialog.adjustSize()
        _save(dialog, app, outdir / f"{len(shots) + 1:02d}-account-dialog.png", shots)
        change = ChangePasswordDialog(Session(store, admin, clock), forced=True, parent=window)
        change.adjustSize()
        _save(change, app, outdir / f"{len(shots) + 1:02d}-change-password.png", shots)
        window.close()
        # contacts (issue 4)
        from dutyroom.gui.contacts.shots import take_contacts_screenshots

        take_contacts_screenshots(controller, store, clock, app, outdir, shots, _save, WINDOW_SIZE)

        from dutyroom.gui.roster import shots as roster_shots  # roster (issue 3)

        roster_shots.take(controller, store, clock, app, outdir, shots, _save, WINDOW_SIZE)
        _officer_split_shots(store, clock, app, folder, outdir, shots)

        empty_admin = accounts.create_first_admin(fresh, clock, username="admin", password="Admin2026",
                                                  display_name="系统管理员")
        empty = AppController(fresh, clock=clock, ui_state=ui_state_settings(folder / "ui2.ini"), automatic_backups=False)
        window = empty.open_window(empty_admin)
        assert window is not None
        window_at(window)
        _save(window, app, outdir / f"{len(shots) + 1:02d}-today-empty.png", shots)
        window.close()
        # a county's first use: 开通清单, 开通向导 (issue 11)
        from dutyroom.gui.setup import shots as setup_shots

        setup_shots.take(app, outdir, shots, _save, folder)
        controller.tasks.wait_all()
        store.close()
        fresh.close()
    return shots


def _officer_split_shots(store: Store, clock: Clock, app: QApplication, folder: Path, outdir: Path,
                         shots: list[Path]) -> None:
    """The officer day/night split on a copy of the demo data: 今日值班 with 白班/夜班 cards, the planner grid."""
    from dutyroom.demo.officer_split import switch_to_officer_split
    from dutyroom.roster.planning import month_range

    path = folder / "demo-split.sqlite3"
    store.copy_to(path)
    copy = open_store(path)
    today = clock.now().date()
    switch_to_officer_split(copy, clock, today, month_range(today.year, today.month)[1])
    controller = AppController(copy, clock=clock, demo=True, ui_state=ui_state_settings(folder / "ui-split.ini"),
                               automatic_backups=False)
    officer = accounts.login(copy, "zhiban", demo_password(), clock)
    window = controller.open_window(officer)
    assert window is not None
    window_at(window)
    _save(window, app, outdir / f"{len(shots) + 1:02d}-officer-today-split.png", shots)
    window.close()
    office = accounts.login(copy, "bangongshi", demo_password(), clock)
    window = controller.open_window(office)
    assert window is not None
    window_at(window)
    window.show_page("roster")
    page: Any = window.page("roster")          # 值班排班
    page.set_month(today.year, today.month)
    page.move_month(1)
    page.generate()
    controller.tasks.wait_all()
    settle(app)
    _save(window, app, outdir / f"{len(shots) + 1:02d}-office-roster-split.png", shots)
    window.close()
    controller.tasks.wait_all()
    copy.close()
