"""数据备份 in the GUI: the page lists copies and backs up in a child process, the restore preview compares and
refuses, a restore reopens the file and asks for a login, a damaged file is explained and never written, a
new file is made only when the user agrees, a busy data file keeps what was typed and offers 重试."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton

from dutyroom import settings
from dutyroom.auth import accounts
from dutyroom.backup import restore
from dutyroom.demo.seed import demo_password
from dutyroom.dutylog.drafts import DraftStore
from dutyroom.errors import DamagedFile
from dutyroom.gui.backup import data_file, restore_dialog
from dutyroom.gui.backup.restore_dialog import RestoreChoice, RestoreDialog
from dutyroom.gui.dutylog.entry_dialog import EntryDialog
from dutyroom.gui.kit.tasks import TaskRunner
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import backup as copies
from dutyroom.store import open_store
from tests.conftest import NOW
from tests.damage import flip_btree_page


def backup_page(window):
    window.show_page("settings")
    page = window.page("settings")
    page.go_to(tab="backup")
    assert page.tabs.currentWidget() is page.backup_panel
    return page.backup_panel


def table_texts(table) -> dict[str, tuple[str, str]]:
    return {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())}


def test_backup_page_backs_up_in_the_background_and_keeps_its_settings(login_as, controller, qtbot,
                                                                       tmp_path: Path) -> None:
    window = login_as("admin")
    panel = backup_page(window)
    qtbot.waitUntil(lambda: panel.shelf is not None)
    assert panel.model.rowCount() == 0 and "还没有校验通过的备份" in panel.state_label.text()
    panel.backup_now()
    assert "正在后台备份" in panel.message.text()            # returned at once: the copy is made by a child process
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1, timeout=30_000)
    made = panel.model.record(0)["copy"]
    assert made.verified and made.kind == "manual" and made.path.parent == copies.folder_for(controller.store.path)
    assert "已备份" in panel.message.text() and "校验通过" in panel.message.text()
    assert panel.model.data(panel.model.index(0, 3)) == "通过" and panel.model.data(panel.model.index(0, 5)) == "本机"
    qtbot.waitUntil(lambda: controller.backups.warnings == [])
    stick = tmp_path / "stick"
    stick.mkdir()
    panel.second_folder.setText(str(stick))
    panel.warn_days.setValue(5)
    panel.save_settings()
    assert panel.settings_message.text() == "备份设置已保存。"
    assert settings.get_many(controller.store, "backup.second_folder", "backup.warn_days") == {
        "backup.second_folder": str(stick), "backup.warn_days": 5}
    qtbot.waitUntil(lambda: "可以访问" in panel.second_state.text())
    panel.second_folder.setText("备份")                        # not a whole path: refused, nothing saved
    panel.save_settings()
    assert "完整的文件夹路径" in panel.settings_message.text()
    assert settings.get(controller.store, "backup.second_folder") == str(stick)


def test_restore_preview_compares_and_checks_the_password_in_the_copy(login_as, controller, qtbot,
                                                                      monkeypatch) -> None:
    window = login_as("admin")
    copy = copies.take_copy(controller.store.path, copies.folder_for(controller.store.path), "manual", now=NOW)
    dialog = RestoreDialog(controller.store.path, copy, controller.tasks, window)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    rows = table_texts(dialog.table)
    entries = controller.store.scalar("SELECT COUNT(*) FROM duty_log_entry")
    assert rows["值班日志"] == (f"{entries:,}", f"{entries:,}")
    assert rows["审计位置"][1] == f"第 {copy.audit.seq} 条（{copy.audit.hash[:12]}）"
    assert "校验通过" in dialog.check_label.text() and dialog.restore_button.isEnabled()
    dialog.username.setText("admin")
    dialog.password.setText("wrong-pass-1")
    dialog.run()
    assert "用户名或密码不正确" in dialog.message.text() and "按备份" in dialog.message.text()
    dialog.username.setText("zhiban")                          # an officer of the copy may not restore
    dialog.password.setText(demo_password())
    dialog.run()
    assert "只有管理员" in dialog.message.text() and dialog.actor is None
    monkeypatch.setattr(restore_dialog, "confirm", lambda *a, **k: True)
    dialog.username.setText("admin")
    dialog.run()
    assert dialog.result() == RestoreDialog.DialogCode.Accepted
    assert dialog.choice().actor.username == "admin" and dialog.choice().copy == copy


def test_a_damaged_copy_is_refused_with_its_reason(login_as, controller, qtbot) -> None:
    window = login_as("admin")
    copy = copies.take_copy(controller.store.path, copies.folder_for(controller.store.path), "manual", now=NOW)
    with copy.path.open("r+b") as handle:            # one flipped byte on the stick since the copy was made
        handle.seek(copy.bytes // 2)
        byte = handle.read(1)
        handle.seek(copy.bytes // 2)
        handle.write(bytes([byte[0] ^ 0x55]))
    dialog = RestoreDialog(controller.store.path, copy, controller.tasks, window)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=20_000)
    assert "未通过校验" in dialog.check_label.text() and "不能用于恢复" in dialog.check_label.text()
    assert dialog.check_label.property("error") is True and not dialog.restore_button.isEnabled()


def test_restore_reopens_the_file_and_asks_for_a_login(login_as, controller, qtbot, clock, monkeypatch) -> None:
    window = login_as("admin")
    path = controller.store.path
    copy = copies.take_copy(path, copies.folder_for(path), "manual", now=NOW)
    settings.set_value(window.ctx.session, "duty.phone", "0000-1111111")          # after the copy
    admin = restore.actor_in_copy(copy.path, "admin", demo_password())
    choice = RestoreChoice(copy, admin, restore.preview(path, copy.path))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    logins: list[str] = []

    def log_in_again():
        logins.append(str(controller.store.path))
        return accounts.login(controller.store, "admin", demo_password(), clock)

    monkeypatch.setattr(controller, "ask_for_actor", log_in_again)
    old_store = controller.store
    controller.restore_from(choice)
    try:
        assert controller.store is not old_store and logins == [str(path)]
        assert controller.window is not None and controller.window is not window
        assert settings.get(controller.store, "duty.phone") != "0000-1111111"        # the copy's value is back
        last = controller.store.row("SELECT op, actor_name FROM audit_log WHERE op = 'backup.restore'")
        assert last["actor_name"] == admin.display_name
        assert "已用备份" in told[0] and "请重新登录" in told[0]
        assert copies.read_manifest(next(copies.folder_for(path).glob("*pre-restore*.sqlite3"))).verified
    finally:
        controller.window.close()
        controller.window = None
        controller.tasks.wait_all()
        controller.store.close()


def test_a_damaged_file_is_explained_never_written_and_restored_from_the_newest_copy(
        app, demo_file: Path, qtbot, monkeypatch, clock) -> None:
    copy = copies.take_copy(demo_file, copies.folder_for(demo_file), "manual", now=NOW)
    flip_btree_page(demo_file, "account")
    damaged = demo_file.read_bytes()
    with pytest.raises(DamagedFile) as refused:
        open_store(demo_file, create=False, check="background")
    dialog = data_file.DamagedFileDialog(refused.value)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert dialog.newest == copy and dialog.newest_button.isEnabled()
    assert "未通过完整性检查，不能使用" in texts and refused.value.problem in texts and copy.path.name in texts
    offered: list[DamagedFile] = []
    monkeypatch.setattr(data_file, "choose_restore", lambda error, tasks, *a, **k: offered.append(error))
    tasks = TaskRunner()
    assert data_file.open_data_file(demo_file, create_folder=False, create=False, clock=clock, tasks=tasks) is None
    assert offered[0].newest_copy == copy and demo_file.read_bytes() == damaged
    assert sorted(p.name for p in demo_file.parent.iterdir()) == ["backups", demo_file.name]   # no -wal, no -shm

    admin = restore.actor_in_copy(copy.path, "admin", demo_password())
    choice = RestoreChoice(copy, admin, restore.preview(demo_file, copy.path))
    monkeypatch.setattr(data_file, "choose_restore", lambda error, tasks, *a, **k: choice)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: None)
    store = data_file.open_data_file(demo_file, create_folder=False, create=False, clock=clock, tasks=tasks)
    try:
        assert store is not None and store.integrity.wait(30).ok
        assert store.scalar("SELECT op FROM audit_log ORDER BY id DESC LIMIT 1") == "backup.restore"
        kept = next(copies.folder_for(demo_file).glob("*-damaged.sqlite3"))
        assert kept.read_bytes() == damaged                            # the damaged file kept byte for byte
    finally:
        store.close()


def test_damage_found_later_stops_writes_and_is_told(app, demo_file: Path, qtbot, monkeypatch, clock,
                                                     tmp_path: Path) -> None:
    from dutyroom.gui.app import AppController, ui_state_settings

    flip_btree_page(demo_file, "roster_draft")               # not a table the quick look or 今日值班 reads
    before = demo_file.read_bytes()
    store = open_store(demo_file, create=False, check="background")
    told: list[tuple[DamagedFile, bool]] = []
    monkeypatch.setattr(data_file, "choose_restore",
                        lambda error, tasks, parent=None, found_later=False: told.append((error, found_later)))
    controller = AppController(store, clock=clock, ui_state=ui_state_settings(tmp_path / "ui.ini"),
                               automatic_backups=False)
    admin = accounts.actor_for(store, store.scalar("SELECT id FROM account WHERE username = 'admin'"))
    window = controller.open_window(admin)
    try:
        qtbot.waitUntil(lambda: bool(told), timeout=20_000)
        error, found_later = told[0]
        assert found_later and "已损坏" in error.message and error.problem
        with pytest.raises(DamagedFile):
            settings.set_value(Session(store, admin, clock), "duty.phone", "0000-2222222")
    finally:
        window.close()
        controller.tasks.wait_all()
        store.close()
    assert demo_file.read_bytes() == before


def test_a_new_data_file_only_when_the_user_says_so(app, tmp_path: Path, monkeypatch, clock) -> None:
    path = tmp_path / "data" / "dutyroom.sqlite3"
    asked: list[Path] = []
    monkeypatch.setattr(data_file, "ask_to_create", lambda where: asked.append(where) or False)
    tasks = TaskRunner()
    assert data_file.open_data_file(path, create_folder=True, create=False, clock=clock, tasks=tasks) is None
    assert asked == [path] and not path.exists() and not path.parent.exists()
    monkeypatch.setattr(data_file, "ask_to_create", lambda where: True)
    store = data_file.open_data_file(path, create_folder=True, create=False, clock=clock, tasks=tasks)
    assert store is not None and path.is_file()
    store.close()


def test_the_question_names_the_path(app, tmp_path: Path, monkeypatch) -> None:
    seen = []

    def answer(box: QMessageBox) -> int:
        seen.append(box.text())
        box.buttons()[-1].click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    data_file.ask_to_create(tmp_path / "dutyroom.sqlite3")
    assert "未找到数据文件" in seen[0] and str(tmp_path / "dutyroom.sqlite3") in seen[0] and "新建" in seen[0]


def test_a_busy_data_file_keeps_the_entry_and_offers_retry(login_as, controller, qtbot) -> None:
    window = login_as("zhiban")
    dialog = EntryDialog(window.ctx, kind="call_in", parent=window)
    dialog.field_widgets["unit"].setText("县水利局")
    dialog.field_widgets["phone"].setText("0000-8800058")
    dialog.summary.setPlainText("水库水位正常，巡查无异常")
    dialog.save_draft()
    before = controller.store.scalar("SELECT COUNT(*) FROM duty_log_entry")
    other = sqlite3.connect(controller.store.path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")                          # another program holds the write lock
    answers: list[str] = []

    def answer(release: bool, button_text: str) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(50, lambda: answer(release, button_text))
            return
        answers.append(box.text())
        if release:
            other.execute("ROLLBACK")
        next(b for b in box.buttons() if b.text() == button_text).click()

    try:
        QTimer.singleShot(0, lambda: answer(False, "取消"))
        assert not dialog.save(keep_open=False)
        assert "数据文件正被另一程序使用" in answers[0] and "填写的内容仍保留在窗口中" in answers[0]
        assert "数据文件正被另一程序使用" in dialog.message.text() and dialog.message.property("error") is True
        assert dialog.summary.toPlainText() == "水库水位正常，巡查无异常"           # what was typed is still there
        assert len(DraftStore(controller.store.path, "zhiban").pending()) == 1
        QTimer.singleShot(0, lambda: answer(True, "重试"))
        assert dialog.save(keep_open=False)
    finally:
        if other.in_transaction:
            other.execute("ROLLBACK")
        other.close()
    assert len(answers) == 2
    assert controller.store.scalar("SELECT COUNT(*) FROM duty_log_entry") == before + 1
    assert DraftStore(controller.store.path, "zhiban").pending() == []


def test_today_board_shows_backup_warnings(login_as, controller, qtbot) -> None:
    officer = login_as("zhiban")
    page = officer.page("today")
    qtbot.waitUntil(lambda: not page.warning_frame.isHidden())
    assert "还没有校验通过的数据备份" in page.warning_label.full_text()
    assert page.warning_frame.findChildren(QPushButton) == []          # an officer cannot back up: no link
    officer.close()
    admin = login_as("admin")
    page = admin.page("today")
    qtbot.waitUntil(lambda: not page.warning_frame.isHidden())
    link = page.warning_frame.findChildren(QPushButton)[0]
    assert link.text() == "数据备份…"
    link.click()
    assert admin.current_key() == "settings"
    assert admin.page("settings").tabs.currentWidget() is admin.page("settings").backup_panel


def test_automatic_copies_daily_and_after_an_accepted_handover(app, demo_store, clock, qtbot, monkeypatch) -> None:
    """The keeper's timer makes the copy that is due off the UI thread; a handover accepted makes the next."""
    from dutyroom.backup import service
    from dutyroom.clock import CST, iso
    from dutyroom.gui.backup import keeper as keeping
    from dutyroom.gui.events import StoreEvents

    def make_here(path: Path, kind: str, stage) -> service.BackupResult:       # the test's clock, not the PC's
        return service.create_backup(path, service.policy_of(demo_store), now=clock.now(), kind=kind, stage=stage)

    monkeypatch.setattr(keeping, "AFTER_HANDOVER_MS", 0)
    events = StoreEvents(demo_store)
    keeper = keeping.BackupKeeper(demo_store, clock, TaskRunner(), events, make=make_here)
    made: list[int] = []
    keeper.copies_changed.connect(lambda: made.append(1))
    keeper.start()
    qtbot.waitUntil(lambda: bool(keeper.warnings))                # none yet: said at once
    keeper.tick()                                                 # what the timer does every minute
    qtbot.waitUntil(lambda: len(made) == 1, timeout=20_000)
    qtbot.waitUntil(lambda: keeper.warnings == [])
    def newest() -> tuple[str, str]:
        copy = service.counted_copies(demo_store.path, service.policy_of(demo_store))[0]
        return copy.kind, copy.created_at

    assert newest() == ("handover", iso(clock.now()))    # the demo's last accepted handover had no copy yet
    clock.advance(hours=1)
    with Session(demo_store, SYSTEM_ACTOR, clock).write() as tx:      # a handover accepted
        tx.audit("handover.accept", "handover", tx.insert("handover", {
            "outgoing_date": "2026-11-24", "incoming_date": "2026-11-25", "status": "accepted", "sheet_json": "{}",
            "equipment_json": "[]", "outgoing_name": "甲", "confirmed_at": iso(clock.now()), "incoming_name": "乙",
            "accepted_at": iso(clock.now()), "created_at": iso(clock.now())}))
    qtbot.waitUntil(lambda: len(made) == 2, timeout=20_000)
    assert newest() == ("handover", iso(clock.now()))    # (the earlier one that day rotated away)
    clock.set(datetime(2026, 11, 25, 3, 0, 1, tzinfo=CST))        # past the daily time (03:00)
    keeper.tick()
    qtbot.waitUntil(lambda: len(made) == 3, timeout=20_000)
    assert newest() == ("daily", iso(clock.now()))
    keeper.tick()                                                  # nothing more is due
    qtbot.waitUntil(lambda: not keeper.running)
    assert len(made) == 3
    keeper.stop()
    events.close()
