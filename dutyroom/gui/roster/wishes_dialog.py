"""值班排班 → 排班设置 → 意愿与搭配: who would rather not be on duty when (weekdays, dates, a weight), who is
never on duty with whom, and which 值班长/值班员 are new (never on a shift without an experienced one)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dialogs import ToolDialog
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table, selected_record
from dutyroom.gui.kit.widgets import button, hbox, holder, vbox
from dutyroom.roster.model import WEEKDAY_NAMES

INTRO = ("不愿值班为“软”意愿：公平优先，在同样公平的排法中尽量满足，未能满足的在质量报告中列出并说明代价；"
         "权重越大越优先满足。不同班和新任为“硬”规则，排班时一定遵守。修改后请在排班页“生成其余”重新生成。")


def _people_combo(people: Sequence[Mapping[str, Any]]) -> QComboBox:
    combo = QComboBox()
    for person in people:
        combo.addItem(f"{person['name']}　{person['position']}".strip(), person["id"])
    return combo


def _form(rows: list[tuple[str, QWidget]], *buttons: QWidget) -> QGridLayout:
    """Labels above their inputs in one row, the buttons at the end."""
    grid = QGridLayout()
    for column, (text, widget) in enumerate(rows):
        grid.addWidget(QLabel(text), 0, column)
        grid.addWidget(widget, 1, column)
    for offset, widget in enumerate(buttons):
        grid.addWidget(widget, 1, len(rows) + offset)
    return grid


class WishesDialog(ToolDialog):
    """Three tabs over ``roster.wishes``: 不愿值班, 不同班, 新任值班人员."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from dutyroom import org

        super().__init__(ctx, parent, "意愿与搭配")
        self.resize(900, 600)
        self.people = org.duty_staff(ctx.store)
        self.layout_.addWidget(subtitle_label(INTRO))
        self.tabs = QTabWidget()
        self.tabs.addTab(self._wishes_tab(), "不愿值班")
        self.tabs.addTab(self._pairs_tab(), "不同班")
        self.tabs.addTab(self._new_tab(), "新任值班人员")
        self.layout_.addWidget(self.tabs, 1)
        self.finish_layout()
        self.reload()

    # -- building ------------------------------------------------------------------------------------
    def _wishes_tab(self) -> QWidget:
        self.wish_model = RecordTableModel([
            Column("name", "姓名"), Column("weight", "权重"), Column("text", "不愿值班"), Column("note", "备注")], self)
        self.wish_table = record_table(self.wish_model, sortable=False)
        self.wish_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.wish_person = _people_combo(self.people)
        self.weekdays = [QCheckBox(name) for name in WEEKDAY_NAMES]
        self.dates = QLineEdit()
        self.dates.setPlaceholderText("如 2027-01-15、2027-01-20至2027-01-24")
        self.weight = QSpinBox()
        self.weight.setRange(1, 10)
        self.wish_note = QLineEdit()
        self.wish_note.setPlaceholderText("如 接送孩子")
        days = holder(hbox(*self.weekdays, spacing=6))
        form = _form([("人员", self.wish_person), ("每周不愿值班", days)])
        details = _form([("或这些日期", self.dates), ("权重（1–10）", self.weight), ("备注", self.wish_note)],
                        button("登记", self.add_wish, primary=True), button("作废所选…", self.void_wish))
        details.setColumnStretch(0, 3)
        details.setColumnStretch(2, 2)
        return holder(vbox(self.wish_table, form, details), margins=(8, 8, 8, 8))

    def _pairs_tab(self) -> QWidget:
        self.pair_model = RecordTableModel([
            Column("first", "人员甲"), Column("second", "人员乙"), Column("note", "备注")], self)
        self.pair_table = record_table(self.pair_model, sortable=False, columns="stretch")
        self.pair_first, self.pair_second = _people_combo(self.people), _people_combo(self.people)
        self.pair_note = QLineEdit()
        self.pair_note.setPlaceholderText("如 夫妻、同一科室不能同时离岗")
        form = _form([("人员甲", self.pair_first), ("人员乙", self.pair_second), ("备注", self.pair_note)],
                     button("设为不同班", self.add_pair, primary=True), button("作废所选…", self.void_pair))
        form.setColumnStretch(2, 1)
        hint = subtitle_label("两人不会在同一天值班（含备勤；值班员分白夜班时，一人白班、一人夜班不算同时）。")
        return holder(vbox(hint, self.pair_table, form), margins=(8, 8, 8, 8))

    def _new_tab(self) -> QWidget:
        self.new_model = RecordTableModel([
            Column("name", "姓名"), Column("position", "职务"), Column("role_labels", "值班岗位"),
            Column("new_label", "新任")], self)
        self.new_table = record_table(self.new_model, sortable=False, columns="stretch")
        hint = subtitle_label("新任的值班长、值班员排班时一定有一名有经验的值班长或值班员同班（白夜班分开计）。")
        buttons = hbox(button("设为新任", lambda: self.set_new(True), primary=True),
                       button("设为有经验", lambda: self.set_new(False)), None)
        return holder(vbox(hint, self.new_table, buttons), margins=(8, 8, 8, 8))

    # -- reading -------------------------------------------------------------------------------------
    def reload(self) -> None:
        from dutyroom.duty.roles import duty_role_label
        from dutyroom.roster import wishes

        store = self.ctx.store
        self.wish_model.set_records([w.as_record() for w in wishes.wishes(store)])
        self.pair_model.set_records([p.as_record() for p in wishes.pairs(store)])
        self.new_model.set_records([{**r, "role_labels": "、".join(duty_role_label(x) for x in r["roles"].split(","))}
                                    for r in wishes.team_staff(store)])

    # -- actions -------------------------------------------------------------------------------------
    def add_wish(self) -> bool:
        from dutyroom.roster import wishes

        def call() -> int:
            return wishes.add_wish(
                self.ctx.session, self.wish_person.currentData(),
                weekdays=[n + 1 for n, box in enumerate(self.weekdays) if box.isChecked()],
                dates=wishes.parse_dates(self.dates.text()), weight=self.weight.value(), note=self.wish_note.text())

        if not self.run(call, f"已登记{self.wish_person.currentText().split()[0]}的意愿。"):
            return False
        for box in self.weekdays:
            box.setChecked(False)
        self.dates.clear()
        self.wish_note.clear()
        self.weight.setValue(1)
        return True

    def void_wish(self) -> bool:
        from dutyroom.roster.wishes import void_wish

        return self._void_selected(self.wish_table, void_wish)

    def add_pair(self) -> bool:
        from dutyroom.roster.wishes import add_pair

        if not self.run(lambda: add_pair(self.ctx.session, self.pair_first.currentData(),
                                         self.pair_second.currentData(), self.pair_note.text()), "已设为不同班。"):
            return False
        self.pair_note.clear()
        return True

    def void_pair(self) -> bool:
        from dutyroom.roster.wishes import void_pair

        return self._void_selected(self.pair_table, void_pair)

    def set_new(self, new: bool) -> bool:
        from dutyroom.roster.wishes import set_new_officer

        record = selected_record(self.new_table)
        if record is None:
            set_message(self.message, "请先选择一名值班长或值班员。", error=True)
            return False
        word = "新任" if new else "有经验"
        return self.run(lambda: set_new_officer(self.ctx.session, record["id"], new),
                        lambda changed: f"{record['name']}{'已设为' if changed else '本来就是'}{word}。")

    def _void_selected(self, table: Any, void: Any) -> bool:
        record = selected_record(table)
        if record is None:
            set_message(self.message, "请先选择一条记录。", error=True)
            return False
        return self.run_with_reason("作废", "作废原因：", lambda reason: void(self.ctx.session, record["id"], reason),
                                    "已作废。")
