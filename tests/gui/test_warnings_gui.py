"""预警叫应 on screen: the call screen driven by the keyboard alone, the board on 今日值班 with its alarm, the
warnings page (登记预警, 变更, 解除, 广播, 到岗, 台账), the 叫应规则 page."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog

from dutyroom.contacts import people
from dutyroom.gui.warnings.board_panel import WarningBoard
from dutyroom.gui.warnings.call_screen import CallScreen
from dutyroom.warnings import calls, records
from tests.incident_helpers import session_as
from tests.pdfcheck import read_pdf, squeeze
from tests.warning_helpers import enter, leader_on_duty, pair, targets


@pytest.fixture(autouse=True)
def _no_tray(monkeypatch):
    from PySide6.QtWidgets import QSystemTrayIcon

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))


@pytest.fixture
def quiet(demo_store, clock):
    """Nobody away (the demo's away people would put their B角 first), the demo's warnings out of the way."""
    office = session_as(demo_store, clock, "bangongshi")
    for (person_id,) in demo_store.rows("SELECT id FROM person WHERE away_from IS NOT NULL"):
        people.clear_away(office, person_id)
    chief = session_as(demo_store, clock, "zhibanzhang")
    for (warning_id,) in demo_store.rows("SELECT id FROM warning WHERE voided_at IS NULL"):
        records.void_warning(chief, warning_id, "测试前清空")


def key(widget, code: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(widget, code, modifier)


def test_the_call_screen_is_worked_by_the_keyboard(login_as, demo_store, clock, quiet, monkeypatch) -> None:
    window = login_as("zhiban")
    officer = window.ctx.session
    pair(demo_store, clock, "龙浩胜", "石超国")
    relayed = enter(officer)
    screen = CallScreen(window.ctx, relayed.notice_id, window)
    leader = leader_on_duty(demo_store, clock.now())
    assert screen.name.text() == leader                                    # the 带班领导 first
    assert QApplication.clipboard().text() == screen.number.text() != ""   # the number, copied
    key(screen, Qt.Key.Key_1)                                             # 接通: the next at once
    listed = targets(demo_store, relayed.notice_id)
    assert listed[leader]["status"] == "answered" and screen.name.text() == "钟平勇"
    assert listed["钟平勇"]["claimed_by_name"] == officer.actor.display_name   # held for this officer
    numbers = [screen.number.text()]
    key(screen, Qt.Key.Key_F5)                                            # his other number
    numbers.append(screen.number.text())
    assert len(set(numbers)) == 2 and QApplication.clipboard().text() == numbers[1]
    key(screen, Qt.Key.Key_3)                                             # 占线, dialled on the second number
    attempt = demo_store.row("SELECT * FROM warning_attempt ORDER BY id DESC LIMIT 1")
    assert (attempt["result"], attempt["number"]) == ("busy", numbers[1])
    assert screen.name.text() == "邵立嘉"
    key(screen, Qt.Key.Key_N)                                             # later: put back
    assert screen.name.text() != "邵立嘉"
    assert targets(demo_store, relayed.notice_id)["邵立嘉"]["claimed_by_name"] is None
    # someone else picks up: written in 接听人 (Chinese text by setText), Enter records 接通
    current = screen.name.text()
    screen.answered_by.setText("其爱人（已叫醒本人）")
    screen.answered_by.returnPressed.emit()
    assert targets(demo_store, relayed.notice_id)[current]["answered_by"] == "其爱人（已叫醒本人）"
    # F2 changes the channel; a text message is sent, not answered
    key(screen, Qt.Key.Key_F2)
    assert screen.channel == "短信"
    texted = screen.name.text()
    key(screen, Qt.Key.Key_6)
    assert targets(demo_store, relayed.notice_id)[texted]["status"] == "notified"
    # Ctrl+Z voids the last call recorded (after asking why)
    monkeypatch.setattr("dutyroom.gui.warnings.call_screen.ask_reason", lambda *a: "按错键")
    key(screen, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert targets(demo_store, relayed.notice_id)[texted]["status"] == "pending"
    assert demo_store.scalar("SELECT void_reason FROM warning_attempt WHERE result = 'sent'") == "按错键"
    on_screen = screen.name.text()
    key(screen, Qt.Key.Key_Escape)                                        # ends: whoever is on screen is put back
    assert targets(demo_store, relayed.notice_id)[on_screen]["claimed_by_name"] is None


def test_the_screen_follows_retries_backups_and_colleagues(login_as, demo_store, clock, quiet) -> None:
    window = login_as("zhiban")
    pair(demo_store, clock, "龙浩胜", "石超国")
    relayed = enter(window.ctx.session)
    listed = targets(demo_store, relayed.notice_id)
    chief = session_as(demo_store, clock, "zhibanzhang")
    held = calls.claim(chief, listed["石思"]["id"])                      # a colleague is calling 石思
    for name in (leader_on_duty(demo_store, clock.now()), "钟平勇", "邵立嘉"):
        calls.record_call(window.ctx.session, listed[name]["id"], "answered")
    calls.claim(window.ctx.session, listed["龙浩胜"]["id"])
    screen = CallScreen(window.ctx, relayed.notice_id, window)
    assert screen.name.text() == "龙浩胜"                                # one's own held person first
    key(screen, Qt.Key.Key_2)
    assert screen.name.text() not in ("龙浩胜", "石思")
    side = [screen.queue.item(n).text() for n in range(screen.queue.count())]
    assert any(line.startswith("龙浩胜") and "后重拨" in line for line in side)
    assert any(line.startswith("石思") and f"{held['claimed_by_name']}叫应中" in line for line in side)
    clock.advance(minutes=2)
    screen.refresh_side()
    calls.record_call(window.ctx.session, listed["龙浩胜"]["id"], "no_answer")   # second try: the B角 joins
    screen.refresh_side()
    assert screen.queue.item(0).text().startswith("石超国")
    assert "已应答 2/9" in screen.progress.text() and "时限 10:05" in screen.progress.text()
    screen.reject()


def test_the_board_shows_the_warning_in_force_and_rings(login_as, demo_store, clock, quiet, qtbot,
                                                        monkeypatch) -> None:
    window = login_as("zhiban")
    window.showNormal()
    window.resize(1366, 768)                      # a duty-room laptop: the cards leave a corner free
    board = window.page("today").findChild(WarningBoard)
    assert board is not None and board.isHidden()                         # nothing in force: no room taken
    relayed = enter(window.ctx.session, level="黄色")
    board.reload()
    assert not board.isHidden() and board.compact                         # in the cards' free corner
    (row,) = board.rows
    assert row.count.text() == "已应答 0/7" and "龙浩胜" in row.silent.full_text()
    assert row.countdown.text().startswith("报带班领导 剩")                # the clock that runs out first
    ticks = [0.0]
    board.alarm.clock = lambda: ticks[0]
    clock.advance(minutes=8, seconds=30)                                   # 带班领导: 90 s left of 10 minutes
    board.tick()
    assert [(r.key[1], r.stage) for r in board.alarm.rung] == [("leader", "soon")]
    assert not row.ack.isHidden()
    qtbot.mouseClick(row.ack, Qt.MouseButton.LeftButton)
    assert tuple(demo_store.row("SELECT clock, stage FROM warning_alarm_ack")) == ("leader", "soon")
    board.reload()
    ticks[0] = 100
    board.tick()
    assert len(board.alarm.rung) == 1                                      # silenced for that stage
    opened: list = []
    monkeypatch.setattr(CallScreen, "exec", lambda self: opened.append(self.notice_id) or 0)
    board.call_first()
    assert opened == [relayed.notice_id]


def test_the_page_enters_changes_relays_and_prints(login_as, demo_store, clock, quiet, qtbot, monkeypatch, printed,
                                                   tmp_path: Path) -> None:
    from dutyroom.gui.warnings.warning_dialogs import (
        ChangeDialog,
        NewWarningDialog,
        broadcast_dialog,
        lift_dialog,
    )

    window = login_as("zhiban")
    window.show_page("warnings")
    page = window.page("warnings")
    dialog = NewWarningDialog(window.ctx, page)
    dialog.type.setCurrentText("地质灾害")
    dialog.level.setCurrentIndex(dialog.level.findData("orange"))
    dialog.towns.everywhere.setChecked(False)
    dialog.towns.boxes[demo_store.scalar("SELECT id FROM org_unit WHERE name = '松溪乡'")].setChecked(True)
    dialog.update_preview()
    assert "地质灾害橙色：逐一电话叫应" in dialog.preview.text() and "地灾群测群防员1人" in dialog.preview.text()
    assert dialog.source.text() == "县自然资源局"
    dialog.save()
    assert "请填写预警内容" in dialog.message.text()                        # refused, the form stays
    dialog.content.setPlainText("松溪乡地质灾害气象风险较高。")
    dialog.save()
    assert dialog.result() == 1 and dialog.relayed is not None
    warning_id = dialog.relayed.warning_id
    page.refresh()
    page.select_warning(warning_id)
    assert page.detail.title.text().startswith("地质灾害橙色预警")
    assert page.detail.targets.rowCount() == len(targets(demo_store, dialog.relayed.notice_id))
    change = ChangeDialog(window.ctx, page.detail.warning, page)
    change.level.setCurrentIndex(change.level.findData("red"))
    change.save()
    assert demo_store.scalar("SELECT level FROM warning WHERE id = ?", (warning_id,)) == "red"
    page.detail.show_warning(warning_id)
    broadcast = broadcast_dialog(window.ctx, page.detail.warning, page)
    broadcast.inputs["area"].setCurrentText("松溪乡/溪口村")
    broadcast.run()
    assert demo_store.scalar("SELECT area FROM warning_broadcast WHERE warning_id = ?", (warning_id,)) == "松溪乡溪口村"
    first = demo_store.scalar("SELECT id FROM warning_target WHERE notice_id = (SELECT MAX(id) FROM warning_notice)"
                              " AND kind = 'primary' ORDER BY seq")
    calls.record_call(window.ctx.session, first, "answered")
    page.detail.show_warning(warning_id)
    page.detail.target_view.selectRow(next(n for n, t in enumerate(page.detail.targets.records) if t["id"] == first))
    page.detail.arrive()
    assert demo_store.scalar("SELECT status FROM warning_target WHERE id = ?", (first,)) == "arrived"
    lift = lift_dialog(window.ctx, page.detail.warning, page)
    lift.run()
    assert demo_store.scalar("SELECT status FROM warning WHERE id = ?", (warning_id,)) == "lifted"
    saved = tmp_path / "台账.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: (str(saved), "")))
    page.detail.show_warning(warning_id)
    page.detail.print_ledger(save=True)                                   # 导出PDF…
    qtbot.waitUntil(saved.exists, timeout=20000)
    text = squeeze(read_pdf(saved.read_bytes()).text)
    assert "预警叫应台账" in text and "松溪乡溪口村" in text and "已到岗" in text
    assert page.print_primary()                                           # 打印: Ctrl+P prints the 台账
    qtbot.waitUntil(lambda: page.detail.message.text().startswith("已送往打印机"), timeout=20000)
    assert printed[0].read_bytes().startswith(b"%PDF")


def test_relay_rules_page_tries_the_rules_on_todays_book(login_as, demo_store) -> None:
    window = login_as("admin")
    window.show_page("relay_rules")
    page = window.page("relay_rules")
    page.trial_type.setCurrentText("暴雨")
    page.trial_level.setCurrentIndex(page.trial_level.findData("orange"))
    page.trial_area.setText("青石镇")
    page.run_trial()
    text = page.trial_result.text()
    assert "首先报告" in text and "村（社区）防汛责任人：4人" in text and "重拨间隔2分钟" in text
    page.setting_edits["warnings.claim_seconds"].setText("90")
    page.save_settings()
    from dutyroom import settings

    assert settings.get(demo_store, "warnings.claim_seconds") == 90
    assert "现行叫应规则" in page.versions.current.text()
