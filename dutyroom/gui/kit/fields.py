"""Forms that keep up with the officer: labels and fields in aligned columns, a reserved message line under
every field, every problem of a refusal shown at once beside its field (the cursor on the first), each
message gone the moment its field is right again, Enter to the next field and Ctrl+Enter to save.

    self.checks = FieldChecks(self, message=self.message, check=self.validate)  # check: raises like the core
    form = form_layout()
    add_field(form, "来电单位", self.unit, key="unit", checks=self.checks)
    ...
    run_op(self, operation, ..., message=self.message, on_refusal=self.checks.show)
    enter_moves_on(self, save=self.save)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QFontMetrics, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.kit.page import set_message
from dutyroom.gui.kit.theme import repolish, style_property
from dutyroom.gui.kit.widgets import ElidedLabel

LABEL_WIDTH = 96            # px: the label column of every form starts its fields at the same place
MESSAGE_PX = 12             # the message line under a field: small, red, one line
SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")


# -- layout ----------------------------------------------------------------------------------------------

def message_line() -> ElidedLabel:
    """The one-line place under a field for its message: always there (empty), so nothing moves when a message
    comes or goes; a message too long for it ends in "…" with the whole text as its tooltip."""
    line = ElidedLabel()
    line.setObjectName("fieldMessage")
    font = line.font()
    font.setPixelSize(MESSAGE_PX)
    line.setFont(font)
    line.setFixedHeight(QFontMetrics(font).height() + 1)
    return line


def form_layout(parent: QWidget | None = None, *, messages: bool = True) -> QFormLayout:
    """The form layout every screen uses: labels right-aligned, fields growing to the right. With ``messages``
    (fields added by ``add_field``, each bringing its message line) rows sit close together; without, they are
    spaced as usual."""
    form = QFormLayout(parent) if parent is not None else QFormLayout()
    form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
    form.setHorizontalSpacing(12)
    form.setVerticalSpacing(2 if messages else 8)
    return form


def form_label(text: str, *, required: bool = False) -> QLabel:
    """A field's label (``＊`` after a required one), as wide as the label column at least."""
    made = QLabel(text + ("＊" if required else ""))
    made.setObjectName("fieldLabel")
    made.setMinimumWidth(LABEL_WIDTH)
    made.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return made


def add_field(form: QFormLayout, label: str | QLabel, editor: QWidget, *, key: str | None = None,
              checks: FieldChecks | None = None, required: bool = False, focus: QWidget | None = None,
              row: int | None = None) -> QLabel:
    """Two rows of ``form`` (at the end, or from ``row``): the label and the editor, then under the editor its
    message line (registered with ``checks`` under ``key`` when given). Returns the label. ``focus``: the part
    of ``editor`` that takes the cursor."""
    made = label if isinstance(label, QLabel) else form_label(label, required=required)
    line = message_line()
    index = form.rowCount() if row is None else row
    form.insertRow(index, made, editor)
    form.insertRow(index + 1, QLabel(), line)
    if checks is not None and key is not None:
        checks.add(key, focus or editor, line)
    return made


ROWS_PER_FIELD = 2          # add_field's rows: the field, then its message line


# -- messages --------------------------------------------------------------------------------------------

