"""The backups of the open data file while the window runs: automatic copies (the daily time, after each
accepted handover), 立即备份 on request, the today board's warnings, and the background integrity check's
verdict brought to the UI thread.

Every copy is made by a child process (``dutyroom.backup.process``) waited on by a worker thread, so the
window's thread never waits for a copy, and the copy's checks never compete with the window for the
interpreter. What the workers find comes back through Qt signals, on the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from dutyroom.backup import service
from dutyroom.backup.process import make_in_child
from dutyroom.backup.service import BackupResult, BackupScheduler, Maker
from dutyroom.changes import Area, ChangeSet
from dutyroom.clock import Clock
from dutyroom.gui.events import StoreEvents
from dutyroom.gui.kit.tasks import TaskRunner
from dutyroom.session import Session
from dutyroom.store import Store
from dutyroom.store.integrity import Inspection
from dutyroom.tasks import TaskState

CHECK_EVERY_MS = 60_000          # is a copy due? (the daily time, a handover accepted, a retry after a failure)
AFTER_HANDOVER_MS = 5_000        # a handover was accepted: its copy starts soon, never while accepting
FIRST_CHECK_MS = 20_000          # after login: the start-up's own work first
STEPS = 4                        # the child's steps: check the file, copy, check the copy, second place


class BackupKeeper(QObject):
    copies_changed = Signal()                 # a copy was made (the 数据备份 list is stale)
    warnings_changed = Signal(list)           # the today board's backup warnings
    damaged = Signal(str)                     # the background integrity check found the data file damaged
    restore_requested = Signal(object)        # an accepted RestoreDialog: the app replaces the data file
    _checked = Signal(object)                 # the integrity check's result, from its thread

    def __init__(self, store: Store, clock: Clock, tasks: TaskRunner, events: StoreEvents, *,
                 automatic: bool = True, make: Maker = make_in_child) -> None:
        super().__init__()
        self.store, self.clock, self.tasks = store, clock, tasks
        self.make = make
        self.scheduler = BackupScheduler(store, clock, make)
        self.warnings: list[str] = []
        self.running = False
        self._automatic = automatic
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._watching = False
        events.changed.connect(self._on_changed)
        self._checked.connect(self._on_checked)

    # -- the schedule -----------------------------------------------------------------------------
    def start(self) -> None:
        """After login: the integrity check's verdict watched (``damaged``), the warnings now, the first
        automatic check a little later, then every minute."""
        if not self._watching and self.store.integrity is not None:
            self._watching = True
            self.store.integrity.add_done_callback(self._checked.emit)   # runs on the check's thread
        self.update_warnings()
        if self._automatic and not self._timer.isActive():
            self._timer.start(CHECK_EVERY_MS)
            QTimer.singleShot(FIRST_CHECK_MS, self, self.tick)

    def stop(self) -> None:
        self._automatic = False
        self._timer.stop()

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches({Area.HANDOVER}) and self._automatic:
            QTimer.singleShot(AFTER_HANDOVER_MS, self, self.tick)
        elif changes.touches({Area.SETTINGS}):
            self.update_warnings()

    def tick(self) -> None:
        """Make the automatic copy that is due, if any (off the UI thread), then renew the warnings."""
        if self.running or not self._automatic:
            return
        self.running = True
        scheduler = self.scheduler

        def work(_state: TaskState) -> tuple[BackupResult | None, list[str]]:
            made = scheduler.run_if_due()
            return made, self._read_warnings()

        self.tasks.run(work, on_done=self._after_automatic, on_error=self._after_error)

    def _after_automatic(self, outcome: tuple[BackupResult | None, list[str]]) -> None:
        self.running = False
        made, warnings = outcome
        if made is not None:
            self.copies_changed.emit()
        self._set_warnings(warnings)

    def _after_error(self, _error: BaseException) -> None:
        self.running = False

    # -- by hand ----------------------------------------------------------------------------------
    def backup_now(self, session: Session, parent: QWidget | None, on_done: Callable[[BackupResult], None],
                   on_error: Callable[[BaseException], None]) -> bool:
        """立即备份 with a progress window that never blocks the UI; False when a copy is being made already."""
        if self.running:
            return False
        session.require("backup.manage")
        self.running = True
        make = self.make

        def work(state: TaskState) -> BackupResult:
            steps = iter(range(1, STEPS + 1))
            state.progress(0, STEPS, "正在启动备份…")
            return service.backup_now(session, make=make,
                                      stage=lambda text: state.progress(next(steps, STEPS), STEPS, text))

        def done(result: BackupResult) -> None:
            self._after_manual()
            on_done(result)

        def failed(error: BaseException) -> None:
            self._after_manual()
            on_error(error)

        self.tasks.run(work, on_done=done, on_error=failed, title="正在备份数据文件", parent=parent,
                       cancellable=False, show_after_ms=0)
        return True

    def _after_manual(self) -> None:
        self.running = False
        self.copies_changed.emit()
        self.update_warnings()

    # -- warnings and integrity -------------------------------------------------------------------
    def _read_warnings(self) -> list[str]:
        return service.board_warnings(self.store, self.clock.now(), self.scheduler)

    def update_warnings(self) -> None:
        """Renew the today board's warnings off the UI thread (a share that is down can take seconds to say so)."""
        self.tasks.run(lambda _state: self._read_warnings(), on_done=self._set_warnings)

    def _set_warnings(self, warnings: list[str]) -> None:
        if warnings != self.warnings:
            self.warnings = list(warnings)
            self.warnings_changed.emit(self.warnings)

    def _on_checked(self, result: Any) -> None:
        if isinstance(result, Inspection) and not result.ok:
            self.stop()
            self.damaged.emit(result.problem)
