"""PersonPicker: type a name, pinyin initials or any part of a phone number, pick a person from the
contact tree with the arrows and Enter. Backed by the shared contact search index. It is the one person
picker of the app: the duty log's caller, the incident reporter, groups, A/B pairs.

Usage::

    picker = PersonPicker(ctx, placeholder="来电人：姓名、拼音或电话")
    picker.picked.connect(lambda person: ...)   # a PickedPerson: id, name, unit, title, phone
    picker.person_id()      # the chosen person, or None (free text typed: picker.text())
    picker.set_person_id(42)
    picker.clear()

``allow_free_text=True`` (default) keeps whatever was typed when nobody is chosen — a caller from the
public is not in the contact tree. Typing again after a choice forgets the choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QHBoxLayout, QLineEdit, QWidget

from dutyroom.gui.contacts.index_service import index_service
from dutyroom.gui.contacts.results_model import NAME_ROLE, ResultsModel
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.tables import RECORD_ROLE

PICKER_LIMIT = 30


@dataclass(frozen=True)
class PickedPerson:
    person_id: int
    name: str
    unit_name: str
    title: str
    phone: str          # the number the typed digits found, else the main one

    def part(self, key: str) -> str:
        """What fills a form field marked with this ``person_part`` (name, unit, title, phone)."""
        return {"name": self.name, "unit": self.unit_name, "title": self.title, "phone": self.phone}.get(key, "")


class PersonPicker(QWidget):
    person_chosen = Signal(int)
    picked = Signal(object)        # PickedPerson, right after person_chosen
    choice_cleared = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 placeholder: str = "输入姓名、拼音首字母或电话号码…", allow_free_text: bool = True,
                 include_units: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.allow_free_text = allow_free_text
        self._kinds = None if include_units else frozenset({"person"})
        self._person_id: int | None = None
        self._chosen_name = ""
        self._query = ""   # what was typed last: its digits choose the number a pick reports
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        self.edit.setClearButtonEnabled(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.model = ResultsModel(self, compact=True)
        self.completer = QCompleter(self.model, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCompletionRole(NAME_ROLE)
        self.completer.setMaxVisibleItems(10)
        self.completer.setWidget(self.edit)
        # the PySide6 stubs do not know that an overloaded signal is picked by its argument type
        self.completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.edit.textEdited.connect(self._typed)
        self.edit.textChanged.connect(self._changed)
        self.edit.editingFinished.connect(self._finished)
        self.service = index_service(ctx)
        self.service.ready.connect(self._index_ready)

    # -- public API ----------------------------------------------------------------------------
    def person_id(self) -> int | None:
        return self._person_id

    def text(self) -> str:
        return self.edit.text().strip()

    def set_person_id(self, person_id: int | None) -> None:
        self._person_id = None
        if person_id is None:
            self.edit.clear()
            return
        from dutyroom import org

        try:
            person = org.get_person(self.ctx.store, person_id)
        except Exception:  # noqa: BLE001 - an unknown id simply leaves the picker empty
            self.edit.clear()
            return
        self._person_id, self._chosen_name = person_id, person.name
        self.edit.setText(person.name)

    def set_choice(self, person_id: int | None, text: str) -> None:
        """Show ``text`` as typed, chosen from the contact tree as ``person_id`` when given (restoring a form)."""
        self._person_id = None
        self.edit.setText(text)
        if person_id is not None:
            self._person_id, self._chosen_name = person_id, text

    def clear(self) -> None:
        self.set_person_id(None)

    # -- behaviour -----------------------------------------------------------------------------
    def _changed(self, text: str) -> None:
        if self._person_id is not None and text != self._chosen_name:
            self._person_id = None
            self.choice_cleared.emit()

    def _typed(self, text: str) -> None:
        self._query = text
        index = self.service.ensure() or self.service.build_now()
        result = index.search(text, limit=PICKER_LIMIT, kinds=self._kinds) if text.strip() else None
        self.model.set_result(index, result)
        if result is not None and len(result):
            self.completer.complete()
            popup = self.popup()
            popup.setCurrentIndex(self.model.index(0, 0))
        else:
            self.popup().hide()

    def popup(self) -> QAbstractItemView:
        """The completer's list (QCompleter makes its own on first use; the stubs allow for none)."""
        popup = self.completer.popup()
        assert popup is not None
        return popup

    def _index_ready(self, _index: object) -> None:
        if self.popup().isVisible():
            self._typed(self.edit.text())

    def _activated(self, index: QModelIndex) -> None:
        entry = index.data(RECORD_ROLE)
        if entry is None or not entry.is_person:
            return
        self._person_id, self._chosen_name = entry.id, entry.name
        self.edit.setText(entry.name)
        self.person_chosen.emit(entry.id)
        self.picked.emit(PickedPerson(entry.id, entry.name, entry.unit_name, entry.position, entry.phone_for(self._query)))

    def _finished(self) -> None:
        if not self.allow_free_text and self._person_id is None and not self.popup().isVisible():
            self.edit.clear()
