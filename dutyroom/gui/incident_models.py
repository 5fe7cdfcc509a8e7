"""The incident list as a virtual table model: the filtered, sorted ids in memory, rows read in pages.

With 200,000 incidents the list holds 200,000 integers; only the rows on screen are read from SQLite
(a page of 200 at a time, kept in a bounded cache). Sorting and filtering are SQL on indexed columns.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from dutyroom.clock import parse_iso
from dutyroom.incidents.queries import GRADE_LABELS, STATUS_LABELS, countdown_text, number_of, rows_by_id

Index = QModelIndex | QPersistentModelIndex
PAGE = 200
CACHE_LIMIT = 4000
ID_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
GRADE_COLOURS = {"I": "#B3261E", "II": "#D9822B", "III": "#A07D00", "IV": "#2E6FD8"}

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
        self.ids: list[int] = []
        self._cache: dict[int, dict[str, Any]] = {}

    # -- content ---------------------------------------------------------------------------------
    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self.ids = ids
        self._cache.clear()
        self.endResetModel()

    def record(self, row: int) -> dict[str, Any]:
        incident_id = self.ids[row]
        found = self._cache.get(incident_id)
        if found is None:
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            start = (row // PAGE) * PAGE
            self._cache.update(rows_by_id(self.store, self.ids[start:start + PAGE]))
            found = self._cache.get(incident_id) or {"id": incident_id, "_absent": True}
        return found

    def row_of(self, incident_id: int) -> int:
        try:
            return self.ids.index(incident_id)
        except ValueError:
            return -1

    def tick(self) -> None:
        """The countdown column changes every second; repaint only it."""
        if self.ids:
            self.dataChanged.emit(self.index(0, DUE_COLUMN), self.index(len(self.ids) - 1, DUE_COLUMN),
                                  [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole])

    # -- Qt model --------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section][1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.ids):
            return None
        if role == ID_ROLE:
            return self.ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole,
                        RECORD_ROLE):
            return None
        record = self.record(index.row())
        if role == RECORD_ROLE:
            return record
        if record.get("_absent"):
            return "（已不存在）" if role == Qt.ItemDataRole.DisplayRole and index.column() == TITLE_COLUMN else None
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, key)
        if role == Qt.ItemDataRole.ToolTipRole:
            return record["title"] if key == "title" else None
        return self._colour(record, key)

    def _text(self, record: dict[str, Any], key: str) -> str:
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

    def _colour(self, record: dict[str, Any], key: str) -> Any:
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
