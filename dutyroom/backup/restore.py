"""Restoring a verified copy over the data file: preview, the administrator's password checked against the
copy, the current file copied first, then one atomic replacement.

The caller closes every connection to the data file before ``restore`` (the GUI closes its store and
opens it again afterwards). The restored file is built beside the data file, gets an audit row saying who
restored what (so the chain records the restore), is flushed to disk, and replaces the data file with one
``os.replace``; the old ``-wal``/``-shm`` are gone first so that they can never be applied to the new file.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypedDict

from dutyroom.auth.accounts import check_password
from dutyroom.auth.permissions import allowed
from dutyroom.clock import iso
from dutyroom.errors import AuthError, PermissionDenied, StoreError
from dutyroom.private_files import sync_folder
from dutyroom.session import Actor
from dutyroom.store import integrity
from dutyroom.store.backup import (
    AuditPosition,
    Copy,
    CopyCheck,
    audit_position,
    copy_file_durably,
    fold_wal_if_unused,
    folder_for,
    preserve_damaged,
    take_copy,
    verify_copy,
    writing_file,
)
from dutyroom.store.chain import PendingAudit, to_json
from dutyroom.store.failures import explain
from dutyroom.store.migrations import available

# What the preview compares, per area: (label, table). Counts include voided records (they are records).
AREAS: tuple[tuple[str, str], ...] = (
    ("值班日志", "duty_log_entry"), ("待办事项", "pending_item"), ("交接班", "handover"), ("值班日报", "daily_report"),
    ("突发事件", "incident"), ("信息报告", "incident_report"), ("通讯录人员", "person"), ("单位", "org_unit"),
    ("值班安排", "duty_assignment"), ("排班版本", "roster_version"), ("串班/代班", "roster_change"),
    ("账户", "account"), ("系统设置", "setting"), ("审计记录", "audit_log"),
)


class NewestEntry(TypedDict):
    """The latest duty-log entry in a file, for telling the copies apart (``FileFacts.newest_entry``)."""
    occurred_at: str
    summary: str
    recorded_by: str        # the recorder's name


@dataclass(frozen=True)
class FileFacts:
    """What a data file (or a copy) holds, read without changing it; ``problem`` when it cannot be read whole."""

    path: Path
    exists: bool
    problem: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    newest_entry: NewestEntry | None = None
    audit: AuditPosition | None = None
    audit_at: str = ""
    schema_version: int = 0
    bytes: int = 0

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "exists": self.exists, "problem": self.problem, "counts": self.counts,
                "newest_entry": self.newest_entry, "audit": asdict(self.audit) if self.audit else None,
                "audit_at": self.audit_at, "schema_version": self.schema_version, "bytes": self.bytes}


def facts_of(path: Path) -> FileFacts:
    path = Path(path)
    if not path.is_file() or path.stat().st_size == 0:
        return FileFacts(path, False, "文件不存在")
    size = path.stat().st_size
    checked = integrity.inspect(path, full=True)
    try:
        with integrity.reading(path) as reader:
            tables = set(reader.column("SELECT name FROM sqlite_master WHERE type = 'table'"))
            counts = {label: int(reader.scalar(f"SELECT COUNT(*) FROM {table}"))
                      for label, table in AREAS if table in tables}
            entry = reader.row("SELECT occurred_at, summary, recorded_by_name FROM duty_log_entry"
                               " ORDER BY occurred_at DESC, id DESC LIMIT 1")
            last = reader.row("SELECT at FROM audit_log ORDER BY id DESC LIMIT 1")
            version = int(reader.scalar("SELECT COALESCE(MAX(number), 0) FROM schema_migration"))
            position = audit_position(reader)
    except sqlite3.Error as exc:
        return FileFacts(path, True, checked.problem or f"无法读取（{exc}）", bytes=size)
    newest = NewestEntry(occurred_at=entry[0], summary=entry[1], recorded_by=entry[2]) if entry else None
    return FileFacts(path, True, checked.problem, counts, newest, position, last[0] if last else "", version, size)


@dataclass(frozen=True)
class RestorePreview:
    """A copy against the current file: what restoring it would bring back, and whether it may be used."""

    copy: Copy | None
    check: CopyCheck
    current: FileFacts
    candidate: FileFacts
    newest_known: int

    @property
    def refusal(self) -> str:
        """Why this copy cannot be restored ('' when it can)."""
        name = self.candidate.path.name
        if not self.check.ok:
            return f"备份“{name}”未通过校验（{self.check.summary}），不能用于恢复。"
        if self.candidate.schema_version > self.newest_known:
            return f"备份“{name}”由更新版本的DutyRoom创建（数据版本 {self.candidate.schema_version}），请先升级本程序。"
        return ""

    def rows(self) -> list[tuple[str, int | None, int | None]]:
        """(area, count in the current file, count in the copy) for every area either holds."""
        labels = [label for label, _table in AREAS if label in self.current.counts or label in self.candidate.counts]
        return [(label, self.current.counts.get(label), self.candidate.counts.get(label)) for label in labels]

    def as_json(self) -> dict[str, Any]:
        return {"copy": self.copy.as_json() if self.copy else None, "verified": self.check.ok,
                "check": self.check.summary, "refusal": self.refusal, "current": self.current.as_json(),
                "candidate": self.candidate.as_json(),
                "areas": [{"area": a, "current": c, "copy": k} for a, c, k in self.rows()]}


def preview(db_path: Path, copy_path: Path) -> RestorePreview:
    """The restore preview: the copy checked in full (integrity, audit chain, SHA-256) and both files' facts."""
    listed, check = verify_copy(Path(copy_path))
    return RestorePreview(listed, check, facts_of(Path(db_path)), facts_of(Path(copy_path)), available()[-1].number)


