"""Tables: a read-only model over a list of records (named columns, sort keys, an object role), the view
every list uses, and the small helpers for hand-filled QTableWidgets."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    text: Callable[[dict[str, Any]], str] | None = None
    sort: Callable[[dict[str, Any]], Any] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
    tooltip: Callable[[dict[str, Any]], str] | None = None

    def display(self, record: dict[str, Any]) -> str:
        if self.text is not None:
            return self.text(record)
        value = record.get(self.key)
        return "" if value is None else str(value)


class RecordTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.records: list[dict[str, Any]] = []
        self.muted: Callable[[dict[str, Any]], bool] = lambda record: False

    def set_records(self, records: Sequence[Mapping[str, Any]]) -> None:
        """Any rows: plain dicts or the read models' TypedDicts (plain dicts at run time, read here by key)."""
        self.beginResetModel()
        self.records = cast(list[dict[str, Any]], list(records))
        self.endResetModel()

    def record(self, row: int) -> dict[str, Any]:
        return self.records[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.records)):
            return None
        record, column = self.records[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.display(record)
        if role == SORT_ROLE:
            value = column.sort(record) if column.sort else column.display(record)
            # Qt compares what it can convert; a date given as itself has been seen sorted unreliably
            return value.isoformat() if isinstance(value, date) else value
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(record)
        if role == Qt.ItemDataRole.ForegroundRole and self.muted(record):
            from PySide6.QtGui import QColor

            from dutyroom.gui.kit.theme import VOIDED

            return QColor(VOIDED)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if 0 <= section < len(self.columns):
                return self.columns[section].title
        return None


MEASURED_ROWS = 60   # rows a column's width is measured on: every row of a large table costs ~100 ms


def record_table(model: Any, *, single_selection: bool = True, columns: str = "fit",
                 sortable: bool = True, widths: Sequence[int] = ()) -> Any:
    """A read-only table view, rows selected whole, over a RecordTableModel (``RECORD_ROLE`` gives a row's
    record) or a virtual model of its own (then not ``sortable``: it sorts itself). ``sortable``: through a sort proxy, a click on a header sorts. ``columns``: "fit" follows their
    contents; "user" starts at ``widths`` (or where the caller's ``resizeColumnsToContents`` puts them) and is
    then the user's to drag; "stretch" shares the width."""
    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    view = QTableView()
    if sortable:
        proxy = QSortFilterProxyModel(model)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        view.setModel(proxy)
        view.setSortingEnabled(True)
    else:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single_selection:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode({"fit": QHeaderView.ResizeMode.ResizeToContents,
                                 "stretch": QHeaderView.ResizeMode.Stretch}.get(columns,
                                                                               QHeaderView.ResizeMode.Interactive))
    header.setResizeContentsPrecision(MEASURED_ROWS)
    header.setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


def selected_record(view: Any) -> Any:
    """The record of the first selected row of a ``record_table`` (None when nothing is selected)."""
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].data(RECORD_ROLE) if rows else None


def widget_table(headers: Sequence[str]) -> Any:
    """A read-only QTableWidget filled by hand, one row selected at a time, columns following their contents."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def table_item(text: str, data: Any = None, colour: str | None = None) -> Any:
    """A cell of a ``widget_table``: its text, an object under ``Qt.UserRole``, a text colour."""
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QTableWidgetItem

    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if colour:
        item.setForeground(QColor(colour))
    return item


def append_row(table: Any, cells: Sequence[Any]) -> int:
    """Add a row of items (or texts) at the end of a ``widget_table``; returns its index."""
    index = table.rowCount()
    table.insertRow(index)
    for column, cell in enumerate(cells):
        table.setItem(index, column, cell if not isinstance(cell, str) else table_item(cell))
    return index
