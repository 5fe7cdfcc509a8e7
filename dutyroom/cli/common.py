"""What every subcommand needs: which data file, opened (and, for --demo, seeded); who is acting."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

from dutyroom.clock import SystemClock
from dutyroom.errors import AuthError, ValidationError
from dutyroom.paths import default_db_path
from dutyroom.session import Actor
from dutyroom.store import Store, open_store

PASSWORD_VARIABLE = "DUTYROOM_PASSWORD"

if TYPE_CHECKING:
    from dutyroom.session import Session


def db_location(args: argparse.Namespace) -> tuple[Path, bool]:
    """(path, create its folder?) — only the default user data folder is created on demand."""
    if args.db:
        return Path(args.db).expanduser(), False
    return default_db_path(demo=bool(args.demo)), True


def open_from_args(args: argparse.Namespace, *, create: bool = False) -> Store:
    """The data file the options name, checked page by page first. Only ``--demo`` and the first-run path
    (``create``: ``accounts create-admin``) make a new file: a mistyped ``--db`` is refused ("数据文件不存在"),
    never created empty (exit 2)."""
    path, create_folder = db_location(args)
    store = open_store(path, create_folder=create_folder, create=create or bool(args.demo))
    if args.demo:
        from dutyroom.demo.seed import seed_demo

        seed_demo(store, SystemClock(), history=True)
    return store


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
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(f"日期“{text}”格式不对，应为 YYYY-MM-DD，例如 2026-11-24。") from exc


def parse_month(text: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in text.split("-"))
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError as exc:
        raise ValidationError(f"月份“{text}”格式不对，应为 YYYY-MM，例如 2026-11。") from exc
    return year, month


def write_output(path_text: str, data: bytes) -> Path:
    path = Path(path_text).expanduser()
    if not path.parent.exists():
        raise ValidationError(f"输出文件夹不存在：{path.parent}")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ValidationError(f"无法写入“{path}”：{exc.strerror or exc}") from exc
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


def session_for(store: Store, username: str | None) -> Session:
    """The session a write command acts in: the account ``--user`` names (it must exist and be active), else
    the system account (audited as 系统)."""
    from dutyroom.session import SYSTEM_ACTOR, Session

    if not username:
        return Session(store, SYSTEM_ACTOR, SystemClock())
    from dutyroom.auth import accounts

    row = store.row("SELECT id, voided_at FROM account WHERE username = ? COLLATE NOCASE", (username,))
    if row is None:
        raise ValidationError(f"没有名为“{username}”的账户。")
    if row["voided_at"]:
        raise ValidationError(f"账户“{username}”已停用。")
    return Session(store, accounts.actor_for(store, row["id"]), SystemClock())


def read_new_password(prompt: str = "新密码") -> str:
    """A new password from ``DUTYROOM_PASSWORD``, else asked twice without echo."""
    import getpass

    given = os.environ.get("DUTYROOM_PASSWORD")
    if given:
        return given
    try:
        first = getpass.getpass(f"{prompt}：")
        second = getpass.getpass(f"再次输入{prompt}：")
    except (EOFError, KeyboardInterrupt):
        raise ValidationError("没有输入密码，未做任何修改。") from None
    if first != second:
        raise ValidationError("两次输入的密码不一致，未做任何修改。")
    return first


def user_option(parser: argparse.ArgumentParser, permission: str) -> None:
    parser.add_argument("--user", metavar="USERNAME", help=f"以该账户的名义操作（须有“{permission}”权限；默认：系统）")


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


def run_import(args: argparse.Namespace, permission: str, preview: Any, commit: Any) -> Any:
    """An import command's plan: ``preview(store, path)`` with --dry-run, else ``commit(session, path)``, acting
    as the --user account, which must hold ``permission`` either way."""
    store = open_from_args(args)
    try:
        session = session_for(store, args.user)
        session.require(permission)
        return preview(store, Path(args.file)) if args.dry_run else commit(session, Path(args.file))
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