def actor_in_copy(copy_path: Path, username: str, password: str) -> Actor:
    """The account ``username`` as the copy knows it, if ``password`` is its password there.

    Checked against the copy, not the current file, so that a damaged current file does not lock the
    administrator out. Nothing is written to the copy (no login record, no failure count).
    """
    username = (username or "").strip()
    if not username or not password:
        raise AuthError("请输入用户名和密码。")
    try:
        with integrity.reading(Path(copy_path)) as reader:
            row = reader.row("SELECT id, username, display_name, password_hash, voided_at, person_id FROM account"
                             " WHERE username = ? COLLATE NOCASE", (username,))
            roles = frozenset(reader.column("SELECT role FROM account_role WHERE account_id = ?",
                                            (row[0],))) if row else frozenset()
    except sqlite3.Error as exc:
        raise StoreError(f"无法读取备份“{Path(copy_path).name}”中的账户：{exc}") from exc
    if row is None or not check_password(password, row[3]) or row[4]:
        raise AuthError(f"用户名或密码不正确（按备份“{Path(copy_path).name}”中的账户核对）。")
    return Actor(int(row[0]), str(row[1]), str(row[2]), roles, row[5])


@dataclass(frozen=True)
class RestoreResult:
    path: Path
    restored_from: Path
    previous: Path | None          # the copy of the file that was replaced (None when there was none)
    previous_damaged: bool
    audit: AuditPosition
    seconds: float

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "restored_from": str(self.restored_from),
                "previous": str(self.previous) if self.previous else None, "previous_damaged": self.previous_damaged,
                "audit": asdict(self.audit), "seconds": round(self.seconds, 3)}


def _build(staging: Path, copy_path: Path, actor: Actor, now: datetime, before: dict[str, Any],
           after: dict[str, Any]) -> AuditPosition:
    """The restored file at ``staging``: the copy with an audit row saying who restored it over what."""
    copy_file_durably(copy_path, staging)
    with writing_file(staging) as writer:
        writer.log(PendingAudit(iso(now), actor.account_id, actor.display_name, "backup.restore", "data_file",
                                str(before["file"]), to_json(before), to_json(after)))
        writer.seal()
        position = audit_position(writer)
    assert position is not None
    return position


def restore(db_path: Path, copy_path: Path, actor: Actor, *, now: datetime,
            seen: RestorePreview | None = None) -> RestoreResult:
    """Replace the data file at ``db_path`` by the copy at ``copy_path``, acting as ``actor`` (from
    ``actor_in_copy``). The caller has closed every connection to ``db_path``. ``seen`` is the preview
    the user looked at (taken again when not given).

    Refuses a copy that does not pass its check (nothing changes). The current file is copied first —
    a verified online copy when it is whole, byte for byte when it is damaged — into ``backups/``.
    """
    started = time.perf_counter()
    db_path, copy_path = Path(db_path), Path(copy_path)
    if not allowed(actor.roles, "backup.restore"):
        raise PermissionDenied(f"只有管理员可以恢复数据：账户“{actor.username}”在该备份中不是管理员。")
    seen = seen or preview(db_path, copy_path)
    if seen.refusal:
        raise StoreError(seen.refusal + "数据文件未做任何改动。")
    if not db_path.parent.is_dir():
        raise StoreError(f"数据文件夹不存在：{db_path.parent}")
    folder = folder_for(db_path)
    previous, damaged = None, False
    if seen.current.exists:
        if seen.current.problem:
            previous, damaged = preserve_damaged(db_path, folder, now=now), True
            for side in integrity.side_files(db_path):
                with contextlib.suppress(FileNotFoundError):
                    side.unlink()
        else:
            previous = take_copy(db_path, folder, "pre-restore", now=now).path
            fold_wal_if_unused(db_path)
    current_audit = seen.current.audit
    before = {"file": db_path.name, "replaced_audit_seq": current_audit.seq if current_audit else None,
              "replaced_audit_hash": current_audit.hash if current_audit else None,
              "replaced_copy": previous.name if previous else None, "replaced_damaged": damaged}
    source_audit = seen.candidate.audit
    after = {"copy": copy_path.name, "copy_created_at": seen.copy.created_at if seen.copy else None,
             "copy_audit_seq": source_audit.seq if source_audit else None,
             "copy_audit_hash": source_audit.hash if source_audit else None}
    staging = db_path.with_name(f".{db_path.name}.restoring-{os.getpid()}")
    try:
        position = _build(staging, copy_path, actor, now, before, after)
        os.replace(staging, db_path)
        sync_folder(db_path.parent)
    except (OSError, sqlite3.Error) as exc:
        for leftover in (staging, *integrity.side_files(staging)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        explained = explain(exc, db_path, outcome="未恢复，数据文件未被替换")
        raise (explained or StoreError(f"恢复失败（{exc}），数据文件未被替换。")) from exc
    return RestoreResult(db_path, copy_path, previous, damaged, position, time.perf_counter() - started)
