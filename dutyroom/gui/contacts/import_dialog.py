"""导入Excel通讯录: choose a file → preview every row's outcome (nothing written) → import in one transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import show_error
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import Column, Index, RecordTableModel, record_table
from dutyroom.gui.kit.widgets import button, hbox

OUTCOME_COLOURS = {"new": "#1E7B34", "update": "#1F5FAD", "merged": "#7A5AA8", "rejected": "#B3261E",
                   "skipped": "#8A8F98", "unchanged": "#5A6472"}
PREVIEW_COLUMNS = (
    Column("sheet", "工作表"), Column("row", "行号", sort=lambda r: r["row"]),
    Column("outcome", "结果", text=lambda r: r["label"]),
    Column("name", "姓名/单位"), Column("unit_path", "所属单位"), Column("position", "职务"),
    Column("phones", "电话", text=lambda r: "、".join(n for _k, n in r["phones"])),
    Column("reason", "说明", text=lambda r: "；".join(filter(None, [r["reason"], *r["warnings"]]))),
)


class _PreviewModel(RecordTableModel):
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 2:
            return QColor(OUTCOME_COLOURS.get(self.records[index.row()]["outcome"], "#1F2329"))
        return super().data(index, role)


class ImportDialog(QDialog):
    """Choose a file → preview every row's outcome (nothing written) → import in one transaction."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.plan: Any = None
        self.result: Any = None
        self.setWindowTitle("导入Excel通讯录")
        layout = QVBoxLayout(self)
        self.file_label = QLabel("尚未选择文件")
        row = hbox(button("选择文件…", self.choose))
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("例如：防汛责任人")
        self.preview_button = button("重新预览", self.preview)
        tags_row = hbox(QLabel("给导入的人员加标签（可不填）"))
        tags_row.addWidget(self.tags, 1)
        tags_row.addWidget(self.preview_button)
        layout.addLayout(tags_row)
        self.summary = subtitle_label("导入前会逐行显示结果：新建、更新、重复已合并、拒绝（含原因）、跳过。确认后一次性写入。")
        layout.addWidget(self.summary)
        self.filter = QComboBox()
        self.filter.addItem("全部", None)
        from dutyroom.contacts.importer import OUTCOME_LABELS

        for key in ("new", "update", "merged", "rejected", "skipped", "unchanged"):
            self.filter.addItem(OUTCOME_LABELS[key], key)
        self.filter.currentIndexChanged.connect(self._filter)
        layout.addLayout(hbox(QLabel("显示"), self.filter, None))
        self.model = _PreviewModel(PREVIEW_COLUMNS, self)
        self.table = record_table(self.model, sortable=False, single_selection=False, columns="user")
        layout.addWidget(self.table, 1)
        self.message = subtitle_label()
        self.import_button = button("确认导入", self.run_import, primary=True)
        self.import_button.setEnabled(False)
        buttons = hbox()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(button("关闭", self.accept))
        layout.addLayout(buttons)
        self.resize(1150, 680)
        if path is not None:
            self.set_path(path)

    def choose(self) -> None:
        target, _ = QFileDialog.getOpenFileName(self, "选择通讯录Excel文件", str(Path.home()), "Excel 文件 (*.xlsx)")
        if target:
            self.set_path(Path(target))

    def set_path(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(str(path))
        self.preview()

    def _tags(self) -> list[str]:
        return [t for t in self.tags.text().replace("，", "、").split("、") if t.strip()]

    def preview(self) -> None:
        if self.path is None:
            return
        from dutyroom.contacts.importer import preview_import

        path, tags, store = self.path, self._tags(), self.ctx.store
        self.import_button.setEnabled(False)
        self.ctx.tasks.run(lambda state: preview_import(store, path, default_tags=tags, state=state),
                           on_done=self._previewed, on_error=self._failed, title="正在读取并核对表格…", parent=self)

    def _previewed(self, plan: Any) -> None:
        self.plan = plan
        self._show(plan)
        can = self.ctx.session.can("contacts.manage")
        self.import_button.setEnabled(can and any(r.outcome in ("new", "update") for r in plan.rows) or
                                      bool(plan.new_units))
        set_message(self.message, "预览完成，尚未写入。请检查“拒绝”的行，确认后点击“确认导入”。")

    def _show(self, plan: Any) -> None:
        self.model.set_records([{**r.__dict__, "label": r.outcome_label + ("（单位）" if r.kind == "unit" else "")}
                                for r in plan.rows])
        self.table.resizeColumnsToContents()
        extra = f"；未识别的工作表：{'、'.join(s for s, _w in plan.skipped_sheets)}" if plan.skipped_sheets else ""
        self.summary.setText(plan.summary() + extra)

    def _filter(self) -> None:
        wanted = self.filter.currentData()
        for row in range(self.model.rowCount()):
            self.table.setRowHidden(row, wanted is not None and self.model.records[row]["outcome"] != wanted)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DutyRoomError):
            set_message(self.message, error.message, error=True)
        else:
            show_error(self, error)

    def run_import(self) -> None:
        if self.path is None:
            return
        from dutyroom.contacts.importer import import_contacts

        path, tags, session = self.path, self._tags(), self.ctx.session
        self.import_button.setEnabled(False)
        self.ctx.tasks.run(lambda state: import_contacts(session, path, default_tags=tags, state=state),
                           on_done=self._imported, on_error=self._failed, title="正在导入…", parent=self,
                           cancellable=False)

    def _imported(self, plan: Any) -> None:
        self.result = plan
        self._show(plan)
        same = self.plan is not None and self.plan.summary() == plan.summary()
        note = "" if same else "（数据在预览后有变化，以上为实际导入结果）"
        set_message(self.message, f"导入完成：{plan.summary()}{note}")
