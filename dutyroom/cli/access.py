"""Who runs a command, and how every command ends: the one way in for command-line writes.

Each subcommand is one of three kinds, declared where it is registered:

* **reads** (the default: ``parser.set_defaults(handler=run)``) — search, show, print, verify, list, solve:
  they change no data and run without an account. The store refuses a data transaction while one runs
  (``store.database.reads_only``), so a command that writes but was not declared so fails instead of
  writing as nobody.
* **writes** (``writes(parser, run)``) — it changes data. It takes ``--user NAME``; before ``run(args,
  session)`` the dispatcher opens the data file and signs that account in with its password (from
  ``DUTYROOM_PASSWORD``, else asked on the terminal without echo), through the same sign-in as the GUI
  (throttled after failures, recorded in the audit). No ``--user``, a wrong password or a temporary password
  (still to be changed) stops it with exit 2 before anything is written. There is no silent system actor:
  only migrations and the demo seeding write as the system.
* **signs in itself** (``signs_in_itself(parser, run)``) — it checks the password its own way, because the
  password is what it changes (``accounts passwd``) or lives elsewhere (a restore checks it in the copy).

However a command ends, the person sees Chinese: a refusal is its message (exit 2); an unexpected fault is
one sentence and the traceback goes to the log beside the data (exit 2). With ``DUTYROOM_TRACEBACKS=1``
(set by the test suite) an unexpected fault is raised instead, so a bug fails its test.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, overload

from dutyroom.errors import AuthError, DutyRoomError, os_error_text
from dutyroom.session import Session

TRACEBACKS_VARIABLE = "DUTYROOM_TRACEBACKS"
USER_HELP = "以该账户办理（密码取自环境变量 DUTYROOM_PASSWORD，或在终端输入，不回显）"

Reader = Callable[[argparse.Namespace], int]
Writer = Callable[[argparse.Namespace, Session], int]
PreviewingWriter = Callable[[argparse.Namespace, "Session | None"], int]   # None: a preview (--dry-run) that reads


class Access(StrEnum):
    READS = "reads"
    WRITES = "writes"
    SIGNS_IN_ITSELF = "signs_in_itself"


@dataclass(frozen=True)
class WriteAccess:
    unless: Callable[[argparse.Namespace], bool] | None = None   # e.g. --dry-run: then it reads only

    def applies(self, args: argparse.Namespace) -> bool:
        return not (self.unless and self.unless(args))


@overload
def writes(parser: argparse.ArgumentParser, run: Writer) -> None: ...
@overload
def writes(parser: argparse.ArgumentParser, run: PreviewingWriter, *,
           unless: Callable[[argparse.Namespace], bool]) -> None: ...


def writes(parser: argparse.ArgumentParser, run: Any, *,
           unless: Callable[[argparse.Namespace], bool] | None = None) -> None:
    """Declare a command that changes data: it runs as the account ``--user`` names, after its password.

    ``run(args, session)`` gets the signed-in session (its store is closed after ``run``); when ``unless``
    holds for the arguments the command only reads, and ``run`` gets ``None``.
    """
    parser.add_argument("--user", metavar="NAME", help=USER_HELP + "；修改数据的命令必须指定")
    parser.set_defaults(handler=run, access=WriteAccess(unless))


def signs_in_itself(parser: argparse.ArgumentParser, run: Reader, *, user_help: str = USER_HELP) -> None:
    """Declare a command that checks the account's password itself (``--user`` required)."""
    parser.add_argument("--user", metavar="NAME", required=True, help=user_help)
    parser.set_defaults(handler=run, access=Access.SIGNS_IN_ITSELF)


def access_of(args: argparse.Namespace) -> Access:
    declared = getattr(args, "access", None)
    if declared is None:
        return Access.READS
    if isinstance(declared, WriteAccess):
        return Access.WRITES if declared.applies(args) else Access.READS
    return Access(declared)


def _run_writer(args: argparse.Namespace, run: Writer) -> int:
    from dutyroom.cli.common import authenticate, open_from_args
    from dutyroom.clock import SystemClock

    if not args.user:
        raise AuthError("该命令会修改数据，须用 --user 指定办理的账户（密码取自环境变量 DUTYROOM_PASSWORD，"
                        "或在终端输入）。")
    store = open_from_args(args)
    try:
        actor = authenticate(store, args.user)
        if actor.must_change_password:
            raise AuthError(f"账户“{actor.username}”使用的是临时密码，修改之前不能办理其他操作："
                            f"请先运行 dutyroom accounts passwd --user {actor.username}。")
        return int(run(args, Session(store, actor, SystemClock())) or 0)
    finally:
        store.close()


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed subcommand; every way it can end becomes an exit code and Chinese on stderr."""
    from dutyroom.store.database import reads_only

    try:
        access = access_of(args)
        if access is Access.WRITES:
            return _run_writer(args, args.handler)
        if access is Access.SIGNS_IN_ITSELF:
            return int(args.handler(args) or 0)
        with reads_only(f"dutyroom {getattr(args, 'command', None) or ''}".rstrip()):   # a write here fails
            if isinstance(getattr(args, "access", None), WriteAccess):
                return int(args.handler(args, None) or 0)
            return int(args.handler(args) or 0)
    except DutyRoomError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    except sqlite3.Error as exc:        # a lock, a full disk, a failing disk met outside a transaction
        from dutyroom.store.failures import explain

        explained = explain(exc, None, outcome="命令未完成")
        print(explained.message if explained else f"数据文件出错：{exc}（命令未完成）", file=sys.stderr)
        return 2
    except OSError as exc:      # a path the system refuses (too long, no permission, a folder …) met on the way
        print(f"无法访问“{exc.filename or ''}”：{os_error_text(exc)}。命令未完成。", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get(TRACEBACKS_VARIABLE) == "1":
            raise
        return _report_fault(args, exc)


def _report_fault(args: argparse.Namespace, exc: Exception) -> int:
    from dutyroom.crashlog import log_exception

    log = None
    try:
        from dutyroom.cli.common import db_location

        path, _create = db_location(args)
        log = log_exception(path, exc, f"dutyroom {getattr(args, 'command', '')}")
    except Exception:        # noqa: BLE001 - not even the data folder could be named: say so, without the log
        log = None
    where = f"详细记录已写入 {log}，请将该文件交给维护人员。" if log else "未能写入日志文件。"
    print(f"命令未能完成：程序内部出错（{type(exc).__name__}）。{where}", file=sys.stderr)
    return 2
