"""Screenshots of a county's first use (called by ``dutyroom.gui.screenshots``): an empty data file, the
开通清单 on 今日值班, every step of the 开通向导 as it is done with the county's own files
(``dutyroom.demo.county_files``), the imports' previews, the first month in the planner, and the board after.

The clock stands on 20 December 2026, the day the fictional county sets up (its files cover October to
December 2026 and the 2027 holidays)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

from dutyroom.auth import accounts
from dutyroom.clock import CST, FixedClock
from dutyroom.demo.county_files import BUREAU, county_files
from dutyroom.store import open_store

Save = Callable[[QWidget, QApplication, Path, list[Path]], None]
SET_UP_ON = datetime(2026, 12, 20, 10, 0, tzinfo=CST)
SIZE = (1366, 768)


def _wait(controller: Any, app: QApplication) -> None:
    from dutyroom.gui.screenshots import settle

    controller.tasks.wait_all()
    settle(app)


def take(app: QApplication, outdir: Path, shots: list[Path], save: Save, scratch: Path) -> None:
    from dutyroom.gui.app import AppController, ui_state_settings
    from dutyroom.gui.setup.guide import SetupGuide

    folder = scratch / "county"
    folder.mkdir()
    files = county_files(folder)
    clock = FixedClock(SET_UP_ON)
    store = open_store(folder / "county.sqlite3")
    admin = accounts.create_first_admin(store, clock, username="admin", password="Admin2026ok",
                                        display_name="系统管理员")
    controller = AppController(store, clock=clock, ui_state=ui_state_settings(folder / "ui.ini"),
                               automatic_backups=False)
    controller.first_run = True              # as after the first-run dialog: the guide opens over the window
    window = controller.open_window(admin)
    assert window is not None
    from dutyroom.gui.screenshots import window_at

    window_at(window, SIZE)
    _wait(controller, app)
    guide = window.findChild(SetupGuide)
    assert guide is not None
    guide.hide()
    save(window, app, outdir / "setup-checklist.png", shots)
    guide.show()
    _walk(guide, files, controller, app, outdir, shots, save, folder)
    _first_month(guide, window, clock, controller, app, outdir, shots, save)
    window.close()
    controller.tasks.wait_all()
    store.close()


def _walk(guide: Any, files: dict[str, Path], controller: Any, app: QApplication, outdir: Path,
          shots: list[Path], save: Save, folder: Path) -> None:
    """Each step as the office does it: filled in, imported, put off, then the next (the past rosters before the
    holidays, so that the calendar step shows the year it needs)."""
    unit = guide.frames[0].body
    for key, value in (("org.name", BUREAU), ("org.county", "临江县"), ("duty.phone", "0000-6600110"),
                       ("duty.fax", "0000-6600119")):
        unit.edits[key].setText(value)
    save(guide, app, outdir / "setup-1-unit.png", shots)
    guide.next()
    save(guide, app, outdir / "setup-2-contacts.png", shots)
    guide.skip()
    staff = guide.frames[2].body
    preview = staff.import_staff(files["staff"])
    _wait(controller, app)
    preview.resize(1200, 640)
    preview.table.scrollToBottom()          # the person listed twice and the row refused, with the reason
    save(preview, app, outdir / "setup-3-staff-import.png", shots)
    preview.run_import()
    _wait(controller, app)
    preview.close()
    staff.editor.select_ids({r["id"] for r in staff.editor.records[8:11]})
    save(guide, app, outdir / "setup-3-staff.png", shots)
    guide.next()
    save(guide, app, outdir / "setup-4-accounts.png", shots)
    guide.frames[3].body.panel.create_accounts(folder / "账户通知单.pdf")
    _wait(controller, app)
    guide.go(5)              # the past rosters first: with December in, the next month to roster is January 2027
    history = guide.frames[5].body.panel.import_file(files["history"])
    _wait(controller, app)
    history.resize(1100, 560)
    save(history, app, outdir / "setup-6-history-import.png", shots)
    history.run_import()
    _wait(controller, app)
    history.close()
    save(guide, app, outdir / "setup-6-history.png", shots)
    guide.go(4)              # … whose year's holidays are not entered yet
    save(guide, app, outdir / "setup-5-calendar.png", shots)
    guide.frames[4].body.import_file(files["calendar"])
    save(guide, app, outdir / "setup-5-calendar-imported.png", shots)
    guide.go(6)
    save(guide, app, outdir / "setup-7-first-month.png", shots)


def _first_month(guide: Any, window: Any, clock: FixedClock, controller: Any, app: QApplication, outdir: Path,
                 shots: list[Path], save: Save) -> None:
    """The last step opens the planner on January 2027: generated, published, and 今日值班 on New Year's Day."""
    from dutyroom.roster import publishing
    from dutyroom.roster.planning import month_range

    guide.frames[6].body.open_roster()
    roster = window.page("roster")
    roster.generate()
    _wait(controller, app)
    roster.refresh()
    save(window, app, outdir / "setup-7-roster-generated.png", shots)
    publishing.publish(window.ctx.session, *month_range(roster.year, roster.month))
    clock.set(datetime(2027, 1, 1, 9, 0, tzinfo=CST))
    window.show_page("today")
    window.page("today").refresh()
    _wait(controller, app)
    save(window, app, outdir / "setup-done-today.png", shots)
