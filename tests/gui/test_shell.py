"""The main window: navigation by role, shortcuts, remembered geometry, logout, printing."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from dutyroom.auth import accounts
from dutyroom.demo.seed import demo_password
from tests.pdfcheck import ink_per_page, read_pdf


def test_admin_sees_every_working_area(login_as, qtbot) -> None:
    window = login_as("admin")
    assert window.page_keys() == ["today", "incidents", "warnings", "contacts", "roster", "staff", "stats", "rules",
                                  "relay_rules", "settings", "accounts", "audit"]
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    # Through the window system, as a real key press would come, so the shortcut map sees it.
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "relay_rules"       # the tenth page on has no Ctrl+number
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "today"


def test_office_sees_settings_and_audit_but_not_accounts(login_as) -> None:
    assert login_as("bangongshi").page_keys() == ["today", "incidents", "warnings", "dutylog", "handover", "report",
                                                  "contacts", "mine", "roster", "staff", "leave", "stats", "settings",
                                                  "audit"]


def test_every_page_of_a_many_role_account_shows_at_1366x768(controller, clock, login_as, qtbot) -> None:
    """An administrator who is also the office (a county's first account) has 17 pages: at 1366×768 the
    navigation tightens its rows rather than hiding the last pages behind a scroll bar."""
    from dutyroom.gui.screenshots import window_at
    from dutyroom.session import Session

    admin = Session(controller.store, accounts.login(controller.store, "admin", demo_password(), clock), clock)
    accounts.set_roles(admin, admin.actor.account_id, ["admin", "office", "officer", "chief", "leader"])
    window = login_as("admin")
    window_at(window, (1366, 768))
    window.show()
    navigation = window.navigation
    qtbot.waitUntil(lambda: navigation.property("compact") is True)
    assert navigation.count() >= 17
    last = navigation.visualItemRect(navigation.item(navigation.count() - 1))
    assert last.bottom() <= navigation.viewport().height()
    assert not navigation.verticalScrollBar().isVisible()
    window_at(window, (1920, 1080))
    qtbot.waitUntil(lambda: navigation.property("compact") is False)


def test_geometry_is_remembered(controller, login_as) -> None:
    # The offscreen test screen is 800 px wide, narrower than the window's minimum width,
    # so the remembered height is what shows that geometry survives a restart.
    window = login_as("zhiban")
    window.resize(1024, 699)
    window.close()
    again = login_as("zhiban")
    assert again.height() == 699


def test_logout_hands_the_desk_to_the_next_person(controller, clock, monkeypatch, login_as) -> None:
    first = login_as("zhiban")
    next_actor = accounts.login(controller.store, "zhibanzhang", demo_password(), clock)
    monkeypatch.setattr(controller, "ask_for_actor", lambda: next_actor)
    first.logout()
    assert controller.window is not None and controller.window is not first
    assert "值班长" in controller.window.user_label.text()


def test_print_week_goes_to_the_printer(login_as, qtbot, printed: list[Path]) -> None:
    window = login_as("zhiban")
    window.print_current()
    status = window.page("today").status_label
    qtbot.waitUntil(lambda: status.text().startswith("已送往打印机"), timeout=15000)
    [job] = printed
    assert read_pdf(job.read_bytes()).sizes_mm == [(297, 210)] and ink_per_page(job.read_bytes())[0] > 0.01


def test_about_box_names_version_data_file_schema_and_logs(login_as, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from dutyroom import __version__
    from dutyroom.store.migrations import available

    window = login_as("zhiban")
    shown = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda parent, title, text: shown.append((title, text))))
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    next(a for a in help_menu.actions() if a.text() == "关于 DutyRoom").trigger()
    [(title, text)] = shown
    store_path = window.ctx.store.path.absolute()
    assert title == "关于 DutyRoom"
    assert f"DutyRoom 值班室 {__version__}" in text
    assert f"数据文件：{store_path}" in text and f"数据版本：{len(available())}" in text
    assert f"日志文件夹：{store_path.parent / 'logs'}" in text
