"""The log file beside the data, and the hooks that write every uncaught exception into it.

The windowed bundle has no console: an exception escaping a slot or a thread would vanish. Installed,
every uncaught exception (``sys.excepthook``, which PySide6 also calls for an exception in a slot, and
``threading.excepthook``) is written with its traceback to ``<data folder>/logs/dutyroom.log`` (rotating,
owner-only where the platform allows) and handed to a notifier, the GUI's message box — once per burst
of errors: exceptions less than ``BURST_SECONDS`` apart are one burst, and the same traceback again
within a burst is logged as one line. Nothing here ever raises out of a hook.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from dutyroom import __version__
from dutyroom.paths import log_dir

LOG_FILE_NAME = "dutyroom.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 5
BURST_SECONDS = 60.0
LOG_FORMAT = "%(asctime)s %(levelname)s [%(threadName)s] %(name)s: %(message)s"

logger = logging.getLogger("dutyroom.crash")


@dataclass(frozen=True)
class Crash:
    """What the user is told: the exception in one line, the thread, and where the traceback is."""
    summary: str
    thread: str
    log_path: Path


Notifier = Callable[[Crash], None]


class OwnerOnlyRotatingFileHandler(RotatingFileHandler):
    """A rotating log whose files only their owner may read (0600; the folder 0700) where the platform
    has such modes; the folder is made on first use, inside a data folder that must already exist."""

    def _open(self) -> io.TextIOWrapper:
        path = Path(self.baseFilename)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0), 0o600)
        if os.name == "posix":
            os.fchmod(fd, 0o600)        # a file made earlier under another umask
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # noqa: SIM115 - the handler owns it


def _one_line(exc_type: type[BaseException], exc: BaseException | None) -> str:
    text = " ".join(str(exc).split()) if exc is not None else ""
    summary = f"{exc_type.__name__}: {text}" if text else exc_type.__name__
    return summary if len(summary) <= 300 else summary[:299] + "…"


class CrashLog:
    """The log handler and the two exception hooks, installed together and removed together."""

    def __init__(self, log_path: Path, *, burst_seconds: float = BURST_SECONDS,
                 monotonic: Callable[[], float] = time.monotonic, max_bytes: int = MAX_BYTES,
                 backup_count: int = BACKUP_COUNT) -> None:
        self.path = log_path
        self.handler = OwnerOnlyRotatingFileHandler(log_path, maxBytes=max_bytes, backupCount=backup_count,
                                                    encoding="utf-8", delay=True)
        self.handler.setFormatter(logging.Formatter(LOG_FORMAT))
        self.handler.setLevel(logging.INFO)
        self._burst_seconds = burst_seconds
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._last_at: float | None = None
        self._seen: dict[str, int] = {}
        self._notifier: Notifier | None = None
        self._previous_sys_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._installed = False

    def set_notifier(self, notifier: Notifier | None) -> None:
        self._notifier = notifier

    def install(self) -> None:
        """Attach the file to the root logger (library warnings land there too) and take over the hooks."""
        if self._installed:
            return
        self._previous_sys_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        logging.getLogger().addHandler(self.handler)
        logging.getLogger("dutyroom").setLevel(logging.INFO)
        sys.excepthook = self._sys_hook
        threading.excepthook = self._thread_hook
        self._installed = True

    def uninstall(self) -> None:
        global _active
        if _active is self:
            _active = None
        if not self._installed:
            return
        if sys.excepthook == self._sys_hook:
            sys.excepthook = self._previous_sys_hook
        if threading.excepthook == self._thread_hook:
            threading.excepthook = self._previous_thread_hook
        logging.getLogger().removeHandler(self.handler)
        self.handler.close()
        self._installed = False

    # -- the hooks -------------------------------------------------------------------------------
    def _sys_hook(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        self.report(exc_type, exc, tb, threading.current_thread().name)
        self._pass_on(self._previous_sys_hook, exc_type, exc, tb)

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:         # what the default hook ignores too
            return
        name = args.thread.name if args.thread is not None else "thread"
        self.report(args.exc_type, args.exc_value, args.exc_traceback, name)
        self._pass_on(self._previous_thread_hook, args)

    @staticmethod
    def _pass_on(hook: Callable[..., object], *args: object) -> None:
        """The previous hook prints to the console, when there is one (never in the windowed bundle)."""
        if sys.stderr is None:
            return
        with contextlib.suppress(Exception):
            hook(*args)

    def report(self, exc_type: type[BaseException], exc: BaseException | None, tb: TracebackType | None,
               thread: str = "MainThread") -> None:
        """Write the exception down and, on the first one of a burst, notify. Never raises."""
        try:
            if issubclass(exc_type, KeyboardInterrupt):
                return
            text = "".join(traceback.format_exception(exc_type, exc, tb))
            with self._lock:
                now = self._monotonic()
                new_burst = self._last_at is None or now - self._last_at >= self._burst_seconds
                self._last_at = now
                if new_burst:
                    self._seen = {}
                times = self._seen[text] = self._seen.get(text, 0) + 1
            if times == 1:
                logger.critical("Uncaught exception in thread %s\n%s", thread, text.rstrip())
            else:
                logger.error("Uncaught %s in thread %s again: %d times in this burst, traceback above",
                             exc_type.__name__, thread, times)
            self.handler.flush()
            notifier = self._notifier
            if new_burst and notifier is not None:
                notifier(Crash(_one_line(exc_type, exc), thread, self.path))
        except Exception:           # a broken notifier or an unwritable disk must not become a second crash
            with contextlib.suppress(Exception):
                logger.exception("The crash handler failed")


_active: CrashLog | None = None


def install_crash_log(db_path: Path) -> CrashLog:
    """Log every uncaught exception to ``logs/dutyroom.log`` beside the data file ``db_path``.

    Installing again (another data file) replaces the previous log and hooks.
    """
    global _active
    if _active is not None:
        _active.uninstall()
    folder = log_dir(db_path)
    _active = CrashLog(folder / LOG_FILE_NAME)
    _active.install()
    if folder.parent.is_dir():      # the data folder is made by opening the store, not by the log
        logging.getLogger("dutyroom").info("DutyRoom %s started on %s", __version__, Path(db_path).expanduser())
    return _active


def log_exception(db_path: Path, exc: BaseException, context: str) -> Path | None:
    """Write one exception with its traceback to the log beside the data file ``db_path`` (how a command line
    run reports a fault: the person sees a sentence, the log keeps the traceback). Returns the log's path,
    or None when it could not be written (the data folder is missing, the disk is full …). Never raises."""
    path = log_dir(db_path) / LOG_FILE_NAME
    try:
        if not path.parent.parent.is_dir():
            return None
        handler = OwnerOnlyRotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8",
                                               delay=True)
        try:
            handler.setFormatter(logging.Formatter(LOG_FORMAT))
            record = logging.makeLogRecord({
                "name": logger.name, "levelno": logging.CRITICAL, "levelname": "CRITICAL",
                "threadName": threading.current_thread().name, "msg": "%s failed\n%s",
                "args": (context, "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip())})
            if handler.shouldRollover(record):
                handler.doRollover()
            if handler.stream is None:
                handler.stream = handler._open()
            handler.stream.write(handler.format(record) + "\n")
            handler.stream.flush()
        finally:
            handler.close()
    except Exception:      # noqa: BLE001 - the report of a fault must not become a second one
        return None
    return path
