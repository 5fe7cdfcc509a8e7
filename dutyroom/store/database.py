"""Opening the data file safely, and the Store every read and write goes through.

Writes are serialised by one process-wide lock and run as ``BEGIN IMMEDIATE`` transactions through a
``Writer``; each thread reads through its own connection (WAL lets readers run beside the writer). Only
this package touches a connection: the rest of the program reads with ``rows``/``row``/``scalar`` and
writes with the Writer's ``insert``/``update``/``upsert``/``delete``.

Durability: WAL with ``synchronous = FULL``. In WAL mode NORMAL syncs the log only at checkpoints, so a
power cut can lose the last commits although the user was told they were saved; FULL syncs the log at
every commit (measured: add-entry p99 stays far inside 50 ms, tests/bench/bench_backup.py). A write that
meets another program's write lock waits ``BUSY_TIMEOUT_MS`` and then says so in Chinese.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Literal

from dutyroom.changes import ChangeSet
from dutyroom.clock import SystemClock
from dutyroom.errors import DamagedFile, StoreError
from dutyroom.private_files import create_private_file, make_private, make_private_folder
from dutyroom.store import backup, integrity
from dutyroom.store import migrations as mig
from dutyroom.store.baseline import Baseline
from dutyroom.store.chain import Journal
from dutyroom.store.failures import explain
from dutyroom.store.reading import Reads
from dutyroom.store.records import TableShape, read_shape
from dutyroom.store.transactions import immediate
from dutyroom.store.writer import Writer

SQLITE_HEADER = integrity.SQLITE_HEADER
# Long enough for another program's short write (a backup holds no write lock at all), short enough that
# the user is told within seconds instead of facing a frozen window.
BUSY_TIMEOUT_MS = 2500

Listener = Callable[[ChangeSet], None]
# Tables the store keeps for itself, written only by its own methods (never through a Writer, never
# audited or announced): the migrations applied and the digests of files kept beside the data file.
STORE_TABLES = frozenset({"schema_migration", "file_digest"})


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
        # Called before each outermost write: the background integrity check (open_store) refuses writes to
        # a file it found damaged, and makes the first write wait until it has looked.
        self.write_gate: Callable[[], None] | None = None
        self.integrity: integrity.BackgroundCheck | None = None

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
            if self.write_gate is not None:
                self.write_gate()
            try:
                with immediate(conn):
                    yield conn, True
            except sqlite3.Error as exc:
                explained = explain(exc, self.path, wait_seconds=BUSY_TIMEOUT_MS / 1000)
                if explained is None:
                    raise
                raise explained from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Writer]:
        """One serialised write transaction; nested use joins the outer transaction.

        What the writers of the outermost transaction changed is announced to listeners once it has
        committed, never for a rollback. Its audit rows are chained, with the digests of the records it
        wrote, just before it commits.
        """
        refused_in = _reads_only.get()
        if refused_in is not None:
            raise UndeclaredWrite(f"“{refused_in}”声明为只读命令，却要修改数据：未写入任何内容。")
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
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
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
    def record_file_digest(self, name: str, sha256: str, at: str) -> None:
        """Remember the SHA-256 of a file kept beside the data file (the contact index copy).

        Bookkeeping of the store, like ``schema_migration``: not a record, so no audit row, no area and no
        announcement — announcing it would make the contact index, which writes it after each rebuild,
        rebuild again. A Writer refuses the table (no area declares it); only this method writes it.
        """
        with self._begin() as (conn, _outermost):
            conn.execute("INSERT INTO file_digest(name, sha256, updated_at) VALUES (?, ?, ?) ON CONFLICT(name)"
                         " DO UPDATE SET sha256 = excluded.sha256, updated_at = excluded.updated_at",
                         (name, sha256, at))

    def file_digest(self, name: str) -> str | None:
        return self.scalar("SELECT sha256 FROM file_digest WHERE name = ?", (name,))

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


class MissingDataFile(StoreError):
    """The named data file does not exist (and opening it must not make a new one)."""


def _check_folder(folder: Path, create: bool) -> None:
    if not folder.exists():
        if not create:
            raise StoreError(f"数据文件夹不存在：{folder}\n请检查路径，或先创建该文件夹。")
        try:
            make_private_folder(folder, parents=True)
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


def damaged_file_error(path: Path, problem: str) -> DamagedFile:
    """The refusal of a damaged file, naming the newest verified copy to restore from."""
    newest = backup.newest_verified([backup.folder_for(path)], path.name)
    if newest is not None:
        position = f"，审计位置{newest.audit.label}" if newest.audit else ""
        advice = (f"最近一份校验通过的备份：{newest.path}（{newest.created_at[:16].replace('T', ' ')}{position}）。\n"
                  f"管理员可用它恢复：dutyroom restore \"{newest.path}\" --db \"{path}\" --user 管理员用户名")
    else:
        advice = f"在“{backup.folder_for(path)}”中没有找到校验通过的备份。请勿再使用该文件，并联系技术支持。"
    return DamagedFile(f"数据文件“{path}”已损坏，不能使用，未做任何改动。\n问题：{problem}\n{advice}",
                       path=path, problem=problem, newest_copy=newest)


def _inspect(path: Path, known: list[mig.Migration], full: bool) -> list[int]:
    """Applied migration numbers of an existing file, refusing files that are damaged, not ours or too new.

    Nothing is written: a refused file is left exactly as found, without ``-wal``/``-shm`` beside it.
    """
    found = integrity.inspect(path, full=full)
    if not found.is_dutyroom:
        raise StoreError(f"“{path.name}”是SQLite数据库，但不是DutyRoom数据文件，未做任何改动。")
    if not found.ok:
        raise damaged_file_error(path, found.problem)
    applied = list(found.applied)
    newest_known = known[-1].number if known else 0
    if applied and max(applied) > newest_known:
        raise StoreError(
            f"数据文件“{path.name}”由更新版本的DutyRoom创建（数据版本 {max(applied)}，"
            f"本程序最高支持 {newest_known}）。\n请升级DutyRoom后再打开，文件未做任何改动。"
        )
    return applied


def _copy_before_upgrade(path: Path, first_pending: int) -> None:
    """A verified copy under ``backups/`` before any migration runs; without it there is no upgrade."""
    folder = backup.folder_for(path)
    try:
        backup.take_copy(path, folder, "pre-upgrade", now=SystemClock().now(), label=f"before-v{first_pending:04d}")
    except backup.BackupFailed as exc:
        raise StoreError(f"升级数据文件“{path.name}”前无法先备份，因此未升级，数据文件未做任何改动。\n{exc.message}") from exc
    backup.prune_upgrade_copies(folder, path.name)


Check = Literal["full", "background"]

# Set while a command declared as only reading runs (cli/access.py): a data transaction begun then is a bug —
# the command should have been declared as writing, with an account and its password — and is refused before
# anything is written. The store's own bookkeeping (migrations, file digests, index merges) is not data.
_reads_only: ContextVar[str | None] = ContextVar("reads_only", default=None)


class UndeclaredWrite(RuntimeError):
    """A data write inside a command declared as only reading: a programming error, never a user's."""


