"""What every page gets: the acting session, change events, the background runner, UI state."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings

from dutyroom.gui.events import StoreEvents
from dutyroom.gui.kit.tasks import TaskRunner
from dutyroom.session import Session


@dataclass
class AppContext:
    session: Session
    events: StoreEvents
    tasks: TaskRunner
    ui_state: QSettings
    demo: bool = False

    @property
    def store(self):  # noqa: ANN201 - Store; kept short for the many call sites
        return self.session.store
