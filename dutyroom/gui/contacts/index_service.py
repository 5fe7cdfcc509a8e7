"""One contact search index per window, built off the UI thread and rebuilt after changes.

The contacts page and every person picker share it. It is first made shortly after login (so the
通讯录 page opens at once) — from the copy saved beside the data file when that is current — and built
again, debounced, whenever persons, phones, tags or units change.
"""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from dutyroom.changes import Area, ChangeSet
from dutyroom.contacts.index_cache import load_or_build, load_saved
from dutyroom.contacts.search import ContactIndex
from dutyroom.gui.context import AppContext

AREAS = frozenset({Area.ORG, Area.CONTACTS, Area.SETTINGS})
REBUILD_DELAY_MS = 150


class IndexService(QObject):
    ready = Signal(object)   # the new ContactIndex

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.index: ContactIndex | None = None
        self._building = False
        self._again = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REBUILD_DELAY_MS)
        self._timer.timeout.connect(self.rebuild)
        ctx.events.changed.connect(self._on_changed)

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(AREAS):
            self._timer.start()

    def ensure(self) -> ContactIndex | None:
        """The current index; starts a build when there is none yet.

        A current saved copy is loaded at once on the calling thread (tens of milliseconds, less than handing
        the work to a thread and back); only a real build goes to the background.
        """
        if self.index is None and not self._building:
            saved = load_saved(self.ctx.store, self.ctx.session.now().date())
            if saved is not None:
                self._done(saved)
                return saved
            self.rebuild()
        elif self.index is not None and self.index.today != self.ctx.session.now().date():
            self.rebuild()   # a new day: away and staleness marks move on
        return self.index

    def warm(self) -> None:
        """Make the index in the background (from the saved copy when current) unless it exists or is coming."""
        if self.index is None and not self._building:
            self.rebuild()

    def build_now(self) -> ContactIndex:
        """Build on the calling thread (tests, and a page opened before the first build finished)."""
        self.index = load_or_build(self.ctx.store, self.ctx.session.now().date())
        self.ready.emit(self.index)
        return self.index

    def rebuild(self) -> None:
        if self._building:
            self._again = True
            return
        self._building = True
        store, today = self.ctx.store, self.ctx.session.now().date()
        self.ctx.tasks.run(lambda _state: load_or_build(store, today), on_done=self._done,
                           on_error=self._failed)

    def _done(self, index: Any) -> None:
        if not shiboken6.isValid(self):
            return      # the window (and this service with it) closed while the index was being built
        self._building = False
        self.index = index
        self.ready.emit(index)
        # The list can show now; text search structures follow in the background once the page has painted
        # (or on the first search, whichever comes first).
        QTimer.singleShot(250, self, lambda: self.ctx.tasks.run(lambda _state: index.prepare()))
        if self._again:
            self._again = False
            self.rebuild()

    def _failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._building = False
        if self._again:
            self._again = False
            self.rebuild()


def index_service(ctx: AppContext, owner: QObject | None = None) -> IndexService:
    """The window's shared index service (created on first use, owned by ``owner`` if given)."""
    service = ctx.__dict__.get("_contacts_index")
    if service is None:
        service = IndexService(ctx)
        ctx.__dict__["_contacts_index"] = service
    if owner is not None and service.parent() is None:
        service.setParent(owner)
    return service


def warm_up(ctx: AppContext, window: QObject, delay_ms: int = 1500) -> None:
    """Create the window's index service and build the index once the first screen has painted."""
    service = index_service(ctx, window)
    QTimer.singleShot(delay_ms, service, service.warm)
