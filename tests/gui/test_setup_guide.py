"""开通向导: it opens after the first administrator, every step is walked on an empty file with the county's own
files (one put off), a refusal keeps the guide on its step, and 今日值班 lists what is left (开通清单) — each
step a link that opens the guide on it — until nothing is."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from dutyroom import settings
from dutyroom.auth import accounts
from dutyroom.clock import CST, FixedClock
from dutyroom.demo.county_files import BUREAU, county_files
from dutyroom.gui.duty.board_parts import DutyCard
from dutyroom.gui.setup.guide import SetupGuide
from dutyroom.setup.steps import STEP_KEYS, setup_progress

SET_UP_ON = datetime(2026, 12, 20, 10, 0, tzinfo=CST)


@pytest.fixture
def first_start(app, store, tmp_path: Path):
    """A new data file right after the first-run dialog made its administrator: the window with the guide."""
    from dutyroom.gui.app import AppController, ui_state_settings

    clock = FixedClock(SET_UP_ON)
    admin = accounts.create_first_admin(store, clock, username="admin", password="Admin2026ok", display_name="管理员")
    controller = AppController(store, clock=clock, ui_state=ui_state_settings(tmp_path / "ui.ini"),
                               automatic_backups=False)
    controller.first_run = True
    window = controller.open_window(admin)
    QApplication.processEvents()
    yield controller, window
    controller.tasks.wait_all()
    window.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_guide_opens_after_the_first_administrator_and_every_step_can_be_done(first_start, qtbot, monkeypatch,
                                                                               tmp_path: Path) -> None:
    controller, window = first_start
    store = controller.store
    guide = window.findChild(SetupGuide)
    assert guide is not None and guide.isVisible() and guide.current_key == "unit"
    today = window.page("today")
    assert today.checklist.isVisibleTo(today) and "unit" in today.checklist.links
    files = county_files(tmp_path)
    # 1 本单位: a wrong time is refused and the guide stays; then saved
    unit = guide.frames[0].body
    unit.edits["org.name"].setText(BUREAU)
    unit.edits["duty.phone"].setText("0000-6600110")
    unit.edits["duty.handover_time"].setText("25:61")
    assert not guide.next() and guide.current_key == "unit" and guide.message.text()
    unit.edits["duty.handover_time"].setText("08:30")
    unit.split.setChecked(True)
    assert guide.next() and guide.current_key == "contacts"
    assert settings.get(store, "org.name") == BUREAU and settings.get(store, "roster.officer_split") is True
    assert BUREAU in window.windowTitle()
    # 2 通讯录: put off
    assert guide.skip() and guide.current_key == "staff"
    assert guide.progress.step("contacts").status == "skipped"
    # 3 值班人员: the staff list through its preview
    preview = guide.frames[2].body.import_staff(files["staff"])
    qtbot.waitUntil(lambda: preview.plan is not None, timeout=15000)
    preview.run_import()
    qtbot.waitUntil(lambda: preview.result is not None, timeout=15000)
    preview.close()
    assert guide.progress.step("staff").status == "done"
    assert guide.frames[2].body.editor.model.rowCount() > 40
    assert guide.next() and guide.current_key == "accounts"
    # 4 账户
    panel = guide.frames[3].body.panel
    panel.create_accounts(tmp_path / "账户通知单.pdf")
    qtbot.waitUntil(lambda: guide.progress.step("accounts").status == "done", timeout=30000)
    # 6 历史排班 first (December then counts as rostered: the next month is January 2027) …
    guide.go(STEP_KEYS.index("history"))
    history = guide.frames[5].body.panel.import_file(files["history"])
    qtbot.waitUntil(lambda: history.plan is not None, timeout=15000)
    history.run_import()
    qtbot.waitUntil(lambda: history.result is not None, timeout=15000)
    history.close()
    assert guide.progress.month == (2027, 1)
    # 5 … whose holidays the calendar lacks until the file is imported
    guide.go(STEP_KEYS.index("calendar"))
    calendar = guide.frames[4].body
    assert guide.progress.step("calendar").status == "todo" and "2027年" in calendar.years.text()
    assert calendar.import_file(files["calendar"]) == 2027
    assert guide.progress.step("calendar").status == "done" and "春节" in calendar.arrangement.text()
    # 7 the first month: the planner on January 2027
    guide.go(STEP_KEYS.index("first_month"))
    assert "2027年1月" in guide.frames[6].body.open_button.text()
    guide.frames[6].body.open_roster()
    assert not guide.isVisible() and window.current_key() == "roster"
    roster = window.page("roster")
    assert (roster.year, roster.month) == (2027, 1)
    roster.generate()
    qtbot.waitUntil(lambda: "已生成" in roster.message.text(), timeout=60000)
    roster.refresh()
    assert roster.quality.uncovered == []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    assert roster.publish()                                       # 发布… as the office does it
    progress = setup_progress(store, SET_UP_ON.date())
    assert progress.finished and [s.key for s in progress.steps if s.status == "skipped"] == ["contacts"]
    # 今日值班: no 开通清单 any more, the shift's people (December's from the past rosters)
    window.show_page("today")
    today.refresh()
    assert today.checklist.isHidden() and not today.cards_host.isHidden()
    assert all(card.member is not None for card in today.findChildren(DutyCard) if card.isVisibleTo(today))


def test_checklist_links_open_the_guide_on_their_step(first_start) -> None:
    controller, window = first_start
    opened = window.findChild(SetupGuide)
    opened.close()
    page = window.page("today")
    remaining = [s.key for s in setup_progress(controller.store, SET_UP_ON.date()).remaining]
    assert list(page.checklist.links) == remaining
    page.checklist.links["accounts"].click()
    guides = [g for g in window.findChildren(SetupGuide) if g.isVisible()]
    assert len(guides) == 1 and guides[0].current_key == "accounts"
    assert guides[0].frames[3].body.panel.model.rowCount() == 0       # nobody to make an account for yet
    assert "先设置值班人员" in guides[0].frames[3].facts.text()
    guides[0].close()
    # 系统设置 opens it too, on the first step not done.
    window.show_page("settings")
    guide = window.page("settings").open_guide()
    assert guide.current_key == "unit"
    guide.close()


def test_a_step_put_off_can_be_put_back(first_start) -> None:
    controller, window = first_start
    guide = window.findChild(SetupGuide)
    guide.go(STEP_KEYS.index("history"))
    assert guide.skip_button.text() == "以后再做" and guide.skip()
    guide.go(STEP_KEYS.index("history"))
    assert guide.skip_button.text() == "放回开通清单"
    assert guide.skip() and guide.progress.step("history").status == "todo"
    assert "history" in window.page("today").checklist.links
