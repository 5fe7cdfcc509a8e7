"""Forms that keep up with the officer, typed through from the keyboard: every problem at once under its field,
a message gone the moment its field is right, nothing moving, the cursor on the first problem, Enter to the next
field, Ctrl+Enter to save. Chinese arrives as an input-method commit (``qtbot.keyClicks`` with hanzi aborts)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLabel, QLineEdit, QWidget

from dutyroom.errors import InvalidFields, ValidationError
from dutyroom.gui.dutylog.entry_dialog import EntryDialog
from dutyroom.gui.incidents.intake_dialogs import IntakeDialog
from dutyroom.gui.incidents.report_editor import open_editor
from dutyroom.gui.kit.dialogs import QuickDialog, Spec
from dutyroom.gui.kit.fields import set_available
from dutyroom.gui.kit.theme import style_property


def commit(widget: QWidget, text: str) -> None:
    """Chinese typed through the input method, into whatever has the cursor."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def ctrl_enter(dialog: QDialog) -> None:
    QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def enter(qtbot) -> None:
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)


def opened(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def places(dialog: QDialog, widgets: dict[str, QWidget]) -> dict[str, QRect]:
    return {key: QRect(w.mapTo(dialog, QPoint(0, 0)), w.size()) for key, w in widgets.items() if w.isVisible()}


def count(store, table: str) -> int:
    return int(store.scalar(f"SELECT COUNT(*) FROM {table}"))


def test_intake_typed_through_under_the_clock(login_as, demo_store, qtbot) -> None:
    window = login_as("zhiban")
    dialog = opened(qtbot, IntakeDialog(window.ctx, window))
    inputs = dialog.form.inputs
    editors = {key: made.editor for key, made in inputs.items() if made.editor.isVisible()}
    at_start = places(dialog, editors)
    before = count(demo_store, "incident")

    ctrl_enter(dialog)                                   # an empty form: everything missing, all at once
    shown = dialog.form.checks.shown
    assert {"reporter_name", "category", "subtype", "description"} <= set(shown)
    assert dialog.message.text() == f"有 {len(shown)} 项需要填写或修改，已在各项下方标出。"
    assert shown["description"] == "请填写“简要经过”。" and dialog.result() == 0
    assert style_property(inputs["category"].editor, "error") is True
    assert QApplication.focusWidget() is inputs["reporter_name"].editor      # the first problem on the form
    assert places(dialog, editors) == at_start                               # the messages took no room

    commit(QApplication.focusWidget(), "王建国")
    assert "reporter_name" not in shown and "category" in shown              # gone at once; the rest stay
    assert style_property(inputs["reporter_name"].editor, "error") is False
    enter(qtbot)                                                             # Enter moves on, saves nothing
    assert QApplication.focusWidget() is not inputs["reporter_name"].editor and dialog.isVisible()
    assert count(demo_store, "incident") == before

    accident = inputs["accident_type"].editor
    assert not accident.isEnabled() and accident.currentText() == ""
    inputs["category"].editor.setFocus()
    QTest.keyClick(inputs["category"].editor, Qt.Key.Key_Down)               # 自然灾害
    assert not accident.isEnabled()
    QTest.keyClick(inputs["category"].editor, Qt.Key.Key_Down)               # 事故灾难
    assert inputs["category"].get() == "事故灾难" and "category" not in shown
    assert accident.isEnabled() and places(dialog, editors) == at_start       # nothing jumps
    inputs["subtype"].editor.setFocus()
    QTest.keyClick(inputs["subtype"].editor, Qt.Key.Key_Down)
    assert "subtype" not in shown
    inputs["description"].editor.setFocus()
    commit(inputs["description"].editor, "井下透水，5人被困。")
    inputs["dead"].editor.setFocus()
    QTest.keyClicks(inputs["dead"].editor, "3")
    assert shown == {} and dialog.message.text() == ""
    assert places(dialog, editors) == at_start

    ctrl_enter(dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted and count(demo_store, "incident") == before + 1


def test_a_wrong_value_is_named_beside_the_field_and_checked_again_as_typed(login_as, qtbot) -> None:
    window = login_as("zhiban")
    dialog = opened(qtbot, IntakeDialog(window.ctx, window))
    dead = dialog.form.inputs["dead"].editor
    dead.setFocus()
    QTest.keyClicks(dead, "-2")
    ctrl_enter(dialog)
    shown = dialog.form.checks.shown
    assert "“死亡”不能为负数" in shown["dead"]
    QTest.keyClick(dead, Qt.Key.Key_Home)
    QTest.keyClick(dead, Qt.Key.Key_Delete)                  # "2": right now, so its message goes
    assert "dead" not in shown and "reporter_name" in shown


def test_duty_log_entry_typed_through(login_as, controller, qtbot) -> None:
    window = login_as("zhiban")
    store = controller.store
    dialog = opened(qtbot, EntryDialog(window.ctx, kind="call_in", parent=window))
    fields = dialog.field_widgets
    qtbot.waitUntil(lambda: QApplication.focusWidget() is fields["unit"])     # the cursor starts on 来电单位
    commit(fields["unit"], "县水利局")
    enter(qtbot)
    assert QApplication.focusWidget() is fields["name"].edit                   # Enter: the next field
    before = count(store, "duty_log_entry")
    ctrl_enter(dialog)                                                         # 来电号码 and 摘要 missing
    shown = dialog.checks.shown
    assert set(shown) == {"phone", "summary"} and count(store, "duty_log_entry") == before
    assert QApplication.focusWidget() is fields["phone"]
    QTest.keyClicks(fields["phone"], "0000-8800058")
    assert set(shown) == {"summary"} and "内容摘要不能为空" in dialog.message.text()
    dialog.summary.setFocus()
    commit(dialog.summary, "水库水位正常。")
    assert shown == {} and dialog.message.text() == ""
    ctrl_enter(dialog)
    assert count(store, "duty_log_entry") == before + 1 and dialog.saved_id is not None


def test_report_draft_and_sign_off_name_their_fields(login_as, demo_store, qtbot) -> None:
    draft = demo_store.scalar("SELECT id FROM incident_report WHERE status = 'draft' AND form = 'special'")
    window = login_as("daiban")
    editor = opened(qtbot, open_editor(window.ctx, draft, window))
    editor.title.setFocus()
    editor.title.selectAll()
    QTest.keyClick(editor.title, Qt.Key.Key_Delete)
    process = editor.sections["process"]
    process.setPlainText("")
    ctrl_enter(editor)                                        # Ctrl+Enter saves the draft: the title is missing
    assert editor.checks.shown == {"title": "报告标题不能为空。"} and QApplication.focusWidget() is editor.title
    commit(editor.title, "桃源镇中心小学发生食品安全事件")
    assert editor.checks.shown == {}
    editor.sign()                                             # the leader signs: 事件经过 is still empty
    assert "process" in editor.checks.shown and "尚未填写" in editor.checks.shown["process"]
    assert QApplication.focusWidget() is process
    commit(process, "午餐后部分学生出现腹痛。")
    assert "process" not in editor.checks.shown


def test_quick_dialogs_show_every_refusal_beside_its_field(app, qtbot) -> None:
    def refuse(values: dict) -> None:
        raise InvalidFields([ValidationError("请填写“报告对象”。", field="to"),
                             ValidationError("请选择报送方式。", field="channel"),
                             ValidationError("该报告已作废。")])

    dialog = QuickDialog("记录报送", "", [Spec("channel", "方式", "combo", options=("", "传真")),
                                         Spec("to", "报送对象")], refuse)
    opened(qtbot, dialog)
    dialog.run()
    shown = dialog.checks.shown
    assert shown == {"channel": "请选择报送方式。", "to": "请填写“报告对象”。"}
    assert dialog.message.text() == "有 2 项需要填写或修改，已在各项下方标出。\n该报告已作废。"
    assert QApplication.focusWidget() is dialog.inputs["channel"]
    QTest.keyClicks(dialog.inputs["to"], "abc")                # no check given: an edit takes its message away
    assert set(shown) == {"channel"}


def test_a_field_that_does_not_apply_holds_no_value(app, qtbot) -> None:
    combo, line = QComboBox(), QLineEdit("旧值")
    combo.addItems(["12-01 陈磊伟", "12-03 王芳"])
    combo.setCurrentIndex(1)
    line.setPlaceholderText("原因")
    set_available(combo, False, "串班时选择")
    set_available(line, False)
    assert not combo.isEnabled() and combo.currentIndex() == -1 and combo.placeholderText() == "串班时选择"
    assert line.text() == "" and line.placeholderText() == "不适用"
    set_available(combo, True)
    set_available(line, True)
    assert combo.currentIndex() == 1 and line.placeholderText() == "原因"


def test_the_change_dialog_shows_only_the_chosen_kind(login_as, controller, qtbot) -> None:
    from dutyroom.gui.roster.change_dialog import ChangeDialog

    window = login_as("bangongshi")
    assignment = dict(controller.store.row(
        "SELECT a.*, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
        " WHERE a.voided_at IS NULL AND a.role = 'officer' ORDER BY a.duty_date DESC LIMIT 1"))
    dialog = ChangeDialog(window.ctx, assignment, window)
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "substitution"
    assert not dialog.other.isEnabled() and dialog.other.currentText() == ""      # no stale 互换的班次
    dialog.kind.setCurrentIndex(1)
    assert dialog.other.isEnabled() and dialog.other.currentText() != ""
    assert not dialog.substitute.isEnabled() and dialog.substitute.currentText() == ""


def test_style_properties_are_read_only_once_set(app) -> None:
    """PySide6 6.12 hands back None for an unset property without a reference; the kit asks only for set ones."""
    label = QLabel()
    assert style_property(label, "error") is None and style_property(label, "error", False) is False
    label.setProperty("error", True)
    assert style_property(label, "error") is True
