"""Office tools of the 通讯录 page: groups, the duty desk's phone list, and the Excel import wizard."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from dutyroom import org
from dutyroom.contacts import desk, directory, groups, people
from dutyroom.contacts.tree import load_units
from dutyroom.errors import DutyRoomError
from dutyroom.gui.auth.login import ask_reason, show_error
from dutyroom.gui.contacts.picker import PersonPicker
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import SORT_ROLE, Column, RecordTableModel

# -- groups ------------------------------------------------------------------------------------------

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
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._picked)
        left.addWidget(self.list, 1)
        new = QPushButton("新建分组")
        new.clicked.connect(self.new_group)
        left.addWidget(new)
        layout.addLayout(left, 1)

        right = QVBoxLayout()
        form = QFormLayout()
        self.name = QLineEdit()
        self.description = QLineEdit()
        form.addRow("名称", self.name)
        form.addRow("说明", self.description)
        tags_box = QGridLayout()
        self.tag_boxes: dict[str, QCheckBox] = {}
        tags = list(dict.fromkeys([t for t, _n in directory.tags_in_use(ctx.store)] + list(people.SUGGESTED_TAGS)))
        for i, tag in enumerate(tags):
            box = QCheckBox(tag)
            self.tag_boxes[tag] = box
            tags_box.addWidget(box, i // 4, i % 4)
        form.addRow("标签（任一）", tags_box)
        kinds_box = QGridLayout()
        self.kind_boxes: dict[str, QCheckBox] = {}
        for i, (key, label) in enumerate(org.UNIT_KINDS.items()):
            box = QCheckBox(label)
            self.kind_boxes[key] = box
            kinds_box.addWidget(box, i // 4, i % 4)
        form.addRow("单位类型", kinds_box)
        self.units = QListWidget()
        self.units.setMaximumHeight(110)
        for unit in load_units(ctx.store).values():
            item = QListWidgetItem("　" * unit.depth + unit.name)
            item.setData(Qt.ItemDataRole.UserRole, unit.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.units.addItem(item)
        form.addRow("限于单位（含下级）", self.units)
        add_row = QHBoxLayout()
        self.picker = PersonPicker(ctx, placeholder="添加固定成员：姓名、拼音或电话", allow_free_text=False)
        self.picker.person_chosen.connect(self.add_member)
        self.remove_button = QPushButton("移除选中的固定成员")
        self.remove_button.clicked.connect(self.remove_member)
        add_row.addWidget(self.picker, 1)
        add_row.addWidget(self.remove_button)
        form.addRow("固定成员", add_row)
        right.addLayout(form)
        self.count_label = subtitle_label()
        right.addWidget(self.count_label)
        self.members = RecordTableModel(MEMBER_COLUMNS, self)
        self.members.muted = lambda r: bool(r["away"])
        self.table = QTableView()
        self.table.setModel(self.members)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        right.addWidget(self.table, 1)
        self.message = subtitle_label()
        right.addWidget(self.message)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("保存分组")
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        self.void_button = QPushButton("作废分组…")
        self.void_button.clicked.connect(self.void)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.void_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        right.addLayout(buttons)
        layout.addLayout(right, 3)
        for box in [*self.tag_boxes.values(), *self.kind_boxes.values()]:
            box.toggled.connect(self.preview)
        self.units.itemChanged.connect(lambda _item: self.preview())
        self.resize(1100, 680)
        self.reload()

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
        try:
            if self.group_id is None:
                self.group_id = groups.create_group(self.ctx.session, name=self.name.text(),
                                                    description=self.description.text(), rule=self.rule(),
                                                    member_ids=self.fixed)
            else:
                groups.update_group(self.ctx.session, self.group_id, name=self.name.text(),
                                    description=self.description.text(), rule=self.rule(), member_ids=self.fixed)
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        set_message(self.message, "分组已保存。")
        self.reload(self.group_id)

    def void(self) -> None:
        if self.group_id is None:
            return
        reason = ask_reason(self, "作废分组", f"作废分组“{self.name.text()}”的原因：")
        if not reason:
            return
        try:
            groups.void_group(self.ctx.session, self.group_id, reason)
        except DutyRoomError as exc:
            show_error(self, exc)
            return
        self.reload()


# -- desk phones -------------------------------------------------------------------------------------

DESK_COLUMNS = (
    Column("section", "分类"), Column("label", "名称"), Column("number", "号码"),
    Column("linked", "号码来源", text=lambda r: {"人员": "随人员更新", "单位": "随单位值班电话更新"}.get(r["linked"], "固定号码")),
    Column("note", "备注"),
)


class DeskPhonesDialog(QDialog):
    """值班台常用电话: pick, order and print the duty desk's numbers."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("值班台常用电话")
        layout = QVBoxLayout(self)
        layout.addWidget(subtitle_label("链接到单位或人员的条目总是显示通讯录里的当前号码；打印为一页，贴在值班台。"))
        self.model = RecordTableModel(DESK_COLUMNS, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._fill_form())
        layout.addWidget(self.table, 1)
        form = QFormLayout()
        self.section = QComboBox()
        self.section.setEditable(True)
        self.label = QLineEdit()
        self.number = QLineEdit()
        self.number.setPlaceholderText("固定号码；链接了单位或人员时可不填")
        self.unit = QComboBox()
        self.unit.addItem("（不链接单位）", None)
        for unit in load_units(ctx.store).values():
            self.unit.addItem("　" * unit.depth + unit.name, unit.id)
        self.person = PersonPicker(ctx, placeholder="或链接人员：姓名、拼音或电话", allow_free_text=False)
        self.note = QLineEdit()
        form.addRow("分类", self.section)
        form.addRow("名称", self.label)
        form.addRow("号码", self.number)
        form.addRow("链接单位", self.unit)
        form.addRow("链接人员", self.person)
        form.addRow("备注", self.note)
        layout.addLayout(form)
        self.message = subtitle_label()
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        for text, slot in (("新增", self.add), ("保存修改", self.save), ("删除", self.remove), ("上移", lambda: self.move(-1)),
                           ("下移", lambda: self.move(1))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.print_button = QPushButton("打印常用电话")
        self.print_button.setObjectName("primaryButton")
        self.print_button.clicked.connect(self.print_sheet)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(900, 640)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        lines = desk.desk_phones(self.ctx.store)
        self.model.set_records([{**line.__dict__, "linked": line.linked} for line in lines])
        sections = list(dict.fromkeys(line.section for line in lines if line.section))
        current = self.section.currentText()
        self.section.clear()
        self.section.addItems(sections or ["上级", "县委县政府", "成员单位", "乡镇（街道）", "紧急电话"])
        self.section.setCurrentText(current)
        ids = [line.id for line in lines]
        if select in ids:
            self.table.selectRow(ids.index(select))

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _fill_form(self) -> None:
        record = self.selected()
        if record is None:
            return
        self.section.setCurrentText(record["section"])
        self.label.setText(record["label"])
        self.number.setText(record["own_number"])
        self.unit.setCurrentIndex(max(self.unit.findData(record["unit_id"]), 0))
        self.person.set_person_id(record["person_id"])
        self.note.setText(record["note"])

    def _values(self) -> dict[str, Any]:
        return {"section": self.section.currentText(), "label": self.label.text(), "number": self.number.text(),
                "unit_id": self.unit.currentData(), "person_id": self.person.person_id(), "note": self.note.text()}

    def add(self) -> None:
        try:
            line_id = desk.create_desk_phone(self.ctx.session, **self._values())
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        set_message(self.message, "已新增。")
        self.reload(line_id)

    def save(self) -> None:
        record = self.selected()
        if record is None:
            set_message(self.message, "请先在列表中选择一条。", error=True)
            return
        try:
            desk.update_desk_phone(self.ctx.session, record["id"], **self._values())
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        set_message(self.message, "已保存。")
        self.reload(record["id"])

    def remove(self) -> None:
        record = self.selected()
        if record is None:
            return
        try:
            desk.void_desk_phone(self.ctx.session, record["id"])
        except DutyRoomError as exc:
            show_error(self, exc)
            return
        self.reload()

    def move(self, step: int) -> None:
        record = self.selected()
        if record is None:
            return
        try:
            desk.move_desk_phone(self.ctx.session, record["id"], step)
        except DutyRoomError as exc:
            show_error(self, exc)
            return
        self.reload(record["id"])

    def print_sheet(self) -> None:
        from dutyroom.gui.kit.output import open_in_viewer
        from dutyroom.printing.desk_phones import desk_phones_doc, render_desk_phones

        path = open_in_viewer(render_desk_phones(desk_phones_doc(self.ctx.store, self.ctx.session.now())),
                              "值班台常用电话")
        set_message(self.message, f"已生成：{path}")


# -- import wizard -----------------------------------------------------------------------------------

OUTCOME_COLOURS = {"new": "#1E7B34", "update": "#1F5FAD", "merged": "#7A5AA8", "rejected": "#B3261E",
                   "skipped": "#8A8F98", "unchanged": "#5A6472"}
PREVIEW_COLUMNS = (
    Column("sheet", "工作表"), Column("row", "行号", sort=lambda r: r["row"]),
    Column("outcome", "结果", text=lambda r: r["label"]),
    Column("name", "姓名/单位"), Column("unit_path", "所属单位"), Column("position", "职务"),
    Column("phones", "电话", text=lambda r: "、".join(n for _k, n in r["phones"])),
    Column("reason", "说明", text=lambda r: "；".join(filter(None, [r["reason"], *r["warnings"]]))),
)


class _PreviewModel(RecordTableModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN201 - Qt override
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 2:
            return QColor(OUTCOME_COLOURS.get(self.records[index.row()]["outcome"], "#1F2329"))
        return super().data(index, role)


class ImportDialog(QDialog):
    """Choose a file → preview every row's outcome (nothing written) → import in one transaction."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path: Path | None = None
        self.plan: Any = None
        self.result: Any = None
        self.setWindowTitle("导入Excel通讯录")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.file_label = QLabel("尚未选择文件")
        choose = QPushButton("选择文件…")
        choose.clicked.connect(self.choose)
        row.addWidget(choose)
        row.addWidget(self.file_label, 1)
        layout.addLayout(row)
        tags_row = QHBoxLayout()
        tags_row.addWidget(QLabel("给导入的人员加标签（可不填）"))
        self.tags = QLineEdit()
        self.tags.setPlaceholderText("例如：防汛责任人")
        tags_row.addWidget(self.tags, 1)
        self.preview_button = QPushButton("重新预览")
        self.preview_button.clicked.connect(self.preview)
        tags_row.addWidget(self.preview_button)
        layout.addLayout(tags_row)
        self.summary = subtitle_label("导入前会逐行显示结果：新建、更新、重复已合并、拒绝（含原因）、跳过。确认后一次性写入。")
        layout.addWidget(self.summary)
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel("显示"))
        self.filter = QComboBox()
        self.filter.addItem("全部", None)
        from dutyroom.contacts.importer import OUTCOME_LABELS

        for key in ("new", "update", "merged", "rejected", "skipped", "unchanged"):
            self.filter.addItem(OUTCOME_LABELS[key], key)
        self.filter.currentIndexChanged.connect(self._filter)
        filter_row.addWidget(self.filter)
        filter_row.addStretch(1)
        layout.addLayout(filter_row)
        self.model = _PreviewModel(PREVIEW_COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.message = subtitle_label()
        buttons.addWidget(self.message, 1)
        self.import_button = QPushButton("确认导入")
        self.import_button.setObjectName("primaryButton")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.run_import)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(1150, 680)
        if path is not None:
            self.set_path(path)

    def choose(self) -> None:
        target, _ = QFileDialog.getOpenFileName(self, "选择通讯录Excel文件", str(Path.home()), "Excel 文件 (*.xlsx)")
        if target:
            self.set_path(Path(target))

    def set_path(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(str(path))
        self.preview()

    def _tags(self) -> list[str]:
        return [t for t in self.tags.text().replace("，", "、").split("、") if t.strip()]

    def preview(self) -> None:
        if self.path is None:
            return
        from dutyroom.contacts.importer import preview_import

        path, tags, store = self.path, self._tags(), self.ctx.store
        self.import_button.setEnabled(False)
        self.ctx.tasks.run(lambda state: preview_import(store, path, default_tags=tags, state=state),
                           on_done=self._previewed, on_error=self._failed, title="正在读取并核对表格…", parent=self)

    def _previewed(self, plan: Any) -> None:
        self.plan = plan
        self._show(plan)
        can = self.ctx.session.can("contacts.manage")
        self.import_button.setEnabled(can and any(r.outcome in ("new", "update") for r in plan.rows) or
                                      bool(plan.new_units))
        set_message(self.message, "预览完成，尚未写入。请检查“拒绝”的行，确认后点击“确认导入”。")

    def _show(self, plan: Any) -> None:
        self.model.set_records([{**r.__dict__, "label": r.outcome_label + ("（单位）" if r.kind == "unit" else "")}
                                for r in plan.rows])
        self.table.resizeColumnsToContents()
        extra = f"；未识别的工作表：{'、'.join(s for s, _w in plan.skipped_sheets)}" if plan.skipped_sheets else ""
        self.summary.setText(plan.summary() + extra)

    def _filter(self) -> None:
        wanted = self.filter.currentData()
        for row in range(self.model.rowCount()):
            hidden = wanted is not None and self.model.records[row]["outcome"] != wanted
            self.table.setRowHidden(self.proxy.mapFromSource(self.model.index(row, 0)).row(), hidden)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DutyRoomError):
            set_message(self.message, error.message, error=True)
        else:
            show_error(self, error)

    def run_import(self) -> None:
        if self.path is None:
            return
        from dutyroom.contacts.importer import import_contacts

        path, tags, session = self.path, self._tags(), self.ctx.session
        self.import_button.setEnabled(False)
        self.ctx.tasks.run(lambda state: import_contacts(session, path, default_tags=tags, state=state),
                           on_done=self._imported, on_error=self._failed, title="正在导入…", parent=self,
                           cancellable=False)

    def _imported(self, plan: Any) -> None:
        self.result = plan
        self._show(plan)
        same = self.plan is not None and self.plan.summary() == plan.summary()
        note = "" if same else "（数据在预览后有变化，以上为实际导入结果）"
        set_message(self.message, f"导入完成：{plan.summary()}{note}")

