"""A new account (user name, name, roles, linked person, temporary password) or an existing one's name,
person and roles."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom import org
from dutyroom.auth import accounts
from dutyroom.auth.accounts import AccountSummary
from dutyroom.auth.permissions import ROLE_LABELS
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.fields import form_layout
from dutyroom.gui.kit.ops import dialog_buttons, run_op
from dutyroom.gui.kit.widgets import label
from dutyroom.session import Session


class AccountDialog(QDialog):
    """New account (user name, name, roles, person, temporary password) or roles of an existing one."""

    def __init__(self, ctx: AppContext, record: AccountSummary | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.record = ctx, record
        self.setWindowTitle("新建账户" if record is None else f"修改账户 — {record['username']}")
        layout = QVBoxLayout(self)
        form = form_layout(messages=False)
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
        for role, role_label in ROLE_LABELS.items():
            box = QCheckBox(role_label)
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
        self.message = label(wrap=True)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons("保存", dialog=self, on_ok=self.save))

    def _person_picked(self) -> None:
        text = self.person.currentText()
        if self.person.currentData() is not None and not self.display_name.text():
            self.display_name.setText(text.split("　")[0])

    def roles(self) -> list[str]:
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    def save(self) -> None:
        if run_op(self, self._write, self.ctx.session, message=self.message):
            self.accept()

    def _write(self, session: Session) -> None:
        if self.record is None:
            accounts.create_account(session, username=self.username.text(), password=self.password.text(),
                                    display_name=self.display_name.text(), roles=self.roles(),
                                    person_id=self.person.currentData())
        else:
            accounts.update_account(session, self.record["id"], display_name=self.display_name.text(),
                                    person_id=self.person.currentData())
            accounts.set_roles(session, self.record["id"], self.roles())
