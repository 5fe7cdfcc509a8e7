"""账户管理 (administrator): accounts, their roles and linked person, temporary passwords, deactivation."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom import org
from dutyroom.auth import accounts
from dutyroom.auth.permissions import ROLE_LABELS, roles_label
from dutyroom.changes import Area
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.dialogs import ask_reason, show_error
from dutyroom.gui.models import RECORD_ROLE, Column, RecordTableModel, record_table
from dutyroom.gui.pages.base import Page, set_message, subtitle_label, title_label

COLUMNS = (
    Column("username", "用户名"),
    Column("display_name", "姓名"),
    Column("roles", "角色", text=lambda r: roles_label(set(r["roles"]))),
    Column("person_name", "关联人员", text=lambda r: r["person_name"] or "—"),
    Column("status", "状态", text=lambda r: f"已停用（{r['void_reason']}）" if r["voided_at"]
           else ("须修改密码" if r["must_change_password"] else "正常")),
    Column("last_login_at", "最近登录", text=lambda r: (r["last_login_at"] or "从未登录")[:16].replace("T", " ")),
)


class AccountDialog(QDialog):
    """New account (user name, name, roles, person, temporary password) or roles of an existing one."""

    def __init__(self, ctx: AppContext, record: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.record = ctx, record
        self.setWindowTitle("新建账户" if record is None else f"修改账户 — {record['username']}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.username = QLineEdit(record["username"] if record else "")
        self.username.setEnabled(record is None)
        self.display_name = QLineEdit(record["display_name"] if record else "")
        self.person = QComboBox()
        self.person.addItem("（不关联）", None)
        for person in org.duty_staff(ctx.store):
            self.person.addItem(f"{person['name']}　{person['position']}", person["id"])
        if record and record["person_id"]:
            self.person.setCurrentIndex(max(self.person.findData(record["person_id"]), 0))
        self.person.currentIndexChanged.connect(self._person_picked)
        roles_row = QHBoxLayout()
        self.role_boxes: dict[str, QCheckBox] = {}
        for role, label in ROLE_LABELS.items():
            box = QCheckBox(label)
            box.setChecked(bool(record and role in record["roles"]))
            self.role_boxes[role] = box
            roles_row.addWidget(box)
        form.addRow("用户名", self.username)
        form.addRow("关联人员", self.person)
        form.addRow("姓名", self.display_name)
        form.addRow("角色", roles_row)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("临时密码：至少8位，含字母和数字；首次登录须修改")
        if record is None:
            form.addRow("临时密码", self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _person_picked(self) -> None:
        text = self.person.currentText()
        if self.person.currentData() is not None and not self.display_name.text():
            self.display_name.setText(text.split("　")[0])

    def roles(self) -> list[str]:
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    def save(self) -> None:
        session = self.ctx.session
        try:
            if self.record is None:
                accounts.create_account(session, username=self.username.text(), password=self.password.text(),
                                        display_name=self.display_name.text(), roles=self.roles(),
                                        person_id=self.person.currentData())
            else:
                accounts.update_account(session, self.record["id"], display_name=self.display_name.text(),
                                        person_id=self.person.currentData())
                accounts.set_roles(session, self.record["id"], self.roles())
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        self.accept()


class AccountsPage(Page):
    areas = frozenset({Area.ACCOUNTS, Area.ORG})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(title_label("账户管理"))
        layout.addWidget(subtitle_label("每位值班人员使用自己的账户登录，所有记录都以账户署名。"
                                        "停用的账户保留在列表中，不会删除。"))
        buttons = QHBoxLayout()
        self.new_button = QPushButton("新建账户…")
        self.new_button.setObjectName("primaryButton")
        self.edit_button = QPushButton("修改姓名和角色…")
        self.reset_button = QPushButton("设置临时密码…")
        self.void_button = QPushButton("停用…")
        for button in (self.new_button, self.edit_button, self.reset_button, self.void_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.model = RecordTableModel(COLUMNS, self)
        self.model.muted = lambda record: bool(record["voided_at"])
        self.table = record_table(self.model)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        layout.addWidget(self.table, 1)
        self.message = subtitle_label()
        layout.addWidget(self.message)
        self.new_button.clicked.connect(self.create)
        self.edit_button.clicked.connect(self.edit)
        self.reset_button.clicked.connect(self.reset_password)
        self.void_button.clicked.connect(self.void)

    def reload(self) -> None:
        self.model.set_records(accounts.list_accounts(self.ctx.store))

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(RECORD_ROLE) if rows else None

    def create(self) -> None:
        if AccountDialog(self.ctx, parent=self).exec():
            set_message(self.message, "账户已创建；请把临时密码当面告诉本人，首次登录时须修改。")

    def edit(self) -> None:
        record = self.selected()
        if record is None:
            set_message(self.message, "请先在列表中选择一个账户。", error=True)
            return
        if AccountDialog(self.ctx, record, parent=self).exec():
            set_message(self.message, f"已修改账户 {record['username']}。")

    def reset_password(self) -> None:
        record = self.selected()
        if record is None:
            set_message(self.message, "请先在列表中选择一个账户。", error=True)
            return
        password = ask_reason(self, "设置临时密码", f"为 {record['display_name']} 设置临时密码（至少8位，含字母和数字）：")
        if not password:
            return
        try:
            accounts.reset_password(self.ctx.session, record["id"], password)
        except DutyRoomError as exc:
            show_error(self, exc)
            return
        set_message(self.message, f"已为 {record['display_name']} 设置临时密码，下次登录须修改。")

    def void(self) -> None:
        record = self.selected()
        if record is None:
            set_message(self.message, "请先在列表中选择一个账户。", error=True)
            return
        reason = ask_reason(self, "停用账户", f"停用 {record['display_name']}（{record['username']}）的原因：")
        if reason is None:
            return
        try:
            accounts.void_account(self.ctx.session, record["id"], reason)
        except DutyRoomError as exc:
            show_error(self, exc)
            return
        set_message(self.message, f"账户 {record['username']} 已停用。")


