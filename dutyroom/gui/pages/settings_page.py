"""系统设置: the settings that shape printouts and shifts (unit name, handover time, duty phone and fax)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from dutyroom import settings
from dutyroom.changes import Area
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.pages.base import Page, set_message, subtitle_label, title_label

EDITABLE = ("org.name", "org.county", "duty.handover_time", "duty.phone", "duty.fax",
            "contacts.stale_days",
            "handover.equipment", "handover.open_before_minutes", "report.send_to",
            "incidents.addressee", "incidents.upper_unit", "incidents.warning_minutes", "incidents.alarm_repeat_seconds")


class SettingsPage(Page):
    areas = frozenset({Area.SETTINGS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
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
        layout.addWidget(form_host)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("保存")
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("撤销未保存的修改")
        self.revert_button.clicked.connect(self.reload)
        self.message = subtitle_label()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.message, 1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    def reload(self) -> None:
        for key, edit in self.edits.items():
            edit.setText(str(settings.get(self.ctx.store, key)))
        self.message.setText("")

    def save(self) -> None:
        try:
            settings.set_many(self.ctx.session, {key: edit.text() for key, edit in self.edits.items()})
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        set_message(self.message, "已保存。")
