"""The generic form builder: input widgets made from a form definition (resources/forms/*.json).

One widget per field type; groups become boxes; fields marked ``essential`` come first and the rest
fold away behind "更多要素". Values go out raw (text as typed) — validation is the core's job: a refusal
comes back with every problem, each shown under its field (``show_problems``, through the kit's
``FieldChecks``) until the field is right again. A field that does not apply (``visible_when``) stays in its
place, disabled and empty, so nothing moves while the officer types.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
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

from dutyroom.errors import DutyRoomError
from dutyroom.gui.contacts.picker import PickedPerson
from dutyroom.gui.incidents.form_inputs import (
    COMPACT_TYPES,
    AreaInput,
    BoolInput,
    ChoiceInput,
    DateTimeInput,
    FieldInput,
    HiddenInput,
    NumberInput,
    PersonNameInput,
    PersonPickerFactory,
    TextInput,
    UnitInput,
)
from dutyroom.gui.kit.fields import FieldChecks, message_line, set_available
from dutyroom.incidents import forms
from dutyroom.incidents.taxonomy import taxonomy


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
        self.checks = FieldChecks(self, check=self.validate)
        self._columns: dict[tuple[bool, int], list[QLabel]] = {}   # labels by (compact group, column)
        self._fields: list[tuple[QGridLayout, int, QWidget]] = []   # one-column editors of two-column groups
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
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
        self._align_label_columns()
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
        """A group's fields in a grid, each editor over its message line (two grid rows per row of fields)."""
        box = QGroupBox(group.label + suffix)
        grid = QGridLayout(box)
        grid.setContentsMargins(10, 6, 10, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(1)
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
                row, column = row + 2, 0
            span = (per_row * 2 - 1) if wide else 1
            if fld.type != "bool":
                label = self._label(fld)
                self._columns.setdefault((compact, column), []).append(label)
                grid.addWidget(label, row, column * 2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            editor = self._with_unit(fld, made)
            grid.addWidget(editor, row, column * 2 + 1, 1, span)
            if not wide and not compact:
                self._fields.append((grid, column, editor))
            line = message_line()
            grid.addWidget(line, row + 1, column * 2 + 1, 1, span)
            self.checks.add(fld.key, made.editor, line)
            if fld.type not in COMPACT_TYPES:
                made.widget.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            column = 0 if wide else column + 1
            if wide or column >= per_row:
                row, column = row + 2, 0
        for col in range(per_row):
            grid.setColumnStretch(col * 2 + 1, 1)
        return box

    def _align_label_columns(self) -> None:
        """Labels of the same column as wide in every group, and field columns as wide at least, so the labels
        and fields of all groups line up."""
        for labels in self._columns.values():
            width = max(label.sizeHint().width() for label in labels)
            for label in labels:
                label.setMinimumWidth(width)
                label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for column in {column for _grid, column, _editor in self._fields}:
            here = [(grid, editor) for grid, col, editor in self._fields if col == column]
            width = max(editor.minimumSizeHint().width() for _grid, editor in here)
            for grid, _editor in here:
                grid.setColumnMinimumWidth(column * 2 + 1, width)

    def _label(self, fld: forms.Field) -> QLabel:
        label = QLabel(fld.label + ("＊" if fld.required else ""))
        label.setObjectName("fieldLabel")
        label.setToolTip(fld.help or fld.label)
        self._labels[fld.key] = label
        return label

    @staticmethod
    def _with_unit(fld: forms.Field, made: FieldInput) -> QWidget:
        unit = fld.unit if fld.type in ("int", "decimal") else ("万元" if fld.type == "money" else "")
        if not unit:
            return made.widget
        editor_box = QWidget()
        line = QHBoxLayout(editor_box)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(made.widget)
        line.addWidget(QLabel(unit))
        line.addStretch(1)
        return editor_box

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
        """A field that does not apply now stays where it is, disabled and empty (the form never jumps)."""
        values = {k: i.get() for k, i in self.inputs.items()}
        for key, made in self.inputs.items():
            when = made.field.visible_when
            if when is None:
                continue
            applies = made.field.visible(values)
            if not applies and made.get() not in (None, "", False):
                made.set(None)
            set_available(made.editor, applies, _not_applicable(self.form, when))
            if key in self._labels:
                self._labels[key].setEnabled(applies)

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

    def validate(self) -> dict[str, Any]:
        """The form's values checked as the core checks them (raises ValidationError / InvalidFields)."""
        return forms.validate(self.form, {k: v for k, v in self.values().items() if k in self.form.fields},
                              now=self._now(), lookup=forms.Lookup(self._store))

    def show_problems(self, error: DutyRoomError) -> bool:
        """Every problem of a refusal under its field (opening 更多要素 when one is folded away), the cursor on
        the first. False if none of them is a field of this form."""
        keys = {p.field for p in getattr(error, "problems", ())}
        if any(key in self.inputs and not isinstance(self.inputs[key], HiddenInput)
               and not self.inputs[key].widget.isVisibleTo(self) for key in keys):
            self.show_optional(True)
        return self.checks.show(error)

    def set_editable(self, editable: bool) -> None:
        """A stored document shown as it is: text stays readable (read-only), choices and dates are fixed."""
        for made in self.inputs.values():
            if isinstance(made.widget, QLineEdit | QPlainTextEdit):
                made.widget.setReadOnly(not editable)
            elif isinstance(made.editor, QLineEdit):            # a person picker
                made.editor.setReadOnly(not editable)
            else:
                made.widget.setEnabled(editable)

    def clear_errors(self) -> None:
        self.checks.clear()

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
        """The cursor to the first field to type in (times are filled in already)."""
        for made in self.inputs.values():
            if not isinstance(made, HiddenInput) and made.field.type not in ("datetime",) and made.widget.isVisible():
                made.editor.setFocus()
                return


def _not_applicable(form: forms.FormDef, when: tuple[str, str]) -> str:
    """What a field that does not apply says instead of a value: 仅“事故灾难”类填写."""
    other, wanted = when
    return f"仅“{wanted}”时填写" if other in form.fields and wanted else "不适用"
