"""Verified copies of the data file, and the catalogue that travels with them.

A copy is taken online with SQLite's backup API in one step (one read transaction: a consistent state
of the file while the app keeps writing; never a file copy of a live database) into ``NAME.partial``,
switched to a rollback journal (so that reading a copy never creates ``-wal``/``-shm``), flushed to
disk, then checked — ``PRAGMA integrity_check`` and the whole audit chain — and only then given its
name and its manifest. A failure removes the partial file: a copy either exists whole and checked, or
not at all.

**The catalogue is the folder.** Beside every copy ``X.sqlite3`` lies ``X.sqlite3.json``, its manifest:
when, from which data file, why (kind), size, SHA-256, what the check found and the audit position
(序号 + hash) the copy holds. Listing the copies reads these small files. The catalogue is not kept in
the database because restoring replaces the database: the list must survive that, must describe copies
on a USB stick that is moved to another PC, and must not depend on the file that may be the damaged one.
A copy without a manifest (left by an older version or put there by hand) is listed as not verified.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dutyroom import __version__
from dutyroom.clock import iso, parse_iso, to_cst
from dutyroom.errors import StoreBusy, StoreError
from dutyroom.private_files import create_private_file, make_private_folder, sync_folder, write_private_bytes
from dutyroom.store.chain import Journal, keeps_digests
from dutyroom.store.failures import explain
from dutyroom.store.integrity import header_problem, integrity_check, read_only, reading, side_files
from dutyroom.store.reading import Reader
from dutyroom.store.records import TableShape, read_shape
from dutyroom.store.transactions import immediate
from dutyroom.store.writer import Writer

COPY_SUFFIX = ".sqlite3"
MANIFEST_SUFFIX = ".json"
PARTIAL_SUFFIX = ".partial"
FOLDER_NAME = "backups"
MANIFEST_FORMAT = 1
KIND_LABELS = {
    "manual": "手动备份",
    "daily": "每日自动备份",
    "handover": "交接班后自动备份",
    "pre-restore": "恢复前备份",
    "pre-upgrade": "升级前备份",
    "damaged": "损坏文件原样保存",
    "unknown": "来源不明",
}
AUTOMATIC_KINDS = frozenset({"daily", "handover"})
UPGRADE_COPIES_KEPT = 3
_CHUNK = 1024 * 1024


# What a copy is doing, for a progress line: ``stage(text)`` is called as each step begins.
Stage = Callable[[str], None]
COPYING = "正在复制数据文件（在线备份）…"
CHECKING = "正在校验副本（完整性检查和审计链）…"
MIRRORING = "正在复制到第二备份位置…"


def _silent(_text: str) -> None:
    """No one is watching the progress."""


class BackupFailed(StoreError):
    """A copy could not be made or did not pass its check; nothing was kept of it."""


@dataclass(frozen=True)
class AuditPosition:
    seq: int
    hash: str

    @property
    def label(self) -> str:
        return f"第 {self.seq} 条（{self.hash[:12]}）"


@dataclass(frozen=True)
class Copy:
    """One copy as its manifest describes it (``verified`` is what the check found when it was made)."""

    path: Path
    created_at: str
    bytes: int
    kind: str
    source: str
    verified: bool
    audit: AuditPosition | None = None
    schema_version: int = 0
    sha256: str = ""
    problem: str = ""
    seconds: float = 0.0
    app_version: str = ""
    has_manifest: bool = True

    @property
    def manifest_path(self) -> Path:
        return manifest_path(self.path)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def created(self) -> datetime:
        return parse_iso(self.created_at)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path), "created_at": self.created_at, "bytes": self.bytes, "verified": self.verified,
            "audit": asdict(self.audit) if self.audit else None, "kind": self.kind, "kind_label": self.kind_label,
            "source": self.source, "schema_version": self.schema_version, "sha256": self.sha256,
            "problem": self.problem, "seconds": round(self.seconds, 3), "app_version": self.app_version,
        }


@dataclass(frozen=True)
class CopyCheck:
    """What checking a copy found: ``problem`` is about the file (unusable), ``audit_problem`` about the chain."""

    problem: str
    audit_problem: str = ""
    audit: AuditPosition | None = None
    audit_count: int = 0
    schema_version: int = 0

    @property
    def ok(self) -> bool:
        return not self.problem and not self.audit_problem

    @property
    def summary(self) -> str:
        return self.problem or self.audit_problem or "完整性检查和审计链校验均通过"


def folder_for(db_path: Path) -> Path:
    """Where the copies of a data file live: ``backups/`` beside it (also its pre-upgrade copies)."""
    return Path(db_path).expanduser().parent / FOLDER_NAME


def manifest_path(copy_path: Path) -> Path:
    return copy_path.with_name(copy_path.name + MANIFEST_SUFFIX)


def _stamp(moment: datetime) -> str:
    return to_cst(moment).strftime("%Y%m%d-%H%M%S")


def _free_name(folder: Path, stem: str, kind: str, moment: datetime) -> Path:
    base = f"{stem}-{_stamp(moment)}-{kind}"
    target, counter = folder / f"{base}{COPY_SUFFIX}", 1
    while target.exists() or manifest_path(target).exists() or target.with_name(target.name + PARTIAL_SUFFIX).exists():
        counter += 1
        target = folder / f"{base}-{counter}{COPY_SUFFIX}"
    return target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_file_durably(source: Path, dest: Path) -> None:
    """``source`` into the new owner-only file ``dest``, flushed to disk (for files no one writes)."""
    create_private_file(dest)
    with source.open("rb") as src, dest.open("r+b") as out:
        shutil.copyfileobj(src, out, _CHUNK)
        out.flush()
        os.fsync(out.fileno())


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def audit_position(reader: Reader) -> AuditPosition | None:
    """The newest link of the audit chain a file holds (序号 + hash); None when it cannot be read."""
    try:
        head = reader.row("SELECT last_id, last_hash FROM audit_head WHERE singleton = 1")
    except sqlite3.Error:
        return None
    return AuditPosition(int(head[0]), str(head[1])) if head else AuditPosition(0, "0" * 64)


def check_chain(reader: Reader) -> CopyCheck:
    """The whole audit chain and the facts a copy is listed with, read from a copy (``integrity.reading``)."""
    from dutyroom import audit

    try:
        version = int(reader.scalar("SELECT COALESCE(MAX(number), 0) FROM schema_migration"))
        chain = audit.verify(reader, quick=True, kept=False)   # the copy is whole; what it says is for verify
    except sqlite3.Error as exc:
        return CopyCheck(f"不是DutyRoom数据文件或无法读取（{exc}）")
    return CopyCheck("", "" if chain.ok else chain.message(), audit_position(reader), chain.count, version)


def _pages_problem(path: Path) -> str:
    try:
        with read_only(path) as conn:
            return integrity_check(conn)
    except sqlite3.Error as exc:
        return f"无法读取（{exc}）"


def check_file(path: Path) -> CopyCheck:
    """Check a copy (or any data file) without changing it: ``integrity_check`` and the audit chain.

    The two run side by side (SQLite's check releases the GIL, the chain walk is Python): at 200,000 audit
    rows that is the difference between 4 and 3 seconds.
    """
    problem = header_problem(path)
    if problem:
        return CopyCheck(problem)
    with ThreadPoolExecutor(1, thread_name_prefix="dutyroom-integrity") as pool:
        pages = pool.submit(_pages_problem, path)
        try:
            with reading(path) as reader:
                chain = check_chain(reader)
        except sqlite3.Error as exc:
            chain = CopyCheck(f"无法读取（{exc}）")
        problem = pages.result()
    return CopyCheck(problem) if problem else chain


def _manifest_json(copy: Copy) -> bytes:
    data = copy.as_json()
    data.pop("path")
    data["file"] = copy.path.name
    data["format"] = MANIFEST_FORMAT
    data["sqlite_version"] = sqlite3.sqlite_version
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def read_manifest(copy_path: Path) -> Copy | None:
    try:
        data = json.loads(manifest_path(copy_path).read_text(encoding="utf-8"))
        audit = data.get("audit")
        return Copy(copy_path, str(data["created_at"]), int(data["bytes"]), str(data["kind"]), str(data["source"]),
                    bool(data["verified"]), AuditPosition(int(audit["seq"]), str(audit["hash"])) if audit else None,
                    int(data.get("schema_version") or 0), str(data.get("sha256") or ""), str(data.get("problem") or ""),
                    float(data.get("seconds") or 0), str(data.get("app_version") or ""))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remove(*paths: Path) -> None:
    for path in paths:
        with contextlib.suppress(OSError):
            path.unlink()


def _remove_partial(partial: Path, *others: Path) -> None:
    """The partial copy with whatever SQLite left beside it (a disk full mid-copy leaves its -journal)."""
    _remove(partial, partial.with_name(partial.name + "-journal"), *side_files(partial), *others)


def _failure(exc: BaseException, target: Path, what: str) -> StoreError:
    explained = explain(exc, target, outcome=f"{what}未完成，未留下不完整的副本，数据文件未受影响")
    if explained is not None:
        return BackupFailed(explained.message)
    return BackupFailed(f"{what}失败（{exc}）：未留下不完整的副本，数据文件未受影响。")


def take_copy(db_path: Path, folder: Path, kind: str, *, now: datetime, require_audit: bool = False,
              label: str = "", stage: Stage | None = None) -> Copy:
    """An online, checked copy of ``db_path`` in ``folder``; raises ``BackupFailed`` and leaves nothing.

    A copy whose pages are whole but whose audit chain is broken is kept (it is evidence) and marked not
    verified; with ``require_audit`` it is refused like a damaged one. ``label`` replaces the kind in the name.
    ``stage(text)`` is told when copying and when checking begin (for a progress line).
    """
    stage = stage or _silent
    db_path = Path(db_path)
    started = time.perf_counter()
    try:
        make_private_folder(folder)
    except OSError as exc:
        raise _failure(exc, folder, "备份") from exc
    target = _free_name(folder, db_path.stem, label or kind, now)
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        create_private_file(partial)
        stage(COPYING)
        with read_only(db_path, timeout=10) as source:
            dest = sqlite3.connect(str(partial), isolation_level=None)
            try:
                source.backup(dest)            # every page in one step: one consistent state of the file
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        _fsync_file(partial)
        stage(CHECKING)
        with ThreadPoolExecutor(1, thread_name_prefix="dutyroom-digest") as pool:
            digesting = pool.submit(_sha256, partial)       # hashlib releases the GIL: beside the checks
            found = check_file(partial)
            digest = digesting.result()
        if found.problem or (require_audit and found.audit_problem):
            raise BackupFailed(f"备份副本未通过校验：{found.summary}。副本已删除；数据文件本身可能已损坏，"
                               "请立即运行“dutyroom backup verify”检查数据文件。")
        copy = Copy(target, iso(now), partial.stat().st_size, kind, db_path.name, found.ok, found.audit,
                    found.schema_version, digest, found.audit_problem, round(time.perf_counter() - started, 3),
                    __version__)
        write_private_bytes(manifest_path(target), _manifest_json(copy))
        os.replace(partial, target)
        sync_folder(folder)
    except BackupFailed:
        _remove_partial(partial)
        raise
    except (OSError, sqlite3.Error) as exc:
        _remove_partial(partial, manifest_path(target))
        raise _failure(exc, partial, "备份") from exc
    except BaseException:
        _remove_partial(partial, manifest_path(target))
        raise
    return copy


def fold_wal_if_unused(db_path: Path) -> None:
    """Fold the data file's ``-wal`` into it and make sure no other connection has it open (before a restore
    replaces it): its side files are gone afterwards. Raises ``StoreBusy`` when someone still uses it."""
    wal, shm = side_files(db_path)
    if not wal.exists() and not shm.exists():
        return
    try:
        conn = sqlite3.connect(str(db_path), isolation_level=None, timeout=2.5)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise explain(exc, db_path, outcome="未恢复，数据文件未做改动") or StoreError(str(exc)) from exc
    if busy or wal.exists():
        raise StoreBusy("数据文件正被另一程序使用（另一个DutyRoom窗口或命令），不能恢复。"
                        "请先关闭使用该文件的所有DutyRoom窗口，再恢复。数据文件未做改动。")


@contextlib.contextmanager
def writing_file(path: Path) -> Iterator[Writer]:
    """One write transaction on a file that is not the open store (a restored file being built beside the
    data file), in WAL with ``synchronous = FULL`` like the data file; when the block ends it is committed,
    folded into the file and flushed to disk. Nothing of it is announced (no store is listening)."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        shapes: dict[str, TableShape] = {}

        def shape(table: str) -> TableShape:
            return shapes.setdefault(table, read_shape(conn.execute, table))

        with immediate(conn):
            journal = Journal(digests=keeps_digests(conn))
            yield Writer(conn, set(), shape, journal)
            journal.seal(conn, shape)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    _fsync_file(path)