@contextlib.contextmanager
def reads_only(what: str) -> Iterator[None]:
    """Within, ``Store.transaction`` refuses to begin (``what`` names the command in the refusal)."""
    token = _reads_only.set(what)
    try:
        yield
    finally:
        _reads_only.reset(token)


@contextlib.contextmanager
def system_writes() -> Iterator[None]:
    """Lift ``reads_only`` for the system's own writers (seeding the demo county when --demo opens it)."""
    token = _reads_only.set(None)
    try:
        yield
    finally:
        _reads_only.reset(token)


def open_store(path: Path, *, create_folder: bool = False, create: bool = True, check: Check = "full",
               migrations_dir: Path | None = None, stop_before: int | None = None) -> Store:
    """Open (creating or upgrading) the data file at ``path``.

    ``create_folder`` is for the default user data folder; an explicit ``--db`` path must already
    have its folder. ``create=False`` refuses a file that does not exist instead of making a new one.
    An existing file is checked first (``check="full"``: every page before opening; ``"background"``:
    header and vital tables now, every page in a thread that gates the first write) and a damaged one is
    refused (``DamagedFile``). A verified copy of the file is taken before any migration runs.
    New files and their folder are made owner-only.
    """
    path = Path(path)
    known = mig.available(migrations_dir)
    if not create and not path.exists():
        folder = "" if path.parent.is_dir() else f"（数据文件夹不存在：{path.parent}）"
        raise MissingDataFile(f"数据文件不存在：{path}{folder}\n请检查路径是否正确（新的数据文件只在首次启动DutyRoom时创建）。")
    _check_folder(path.parent, create_folder)
    _check_file(path)
    existed = path.exists() and path.stat().st_size > 0
    applied = _inspect(path, known, full=check == "full") if existed else []
    target = [m for m in known if stop_before is None or m.number < stop_before]
    pending = [m for m in target if m.number not in set(applied)]
    if existed and applied and pending:
        _copy_before_upgrade(path, pending[0].number)
    if not path.exists():
        try:
            create_private_file(path)
        except FileExistsError:
            pass
        except OSError as exc:
            raise explain(exc, path, outcome="未创建数据文件") or StoreError(f"无法创建数据文件“{path}”：{exc}") from exc
    make_private(path)
    try:
        conn = connect(path)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            mig.apply(conn, known, stop_before=stop_before, baseline=Baseline())
        finally:
            conn.close()
    except sqlite3.Error as exc:
        copied = "原文件已在 backups 文件夹中备份。" if existed and applied and pending else "数据文件未做改动。"
        explained = explain(exc, path, wait_seconds=BUSY_TIMEOUT_MS / 1000, outcome=copied.rstrip("。"))
        if explained is not None:
            raise explained from exc
        raise StoreError(f"升级数据文件“{path.name}”失败：{exc}。{copied}") from exc
    store = Store(path)
    if existed and check == "background":
        store.integrity = integrity.BackgroundCheck(path, lambda problem: damaged_file_error(path, problem))
        store.write_gate = store.integrity.gate
    return store
