"""通讯录分组: named lists for the warning relay — a rule (tags, unit kinds, units) and/or fixed members."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dutyroom import org
from dutyroom.contacts import directory, groups, people
from dutyroom.contacts.tree import load_units
from dutyroom.gui.contacts.picker import PersonPicker
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.fields import form_layout
from dutyroom.gui.kit.ops import run_op, run_with_reason
from dutyroom.gui.kit.page import subtitle_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table
from dutyroom.gui.kit.widgets import button, hbox

MEMBER_COLUMNS = (
    Column("name", "姓名"), Column("unit_path", "单位"), Column("position", "职务"),
    Column("main_phone", "主要电话"),
    Column("how", "来源", text=lambda r: "固定成员" if r["fixed"] else "按条件"),
    Column("away", "状态", text=lambda r: "外出" if r["away"] else ""),
)


class GroupsDialog(QDialog):
    """Named lists for the warning relay: a rule (tags, unit kinds, units) and/or fixed members."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("通讯录分组")
        self.group_id: int | None = None
        self.fixed: list[int] = []
        layout = QHBoxLayout(self)
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._picked)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(button("新建分组", self.new_group))
        layout.addLayout(left, 1)
        right = QVBoxLayout()
        right.addLayout(self._build_rule_form())
        self.count_label = subtitle_label()
        right.addWidget(self.count_label)
        self.members = RecordTableModel(MEMBER_COLUMNS, self)
        self.members.muted = lambda r: bool(r["away"])
        self.table = record_table(self.members, sortable=False, single_selection=False, columns="user")
        right.addWidget(self.table, 1)
        self.message = subtitle_label()
        right.addWidget(self.message)
        self.save_button = button("保存分组", self.save, primary=True)
        self.void_button = button("作废分组…", self.void)
        right.addLayout(hbox(self.save_button, self.void_button, None, button("关闭", self.accept)))
        layout.addLayout(right, 3)
        for box in [*self.tag_boxes.values(), *self.kind_boxes.values()]:
            box.toggled.connect(self.preview)
        self.units.itemChanged.connect(lambda _item: self.preview())
        self.resize(1100, 680)
        self.reload()

    def _build_rule_form(self) -> QFormLayout:
        """Name, description, the rule (tags, unit kinds, units) and the fixed members."""
        form = form_layout(messages=False)
        self.name = QLineEdit()
        self.description = QLineEdit()
        form.addRow("名称", self.name)
        form.addRow("说明", self.description)
        tags = list(dict.fromkeys([t for t, _n in directory.tags_in_use(self.ctx.store)] + list(people.SUGGESTED_TAGS)))
        self.tag_boxes = {tag: QCheckBox(tag) for tag in tags}
        form.addRow("标签（任一）", _four_a_row(list(self.tag_boxes.values())))
        self.kind_boxes = {key: QCheckBox(kind_label) for key, kind_label in org.UNIT_KINDS.items()}
        form.addRow("单位类型", _four_a_row(list(self.kind_boxes.values())))
        self.units = QListWidget()
        self.units.setMaximumHeight(110)
        for unit in load_units(self.ctx.store).values():
            item = QListWidgetItem("　" * unit.depth + unit.name)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.units.addItem(item)
        form.addRow("限于单位（含下级）", self.units)
        self.picker = PersonPicker(self.ctx, placeholder="添加固定成员：姓名、拼音或电话", allow_free_text=False)
        self.picker.person_chosen.connect(self.add_member)
        self.remove_button = button("移除选中的固定成员", self.remove_member)
        add_row = hbox()
        add_row.addWidget(self.picker, 1)
        add_row.addWidget(self.remove_button)
        form.addRow("固定成员", add_row)
        return form

    def reload(self, select: int | None = None) -> None:
        self.groups = groups.list_groups(self.ctx.store)
        self.list.blockSignals(True)
        self.list.clear()
        for group in self.groups:
            self.list.addItem(f"{group.name}（{group.member_count}人）")
        self.list.blockSignals(False)
        ids = [g.id for g in self.groups]
        if select in ids:
            self.list.setCurrentRow(ids.index(select))
        elif self.groups:
            self.list.setCurrentRow(0)
        else:
            self.new_group()

    def _picked(self, row: int) -> None:
        if not 0 <= row < len(self.groups):
            return
        group = self.groups[row]
        self.group_id, self.fixed = group.id, list(group.fixed_ids)
        self.name.setText(group.name)
        self.description.setText(group.description)
        self._set_rule(group.rule)
        self.void_button.setEnabled(True)
        self.preview()

    def _set_rule(self, rule: groups.GroupRule) -> None:
        for tag, box in self.tag_boxes.items():
            box.blockSignals(True)
            box.setChecked(tag in rule.tags)
            box.blockSignals(False)
        for kind, box in self.kind_boxes.items():
            box.blockSignals(True)
            box.setChecked(kind in rule.unit_kinds)
            box.blockSignals(False)
        self.units.blockSignals(True)
        for i in range(self.units.count()):
            item = self.units.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in rule.unit_ids
                               else Qt.CheckState.Unchecked)
        self.units.blockSignals(False)

    def rule(self) -> groups.GroupRule:
        unit_ids = tuple(self.units.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.units.count())
                         if self.units.item(i).checkState() == Qt.CheckState.Checked)
        return groups.GroupRule(tuple(t for t, b in self.tag_boxes.items() if b.isChecked()), unit_ids,
                                tuple(k for k, b in self.kind_boxes.items() if b.isChecked()))

    def new_group(self) -> None:
        self.group_id, self.fixed = None, []
        self.list.clearSelection()
        self.name.clear()
        self.description.clear()
        self._set_rule(groups.GroupRule())
        self.void_button.setEnabled(False)
        self.name.setFocus()
        self.preview()

    def preview(self) -> None:
        info = groups.GroupInfo(self.group_id or 0, self.name.text(), "", self.rule(), self.fixed)
        ids = groups.member_ids(self.ctx.store, info)
        today = self.ctx.session.now().date()
        rows = []
        units = load_units(self.ctx.store)
        fixed = set(self.fixed)
        for person_id in ids:
            card = org.get_person(self.ctx.store, person_id)
            row = self.ctx.store.row("SELECT away_from, away_until FROM person WHERE id = ?", (person_id,))
            rows.append({"id": person_id, "name": card.name, "position": card.position,
                         "unit_path": units[card.unit_id].path_text if card.unit_id in units else "",
                         "main_phone": card.main_phone, "fixed": person_id in fixed,
                         "away": people.is_away(row, today)})
        self.members.set_records(rows)
        description = info.rule.describe({u.id: u.name for u in units.values()})
        self.count_label.setText(f"共 {len(rows)} 人。" + (f"条件：{description}" if description else "仅固定成员。"))

    def add_member(self, person_id: int) -> None:
        if person_id not in self.fixed:
            self.fixed.append(person_id)
        self.picker.clear()
        self.preview()

    def remove_member(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        for index in rows:
            record = self.members.record(index.row())
            if record["fixed"] and record["id"] in self.fixed:
                self.fixed.remove(record["id"])
        self.preview()

    def save(self) -> None:
        values: dict[str, Any] = {"name": self.name.text(), "description": self.description.text(), "rule": self.rule()}
        if self.group_id is None:
            outcome = run_op(self, groups.create_group, self.ctx.session, **values, member_ids=self.fixed,
                             message=self.message, done="分组已保存。")
            if outcome:
                self.group_id = outcome.value
        else:
            outcome = run_op(self, groups.update_group, self.ctx.session, self.group_id, **values,
                             member_ids=self.fixed, message=self.message, done="分组已保存。")
        if outcome:
            self.reload(self.group_id)

    def void(self) -> None:
        if self.group_id is not None and run_with_reason(
                self, "作废分组", f"作废分组“{self.name.text()}”的原因：", groups.void_group, self.ctx.session,
                self.group_id, blank_cancels=True):
            self.reload()


def _four_a_row(boxes: list[QCheckBox]) -> QGridLayout:
    grid = QGridLayout()
    for i, box in enumerate(boxes):
        grid.addWidget(box, i // 4, i % 4)
    return grid
