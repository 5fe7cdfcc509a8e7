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
    from dutyroom.gui.roster.wishes_dialog import WishesDialog
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
                          ("periods", dialogs.PeriodDialog), ("rules", dialogs.RulesDialog), ("wishes", WishesDialog)):
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
    take_leave(controller, store, app, outdir, shots, save, size)


def take_leave(controller: Any, store: Any, app: QApplication, outdir: Path, shots: list[Path], save: Save,
               size: tuple[int, int]) -> None:
    """Leave (issue 17): an officer's request on 我的值班, the office's 请假审批 after approving it (the duty flagged
    with its proposed 代班, the next seven days); before them the officer's duty reminder the day before."""
    from datetime import datetime, time, timedelta

    from dutyroom.clock import CST, FixedClock
    from dutyroom.gui.kit.dates import to_qdate
    from dutyroom.gui.roster.leave_dialog import LeaveDialog

    person = store.scalar("SELECT person_id FROM account WHERE username = 'zhiban'")
    today = controller.clock.now().date()
    ahead = store.rows("SELECT duty_date FROM duty_assignment a WHERE person_id = ? AND voided_at IS NULL"
                       " AND duty_date > ? AND NOT EXISTS (SELECT 1 FROM roster_change c WHERE c.status = 'pending'"
                       " AND a.id IN (c.first_assignment_id, c.second_assignment_id)) ORDER BY duty_date",
                       (person, today.isoformat()))
    if not ahead:
        return
    day = datetime.fromisoformat(ahead[0][0]).date()
    # The reminder first: the officer's next duty, seen at 09:00 the day before (reading only).
    eve = FixedClock(datetime.combine(day - timedelta(days=1), time(9, 0), CST))
    original, controller.clock = controller.clock, eve
    try:
        window = controller.open_window(accounts.login(store, "zhiban", demo_password(), eve))
        assert window is not None
        window.resize(*size)
        save(window, app, outdir / f"{len(shots) + 1:02d}-duty-reminder.png", shots)
        window.close()
    finally:
        controller.clock = original
    window = controller.open_window(accounts.login(store, "zhiban", demo_password(), controller.clock))
    assert window is not None
    window.resize(*size)
    window.show_page("mine")
    dialog = LeaveDialog(window.ctx, window, person_id=person)
    dialog.start.setDate(to_qdate(day))
    dialog.end.setDate(to_qdate(day + timedelta(days=1)))
    dialog.reason.setPlainText("家中老人住院，需陪护两天")
    dialog.adjustSize()
    save(dialog, app, outdir / f"{len(shots) + 1:02d}-leave-request.png", shots)
    dialog.submit()
    page: Any = window.page("mine")
    page.requests.setCurrentWidget(page.leave_view)
    save(window, app, outdir / f"{len(shots) + 1:02d}-officer-my-leave.png", shots)
    window.close()
    window = controller.open_window(accounts.login(store, "bangongshi", demo_password(), controller.clock))
    assert window is not None
    window.resize(*size)
    window.show_page("leave")
    approvals: Any = window.page("leave")
    approvals._select(dialog.request_id)
    approvals.approve()
    save(window, app, outdir / f"{len(shots) + 1:02d}-office-leave-approval.png", shots)
    window.close()
