"""Files only their owner may read: the data file, its copies, drafts, logs and the contact index.

On POSIX the modes are set explicitly (0600 files, 0700 folders), whatever the umask; on Windows the
per-user data folder (%LOCALAPPDATA%) already belongs to its user and modes mean nothing, so these
helpers only create the files there.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700
_POSIX = os.name == "posix"


def make_private_folder(folder: Path, *, parents: bool = False) -> Path:
    """Create ``folder`` (0700) if it does not exist; an existing folder is left as it is."""
    folder = Path(folder)
    if folder.is_dir():
        return folder
    if parents:
        for missing in reversed([p for p in folder.parents if not p.exists()]):
            _mkdir(missing)
    _mkdir(folder)
    return folder


def _mkdir(folder: Path) -> None:
    try:
        folder.mkdir(mode=FOLDER_MODE)
    except FileExistsError:
        return
    if _POSIX:
        os.chmod(folder, FOLDER_MODE)     # mkdir's mode is filtered by the umask


def create_private_file(path: Path) -> None:
    """Create an empty owner-only file; raises FileExistsError when it exists already."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        if _POSIX:
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def make_private(path: Path) -> None:
    """Take group and other permissions away from an existing file of ours (a no-op on Windows)."""
    if not _POSIX:
        return
    with contextlib.suppress(OSError):
        mode = os.stat(path).st_mode & 0o777
        if mode & 0o077:
            os.chmod(path, mode & 0o700)


def write_private_bytes(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` atomically with ``data`` (temp file beside it, fsync, rename), owner-only.

    A crash at any moment leaves either the old file or the new one, never half of either.
    """
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), FILE_MODE)
    try:
        if _POSIX:
            os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    if durable:
        sync_folder(path.parent)


def sync_folder(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` survive a power loss (POSIX; Windows has no such call)."""
    if not _POSIX:
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
