"""Running an operation from the GUI: the one way a screen calls the core and shows its refusal.

``run_op`` calls an operation; a refusal (``DutyRoomError``) is shown inline in the screen's message line,
or in a message box, and nothing else happens; success shows the ``done`` text. ``run_with_reason`` asks
for the reason first (voiding, withdrawing, rejecting …). Any other exception is a bug and propagates.
A write that met another program's lock (``StoreBusy``: nothing was written) offers 重试 first; the screen
stays as it was, so what the user typed is still there to try again with.

    if run_op(self, people.void_contact, session, person_id, reason, message=self.status, done="已作废。"):
        ...
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom.errors import DutyRoomError, StoreBusy
from dutyroom.gui.kit.page import set_message

T = TypeVar("T")
Done = str | Callable[[Any], str] | None


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What running an operation came to: true when it was done (``value`` is what it returned)."""

    ok: bool
    value: T | None = None

    def __bool__(self) -> bool:
        return self.ok


REFUSED: Outcome[Any] = Outcome(False)


def show_error(parent: QWidget | None, error: BaseException, title: str = "操作未完成") -> None:
    """A refusal or failure the user must read. Unknown errors still get a Chinese sentence."""
    if isinstance(error, DutyRoomError):
        text = error.message
    else:
        text = f"发生了意外错误，操作未完成，数据没有改动。\n\n技术信息：{type(error).__name__}: {error}"
    QMessageBox.warning(parent, title, text)


def run_op(parent: QWidget | None, operation: Callable[..., T], *args: Any, message: QLabel | None = None,
           done: Done = None, modal: bool = False, error_title: str = "操作未完成",
           on_refusal: Callable[[DutyRoomError], object] | None = None, **kwargs: Any) -> Outcome[T]:
    """Call ``operation(*args, **kwargs)``. A refusal goes to ``message`` (in red), or to a message box when
    there is no message line or ``modal`` is set (titled ``error_title``); ``on_refusal`` may then point at
    the field it names. On success ``done`` (a text, or made from the result) goes to ``message``."""
    try:
        value = _with_retry(parent, operation, *args, **kwargs)
    except DutyRoomError as exc:
        if message is None or modal:
            show_error(parent, exc, error_title)
        else:
            set_message(message, exc.message, error=True)
        if on_refusal is not None:
            on_refusal(exc)
        return REFUSED
    if done is not None and message is not None:
        set_message(message, done(value) if callable(done) else done)
    return Outcome(True, value)


def _with_retry(parent: QWidget | None, operation: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``operation(*args, **kwargs)``, tried again for as long as the user answers 重试 to a busy data file."""
    while True:
        try:
            return operation(*args, **kwargs)
        except StoreBusy as exc:
            if not ask_retry(parent, exc):
                raise


def ask_retry(parent: QWidget | None, error: StoreBusy) -> bool:
    """The data file is busy: 重试 (True) or 取消; the screen keeps what was typed either way."""
    box = QMessageBox(QMessageBox.Icon.Warning, "数据文件正忙", f"{error.message}\n\n填写的内容仍保留在窗口中。", parent=parent)
    retry = box.addButton("重试", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(retry)
    box.exec()
    return box.clickedButton() is retry


def ask_reason(parent: QWidget | None, title: str, prompt: str) -> str | None:
    """One line of text (a reason, a note); None when cancelled."""
    text, ok = QInputDialog.getText(parent, title, prompt)
    return text.strip() if ok else None


def run_with_reason(parent: QWidget | None, title: str, prompt: str, operation: Callable[..., T], *args: Any,
                    blank_cancels: bool = False, **options: Any) -> Outcome[T]:
    """Ask for a reason, then ``run_op(parent, operation, *args, reason, **options)``. Cancelling (or, with
    ``blank_cancels``, leaving it blank) runs nothing; a blank reason otherwise goes to the operation, whose
    refusal says what is missing."""
    reason = ask_reason(parent, title, prompt)
    if reason is None or (blank_cancels and not reason):
        return REFUSED
    return run_op(parent, operation, *args, reason, **options)


class TextDialog(QDialog):
    """A short multi-line answer (办理结果, 进展)."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(dialog_buttons("确定", dialog=self))
        self.resize(480, 220)

    @property
    def text(self) -> str:
        return self.edit.toPlainText()


def ask_text(parent: QWidget | None, title: str, prompt: str) -> str | None:
    """Several lines of text; None when cancelled."""
    dialog = TextDialog(title, prompt, parent)
    return dialog.text if dialog.exec() else None


def confirm(parent: QWidget | None, title: str, text: str, *, default: bool | None = None) -> bool:
    """A yes/no question; True for 是. ``default``: the button Enter presses (None: Qt's choice)."""
    if default is None:
        answer = QMessageBox.question(parent, title, text)
    else:
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        answer = QMessageBox.question(parent, title, text, yes | no, yes if default else no)
    return answer == QMessageBox.StandardButton.Yes


def dialog_buttons(ok: str, cancel: str = "取消", *, dialog: QDialog | None = None,
                   on_ok: Callable[[], Any] | None = None, keys: tuple[str, ...] = ()) -> QDialogButtonBox:
    """OK and Cancel with the dialog's own words. With ``dialog``: OK runs ``on_ok`` (which closes the dialog
    when it succeeds), and so do the shortcut ``keys``; Cancel rejects the dialog."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
    if dialog is not None:
        accept = on_ok or dialog.accept
        box.accepted.connect(accept)
        box.rejected.connect(dialog.reject)
        for key in keys:
            QShortcut(QKeySequence(key), dialog).activated.connect(accept)
    return box
