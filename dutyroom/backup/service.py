"""Making backups of the data file by its settings: on request, daily at a set time, after each accepted
handover; rotated; copied to a second place; and the today board's warning when they fall behind.

Nothing here holds the store's write lock or blocks a write: a copy reads one consistent state of the
file through its own connection. The GUI runs ``BackupScheduler.run_if_due`` on a background thread from
its timer and after a handover is accepted; accepting never waits for a backup and never fails with one.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from dutyroom import settings
from dutyroom.clock import CST, Clock, parse_iso, to_cst
from dutyroom.errors import DutyRoomError
from dutyroom.session import Session
from dutyroom.store import Store
from dutyroom.store.backup import (
    MIRRORING,
    BackupFailed,
    Copy,
    Retention,
    Stage,
    folder_for,
    list_copies,
    mirror,
    read_manifest,
    rotate,
    take_copy,
)

logger = logging.getLogger("dutyroom.backup")

# Copies that hold the whole current data (a pre-upgrade copy holds the old schema, a damaged one is damaged).
COUNTED_KINDS = frozenset({"manual", "daily", "handover", "pre-restore"})
RETRY_AFTER = timedelta(minutes=30)
POLICY_KEYS = ("backup.daily_time", "backup.after_handover", "backup.keep_daily", "backup.keep_weekly",
               "backup.keep_monthly", "backup.second_folder", "backup.warn_days")


@dataclass(frozen=True)
class BackupPolicy:
    daily_time: time = time(3, 0)
    after_handover: bool = True
    retention: Retention = field(default_factory=Retention)
    second_folder: Path | None = None
    warn_days: int = 2


def policy_of(store: Store) -> BackupPolicy:
    values = settings.get_many(store, *POLICY_KEYS)
    hour, minute = (int(part) for part in values["backup.daily_time"].split(":"))
    second = values["backup.second_folder"]
    return BackupPolicy(time(hour, minute), bool(values["backup.after_handover"]),
                        Retention(values["backup.keep_daily"], values["backup.keep_weekly"], values["backup.keep_monthly"]),
                        Path(second) if second else None, int(values["backup.warn_days"]))


def folders(db_path: Path, policy: BackupPolicy) -> list[Path]:
    """Where copies of this data file are looked for: ``backups/`` beside it, then the second place."""
    found = [folder_for(db_path)]
    if policy.second_folder is not None:
        found.append(policy.second_folder)
    return found


def reachable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK)


@dataclass(frozen=True)
class BackupResult:
    copy: Copy
    mirrored: Copy | None = None
    mirror_problem: str = ""
    removed: tuple[Path, ...] = ()

    def as_json(self) -> dict[str, Any]:
        data = self.copy.as_json()
        data["second"] = self.mirrored.as_json() if self.mirrored else None
        data["second_problem"] = self.mirror_problem
        data["removed"] = [str(p) for p in self.removed]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BackupResult:
        """What ``dutyroom backup create --json`` printed, read back (the copies' manifests say the rest)."""
        copy = read_manifest(Path(data["path"]))
        if copy is None:
            raise BackupFailed(f"备份“{data['path']}”的说明文件无法读取。")
        second = data.get("second")
        mirrored = read_manifest(Path(second["path"])) if second else None
        return cls(copy, mirrored, str(data.get("second_problem") or ""),
                   tuple(Path(p) for p in data.get("removed") or ()))


def create_backup(db_path: Path, policy: BackupPolicy, *, now: datetime, kind: str = "manual",
                  to: Path | None = None, stage: Stage | None = None) -> BackupResult:
    """A verified copy in ``to`` (default ``backups/`` beside the data file), then in the second place.

    Raises ``BackupFailed`` when the copy itself cannot be made or checked; a second place that cannot
    be reached only fills ``mirror_problem``. Automatic copies are rotated by the policy afterwards.
    ``stage(text)`` hears each step as it begins.
    """
    db_path = Path(db_path)
    folder = Path(to) if to is not None else folder_for(db_path)
    copy = take_copy(db_path, folder, kind, now=now, stage=stage)
    logger.info("Backup %s made in %.2f s (%s bytes, audit %s, verified %s)", copy.path, copy.seconds, copy.bytes,
                copy.audit.seq if copy.audit else "-", copy.verified)
    mirrored, problem = None, ""
    if policy.second_folder is not None and to is None:
        try:
            if stage is not None:
                stage(MIRRORING)
            mirrored = mirror(copy, policy.second_folder)
        except BackupFailed as exc:
            problem = exc.message
            logger.warning("Backup not copied to the second place: %s", exc.message)
    removed: list[Path] = []
    if kind in ("daily", "handover"):
        removed += rotate(folder, db_path.name, policy.retention)
        if mirrored is not None and policy.second_folder is not None:
            removed += rotate(policy.second_folder, db_path.name, policy.retention)
    return BackupResult(copy, mirrored, problem, tuple(removed))


# How a copy is made: (data file, kind, stage) → what was made. In this process by default; the GUI makes
# its copies in a child process (``dutyroom.backup.process.make_in_child``).
Maker = Callable[[Path, str, Stage | None], "BackupResult"]


def backup_now(session: Session, *, to: Path | None = None, make: Maker | None = None,
               stage: Stage | None = None) -> BackupResult:
    """备份 (系统设置 → 数据备份, ``dutyroom backup create``): administrators only."""
    session.require("backup.manage")
    if make is not None and to is None:
        return make(session.store.path, "manual", stage)
    return create_backup(session.store.path, policy_of(session.store), now=session.now(), kind="manual", to=to,
                         stage=stage)


def counted_copies(db_path: Path, policy: BackupPolicy) -> list[Copy]:
    """Verified copies that hold the whole current data, newest first (both places)."""
    return [c for c in list_copies(folders(db_path, policy), Path(db_path).name)
            if c.verified and c.kind in COUNTED_KINDS]


# -- when ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Due:
    kind: str          # "daily" or "handover"
    reason: str


def last_daily_slot(now: datetime, at: time) -> datetime:
    """The most recent moment (at or before ``now``) the daily backup was planned for."""
    now = to_cst(now)
    slot = datetime.combine(now.date(), at, CST)
    return slot if slot <= now else slot - timedelta(days=1)


def due_backup(store: Store, now: datetime, policy: BackupPolicy | None = None) -> Due | None:
    """The backup due at ``now``, if any: after a handover accepted since the newest copy, or the daily one
    when no copy was made since its last planned time (so a PC that was off catches up at the next start)."""
    policy = policy or policy_of(store)
    local = [c for c in list_copies([folder_for(store.path)], store.path.name)
             if c.verified and c.kind in COUNTED_KINDS]
    newest = local[0].created if local else None
    if policy.after_handover:
        accepted = store.scalar("SELECT MAX(accepted_at) FROM handover WHERE status = 'accepted' AND voided_at IS NULL")
        if accepted and (newest is None or parse_iso(accepted) > newest):
            return Due("handover", f"{accepted[:16].replace('T', ' ')} 确认接班后尚未备份")
    slot = last_daily_slot(now, policy.daily_time)
    if newest is None or newest < slot:
        return Due("daily", f"每日 {policy.daily_time:%H:%M} 自动备份")
    return None


class BackupScheduler:
    """The automatic backups of one open store; ``run_if_due`` never raises and never runs twice at once.

    After a failure it waits ``RETRY_AFTER`` before trying again (the failure is logged and kept in
    ``last_error`` for the today board).
    """

    def __init__(self, store: Store, clock: Clock, make: Maker | None = None) -> None:
        self.store = store
        self.clock = clock
        self._make = make or self._make_here
        self.last_result: BackupResult | None = None
        self.last_error = ""
        self._failed_at: datetime | None = None
        self._running = threading.Lock()

    def due(self) -> Due | None:
        now = self.clock.now()
        if self._failed_at is not None and now - self._failed_at < RETRY_AFTER:
            return None
        return due_backup(self.store, now)

    def run_if_due(self) -> BackupResult | None:
        """Make the due backup (call it off the UI thread). Returns what was made, or None."""
        if not self._running.acquire(blocking=False):
            return None
        try:
            due = self.due()
            if due is None:
                return None
            result = self._make(self.store.path, due.kind, None)
        except DutyRoomError as exc:
            self._failed(exc.message)
            return None
        except Exception as exc:            # noqa: BLE001 - an automatic backup must never take the app down
            logger.exception("Automatic backup failed")
            self._failed(f"{type(exc).__name__}: {exc}")
            return None
        finally:
            self._running.release()
        self._failed_at, self.last_error, self.last_result = None, "", result
        return result

    def _make_here(self, db_path: Path, kind: str, stage: Stage | None) -> BackupResult:
        return create_backup(db_path, policy_of(self.store), now=self.clock.now(), kind=kind, stage=stage)

    def _failed(self, message: str) -> None:
        logger.warning("Automatic backup failed: %s", message)
        self._failed_at = self.clock.now()
        self.last_error = message


# -- the today board -------------------------------------------------------------------------------------
def board_warnings(store: Store, now: datetime, scheduler: BackupScheduler | None = None) -> list[str]:
    """What 今日值班 says about backups: none yet or too old, the second place unreachable, a failure."""
    policy = policy_of(store)
    warnings = []
    copies = counted_copies(store.path, policy)
    if not copies:
        warnings.append("还没有校验通过的数据备份。请管理员在“系统设置 → 数据备份”中立即备份。")
    else:
        newest = copies[0]
        age = to_cst(now) - newest.created
        if age > timedelta(days=policy.warn_days):
            warnings.append(f"最近一份校验通过的数据备份是 {age.days} 天前（{newest.created_at[:16].replace('T', ' ')}）。"
                            "请检查自动备份，或在“系统设置 → 数据备份”中立即备份。")
    if policy.second_folder is not None and not reachable(policy.second_folder):
        warnings.append(f"第二备份位置“{policy.second_folder}”无法访问（U盘未插入或网络共享不可用），备份目前只保存在本机。")
    if scheduler is not None and scheduler.last_error:
        warnings.append(f"自动备份失败：{scheduler.last_error}")
    return warnings
