"""通讯录: one search box (results as you type), the unit tree, the list, and the card of the chosen
person or unit. Keyboard first: type, ↑/↓ to move, Enter shows the person in large type and copies the
main number, Esc clears. Also the verification walk, groups, desk phones, Excel import/export, printing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from dutyroom.changes import Area
from dutyroom.contacts import directory, people
from dutyroom.contacts.search import ContactIndex, Entry
from dutyroom.contacts.tree import stale_days
from dutyroom.errors import DutyRoomError
from dutyroom.gui.contacts_dialogs import (
    AwayDialog,
    CallCard,
    HistoryDialog,
    PersonDialog,
    UnitContactDialog,
    VerificationDialog,
    copy_to_clipboard,
)
from dutyroom.gui.contacts_index import index_service
from dutyroom.gui.contacts_models import ResultsModel
from dutyroom.gui.context import AppContext
from dutyroom.gui.dialogs import ask_reason, show_error
from dutyroom.gui.pages.base import Page, set_message, subtitle_label, title_label

LIST_LIMIT = 500
ALL_UNITS = -1


def _label(text: str = "", name: str = "", *, selectable: bool = False) -> QLabel:
    label = QLabel(text)
    if name:
        label.setObjectName(name)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class EntryCard(QFrame):
    """The chosen person or unit: large numbers, tags, A/B, away, verification, groups, actions."""

    def __init__(self, page: ContactsPage) -> None:
        super().__init__()
        self.page = page
        self.setObjectName("panel")
        self.setMinimumWidth(300)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        self.name = _label("", "cardName", selectable=True)
        self.where = _label("", "cardUnit")
        self.phones = _label("", "cardPhone", selectable=True)
        self.phones.setTextFormat(Qt.TextFormat.PlainText)
        self.tags = _label("", "cardTags")
        self.backup = _label("", "cardUnit", selectable=True)
        self.away = _label("", "cardAway")
        self.verified = _label("", "cardUnit")
        self.groups = _label("", "cardUnit")
        for widget in (self.name, self.where, self.phones, self.tags, self.backup, self.away, self.verified,
                       self.groups):
            layout.addWidget(widget)
        layout.addStretch(1)
        grid = QHBoxLayout()
        self.copy_button = QPushButton("复制号码")
        self.verify_button = QPushButton("已核实")
        self.edit_button = QPushButton("修改…")
        for button in (self.copy_button, self.verify_button, self.edit_button):
            grid.addWidget(button)
        layout.addLayout(grid)
        more = QHBoxLayout()
        self.away_button = QPushButton("外出报备…")
        self.history_button = QPushButton("历史…")
        self.void_button = QPushButton("作废…")
        for button in (self.away_button, self.history_button, self.void_button):
            more.addWidget(button)
        layout.addLayout(more)
        self.copy_button.clicked.connect(lambda: page.copy_main())
        self.verify_button.clicked.connect(page.verify_current)
        self.edit_button.clicked.connect(page.edit_current)
        self.away_button.clicked.connect(page.away_current)
        self.history_button.clicked.connect(page.history_current)
        self.void_button.clicked.connect(page.void_current)
        self.show_entry(None)

    def show_entry(self, entry: Entry | None) -> None:
        session = self.page.ctx.session
        for button in (self.copy_button, self.verify_button, self.edit_button, self.away_button,
                       self.history_button, self.void_button):
            button.setEnabled(entry is not None)
        if entry is None:
            self.name.setText("未选择")
            for label in (self.where, self.phones, self.tags, self.backup, self.away, self.verified, self.groups):
                label.setText("")
            self.where.setText("在上方输入姓名、拼音首字母、电话号码片段、单位或标签，按↓选择，回车显示大号码并复制主要电话。")
            return
        store, today = self.page.ctx.store, session.now().date()
        person = entry.kind == "person"
        self.name.setText(entry.name + ("" if person else "（单位）"))
        self.where.setText("　".join(filter(None, [entry.unit_path, entry.position])))
        self.phones.setText("\n".join(f"{p.kind_label}　{p.number}" for p in entry.phones) or "没有登记电话")
        self.tags.setText("标签：" + "、".join(entry.tags) if entry.tags else "")
        self.backup.setText("")
        self.groups.setText("")
        if person:
            card = directory.contact_card(store, entry.id, today, stale_days(store))
            lines = []
            if card.backup:
                lines.append(f"B角：{card.backup.name}　{card.backup.main_phone}" + ("（也外出）" if card.backup.away else ""))
            if card.backs_up:
                lines.append("是 " + "、".join(r.name for r in card.backs_up) + " 的B角")
            self.backup.setText("\n".join(lines))
            self.away.setText(card.away_text)
            how = f"，{card.verified_by}，{card.verified_how}" if card.verified_on else ""
            self.verified.setText(f"核实：{card.verified_on or '—'}{how}（{card.staleness}）")
            self.verified.setProperty("stale", card.stale)
            self.groups.setText("所在分组：" + "、".join(card.groups) if card.groups else "")
        else:
            self.away.setText("")
            self.verified.setText(f"核实：{entry.verified_on or '—'}" + ("（待核实）" if entry.stale else ""))
        from dutyroom.gui.theme import repolish

        repolish(self.verified)
        self.verify_button.setEnabled(session.can("contacts.verify"))
        self.edit_button.setEnabled(session.can("contacts.edit"))
        self.away_button.setEnabled(person and session.can("contacts.edit"))
        self.history_button.setEnabled(person)
        self.void_button.setEnabled(person and session.can("contacts.manage"))
        self.copy_button.setEnabled(bool(entry.phones))


class ContactsPage(Page):
    areas = frozenset({Area.ORG, Area.CONTACTS, Area.SETTINGS})   # reload() only asks the shared index service

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.index: ContactIndex | None = None
        self.service = index_service(ctx)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 14)
        outer.setSpacing(10)
        header = QHBoxLayout()
        header.addWidget(title_label("通讯录"))
        self.search = QLineEdit()
        self.search.setObjectName("contactSearch")
        self.search.setPlaceholderText("查找：姓名、拼音首字母（如 zsf）、电话号码任意几位、单位、标签……（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        header.addWidget(self.search, 1)
        self.filter = QComboBox()
        self.filter.addItem("全部", None)
        self.filter.addItem("待核实", "stale")
        self.filter.addItem("外出中", "away")
        header.addWidget(self.filter)
        outer.addLayout(header)

        actions = QHBoxLayout()
        self.new_button = QPushButton("新建人员…")
        self.verify_list_button = QPushButton("核实清单")
        self.verify_list_button.setObjectName("primaryButton")
        self.groups_button = QPushButton("分组…")
        self.desk_button = QPushButton("常用电话…")
        self.import_button = QPushButton("导入Excel…")
        self.export_button = QPushButton("导出Excel…")
        self.print_button = QPushButton("打印通讯录 (Ctrl+P)")
        for button in (self.new_button, self.verify_list_button, self.groups_button, self.desk_button,
                       self.import_button, self.export_button, self.print_button):
            actions.addWidget(button)
        actions.addStretch(1)
        outer.addLayout(actions)

        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumWidth(220)
        self.model = ResultsModel(self)
        self.table = QTableView()
        self.table.setObjectName("contactsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setWordWrap(False)
        header_view = self.table.horizontalHeader()
        for column, width in enumerate((88, 76, 270, 170, 180, 110)):
            header_view.resizeSection(column, width)
        header_view.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header_view.setStretchLastSection(True)
        self.card = EntryCard(self)
        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(self.table)
        split.addWidget(self.card)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 800, 310])
        outer.addWidget(split, 1)
        self.status = subtitle_label("正在载入通讯录…")
        outer.addWidget(self.status)

        self.search.textChanged.connect(self.run_search)
        self.search.installEventFilter(self)
        self.table.installEventFilter(self)
        self.filter.currentIndexChanged.connect(self.run_search)
        self.tree.currentItemChanged.connect(lambda *_: self.run_search())
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(lambda _i: self.open_card())
        self.new_button.clicked.connect(self.new_person)
        self.verify_list_button.clicked.connect(self.verification_list)
        self.groups_button.clicked.connect(self.edit_groups)
        self.desk_button.clicked.connect(self.edit_desk_phones)
        self.import_button.clicked.connect(self.import_excel)
        self.export_button.clicked.connect(self.export_excel)
        self.print_button.clicked.connect(lambda: self.print_primary())
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)
        session = ctx.session
        self.new_button.setVisible(session.can("contacts.edit"))
        self.verify_list_button.setVisible(session.can("contacts.verify"))
        for button in (self.groups_button, self.desk_button, self.import_button, self.export_button):
            button.setVisible(session.can("contacts.manage"))
        self.service.ready.connect(self._index_ready)
        self.index = self.service.index
        if self.index is not None:
            self._index_ready(self.index)
        else:
            self.service.ensure()
        QTimer.singleShot(0, self.focus_search)

    # -- data ----------------------------------------------------------------------------------
    def reload(self) -> None:
        self.service.ensure()

    def _index_ready(self, index: ContactIndex) -> None:
        selected = self.current_entry()
        self.index = index
        self._fill_tree(index)
        self.run_search()
        if selected is not None:
            self.select_entry(selected.kind, selected.id)

    def _fill_tree(self, index: ContactIndex) -> None:
        current = self.tree.currentItem()
        keep = current.data(0, Qt.ItemDataRole.UserRole) if current else ALL_UNITS
        counts = [0] * index.size
        parents: dict[int, int] = {}
        stack: list[tuple[int, int]] = []    # (depth, position) of open units
        rows = index._rows
        for position in range(index.size):
            if rows[position][0] == "unit":
                depth = rows[position][16]
                while stack and stack[-1][0] >= depth:
                    stack.pop()
                if stack:
                    parents[position] = stack[-1][1]
                stack.append((depth, position))
            elif rows[position][3] is not None and stack:
                counts[stack[-1][1]] += 1
        for position in sorted(parents, reverse=True):   # children after parents: add upwards
            counts[parents[position]] += counts[position]
        self.tree.blockSignals(True)
        self.tree.clear()
        root = QTreeWidgetItem([f"全部（{index.person_count()}人）"])
        root.setData(0, Qt.ItemDataRole.UserRole, ALL_UNITS)
        self.tree.addTopLevelItem(root)
        items: dict[int, QTreeWidgetItem] = {}
        chosen = root
        for position in range(index.size):
            if rows[position][0] != "unit":
                continue
            unit_id = rows[position][1]
            item = QTreeWidgetItem([f"{rows[position][2]}（{counts[position]}）"])
            item.setData(0, Qt.ItemDataRole.UserRole, unit_id)
            parent = items.get(parents[position]) if position in parents else None
            (parent or root).addChild(item)
            items[position] = item
            if unit_id == keep:
                chosen = item
        root.setExpanded(True)
        self.tree.setCurrentItem(chosen)
        self.tree.blockSignals(False)

    def selected_unit(self) -> int | None:
        item = self.tree.currentItem()
        value = item.data(0, Qt.ItemDataRole.UserRole) if item else ALL_UNITS
        return None if value in (None, ALL_UNITS) else int(value)

    def run_search(self) -> None:
        if self.index is None:
            return
        flag = self.filter.currentData()
        result = self.index.search(self.search.text(), limit=LIST_LIMIT, unit_id=self.selected_unit(),
                                   stale_only=flag == "stale", away_only=flag == "away")
        self.model.set_result(self.index, result)
        if len(result):
            self.table.selectRow(0)
        else:
            self.card.show_entry(None)
        shown = len(result)
        more = result.total > shown or not result.complete
        text = f"共 {self.index.person_count()} 人。"
        if result.query or self.selected_unit() is not None or flag:
            text += f"找到 {result.total}{'+' if not result.complete else ''} 条"
            text += f"，显示前 {shown} 条，请继续输入以缩小范围。" if more else "。"
        text += "　↑↓ 选择，回车显示大号码并复制，Esc 清空。"
        self.status.setText(text)

    def current_entry(self) -> Entry | None:
        index = self.table.currentIndex()
        return self.model.entry(index.row()) if index.isValid() else None

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.card.show_entry(self.model.entry(current.row()) if current.isValid() else None)

    def select_entry(self, kind: str, entry_id: int) -> None:
        for row in range(self.model.rowCount()):
            entry = self.model.entry(row)
            if entry is not None and entry.kind == kind and entry.id == entry_id:
                self.table.selectRow(row)
                return

    # -- keyboard ------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown,
                                                  Qt.Key.Key_PageUp):
                self._move(key)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and watched in (self.search, self.table):
                self.open_card()
                return True
            if key == Qt.Key.Key_Escape and watched in (self.search, self.table):
                self.search.clear()
                self.search.setFocus()
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: int) -> None:
        rows = self.model.rowCount()
        if not rows:
            return
        current = self.table.currentIndex().row() if self.table.currentIndex().isValid() else -1
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}[key]
        target = max(0, min(rows - 1, current + step))
        self.table.selectRow(target)
        self.table.scrollTo(self.model.index(target, 0))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- actions -------------------------------------------------------------------------------
    def copy_main(self) -> str:
        entry = self.current_entry()
        if entry is None or not entry.main_phone:
            return ""
        copy_to_clipboard(entry.main_phone)
        set_message(self.status, f"已复制 {entry.name} 的 {entry.phones[0].kind_label} {entry.main_phone}。")
        return entry.main_phone

    def open_card(self) -> CallCard | None:
        entry = self.current_entry()
        if entry is None:
            return None
        card = CallCard(self.ctx, entry, self)
        self.last_card = card
        card.open()
        return card

    def verify_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        try:
            if entry.kind == "unit":
                people.verify_unit(self.ctx.session, entry.id)
            else:
                people.verify_contact(self.ctx.session, entry.id)
        except DutyRoomError as exc:
            show_error(self, exc)
            return
        set_message(self.status, f"已记录：{entry.name} 今天已核实。")

    def edit_current(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        dialog = UnitContactDialog(self.ctx, entry.id, self) if entry.kind == "unit" else \
            PersonDialog(self.ctx, entry.id, parent=self)
        if dialog.exec():
            set_message(self.status, f"已保存 {entry.name} 的修改。")

    def new_person(self) -> None:
        dialog = PersonDialog(self.ctx, None, unit_id=self.selected_unit(), parent=self)
        if dialog.exec():
            set_message(self.status, f"已新建 {dialog.name.text()}。")

    def away_current(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.kind == "person" and AwayDialog(self.ctx, entry.id, self).exec():
            set_message(self.status, f"已更新 {entry.name} 的外出报备。")

    def history_current(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.kind == "person":
            HistoryDialog(self.ctx, entry.id, entry.name, self).exec()

    def void_current(self) -> None:
        entry = self.current_entry()
        if entry is None or entry.kind != "person":
            return
        reason = ask_reason(self, "作废人员", f"作废 {entry.name}（{entry.unit_path}）的原因（例如：调离、退休）：")
        if not reason:
            return
        try:
            people.void_contact(self.ctx.session, entry.id, reason)
        except DutyRoomError as exc:
            show_error(self, exc)
            return
        set_message(self.status, f"{entry.name} 已作废（保留在历史记录中）。")

    def verification_list(self) -> None:
        VerificationDialog(self.ctx, unit_id=self.selected_unit(), parent=self).exec()

    def edit_groups(self) -> None:
        from dutyroom.gui.contacts_admin import GroupsDialog

        GroupsDialog(self.ctx, self).exec()

    def edit_desk_phones(self) -> None:
        from dutyroom.gui.contacts_admin import DeskPhonesDialog

        DeskPhonesDialog(self.ctx, self).exec()

    def import_excel(self) -> None:
        from dutyroom.gui.contacts_admin import ImportDialog

        ImportDialog(self.ctx, self).exec()

    def export_excel(self) -> None:
        suggested = str(Path.home() / f"通讯录-{self.ctx.session.now():%Y%m%d}.xlsx")
        target, _ = QFileDialog.getSaveFileName(self, "导出通讯录", suggested, "Excel 文件 (*.xlsx)")
        if not target:
            return
        path = Path(target) if target.lower().endswith(".xlsx") else Path(target + ".xlsx")
        from dutyroom.contacts.exporter import export_contacts

        store, now = self.ctx.store, self.ctx.session.now()
        self.ctx.tasks.run(lambda state: export_contacts(store, path, now, state), title="正在导出通讯录…",
                           parent=self, on_done=lambda r: set_message(
                               self.status, f"已导出 {r.persons} 人、{r.units} 个单位：{r.path}"),
                           on_error=lambda e: show_error(self, e))

    def print_primary(self) -> bool:
        from dutyroom.gui.pdf_output import open_in_viewer

        store, now, unit_id = self.ctx.store, self.ctx.session.now(), self.selected_unit()

        def work(_state: object) -> bytes:
            from dutyroom.printing.contacts_book import contacts_book_doc, render_contacts_book

            return render_contacts_book(contacts_book_doc(store, now, unit_id=unit_id))

        self.ctx.tasks.run(work, title="正在生成通讯录…", parent=self,
                           on_done=lambda data: set_message(self.status, f"已生成：{open_in_viewer(data, '通讯录')}"),
                           on_error=lambda e: show_error(self, e))
        return True

