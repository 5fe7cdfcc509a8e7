"""What went wrong with the disk, in words the user can act on.

SQLite and the operating system report a held lock, a full disk, a read-only folder or a failing disk
as codes; these turn them into the Chinese sentence the user sees, always saying that nothing was
written (every write is one transaction, so that is true).
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from dutyroom.errors import DiskError, DiskFull, ReadOnlyStore, StoreBusy, StoreError

SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY, SQLITE_IOERR = 5, 6, 8, 10
SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN, SQLITE_NOTADB = 11, 13, 14, 26

_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
NOTHING_SAVED = "本次操作未保存任何内容"


def primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:        # an error raised by the sqlite3 module itself, not by SQLite
        text = str(exc).lower()
        if "locked" in text:
            return SQLITE_BUSY
        if "disk is full" in text:
            return SQLITE_FULL
        if "readonly" in text or "read-only" in text:
            return SQLITE_READONLY
        return None
    return int(code) & 0xFF


def is_corruption(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and primary_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def explain(exc: BaseException, path: Path | None, *, wait_seconds: float | None = None,
            outcome: str = NOTHING_SAVED) -> StoreError | None:
    """The user's error for a lock, a full disk, a read-only place or a disk error; None for anything else.

    ``path`` is the file being written (the data file, or a backup copy); ``outcome`` what the failure
    means for the user's work.
    """
    where = f"“{path}”" if path is not None else "数据文件"
    folder = f"（{Path(path).parent}）" if path is not None else ""
    if isinstance(exc, sqlite3.Error):
        code = primary_code(exc)
        if code in (SQLITE_BUSY, SQLITE_LOCKED):
            waited = f"等待 {wait_seconds:g} 秒后" if wait_seconds else ""
            return StoreBusy(f"数据文件正被另一程序使用（另一个DutyRoom窗口、备份或复制该文件的程序），{waited}仍无法写入。"
                             f"{outcome}，请稍后重试。")
        if code == SQLITE_FULL:
            return DiskFull(f"磁盘空间已满，无法写入{where}。{outcome}；请清理该磁盘{folder}后重试。")
        if code == SQLITE_READONLY:
            return ReadOnlyStore(f"{where}或其所在文件夹为只读，无法写入。{outcome}；请检查文件和文件夹的写入权限。")
        if code == SQLITE_IOERR:
            return DiskError(f"读写{where}时磁盘出错（{exc}）。{outcome}；请检查磁盘，或U盘、网络共享是否已断开。")
        if code == SQLITE_CANTOPEN:
            return DiskError(f"无法打开{where}（{exc}）。{outcome}；请检查文件是否存在、所在磁盘是否可用。")
        return None
    if isinstance(exc, OSError):
        if exc.errno in _FULL_ERRNOS:
            return DiskFull(f"磁盘空间已满，无法写入{where}。{outcome}；请清理该磁盘{folder}后重试。")
        if exc.errno in _READ_ONLY_ERRNOS:
            return ReadOnlyStore(f"{where}或其所在文件夹为只读或无写入权限。{outcome}。")
        return DiskError(f"读写{where}时出错（{exc.strerror or exc}）。{outcome}。")
    return None
