"""Dialogs built from a description instead of by hand.

``QuickDialog``: a small form (``Spec`` per input) whose OK runs one operation; a refusal keeps it open with
the reason, the cursor on the field it names. ``ToolDialog``: a window of several actions over a list, with a
message line and 关闭; each action runs through ``run`` and the window reloads after a success.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom.errors import DutyRoomError
from dutyroom.gui.kit.dates import datetime_edit, from_qdatetime
from dutyroom.gui.kit.fields import FieldChecks, add_field, enter_moves_on, form_layout
from dutyroom.gui.kit.ops import Done, dialog_buttons, run_op, run_with_reason
from dutyroom.gui.kit.page import subtitle_label
from dutyroom.gui.kit.widgets import hbox, label


@dataclass
class Spec:
    """One input of a small dialog."""
    key: str
    label: str
    kind: str = "text"          # text, area, datetime, combo, editable, check
    default: Any = None
    options: tuple[str, ...] = ()
    hint: str = ""

    def widget(self) -> QWidget:
        if self.kind == "area":
            area = QPlainTextEdit(str(self.default or ""))
            area.setTabChangesFocus(True)
            area.setMaximumHeight(90)
            return area
        if self.kind == "datetime":
            return datetime_edit(self.default)
        if self.kind in ("combo", "editable"):
            combo = QComboBox()
            combo.setEditable(self.kind == "editable")
            for option in self.options:
                combo.addItem(option)
            if self.default is not None:
                combo.setCurrentText(str(self.default))
            return combo
        if self.kind == "check":
            box = QCheckBox(self.hint)
            box.setChecked(bool(self.default))
            return box
        line = QLineEdit(str(self.default or ""))
        line.setPlaceholderText(self.hint)
        return line


def value_of(widget: QWidget) -> Any:
    """What an input made by ``Spec.widget`` holds."""
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QDateTimeEdit):
        return from_qdatetime(widget.dateTime())
    if isinstance(widget, QComboBox):
        return widget.currentText()
    if isinstance(widget, QCheckBox):
        return widget.isChecked()
    return widget.text()  # type: ignore[attr-defined]


class QuickDialog(QDialog):
    """A small form dialog whose OK runs an operation; a refusal keeps it open with the reason."""

    def __init__(self, title: str, intro: str, specs: list[Spec], action: Callable[[dict[str, Any]], Any],
                 ok: str = "保存", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.action, self.result_value = action, None
        layout = QVBoxLayout(self)
        if intro:
            layout.addWidget(label(intro, "pageSubtitle", wrap=True))
        self.message = label(wrap=True)
        self.checks = FieldChecks(self, message=self.message)
        form = form_layout()
        self.inputs: dict[str, QWidget] = {}
        for spec in specs:
            self.inputs[spec.key] = spec.widget()
            add_field(form, spec.label, self.inputs[spec.key], key=spec.key, checks=self.checks)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons(f"{ok} (Ctrl+Enter)" if "(" not in ok else ok, dialog=self, on_ok=self.run))
        enter_moves_on(self, save=self.run)

    def values(self) -> dict[str, Any]:
        return {key: value_of(widget) for key, widget in self.inputs.items()}

    def run(self) -> None:
        outcome = run_op(self, self.action, self.values(), message=self.message, on_refusal=self._point_at)
        if outcome:
            self.result_value = outcome.value
            self.accept()

    def _point_at(self, exc: DutyRoomError) -> None:
        self.checks.show(exc)


class ToolDialog(QDialog):
    """A window of actions over a list (holidays, absences, groups …): a message line and 关闭 at the foot.

    Subclasses add their widgets to ``layout_``, call ``finish_layout()``, and define ``reload``."""

    def __init__(self, ctx: Any, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.message = subtitle_label()

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.message)
        self.layout_.addLayout(hbox(None, self.close_button()))

    def close_button(self) -> QPushButton:
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        return close

    def run(self, call: Callable[[], Any], done: Done) -> bool:
        """Run an action: its refusal in the message line; after a success, ``done`` there and a reload."""
        outcome = run_op(self, call, message=self.message, done=done)
        if outcome:
            self.reload()
        return bool(outcome)

    def run_with_reason(self, title: str, prompt: str, call: Callable[[str], Any], done: Done) -> bool:
        """Ask for a reason (blank or cancelled: nothing happens), then ``run`` with it."""
        outcome = run_with_reason(self, title, prompt, call, blank_cancels=True, message=self.message, done=done)
        if outcome:
            self.reload()
        return bool(outcome)

    def reload(self) -> None:
        """Read again what the window shows (after an action)."""
