"""One input widget per field type of a form definition (resources/forms/*.json), each with get/set and a
change signal: what ``form_builder.FormWidget`` lays out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from dutyroom.clock import iso, parse_iso
from dutyroom.gui.contacts.picker import PersonPicker
from dutyroom.gui.kit.dates import SHANGHAI, from_qdatetime, to_qdatetime
from dutyroom.incidents import forms

COMPACT_TYPES = ("int", "decimal", "money", "bool")
W = TypeVar("W", bound=QWidget)


def _combo() -> QComboBox:
    """A combo box whose width does not follow its choices (filling a 子类 list must not move the form)."""
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


class FieldInput(ABC, Generic[W]):
    """One field's widget with get/set; ``editor`` is what takes focus."""

    def __init__(self, fld: forms.Field, widget: W, editor: QWidget | None = None) -> None:
        self.field = fld
        self.widget = widget
        self.editor = editor or widget

    @abstractmethod
    def get(self) -> Any:
        """The field's value as the form definition stores it."""

    @abstractmethod
    def set(self, value: Any) -> None:
        """Show ``value`` (None: empty)."""

    @abstractmethod
    def connect(self, slot: Callable[[], None]) -> None:
        """Call ``slot`` whenever the user changes the value."""


class TextInput(FieldInput[QLineEdit]):
    def __init__(self, fld: forms.Field) -> None:
        edit = QLineEdit()
        edit.setPlaceholderText(fld.placeholder or "")
        if fld.max_length:
            edit.setMaxLength(fld.max_length + 20)  # the core explains an over-long value
        super().__init__(fld, edit)

    def get(self) -> Any:
        return self.widget.text()

    def set(self, value: Any) -> None:
        self.widget.setText("" if value is None else str(value))

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.textChanged.connect(lambda *_: slot())


class NumberInput(TextInput):
    """Counts, decimals and money typed as text so that the core, not the widget, judges the value."""

    def __init__(self, fld: forms.Field) -> None:
        super().__init__(fld)
        self.widget.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.widget.setPlaceholderText("0")
        self.widget.setMaximumWidth(110)

    def get(self) -> Any:
        text = self.widget.text().strip()
        if self.field.type == "money" and text and not text.endswith(("元", "万", "亿")):
            return f"{text}万元"   # money is typed in 万元
        return text

    def set(self, value: Any) -> None:
        if value in (None, "", 0, 0.0):
            self.widget.setText("")
        elif self.field.type == "money":
            self.widget.setText(forms.decimal_text(int(value) / 10_000, 4))
        elif self.field.type == "decimal":
            self.widget.setText(forms.decimal_text(value, self.field.decimals))
        else:
            self.widget.setText(str(value))


class AreaInput(FieldInput[QPlainTextEdit]):
    def __init__(self, fld: forms.Field) -> None:
        edit = QPlainTextEdit()
        edit.setPlaceholderText(fld.placeholder or "")
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(56)
        edit.setMaximumHeight(110)
        super().__init__(fld, edit)

    def get(self) -> Any:
        return self.widget.toPlainText()

    def set(self, value: Any) -> None:
        self.widget.setPlainText("" if value is None else str(value))

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.textChanged.connect(slot)


class DateTimeInput(FieldInput[QWidget]):
    def __init__(self, fld: forms.Field, now: Callable[[], datetime]) -> None:
        edit = QDateTimeEdit()
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        edit.setTimeZone(SHANGHAI)
        edit.setCalendarPopup(True)
        self._now = now
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit)
        button = QPushButton("现在")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda: edit.setDateTime(to_qdatetime(self._now())))
        row.addWidget(button)
        row.addStretch(1)
        super().__init__(fld, box, edit)
        self.edit = edit
        self.set(None)

    def get(self) -> Any:
        return iso(from_qdatetime(self.edit.dateTime()))

    def set(self, value: Any) -> None:
        moment = parse_iso(value) if isinstance(value, str) and value else (value or self._now())
        self.edit.setDateTime(to_qdatetime(moment))

    def connect(self, slot: Callable[[], None]) -> None:
        self.edit.dateTimeChanged.connect(lambda *_: slot())


