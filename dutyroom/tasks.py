"""Progress and cancellation for long work, usable by core code without Qt.

A long-running core function takes a ``TaskState`` and calls ``state.progress(done, total, text)``
now and then; ``progress`` raises ``Cancelled`` once the user has asked to stop.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from dutyroom.errors import Cancelled

ProgressCallback = Callable[[int, int, str], None]


class TaskState:
    def __init__(self, on_progress: ProgressCallback | None = None) -> None:
        self._cancel = threading.Event()
        self._on_progress = on_progress

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self.check()
        if self._on_progress is not None:
            self._on_progress(done, total, text)
