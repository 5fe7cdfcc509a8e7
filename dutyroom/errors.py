"""Errors the user sees. Every message is plain Simplified Chinese and says what to do."""

from __future__ import annotations

import errno
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


class DutyRoomError(Exception):
    """Base for errors whose message is meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(DutyRoomError):
    """Input that cannot be accepted; nothing has been written. ``field`` names the input at fault."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field

    @property
    def problems(self) -> tuple[ValidationError, ...]:
        """Every problem this refusal stands for (a form shows each beside its field)."""
        return (self,)


class InvalidFields(ValidationError):
    """Several inputs refused at once, so that a form shows them all on the first try. The message lists
    them all (for the command line); ``field`` is the first one's."""

    def __init__(self, problems: Sequence[ValidationError]) -> None:
        flat = tuple(p for problem in problems for p in problem.problems)
        super().__init__("\n".join(p.message for p in flat), field=flat[0].field)
        self._problems = flat

    @property
    def problems(self) -> tuple[ValidationError, ...]:
        return self._problems


class Problems:
    """Collects a form's problems field by field, then refuses them together (``raise_any``).

        problems = Problems()
        name = problems.check(clean_name, raw["name"], default="")
        ...
        problems.raise_any()
    """

    def __init__(self) -> None:
        self.found: list[ValidationError] = []

    def add(self, error: ValidationError) -> None:
        self.found.extend(error.problems)

    def check(self, clean: Callable[..., T], *args: object, default: T, **kwargs: object) -> T:
        """``clean(*args, **kwargs)``; a refusal is noted and ``default`` returned instead."""
        try:
            return clean(*args, **kwargs)
        except ValidationError as exc:
            self.add(exc)
            return default

    def failed(self, *fields: str | None) -> bool:
        """Whether any of ``fields`` already has a problem (a check that depends on it is then skipped)."""
        wanted = {name for name in fields if name}
        return any(p.field in wanted for p in self.found)

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_any(self) -> None:
        if len(self.found) == 1:
            raise self.found[0]
        if self.found:
            raise InvalidFields(self.found)


class PermissionDenied(DutyRoomError):
    pass


class NotFound(DutyRoomError):
    pass


class StoreError(DutyRoomError):
    """The data file cannot be used (not SQLite, too new, folder missing or read-only, ...)."""


class AuthError(DutyRoomError):
    pass


class LoginThrottled(AuthError):
    def __init__(self, wait_seconds: int) -> None:
        super().__init__(f"登录失败次数过多，请在 {wait_seconds} 秒后再试。")
        self.wait_seconds = wait_seconds


class Cancelled(DutyRoomError):
    def __init__(self) -> None:
        super().__init__("操作已取消。")


# -- the data file cannot be written or read (issue 12) -----------------------------------------------
class StoreBusy(StoreError):
    """Another program holds the write lock of the data file; nothing was written, trying again may work."""


class DiskFull(StoreError):
    """The disk (or the size limit) is full; nothing was written."""


class ReadOnlyStore(StoreError):
    """The file or its folder cannot be written; nothing was written."""


class DiskError(StoreError):
    """The operating system reported an I/O error (a failing disk, a stick pulled out)."""


class DamagedFile(StoreError):
    """The data file fails its integrity check and is not used; ``newest_copy`` is the copy to restore."""

    def __init__(self, message: str, *, path: object = None, problem: str = "", newest_copy: object = None) -> None:
        super().__init__(message)
        self.path = path
        self.problem = problem
        self.newest_copy = newest_copy


_OS_REASONS = {
    errno.ENOENT: "文件或文件夹不存在", errno.EACCES: "没有访问权限", errno.EPERM: "没有访问权限",
    errno.ENAMETOOLONG: "文件名过长", errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENOSPC: "磁盘已满", errno.EROFS: "磁盘是只读的", errno.EEXIST: "文件已存在", errno.EBUSY: "文件正被占用",
    errno.EINVAL: "文件名无效", errno.EIO: "磁盘读写出错", errno.ELOOP: "路径中的链接过多",
}


def os_error_text(exc: OSError) -> str:
    """Why the system refused a file operation, in Chinese (``strerror`` is English)."""
    return _OS_REASONS.get(exc.errno or 0, "系统拒绝了该操作")
