"""Screenshots of the duty-log screens (called from ``dutyroom.gui.screenshots``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from dutyroom.gui.contacts.picker import PersonPicker
from dutyroom.gui.dutylog.entry_dialog import EntryDialog


def choose_person(picker: PersonPicker, name: str) -> None:
    """Type a name as the input method commits it and take the first match, as a duty officer would."""
    typed = QInputMethodEvent()
    typed.setCommitString(name)
    QApplication.sendEvent(picker.edit, typed)
    popup = picker.popup()
    if popup.isVisible():
        QApplication.sendEvent(popup, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier))


Save = Callable[[QWidget, QApplication, Path, list[Path]], None]


def take(window: object, app: QApplication, outdir: Path, shots: list[Path], save: Save) -> None:
    first = len(shots)

    def name(label: str) -> Path:
        # numbered after the officer's 今日值班 shot, before the administrator's pages
        return outdir / f"{first:02d}{chr(ord('a') + len(shots) - first)}-{label}.png"

    window.show_page("dutylog")  # type: ignore[attr-defined]
    page = window.page("dutylog")  # type: ignore[attr-defined]
    if page.shift_model.rowCount():
        page.shift_view.selectRow(page.shift_model.rowCount() - 1)
    save(window, app, name("officer-dutylog"), shots)  # type: ignore[arg-type]
    page.tabs.setCurrentIndex(1)
    page.search.text_filter.setText("寒潮")
    page.search.run_search()
    save(window, app, name("officer-dutylog-search"), shots)  # type: ignore[arg-type]
    page.tabs.setCurrentIndex(2)
    save(window, app, name("officer-dutylog-pending"), shots)  # type: ignore[arg-type]
    page.tabs.setCurrentIndex(3)
    save(window, app, name("officer-dutylog-rollcalls"), shots)  # type: ignore[arg-type]
    page.tabs.setCurrentIndex(0)

    ctx = window.ctx  # type: ignore[attr-defined]
    dialog = EntryDialog(ctx, kind="call_in", parent=window)  # type: ignore[arg-type]
    dialog.show()
    picker, instruction = dialog.field_widgets["name"], dialog.field_widgets["instruction"]
    assert isinstance(picker, PersonPicker) and isinstance(instruction, QPlainTextEdit)
    choose_person(picker, "周宇")
    dialog.summary.setPlainText("报告上坪村组道边坡裂缝有所发展，已封闭道路，安排专人值守。")
    instruction.setPlainText("请县自然资源局派员现场核查。")
    dialog.pending_check.setChecked(True)
    dialog.pending_title.setText("跟踪上坪村边坡核查结果")
    dialog.adjustSize()
    save(dialog, app, name("entry-call-in"), shots)
    dialog.mark_clean()
    dialog.reject()
    roll = EntryDialog(ctx, kind="roll_call", parent=window)  # type: ignore[arg-type]
    checker = roll.field_widgets["checker_unit"]
    assert isinstance(checker, QLineEdit)
    checker.setText("示例市应急管理局")
    roll.adjustSize()
    save(roll, app, name("entry-roll-call"), shots)
    roll.mark_clean()
    roll.reject()

    window.show_page("handover")  # type: ignore[attr-defined]
    save(window, app, name("officer-handover"), shots)  # type: ignore[arg-type]
    window.show_page("report")  # type: ignore[attr-defined]
    save(window, app, name("officer-daily-report"), shots)  # type: ignore[arg-type]
