"""Importing a file the careful way: choose it → every row's outcome shown (nothing written) → import in one
transaction. Both steps run off the UI thread behind a progress window.

An area describes its import (``ImportSpec``: columns, how a plan becomes rows, preview and import calls) and
gets the dialog: the contact sheet, the staff list and past rosters all read the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QLabel, QVBoxLayout, QWidget

from dutyroom.errors import DutyRoomError
from dutyroom.gui.kit.ops import show_error
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import Column, Index, RecordTableModel, record_table
from dutyroom.gui.kit.widgets import button, hbox

OUTCOME_COLOURS = {"new": "#1E7B34", "update": "#1F5FAD", "merged": "#7A5AA8", "rejected": "#B3261E",
                   "skipped": "#8A8F98", "unchanged": "#5A6472", "unknown": "#B26A00", "month": "#1F3A5F"}
Work = Callable[[Path, Any], Any]          # (path, TaskState) -> plan


@dataclass
class ImportSpec:
    """What one kind of import shows and does. ``rows(plan)`` gives the table's records, each with an
    ``outcome`` key (coloured in the ``outcome_column``); ``committable(plan)`` says whether 确认导入 may run."""

    title: str
    file_prompt: str
    intro: str
    columns: Sequence[Column]
    outcomes: dict[str, str]                          # outcome key -> label, for the 显示 filter
    preview: Work
    commit: Work
    rows: Callable[[Any], list[dict[str, Any]]]
    summary: Callable[[Any], str]
    committable: Callable[[Any], bool]
    permission: str
    outcome_column: int = 2
    notes: Callable[[Any], list[str]] = field(default=lambda plan: [])


class _PreviewModel(RecordTableModel):
    def __init__(self, columns: Sequence[Column], outcome_column: int, parent: Any = None) -> None:
        super().__init__(columns, parent)
        self.outcome_column = outcome_column

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == self.outcome_column:
            return QColor(OUTCOME_COLOURS.get(self.records[index.row()].get("outcome", ""), "#1F2329"))
        return super().data(index, role)


class ImportPreviewDialog(QDialog):
    """Choose a file → preview every row's outcome (nothing written) → import in one transaction.

    ``plan`` is the last preview, ``result`` what the import did; ``imported`` is called with it."""

    def __init__(self, ctx: Any, spec: ImportSpec, parent: QWidget | None = None, path: Path | None = None,
                 extra: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.spec = ctx, spec
        self.path: Path | None = None
        self.plan: Any = None
        self.result: Any = None
        self.imported: Callable[[Any], None] | None = None
        self.setWindowTitle(spec.title)
        layout = QVBoxLayout(self)
        self.file_label = QLabel("尚未选择文件")
        row = hbox(button("选择文件…", self.choose))
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        if extra is not None:
            layout.addWidget(extra)
        self.summary = subtitle_label(spec.intro)
        layout.addWidget(self.summary)
        self.notes = subtitle_label()
        self.notes.hide()
        layout.addWidget(self.notes)
        self.filter = QComboBox()
        self.filter.addItem("全部", None)
        for key, text in spec.outcomes.items():
            self.filter.addItem(text, key)
        self.filter.currentIndexChanged.connect(self._filter)
        layout.addLayout(hbox(QLabel("显示"), self.filter, None))
        self.model = _PreviewModel(spec.columns, spec.outcome_column, self)
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
        target, _ = QFileDialog.getOpenFileName(self, self.spec.file_prompt, str(Path.home()), "Excel 文件 (*.xlsx)")
        if target:
            self.set_path(Path(target))

    def set_path(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(str(path))
        self.preview()

    def preview(self) -> None:
        if self.path is None:
            return
        path, work = self.path, self.spec.preview
        self.import_button.setEnabled(False)
        self.ctx.tasks.run(lambda state: work(path, state), on_done=self._previewed, on_error=self._failed,
                           title="正在读取并核对表格…", parent=self)

    def _previewed(self, plan: Any) -> None:
        self.plan = plan
        self._show(plan)
        self.import_button.setEnabled(self.ctx.session.can(self.spec.permission) and self.spec.committable(plan))
        set_message(self.message, "预览完成，尚未写入。请检查“拒绝”的行，确认后点击“确认导入”。")

    def _show(self, plan: Any) -> None:
        self.model.set_records(self.spec.rows(plan))
        self.table.resizeColumnsToContents()
        self.summary.setText(self.spec.summary(plan))
        notes = self.spec.notes(plan)
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        self._filter()

    def _filter(self) -> None:
        wanted = self.filter.currentData()
        for row in range(self.model.rowCount()):
            self.table.setRowHidden(row, wanted is not None and self.model.records[row].get("outcome") != wanted)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DutyRoomError):
            set_message(self.message, error.message, error=True)
        else:
            show_error(self, error)

    def run_import(self) -> None:
        if self.path is None:
            return
        path, work = self.path, self.spec.commit
        self.import_button.setEnabled(False)
        self.ctx.tasks.run(lambda state: work(path, state), on_done=self._imported, on_error=self._failed,
                           title="正在导入…", parent=self, cancellable=False)

    def _imported(self, plan: Any) -> None:
        self.result = plan
        self._show(plan)
        same = self.plan is not None and self.spec.summary(self.plan) == self.spec.summary(plan)
        note = "" if same else "（数据在预览后有变化，以上为实际导入结果）"
        set_message(self.message, f"导入完成：{self.spec.summary(plan)}{note}")
        if self.imported is not None:
            self.imported(plan)


def open_import(dialog: ImportPreviewDialog, path: Path | None) -> ImportPreviewDialog:
    """Show an import dialog window-modal: previewing ``path``, else with the file chooser open."""
    dialog.open()
    if path is None:
        dialog.choose()
    else:
        dialog.set_path(path)
    return dialog
