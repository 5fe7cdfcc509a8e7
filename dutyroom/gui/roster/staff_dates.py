"""到岗、调离、每月上限 for one or many duty staff: each value is left as it is, set, or cleared."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QFormLayout, QSpinBox, QVBoxLayout, QWidget

from dutyroom.gui.kit.dates import date_edit, from_qdate
from dutyroom.gui.kit.ops import dialog_buttons
from dutyroom.gui.kit.widgets import hbox, label
from dutyroom.roster.staff import KEEP, MAX_PER_MONTH, StaffChange

KEEP_TEXT, SET_TEXT, CLEAR_TEXT = "不修改", "设为", "清空"


def _common(records: list[dict[str, Any]], key: str) -> Any:
    values = {r[key] for r in records}
    return values.pop() if len(values) == 1 else None


class StaffDatesDialog(QDialog):
    def __init__(self, records: list[dict[str, Any]], today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("到岗、调离和每月上限")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        names = "、".join(r["name"] for r in records[:6]) + (f"等{len(records)}人" if len(records) > 6 else "")
        layout.addWidget(label(f"修改{names}的排班日期和每月上限。到岗前、调离后不排班；每月上限为0表示不排班，"
                               "清空则按排班规则中的统一上限。", "pageSubtitle", wrap=True))
        form = QFormLayout()
        self.choices: dict[str, QComboBox] = {}
        self.dates: dict[str, QDateEdit] = {}
        for key, text in (("join_date", "到岗日期"), ("leave_date", "调离日期")):
            common = _common(records, key)
            self.dates[key] = date_edit(common or today)
            form.addRow(text, self._row(key, self.dates[key]))
        self.maximum = QSpinBox()
        self.maximum.setRange(0, MAX_PER_MONTH)
        self.maximum.setSuffix(" 次")
        common_max = _common(records, "max_per_month")
        self.maximum.setValue(common_max if isinstance(common_max, int) else 4)
        form.addRow("每月上限", self._row("max_per_month", self.maximum))
        layout.addLayout(form)
        layout.addWidget(dialog_buttons("保存", dialog=self))

    def _row(self, key: str, editor: QWidget) -> Any:
        choice = QComboBox()
        choice.addItems([KEEP_TEXT, SET_TEXT, CLEAR_TEXT])
        choice.currentTextChanged.connect(lambda text: editor.setEnabled(text == SET_TEXT))
        editor.setEnabled(False)
        self.choices[key] = choice
        return hbox(choice, editor, None)

    def _value(self, key: str, value: Any) -> Any:
        wanted = self.choices[key].currentText()
        return KEEP if wanted == KEEP_TEXT else None if wanted == CLEAR_TEXT else value

    def change(self) -> StaffChange:
        return StaffChange(join_date=self._value("join_date", from_qdate(self.dates["join_date"].date())),
                           leave_date=self._value("leave_date", from_qdate(self.dates["leave_date"].date())),
                           max_per_month=self._value("max_per_month", self.maximum.value()))
