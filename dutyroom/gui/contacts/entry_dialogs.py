"""Dialogs of the 通讯录 page about one entry: the call card (large numbers), editing a person or a
unit's phones, away status, history."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dutyroom import org
from dutyroom.contacts import directory, people
from dutyroom.contacts.search import Entry
from dutyroom.contacts.tree import load_units, stale_days
from dutyroom.errors import DutyRoomError
from dutyroom.gui.contacts.picker import PersonPicker
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dates import date_edit, from_qdate
from dutyroom.gui.kit.fields import form_layout
from dutyroom.gui.kit.ops import dialog_buttons, run_op
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table
from dutyroom.gui.kit.widgets import button, hbox, label


def copy_to_clipboard(text: str) -> None:
    QGuiApplication.clipboard().setText(text)


class CallCard(QDialog):
    """The person (or unit) in large type, ready to dial; the main number is already on the clipboard."""

    def __init__(self, ctx: AppContext, entry: Entry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("callCard")
        self.setWindowTitle(f"拨打 — {entry.name}")
        self.entry = entry
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 22, 28, 20)
        layout.addWidget(label(entry.name, "callName", wrap=True, selectable=True))
        where = "　".join(filter(None, [entry.unit_path, entry.position]))
        if where:
            layout.addWidget(label(where, "callUnit", wrap=True))
        if entry.away:
            until = entry.away_until[5:].replace("-", "月") + "日" if entry.away_until else ""
            layout.addWidget(label(f"外出报备中（至{until}），请同时联系B角。", "callWarning", wrap=True))
        if entry.stale:
            layout.addWidget(label("该号码超过核实周期未核实，接通后请顺便核对。", "callStale", wrap=True))
        for phone in entry.phones:
            number = label(phone.number, "callNumber", selectable=True)
            row = hbox(label(phone.kind_label, "callKind"))
            row.addWidget(number, 1)
            row.addWidget(button("复制", lambda _=False, n=phone.number: self._copy(n)))
            layout.addLayout(row)
        if not entry.phones:
            layout.addWidget(label("没有登记电话。", "callUnit", wrap=True))
        if entry.backup_person_id:
            try:
                backup = org.get_person(ctx.store, entry.backup_person_id)
                layout.addWidget(label(f"B角：{backup.name}　{backup.main_phone}", "callBackup", wrap=True,
                                       selectable=True))
            except DutyRoomError:
                pass
        self.status = label("", "callStatus", wrap=True)
        layout.addWidget(self.status)
        layout.addWidget(button("关闭（Esc）", self.accept), 0, Qt.AlignmentFlag.AlignRight)
        if entry.main_phone:
            self._copy(entry.main_phone)

    def _copy(self, number: str) -> None:
        copy_to_clipboard(number)
        self.status.setText(f"已复制 {number} 到剪贴板。")


class PhonesTable(QTableWidget):
    """Editable list of (kind, number)."""

    def __init__(self, phones: list[org.Phone]) -> None:
        super().__init__(0, 2)
        self.setHorizontalHeaderLabels(["类型", "号码"])
        self.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        for phone in phones:
            self.add_row(phone.kind, phone.number)
        if not phones:
            self.add_row("mobile", "")
        self.setMinimumHeight(150)

    def add_row(self, kind: str = "mobile", number: str = "") -> None:
        row = self.rowCount()
        self.insertRow(row)
        combo = QComboBox()
        for key, kind_label in org.PHONE_KINDS.items():
            combo.addItem(kind_label, key)
        combo.setCurrentIndex(max(combo.findData(kind), 0))
        self.setCellWidget(row, 0, combo)
        self.setItem(row, 1, QTableWidgetItem(number))

    def phones(self) -> list[tuple[str, str]]:
        found = []
        for row in range(self.rowCount()):
            item = self.item(row, 1)
            number = item.text().strip() if item else ""
            kind = self.cellWidget(row, 0)
            if number and isinstance(kind, QComboBox):
                found.append((kind.currentData(), number))
        return found


class UnitCombo(QComboBox):
    """All active units in tree order, indented; typing filters by name."""

    def __init__(self, ctx: AppContext, current: int | None, allow_none: bool = True) -> None:
        super().__init__()
        self.setEditable(False)
        if allow_none:
            self.addItem("（无单位）", None)
        for unit in load_units(ctx.store).values():
            self.addItem("　" * unit.depth + unit.name, unit.id)
        self.setCurrentIndex(max(self.findData(current), 0))
        self.setMaxVisibleItems(20)


class PersonDialog(QDialog):
    """New person, or a person's contact data (name, unit, position, phones, tags, B角, notes)."""

    def __init__(self, ctx: AppContext, person_id: int | None = None, unit_id: int | None = None,
                 parent: QWidget | None = None, *, verify_after: bool = False) -> None:
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        self.saved_id: int | None = None
        card = directory.contact_card(ctx.store, person_id, ctx.session.now().date(), stale_days(ctx.store)) \
            if person_id else None
        person = card.person if card else None
        self.setWindowTitle(f"修改 — {person.name}" if person else "新建人员")
        layout = QVBoxLayout(self)
        form = form_layout(messages=False)
        self.name = QLineEdit(person.name if person else "")
        self.unit = UnitCombo(ctx, person.unit_id if person else unit_id)
        self.position = QLineEdit(person.position if person else "")
        self.phones = PhonesTable(person.phones if person else [])
        phones_box = QVBoxLayout()
        phones_box.addWidget(self.phones)
        phones_box.addWidget(button("添加电话", lambda: self.phones.add_row()), 0, Qt.AlignmentFlag.AlignLeft)
        self.tags = QLineEdit("、".join(card.tags) if card else "")
        in_use = [t for t, _n in directory.tags_in_use(ctx.store)]
        suggestions = list(dict.fromkeys(in_use + list(people.SUGGESTED_TAGS)))
        self.tags.setPlaceholderText("用顿号分隔，例如：" + "、".join(suggestions[:4]))
        self.tags.setToolTip("常用标签：" + "、".join(suggestions))
        self.backup = PersonPicker(ctx, placeholder="B角：输入姓名或拼音选择", allow_free_text=False)
        if card and card.backup:
            self.backup.set_person_id(card.backup.id)
        self.notes = QPlainTextEdit(person.notes if person else "")
        self.notes.setFixedHeight(60)
        form.addRow("姓名", self.name)
        form.addRow("所属单位", self.unit)
        form.addRow("职务", self.position)
        form.addRow("电话", phones_box)
        form.addRow("标签", self.tags)
        form.addRow("A/B角（B角）", self.backup)
        form.addRow("备注", self.notes)
        layout.addLayout(form)
        self.verify = QCheckBox("同时标记为今天已电话核实")
        self.verify.setChecked(verify_after)
        self.verify.setVisible(person is not None and ctx.session.can("contacts.verify"))
        layout.addWidget(self.verify)
        self.message = label(wrap=True)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons("保存", dialog=self, on_ok=self.save))
        self.resize(560, 560)

    def save(self) -> None:
        values = {"unit_id": self.unit.currentData(), "position": self.position.text(),
                  "phones": self.phones.phones(), "tags": self.tags.text(),
                  "backup_person_id": self.backup.person_id(), "notes": self.notes.toPlainText()}
        if self.person_id is None:
            outcome = run_op(self, people.create_contact, self.ctx.session, name=self.name.text(), **values,
                             message=self.message)
        else:
            outcome = run_op(self, people.update_contact, self.ctx.session, self.person_id, name=self.name.text(),
                             verify_how="phone" if self.verify.isChecked() else None, **values, message=self.message)
        if outcome:
            self.saved_id = self.person_id if self.person_id is not None else outcome.value
            self.accept()


