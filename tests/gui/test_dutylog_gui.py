"""The duty-log pages: fast entry from anywhere, refusals shown in Chinese with nothing saved, drafts
offered back after a crash, search, pending items, the handover between two accounts, the daily report."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox

from dutyroom.auth import accounts
from dutyroom.clock import CST
from dutyroom.demo.seed import demo_password
from dutyroom.dutylog import pending
from dutyroom.dutylog.drafts import DraftStore
from dutyroom.gui.dutylog.entry_dialog import EntryDialog
from dutyroom.gui.kit.tables import RecordTableModel


def count(store, table: str) -> int:
    return int(store.scalar(f"SELECT COUNT(*) FROM {table}"))


def current_shift_entries(window) -> int:
    return window.ctx.store.scalar("SELECT COUNT(*) FROM duty_log_entry WHERE duty_date = '2026-11-24'")


def test_pages_are_in_the_navigation(login_as) -> None:
    window = login_as("zhiban")
    assert window.page_keys()[:6] == ["today", "incidents", "warnings", "dutylog", "handover", "report"]
    admin = login_as("admin")
    assert "dutylog" not in admin.page_keys()


def test_f2_opens_the_entry_form_from_any_page(login_as, monkeypatch, qtbot) -> None:
    window = login_as("zhiban")
    seen = []

    def fake_exec(dialog):
        seen.append(dialog.kind)
        dialog.show()
        QApplication.processEvents()
        dialog.close()
        QApplication.processEvents()
        return 0

    monkeypatch.setattr(EntryDialog, "exec", fake_exec)
    for page, key in (("today", Qt.Key.Key_F2), ("today", Qt.Key.Key_F3), ("report", Qt.Key.Key_F2)):
        window.show_page(page)
        window.windowHandle().requestActivate()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        QTest.keyClick(window.windowHandle(), key)
    assert seen == ["call_in", "roll_call", "call_in"]


def test_phone_record_with_person_picker(login_as, controller, qtbot) -> None:
    window = login_as("zhiban")
    store = controller.store
    dialog = EntryDialog(window.ctx, kind="call_in", parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    picker = dialog.field_widgets["name"]
    typed = QInputMethodEvent()   # Chinese arrives from the input method as a commit
    typed.setCommitString("周宇")
    QApplication.sendEvent(picker.edit, typed)
    popup = picker.completer.popup()
    assert popup.isVisible()
    QTest.keyClick(popup, Qt.Key.Key_Return)     # the exact name ranks first
    person_id = store.scalar("SELECT id FROM person WHERE name = '周宇' AND voided_at IS NULL")
    assert picker.person_id() == person_id and picker.text() == "周宇"
    assert dialog.field_widgets["unit"].text() == "青石镇" and dialog.field_widgets["phone"].text() == "10000000123"
    dialog.summary.setPlainText("青石镇报告：各村巡查无异常。")
    dialog.pending_check.setChecked(True)
    dialog.pending_title.setText("明早再次核实青石村隐患点")
    before = count(store, "duty_log_entry")
    assert dialog.save(keep_open=False)
    row = store.row("SELECT * FROM duty_log_entry ORDER BY id DESC LIMIT 1")
    assert count(store, "duty_log_entry") == before + 1 and row["person_id"] == person_id
    assert row["counterpart"] == "青石镇 周宇" and row["recorded_by_name"] == "苏宇琪"
    assert store.scalar("SELECT title FROM pending_item WHERE entry_id = ?", (row["id"],)) == "明早再次核实青石村隐患点"


def test_bad_input_shows_chinese_and_saves_nothing(login_as, controller, qtbot, clock) -> None:
    window = login_as("zhiban")
    store = controller.store
    dialog = EntryDialog(window.ctx, kind="call_in", parent=window)
    qtbot.addWidget(dialog)
    dialog.field_widgets["unit"].setText("县水利局")
    before = (count(store, "duty_log_entry"), count(store, "audit_log"))
    assert not dialog.save(keep_open=False)                  # both problems at once, each under its field
    assert dialog.message.text() == "有 2 项需要填写或修改，已在各项下方标出。"
    assert "须填写“来电号码”" in dialog.checks.shown["phone"] and "内容摘要不能为空" in dialog.checks.shown["summary"]
    dialog.field_widgets["phone"].setText("0000-8800058")     # fixed: its message goes at once
    assert "phone" not in dialog.checks.shown and "内容摘要不能为空" in dialog.message.text()
    dialog.summary.setPlainText("水库水位正常")
    assert dialog.checks.shown == {} and dialog.message.text() == ""
    from dutyroom.gui.dutylog.entry_dialog import to_qt

    dialog.time_edit.setDateTime(to_qt(datetime(2026, 11, 24, 12, 0, tzinfo=CST)))
    assert not dialog.save(keep_open=False) and "晚于当前时间" in dialog.message.text()
    dialog.time_edit.setDateTime(to_qt(datetime(2026, 11, 20, 9, 0, tzinfo=CST)))
    assert not dialog.save(keep_open=False) and "早于本班次开始时间" in dialog.message.text()
    assert (count(store, "duty_log_entry"), count(store, "audit_log")) == before


def test_draft_survives_a_crash_and_is_offered_back(login_as, controller, qtbot, monkeypatch, clock) -> None:
    window = login_as("zhiban")
    dialog = EntryDialog(window.ctx, kind="call_in", parent=window)
    dialog.field_widgets["unit"].setText("县公安局")
    dialog.field_widgets["phone"].setText("10000000054")
    dialog.summary.setPlainText("通报：城区一处路口交通事故，已处置")
    dialog.save_draft()                      # what the debounce timer does while typing
    drafts = DraftStore(controller.store.path, "zhiban").pending()
    assert len(drafts) == 1 and drafts[0].data["fields"]["unit"] == "县公安局"
    dialog.deleteLater()                     # the program dies: no save, no cancel
    window.close()
    offered = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: offered.append(a[2]) or QMessageBox.StandardButton.Yes)

    def restore(self):
        assert self.summary.toPlainText() == "通报：城区一处路口交通事故，已处置"
        assert self.field_widgets["phone"].text() == "10000000054"
        return self.save(keep_open=False)

    monkeypatch.setattr(EntryDialog, "exec", restore)
    actor = accounts.login(controller.store, "zhiban", demo_password(), clock)
    controller.open_window(actor)
    qtbot.waitUntil(lambda: bool(offered))
    assert "1 条上次未保存" in offered[0]
    assert controller.store.scalar("SELECT summary FROM duty_log_entry ORDER BY id DESC LIMIT 1") == \
        "通报：城区一处路口交通事故，已处置"
    assert DraftStore(controller.store.path, "zhiban").pending() == []


def test_log_page_search_and_pending(login_as, controller, qtbot, qtmodeltester, monkeypatch) -> None:
    window = login_as("zhiban")
    window.show_page("dutylog")
    page = window.page("dutylog")
    assert page.shift_model.rowCount() == current_shift_entries(window) > 0
    qtmodeltester.check(page.shift_model)
    page.tabs.setCurrentIndex(1)
    page.search.text_filter.setText("寒潮")
    page.search.run_search()
    assert page.search.model.rowCount() >= 1
    assert all("寒潮" in (r["summary"] + str(r["fields"])) for r in page.search.model.records)
    assert "共" in page.search.status.text()
    page.tabs.setCurrentIndex(2)
    open_before = len(pending.open_items(controller.store))
    assert page.pending.model.rowCount() == open_before
    page.pending.view.selectRow(0)

    class Answer:
        def __init__(self, *a, **k) -> None:
            self.text = "已办结：核查完毕"

        def exec(self) -> int:
            return 1

    monkeypatch.setattr("dutyroom.gui.kit.ops.TextDialog", Answer)
    page.pending.close_pending()
    QApplication.processEvents()
    assert len(pending.open_items(controller.store)) == open_before - 1
    assert page.pending.model.rowCount() == open_before - 1


def test_handover_between_two_accounts(login_as, controller, clock, qtbot) -> None:
    clock.set(datetime(2026, 11, 25, 8, 15, tzinfo=CST))
    window = login_as("zhiban")
    window.show_page("handover")
    page = window.page("handover")
    assert page.confirm_button.isEnabled()
    page.confirm()
    assert "设备检查未完成" in page.message.text() and count(controller.store, "handover") == 6
    for row in page.equipment_rows:
        row.ok.setChecked(True)
    page.equipment_rows[1].bad.setChecked(True)
    page.confirm()
    assert "“传真”检查异常" in page.message.text()
    page.equipment_rows[1].note.setText("卡纸，已报修")
    page.notes.setPlainText("注意大风蓝色预警")
    page.confirm()
    QApplication.processEvents()
    assert page.state.status == "confirmed" and not page.accept_button.isEnabled()
    assert not any(box.isEnabled() for box in page.ack_boxes.values())   # the outgoing cannot acknowledge
    window.close()
    incoming = login_as("zhibanzhang")
    incoming.show_page("handover")
    page = incoming.page("handover")
    assert page.ack_boxes and not page.accept_button.isEnabled()
    for key in list(page.ack_boxes):
        page.ack_boxes[key].setChecked(True)
        QApplication.processEvents()
    assert page.accept_button.isEnabled()
    page.accept()
    QApplication.processEvents()
    assert page.state.status == "accepted" and page.state.record["incoming_name"] == "夏卫琪"


def test_daily_report_page(login_as, controller, qtbot, clock) -> None:
    window = login_as("zhiban")
    window.show_page("report")
    page = window.page("report")
    assert page.report_date.isoformat() == "2026-11-23" and page.report.saved is not None
    page.body.setPlainText(page.body.toPlainText() + "\n六、其他\n值班室空调已报修。")
    assert page.dirty() and page.save()
    saved = controller.store.row("SELECT body, revision FROM daily_report WHERE report_date = '2026-11-23'")
    assert saved["body"].endswith("值班室空调已报修。") and saved["revision"] == 1
    page.body.setPlainText(" ")
    assert not page.save() and "正文不能为空" in page.status.text()


@pytest.mark.parametrize("tab_attr", ["search", "pending", "roll_calls", "templates"])
def test_models(login_as, qtmodeltester, tab_attr) -> None:
    window = login_as("zhibanzhang")
    page = window.page("dutylog")
    page.refresh()
    page.search.run_search()
    for tab in range(page.tabs.count()):   # the register and templates are read when their tab is shown
        page.tabs.setCurrentIndex(tab)
    model: RecordTableModel = getattr(page, tab_attr).model
    assert model.rowCount() > 0
    qtmodeltester.check(model)
    assert isinstance(page.search.kind_filter, QComboBox)


def test_earlier_shift_is_amended_not_overwritten(login_as, controller, monkeypatch, qtbot) -> None:
    window = login_as("zhibanzhang")
    page = window.page("dutylog")
    window.show_page("dutylog")
    from datetime import date

    page.show_shift(date(2026, 11, 23))
    assert page.shift_model.rowCount() >= 7 and "已交接班" in page.shift_label.text()
    page.shift_view.selectRow(0)
    assert page.edit_button.text() == "补正…"
    record = page._selected_entry()
    opened = []

    def amend(dialog):
        opened.append(dialog)
        assert dialog.locked and dialog.windowTitle().startswith("补正")
        dialog.summary.setPlainText(record["summary"] + "（补正：时间核对无误）")
        assert not dialog.save(keep_open=False) and "补正原因" in dialog.message.text()
        dialog.reason.setText("补充核对情况")
        return dialog.save(keep_open=False)

    monkeypatch.setattr(EntryDialog, "exec", amend)
    page.edit_selected()
    assert opened and "已补正" in page.message.text()
    revisions = controller.store.rows("SELECT summary, amendment, reason FROM duty_log_revision WHERE entry_id = ?",
                                      (record["id"],))
    assert [(r["summary"], r["amendment"], r["reason"]) for r in revisions] == [(record["summary"], 1, "补充核对情况")]
    page.show_shift(date(2026, 11, 24))
    assert page.shift_model.rowCount() == current_shift_entries(window) and page.edit_button.text() == "更正…"


def test_equipment_rows_follow_the_setting(login_as, controller, clock) -> None:
    from dutyroom import settings
    from dutyroom.session import SYSTEM_ACTOR, Session

    window = login_as("zhiban")
    window.show_page("handover")
    page = window.page("handover")
    assert [r.name for r in page.equipment_rows] == ["电话", "传真", "卫星电话", "视频会商", "电脑网络"]
    settings.set_value(Session(controller.store, SYSTEM_ACTOR, clock), "handover.equipment", "电话、传真、对讲机")
    QApplication.processEvents()
    assert [r.name for r in page.equipment_rows] == ["电话", "传真", "对讲机"]
