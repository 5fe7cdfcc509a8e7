"""Store change events as a Qt signal, delivered on the UI thread whichever thread wrote."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from dutyroom.store import Store


class StoreEvents(QObject):
    changed = Signal(object)  # the ChangeSet of one committed transaction

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # A signal emitted from a worker thread reaches slots on the UI thread through the event queue.
        self._unsubscribe = store.subscribe(self.changed.emit)
        self.destroyed.connect(lambda *_: self._unsubscribe())

    def close(self) -> None:
        self._unsubscribe()
