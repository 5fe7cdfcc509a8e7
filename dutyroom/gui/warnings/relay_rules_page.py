"""叫应规则 (administrator): whom each warning type and level calls, with what deadlines and tries — versioned data
(the kit's ``RuleVersions``, like 报送规则) — a trial of the selected version on today's contact tree, and the
call screen's settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QSplitter, QWidget

from dutyroom import settings
from dutyroom.changes import Area
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.fields import form_layout
from dutyroom.gui.kit.ops import run_op
from dutyroom.gui.kit.page import Page, subtitle_label, title_label
from dutyroom.gui.kit.rule_versions import RuleVersions
from dutyroom.gui.kit.widgets import button, label, page_layout, panel
from dutyroom.warnings import records, relay
from dutyroom.warnings.catalog import catalogue, level_text

SETTING_KEYS = ("warnings.backdate_minutes", "warnings.claim_seconds", "warnings.alarm_minutes",
                "warnings.alarm_repeat_seconds")


class RelayRulesPage(Page):
    areas = frozenset({Area.RULES, Area.SETTINGS, Area.ORG, Area.CONTACTS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, spacing=None)
        layout.addWidget(title_label("叫应规则"))
        layout.addWidget(subtitle_label(
            "每种预警、每个级别逐一电话叫应谁、多少分钟内全部应答、几次未应答启用B角和上报，都是数据：默认值为本地做法，"
            "请按本县预案修改。每个版本都保留；已生成的叫应名单按生成时的版本执行。"))
        self.message = subtitle_label()
        self.versions = RuleVersions(ctx, relay.FAMILY, message=self.message, edit_hint=(
            "规则为JSON：selectors 为叫应对象（按标签、职务、单位类型、通讯录分组或当班岗位），relay 为各种类、级别的叫应条目"
            "（按顺序取第一条适用的），levels 为各级别的全部应答时限和重拨间隔，tell_first 为首先报告的对象，"
            "escalation 为叫不醒时的上报对象。保存后成为新版本并立即启用。"))
        self.versions.selection_changed.connect(self.run_trial)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.versions)
        splitter.addWidget(self._side())
        splitter.setSizes([720, 440])
        layout.addWidget(splitter, 1)
        layout.addWidget(self.message)

    def _side(self) -> QWidget:
        frame, column = panel("试算（按所选版本和今天的通讯录）", margins=None)
        form = form_layout(messages=False)
        self.trial_type = QComboBox()
        self.trial_type.addItems(catalogue().names)
        self.trial_level = QComboBox()
        self.trial_type.currentTextChanged.connect(self._levels)
        self.trial_level.currentIndexChanged.connect(lambda _i: self.run_trial())
        self.trial_area = QLineEdit()
        self.trial_area.setPlaceholderText("受影响乡镇，逗号分隔；空为全县")
        self.trial_area.editingFinished.connect(self.run_trial)
        form.addRow("预警种类", self.trial_type)
        form.addRow("级别", self.trial_level)
        form.addRow("影响乡镇", self.trial_area)
        column.addLayout(form)
        self.trial_result = label(wrap=True, selectable=True)
        column.addWidget(self.trial_result, 1)
        column.addWidget(label("叫应设置", "sectionTitle"))
        settings_form = form_layout(messages=False)
        self.setting_edits: dict[str, QLineEdit] = {}
        for key in SETTING_KEYS:
            setting = settings.SETTINGS[key]
            edit = QLineEdit()
            edit.setToolTip(setting.help)
            self.setting_edits[key] = edit
            settings_form.addRow(setting.label, edit)
        column.addLayout(settings_form)
        column.addWidget(button("保存叫应设置", self.save_settings))
        self._levels(self.trial_type.currentText())
        return frame

    def _levels(self, name: str) -> None:
        self.trial_level.blockSignals(True)
        self.trial_level.clear()
        for code in catalogue().get(name).levels:
            self.trial_level.addItem(level_text(code), code)
        self.trial_level.blockSignals(False)
        self.run_trial()

    def reload(self) -> None:
        for key, edit in self.setting_edits.items():
            edit.setText(str(settings.get(self.ctx.store, key)))
        self.versions.reload()

    def _rules(self) -> Any:
        text = self.versions.body_text()
        return relay.parse_relay_rules(text) if text else relay.FAMILY.rules_in_force(self.ctx.store)

    def run_trial(self) -> None:
        if not hasattr(self, "trial_result"):
            return
        areas = [a.strip() for a in self.trial_area.text().replace("，", ",").split(",") if a.strip()]
        try:
            found = records.preview(self.ctx.store, self.trial_type.currentText(), self.trial_level.currentData(),
                                    areas, self.ctx.session.now(), rules=self._rules())
        except DutyRoomError as exc:
            self.trial_result.setText(exc.message)
            return
        plan = found.plan
        lines = [plan.rule_text + "。"]
        if plan.calls:
            lines.append(f"首先报告：{found.leader or '（本班次未排带班领导）'}，{plan.leader_minutes}分钟内。")
            lines.append(f"重拨间隔{plan.retry_minutes}分钟；未应答{plan.tries_before_backup}次启用B角，"
                         f"共{plan.tries_before_escalation}次未应答上报，上报后{plan.escalation_minutes}分钟内应答。")
        lines.append(f"按今天的通讯录，名单共{found.people}人：")
        lines += [f"  {name}：{count}人" for name, count in found.by_selector.items()]
        if found.away:
            lines.append(f"  其中外出报备{found.away}人（其B角排在前面）。")
        if plan.source:
            lines.append(f"依据：{plan.source}")
        self.trial_result.setText("\n".join(lines))

    def save_settings(self) -> None:
        values = {key: edit.text() for key, edit in self.setting_edits.items()}
        run_op(self, settings.set_many, self.ctx.session, values, message=self.message, done="叫应设置已保存。")