def mirror(copy: Copy, folder: Path) -> Copy:
    """The verified ``copy`` also in ``folder`` (a USB stick or a share): a plain file copy of a file no one
    writes, checked against the SHA-256 the copy was verified with. Raises ``BackupFailed``, leaves nothing."""
    target = folder / copy.path.name
    partial = target.with_name(target.name + PARTIAL_SUFFIX)
    try:
        if not folder.is_dir():
            raise BackupFailed(f"第二备份位置“{folder}”无法访问（U盘未插入或网络共享不可用）。")
        copy_file_durably(copy.path, partial)
        if _sha256(partial) != copy.sha256:
            raise BackupFailed(f"复制到第二备份位置“{folder}”后校验值不符，副本已删除；请检查该磁盘。")
        placed = replace(copy, path=target)
        write_private_bytes(manifest_path(target), _manifest_json(placed))
        os.replace(partial, target)
        sync_folder(folder)
    except BackupFailed:
        _remove(partial)
        raise
    except OSError as exc:
        _remove(partial, manifest_path(target))
        raise _failure(exc, target, "复制到第二备份位置") from exc
    return placed


def preserve_damaged(db_path: Path, folder: Path, *, now: datetime) -> Path:
    """The file exactly as it is (with its ``-wal``), byte for byte, before a restore replaces it.

    A damaged file cannot be copied through SQLite; nothing it still holds may be thrown away.
    """
    make_private_folder(folder)
    target = _free_name(folder, db_path.stem, "damaged", now)
    for source, dest in ((db_path, target), (db_path.with_name(db_path.name + "-wal"),
                                             target.with_name(target.name + "-wal"))):
        if source.exists():
            partial = dest.with_name(dest.name + PARTIAL_SUFFIX)
            try:
                copy_file_durably(source, partial)
                os.replace(partial, dest)
            except OSError as exc:
                _remove(partial, target)
                raise _failure(exc, dest, "保存损坏的数据文件") from exc
    sync_folder(folder)
    return target


