"""The incident list as a virtual table model over a query: the row count, then pages read on demand.

With 200,000 incidents nothing is loaded up front: the count and each page of 200 rows (as they come on
screen) are indexed SQL queries, and only a bounded number of pages is kept. Sorting and filtering make a
new query.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, cast

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from dutyroom.clock import parse_iso
from dutyroom.gui.kit.theme import GRADE_COLOURS
from dutyroom.incidents.models import IncidentListRow
from dutyroom.incidents.queries import GRADE_LABELS, STATUS_LABELS, IncidentQuery, countdown_text, number_of

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
PAGES_KEPT = 30
ID_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2

# (key, title, sort key in queries.SORTS or None)
COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("number", "编号", "number"), ("received", "接报时间", "received"), ("grade", "等级", "grade"),
    ("next_due", "下一时限", "next_due"), ("status", "状态", "status"), ("category", "类别", "category"),
    ("place", "地点", "place"), ("title", "事件（地点、类型、伤亡、进展）", "title"),
)
DUE_COLUMN = 3
TITLE_COLUMN = 7


def _short_time(text: str | None) -> str:
    return text[5:16].replace("T", " ") if text else ""


class IncidentListModel(QAbstractTableModel):
    def __init__(self, store: Any, now: Callable[[], datetime], warning_minutes: int = 5, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.now = now
        self.warning_minutes = warning_minutes
        self.query = IncidentQuery()
        self.total = 0
        self._counted = False
        self._pages: dict[int, list[IncidentListRow]] = {}

    # -- content ---------------------------------------------------------------------------------
    def set_query(self, query: IncidentQuery, *, data_changed: bool = True) -> None:
        """A new view. Only re-sorting (same filter, unchanged data) keeps the row count it already has."""
        same_rows = (not data_changed and query.flt == self.query.flt and query.flt.status != "overdue"
                     and self._counted)
        self.beginResetModel()
        self.query = query
        if not same_rows:
            self.total = query.count(self.store)
            self._counted = True
        self._pages.clear()
        self.endResetModel()

    def reload(self) -> None:
        """The same query again (data changed): new count, pages read afresh."""
        self.set_query(self.query)

    def record(self, row: int) -> Mapping[str, Any]:
        """The incident in that row (an ``IncidentListRow``), or a mark when it has gone since the count."""
        number, offset = divmod(row, PAGE)
        page = self._pages.get(number)
        if page is None:
            if len(self._pages) >= PAGES_KEPT:
                self._pages.pop(next(iter(self._pages)))
            page = self._pages[number] = self.query.page(self.store, number * PAGE, PAGE)
        return page[offset] if offset < len(page) else {"id": None, "_absent": True}

    def incident_id(self, row: int) -> int | None:
        return self.record(row).get("id")

    def row_of(self, incident_id: int) -> int:
        position = self.query.position(self.store, incident_id)
        return -1 if position is None else position

    def tick(self) -> None:
        """The countdown column changes every second; repaint only it."""
        if self.total:
            self.dataChanged.emit(self.index(0, DUE_COLUMN), self.index(self.total - 1, DUE_COLUMN),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole])

    # -- Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else self.total

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.total:
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole,
                        RECORD_ROLE, ID_ROLE):
            return None
        record = self.record(index.row())
        if role == ID_ROLE:
            return record.get("id")
        if role == RECORD_ROLE:
            return record
        if record.get("_absent"):
            return "（已不存在）" if role == Qt.ItemDataRole.DisplayRole and index.column() == TITLE_COLUMN else None
        incident = cast(IncidentListRow, record)
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(incident, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return incident["title"] if key == "title" else None
        return self._colour(incident, key)

    def _text(self, record: IncidentListRow, key: str) -> str:
        if key == "number":
            return number_of(record)
        if key == "received":
            return _short_time(record["received_at"])
        if key == "title":
            return ("【作废】" if record["voided_at"] else "") + record["title"]
        if key == "grade":
            text = GRADE_LABELS[record["grade"]]
            return text + ("*" if record["grade_override_reason"] else "") + ("▲" if record["level"] != record["grade"]
                                                                               else "")
        if key == "category":
            return record["subtype"] or record["category"]
        if key == "place":
            return record["place"]
        if key == "status":
            return STATUS_LABELS[record["status"]]
        if key == "next_due":
            if not record["next_due_at"]:
                return "无未完成时限"
            left = (parse_iso(record["next_due_at"]) - self.now()).total_seconds()
            return f"{countdown_text(left)}　{record['next_due_label']}"
        return ""

    def _colour(self, record: IncidentListRow, key: str) -> Any:
        if record["voided_at"]:
            return QColor("#9AA3AF")
        if key == "grade":
            return QColor(GRADE_COLOURS[record["grade"]])
        if key == "next_due" and record["next_due_at"]:
            left = (parse_iso(record["next_due_at"]) - self.now()).total_seconds()
            if left < 0:
                return QColor("#B3261E")
            if left <= self.warning_minutes * 60:
                return QColor("#B26A00")
        if key == "next_due" and not record["next_due_at"]:
            return QColor("#7A8699")
        return None