class FieldChecks(QObject):
    """The messages of one form. ``show`` puts every problem of a refusal under its field at once and the
    cursor on the first (in the form's order); afterwards each edit checks again with ``check`` (a callable
    raising ValidationError like the operation would) and a message whose field is right goes at once. Without
    ``check`` a field's message goes when the field is edited. Problems naming no field here stay in
    ``message``, the form's own line."""

    def __init__(self, parent: QWidget, *, message: QLabel | None = None,
                 check: Callable[[], Any] | None = None) -> None:
        super().__init__(parent)
        self.message = message
        self.check = check
        self.editors: dict[str, QWidget] = {}
        self.lines: dict[str, QLabel] = {}
        self.shown: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        self.others: list[str] = []        # problems of the last refusal that name no field here

    def add(self, key: str, editor: QWidget, line: QLabel) -> None:
        """Register a field: its editor (watched for edits, marked when wrong) and its message line."""
        self.editors[key] = editor
        self.lines[key] = line
        _on_edit(editor, functools.partial(self._edited, key))

    def alias(self, key: str, field: str) -> None:
        """Problems named ``key`` (what the core calls it, e.g. person_id) show at ``field``."""
        self.editors[key], self.lines[key] = self.editors[field], self.lines[field]
        self.aliases[key] = field

    def forget(self, key: str) -> None:
        """A field that left the form (a form rebuilt for another type), with its aliases."""
        for name in [key, *(alias for alias, field in self.aliases.items() if field == key)]:
            self._clear(name)
            self.editors.pop(name, None)
            self.lines.pop(name, None)
            self.aliases.pop(name, None)

    def show(self, error: DutyRoomError) -> bool:
        """Show a refusal: each problem beside its field, the cursor on the first. True when any field here was
        named (the form's message line then says how many)."""
        problems = error.problems if isinstance(error, ValidationError) else ()
        mine = {p.field: p.message for p in problems if p.field in self.editors}
        self.clear()
        for key, text in mine.items():
            self._mark(key, text)
        if not mine:
            return False
        first = min(mine, key=self._place)
        _focus(self.editors[first])
        self.others = [p.message for p in problems if p.field not in mine]
        self._summarise()
        return True

    def _place(self, key: str) -> tuple[int, int, int, int]:
        """Where a field is on screen (top to bottom, left to right), for "the first problem"."""
        editor = self.editors[key]
        order = list(self.editors).index(key)
        if not editor.isVisible():
            return (1, 0, 0, order)
        at = editor.mapTo(editor.window(), QPoint(0, 0))
        return (0, at.y(), at.x(), order)

    def clear(self, key: str | None = None) -> None:
        for name in [key] if key is not None else list(self.shown):
            self._clear(name)

    def problems_now(self) -> dict[str, str]:
        """What ``check`` finds wrong at this moment, by field."""
        if self.check is None:
            return {}
        try:
            self.check()
        except ValidationError as exc:
            return {p.field: p.message for p in exc.problems if p.field}
        except DutyRoomError:
            return dict(self.shown)        # refused for another reason: leave the messages as they are
        return {}

    def recheck(self) -> None:
        """Check again (the form changed around its fields): messages whose field is right go, the others
        say what is wrong now. New problems wait for the next save."""
        if not self.shown or self.check is None:
            return
        now = self.problems_now()
        for name in list(self.shown):
            if name not in now:
                self._clear(name)
            elif now[name] != self.shown[name]:
                self._mark(name, now[name])
        self._settled()

    def _edited(self, key: str) -> None:
        if not self.shown:
            return
        if self.check is None:
            self._clear(key)
            self._settled()
        else:
            self.recheck()

    def _settled(self) -> None:
        if self.shown:
            self._summarise()
        elif self.message is not None and style_property(self.message, "error"):
            set_message(self.message, "")

    def _summarise(self) -> None:
        """The form's message line: the one problem left, or how many, and any naming no field here."""
        if self.message is None:
            return
        count = len(set(self.shown) - set(self.aliases))
        summary = next(iter(self.shown.values())) if count == 1 else f"有 {count} 项需要填写或修改，已在各项下方标出。"
        set_message(self.message, "\n".join([summary, *self.others]), error=True)

    def _mark(self, key: str, text: str) -> None:
        self.shown[key] = text
        line = self.lines[key]
        if isinstance(line, ElidedLabel):
            line.set_full_text(text)
        else:
            line.setText(text)
        _set_error(self.editors[key], True)

    def _clear(self, key: str) -> None:
        if self.shown.pop(key, None) is None:
            return
        line = self.lines[key]
        if isinstance(line, ElidedLabel):
            line.set_full_text("")
        else:
            line.setText("")
        _set_error(self.editors[key], False)


def _set_error(editor: QWidget, on: bool) -> None:
    target = _focus_target(editor)
    if bool(style_property(target, "error")) != on:
        target.setProperty("error", on)
        repolish(target)


