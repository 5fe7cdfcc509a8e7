"""系统设置: the settings that shape printouts and shifts (unit name, handover time, duty phone and fax), and
for administrators the 数据备份 tab (copies, restore, backup settings) and the 审计校验点 tab (anchors read
from paper)."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QTabWidget, QWidget

from dutyroom import settings
from dutyroom.changes import Area
from dutyroom.gui.admin.anchor_list import AnchorList
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.fields import form_layout
from dutyroom.gui.kit.ops import run_op
from dutyroom.gui.kit.page import Page, subtitle_label, title_label
from dutyroom.gui.kit.widgets import button, hbox, hidden_unless, page_header, page_layout, vbox

EDITABLE = ("org.name", "org.county", "duty.handover_time", "duty.phone", "duty.fax",
            "contacts.stale_days",
            "handover.equipment", "handover.open_before_minutes", "report.send_to",
            "incidents.addressee", "incidents.upper_unit", "incidents.warning_minutes", "incidents.alarm_repeat_seconds")
BACKUP_TAB = "数据备份"
ANCHORS_TAB = "审计校验点"


class SettingsPage(Page):
    areas = frozenset({Area.SETTINGS, Area.ANCHORS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, spacing=None)
        self.guide_button = button("开通向导…", self.open_guide,
                                   tooltip="本单位、通讯录、值班人员、账户、节假日安排、历史排班、第一个月排班")
        self.staff_button = button("值班人员…", lambda: ctx.navigate("staff"))
        layout.addLayout(page_header(title_label("系统设置"),
                                     subtitle_label("这些设置保存在数据文件中，所有工作站共用；每次修改都记入审计记录。"),
                                     self.guide_button, self.staff_button))
        hidden_unless(ctx.session.can("roster.staff"), self.staff_button)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._general_tab(), "常规")
        self.backup_panel = None
        if ctx.session.can("backup.manage"):
            from dutyroom.gui.backup.backup_panel import BackupPanel

            self.backup_panel = BackupPanel(ctx)
            self.tabs.addTab(self.backup_panel, BACKUP_TAB)
        self.anchors = AnchorList(ctx) if ctx.session.can("audit.anchor") else None
        if self.anchors is not None:
            self.tabs.addTab(self.anchors, ANCHORS_TAB)
        layout.addWidget(self.tabs, 1)

    def _general_tab(self) -> QWidget:
        form_host = QWidget()
        form = form_layout(form_host, messages=False)
        form.setVerticalSpacing(12)
        self.edits: dict[str, QLineEdit] = {}
        for key in EDITABLE:
            setting = settings.SETTINGS[key]
            edit = QLineEdit()
            edit.setToolTip(setting.help)
            edit.setPlaceholderText(setting.help)
            edit.setMinimumWidth(360)
            self.edits[key] = edit
            form.addRow(setting.label, edit)
        self.save_button = button("保存", self.save, primary=True)
        self.revert_button = button("撤销未保存的修改", self.reload)
        self.message = subtitle_label()
        buttons = hbox(self.save_button, self.revert_button)
        buttons.addWidget(self.message, 1)
        tab = QWidget()
        vbox(form_host, buttons, None, parent=tab)
        return tab

    def reload(self) -> None:
        for key, edit in self.edits.items():
            edit.setText(str(settings.get(self.ctx.store, key)))
        self.message.setText("")
        if self.backup_panel is not None:
            self.backup_panel.reload()
        if self.anchors is not None:
            self.anchors.reload()

    def go_to(self, **target: object) -> None:
        """``tab="backup"`` shows 数据备份 (the today board's backup warning links here)."""
        if target.get("tab") == "backup" and self.backup_panel is not None:
            self.tabs.setCurrentWidget(self.backup_panel)

    def open_guide(self) -> QWidget:
        from dutyroom.gui.setup.guide import open_guide

        return open_guide(self.ctx, self)

    def save(self) -> None:
        run_op(self, settings.set_many, self.ctx.session, {key: edit.text() for key, edit in self.edits.items()},
               message=self.message, done="已保存。")
