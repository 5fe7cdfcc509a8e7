"""Render every screen on fresh demo data to PNG files (offscreen), for review and the README."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from dutyroom import settings
from dutyroom.auth import accounts
from dutyroom.clock import Clock, SystemClock
from dutyroom.demo.seed import demo_password, seed_demo
from dutyroom.gui.app import AppController, create_application, demo_hint, ui_state_settings
from dutyroom.gui.dialogs import ChangePasswordDialog, FirstRunDialog, LoginDialog
from dutyroom.session import Session
from dutyroom.store import open_store

WINDOW_SIZE = (1366, 800)


def _settle(app: QApplication) -> None:
    for _ in range(3):
        app.processEvents()


def _save(widget: QWidget, app: QApplication, path: Path, shots: list[Path]) -> None:
    """Grab a screen; files are numbered in the order taken, whatever number the caller's name carries."""
    _settle(app)
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
        seed_demo(store, clock)
        login = LoginDialog(store, clock, org_name=settings.get(store, "org.name"), hint=demo_hint())
        login.ui.usernameEdit.setText("zhiban")
        login.adjustSize()
        _save(login, app, outdir / "02-login.png", shots)

        controller = AppController(store, clock=clock, demo=True, ui_state=ui_state_settings(folder / "ui.ini"))
        officer = accounts.login(store, "zhiban", demo_password(), clock)
        window = controller.open_window(officer)
        assert window is not None
        window.resize(*WINDOW_SIZE)
        _save(window, app, outdir / "03-officer-today.png", shots)
        from dutyroom.gui.dutylog import shots as dutylog_shots  # duty log, handover, daily report (issue 5)

        dutylog_shots.take(window, app, outdir, shots, _save)
        _incident_screens(window, app, outdir, shots)  # incident reporting (issue 6)
        window.show_page("mine")  # 我的值班: own duties, 串班/代班 requests
        mine = window.page("mine").duty_view
        mine.setCurrentIndex(mine.model().index(0, 0))
        _save(window, app, outdir / "03h-officer-my-duties.png", shots)
        window.close()

        admin = accounts.login(store, "admin", demo_password(), clock)
        window = controller.open_window(admin)
        assert window is not None
        window.resize(*WINDOW_SIZE)
        for number, key in enumerate(window.page_keys(), start=4):
            window.show_page(key)
            _save(window, app, outdir / f"{number:02d}-admin-{key}.png", shots)
        from dutyroom.gui.pages.accounts_page import AccountDialog

        dialog = AccountDialog(window.ctx, parent=window)
        dialog.adjustSize()
        _save(dialog, app, outdir / f"{len(shots) + 1:02d}-account-dialog.png", shots)
        change = ChangePasswordDialog(Session(store, admin, clock), forced=True, parent=window)
        change.adjustSize()
        _save(change, app, outdir / f"{len(shots) + 1:02d}-change-password.png", shots)
        window.close()
        # contacts (issue 4)
        from dutyroom.gui.contacts_screens import take_contacts_screenshots

        take_contacts_screenshots(controller, store, clock, app, outdir, shots, _save, WINDOW_SIZE)

        _roster_shots(controller, store, clock, app, outdir, shots)
        _officer_split_shots(store, clock, app, folder, outdir, shots)

        empty_admin = accounts.create_first_admin(fresh, clock, username="admin", password="Admin2026",
                                                  display_name="系统管理员")
        empty = AppController(fresh, clock=clock, ui_state=ui_state_settings(folder / "ui2.ini"))
        window = empty.open_window(empty_admin)
        assert window is not None
        window.resize(*WINDOW_SIZE)
        _save(window, app, outdir / f"{len(shots) + 1:02d}-today-empty.png", shots)
        window.close()
        controller.tasks.wait_all()
        store.close()
        fresh.close()
    return shots


# -- roster (issue 3) --
def _roster_shots(controller: AppController, store: object, clock: Clock, app: QApplication, outdir: Path,
                  shots: list[Path]) -> None:
    from dutyroom.gui.pages import roster_dialogs as dialogs

    office = accounts.login(store, "bangongshi", demo_password(), clock)
    window = controller.open_window(office)
    assert window is not None
    window.resize(*WINDOW_SIZE)
    window.show_page("roster")
    page = window.page("roster")
    today = clock.now().date()
    page.set_month(today.year, today.month)
    page.side.setCurrentIndex(1)
    _save(window, app, outdir / f"{len(shots) + 1:02d}-office-roster-published.png", shots)
    page.move_month(1)
    page.side.setCurrentIndex(0)
    page.generate()
    controller.tasks.wait_all()
    _settle(app)
    _save(window, app, outdir / f"{len(shots) + 1:02d}-office-roster-next-month.png", shots)
    key = next(k for k in sorted(page.model.cells) if k[1] == "officer")
    menu = page.cell_menu(key)
    menu.adjustSize()
    _save(menu, app, outdir / f"{len(shots) + 1:02d}-roster-cell-menu.png", shots)
    for name, factory in (("holidays", dialogs.HolidayDialog), ("absences", dialogs.AbsenceDialog),
                          ("periods", dialogs.PeriodDialog), ("rules", dialogs.RulesDialog)):
        dialog = factory(window.ctx, window)
        dialog.adjustSize()
        _save(dialog, app, outdir / f"{len(shots) + 1:02d}-roster-{name}.png", shots)
    current = next(iter(page.model.current.values()), None)
    page.set_month(today.year, today.month)
    current = next(v for k, v in sorted(page.model.current.items()) if k[0] > today)
    change = dialogs.ChangeDialog(window.ctx, current, window)
    change.adjustSize()
    _save(change, app, outdir / f"{len(shots) + 1:02d}-roster-change.png", shots)
    window.close()
