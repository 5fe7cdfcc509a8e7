"""Dialogs of the 通讯录 page about one entry: the call card (large numbers), editing a person or a
unit's phones, away status, history, and the verification walk."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
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
from dutyroom.gui.auth.login import show_error
from dutyroom.gui.contacts.picker import PersonPicker
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.page import set_message
from dutyroom.gui.kit.tables import Column, RecordTableModel


def _label(text: str, name: str = "", *, wrap: bool = True, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


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
        layout.addWidget(_label(entry.name, "callName", selectable=True))
        where = "　".join(filter(None, [entry.unit_path, entry.position]))
        if where:
            layout.addWidget(_label(where, "callUnit"))
        if entry.away:
            until = entry.away_until[5:].replace("-", "月") + "日" if entry.away_until else ""
            layout.addWidget(_label(f"外出报备中（至{until}），请同时联系B角。", "callWarning"))
        if entry.stale:
            layout.addWidget(_label("该号码超过核实周期未核实，接通后请顺便核对。", "callStale"))
        for phone in entry.phones:
            row = QHBoxLayout()
            row.addWidget(_label(phone.kind_label, "callKind", wrap=False))
            row.addWidget(_label(phone.number, "callNumber", wrap=False, selectable=True), 1)
            copy = QPushButton("复制")
            copy.clicked.connect(lambda _=False, n=phone.number: self._copy(n))
            row.addWidget(copy)
            layout.addLayout(row)
        if not entry.phones:
            layout.addWidget(_label("没有登记电话。", "callUnit"))
        if entry.backup_person_id:
            try:
                backup = org.get_person(ctx.store, entry.backup_person_id)
                layout.addWidget(_label(f"B角：{backup.name}　{backup.main_phone}", "callBackup", selectable=True))
            except DutyRoomError:
                pass
        self.status = _label("", "callStatus")
        layout.addWidget(self.status)
        close = QPushButton("关闭（Esc）")
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
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
        for key, label in org.PHONE_KINDS.items():
            combo.addItem(label, key)
        combo.setCurrentIndex(max(combo.findData(kind), 0))
        self.setCellWidget(row, 0, combo)
        self.setItem(row, 1, QTableWidgetItem(number))

    def phones(self) -> list[tuple[str, str]]:
        found = []
        for row in range(self.rowCount()):
            item = self.item(row, 1)
            number = item.text().strip() if item else ""
            if number:
                found.append((self.cellWidget(row, 0).currentData(), number))
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
        form = QFormLayout()
        self.name = QLineEdit(person.name if person else "")
        self.unit = UnitCombo(ctx, person.unit_id if person else unit_id)
        self.position = QLineEdit(person.position if person else "")
        self.phones = PhonesTable(person.phones if person else [])
        add_phone = QPushButton("添加电话")
        add_phone.clicked.connect(lambda: self.phones.add_row())
        phones_box = QVBoxLayout()
        phones_box.addWidget(self.phones)
        phones_box.addWidget(add_phone, 0, Qt.AlignmentFlag.AlignLeft)
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
        self.message = _label("")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 560)

    def save(self) -> None:
        values = {"unit_id": self.unit.currentData(), "position": self.position.text(),
                  "phones": self.phones.phones(), "tags": self.tags.text(),
                  "backup_person_id": self.backup.person_id(), "notes": self.notes.toPlainText()}
        try:
            if self.person_id is None:
                self.saved_id = people.create_contact(self.ctx.session, name=self.name.text(), **values)
            else:
                people.update_contact(self.ctx.session, self.person_id, name=self.name.text(),
                                      verify_how="phone" if self.verify.isChecked() else None, **values)
                self.saved_id = self.person_id
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        self.accept()


class UnitContactDialog(QDialog):
    """A unit's duty phone, fax, address and notes."""

    def __init__(self, ctx: AppContext, unit_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.unit_id = ctx, unit_id
        unit = load_units(ctx.store)[unit_id]
        self.setWindowTitle(f"联系方式 — {unit.name}")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.fields = {key: QLineEdit(getattr(unit, key)) for key in ("duty_phone", "fax", "address", "notes")}
        for key, label in (("duty_phone", "值班电话"), ("fax", "传真"), ("address", "地址"), ("notes", "备注")):
            form.addRow(label, self.fields[key])
        layout.addWidget(_label(unit.path_text, "pageSubtitle"))
        layout.addLayout(form)
        self.message = _label("")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 240)

    def save(self) -> None:
        try:
            people.update_unit_contact(self.ctx.session, self.unit_id,
                                       **{k: e.text() for k, e in self.fields.items()})
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
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
        form = QFormLayout()
        self.start = QDateEdit(QDate(start.year, start.month, start.day))
        self.end = QDateEdit(QDate(end.year, end.month, end.day))
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.note = QLineEdit(card.away_note)
        self.note.setPlaceholderText("去向和事由，例如：赴市参加培训")
        form.addRow("外出自", self.start)
        form.addRow("外出至（含）", self.end)
        form.addRow("去向/事由", self.note)
        layout.addLayout(form)
        if card.backup:
            layout.addWidget(_label(f"外出期间请联系B角：{card.backup.name}　{card.backup.main_phone}",
                                    "pageSubtitle"))
        self.message = _label("")
        layout.addWidget(self.message)
        row = QHBoxLayout()
        self.clear_button = QPushButton("取消外出报备")
        self.clear_button.setEnabled(bool(card.away_from))
        self.clear_button.clicked.connect(self.clear)
        save = QPushButton("保存")
        save.setObjectName("primaryButton")
        save.clicked.connect(self.save)
        cancel = QPushButton("关闭")
        cancel.clicked.connect(self.reject)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        row.addWidget(save)
        row.addWidget(cancel)
        layout.addLayout(row)

    def save(self) -> None:
        try:
            people.set_away(self.ctx.session, self.person_id, self.start.date().toPython(),
                            self.end.date().toPython(), self.note.text())
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        self.accept()

    def clear(self) -> None:
        try:
            people.clear_away(self.ctx.session, self.person_id)
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
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
        table = QTableView()
        table.setModel(self.model)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        layout.addWidget(table)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(820, 420)


