"""What every subcommand needs: which data file, opened (and, for --demo, seeded); who is acting."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from datetime import date
from pathlib import Path
from typing import overload

from dutyroom.clock import SystemClock
from dutyroom.errors import AuthError, ValidationError
from dutyroom.paths import default_db_path
from dutyroom.session import Actor
from dutyroom.store import Store, open_store

PASSWORD_VARIABLE = "DUTYROOM_PASSWORD"


def db_location(args: argparse.Namespace) -> tuple[Path, bool]:
    """(path, create its folder?) — only the default user data folder is created on demand."""
    if args.db:
        return Path(args.db).expanduser(), False
    return default_db_path(demo=bool(args.demo)), True


def open_from_args(args: argparse.Namespace) -> Store:
    """The data file the options name, checked page by page first. Only ``--demo`` makes a new file: a
    mistyped ``--db`` is refused ("数据文件不存在"), never created empty (exit 2)."""
    path, create_folder = db_location(args)
    store = open_store(path, create_folder=create_folder, create=bool(args.demo))
    if args.demo:
        from dutyroom.demo.seed import seed_demo

        seed_demo(store, SystemClock())
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
