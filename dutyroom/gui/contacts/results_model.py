"""Virtual table model over contact search results: rows are index positions, cells are made on demand,
so 20,000 results cost nothing until they are scrolled into view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from dutyroom.contacts.search import TIER_LABELS, ContactIndex, Entry, SearchResult
from dutyroom.gui.kit.tables import RECORD_ROLE

NAME_ROLE = Qt.ItemDataRole.UserRole + 10
Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("名称", "状态", "电话", "职务", "所在单位", "标签")
STALE_COLOUR = QColor("#A15C00")
AWAY_COLOUR = QColor("#1F5FAD")
UNIT_BACKGROUND = QColor("#EEF2F7")


def status_text(entry: Entry) -> str:
    parts = []
    if entry.away:
        parts.append(f"外出至{entry.away_until[5:].replace('-', '月')}日" if entry.away_until else "外出中")
    if entry.stale:
        parts.append("待核实" if entry.verified_on else "从未核实")
    return "，".join(parts)


def phones_text(entry: Entry, limit: int = 3) -> str:
    return "  ".join(f"{p.kind_label} {p.number}" for p in entry.phones[:limit])


class ResultsModel(QAbstractTableModel):
    """``compact``: one column "name　unit　main phone" for pickers; else the contact list columns."""

    def __init__(self, parent: Any = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.compact = compact
        self.index_: ContactIndex | None = None
        self.result: SearchResult | None = None
        self._bold = QFont()
        self._bold.setBold(True)

    def set_result(self, index: ContactIndex | None, result: SearchResult | None) -> None:
        self.beginResetModel()
        self.index_, self.result = index, result
        self.endResetModel()

    def entry(self, row: int) -> Entry | None:
        if self.index_ is None or self.result is None or not 0 <= row < len(self.result.positions):
            return None
        return self.index_.entry(self.result.positions[row])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() or self.result is None else len(self.result.positions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else (1 if self.compact else len(COLUMNS))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entry(index.row())
        if entry is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if self.compact:
                return "　".join(filter(None, (entry.name, entry.position, entry.unit_path, entry.main_phone,
                                               status_text(entry))))
            return (entry.name, status_text(entry), phones_text(entry), entry.position, entry.unit_path,
                    "、".join(entry.tags))[column]
        if role == NAME_ROLE:
            return entry.name
        if role == RECORD_ROLE:
            return entry
        if role == Qt.ItemDataRole.ToolTipRole:
            tier = self.result.tiers[index.row()] if self.result else None
            matched = TIER_LABELS.get(tier, "") if tier is not None else ""
            lines = [f"{entry.name}（{entry.unit_path or '无上级单位'}）", phones_text(entry, 9)]
            if matched:
                lines.append(f"匹配：{matched}")
            return "\n".join(line for line in lines if line)
        if role == Qt.ItemDataRole.ForegroundRole:
            if entry.away and (self.compact or column in (0, 1)):
                return QBrush(AWAY_COLOUR)
            if entry.stale and (column == 1 or self.compact):
                return QBrush(STALE_COLOUR)
            return None
        if role == Qt.ItemDataRole.FontRole and entry.kind == "unit":
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and entry.kind == "unit" and not self.compact:
            return QBrush(UNIT_BACKGROUND)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if self.compact:
                return "人员" if section == 0 else None
            if 0 <= section < len(COLUMNS):
                return COLUMNS[section]
        return None