class VerificationDialog(QDialog):
    """核实清单: one entry after another — call, then mark verified, correct and verify, or skip."""

    def __init__(self, ctx: AppContext, unit_id: int | None = None, tag: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("核实清单")
        today = ctx.session.now().date()
        self.threshold = stale_days(ctx.store)
        self.items = directory.verification_queue(ctx.store, today, self.threshold, unit_id=unit_id, tag=tag)
        self.done: set[int] = set()
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        left.addWidget(_label(f"超过 {self.threshold} 天未核实或从未核实的条目，按单位顺序排列。", "pageSubtitle"))
        self.list = QListWidget()
        for item in self.items:
            text = f"{item.name}　{item.unit_path}　{item.staleness}"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, item)
            self.list.addItem(entry)
        self.list.currentRowChanged.connect(self.show_item)
        left.addWidget(self.list, 1)
        layout.addLayout(left, 2)

        right_frame = QFrame()
        right_frame.setObjectName("panel")
        right = QVBoxLayout(right_frame)
        self.progress = _label("", "pageSubtitle")
        self.name = _label("", "callName", selectable=True)
        self.where = _label("", "callUnit")
        self.numbers = _label("", "callNumber", selectable=True)
        self.age = _label("", "callStale")
        for widget in (self.progress, self.name, self.where, self.numbers, self.age):
            right.addWidget(widget)
        method_row = QHBoxLayout()
        method_row.addWidget(QLabel("核实方式"))
        self.method = QComboBox()
        for key, label in people.VERIFY_METHODS.items():
            self.method.addItem(label, key)
        method_row.addWidget(self.method, 1)
        right.addLayout(method_row)
        self.ok_button = QPushButton("号码无误，已核实（Ctrl+Enter）")
        self.ok_button.setObjectName("primaryButton")
        self.ok_button.clicked.connect(self.verified)
        self.edit_button = QPushButton("修改后核实…")
        self.edit_button.clicked.connect(self.edit_then_verify)
        self.skip_button = QPushButton("联系不上，跳过")
        self.skip_button.clicked.connect(self.next_item)
        for button in (self.ok_button, self.edit_button, self.skip_button):
            right.addWidget(button)
        self.message = _label("")
        right.addWidget(self.message)
        right.addStretch(1)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        right.addWidget(close)
        layout.addWidget(right_frame, 3)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.verified)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.verified)
        self.resize(980, 560)
        if self.items:
            self.list.setCurrentRow(0)
        else:
            self.progress.setText("没有需要核实的条目。")
            for button in (self.ok_button, self.edit_button, self.skip_button):
                button.setEnabled(False)

    def current(self) -> directory.QueueItem | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def show_item(self, row: int) -> None:
        item = self.current()
        if item is None:
            return
        self.progress.setText(f"第 {row + 1} / {len(self.items)} 条，已核实 {len(self.done)} 条")
        self.name.setText(item.name + ("（单位值班电话）" if item.kind == "unit" else ""))
        self.where.setText("　".join(filter(None, [item.unit_path, item.position if item.kind == "person" else ""])))
        self.numbers.setText("\n".join(f"{p.kind_label}　{p.number}" for p in item.phones) or "没有登记电话")
        self.age.setText(item.staleness)
        self.edit_button.setEnabled(item.kind == "person" or self.ctx.session.can("contacts.edit"))
        self.message.setText("")
        if item.phones:
            copy_to_clipboard(item.phones[0].number)

    def _mark_done(self, item: directory.QueueItem) -> None:
        self.done.add(self.list.currentRow())
        list_item = self.list.currentItem()
        list_item.setText(f"✓ {item.name}　{item.unit_path}　今天已核实")
        list_item.setForeground(Qt.GlobalColor.darkGreen)
        self.next_item()

    def verified(self) -> None:
        item = self.current()
        if item is None:
            return
        try:
            if item.kind == "unit":
                people.verify_unit(self.ctx.session, item.id, self.method.currentData())
            else:
                people.verify_contact(self.ctx.session, item.id, self.method.currentData())
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        self._mark_done(item)

    def edit_then_verify(self) -> None:
        item = self.current()
        if item is None:
            return
        if item.kind == "unit":
            dialog: QDialog = UnitContactDialog(self.ctx, item.id, self)
            if dialog.exec():
                self.verified()
            return
        dialog = PersonDialog(self.ctx, item.id, parent=self, verify_after=True)
        if dialog.exec():
            if not dialog.verify.isChecked():
                try:
                    people.verify_contact(self.ctx.session, item.id, self.method.currentData())
                except DutyRoomError as exc:
                    show_error(self, exc)
                    return
            self._mark_done(item)

    def next_item(self) -> None:
        row = self.list.currentRow()
        for candidate in range(row + 1, len(self.items)):
            if candidate not in self.done:
                self.list.setCurrentRow(candidate)
                return
        self.progress.setText(f"已到清单末尾：本次核实 {len(self.done)} 条。")
