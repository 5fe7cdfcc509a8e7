"""Screenshots of the 值班排班 screens (called by ``dutyroom.gui.screenshots``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from dutyroom.auth import accounts
from dutyroom.clock import Clock
from dutyroom.demo.seed import demo_password

Save = Callable[[QWidget, QApplication, Path, list[Path]], None]


def take(controller: Any, store: Any, clock: Clock, app: QApplication, outdir: Path, shots: list[Path],
         save: Save, size: tuple[int, int]) -> None:
    """The office's planner: a published month, a generated one, a cell's menu, the settings dialogs, 串班/代班."""
    from dutyroom.gui.roster import setup_dialogs as dialogs
    from dutyroom.gui.roster.change_dialog import ChangeDialog
    from dutyroom.gui.screenshots import settle

    window = controller.open_window(accounts.login(store, "bangongshi", demo_password(), clock))
    assert window is not None
    from dutyroom.gui.screenshots import window_at

    window_at(window, size)
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
