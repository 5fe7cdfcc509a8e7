"""Login, first-run administrator, change password (the forms are ui/*.ui)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QWidget

from dutyroom.auth import accounts
from dutyroom.clock import Clock
from dutyroom.errors import DutyRoomError, LoginThrottled
from dutyroom.gui.forms.ui_change_password import Ui_ChangePasswordDialog
from dutyroom.gui.forms.ui_first_run import Ui_FirstRunDialog
from dutyroom.gui.forms.ui_login import Ui_LoginDialog
from dutyroom.gui.kit.ops import run_op
from dutyroom.session import Actor, Session
from dutyroom.store import Store


def _label_buttons(box: QDialogButtonBox, ok: str, cancel: str) -> None:
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)

LABELS = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class LoginDialog(QDialog):
    def __init__(self, store: Store, clock: Clock, *, org_name: str = "", hint: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_LoginDialog()
        self.ui.setupUi(self)
        self.ui.formLayout.setLabelAlignment(LABELS)   # as every form (kit.fields.form_layout)
        self.store, self.clock = store, clock
        self.actor: Actor | None = None
        if org_name:
            self.ui.orgLabel.setText(f"{org_name} · 值班值守")
        self.ui.hintLabel.setText(hint)
        self.ui.hintLabel.setVisible(bool(hint))
        _label_buttons(self.ui.buttonBox, "登录", "退出")
        self.ui.buttonBox.accepted.connect(self.try_login)
        self.ui.buttonBox.rejected.connect(self.reject)
        self._retry_timer = QTimer(self)
        self._retry_timer.setSingleShot(True)
        self._retry_timer.timeout.connect(lambda: self._set_busy(False))
        self.ui.usernameEdit.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self.ui.buttonBox.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not busy)

    def try_login(self) -> None:
        outcome = run_op(self, accounts.login, self.store, self.ui.usernameEdit.text(), self.ui.passwordEdit.text(),
                         self.clock, message=self.ui.messageLabel, on_refusal=self._refused)
        if outcome:
            self.actor = outcome.value
            self.accept()

    def _refused(self, exc: DutyRoomError) -> None:
        if isinstance(exc, LoginThrottled):
            self._set_busy(True)
            self._retry_timer.start(exc.wait_seconds * 1000)
            return
        self.ui.passwordEdit.clear()
        self.ui.passwordEdit.setFocus()


class FirstRunDialog(QDialog):
    def __init__(self, store: Store, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_FirstRunDialog()
        self.ui.setupUi(self)
        self.ui.formLayout.setLabelAlignment(LABELS)   # as every form (kit.fields.form_layout)
        self.store, self.clock = store, clock
        self.actor: Actor | None = None
        _label_buttons(self.ui.buttonBox, "创建并登录", "退出")
        self.ui.buttonBox.accepted.connect(self.create_admin)
        self.ui.buttonBox.rejected.connect(self.reject)
        self.ui.passwordEdit.setFocus()

    def create_admin(self) -> None:       # not create(): that is QWidget's
        if self.ui.passwordEdit.text() != self.ui.confirmEdit.text():
            self.ui.messageLabel.setText("两次输入的密码不一致。")
            return
        outcome = run_op(self, accounts.create_first_admin, self.store, self.clock,
                         username=self.ui.usernameEdit.text(), password=self.ui.passwordEdit.text(),
                         display_name=self.ui.displayNameEdit.text(), message=self.ui.messageLabel)
        if outcome:
            self.actor = outcome.value
            self.accept()


class ChangePasswordDialog(QDialog):
    def __init__(self, session: Session, *, forced: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = Ui_ChangePasswordDialog()
        self.ui.setupUi(self)
        self.ui.formLayout.setLabelAlignment(LABELS)   # as every form (kit.fields.form_layout)
        self.session = session
        if forced:
            self.ui.introLabel.setText("管理员为您设置了临时密码，请先修改密码再使用。新密码至少8位，须同时包含字母和数字。")
        _label_buttons(self.ui.buttonBox, "修改", "取消")
        self.ui.buttonBox.accepted.connect(self.change)
        self.ui.buttonBox.rejected.connect(self.reject)

    def change(self) -> None:
        if self.ui.newEdit.text() != self.ui.confirmEdit.text():
            self.ui.messageLabel.setText("两次输入的新密码不一致。")
            return
        if run_op(self, accounts.change_own_password, self.session, self.ui.oldEdit.text(), self.ui.newEdit.text(),
                  message=self.ui.messageLabel):
            self.accept()
