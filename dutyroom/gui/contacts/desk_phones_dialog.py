"""值班台常用电话: pick, order and print the duty desk's numbers."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from dutyroom.contacts import desk
from dutyroom.contacts.tree import load_units
from dutyroom.gui.contacts.picker import PersonPicker
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dialogs import ToolDialog
from dutyroom.gui.kit.fields import form_layout
from dutyroom.gui.kit.ops import run_op
from dutyroom.gui.kit.output import deliver
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table, selected_record
from dutyroom.gui.kit.widgets import button, hbox

DESK_COLUMNS = (
    Column("section", "分类"), Column("label", "名称"), Column("number", "号码"),
    Column("linked", "号码来源", text=lambda r: {"人员": "随人员更新", "单位": "随单位值班电话更新"}.get(r["linked"], "固定号码")),
    Column("note", "备注"),
)


class DeskPhonesDialog(ToolDialog):
    """值班台常用电话: pick, order and print the duty desk's numbers."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "值班台常用电话")
        layout = self.layout_
        layout.addWidget(subtitle_label("链接到单位或人员的条目总是显示通讯录里的当前号码；打印为一页，贴在值班台。"))
        self.model = RecordTableModel(DESK_COLUMNS, self)
        self.table = record_table(self.model, sortable=False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._fill_form())
        layout.addWidget(self.table, 1)
        form = form_layout(messages=False)
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
        layout.addWidget(self.message)
        self.print_button = button("打印常用电话", self.print_sheet, primary=True)
        layout.addLayout(hbox(button("新增", self.add), button("保存修改", self.save), button("删除", self.remove),
                              button("上移", lambda: self.move_selected(-1)), button("下移", lambda: self.move_selected(1)), None,
                              self.print_button, self.close_button()))
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
        return selected_record(self.table)

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
        outcome = run_op(self, desk.create_desk_phone, self.ctx.session, **self._values(), message=self.message,
                         done="已新增。")
        if outcome:
            self.reload(outcome.value)

    def save(self) -> None:
        record = self.selected()
        if record is None:
            set_message(self.message, "请先在列表中选择一条。", error=True)
        elif run_op(self, desk.update_desk_phone, self.ctx.session, record["id"], **self._values(),
                    message=self.message, done="已保存。"):
            self.reload(record["id"])

    def remove(self) -> None:
        record = self.selected()
        if record is not None and run_op(self, desk.void_desk_phone, self.ctx.session, record["id"]):
            self.reload()

    def move_selected(self, step: int) -> None:      # not move(): that is QWidget's
        record = self.selected()
        if record is not None and run_op(self, desk.move_desk_phone, self.ctx.session, record["id"], step):
            self.reload(record["id"])

    def print_sheet(self) -> None:
        store, now = self.ctx.store, self.ctx.session.now()

        def render() -> bytes:
            from dutyroom.printing.desk_phones import desk_phones_doc, render_desk_phones

            return render_desk_phones(desk_phones_doc(store, now))

        deliver(self.ctx, self, render, "值班台常用电话", message=self.message)
