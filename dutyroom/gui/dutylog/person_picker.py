"""Pick the person on the line from the people model by a name or phone fragment, or just type.

``make_person_picker`` is the seam: the contacts module's reusable picker can replace it after merging as
long as its widget is a QLineEdit that emits ``picked(PersonMatch)`` (core search: ``dutylog.people``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from dutyroom.dutylog.people import PersonMatch, search_people
from dutyroom.store import Store


class PersonPicker(QLineEdit):
    """A line edit whose completer offers matching persons; choosing one emits ``picked``."""

    picked = Signal(object)   # PersonMatch

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.matches: list[PersonMatch] = []
        self.person_id: int | None = None
        self.setPlaceholderText("输入姓名或电话号码片段，从通讯录中选取；也可直接填写")
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.activated[str].connect(self._chosen)
        self.setCompleter(completer)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._refresh)
        self.textEdited.connect(self._edited)

    def _edited(self, _text: str) -> None:
        self.person_id = None
        self._timer.start()

    def _refresh(self) -> None:
        text = self.text().strip()
        self.matches = search_people(self.store, text) if text else []
        self._model.setStringList([m.label for m in self.matches])
        if self.matches and self.hasFocus():
            self.completer().complete()

    def _chosen(self, label: str) -> None:
        for match in self.matches:
            if match.label == label:
                self.choose(match)
                # the completer writes the whole label into the field after this slot: put the name back
                QTimer.singleShot(0, lambda name=match.name: self.setText(name))
                return

    def choose(self, match: PersonMatch) -> None:
        """Take a match as if the user had picked it (also used by tests)."""
        self.person_id = match.person_id
        self.setText(match.name)
        self.picked.emit(match)


PickerFactory = Callable[[Store, QWidget | None], PersonPicker]
PICKER_FACTORY: list[PickerFactory] = [PersonPicker]


def make_person_picker(store: Store, parent: QWidget | None = None) -> PersonPicker:
    return PICKER_FACTORY[-1](store, parent)