def _officer_split_shots(store: object, clock: Clock, app: QApplication, folder: Path, outdir: Path,
                         shots: list[Path]) -> None:
    """The officer day/night split on a copy of the demo data: 今日值班 with 白班/夜班 cards, the planner grid."""
    from dutyroom.demo.officer_split import switch_to_officer_split
    from dutyroom.roster.planning import month_range

    path = folder / "demo-split.sqlite3"
    store.copy_to(path)
    copy = open_store(path)
    today = clock.now().date()
    switch_to_officer_split(copy, clock, today, month_range(today.year, today.month)[1])
    controller = AppController(copy, clock=clock, demo=True, ui_state=ui_state_settings(folder / "ui-split.ini"))
    officer = accounts.login(copy, "zhiban", demo_password(), clock)
    window = controller.open_window(officer)
    assert window is not None
    window.resize(*WINDOW_SIZE)
    _save(window, app, outdir / f"{len(shots) + 1:02d}-officer-today-split.png", shots)
    window.close()
    office = accounts.login(copy, "bangongshi", demo_password(), clock)
    window = controller.open_window(office)
    assert window is not None
    window.resize(*WINDOW_SIZE)
    window.show_page("roster")
    page = window.page("roster")
    page.set_month(today.year, today.month)
    page.move_month(1)
    page.generate()
    controller.tasks.wait_all()
    _settle(app)
    _save(window, app, outdir / f"{len(shots) + 1:02d}-office-roster-split.png", shots)
    window.close()
    controller.tasks.wait_all()
    copy.close()


def _incident_screens(window: QWidget, app: QApplication, outdir: Path, shots: list[Path]) -> None:
    """信息接报: the list with a selected incident, intake, a report draft, a 灾情 report, acts, statistics."""
    from dutyroom.gui.incident_dialogs import IntakeDialog, meet_dialog
    from dutyroom.gui.pages.incidents_page import TimelinessDialog
    from dutyroom.gui.report_editor import open_editor

    ctx = window.ctx  # type: ignore[attr-defined]
    store = ctx.store
    window.show_page("incidents")  # type: ignore[attr-defined]
    page = window.page("incidents")  # type: ignore[attr-defined]
    mine = store.scalar("SELECT id FROM incident WHERE title LIKE '%透水%'")
    page.select_incident(mine)
    _save(window, app, outdir / "03a-officer-incidents.png", shots)
    page.detail.tabs.setCurrentIndex(1)
    _save(window, app, outdir / "03b-officer-incident-reports.png", shots)
    page.detail.tabs.setCurrentIndex(0)
    intake_dialog = IntakeDialog(ctx, window)
    intake_dialog.form.inputs["reporter_unit"].set("龙潭镇应急办")
    intake_dialog.form.inputs["reporter_name"].set("彭志远")
    intake_dialog.form.inputs["category"].set("事故灾难")
    intake_dialog.form.inputs["subtype"].set_choices(("建筑施工事故",))  # type: ignore[attr-defined]
    intake_dialog.form.inputs["subtype"].set("建筑施工事故")
    intake_dialog.form.inputs["dead"].set(3)
    intake_dialog.form.inputs["trapped"].set(2)
    intake_dialog.update_preview()
    _save(intake_dialog, app, outdir / "03c-intake-dialog.png", shots)
    intake_dialog.close()
    draft = store.scalar("SELECT id FROM incident_report WHERE status = 'draft' AND form = 'special' LIMIT 1")
    if draft:
        editor = open_editor(ctx, draft, window)
        _save(editor, app, outdir / "03d-report-draft.png", shots)
        editor.close()
    loss = store.scalar("SELECT id FROM incident_report WHERE form = 'disaster' ORDER BY id DESC LIMIT 1")
    if loss:
        editor = open_editor(ctx, loss, window)
        _save(editor, app, outdir / "03e-disaster-report.png", shots)
        editor.close()
    obligation = store.row("SELECT * FROM incident_obligation WHERE status = 'open' ORDER BY due_at LIMIT 1")
    if obligation:
        dialog = meet_dialog(ctx, dict(obligation), window)
        dialog.adjustSize()
        _save(dialog, app, outdir / "03f-meet-obligation.png", shots)
        dialog.close()
    stats = TimelinessDialog(ctx, window)
    _save(stats, app, outdir / "03g-timeliness.png", shots)
    stats.close()
    window.show_page("today")  # type: ignore[attr-defined]
