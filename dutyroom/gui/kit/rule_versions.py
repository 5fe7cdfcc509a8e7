"""Rules as data on screen: the versions of one rule family (报送规则, 叫应规则) with the one in force, its text,
putting a shipped preset or a stored version in force, and editing the text into a new version.

A page puts ``RuleVersions`` beside what only it knows (a trial run of its rules) and reads the selected
version's text with ``body_text`` (``selection_changed`` says when it changes).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from dutyroom.gui.kit.fields import form_layout
from dutyroom.gui.kit.ops import dialog_buttons, run_op, run_with_reason
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import append_row, table_item, widget_table
from dutyroom.gui.kit.widgets import button, hbox, label, vbox
from dutyroom.rulebook import RuleFamily


def monospace(editor: QPlainTextEdit) -> None:
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    editor.setFont(font)


class RuleEditDialog(QDialog):
    """The rule text, checked and saved as a new version that is put in force; a reason is required."""

    def __init__(self, ctx: Any, family: RuleFamily[Any], text: str, hint: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.family = ctx, family
        self.setWindowTitle(f"编辑{family.title}（保存为新版本）")
        self.resize(900, 720)
        layout = QVBoxLayout(self)
        layout.addWidget(subtitle_label(hint))
        self.editor = QPlainTextEdit(text)
        monospace(self.editor)
        layout.addWidget(self.editor, 1)
        form = form_layout(messages=False)
        self.note = QLineEdit()
        self.note.setPlaceholderText("修改原因和依据文件，如：依据县防指〔2026〕12号文")
        form.addRow("修改原因", self.note)
        layout.addLayout(form)
        self.message = label(wrap=True)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons("检查并保存为新版本", dialog=self, on_ok=self.save))

    def save(self) -> None:
        if run_op(self, self.family.save, self.ctx.session, self.editor.toPlainText(), note=self.note.text(),
                  message=self.message):
            self.accept()


class RuleVersions(QWidget):
    """Versions of a rule family: in force, stored, shipped; put one in force, edit into a new one."""

    selection_changed = Signal()

    def __init__(self, ctx: Any, family: RuleFamily[Any], *, edit_hint: str, message: QLabel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.family, self.edit_hint, self.message = ctx, family, edit_hint, message
        self.current = label("", "shiftLabel")
        self.adopt = {key: button(f"启用内置：{name}", lambda _=False, key=key: self.adopt_shipped(key))
                      for key, name in family.shipped.items()}
        self.edit_button = button("编辑为新版本…", self.edit, primary=True)
        self.activate_button = button("启用所选版本", self.activate_selected)
        self.table = widget_table(["版本", "来源", "保存", "说明"])
        self.table.itemSelectionChanged.connect(self.show_selected)
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        monospace(self.body)
        layout = vbox(self.current, hbox(*self.adopt.values(), self.edit_button, self.activate_button, None),
                      parent=self, margins=(0, 0, 0, 0))
        layout.addWidget(self.table, 1)
        layout.addWidget(self.body, 2)
        self.history: list[dict[str, Any]] = []

    def reload(self) -> None:
        current = self.family.in_force(self.ctx.store)
        self.current.setText(f"现行{self.family.title}：{current.label}")
        self.history = self.family.history(self.ctx.store)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row in self.history:
            append_row(self.table, [table_item(row["label"] + ("　【现行】" if row["in_force"] else ""), row["id"]),
                                    "内置" if row["origin"] == "shipped" else "管理员",
                                    f"{row['created_at'][:16].replace('T', ' ')} {row['created_by_name']}",
                                    row["note"]])
        self.table.blockSignals(False)
        if self.history:
            self.table.selectRow(0)
        else:
            self.body.setPlainText(self.family.body_text(self.ctx.store, None))
            set_message(self.message, f"尚未启用或修改过{self.family.title}，现行为内置规则。")
        self.show_selected()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    def show_selected(self) -> None:
        if self.history:
            self.body.setPlainText(self.family.body_text(self.ctx.store, self.selected_id()))
        self.selection_changed.emit()

    def body_text(self) -> str:
        return self.body.toPlainText()

    # -- acts ----------------------------------------------------------------------------------
    def adopt_shipped(self, key: str) -> None:
        name = self.family.shipped[key]
        run_with_reason(self, "启用内置规则", f"启用“{name}”的原因（选填）：", self.family.adopt_shipped,
                        self.ctx.session, key, message=self.message, done=f"已启用：{name}。")

    def activate_selected(self) -> None:
        rule_set_id = self.selected_id()
        if rule_set_id is None:
            set_message(self.message, "请先选择一个版本。", error=True)
            return
        run_with_reason(self, "启用此版本", "启用原因（选填）：", self.family.activate, self.ctx.session, rule_set_id,
                        message=self.message, done="已启用所选版本。")

    def edit(self) -> None:
        text = self.body_text() or json.dumps(self.family.shipped_rules().body, ensure_ascii=False, indent=1)
        if RuleEditDialog(self.ctx, self.family, text, self.edit_hint, self).exec():
            set_message(self.message, "已保存为新版本并启用。")
