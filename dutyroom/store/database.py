"""Opening the data file safely, and the Store every read and write goes through.

Writes are serialised by one process-wide lock and run as ``BEGIN IMMEDIATE`` transactions through a
``Writer``; each thread reads through its own connection (WAL lets readers run beside the writer). Only
this package touches a connection: the rest of the program reads with ``rows``/``row``/``scalar`` and
writes with the Writer's ``insert``/``update``/``upsert``/``delete``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from dutyroom.changes import ChangeSet
from dutyroom.clock import SystemClock
from dutyroom.errors import StoreError
from dutyroom.store import migrations as mig
from dutyroom.store.baseline import Baseline
from dutyroom.store.chain import Journal
from dutyroom.store.reading import Reads
from dutyroom.store.records import TableShape, read_shape
from dutyroom.store.writer import Writer

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000

Listener = Callable[[ChangeSet], None]


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    else:
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False,
                               timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not read_only:
        conn.execute("PRAGMA synchronous = FULL")
    return conn


class Store(Reads):
    """A migrated DutyRoom database."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._write_lock = threading.RLock()
        self._listeners: list[Listener] = []
        self._shapes: dict[str, TableShape] = {}
        self._closed = False

    # -- connections -------------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        """This thread's connection."""
        conn = getattr(self._local, "conn", None)
        if conn is None:
            if self._closed:
                raise StoreError("数据文件已关闭。")
            conn = connect(self.path)
            self._local.conn = conn
            with self._connections_lock:
                self._connections.append(conn)
        return conn

    def close(self) -> None:
        self._closed = True
        with self._connections_lock:
            for conn in self._connections:
                with contextlib.suppress(sqlite3.Error):
                    conn.close()
            self._connections.clear()
        self._local = threading.local()

    # -- writes --------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _begin(self) -> Iterator[tuple[sqlite3.Connection, bool]]:
        """The serialised write transaction (connection, outermost?); nested use joins the outer one."""
        with self._write_lock:
            conn = self._db()
            if conn.in_transaction:
                yield conn, False
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn, True
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Writer]:
        """One serialised write transaction; nested use joins the outer transaction.

        What the writers of the outermost transaction changed is announced to listeners once it has
        committed, never for a rollback. Its audit rows are chained, with the digests of the records it
        wrote, just before it commits.
        """
        with self._begin() as (conn, outermost):
            if outermost:
                self._local.pending = set()
                self._local.journal = Journal()
            pending: set[str] = self._local.pending
            journal: Journal = self._local.journal
            try:
                yield Writer(conn, pending, self.shape, journal)
                if outermost:
                    journal.seal(conn, self.shape)
            finally:
                if outermost:
                    self._local.pending = set()
                    self._local.journal = Journal()
        if outermost and pending:
            self.notify(ChangeSet.of(pending))

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """A read transaction: every read inside sees the same state of the file (joins an open one)."""
        conn = self._db()
        if conn.in_transaction:
            yield
            return
        conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    # -- change events -------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def notify(self, changes: ChangeSet) -> None:
        for listener in list(self._listeners):
            listener(changes)

    # -- housekeeping --------------------------------------------------------------------------
    def merge_fts(self, table: str, pages: int) -> int:
        """One short round of FTS5 segment merging; returns the rows SQLite touched (under 2: nothing left).

        Not a change of data, so nothing is announced and nothing is audited.
        """
        with self._begin() as (conn, _outermost):
            before = conn.total_changes
            conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', ?)", (pages,))
            return conn.total_changes - before

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the data file (before copying the file elsewhere)."""
        self._db().execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def copy_to(self, target: Path) -> None:
        """A consistent copy of the whole file at ``target`` (SQLite's online backup)."""
        dest = sqlite3.connect(str(target))
        try:
            self._db().backup(dest)
        finally:
            dest.close()

    # -- facts ---------------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self.scalar("SELECT COALESCE(MAX(number), 0) FROM schema_migration"))

    @property
    def total_changes(self) -> int:
        """Rows this thread's connection has changed since it opened (tests prove a no-op wrote nothing)."""
        return self._db().total_changes

    def shape(self, table: str) -> TableShape:
        """The table's columns and primary key (read once)."""
        found = self._shapes.get(table)
        if found is None:
            try:
                found = read_shape(self._db().execute, table)
            except RuntimeError as exc:
                raise StoreError(f"数据文件中的表“{table}”不可用：{exc}") from exc
            self._shapes[table] = found
        return found

    def columns(self, table: str) -> tuple[str, ...]:
        return self.shape(table).columns


def _check_folder(folder: Path, create: bool) -> None:
    if not folder.exists():
        if not create:
            raise StoreError(f"数据文件夹不存在：{folder}\n请检查路径，或先创建该文件夹。")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"无法创建数据文件夹：{folder}\n（{exc.strerror or exc}）") from exc
    if not folder.is_dir():
        raise StoreError(f"数据文件夹路径不是文件夹：{folder}")
    probe = folder / f".dutyroom-write-test-{uuid.uuid4().hex}"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StoreError(
            f"数据文件夹只读或无写入权限：{folder}\n"
            "DutyRoom需要在该文件夹中保存数据和日志文件，请更换位置或联系管理员开放写入权限。"
        ) from exc


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"“{path}”是一个文件夹，不是数据文件。")
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise StoreError(f"“{path.name}”不是DutyRoom数据文件（不是SQLite数据库），未做任何改动。")
    if not os.access(path, os.W_OK):
        raise StoreError(f"数据文件“{path.name}”为只读，无法保存数据。")


