"""The 值班人员 table as a Qt model: one row per bureau person, the duty roles and 不值夜班 as tick columns.

A tick is a request (``tick_requested``), never a write of its own: the editor applies it to every selected row
in one operation and the table is read again from the store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal

from dutyroom.duty.roles import DUTY_ROLES, ROLE_ORDER
from dutyroom.gui.kit.tables import Column, Index, RecordTableModel
from dutyroom.roster.staff import StaffMember

NO_NIGHT = "no_night"
TICKS: dict[str, str] = {**{role: DUTY_ROLES[role] for role in ROLE_ORDER}, NO_NIGHT: "不值夜班"}


def _day(value: Any) -> str:
    return value.isoformat() if value else ""


def _maximum(record: dict[str, Any]) -> str:
    value = record["max_per_month"]
    return "" if value is None else "不排" if value == 0 else str(value)


def _tick_sort(key: str) -> Callable[[dict[str, Any]], bool]:
    return lambda record: bool(record["ticks"][key])


COLUMNS = (
    Column("name", "姓名"),
    Column("unit", "股室"),
    Column("position", "职务"),
    *(Column(key, title, text=lambda r: "", sort=_tick_sort(key), align=Qt.AlignmentFlag.AlignCenter)
      for key, title in TICKS.items()),
    Column("join_date", "到岗", text=lambda r: _day(r["join_date"]), sort=lambda r: _day(r["join_date"])),
    Column("leave_date", "调离", text=lambda r: _day(r["leave_date"]), sort=lambda r: _day(r["leave_date"])),
    Column("max_per_month", "月上限", text=_maximum, sort=lambda r: -1 if r["max_per_month"] is None
           else r["max_per_month"], align=Qt.AlignmentFlag.AlignCenter),
    Column("account", "账户", text=lambda r: r["account"] or "—"),
    Column("phone", "手机"),
)
TICK_COLUMNS = {3 + n: key for n, key in enumerate(TICKS)}


def staff_record(member: StaffMember) -> dict[str, Any]:
    ticks = {role: role in member.roles for role in ROLE_ORDER}
    ticks[NO_NIGHT] = member.no_night
    return {"id": member.id, "name": member.name, "unit": member.unit, "unit_path": member.unit_path,
            "position": member.position, "ticks": ticks, "join_date": member.join_date,
            "leave_date": member.leave_date, "max_per_month": member.max_per_month, "account": member.account,
            "phone": member.phone, "is_staff": member.is_staff, "roles": member.roles,
            "haystack": " ".join([member.name, member.unit_path, member.position, member.phone, member.account or "",
                                  *member.role_labels, "不值夜班" if member.no_night else ""])}


class StaffModel(RecordTableModel):
    """Bureau people; those who are not duty staff (yet) are shown muted."""

    tick_requested = Signal(int, str, bool)     # person id, tick key, wanted

    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, parent)
        self.editable = True
        self.muted = lambda record: not record["is_staff"]

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in TICK_COLUMNS and self.editable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() in TICK_COLUMNS:
            ticked = self.records[index.row()]["ticks"][TICK_COLUMNS[index.column()]]
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            record = self.records[index.row()]
            if index.column() in TICK_COLUMNS:
                return f"勾选或取消：{TICKS[TICK_COLUMNS[index.column()]]}（选中多行时对所选人员一起修改）"
            return record["unit_path"] + ("" if record["is_staff"] else "（尚未列为值班人员：勾选值班岗位即列入）")
        return super().data(index, role)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() not in TICK_COLUMNS:
            return False
        wanted = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, True)
        self.tick_requested.emit(self.records[index.row()]["id"], TICK_COLUMNS[index.column()], wanted)
        return False
