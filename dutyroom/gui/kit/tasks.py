"""The one helper for long work off the UI thread: progress, cancel, results back on the UI thread.

The work function gets a ``TaskState`` (core, Qt-free) and returns a value; ``on_done`` and
``on_error`` run on the UI thread. Database writes inside the work stay serialised by the store.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from dutyroom.errors import Cancelled
from dutyroom.tasks import TaskState


class _Signals(QObject):
    progress = Signal(int, int, str)
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[TaskState], Any], signals: _Signals, state: TaskState) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work, self._signals, self._state = work, signals, state

    def run(self) -> None:
        try:
            result = self._work(self._state)
        except BaseException as exc:  # noqa: BLE001 - every failure is handed back to the UI thread
            self._signals.failed.emit(exc)
        else:
            self._signals.done.emit(result)


class Task(QObject):
    """A running piece of work; keep it (or let the runner keep it) until it finishes."""

    finished = Signal()

    def __init__(self, state: TaskState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.result: Any = None
        self.error: BaseException | None = None
        self.is_finished = False

    def cancel(self) -> None:
        self.state.cancel()


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def run(self, work: Callable[[TaskState], Any], *, on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None, title: str | None = None,
            parent: QWidget | None = None, cancellable: bool = True, show_after_ms: int = 300) -> Task:
        if not self._running:
            # Python's cycle collector runs in whichever thread happens to allocate; if that is the worker,
            # it can finalize widgets of the UI thread there and crash Qt. So: collect now, here, and keep
            # the collector off while work runs off the UI thread (reference counting still frees memory).
            gc.collect()
            gc.disable()
        signals = _Signals()
        state = TaskState(on_progress=signals.progress.emit)
        task = Task(state, self)
        dialog = None
        if title is not None:
            dialog = QProgressDialog(title, "取消" if cancellable else "", 0, 0, parent)
            dialog.setWindowTitle(title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(show_after_ms)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            if not cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(task.cancel)
            signals.progress.connect(lambda done, total, text: _update(dialog, done, total, text))

        def finish(result: Any = None, error: BaseException | None = None) -> None:
            task.result, task.error, task.is_finished = result, error, True
            if dialog is not None:
                dialog.canceled.disconnect(task.cancel)
                dialog.close()
                dialog.deleteLater()
            self._running.discard(task)
            if not self._running:
                gc.enable()
            if error is None:
                if on_done is not None:
                    on_done(result)
            elif not isinstance(error, Cancelled) and on_error is not None:
                on_error(error)
            task.finished.emit()

        signals.done.connect(lambda result: finish(result=result))
        signals.failed.connect(lambda error: finish(error=error))
        job = _Job(work, signals, state)
        task._keep = (signals, job)  # type: ignore[attr-defined]  # alive until the job is done
        self._running.add(task)
        self._pool.start(job)
        return task

    @property
    def busy(self) -> bool:
        """Whether any work started here has not finished yet (its ``on_done`` not yet run)."""
        return bool(self._running)

    def wait_all(self, timeout_ms: int = 30000) -> bool:
        return self._pool.waitForDone(timeout_ms)


def _update(dialog: QProgressDialog, done: int, total: int, text: str) -> None:
    dialog.setMaximum(max(total, 0))
    dialog.setValue(done)
    if text:
        dialog.setLabelText(text)
