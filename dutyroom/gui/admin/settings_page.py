"""系统设置: the settings that shape printouts and shifts (unit name, handover time, duty phone and fax), and
for the administrator the audit anchors read from paper."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from dutyroom import settings
from dutyroom.changes import Area
from dutyroom.gui.admin.anchor_list import AnchorList
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import run_op
from dutyroom.gui.kit.page import Page, subtitle_label, title_label
from dutyroom.gui.kit.widgets import button, hbox, holder, page_layout, scroll, vbox

EDITABLE = ("org.name", "org.county", "duty.handover_time", "duty.phone", "duty.fax",
            "contacts.stale_days",
            "handover.equipment", "handover.open_before_minutes", "report.send_to",
            "incidents.addressee", "incidents.upper_unit", "incidents.warning_minutes", "incidents.alarm_repeat_seconds")


class SettingsPage(Page):
    areas = frozenset({Area.SETTINGS, Area.ANCHORS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, spacing=None)
        layout.addWidget(title_label("系统设置"))
        layout.addWidget(subtitle_label("这些设置保存在数据文件中，所有工作站共用；每次修改都记入审计记录。"))
        form_host = QWidget()
        form = QFormLayout(form_host)
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
        column = vbox(form_host, buttons, margins=(0, 0, 8, 0))
        self.anchors = AnchorList(ctx) if ctx.session.can("audit.anchor") else None
        if self.anchors is not None:
            column.addSpacing(8)
            column.addWidget(self.anchors)
        column.addStretch(1)
        layout.addWidget(scroll(holder(column, margins=None)), 1)      # the form and the anchors, scrolled together

    def reload(self) -> None:
        for key, edit in self.edits.items():
            edit.setText(str(settings.get(self.ctx.store, key)))
        self.message.setText("")
        if self.anchors is not None:
            self.anchors.reload()

    def save(self) -> None:
        run_op(self, settings.set_many, self.ctx.session, {key: edit.text() for key, edit in self.edits.items()},
               message=self.message, done="已保存。")