def _inspect(path: Path, known: list[mig.Migration]) -> list[int]:
    """Applied migration numbers of an existing file, refusing files that are not ours or too new."""
    try:
        conn = connect(path, read_only=True)
    except sqlite3.Error as exc:
        raise StoreError(f"无法打开数据文件“{path.name}”：{exc}") from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and "schema_migration" not in tables:
            raise StoreError(f"“{path.name}”是SQLite数据库，但不是DutyRoom数据文件，未做任何改动。")
        applied = mig.applied_numbers(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"“{path.name}”已损坏或不是DutyRoom数据文件：{exc}") from exc
    finally:
        conn.close()
    newest_known = known[-1].number if known else 0
    if applied and max(applied) > newest_known:
        raise StoreError(
            f"数据文件“{path.name}”由更新版本的DutyRoom创建（数据版本 {max(applied)}，"
            f"本程序最高支持 {newest_known}）。\n请升级DutyRoom后再打开，文件未做任何改动。"
        )
    return applied


def backup_copy(path: Path, label: str) -> Path:
    """A consistent copy of the database next to it, under ``backups/``."""
    folder = path.parent / "backups"
    folder.mkdir(exist_ok=True)
    stamp = SystemClock().now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}-{label}-{stamp}.sqlite3"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"{path.stem}-{label}-{stamp}-{counter}.sqlite3"
    source = connect(path, read_only=True)
    try:
        dest = sqlite3.connect(str(target))
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    return target


def open_store(path: Path, *, create_folder: bool = False, migrations_dir: Path | None = None,
               stop_before: int | None = None) -> Store:
    """Open (creating or upgrading) the data file at ``path``.

    ``create_folder`` is for the default user data folder; an explicit ``--db`` path must already
    have its folder. A copy of the file is taken before any migration runs on existing data.
    """
    path = Path(path)
    known = mig.available(migrations_dir)
    _check_folder(path.parent, create_folder)
    _check_file(path)
    existed = path.exists() and path.stat().st_size > 0
    applied = _inspect(path, known) if existed else []
    target = [m for m in known if stop_before is None or m.number < stop_before]
    pending = [m for m in target if m.number not in set(applied)]
    if existed and applied and pending:
        backup_copy(path, f"before-v{pending[0].number:04d}")
    try:
        conn = connect(path)
        conn.execute("PRAGMA journal_mode = WAL")
        mig.apply(conn, known, stop_before=stop_before, baseline=Baseline())
        conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"升级数据文件“{path.name}”失败：{exc}。原文件已在 backups 文件夹中备份。") from exc
    return Store(path)
