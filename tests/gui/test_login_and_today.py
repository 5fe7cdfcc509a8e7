"""Log in, land on 今日值班, see the right people; empty states are explained."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from dutyroom.demo.seed import demo_password
from dutyroom.duty.board import today_board
from dutyroom.gui.auth.login import LoginDialog
from dutyroom.gui.duty.today_page import DutyCard


def press_ok(dialog: LoginDialog, qtbot) -> None:
    qtbot.mouseClick(dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_login_dialog_accepts_demo_officer(app, demo_store, clock, qtbot) -> None:
    dialog = LoginDialog(demo_store, clock, org_name="示例县应急管理局", hint="演示")
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.ui.usernameEdit, "zhiban")
    qtbot.keyClicks(dialog.ui.passwordEdit, demo_password())
    press_ok(dialog, qtbot)
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.roles == frozenset({"officer"})


def test_login_dialog_refuses_and_then_slows_down(app, demo_store, clock, qtbot) -> None:
    dialog = LoginDialog(demo_store, clock)
    qtbot.addWidget(dialog)
    dialog.ui.usernameEdit.setText("zhiban")
    ok = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok)
    for _ in range(3):
        dialog.ui.passwordEdit.setText("wrong-pass1")
        press_ok(dialog, qtbot)
        assert "用户名或密码错误" in dialog.ui.messageLabel.text()
        assert dialog.ui.passwordEdit.text() == ""
    dialog.ui.passwordEdit.setText(demo_password())
    press_ok(dialog, qtbot)
    assert "秒后再试" in dialog.ui.messageLabel.text()
    assert not ok.isEnabled() and dialog.actor is None


def card_names(window) -> list[str]:
    page = window.page("today")
    return [card.member.name for card in page.findChildren(DutyCard) if card.member is not None]


def test_officer_lands_on_today_with_current_shift(login_as, demo_store, clock) -> None:
    window = login_as("zhiban")
    assert window.page_keys() == ["today", "incidents", "warnings", "dutylog", "handover", "report", "contacts", "mine",
                                  "stats"]
    assert window.current_key() == "today"
    board = today_board(demo_store, clock.now())
    assert sorted(card_names(window)) == sorted(m.name for m in board.current.members)
    page = window.page("today")
    assert "11月24日 08:30 — 11月25日 08:30" in page.shift_label.text()
    assert page.empty_label.isHidden()
    labels = " ".join(label.text() for label in page.findChildren(QLabel))
    for member in board.next.members:
        assert member.name in labels
    assert "视频点名" in labels
    assert "苏宇琪" in window.user_label.text() and "值班员" in window.user_label.text()
    assert str(demo_store.path) in window.file_label.text()


def test_empty_shift_shows_the_setup_checklist_until_setup_is_done(app, store, clock, tmp_path: Path) -> None:
    from dutyroom.auth import accounts
    from dutyroom.gui.app import AppController, ui_state_settings
    from dutyroom.session import Session
    from dutyroom.setup.steps import setup_progress, skip_step

    actor = accounts.create_first_admin(store, clock, username="admin", password="Admin2026x", display_name="管理员")
    controller = AppController(store, clock=clock, ui_state=ui_state_settings(tmp_path / "ui.ini"))
    window = controller.open_window(actor)
    page = window.page("today")
    remaining = [s.key for s in setup_progress(store, clock.now().date()).remaining]
    assert page.empty_label.isHidden() and page.checklist.isVisibleTo(page)
    assert list(page.checklist.links) == remaining and "staff" in remaining
    assert f"还有{len(remaining)}步" in page.checklist.heading.text()
    assert not page.findChildren(DutyCard)
    # Every step put off: the plain empty shift, explained.
    admin = Session(store, actor, clock)
    for key in remaining:
        skip_step(admin, key)
    assert not page.empty_label.isHidden() and "本班次尚未排班" in page.empty_label.text()
    assert page.checklist.isHidden()
    assert all(card.member is None for card in page.findChildren(DutyCard))
    texts = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "下一班次尚未排班" in texts and "本班次还没有值班记录" in texts
    window.close()


def test_board_follows_data_changes_and_clock(login_as, controller, clock) -> None:
    from dutyroom import org

    window = login_as("bangongshi")
    page = window.page("today")
    leader = page.board.current.by_role("leader")[0]
    from dutyroom.session import Session

    office = Session(controller.store, window.ctx.session.actor, clock)
    org.update_person(office, leader.person_id, name="改名领导")
    assert "改名领导" in card_names(window)
    clock.advance(days=1)
    page.tick()
    assert page.board.current.shift.duty_date.isoformat() == "2026-11-25"


def test_today_shows_day_and_night_officers_and_who_is_on_now(login_as, controller, clock) -> None:
    from datetime import date

    from dutyroom.demo.officer_split import switch_to_officer_split

    store = controller.store
    switch_to_officer_split(store, clock, date(2026, 11, 24), date(2026, 11, 30))
    window = login_as("zhiban")
    page = window.page("today")
    board = today_board(store, clock.now())
    assert board.current.split
    officers = [c for c in page.findChildren(DutyCard) if c.property("role") == "officer"]
    assert len(officers) == 4
    on_now = [c.member.name for c in officers if c.on_now]
    assert sorted(on_now) == sorted(m.name for m in board.current.by_part("officer", "day"))
    assert sorted(c.member.name for c in officers if c.on_now is False) == \
        sorted(m.name for m in board.current.by_part("officer", "night"))
    texts = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "值班员 · 白班 08:30–17:30" in texts and "值班员 · 夜班 17:30–次日08:30" in texts and "当班" in texts
    assert "现为白班" in page.shift_label.text()
    assert "值班员（夜班）" in texts          # the next shift lists its parts too
    assert "值班员白班 08:30–17:30" in window.shift_label.text()
    # At 17:30 the night part takes over without a reload by hand.
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    clock.advance(hours=8)
    page.tick()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert "现为夜班" in page.shift_label.text()
    officers = [c for c in page.findChildren(DutyCard) if c.property("role") == "officer" and c.on_now]
    assert sorted(c.member.name for c in officers) == sorted(m.name for m in board.current.by_part("officer", "night"))
