"""Screenshots of the 值班排班 screens, with and without the officer day/night split (called by
``dutyroom.gui.screenshots``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from dutyroom.auth import accounts
from dutyroom.clock import Clock
from dutyroom.demo.seed import demo_password
from dutyroom.store import open_store

Save = Callable[[QWidget, QApplication, Path, list[Path]], None]


def open_as(controller: Any, store: Any, username: str, clock: Clock, size: tuple[int, int]) -> Any:
    """The main window of a demo account, at the screenshot size."""
    window = controller.open_window(accounts.login(store, username, demo_password(), clock))
    assert window is not None
    window.resize(*size)
    return window


def take(controller: Any, store: Any, clock: Clock, app: QApplication, outdir: Path, shots: list[Path],
         save: Save, size: tuple[int, int]) -> None:
    """The office's planner: a published month, a generated one, a cell's menu, the settings dialogs, 串班/代班."""
    from dutyroom.gui.roster import setup_dialogs as dialogs
    from dutyroom.gui.roster.change_dialog import ChangeDialog
    from dutyroom.gui.screenshots import settle

    window = open_as(controller, store, "bangongshi", clock, size)
    window.show_page("roster")
    page = window.page("roster")
    today = clock.now().date()
    page.set_month(today.year, today.month)
    page.side.setCurrentIndex(1)
    save(window, app, outdir / f"{len(shots) + 1:02d}-office-roster-published.png", shots)
    page.move_month(1)
    page.side.setCurrentIndex(0)
    page.generate()
    controller.tasks.wait_all()
    settle(app)
    save(window, app, outdir / f"{len(shots) + 1:02d}-office-roster-next-month.png", shots)
    key = next(k for k in sorted(page.model.cells) if k[1] == "officer")
    menu = page.cell_menu(key)
    menu.adjustSize()
    save(menu, app, outdir / f"{len(shots) + 1:02d}-roster-cell-menu.png", shots)
    for name, factory in (("holidays", dialogs.HolidayDialog), ("absences", dialogs.AbsenceDialog),
                          ("periods", dialogs.PeriodDialog), ("rules", dialogs.RulesDialog)):
        dialog = factory(window.ctx, window)
        dialog.adjustSize()
        save(dialog, app, outdir / f"{len(shots) + 1:02d}-roster-{name}.png", shots)
    current = next(iter(page.model.current.values()), None)
    page.set_month(today.year, today.month)
    current = next(v for k, v in sorted(page.model.current.items()) if k[0] > today)
    change = ChangeDialog(window.ctx, current, window)
    change.adjustSize()
    save(change, app, outdir / f"{len(shots) + 1:02d}-roster-change.png", shots)
    window.close()


def take_officer_split(store: Any, clock: Clock, app: QApplication, folder: Path, outdir: Path, shots: list[Path],
                       save: Save, size: tuple[int, int]) -> None:
    """The officer day/night split on a copy of the demo data: 今日值班 with 白班/夜班 cards, the planner grid."""
    import sqlite3

    from dutyroom.demo.officer_split import switch_to_officer_split
    from dutyroom.gui.app import AppController, ui_state_settings
    from dutyroom.gui.screenshots import settle
    from dutyroom.roster.planning import month_range

    path = folder / "demo-split.sqlite3"
    target = sqlite3.connect(path)
    store.conn.backup(target)
    target.close()
    copy = open_store(path)
    today = clock.now().date()
    switch_to_officer_split(copy, clock, today, month_range(today.year, today.month)[1])
    controller = AppController(copy, clock=clock, demo=True, ui_state=ui_state_settings(folder / "ui-split.ini"))
    window = open_as(controller, copy, "zhiban", clock, size)
    save(window, app, outdir / f"{len(shots) + 1:02d}-officer-today-split.png", shots)
    window.close()
    window = open_as(controller, copy, "bangongshi", clock, size)
    window.show_page("roster")
    page = window.page("roster")
    page.set_month(today.year, today.month)
    page.move_month(1)
    page.generate()
    controller.tasks.wait_all()
    settle(app)
    save(window, app, outdir / f"{len(shots) + 1:02d}-office-roster-split.png", shots)
    window.close()
    controller.tasks.wait_all()
    copy.close()