def verify_copy(path: Path) -> tuple[Copy | None, CopyCheck]:
    """Check a copy again, all of it: its manifest (if any), its SHA-256 against the manifest, integrity and
    audit chain. The ``CopyCheck`` says what is wrong, if anything."""
    path = Path(path)
    listed = read_manifest(path)
    if not path.is_file():
        return listed, CopyCheck(f"备份文件不存在：{path}")
    with ThreadPoolExecutor(1, thread_name_prefix="dutyroom-digest") as pool:
        digesting = pool.submit(_sha256, path)
        found = check_file(path)
        digest = digesting.result()
    if listed is not None and listed.sha256 and not found.problem and digest != listed.sha256:
        found = CopyCheck("文件内容与备份时记录的校验值不符，副本在备份后被改动或损坏", "", found.audit,
                          found.audit_count, found.schema_version)
    return listed, found


def _bare_copy(path: Path) -> Copy:
    stat = path.stat()
    created = iso(datetime.fromtimestamp(stat.st_mtime).astimezone())
    return Copy(path, created, stat.st_size, "unknown", "", False, has_manifest=False,
                problem="没有备份说明文件（未经本程序校验）")


def list_copies(folders: Iterable[Path], source: str | None = None) -> list[Copy]:
    """The copies in ``folders`` (of the data file named ``source`` when given), newest first.

    Copies with a manifest are listed from it; a bare ``.sqlite3`` file is listed as not verified.
    """
    found: dict[Path, Copy] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in folder.glob(f"*{COPY_SUFFIX}"):
            listed = read_manifest(path)
            if listed is None:
                if source is not None and not path.name.startswith(Path(source).stem + "-"):
                    continue
                listed = _bare_copy(path)
            elif source is not None and listed.source != source:
                continue
            if listed.has_manifest and listed.bytes != _size(path):
                listed = replace(listed, verified=False, problem="文件大小与备份时不符，副本在备份后被改动或损坏")
            found[path] = listed
    return sorted(found.values(), key=lambda c: (c.created_at, c.path.name), reverse=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def newest_verified(folders: Iterable[Path], source: str) -> Copy | None:
    return next((c for c in list_copies(folders, source) if c.verified), None)


@dataclass(frozen=True)
class Retention:
    """How many automatic copies are kept: the newest of each of the last N days, weeks and months."""

    daily: int = 14
    weekly: int = 8
    monthly: int = 24


def _keep(copies: list[Copy], retention: Retention) -> set[Path]:
    """Grandfather-father-son: newest first, the first copy of each new day/ISO week/month is kept while
    that bucket count lasts."""
    keep: set[Path] = set()
    periods: list[tuple[int, Any]] = [
        (retention.daily, lambda d: d),
        (retention.weekly, lambda d: d.isocalendar()[:2]),
        (retention.monthly, lambda d: (d.year, d.month)),
    ]
    for limit, bucket_of in periods:
        seen: list[Any] = []
        for copy in copies:
            day: date = copy.created.date()
            bucket = bucket_of(day)
            if bucket in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(bucket)
            keep.add(copy.path)
    if copies:
        keep.add(copies[0].path)
    return keep


def rotate(folder: Path, source: str, retention: Retention) -> list[Path]:
    """Delete the automatic copies of ``source`` that the retention does not keep, and the leftovers of
    interrupted copies. Manual, pre-restore, pre-upgrade and damaged-file copies are never deleted here.
    Returns the removed copies."""
    automatic = [c for c in list_copies([folder], source) if c.has_manifest and c.kind in AUTOMATIC_KINDS]
    keep = _keep(automatic, retention)
    doomed = _remove_copies([c.path for c in automatic if c.path not in keep])
    _remove_leftovers(folder, source)
    return doomed


def prune_upgrade_copies(folder: Path, source: str, keep: int = UPGRADE_COPIES_KEPT) -> list[Path]:
    """Only the newest ``keep`` pre-upgrade copies of ``source`` stay (older versions pile up otherwise)."""
    return _remove_copies([c.path for c in list_copies([folder], source)
                           if c.has_manifest and c.kind == "pre-upgrade"][keep:])


def _remove_copies(paths: list[Path]) -> list[Path]:
    _remove(*paths, *(manifest_path(p) for p in paths))
    return paths


def _remove_leftovers(folder: Path, source: str) -> None:
    """Partial copies and manifests without their copy, left by a crash an hour or more ago."""
    stem = Path(source).stem
    for leftover in folder.glob(f"{stem}-*{COPY_SUFFIX}{PARTIAL_SUFFIX}"):
        if time.time() - _mtime(leftover) > 3600:      # not a copy being made right now
            _remove(leftover)
    for orphan in folder.glob(f"{stem}-*{COPY_SUFFIX}{MANIFEST_SUFFIX}"):
        if not orphan.with_name(orphan.name[: -len(MANIFEST_SUFFIX)]).exists() and time.time() - _mtime(orphan) > 3600:
            _remove(orphan)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()
