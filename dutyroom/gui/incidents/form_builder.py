"""The generic form builder: input widgets made from a form definition (resources/forms/*.json).

One widget per field type; groups become boxes; fields marked ``essential`` come first and the rest
fold away behind "更多要素". Values go out raw (text as typed) — validation is the core's job, and a
refusal comes back to the field it names (``show_error``).
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dutyroom.clock import iso, parse_iso
from dutyroom.gui.contacts.picker import PersonPicker, PickedPerson
from dutyroom.gui.kit.dates import SHANGHAI, from_qdatetime, to_qdatetime
from dutyroom.gui.kit.theme import repolish
from dutyroom.incidents import forms
from dutyroom.incidents.taxonomy import taxonomy

COMPACT_TYPES = ("int", "decimal", "money", "bool")
W = TypeVar("W", bound=QWidget)


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
        combo = QComboBox()
        combo.setEditable(fld.allow_other)
        combo.setMinimumWidth(140)
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
        combo = QComboBox()
        combo.setMinimumWidth(140)
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


def _follow_township(villages: UnitInput, township: FieldInput[Any]) -> None:
    villages.fill(township.get())


def _follow_category(subtypes: ChoiceInput, category: FieldInput[Any]) -> None:
    subtypes.set_choices(taxonomy().subtypes(category.get()))


class FormWidget(QWidget):
    """Widgets for a form definition. ``changed`` fires on any edit."""

    changed = Signal()

    def __init__(self, form: forms.FormDef, *, store: Any, now: Callable[[], datetime],
                 groups: list[str] | None = None, fold_optional: bool = True,
                 person_picker: PersonPickerFactory | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.inputs: dict[str, FieldInput[Any]] = {}
        self._labels: dict[str, QLabel] = {}
        self._store, self._now, self._person_picker = store, now, person_picker
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.optional_boxes: list[QGroupBox] = []
        chosen = [g for g in form.groups if groups is None or g.key in groups]
        essential = [(g, [f for f in g.fields if f.essential or not fold_optional]) for g in chosen]
        optional = [(g, [f for f in g.fields if not f.essential]) for g in chosen] if fold_optional else []
        for group, fields in essential:
            if fields:
                layout.addWidget(self._group_box(group, fields))
        rest = [(g, f) for g, f in optional if f]
        if rest:
            self.more_button = QPushButton("更多要素（事发单位、研判、现场处置等）▸")
            self.more_button.setObjectName("linkButton")
            self.more_button.setCheckable(True)
            self.more_button.toggled.connect(self.show_optional)
            layout.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
            for group, fields in rest:
                box = self._group_box(group, fields, suffix="（续）" if any(f.essential for f in group.fields) else "")
                box.setVisible(False)
                self.optional_boxes.append(box)
                layout.addWidget(box)
        layout.addStretch(1)
        for fld in form:
            if fld.key in self.inputs:
                self.inputs[fld.key].connect(self._on_change)
        self._wire_parents()
        self.set_values(forms.defaults(form, now()))

    # -- building ------------------------------------------------------------------------------
    def _make(self, fld: forms.Field) -> FieldInput[Any]:
        if fld.hidden or fld.type == "person":
            return HiddenInput(fld)
        if fld.person_part == "name" and self._person_picker is not None:
            made = PersonNameInput(fld, self._person_picker())
            made.widget.picked.connect(self._person_picked)
            made.widget.choice_cleared.connect(lambda: self._set_person_id(None))
            return made
        if fld.type in ("int", "decimal", "money"):
            return NumberInput(fld)
        if fld.type == "textarea":
            return AreaInput(fld)
        if fld.type == "datetime":
            return DateTimeInput(fld, self._now)
        if fld.type == "bool":
            return BoolInput(fld)
        if fld.type == "unit":
            return UnitInput(fld, self._store)
        if fld.type == "category":
            return ChoiceInput(fld, tuple(taxonomy().categories))
        if fld.type == "subtype":
            return ChoiceInput(fld, ())
        if fld.type == "choice":
            return ChoiceInput(fld)
        return TextInput(fld)

    def _group_box(self, group: forms.Group, fields: list[forms.Field], suffix: str = "") -> QGroupBox:
        box = QGroupBox(group.label + suffix)
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        compact = all(f.type in COMPACT_TYPES or f.hidden for f in fields)
        per_row = 4 if compact else 2
        column = row = 0
        for fld in fields:
            made = self._make(fld)
            self.inputs[fld.key] = made
            if isinstance(made, HiddenInput):
                continue
            wide = fld.type == "textarea" or (fld.type == "bool" and not compact)
            if wide and column:
                row, column = row + 1, 0
            label = QLabel(("" if fld.type == "bool" else fld.label) + ("＊" if fld.required else ""))
            label.setObjectName("fieldLabel")
            label.setToolTip(fld.help or fld.label)
            self._labels[fld.key] = label
            unit = fld.unit if fld.type in ("int", "decimal") else ("万元" if fld.type == "money" else "")
            editor_box: QWidget = made.widget
            if unit:
                editor_box = QWidget()
                line = QHBoxLayout(editor_box)
                line.setContentsMargins(0, 0, 0, 0)
                line.addWidget(made.widget)
                line.addWidget(QLabel(unit))
                line.addStretch(1)
            if fld.type != "bool":
                grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            span = (per_row * 2 - 1) if wide else 1
            grid.addWidget(editor_box, row, column * 2 + 1, 1, span)
            if fld.type not in COMPACT_TYPES:
                made.widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            column = 0 if wide else column + 1
            if wide or column >= per_row:
                row, column = row + 1, 0
        for col in range(per_row):
            grid.setColumnStretch(col * 2 + 1, 1)
        return box

    def _wire_parents(self) -> None:
        for made in self.inputs.values():
            fld = made.field
            if fld.parent and fld.parent in self.inputs:
                parent = self.inputs[fld.parent]
                if isinstance(made, UnitInput):
                    parent.connect(functools.partial(_follow_township, made, parent))
                elif fld.type == "subtype" and isinstance(made, ChoiceInput):
                    parent.connect(functools.partial(_follow_category, made, parent))

    def _apply_visibility(self) -> None:
        values = {k: i.get() for k, i in self.inputs.items()}
        for key, made in self.inputs.items():
            if made.field.visible_when is None:
                continue
            visible = made.field.visible(values)
            made.widget.setVisible(visible)
            if key in self._labels:
                self._labels[key].setVisible(visible)

    def _on_change(self) -> None:
        self._apply_visibility()
        self.changed.emit()

    # -- use -----------------------------------------------------------------------------------
    def show_optional(self, shown: bool) -> None:
        for box in self.optional_boxes:
            box.setVisible(shown)
        if hasattr(self, "more_button"):
            self.more_button.setChecked(shown)
            self.more_button.setText("收起更多要素 ▾" if shown else "更多要素（事发单位、研判、现场处置等）▸")

    def values(self) -> dict[str, Any]:
        return {key: made.get() for key, made in self.inputs.items()}

    def set_values(self, values: dict[str, Any]) -> None:
        for fld in self.form:   # parents first: the definition lists them first
            if fld.key in values and fld.key in self.inputs:
                self.inputs[fld.key].set(values[fld.key])
                if fld.type == "category" or fld.type == "unit":
                    for child in self.inputs.values():
                        if child.field.parent == fld.key and fld.type == "category":
                            child.set_choices(taxonomy().subtypes(values[fld.key]))  # type: ignore[attr-defined]
                        elif child.field.parent == fld.key and isinstance(child, UnitInput):
                            child.fill(self.inputs[fld.key].get())
        self._keep_person_choice()
        self._apply_visibility()

    def clear_errors(self) -> None:
        for made in self.inputs.values():
            if made.editor.property("error"):
                made.editor.setProperty("error", False)
                repolish(made.editor)

    def show_error(self, key: str | None) -> bool:
        """Mark the field a refusal names and put the cursor there. False if the field is not here."""
        self.clear_errors()
        made = self.inputs.get(key or "")
        if made is None or isinstance(made, HiddenInput):
            return False
        if not made.widget.isVisible():
            self.show_optional(True)
        made.editor.setProperty("error", True)
        repolish(made.editor)
        made.editor.setFocus()
        return True

    def _person_picked(self, person: PickedPerson) -> None:
        """Fill the unit, title and phone fields from the person picked, and remember who it was."""
        for made in self.inputs.values():
            value = person.part(made.field.person_part) if made.field.person_part != "name" else ""
            if value:
                made.set(value)
        self._set_person_id(person.person_id)
        self.changed.emit()

    def _set_person_id(self, person_id: int | None) -> None:
        for made in self.inputs.values():
            if made.field.type == "person":
                made.set(person_id)

    def _keep_person_choice(self) -> None:
        """After values are set, a name input shows its person as chosen when the form names one."""
        person_id = next((made.get() for made in self.inputs.values() if made.field.type == "person"), None)
        for made in self.inputs.values():
            if isinstance(made, PersonNameInput) and person_id is not None:
                made.widget.set_choice(person_id, made.widget.edit.text())

    def focus_first(self) -> None:
        for made in self.inputs.values():
            if not isinstance(made, HiddenInput) and made.field.type not in ("datetime",) and made.widget.isVisible():
                made.editor.setFocus()
                return
