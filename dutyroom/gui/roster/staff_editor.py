"""The 值班人员 editor: every bureau person with the duty roles they may take, 不值夜班, join and leave dates,
monthly maximum and account; a filter; one or many rows changed in one operation.

Select rows, then tick a role in the table or in the bar above it: the tick applies to every selected person
(``update_staff`` — one transaction, one audit row per person changed). Used by the 值班人员 page and by the
开通向导's staff step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from dutyroom.changes import Area, ChangeSet
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import confirm, run_op
from dutyroom.gui.kit.page import subtitle_label
from dutyroom.gui.kit.tables import RECORD_ROLE, record_table
from dutyroom.gui.kit.widgets import button, hbox, label
from dutyroom.gui.roster.staff_model import NO_NIGHT, TICKS, StaffModel, staff_record
from dutyroom.roster.staff import StaffChange

AREAS = frozenset({Area.ORG, Area.ROSTER, Area.ACCOUNTS})
SHOW = {"all": "全部本局人员", "staff": "值班人员", "no_role": "未设值班岗位", "no_account": "没有账户的值班人员",
        "no_night": "不值夜班"}


def _shown(record: dict[str, Any], show: str, words: list[str]) -> bool:
    wanted = {"all": True, "staff": record["is_staff"], "no_role": not record["roles"],
              "no_account": record["is_staff"] and bool(record["roles"]) and not record["account"],
              "no_night": record["ticks"][NO_NIGHT]}[show]
    return wanted and all(w in record["haystack"] for w in words)


class StaffEditor(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, message: QLabel | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.records: list[dict[str, Any]] = []
        self.can_edit = ctx.session.can("roster.staff")
        self.search = QLineEdit()
        self.search.setPlaceholderText("筛选：姓名、股室、职务、岗位、电话或账户")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._fill)
        self.show_box = QComboBox()
        for key, text in SHOW.items():
            self.show_box.addItem(text, key)
        self.show_box.currentIndexChanged.connect(self._fill)
        self.count_label = subtitle_label()
        top = hbox(self.search, self.show_box)
        top.setStretch(0, 1)
        top.addWidget(self.count_label)
        self.model = StaffModel(self)
        self.model.editable = self.can_edit
        self.model.tick_requested.connect(self.tick)
        self.table: QTableView = record_table(self.model, single_selection=False, columns="user")
        self.table.setObjectName("staffTable")
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)     # by 股室 as the store orders them, until asked
        self.table.horizontalHeader().setMaximumSectionSize(190)     # a long 职务 or 股室 is elided, not scrolled to
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.message = message or subtitle_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(self._selection_bar())
        layout.addWidget(self.table, 1)
        if message is None:
            layout.addWidget(self.message)
        ctx.events.changed.connect(self._on_changed)
        self.reload()

    def _selection_bar(self) -> Any:
        self.selected_label = label("", "pageSubtitle")
        self.boxes: dict[str, QCheckBox] = {}
        for key, text in TICKS.items():
            box = QCheckBox(text)
            box.setTristate(True)
            box.setToolTip(f"对所选人员一起{'设置' if key == NO_NIGHT else '勾选或取消'}“{text}”")
            box.clicked.connect(lambda _=False, key=key: self.toggle_selected(key))
            self.boxes[key] = box
        self.dates_button = button("到岗、调离、每月上限…", self.edit_dates)
        self.off_button = button("移出值班人员…", self.take_off,
                                 tooltip="不再排班（以往的值班记录保留）；重新勾选岗位即可再列入")
        bar = hbox(self.selected_label, *self.boxes.values(), None, self.dates_button, self.off_button)
        self._selection_changed()
        return bar

    # -- reading -------------------------------------------------------------------------------
    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(AREAS):
            self.reload()

    def reload(self) -> None:
        from dutyroom.roster.staff import staff_list

        self.records = [staff_record(m) for m in staff_list(self.ctx.store, include_bureau=True)]
        self._fill()

    def _fill(self) -> None:
        keep = set(self.selected_ids())
        words = self.search.text().split()
        show = self.show_box.currentData() or "all"
        shown = [r for r in self.records if _shown(r, show, words)]
        self.model.set_records(shown)
        self.table.resizeColumnsToContents()
        staff = sum(1 for r in self.records if r["is_staff"] and r["roles"])
        self.count_label.setText(f"{len(shown)}人（值班人员{staff}人）")
        self.select_ids(keep)
        self._selection_changed()

    # -- selection -----------------------------------------------------------------------------
    def selected_records(self) -> list[dict[str, Any]]:
        model = self.table.selectionModel()
        return [index.data(RECORD_ROLE) for index in model.selectedRows()] if model else []

    def selected_ids(self) -> list[int]:
        return [r["id"] for r in self.selected_records()]

    def select_ids(self, ids: set[int]) -> None:
        view_model = self.table.model()
        selection = QItemSelection()
        for row in range(view_model.rowCount()):
            index = view_model.index(row, 0)
            if index.data(RECORD_ROLE)["id"] in ids:
                selection.select(index, view_model.index(row, view_model.columnCount() - 1))
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.table.selectionModel().select(selection, flags)

    def _selection_changed(self, *_args: Any) -> None:
        chosen = self.selected_records()
        self.selected_label.setText(f"所选{len(chosen)}人：" if chosen else "选择人员（可多选）后勾选：")
        for key, box in self.boxes.items():
            ticked = sum(1 for r in chosen if r["ticks"][key])
            box.setCheckState(Qt.CheckState.Checked if chosen and ticked == len(chosen) else
                              Qt.CheckState.PartiallyChecked if ticked else Qt.CheckState.Unchecked)
            box.setEnabled(self.can_edit and bool(chosen))
        for widget in (self.dates_button, self.off_button):
            widget.setEnabled(self.can_edit and bool(chosen))

    # -- changes -------------------------------------------------------------------------------
    def apply(self, ids: list[int], change: StaffChange, done: str) -> bool:
        from dutyroom.roster.staff import update_staff

        def said(changed: list[int]) -> str:
            return f"{done}：{len(changed)}人有变化。" if changed else "没有需要修改的内容。"

        return bool(run_op(self, update_staff, self.ctx.session, ids, change, message=self.message, done=said))

    def tick(self, person_id: int, key: str, wanted: bool) -> bool:
        """A tick in the table: for every selected person when the row is one of them, else for that row."""
        ids = self.selected_ids()
        if person_id not in ids:
            ids = [person_id]
        return self.set_tick(ids, key, wanted)

    def toggle_selected(self, key: str) -> bool:
        """The bar's box: ticks everyone selected, or unticks them when all already have it."""
        chosen = self.selected_records()
        wanted = not (chosen and all(r["ticks"][key] for r in chosen))
        done = self.set_tick([r["id"] for r in chosen], key, wanted)
        self._selection_changed()
        return done

    def set_tick(self, ids: list[int], key: str, wanted: bool) -> bool:
        text = TICKS[key]
        if key == NO_NIGHT:
            change = StaffChange(no_night=wanted)
        else:
            change = StaffChange(add_roles=[key]) if wanted else StaffChange(remove_roles=[key])
        return self.apply(ids, change, f"{'已设置' if wanted else '已取消'}“{text}”")

    def edit_dates(self) -> bool:
        from dutyroom.gui.roster.staff_dates import StaffDatesDialog

        chosen = self.selected_records()
        if not chosen:
            return False
        dialog = StaffDatesDialog(chosen, self.ctx.session.now().date(), self)
        return bool(dialog.exec()) and self.apply([r["id"] for r in chosen], dialog.change(), "已保存")

    def take_off(self) -> bool:
        chosen = self.selected_records()
        names = "、".join(r["name"] for r in chosen[:8]) + ("等" if len(chosen) > 8 else "")
        if not chosen or not confirm(self, "移出值班人员", f"将{names}{len(chosen)}人移出值班人员，今后不再排班？\n"
                                     "以往的值班记录保留；重新勾选值班岗位即可再列入。"):
            return False
        return self.apply([r["id"] for r in chosen], StaffChange(roles=[], staff=False), "已移出值班人员")