class ChoiceInput(FieldInput[QComboBox]):
    def __init__(self, fld: forms.Field, choices: tuple[str, ...] = ()) -> None:
        combo = _combo()
        combo.setEditable(fld.allow_other)
        super().__init__(fld, combo)
        self.set_choices(choices or fld.choices)

    def set_choices(self, choices: tuple[str, ...]) -> None:
        current = self.get()
        self.widget.blockSignals(True)
        self.widget.clear()
        self.widget.addItem("", "")
        for choice in choices:
            self.widget.addItem(choice, choice)
        self.widget.blockSignals(False)
        self.set(current if current in choices else "")

    def get(self) -> Any:
        if self.widget.isEditable():
            return self.widget.currentText().strip()
        return self.widget.currentData() or ""

    def set(self, value: Any) -> None:
        index = self.widget.findData(value or "")
        if index >= 0:
            self.widget.setCurrentIndex(index)
        elif self.widget.isEditable():
            self.widget.setEditText(str(value or ""))

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.currentIndexChanged.connect(lambda *_: slot())
        if self.widget.isEditable():
            self.widget.editTextChanged.connect(lambda *_: slot())


class UnitInput(FieldInput[QComboBox]):
    """A township or village from the org tree; villages follow the chosen township."""

    def __init__(self, fld: forms.Field, store: Any) -> None:
        combo = _combo()
        super().__init__(fld, combo)
        self.store = store
        self.fill(None)

    def fill(self, parent_id: int | None) -> None:
        current = self.get()
        self.widget.blockSignals(True)
        self.widget.clear()
        self.widget.addItem("", None)
        if self.field.parent and parent_id is None:
            rows = []
        elif self.field.parent:
            rows = self.store.rows("SELECT id, name FROM org_unit WHERE kind = ? AND parent_id = ? AND voided_at IS NULL"
                                   " ORDER BY sort_order, id", (self.field.unit_kind, parent_id))
        else:
            rows = self.store.rows("SELECT id, name FROM org_unit WHERE kind = ? AND voided_at IS NULL"
                                   " ORDER BY sort_order, id", (self.field.unit_kind,))
        for row in rows:
            self.widget.addItem(row["name"], row["id"])
        self.widget.blockSignals(False)
        self.set(current)

    def get(self) -> Any:
        return self.widget.currentData()

    def set(self, value: Any) -> None:
        unit_id = value.get("id") if isinstance(value, dict) else value
        index = self.widget.findData(unit_id) if unit_id is not None else 0
        self.widget.setCurrentIndex(max(index, 0))

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.currentIndexChanged.connect(lambda *_: slot())


class BoolInput(FieldInput[QCheckBox]):
    def __init__(self, fld: forms.Field) -> None:
        box = QCheckBox(fld.label)
        super().__init__(fld, box)

    def get(self) -> Any:
        return self.widget.isChecked()

    def set(self, value: Any) -> None:
        self.widget.setChecked(bool(value))

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.toggled.connect(lambda *_: slot())


class HiddenInput(FieldInput[QWidget]):
    def __init__(self, fld: forms.Field) -> None:
        super().__init__(fld, QWidget())
        self.value: Any = None

    def get(self) -> Any:
        return self.value

    def set(self, value: Any) -> None:
        self.value = value

    def connect(self, slot: Callable[[], None]) -> None:
        return None


class PersonNameInput(FieldInput[PersonPicker]):
    """A name typed or picked from the contact tree; a pick fills the form's other ``person_part`` fields."""

    def __init__(self, fld: forms.Field, picker: PersonPicker) -> None:
        if fld.placeholder:
            picker.edit.setPlaceholderText(fld.placeholder)
        super().__init__(fld, picker, picker.edit)

    def get(self) -> Any:
        return self.widget.text()

    def set(self, value: Any) -> None:
        self.widget.set_choice(None, "" if value is None else str(value))

    def connect(self, slot: Callable[[], None]) -> None:
        self.widget.edit.textChanged.connect(lambda *_: slot())


PersonPickerFactory = Callable[[], PersonPicker]
