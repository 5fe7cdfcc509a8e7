"""Is the data file whole? Checked on every open, without changing the file it looks at.

Three layers, cheapest first:

1. **Header** (microseconds): the 100-byte SQLite header — magic, page size, the page count against the
   file's length, the free-list pointers. Catches a garbage header and a truncated file.
2. **Structure** (a few milliseconds): the schema is read and the small tables every start depends on
   (migrations, accounts, settings, the audit head) pass ``PRAGMA quick_check(table)``.
3. **Every page** (``PRAGMA quick_check``: O(file size), ~130–200 ms at 200,000 log entries): every b-tree
   page, cell and free-list page. Catches a flipped byte anywhere.

The command line runs all three before it opens the file: a damaged file makes it exit 2. The GUI runs
layers 1–2 before it opens the file (within the 100 ms budget) and layer 3 in a background thread
(`BackgroundCheck`); the store's first write waits for that thread and is refused if it found damage, so
a damaged file is never written to, while the login dialog is never held up by a big file.

Looking never leaves a trace: a file without ``-wal``/``-shm`` beside it is opened ``immutable`` (SQLite
creates nothing), otherwise read-only, and any side file the look created is removed again.
"""

from __future__ import annotations

import contextlib
import sqlite3
import struct
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dutyroom.store.failures import primary_code
from dutyroom.store.reading import Reads

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
# The small tables that every start reads: checked page by page even in the quick layer.
VITAL_TABLES = ("schema_migration", "account", "account_role", "setting", "audit_head", "login_state")
MAX_PROBLEM_LINES = 3


@dataclass(frozen=True)
class Inspection:
    """What a look at a file found. ``problem`` is empty when it is whole (as far as the look went)."""

    problem: str = ""
    tables: frozenset[str] = frozenset()
    applied: tuple[int, ...] = ()
    full: bool = False
    seconds: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problem

    @property
    def is_dutyroom(self) -> bool:
        return not self.tables or "schema_migration" in self.tables


def side_files(path: Path) -> tuple[Path, Path]:
    return path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")


