"""The period picker of 统计分析: a month, a quarter, a year or any range of days."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from dutyroom.errors import ValidationError
from dutyroom.gui.kit.dates import date_edit, from_qdate, to_qdate
from dutyroom.stats.period import QUARTER_NAMES, Period, PeriodKind

KINDS = ((PeriodKind.MONTH, "月"), (PeriodKind.QUARTER, "季度"), (PeriodKind.YEAR, "年"), (PeriodKind.RANGE, "自定义"))


class PeriodPicker(QWidget):
    changed = Signal(object)            # the new Period

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = QComboBox()
        for kind, label in KINDS:
            self.kind.addItem(label, kind)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setSuffix("年")
        self.year.setValue(today.year)
        self.part = QComboBox()
        self.first = date_edit(today.replace(day=1))
        self.last = date_edit(today)
        self.to_label = QLabel("至")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (QLabel("统计期间"), self.kind, self.year, self.part, self.first, self.to_label, self.last):
            layout.addWidget(widget)
        self._today = today
        self._fill_parts(PeriodKind.MONTH, today.month)
        self._shown()
        self.kind.currentIndexChanged.connect(self._kind_changed)
        for signal in (self.year.valueChanged, self.part.currentIndexChanged, self.first.dateChanged,
                       self.last.dateChanged):
            signal.connect(self._emit)

    def _fill_parts(self, kind: str, current: int) -> None:
        self.part.blockSignals(True)
        self.part.clear()
        if kind == PeriodKind.MONTH:
            for month in range(1, 13):
                self.part.addItem(f"{month}月", month)
        elif kind == PeriodKind.QUARTER:
            for number, name in enumerate(QUARTER_NAMES, start=1):
                self.part.addItem(name, number)
        self.part.setCurrentIndex(max(0, current - 1))
        self.part.blockSignals(False)

    def _shown(self) -> None:
        kind = self.kind.currentData()
        ranged = kind == PeriodKind.RANGE
        self.year.setVisible(not ranged)
        self.part.setVisible(kind in (PeriodKind.MONTH, PeriodKind.QUARTER))
        for widget in (self.first, self.to_label, self.last):
            widget.setVisible(ranged)

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        current = self.period_or_none()
        anchor = current.first if current is not None else self._today
        if kind == PeriodKind.MONTH:
            self._fill_parts(kind, anchor.month)
        elif kind == PeriodKind.QUARTER:
            self._fill_parts(kind, (anchor.month - 1) // 3 + 1)
        elif kind == PeriodKind.RANGE:
            for edit in (self.first, self.last):
                edit.blockSignals(True)
            self.first.setDate(to_qdate(anchor.replace(day=1)))
            self.last.setDate(to_qdate(min(self._today, anchor.replace(day=1) + timedelta(days=30))))
            for edit in (self.first, self.last):
                edit.blockSignals(False)
        self._shown()
        self._emit()

    def period(self) -> Period:
        kind, year = self.kind.currentData(), self.year.value()
        if kind == PeriodKind.MONTH:
            return Period.month(year, int(self.part.currentData()))
        if kind == PeriodKind.QUARTER:
            return Period.quarter(year, int(self.part.currentData()))
        if kind == PeriodKind.YEAR:
            return Period.year(year)
        return Period.between(from_qdate(self.first.date()), from_qdate(self.last.date()))

    def period_or_none(self) -> Period | None:
        try:
            return self.period()
        except ValidationError:
            return None

    def set_period(self, period: Period) -> None:
        """Show ``period`` (emits ``changed`` once)."""
        widgets = (self.kind, self.year, self.part, self.first, self.last)
        for widget in widgets:
            widget.blockSignals(True)
        self.kind.setCurrentIndex([k for k, _l in KINDS].index(period.kind))
        self.year.setValue(period.first.year)
        if period.kind == PeriodKind.MONTH:
            self._fill_parts(period.kind, period.first.month)
        elif period.kind == PeriodKind.QUARTER:
            self._fill_parts(period.kind, (period.first.month - 1) // 3 + 1)
        self.first.setDate(to_qdate(period.first))
        self.last.setDate(to_qdate(period.last))
        for widget in widgets:
            widget.blockSignals(False)
        self._shown()
        self._emit()

    def _emit(self) -> None:
        found = self.period_or_none()
        if found is not None:
            self.changed.emit(found)
