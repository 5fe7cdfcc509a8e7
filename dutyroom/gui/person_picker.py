"""Picking a reporter from the people model: a dialog over the contacts area's lookup (name, pinyin,
phone fragment, unit). Everything goes through ``pick_person(parent, store)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class PickedPerson:
    person_id: int
    name: str
    unit_name: str
    position: str
    phone: str


def search_people(store: Any, text: str, limit: int = 50) -> list[PickedPerson]:
    """Name, pinyin, phone fragment or unit (the contacts area's lookup, ranked like 通讯录)."""
    from dutyroom.contacts.lookup import find_people

    return [PickedPerson(f.person_id, f.name, f.unit_name, f.position, f.phone) for f in find_people(store, text, limit)]


class PersonPickerDialog(QDialog):
    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("从通讯录选择报告人")
        self.resize(520, 460)
        self.store = store
        self.picked: PickedPerson | None = None
        layout = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("输入姓名、单位、职务或电话号码的一部分，↓ 选择，回车确定")
        layout.addWidget(self.search)
        self.results = QListWidget()
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout.addWidget(self.results, 1)
        self.count = QLabel()
        self.count.setObjectName("pageSubtitle")
        layout.addWidget(self.count)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("选择")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.choose)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(120)
        self._debounce.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda *_: self._debounce.start())
        self.search.returnPressed.connect(self.choose)
        self.results.itemDoubleClicked.connect(lambda *_: self.choose())
        self.search.installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.results.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.results.setCurrentRow(max(0, min(row, self.results.count() - 1)))
            return True
        return super().eventFilter(watched, event)

    def refresh(self) -> None:
        found = search_people(self.store, self.search.text())
        self.results.clear()
        for person in found:
            detail = "　".join(p for p in (person.unit_name, person.position, person.phone) if p)
            item = QListWidgetItem(f"{person.name}　{detail}")
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.results.addItem(item)
        if found:
            self.results.setCurrentRow(0)
        self.count.setText(f"找到 {len(found)} 人" + ("（只显示前50人，请输入更多文字）" if len(found) == 50 else ""))

    def choose(self) -> None:
        item = self.results.currentItem()
        if item is None:
            return
        self.picked = item.data(Qt.ItemDataRole.UserRole)
        self.accept()


def _dialog_picker(parent: QWidget, store: Any) -> PickedPerson | None:
    dialog = PersonPickerDialog(store, parent)
    return dialog.picked if dialog.exec() else None


# The seam: the lead can point this at the contacts module's picker after merging.
PICKER: Callable[[QWidget, Any], PickedPerson | None] = _dialog_picker


def pick_person(parent: QWidget, store: Any) -> PickedPerson | None:
    return PICKER(parent, store)