def header_problem(path: Path) -> str:
    """The first thing wrong with the file's header and length, or '' (reads 100 bytes)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as exc:
        return f"无法读取文件（{exc.strerror or exc}）"
    if len(header) < HEADER_SIZE or not header.startswith(SQLITE_HEADER):
        return "文件头不是SQLite数据库"
    raw_page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if raw_page_size == 1 else raw_page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"文件头中的页大小无效（{raw_page_size}）"
    if header[18] not in (1, 2) or header[19] not in (1, 2):
        return "文件头中的读写版本无效"
    if header[21:24] != b"\x40\x20\x20":
        return "文件头中的负载比例无效"
    if size % page_size:
        return f"文件长度（{size} 字节）不是页大小（{page_size}）的整数倍，文件被截断或损坏"
    pages_in_file = size // page_size
    change_counter, header_pages = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    if change_counter == valid_for and header_pages > pages_in_file:
        return f"文件应有 {header_pages} 页，实际只有 {pages_in_file} 页，文件被截断"
    logical_pages = header_pages if change_counter == valid_for and header_pages else pages_in_file
    trunk, free_pages = struct.unpack(">II", header[32:40])
    if trunk > logical_pages or free_pages > logical_pages:
        return "文件头中的空闲页记录超出文件范围"
    schema_format = struct.unpack(">I", header[44:48])[0]
    encoding = struct.unpack(">I", header[56:60])[0]
    if schema_format not in (0, 1, 2, 3, 4) or encoding not in (0, 1, 2, 3):
        return "文件头中的格式或编码无效"
    return ""


@contextlib.contextmanager
def read_only(path: Path, *, timeout: float = 2.5) -> Iterator[sqlite3.Connection]:
    """A read-only connection that leaves ``path`` and its folder exactly as found.

    Without ``-wal`` and ``-shm`` beside it nobody has the file open in WAL mode: ``immutable=1`` opens it
    without creating either. Otherwise (a running app, or a crash's ``-wal``) it is opened read-only so
    that the ``-wal`` is read too, and a side file this connection had to create is removed afterwards.
    """
    path = Path(path)
    wal, shm = side_files(path)
    had = {wal: wal.exists(), shm: shm.exists()}
    query = "mode=ro" if any(had.values()) else "mode=ro&immutable=1"
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, isolation_level=None,
                           check_same_thread=False, timeout=timeout)
    try:
        yield conn
    finally:
        conn.close()
        for side, existed in had.items():
            if not existed and side.exists() and (side is shm or side.stat().st_size == 0):
                with contextlib.suppress(OSError):
                    side.unlink()


class FileReader(Reads):
    """The store's reads (``rows``/``row``/``scalar``/``iterate``…) on a file that is not the open store: a
    copy being checked or restored from, a data file being compared with one."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def _db(self) -> sqlite3.Connection:
        return self._conn


@contextlib.contextmanager
def reading(path: Path, *, timeout: float = 2.5) -> Iterator[FileReader]:
    """A ``FileReader`` on ``path`` inside one read transaction (one state of the file), leaving the file
    exactly as found (see ``read_only``). SQLite's errors (``sqlite3.Error``) pass through."""
    with read_only(path, timeout=timeout) as conn:
        conn.row_factory = sqlite3.Row
        conn.execute("BEGIN")
        try:
            yield FileReader(conn)
        finally:
            if conn.in_transaction:
                conn.execute("ROLLBACK")


def _check_rows(rows: list[tuple]) -> str:
    lines = [str(r[0]) for r in rows]
    if lines == ["ok"]:
        return ""
    shown = "；".join(lines[:MAX_PROBLEM_LINES])
    more = f"（共 {len(lines)} 处）" if len(lines) > MAX_PROBLEM_LINES else ""
    return f"完整性检查未通过：{shown}{more}"


def _database_problem(exc: sqlite3.Error) -> str:
    if primary_code(exc) in (11, 26):
        return f"数据库结构已损坏（{exc}）"
    return f"无法读取数据文件（{exc}）"


def structure(conn: sqlite3.Connection, *, full: bool) -> Inspection:
    """Layers 2 (and 3 with ``full``) on an open connection, inside one read transaction."""
    started = time.perf_counter()
    tables: frozenset[str] = frozenset()
    applied: tuple[int, ...] = ()
    try:
        conn.execute("BEGIN")
        try:
            tables = frozenset(r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
            if "schema_migration" in tables:
                applied = tuple(r[0] for r in conn.execute("SELECT number FROM schema_migration ORDER BY number"))
            if full:
                problem = _check_rows(conn.execute("PRAGMA quick_check").fetchall())
            else:
                problem = ""
                for table in VITAL_TABLES:
                    if table in tables:
                        problem = _check_rows(conn.execute(f"PRAGMA quick_check({table})").fetchall())
                        if problem:
                            break
        finally:
            conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        problem = _database_problem(exc)
    return Inspection(problem, tables, applied, full, time.perf_counter() - started)


def inspect(path: Path, *, full: bool = True) -> Inspection:
    """Check the file at ``path`` without changing it: header, structure and (``full``) every page."""
    started = time.perf_counter()
    problem = header_problem(path)
    if problem:
        return Inspection(problem, full=full, seconds=time.perf_counter() - started)
    try:
        with read_only(path) as conn:
            found = structure(conn, full=full)
    except sqlite3.Error as exc:
        found = Inspection(_database_problem(exc), full=full)
    return Inspection(found.problem, found.tables, found.applied, full, time.perf_counter() - started)


def integrity_check(conn: sqlite3.Connection) -> str:
    """``PRAGMA integrity_check`` (also index contents, CHECK and NOT NULL): the test a copy must pass."""
    try:
        return _check_rows(conn.execute("PRAGMA integrity_check").fetchall())
    except sqlite3.Error as exc:
        return _database_problem(exc)


class BackgroundCheck:
    """Layer 3 on its own thread and connection; ``gate`` blocks the first write until it is done.

    ``refuse(problem)`` makes the exception a write raises once damage was found.
    """

    def __init__(self, path: Path, refuse: Callable[[str], Exception]) -> None:
        self.path = Path(path)
        self._refuse = refuse
        self._done = threading.Event()
        self._result: Inspection | None = None
        self._callbacks: list[Callable[[Inspection], None]] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="dutyroom-integrity-check", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                                   check_same_thread=False, timeout=30)
            try:
                found = structure(conn, full=True)
            finally:
                conn.close()
        except sqlite3.Error as exc:
            found = Inspection(_database_problem(exc), full=True)
        result = Inspection(found.problem, found.tables, found.applied, True, time.perf_counter() - started)
        with self._lock:
            self._result = result
            callbacks = list(self._callbacks)
        self._done.set()
        for callback in callbacks:
            callback(result)

    def add_done_callback(self, callback: Callable[[Inspection], None]) -> None:
        """``callback(result)`` once the check is done (at once when it already is); runs on that thread."""
        with self._lock:
            if self._result is None:
                self._callbacks.append(callback)
                return
            result = self._result
        callback(result)

    def wait(self, timeout: float | None = None) -> Inspection | None:
        self._done.wait(timeout)
        return self._result

    def gate(self) -> None:
        """Called before every write: waits for the check, raises when the file is damaged."""
        result = self.wait()
        if result is not None and not result.ok:
            raise self._refuse(result.problem)
