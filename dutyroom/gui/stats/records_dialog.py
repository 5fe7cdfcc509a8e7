"""The records behind a bar, point, cell or table row of 统计分析: a filtered list; a double click opens a record
on its own page where that page can show one (an incident on 信息接报)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.tables import append_row, table_item, widget_table
from dutyroom.gui.kit.widgets import button, hbox, label
from dutyroom.stats.records import Records


class RecordsDialog(QDialog):
    def __init__(self, ctx: AppContext, records: Records, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.records = records
        self.setWindowTitle(records.title)
        self.resize(900, 520)
        layout = QVBoxLayout(self)
        opens = any(records.targets)
        self.count = label(records.count_text + ("；双击一行打开该记录" if opens else ""), "pageSubtitle")
        layout.addWidget(label(records.title, "sectionTitle"))
        layout.addWidget(self.count)
        self.table = widget_table(records.headers)
        for index, row in enumerate(records.rows):
            cells = [table_item(text) for text in row]
            cells[0].setData(Qt.ItemDataRole.UserRole, index)
            append_row(self.table, cells)
        self.table.doubleClicked.connect(lambda model_index: self.open_row(model_index.row()))
        layout.addWidget(self.table, 1)
        layout.addLayout(hbox(None, button("关闭", self.accept)))

    def open_row(self, row: int) -> None:
        target = self.records.targets[row] if 0 <= row < len(self.records.targets) else None
        if target is None:
            return
        key, values = target
        self.accept()
        self.ctx.navigate(key, **values)
