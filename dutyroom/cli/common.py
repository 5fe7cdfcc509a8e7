"""What every subcommand needs: which data file, opened (and, for --demo, seeded); who is acting."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from dutyroom.clock import SystemClock, to_cst
from dutyroom.errors import AuthError, ValidationError, os_error_text
from dutyroom.paths import default_db_path
from dutyroom.session import Actor
from dutyroom.store import Store, open_store

PASSWORD_VARIABLE = "DUTYROOM_PASSWORD"

if TYPE_CHECKING:
    from dutyroom.session import Session


def db_location(args: argparse.Namespace) -> tuple[Path, bool]:
    """(path, create its folder?) — only the default user data folder is created on demand."""
    if args.db:
        try:
            return Path(args.db).expanduser(), False
        except RuntimeError:        # "~someone/…" for a user this machine does not know
            raise ValidationError(f"数据文件路径“{args.db}”无法解析：找不到“~”所指的用户。") from None
    return default_db_path(demo=bool(args.demo)), True


def open_from_args(args: argparse.Namespace, *, create: bool = False) -> Store:
    """The data file the options name, checked page by page first. Only ``--demo`` and the first-run path
    (``create``: ``accounts create-admin``) make a new file: a mistyped ``--db`` is refused ("数据文件不存在"),
    never created empty (exit 2)."""
    path, create_folder = db_location(args)
    store = open_store(path, create_folder=create_folder, create=create or bool(args.demo))
    if args.demo:
        from dutyroom.demo.seed import seed_demo
        from dutyroom.store.database import system_writes

        with system_writes():         # the demo seeding is a system writer, even under a read-only command
            seed_demo(store, SystemClock(), history=True)
    return store


FIRST_YEAR, LAST_YEAR = 1900, 2100


@overload
def parse_day(text: str) -> date: ...
@overload
def parse_day(text: None) -> None: ...
@overload
def parse_day(text: str | None) -> date | None: ...


def parse_day(text: str | None) -> date | None:
    """An option's YYYY-MM-DD (a required one is never None: argparse refused the command line before)."""
    if text is None:
        return None
    try:
        day = date.fromisoformat(text.strip()) if len(text) <= 10 else None
    except ValueError:
        day = None
    if day is None:
        raise ValidationError(f"日期“{text[:20]}”格式不对，应为 YYYY-MM-DD，例如 2026-11-24。")
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValidationError(f"日期“{text}”超出范围：应在{FIRST_YEAR}年到{LAST_YEAR}年之间。")
    return day


def parse_moment(text: str, what: str) -> datetime:
    """A date and time given on the command line (ISO 8601; without a zone it is Beijing time)."""
    try:
        moment = datetime.fromisoformat(text.strip()) if len(text) <= 40 else None
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(f"{what}“{text[:40]}”格式不对，应为 2026-11-23T10:00:00+08:00。")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValidationError(f"{what}“{text}”超出范围：应在{FIRST_YEAR}年到{LAST_YEAR}年之间。")
    return to_cst(moment)


def parse_month(text: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in text.split("-"))
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError as exc:
        raise ValidationError(f"月份“{text}”格式不对，应为 YYYY-MM，例如 2026-11。") from exc
    return year, month


MAX_INPUT_BYTES = 20_000_000


def read_input_text(name: str, what: str) -> str:
    """A UTF-8 text file named on the command line ("-": standard input), at most ``MAX_INPUT_BYTES``."""
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            path = Path(name).expanduser()
            if path.is_dir():
                raise ValidationError(f"{what}“{name}”是文件夹，请指定文件。")
            with path.open("rb") as handle:
                data = handle.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise ValidationError(f"{what}不存在：{name}") from None
    except OSError as exc:
        raise ValidationError(f"无法读取{what}“{name}”：{os_error_text(exc)}。") from None
    if len(data) > MAX_INPUT_BYTES:
        raise ValidationError(f"{what}过大（最多{MAX_INPUT_BYTES // 1_000_000} MB）。")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(f"{what}“{name}”不是UTF-8编码的文本，请另存为UTF-8后再试。") from None


def write_output(path_text: str, data: bytes) -> Path:
    path = Path(path_text).expanduser()
    if not path.parent.exists():
        raise ValidationError(f"输出文件夹不存在：{path.parent}")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ValidationError(f"无法写入“{path}”：{os_error_text(exc)}。") from exc
    return path



