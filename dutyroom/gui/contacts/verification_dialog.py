"""核实清单: the entries overdue for verification, one after another — call, then mark verified, correct and
verify, or skip."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QWidget

from dutyroom.contacts import directory, people
from dutyroom.contacts.tree import stale_days
from dutyroom.gui.contacts.entry_dialogs import PersonDialog, UnitContactDialog, copy_to_clipboard
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import run_op
from dutyroom.gui.kit.widgets import button, fill, hbox, label, panel, vbox


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
        self.verified_rows: set[int] = set()      # not done: that is QDialog.done()
        layout = QHBoxLayout(self)
        left = vbox(label(f"超过 {self.threshold} 天未核实或从未核实的条目，按单位顺序排列。", "pageSubtitle", wrap=True))
        self.list = QListWidget()
        for item in self.items:
            text = f"{item.name}　{item.unit_path}　{item.staleness}"
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, item)
            self.list.addItem(entry)
        self.list.currentRowChanged.connect(self.show_item)
        left.addWidget(self.list, 1)
        layout.addLayout(left, 2)

        layout.addWidget(self._build_walk(), 3)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.verified)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.verified)
        self.resize(980, 560)
        if self.items:
            self.list.setCurrentRow(0)
        else:
            self.progress.setText("没有需要核实的条目。")
            for action in (self.ok_button, self.edit_button, self.skip_button):
                action.setEnabled(False)

    def _build_walk(self) -> QWidget:
        """The entry to call now in large type, how it is verified, and the three ways on."""
        frame, right = panel(margins=None)
        self.progress = label("", "pageSubtitle", wrap=True)
        self.name = label("", "callName", wrap=True, selectable=True)
        self.where = label("", "callUnit", wrap=True)
        self.numbers = label("", "callNumber", wrap=True, selectable=True)
        self.age = label("", "callStale", wrap=True)
        self.method = QComboBox()
        for key, method in people.VERIFY_METHODS.items():
            self.method.addItem(method, key)
        method_row = hbox(QLabel("核实方式"))
        method_row.addWidget(self.method, 1)
        self.ok_button = button("号码无误，已核实（Ctrl+Enter）", self.verified, primary=True)
        self.edit_button = button("修改后核实…", self.edit_then_verify)
        self.skip_button = button("联系不上，跳过", self.next_item)
        self.message = label(wrap=True)
        fill(right, self.progress, self.name, self.where, self.numbers, self.age, method_row, self.ok_button,
             self.edit_button, self.skip_button, self.message, None, button("关闭", self.accept))
        return frame

    def current(self) -> directory.QueueItem | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def show_item(self, row: int) -> None:
        item = self.current()
        if item is None:
            return
        self.progress.setText(f"第 {row + 1} / {len(self.items)} 条，已核实 {len(self.verified_rows)} 条")
        self.name.setText(item.name + ("（单位值班电话）" if item.kind == "unit" else ""))
        self.where.setText("　".join(filter(None, [item.unit_path, item.position if item.kind == "person" else ""])))
        self.numbers.setText("\n".join(f"{p.kind_label}　{p.number}" for p in item.phones) or "没有登记电话")
        self.age.setText(item.staleness)
        self.edit_button.setEnabled(item.kind == "person" or self.ctx.session.can("contacts.edit"))
        self.message.setText("")
        if item.phones:
            copy_to_clipboard(item.phones[0].number)

    def _mark_done(self, item: directory.QueueItem) -> None:
        self.verified_rows.add(self.list.currentRow())
        list_item = self.list.currentItem()
        list_item.setText(f"✓ {item.name}　{item.unit_path}　今天已核实")
        list_item.setForeground(Qt.GlobalColor.darkGreen)
        self.next_item()

    def verified(self) -> None:
        item = self.current()
        if item is None:
            return
        verify = people.verify_unit if item.kind == "unit" else people.verify_contact
        if run_op(self, verify, self.ctx.session, item.id, self.method.currentData(), message=self.message):
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
            if not dialog.verify.isChecked() and not run_op(self, people.verify_contact, self.ctx.session, item.id,
                                                            self.method.currentData()):
                return
            self._mark_done(item)

    def next_item(self) -> None:
        row = self.list.currentRow()
        for candidate in range(row + 1, len(self.items)):
            if candidate not in self.verified_rows:
                self.list.setCurrentRow(candidate)
                return
        self.progress.setText(f"已到清单末尾：本次核实 {len(self.verified_rows)} 条。")
