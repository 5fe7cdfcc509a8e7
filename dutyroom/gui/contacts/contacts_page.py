"""通讯录: one search box (results as you type), the unit tree, the list, and the card of the chosen
person or unit. Keyboard first: type, ↑/↓ to move, Enter shows the person in large type and copies the
main number, Esc clears. Also the verification walk, groups, desk phones, Excel import/export, printing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
)

from dutyroom.changes import Area
from dutyroom.contacts import people
from dutyroom.contacts.search import ContactIndex, Entry
from dutyroom.gui.contacts.entry_card import EntryCard
from dutyroom.gui.contacts.entry_dialogs import (
    AwayDialog,
    CallCard,
    HistoryDialog,
    PersonDialog,
    UnitContactDialog,
    copy_to_clipboard,
)
from dutyroom.gui.contacts.index_service import index_service
from dutyroom.gui.contacts.results_model import ResultsModel
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import run_op, run_with_reason, show_error
from dutyroom.gui.kit.output import ask_save_path, deliver
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.tables import record_table
from dutyroom.gui.kit.widgets import button, hbox, hidden_unless, page_layout

LIST_LIMIT = 500
ALL_UNITS = -1


class ContactsPage(Page):
    areas = frozenset({Area.ORG, Area.CONTACTS, Area.SETTINGS})   # reload() only asks the shared index service

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.index: ContactIndex | None = None
        self.service = index_service(ctx)
        outer = page_layout(self, bottom=14)
        outer.addLayout(self._build_search())
        outer.addLayout(self._build_actions())
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setMinimumWidth(220)
        self.table = self._build_list()
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
        QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search)
        self.service.ready.connect(self._index_ready)
        self.index = self.service.index
        if self.index is not None:
            self._index_ready(self.index)
        else:
            self.service.ensure()
        QTimer.singleShot(0, self.focus_search)

    def _build_search(self) -> QHBoxLayout:
        self.search = QLineEdit()
        self.search.setObjectName("contactSearch")
        self.search.setPlaceholderText("查找：姓名、拼音首字母（如 zsf）、电话号码任意几位、单位、标签……（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        for text, data in (("全部", None), ("待核实", "stale"), ("外出中", "away")):
            self.filter.addItem(text, data)
        header = hbox(title_label("通讯录"))
        header.addWidget(self.search, 1)
        header.addWidget(self.filter)
        return header

    def _build_actions(self) -> QHBoxLayout:
        """The page's acts, each shown only to those who may take it."""
        can = self.ctx.session.can
        self.new_button = button("新建人员…", self.new_person)
        self.verify_list_button = button("核实清单", self.verification_list, primary=True)
        self.groups_button = button("分组…", self.edit_groups)
        self.desk_button = button("常用电话…", self.edit_desk_phones)
        self.import_button = button("导入Excel…", self.import_excel)
        self.export_button = button("导出Excel…", self.export_excel)
        self.print_button = button("打印通讯录 (Ctrl+P)", lambda: self.print_primary())
        hidden_unless(can("contacts.edit"), self.new_button)
        hidden_unless(can("contacts.verify"), self.verify_list_button)
        hidden_unless(can("contacts.manage"), self.groups_button, self.desk_button, self.import_button,
                      self.export_button)
        return hbox(self.new_button, self.verify_list_button, self.groups_button, self.desk_button,
                    self.import_button, self.export_button, self.print_button, None)

    def _build_list(self) -> QTableView:
        """The results: a virtual list over the search index, columns the user may drag."""
        self.model = ResultsModel(self)
        table = record_table(self.model, sortable=False, columns="user", widths=(88, 76, 270, 170, 180, 110))
        table.setObjectName("contactsTable")
        table.verticalHeader().setDefaultSectionSize(28)
        table.setWordWrap(False)
        return table

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
        steps: dict[int, int] = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 10, Qt.Key.Key_PageUp: -10}
        step = steps[key]
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
        if entry is not None:
            verify = people.verify_unit if entry.kind == "unit" else people.verify_contact
            run_op(self, verify, self.ctx.session, entry.id, message=self.status, modal=True,
                   done=f"已记录：{entry.name} 今天已核实。")

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
        if entry is not None and entry.kind == "person":
            run_with_reason(self, "作废人员", f"作废 {entry.name}（{entry.unit_path}）的原因（例如：调离、退休）：",
                            people.void_contact, self.ctx.session, entry.id, blank_cancels=True, message=self.status,
                            modal=True, done=f"{entry.name} 已作废（保留在历史记录中）。")

    def verification_list(self) -> None:
        from dutyroom.gui.contacts.verification_dialog import VerificationDialog

        VerificationDialog(self.ctx, unit_id=self.selected_unit(), parent=self).exec()

    def edit_groups(self) -> None:
        from dutyroom.gui.contacts.groups_dialog import GroupsDialog

        GroupsDialog(self.ctx, self).exec()

    def edit_desk_phones(self) -> None:
        from dutyroom.gui.contacts.desk_phones_dialog import DeskPhonesDialog

        DeskPhonesDialog(self.ctx, self).exec()

    def import_excel(self) -> None:
        from dutyroom.gui.contacts.import_dialog import ImportDialog

        ImportDialog(self.ctx, self).exec()

    def export_excel(self) -> None:
        path = ask_save_path(self, f"通讯录-{self.ctx.session.now():%Y%m%d}", "xlsx", title="导出通讯录")
        if path is None:
            return
        from dutyroom.contacts.exporter import export_contacts

        store, now = self.ctx.store, self.ctx.session.now()
        self.ctx.tasks.run(lambda state: export_contacts(store, path, now, state), title="正在导出通讯录…",
                           parent=self, on_done=lambda r: set_message(
                               self.status, f"已导出 {r.persons} 人、{r.units} 个单位：{r.path}"),
                           on_error=lambda e: show_error(self, e))

    def print_primary(self) -> bool:
        store, now, unit_id = self.ctx.store, self.ctx.session.now(), self.selected_unit()

        def render() -> bytes:
            from dutyroom.printing.contacts_book import contacts_book_doc, render_contacts_book

            return render_contacts_book(contacts_book_doc(store, now, unit_id=unit_id))

        deliver(self.ctx, self, render, "通讯录", message=self.status, progress="正在生成通讯录…",
                error_title="操作未完成")
        return True