def read_password(username: str) -> str:
    """The password from ``DUTYROOM_PASSWORD``; else asked on the terminal without echo, or read as one line
    from standard input when that is not a terminal (a script)."""
    password = os.environ.get(PASSWORD_VARIABLE)
    if password:
        return password
    try:
        if sys.stdin is not None and sys.stdin.isatty():
            return getpass.getpass(f"账户“{username}”的密码：")
        line = sys.stdin.readline() if sys.stdin is not None else ""
    except (EOFError, KeyboardInterrupt, OSError):
        line = ""
    if not line.rstrip("\r\n"):
        raise AuthError(f"未输入密码：请在终端中输入，或设置环境变量 {PASSWORD_VARIABLE}。")
    return line.rstrip("\r\n")


def authenticate(store_or_path: Store | Path, username: str) -> Actor:
    """The account ``username`` after its password was checked (see ``read_password``).

    Against an open store it is a login like the GUI's (throttled after failures, recorded in the audit);
    against a file path (a backup copy being restored) it is checked read-only: nothing is written there.
    """
    if not username:
        raise AuthError("请用 --user 指定账户。")
    password = read_password(username)
    if isinstance(store_or_path, Store):
        from dutyroom.auth import accounts

        return accounts.login(store_or_path, username, password, SystemClock())
    from dutyroom.backup.restore import actor_in_copy

    return actor_in_copy(Path(store_or_path), username, password)


NEW_PASSWORD_VARIABLE = "DUTYROOM_NEW_PASSWORD"


def _typed_line(prompt: str) -> str:
    """One line typed without echo on a terminal, or the next line of standard input from a script."""
    try:
        if sys.stdin is not None and sys.stdin.isatty():
            return getpass.getpass(prompt)
        return (sys.stdin.readline() if sys.stdin is not None else "").rstrip("\r\n")
    except (EOFError, KeyboardInterrupt, OSError):
        return ""


def read_new_password(prompt: str = "新密码", variable: str = PASSWORD_VARIABLE) -> str:
    """A password being set: from the environment ``variable``, else asked twice without echo (from a script:
    the next two lines of standard input)."""
    given = os.environ.get(variable)
    if given:
        return given
    first = _typed_line(f"{prompt}（至少8位，须同时包含字母和数字）：")
    if not first:
        raise ValidationError(f"没有输入{prompt}（在终端中输入，或设置环境变量 {variable}），未做任何修改。")
    if _typed_line(f"再次输入{prompt}：") != first:
        raise ValidationError(f"两次输入的{prompt}不一致，未做任何修改。")
    return first


def writable_output(path_text: str) -> Path:
    """An output path whose folder exists and that can be written (checked before any data changes)."""
    path = Path(path_text).expanduser()
    if not path.parent.exists():
        raise ValidationError(f"输出文件夹不存在：{path.parent}")
    if path.is_dir():
        raise ValidationError(f"“{path}”是文件夹，请给出文件名。")
    if path.exists() and not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise ValidationError(f"无法写入“{path}”：没有写入权限。")
    return path


def run_import(args: argparse.Namespace, session: Session | None, preview: Any, commit: Any) -> Any:
    """An import command's plan: ``commit(session, path)`` in the signed-in session (see ``access.writes``), or
    ``preview(store, path)`` for --dry-run, which writes nothing and runs without an account (``session`` None)."""
    if session is not None:
        return commit(session, Path(args.file))
    store = open_from_args(args)
    try:
        return preview(store, Path(args.file))
    finally:
        store.close()


def print_import(plan: Any, dry_run: bool, nothing: str = "没有需要写入的变化") -> None:
    """The first line of an import's report, then every row that was not simply taken."""
    verb = "预览（未写入）" if dry_run else ("已导入" if plan.written else nothing)
    print(f"{plan.file_name}：{verb}。{plan.summary()}")
    for row in getattr(plan, "rows", []):
        if row.outcome in ("rejected", "merged", "update") or row.warnings:
            detail = "；".join(filter(None, [row.reason, *row.warnings]))
            print(f"  {row.sheet} 第{row.row}行 {row.name or ''} [{row.outcome_label}] {detail}")
