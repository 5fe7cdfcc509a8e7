"""报送规则 (administrator): which grading and deadline rules are in force, their versions and edits (the kit's
``RuleVersions``), a trial run."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QGridLayout, QLabel, QLineEdit, QSplitter, QWidget

from dutyroom.changes import Area
from dutyroom.errors import ValidationError
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import run_op
from dutyroom.gui.kit.page import Page, subtitle_label, title_label
from dutyroom.gui.kit.rule_versions import RuleVersions
from dutyroom.gui.kit.widgets import label, page_layout, panel
from dutyroom.incidents import deadlines, rulebook
from dutyroom.incidents.rules import GRADE_LABELS, parse_rule_set
from dutyroom.incidents.taxonomy import taxonomy

TRIAL_FIELDS = (("dead", "死亡"), ("missing", "失踪"), ("serious_injuries", "重伤"), ("trapped", "被困"),
                ("at_risk", "涉险"), ("evacuated", "疏散"), ("loss_wan", "损失（万元）"))


class RulesPage(Page):
    areas = frozenset({Area.RULES, Area.SETTINGS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, spacing=None)
        layout.addWidget(title_label("报送规则"))
        layout.addWidget(subtitle_label(
            "事件定级（493号令）和报送时限都是数据：可启用内置的“全国默认”或“河南从严”，也可按本地文件修改。"
            "每个版本都保留，启用哪一版、何时启用都记入审计记录。"))
        self.on_duty_only = QCheckBox("只允许当班的带班领导签发信息报告（否则任一带班领导账户均可签发）")
        self.on_duty_only.toggled.connect(self.set_on_duty_only)
        layout.addWidget(self.on_duty_only)
        self.message = subtitle_label()
        self.versions = RuleVersions(ctx, rulebook.FAMILY, message=self.message, edit_hint=(
            "规则为JSON：grading 为定级标准和标记，deadlines 为各报送环节的时限。保存前会逐项检查；"
            "保存后成为新版本并立即启用，旧版本保留可随时恢复。已接报事件的时限在其要素或等级变化时按新规则重算。"))
        self.versions.selection_changed.connect(self.run_trial)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.versions)
        splitter.addWidget(self._trial_panel())
        splitter.setSizes([700, 460])
        layout.addWidget(splitter, 1)
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
        self.versions.reload()

    def _rules(self) -> Any:
        text = self.versions.body_text()
        return parse_rule_set(text) if text else rulebook.rules_in_force(self.ctx.store)

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
