"""报送规则 (administrator): which grading and deadline rules are in force, their versions, edits, a trial run."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dutyroom.changes import Area
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.context import AppContext
from dutyroom.gui.dialogs import ask_reason
from dutyroom.gui.pages.base import Page, set_message, subtitle_label, title_label
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
        form = QFormLayout()
        self.note = QLineEdit()
        self.note.setPlaceholderText("修改原因和依据文件，如：依据市应急局〔2026〕12号文，较大事件电话报告改为20分钟")
        form.addRow("修改原因", self.note)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("检查并保存为新版本")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            rulebook.save_rule_set(self.ctx.session, self.editor.toPlainText(), note=self.note.text())
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        self.accept()


class RulesPage(Page):
    areas = frozenset({Area.RULES, Area.SETTINGS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(title_label("报送规则"))
        layout.addWidget(subtitle_label(
            "事件定级（493号令）和报送时限都是数据：可启用内置的“全国默认”或“河南从严”，也可按本地文件修改。"
            "每个版本都保留，启用哪一版、何时启用都记入审计记录。"))
        self.current = QLabel()
        self.current.setObjectName("shiftLabel")
        layout.addWidget(self.current)
        self.on_duty_only = QCheckBox("只允许当班的带班领导签发信息报告（否则任一带班领导账户均可签发）")
        self.on_duty_only.toggled.connect(self.set_on_duty_only)
        layout.addWidget(self.on_duty_only)
        buttons = QHBoxLayout()
        self.adopt = {}
        for key, name in rulebook.SHIPPED.items():
            button = QPushButton(f"启用内置：{name}")
            button.clicked.connect(lambda _=False, key=key: self.adopt_shipped(key))
            self.adopt[key] = button
            buttons.addWidget(button)
        self.edit_button = QPushButton("编辑为新版本…")
        self.edit_button.setObjectName("primaryButton")
        self.edit_button.clicked.connect(self.edit)
        self.activate_button = QPushButton("启用所选版本")
        self.activate_button.clicked.connect(self.activate_selected)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.activate_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["版本", "来源", "保存", "说明"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self.show_selected)
        left_layout.addWidget(self.table, 1)
        self.body = QPlainTextEdit()
        self.body.setReadOnly(True)
        left_layout.addWidget(self.body, 2)
        splitter.addWidget(left)
        splitter.addWidget(self._trial_panel())
        splitter.setSizes([700, 460])
        layout.addWidget(splitter, 1)
        self.message = subtitle_label()
        layout.addWidget(self.message)

    def _trial_panel(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("panel")
        layout = QVBoxLayout(panel)
        heading = QLabel("试算（按所选版本）")
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        grid = QGridLayout()
        self.trial: dict[str, QLineEdit] = {}
        for index, (key, label) in enumerate(TRIAL_FIELDS):
            edit = QLineEdit()
            edit.setPlaceholderText("0")
            edit.textChanged.connect(self.run_trial)
            self.trial[key] = edit
            grid.addWidget(QLabel(label), index // 2, (index % 2) * 2)
            grid.addWidget(edit, index // 2, (index % 2) * 2 + 1)
        self.trial_category = QComboBox()
        self.trial_category.addItem("（未选类别）", "")
        for name in taxonomy().categories:
            self.trial_category.addItem(name, name)
        self.trial_category.currentIndexChanged.connect(self.run_trial)
        grid.addWidget(QLabel("类别"), 4, 0)
        grid.addWidget(self.trial_category, 4, 1, 1, 3)
        layout.addLayout(grid)
        self.trial_result = QLabel()
        self.trial_result.setWordWrap(True)
        self.trial_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.trial_result, 1)
        return panel

    def set_on_duty_only(self, checked: bool) -> None:
        from dutyroom import settings

        try:
            settings.set_value(self.ctx.session, "incidents.signoff_on_duty_only", checked)
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        set_message(self.message, "签发限制已" + ("开启：只有当班带班领导可以签发。" if checked else "关闭。"))

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
            index = self.table.rowCount()
            self.table.insertRow(index)
            label = row["label"] + ("　【现行】" if row["in_force"] else "")
            item = QTableWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            self.table.setItem(index, 0, item)
            self.table.setItem(index, 1, QTableWidgetItem("内置" if row["origin"] == "shipped" else "管理员"))
            self.table.setItem(index, 2, QTableWidgetItem(f"{row['created_at'][:16].replace('T', ' ')} "
                                                          f"{row['created_by_name']}"))
            self.table.setItem(index, 3, QTableWidgetItem(row["note"]))
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
        note = ask_reason(self, "启用内置规则", f"启用“{rulebook.SHIPPED[key]}”的原因（选填）：")
        if note is None:
            return
        try:
            rulebook.adopt_shipped(self.ctx.session, key, note)
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        set_message(self.message, f"已启用：{rulebook.SHIPPED[key]}。")

    def activate_selected(self) -> None:
        rule_set_id = self.selected_id()
        if rule_set_id is None:
            set_message(self.message, "请先选择一个版本。", error=True)
            return
        note = ask_reason(self, "启用此版本", "启用原因（选填）：")
        if note is None:
            return
        try:
            rulebook.activate(self.ctx.session, rule_set_id, note)
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        set_message(self.message, "已启用所选版本。")

    def edit(self) -> None:
        text = self.body.toPlainText() or json.dumps(rulebook.shipped_rule_set().body, ensure_ascii=False, indent=1)
        if RuleEditDialog(self.ctx, text, self).exec():
            set_message(self.message, "已保存为新版本并启用。")