def _focus_target(editor: QWidget) -> QWidget:
    """The widget inside ``editor`` that types (a picker's line edit, a row's line edit)."""
    if isinstance(editor, QLineEdit | QPlainTextEdit | QTextEdit | QComboBox | QAbstractSpinBox | QAbstractButton):
        return editor
    inner = editor.findChild(QLineEdit) or editor.findChild(QComboBox) or editor.findChild(QAbstractSpinBox)
    return inner or editor


def _focus(editor: QWidget) -> None:
    target = _focus_target(editor)
    target.setFocus(Qt.FocusReason.OtherFocusReason)
    if isinstance(target, QLineEdit):
        target.selectAll()


def _on_edit(editor: QWidget, slot: Callable[[], None]) -> None:
    """Call ``slot`` whenever the user changes what ``editor`` holds."""
    target = _focus_target(editor)
    if isinstance(target, QLineEdit):
        target.textChanged.connect(lambda *_: slot())
    elif isinstance(target, QPlainTextEdit | QTextEdit):
        target.textChanged.connect(slot)
    elif isinstance(target, QComboBox):
        target.currentIndexChanged.connect(lambda *_: slot())
        if target.isEditable():
            target.editTextChanged.connect(lambda *_: slot())
    elif isinstance(target, QAbstractSpinBox):
        signal = getattr(target, "dateTimeChanged", None) or getattr(target, "valueChanged", None)
        if signal is not None:
            signal.connect(lambda *_: slot())
    elif isinstance(target, QAbstractButton):
        target.toggled.connect(lambda *_: slot())


# -- availability ----------------------------------------------------------------------------------------

def set_available(widget: QWidget, available: bool, placeholder: str = "不适用") -> None:
    """Enable a field, or disable it showing ``placeholder`` instead of a value it no longer has: a combo box
    forgets its choice while off and gets it back when on again; a line edit is emptied. The field's own
    placeholder comes back with it."""
    if style_property(widget, "unavailable") == (not available):
        return
    if not isinstance(widget, QComboBox | QLineEdit | QPlainTextEdit):
        widget.setEnabled(available)
        widget.setProperty("unavailable", not available)
        return
    if style_property(widget, "ownPlaceholder") is None:
        widget.setProperty("ownPlaceholder", widget.placeholderText())
    if available:
        widget.setPlaceholderText(str(style_property(widget, "ownPlaceholder", "")))
    else:
        widget.setPlaceholderText(placeholder)
    if isinstance(widget, QComboBox):
        if available:
            kept = style_property(widget, "keptIndex")
            widget.setCurrentIndex(int(kept) if kept is not None and int(kept) < widget.count() else 0)
        else:
            if widget.currentIndex() >= 0:
                widget.setProperty("keptIndex", widget.currentIndex())
            widget.setCurrentIndex(-1)
    elif not available:
        widget.clear()
    widget.setEnabled(available)
    widget.setProperty("unavailable", not available)


# -- keys ------------------------------------------------------------------------------------------------

class _EnterMovesOn(QObject):
    """Enter in a one-line field (not taken by the field itself) moves to the next field instead of pressing
    the dialog's default button. Multi-line text keeps Enter for new lines; buttons keep it for clicking."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if not isinstance(watched, QWidget):
            return False
        focus = watched.focusWidget()
        if not isinstance(focus, QLineEdit | QComboBox | QAbstractSpinBox | QAbstractButton):
            return False
        if isinstance(focus, QAbstractButton) and not focus.isCheckable():
            return False
        watched.focusNextChild()
        return True


def enter_moves_on(dialog: QWidget, save: Callable[[], Any] | None = None,
                   keys: tuple[str, ...] = SAVE_KEYS) -> None:
    """Enter moves from field to field in ``dialog``; with ``save``, Ctrl+Enter (``keys``) saves."""
    mover = _EnterMovesOn(dialog)
    dialog.installEventFilter(mover)
    if save is not None:
        for key in keys:
            QShortcut(QKeySequence(key), dialog).activated.connect(save)
