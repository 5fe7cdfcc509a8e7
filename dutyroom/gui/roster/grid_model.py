"""The 值班排班 month grid as a Qt model: rows are days, columns 日期 | 星期/节日 | one per slot; cells show
who is drafted, pinned (◆), changed (·调), or different from what is published (yellow)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from dutyroom.clock import weekday_name
from dutyroom.duty.roles import ROLE_ORDER, duty_role_label
from dutyroom.roster.model import SHIFT_LABELS, SPLIT_ROLE, Cell, slot_label

Index = QModelIndex | QPersistentModelIndex
HOLIDAY_BG, REST_BG, MAKEUP_BG = QColor("#FDECEA"), QColor("#F1F3F6"), QColor("#EAF2FB")
CHANGED_BG, EMPTY_FG, NA_FG = QColor("#FFE9A8"), QColor("#B3261E"), QColor("#B8C0CC")
OTHER_MODE_BG = QColor("#ECEEF2")
PIN_MARK = "◆"


class RosterGridModel(QAbstractTableModel):
    """Rows are days, columns are 日期 | 星期/节日 | one column per slot (带班领导1, 带班领导2, …); with the
    officer day/night split the officer slot shows as 白班1…N and 夜班1…N. Keys are ``Cell``s.

    Cells stored under the other officer setting (a draft or publication made before it was switched) keep
    their own columns, shown as they are ("other mode"): nothing stored is reinterpreted."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.days: list[Any] = []               # DayInfo
        self.counts: dict[date, dict[str, int]] = {}
        self.slots: list[tuple[str, str, int]] = []  # (role, shift, position) per slot column
        self.cells: dict[Cell, Any] = {}
        self.current: dict[Cell, dict[str, Any]] = {}
        self.compare = True
        self.split = False
        self.reasons: dict[Cell, str] = {}        # empty cell -> why (the quality report's words)

    def load(self, days: list[Any], counts: dict[date, dict[str, int]], cells: dict, current: dict, *,
             split: bool = False) -> None:
        self.beginResetModel()
        self.days, self.counts, self.cells, self.current, self.split = days, counts, cells, current, split
        widest = {role: max([c.get(role, 0) for c in counts.values()] or [0]) for role in ROLE_ORDER}
        stored = {(k.role, k.shift) for k in (*cells, *current)}
        self.slots = []
        for role in ROLE_ORDER:
            for shift in ("full", "day", "night"):
                if shift in self.shifts_of(role) or (role, shift) in stored:
                    count = max([widest[role], *(k.index + 1 for k in (*cells, *current)
                                                 if k.role == role and k.shift == shift)])
                    self.slots += [(role, shift, i) for i in range(count)]
        self.endResetModel()

    def shifts_of(self, role: str) -> tuple[str, ...]:
        return ("day", "night") if self.split and role == SPLIT_ROLE else ("full",)

    def other_mode(self, key: Cell) -> bool:
        """A cell stored under the other officer setting (kept as stored, replaced by generation)."""
        return key.shift not in self.shifts_of(key.role)

    # -- lookups -------------------------------------------------------------------------------------
    def slot_at(self, index: Index) -> Cell | None:
        if not index.isValid() or index.column() < 2:
            return None
        role, shift, position = self.slots[index.column() - 2]
        day = self.days[index.row()].day
        cell = Cell(day, role, position, shift)
        if shift not in self.shifts_of(role):
            return cell if cell in self.cells or cell in self.current else None
        if position >= self.counts[day].get(role, 0):
            return None
        return cell

    def differs(self, key: Cell) -> bool:
        drafted = self.cells.get(key)
        now = self.current.get(key)
        return (drafted.person_id if drafted else None) != (now["person_id"] if now else None)

    # -- Qt model ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.days)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2 + len(self.slots)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and 2 <= section < 2 + len(self.slots):
            slot_role, shift, _ = self.slots[section - 2]
            return slot_label(slot_role, shift)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "日期"
        if section == 1:
            return "星期/节日"
        if 2 <= section < 2 + len(self.slots):
            slot_role, shift, position = self.slots[section - 2]
            if shift in ("day", "night"):
                return SHIFT_LABELS[shift] + str(position + 1)      # 白班1 … 夜班2, as the real template
            many = sum(1 for r, s, _ in self.slots if r == slot_role and s == shift) > 1
            return duty_role_label(slot_role) + (str(position + 1) if many else "")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() >= 2 and self.slot_at(index) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.days):
            return None
        info = self.days[index.row()]
        column = index.column()
        key = self.slot_at(index)
        cell = self.cells.get(key) if key else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{info.day.month}月{info.day.day}日"
            if column == 1:
                return info.label if info.known else weekday_name(info.day) + "（未录入）"
            if key is None:
                return "—"
            if cell is None:
                return "（空）"
            if cell.source == "change":
                return cell.name + "·调"
            return (PIN_MARK if cell.pinned else "") + cell.name
        if role == Qt.ItemDataRole.BackgroundRole:
            if key is not None and self.other_mode(key):
                return QBrush(OTHER_MODE_BG)
            if key is not None and self.compare and self.current and self.differs(key):
                return QBrush(CHANGED_BG)
            if info.is_holiday:
                return QBrush(HOLIDAY_BG)
            if info.kind == "makeup":
                return QBrush(MAKEUP_BG)
            if info.is_rest:
                return QBrush(REST_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column >= 2 and key is None:
                return QBrush(NA_FG)
            if key is not None and cell is None:
                return QBrush(EMPTY_FG)
            return None
        if role == Qt.ItemDataRole.FontRole and cell is not None and cell.pinned:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return f"{info.kind_label}" + (f"（{info.holiday}）" if info.holiday else "")
            if key is None:
                return "当日无此岗位"
            lines = []
            if self.other_mode(key):
                lines.append("按原班制（" + ("值班员24小时一班" if key.shift == "full" else "值班员分白班、夜班")
                             + "）保存的格，按原样显示；草稿中的此类格在“生成其余”时按当前班制替换。")
            if cell is not None:
                lines.append(f"{cell.name}：{cell.reason or '—'}" + ("（已固定，自动生成时保留）" if cell.pinned else ""))
            elif self.reasons.get(key, "未安排") != "未安排":
                lines.append(f"无人值班：{self.reasons[key]}")
            now = self.current.get(key)
            if now and (cell is None or now["person_id"] != cell.person_id):
                lines.append(f"已发布：{now['name']}")
            return "\n".join(lines) or "点击安排人员"
        return None
