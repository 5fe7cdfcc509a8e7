"""``dutyroom accounts passwd --user NAME``: change one's own password from the command line.

The only thing an account on a temporary password may do. The current password comes as for every
command (``DUTYROOM_PASSWORD``, else asked without echo); the new one from ``DUTYROOM_NEW_PASSWORD``, else
asked twice without echo (or, from a script, the next two lines of standard input).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import Any

from dutyroom.cli.access import signs_in_itself
from dutyroom.cli.common import open_from_args, read_password
from dutyroom.clock import SystemClock
from dutyroom.errors import ValidationError

NEW_PASSWORD_VARIABLE = "DUTYROOM_NEW_PASSWORD"


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("accounts", help="账户：修改本人密码", parents=[common])
    actions = group.add_subparsers(dest="accounts_command", metavar="ACTION", required=True)
    passwd = actions.add_parser("passwd", help="修改本人密码（临时密码须先改掉才能办理其他操作）", parents=[common])
    signs_in_itself(passwd, run_passwd)


def _line(prompt: str) -> str:
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    try:
        return (sys.stdin.readline() if sys.stdin is not None else "").rstrip("\r\n")
    except OSError:
        return ""


def read_new_password() -> str:
    password = os.environ.get(NEW_PASSWORD_VARIABLE)
    if password:
        return password
    first = _line("新密码（至少8位，须同时包含字母和数字）：")
    if not first:
        raise ValidationError(f"未输入新密码：请在终端中输入，或设置环境变量 {NEW_PASSWORD_VARIABLE}。")
    if _line("再次输入新密码：") != first:
        raise ValidationError("两次输入的新密码不一致，密码未修改。")
    return first


def run_passwd(args: argparse.Namespace) -> int:
    from dutyroom.auth import accounts
    from dutyroom.session import Session

    store = open_from_args(args)
    try:
        clock = SystemClock()
        current = read_password(args.user)
        actor = accounts.login(store, args.user, current, clock)     # throttled like every sign-in
        accounts.change_own_password(Session(store, actor, clock), current, read_new_password())
    finally:
        store.close()
    print(f"账户“{args.user}”的密码已修改。")
    return 0
