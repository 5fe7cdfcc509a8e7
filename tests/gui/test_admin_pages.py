"""Settings, accounts and audit pages do their jobs through the core operations."""

from __future__ import annotations

from dutyroom import settings
from dutyroom.auth import accounts
from dutyroom.gui.admin.audit_page import LIMIT
from dutyroom.gui.auth.account_dialog import AccountDialog


def test_settings_page_refuses_bad_time_and_saves_good(login_as, controller) -> None:
    window = login_as("admin")
    window.show_page("settings")
    page = window.page("settings")
    page.edits["duty.handover_time"].setText("25:00")
    page.save()
    assert "时:分" in page.message.text() and page.message.property("error") is True
    assert settings.get(controller.store, "duty.handover_time") == "08:30"
    page.edits["duty.handover_time"].setText("09:00")
    page.edits["duty.phone"].setText("0000-6600999")
    page.save()
    assert page.message.text() == "已保存。"
    assert settings.get(controller.store, "duty.phone") == "0000-6600999"
    window.show_page("today")
    assert "交接班 09:00" in window.page("today").shift_label.text()


def test_account_dialog_creates_account(login_as, controller, clock) -> None:
    window = login_as("admin")
    window.show_page("accounts")
    page = window.page("accounts")
    rows_before = page.model.rowCount()
    dialog = AccountDialog(window.ctx, parent=window)
    dialog.username.setText("newofficer")
    dialog.person.setCurrentIndex(3)
    dialog.role_boxes["officer"].setChecked(True)
    dialog.password.setText("Temp2026xy")
    dialog.save()
    assert dialog.result() == AccountDialog.DialogCode.Accepted
    actor = accounts.login(controller.store, "newofficer", "Temp2026xy", clock)
    assert actor.roles == frozenset({"officer"}) and actor.person_id is not None
    assert accounts.must_change_password(controller.store, actor.account_id)
    assert page.model.rowCount() == rows_before + 1


def test_account_dialog_shows_refusal(login_as) -> None:
    window = login_as("admin")
    dialog = AccountDialog(window.ctx, parent=window)
    dialog.username.setText("x")
    dialog.save()
    assert "用户名" in dialog.message.text() and dialog.result() != AccountDialog.DialogCode.Accepted


def test_audit_page_lists_and_verifies(login_as, qtbot) -> None:
    window = login_as("admin")
    window.show_page("audit")
    page = window.page("audit")
    total = window.ctx.store.scalar("SELECT COUNT(*) FROM audit_log")
    assert total > 400 and page.model.rowCount() == min(total, LIMIT)
    assert page.model.record(0)["op"] == "auth.login"
    page.filter.setText("登录")
    page.reload()
    assert all(r["op"].startswith("auth.") for r in page.model.records)
    page.verify()
    qtbot.waitUntil(lambda: "审计链完整" in page.message.text(), timeout=10000)