class UnitContactDialog(QDialog):
    """A unit's duty phone, fax, address and notes."""

    def __init__(self, ctx: AppContext, unit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.unit_id = ctx, unit_id
        unit = load_units(ctx.store)[unit_id]
        self.setWindowTitle(f"联系方式 — {unit.name}")
        layout = QVBoxLayout(self)
        form = form_layout(messages=False)
        self.fields = {key: QLineEdit(getattr(unit, key)) for key in ("duty_phone", "fax", "address", "notes")}
        for key, field_label in (("duty_phone", "值班电话"), ("fax", "传真"), ("address", "地址"), ("notes", "备注")):
            form.addRow(field_label, self.fields[key])
        layout.addWidget(label(unit.path_text, "pageSubtitle", wrap=True))
        layout.addLayout(form)
        self.message = label(wrap=True)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons("保存", dialog=self, on_ok=self.save))
        self.resize(460, 240)

    def save(self) -> None:
        values: dict[str, Any] = {k: e.text() for k, e in self.fields.items()}
        if run_op(self, people.update_unit_contact, self.ctx.session, self.unit_id, **values, message=self.message):
            self.accept()


class AwayDialog(QDialog):
    """外出报备: from, until, where/why; or cancel a report."""

    def __init__(self, ctx: AppContext, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.person_id = ctx, person_id
        card = directory.contact_card(ctx.store, person_id, ctx.session.now().date(), stale_days(ctx.store))
        self.setWindowTitle(f"外出报备 — {card.person.name}")
        today = ctx.session.now().date()
        start = date.fromisoformat(card.away_from) if card.away_from else today
        end = date.fromisoformat(card.away_until) if card.away_until else today
        layout = QVBoxLayout(self)
        form = form_layout(messages=False)
        self.start, self.end = date_edit(start), date_edit(end)
        self.note = QLineEdit(card.away_note)
        self.note.setPlaceholderText("去向和事由，例如：赴市参加培训")
        form.addRow("外出自", self.start)
        form.addRow("外出至（含）", self.end)
        form.addRow("去向/事由", self.note)
        layout.addLayout(form)
        if card.backup:
            layout.addWidget(label(f"外出期间请联系B角：{card.backup.name}　{card.backup.main_phone}",
                                   "pageSubtitle", wrap=True))
        self.message = label(wrap=True)
        layout.addWidget(self.message)
        self.clear_button = button("取消外出报备", self.clear)
        self.clear_button.setEnabled(bool(card.away_from))
        layout.addLayout(hbox(self.clear_button, None, button("保存", self.save, primary=True),
                              button("关闭", self.reject)))

    def save(self) -> None:
        if run_op(self, people.set_away, self.ctx.session, self.person_id, from_qdate(self.start.date()),
                  from_qdate(self.end.date()), self.note.text(), message=self.message):
            self.accept()

    def clear(self) -> None:
        if run_op(self, people.clear_away, self.ctx.session, self.person_id, message=self.message):
            self.accept()


HISTORY_COLUMNS = (
    Column("at", "时间", text=lambda r: r["at"][:16].replace("T", " ")),
    Column("actor_name", "操作人"),
    Column("op_label", "操作"),
    Column("description", "内容"),
)


class HistoryDialog(QDialog):
    """Every audited change of one person, oldest first."""

    def __init__(self, ctx: AppContext, person_id: int, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"变更历史 — {name}")
        layout = QVBoxLayout(self)
        self.model = RecordTableModel(HISTORY_COLUMNS, self)
        self.model.set_records(directory.person_history(ctx.store, person_id))
        table = record_table(self.model, sortable=False, single_selection=False, columns="user")
        table.resizeColumnsToContents()
        layout.addWidget(table)
        layout.addWidget(button("关闭", self.accept), 0, Qt.AlignmentFlag.AlignRight)
        self.resize(820, 420)
