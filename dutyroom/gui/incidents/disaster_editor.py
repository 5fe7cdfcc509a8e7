"""灾情 reports in the report editor: header fields, townships × indicators with the previous report beside,
totals and jumps to explain before signing."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dutyroom.errors import ValidationError
from dutyroom.gui.incidents.form_builder import FormWidget
from dutyroom.gui.incidents.report_editor import ReportEditor
from dutyroom.gui.kit.theme import COMPUTED
from dutyroom.gui.kit.widgets import label, scroll
from dutyroom.incidents import disaster, forms


class DisasterReportEditor(ReportEditor):
    """灾情: header fields, townships × indicators with the previous report beside, jumps to explain."""

    def build_body(self) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        form = disaster.disaster_form()
        self.fields = FormWidget(form, store=self.ctx.store, now=self.ctx.session.now, groups=["fields"],
                                 fold_optional=False)
        layout.addWidget(self.fields)
        self.indicators = disaster.indicators()
        self.towns = disaster.townships(self.ctx.store)
        self.grid = QTableWidget(len(self.towns) + 3, len(self.indicators))
        self.grid.setHorizontalHeaderLabels([f"{m.short or m.label}\n（{m.unit}）" for m in self.indicators])
        for col, measure in enumerate(self.indicators):
            header = self.grid.horizontalHeaderItem(col)     # set by setHorizontalHeaderLabels above
            if header is not None:
                header.setToolTip(measure.label)
        self.grid.setVerticalHeaderLabels([t["name"] for t in self.towns] + ["合计", "上次报告", "增减"])
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setMinimumHeight(60 + 30 * (len(self.towns) + 3))
        self.grid.verticalHeader().setDefaultSectionSize(28)
        self.grid.itemChanged.connect(lambda *_: self.recompute())
        layout.addWidget(self.grid)
        layout.addWidget(label("合计自动计算；单元格悬停显示该乡镇上次报告的数字。数据大幅增加或任何减少，须在下方填写说明后才能签发。",
                               "pageSubtitle", wrap=True))
        self.jump_box = QFrame()
        self.jump_box.setObjectName("panel")
        self.jump_layout = QFormLayout(self.jump_box)
        layout.addWidget(self.jump_box)
        self.explanations: dict[str, QLineEdit] = {}
        self._loading = False
        return scroll(host)

    def _cell(self, text: str, editable: bool, tooltip: str = "") -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not editable:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setBackground(QBrush(QColor(COMPUTED)))
        if tooltip:
            item.setToolTip(tooltip)
        return item

    def load_body(self, body: dict[str, Any]) -> None:
        self._loading = True
        self.view = disaster.view(self.ctx.store, self.report)
        self.fields.set_values(body.get("fields", {}))
        previous = self.view.previous or {}
        for row, town in enumerate(self.towns):
            figures = body.get("figures", {}).get(str(town["id"]), {})
            before = previous.get(str(town["id"]), {})
            for col, measure in enumerate(self.indicators):
                value = figures.get(measure.key) or 0
                tip = f"上次报告：{forms.decimal_text(before.get(measure.key) or 0, measure.decimals)}{measure.unit}" \
                    if self.view.previous is not None else "首次报告"
                self.grid.setItem(row, col, self._cell(forms.decimal_text(value, measure.decimals) if value else "",
                                                       True, tip))
        self._stored_explanations = dict(body.get("explanations", {}))
        self._loading = False
        self.recompute()

    def figures(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for row, town in enumerate(self.towns):
            values = {}
            for col, measure in enumerate(self.indicators):
                item = self.grid.item(row, col)
                text = item.text().strip() if item else ""
                if text:
                    values[measure.key] = text
            if values:
                out[str(town["id"])] = values
        return out

    def _numeric(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for town, values in self.figures().items():
            row = {}
            for measure in self.indicators:
                try:
                    row[measure.key] = forms.clean_value(measure, values.get(measure.key))
                except ValidationError:
                    row[measure.key] = 0
            out[town] = row
        return out

    def recompute(self) -> None:
        if self._loading:
            return
        self._loading = True
        totals = disaster.totals(self._numeric())
        before = self.view.previous_totals
        base = len(self.towns)
        for col, measure in enumerate(self.indicators):
            self.grid.setItem(base, col, self._cell(forms.decimal_text(totals[measure.key], measure.decimals), False))
            old = (before or {}).get(measure.key)
            self.grid.setItem(base + 1, col, self._cell("—" if before is None else
                                                        forms.decimal_text(old or 0, measure.decimals), False))
            delta = totals[measure.key] - (old or 0)
            text = "—" if before is None or not delta else ("+" if delta > 0 else "") + forms.decimal_text(
                delta, measure.decimals)
            self.grid.setItem(base + 2, col, self._cell(text, False))
        self._loading = False
        current = {k: e.text() for k, e in self.explanations.items()}
        while self.jump_layout.rowCount():
            self.jump_layout.removeRow(0)
        self.explanations = {}
        jumps = disaster.jumps(before, totals)
        for jump in jumps:
            edit = QLineEdit(current.get(jump.key) or self._stored_explanations.get(jump.key, ""))
            edit.setPlaceholderText("须说明原因，如 新增受灾村组、核实后更正")
            edit.setReadOnly(self.report["status"] != "draft")
            self.explanations[jump.key] = edit
            self.jump_layout.addRow(jump.text + "：", edit)
        self.jump_box.setVisible(bool(jumps))

    def body(self) -> dict[str, Any]:
        header = {f.key: f for f in disaster.header_fields()}
        fields = {key: value for key, value in self.fields.values().items() if key in header}
        explanations = {k: e.text().strip() for k, e in self.explanations.items() if e.text().strip()}
        body = {"fields": fields, "figures": self.figures(), "explanations": explanations}
        try:
            return disaster.clean_body(body)
        except ValidationError:
            return body   # the save reports the problem

    def set_body_editable(self, editable: bool) -> None:
        self.fields.set_editable(editable)
        triggers = QAbstractItemView.EditTrigger.AllEditTriggers if editable else \
            QAbstractItemView.EditTrigger.NoEditTriggers
        self.grid.setEditTriggers(triggers)
