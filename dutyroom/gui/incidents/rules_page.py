"""报送规则 (administrator): which grading and deadline rules are in force, their versions, edits, a trial run."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dutyroom.changes import Area
from dutyroom.errors import ValidationError
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.fields import form_layout
from dutyroom.gui.kit.ops import dialog_buttons, run_op, run_with_reason
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.tables import append_row, table_item, widget_table
from dutyroom.gui.kit.widgets import button, hbox, holder, label, page_layout, panel, vbox
from dutyroom.incidents import deadlines, rulebook
from dutyroom.incidents.rules import GRADE_LABELS, parse_rule_set
from dutyroom.incidents.taxonomy import taxonomy

TRIAL_FIELDS = (("dead", "死亡"), ("missing", "失踪"), ("serious_injuries", "重伤"), ("trapped", "被困"),
                ("at_risk", "涉险"), ("evacuated", "疏散"), ("loss_wan", "损失（万元）"))


class RuleEditDialog(QDialog):
    def __init__(self, ctx: AppContext, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("编辑规则（保存为新版本）")
        self.resize(900, 720)
        layout = QVBoxLayout(self)
        hint = subtitle_label("规则为JSON：grading 为定级标准和标记，deadlines 为各报送环节的时限。保存前会逐项检查；"
                              "保存后成为新版本并立即启用，旧版本保留可随时恢复。已接报事件的时限在其要素或等级变化时按新规则重算。")
        layout.addWidget(hint)
        self.editor = QPlainTextEdit(text)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.editor.setFont(font)
        layout.addWidget(self.editor, 1)
        form = form_layout(messages=False)
        self.note = QLineEdit()
        self.note.setPlaceholderText("修改原因和依据文件，如：依据市应急局〔2026〕12号文，较大事件电话报告改为20分钟")
        form.addRow("修改原因", self.note)
        layout.addLayout(form)
        self.message = label(wrap=True)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons("检查并保存为新版本", dialog=self, on_ok=self.save))

    def save(self) -> None:
        if run_op(self, rulebook.save_rule_set, self.ctx.session, self.editor.toPlainText(), note=self.note.text(),
                  message=self.message):
            self.accept()


class RulesPage(Page):
    areas = frozenset({Area.RULES, Area.SETTINGS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, spacing=None)
        layout.addWidget(title_label("报送规则"))
        layout.addWidget(subtitle_label(
            "事件定级（493号令）和报送时限都是数据：可启用内置的“全国默认”或“河南从严”，也可按本地文件修改。"
            "每个版本都保留，启用哪一版、何时启用都记入审计记录。"))
        self.current = label("", "shiftLabel")
        layout.addWidget(self.current)
        self.on_duty_only = QCheckBox("只允许当班的带班领导签发信息报告（否则任一带班领导账户均可签发）")
        self.on_duty_only.toggled.connect(self.set_on_duty_only)
        layout.addWidget(self.on_duty_only)
        self.adopt = {key: button(f"启用内置：{name}", lambda _=False, key=key: self.adopt_shipped(key))
                      for key, name in rulebook.SHIPPED.items()}
        self.edit_button = button("编辑为新版本…", self.edit, primary=True)
        self.activate_button = button("启用所选版本", self.activate_selected)
        layout.addLayout(hbox(*self.adopt.values(), self.edit_button, self.activate_button, None))
        self.table = widget_table(["版本", "来源", "保存", "说明"])
        self.table.itemSelectionChanged.connect(self.show_selected)
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        left = vbox(margins=(0, 0, 0, 0))
        left.addWidget(self.table, 1)
        left.addWidget(self.body, 2)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(holder(left))
        splitter.addWidget(self._trial_panel())
        splitter.setSizes([700, 460])
        layout.addWidget(splitter, 1)
        self.message = subtitle_label()
        layout.addWidget(self.message)

    def _trial_panel(self) -> QWidget:
        frame, layout = panel("试算（按所选版本）", margins=None)
        grid = QGridLayout()
        self.trial: dict[str, QLineEdit] = {}
        for index, (key, field_label) in enumerate(TRIAL_FIELDS):
            edit = QLineEdit()
            edit.setPlaceholderText("0")
            edit.textChanged.connect(self.run_trial)
            self.trial[key] = edit
            grid.addWidget(QLabel(field_label), index // 2, (index % 2) * 2)
            grid.addWidget(edit, index // 2, (index % 2) * 2 + 1)
        self.trial_category = QComboBox()
        self.trial_category.addItem("（未选类别）", "")
        for name in taxonomy().categories:
            self.trial_category.addItem(name, name)
        self.trial_category.currentIndexChanged.connect(self.run_trial)
        grid.addWidget(QLabel("类别"), 4, 0)
        grid.addWidget(self.trial_category, 4, 1, 1, 3)
        layout.addLayout(grid)
        self.trial_result = label(wrap=True, selectable=True)
        layout.addWidget(self.trial_result, 1)
        return frame

    def set_on_duty_only(self, checked: bool) -> None:
        from dutyroom import settings

        run_op(self, settings.set_value, self.ctx.session, "incidents.signoff_on_duty_only", checked,
               message=self.message, done="签发限制已" + ("开启：只有当班带班领导可以签发。" if checked else "关闭。"))

    def reload(self) -> None:
        from dutyroom import settings

        self.on_duty_only.blockSignals(True)
        self.on_duty_only.setChecked(bool(settings.get(self.ctx.store, "incidents.signoff_on_duty_only")))
        self.on_duty_only.blockSignals(False)
        current = rulebook.in_force(self.ctx.store)
        self.current.setText(f"现行规则：{current.label}")
        self.history = rulebook.history(self.ctx.store)
        self.table.setRowCount(0)
        for row in self.history:
            append_row(self.table, [table_item(row["label"] + ("　【现行】" if row["in_force"] else ""), row["id"]),
                                    "内置" if row["origin"] == "shipped" else "管理员",
                                    f"{row['created_at'][:16].replace('T', ' ')} {row['created_by_name']}",
                                    row["note"]])
        if not self.history:
            self.body.setPlainText(rulebook.body_text(self.ctx.store, None))
            set_message(self.message, "尚未启用或修改过规则，现行为内置的全国默认规则。")
        else:
            self.table.selectRow(0)
        self.run_trial()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole) if rows else None

    def show_selected(self) -> None:
        self.body.setPlainText(rulebook.body_text(self.ctx.store, self.selected_id()))
        self.run_trial()

    def _rules(self) -> Any:
        return parse_rule_set(self.body.toPlainText()) if self.body.toPlainText() else \
            rulebook.rules_in_force(self.ctx.store)

    def run_trial(self) -> None:
        facts: dict[str, Any] = {"category": self.trial_category.currentData() or ""}
        try:
            for key, _label in TRIAL_FIELDS:
                text = self.trial[key].text().strip() or "0"
                number = float(text)
                if number < 0:
                    raise ValueError
                facts["loss_yuan" if key == "loss_wan" else key] = int(number * 10_000) if key == "loss_wan" else \
                    int(number)
        except ValueError:
            self.trial_result.setText("请输入不小于0的数字。")
            return
        try:
            rules = self._rules()
        except ValidationError as exc:
            self.trial_result.setText(exc.message)
            return
        grading = rules.grade(facts)
        situation = deadlines.Situation(grading.level, facts["category"], "", frozenset(grading.flags))
        start = datetime(2026, 1, 5, 10, 0, tzinfo=self.ctx.session.now().tzinfo)
        plan = deadlines.plan_received(situation, start, rules)
        lines = [f"等级：{GRADE_LABELS[grading.grade]}", *grading.reasons, *grading.flag_reasons,
                 f"报送等级：{GRADE_LABELS[grading.level]}；{'须向上级报告' if grading.must_report else '只须报告带班领导'}",
                 "", "若10:00接报："] + [f"  {p.due_at:%H:%M}前　{p.label}（{p.rule_text}）" for p in plan]
        self.trial_result.setText("\n".join(lines))

    # -- acts ----------------------------------------------------------------------------------
    def adopt_shipped(self, key: str) -> None:
        run_with_reason(self, "启用内置规则", f"启用“{rulebook.SHIPPED[key]}”的原因（选填）：", rulebook.adopt_shipped,
                        self.ctx.session, key, message=self.message, done=f"已启用：{rulebook.SHIPPED[key]}。")

    def activate_selected(self) -> None:
        rule_set_id = self.selected_id()
        if rule_set_id is None:
            set_message(self.message, "请先选择一个版本。", error=True)
            return
        run_with_reason(self, "启用此版本", "启用原因（选填）：", rulebook.activate, self.ctx.session, rule_set_id,
                        message=self.message, done="已启用所选版本。")

    def edit(self) -> None:
        text = self.body.toPlainText() or json.dumps(rulebook.shipped_rule_set().body, ensure_ascii=False, indent=1)
        if RuleEditDialog(self.ctx, text, self).exec():
            set_message(self.message, "已保存为新版本并启用。")
