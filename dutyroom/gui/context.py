"""What every page gets: the acting session, change events, the background runner, UI state, and the one
way to go to another page (``navigate``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from dutyroom.gui.events import StoreEvents
from dutyroom.gui.kit.tasks import TaskRunner
from dutyroom.session import Session
from dutyroom.store import Store


class Navigator(QObject):
    """Cross-area navigation: a widget asks for a page by its navigation key and says what to show there;
    the main window shows the page and hands it the target (``Page.go_to``). Pages never import each other."""

    requested = Signal(str, object)   # page key, dict of what to show on it (e.g. {"incident_id": 7})


@dataclass
class AppContext:
    session: Session
    events: StoreEvents
    tasks: TaskRunner
    ui_state: QSettings
    demo: bool = False
    backups: Any = None         # the open data file's BackupKeeper (gui.backup.keeper), when the app runs one
    navigator: Navigator = field(default_factory=Navigator)

    @property
    def store(self) -> Store:      # kept short for the many call sites
        return self.session.store

    def navigate(self, key: str, **target: Any) -> None:
        """Show the page ``key`` (a key of ``gui.navigation.PAGES``) and on it ``target``; nothing happens when
        the user may not see that page."""
        self.navigator.requested.emit(key, target)
