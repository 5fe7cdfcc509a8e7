"""``dutyroom`` command line: no subcommand starts the GUI; subcommands work without a display."""

from __future__ import annotations

import argparse
import sys

from dutyroom.cli.parser import ChineseArgumentParser


def _add_db_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--db", metavar="PATH", default=default,
                        help="数据文件路径（默认在用户数据文件夹中）")
    parser.add_argument("--demo", action="store_true", default=default,
                        help="使用演示县数据（单独的演示数据文件，首次使用时自动生成）")


def build_parser() -> argparse.ArgumentParser:
    from dutyroom.cli import (
        accounts_cmd,
        audit_cmd,
        backup_cmd,
        calendar_cmd,
        contacts_cmd,
        dutylog_cmd,
        print_cmd,
        roster_cmd,
        rules_cmd,
        selftest,
        setup_cmd,
        shots,
        staff_cmd,
        stats_cmd,
        warning_cmd,
    )

    parser = ChineseArgumentParser(prog="dutyroom", description="DutyRoom 值班室")
    parser.add_argument("--version", action="store_true", help="显示版本、数据文件和日志文件夹的位置，然后退出")
    _add_db_options(parser, None)
    # Subcommands accept --db/--demo after their name too; SUPPRESS keeps the top-level value.
    common = ChineseArgumentParser(add_help=False)
    _add_db_options(common, argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="命令")
    for module in (selftest, shots, audit_cmd, print_cmd, roster_cmd, contacts_cmd, dutylog_cmd, rules_cmd,
                   backup_cmd, setup_cmd, accounts_cmd, staff_cmd, calendar_cmd, stats_cmd, warning_cmd):
        module.register(commands, common)
    return parser


def gui_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The options of a plain start of the GUI, or None when ``argv`` names a subcommand or asks for help.

    Starting the GUI must not pay for the whole command tree (every subcommand module and what it
    imports): a plain start is read with a parser that knows only --db and --demo.
    """
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    parser = ChineseArgumentParser(prog="dutyroom", add_help=False)
    _add_db_options(parser, None)
    args, rest = parser.parse_known_args(argv)
    return None if rest else args


def version_arguments(argv: list[str]) -> argparse.Namespace | None:
    """``--version`` with at most --db/--demo beside it, read like a plain start (without the command tree)."""
    if "--version" not in argv:
        return None
    parser = ChineseArgumentParser(prog="dutyroom", add_help=False)
    _add_db_options(parser, None)
    parser.add_argument("--version", action="store_true")
    args, rest = parser.parse_known_args(argv)
    return None if rest else args


def version_text(args: argparse.Namespace) -> str:
    """The version, and the data file these options would open (nothing is opened or made)."""
    from dutyroom import about
    from dutyroom.cli.common import db_location
    from dutyroom.store.migrations import available

    path, _create = db_location(args)
    return "\n".join([about.version_line(), *about.facts(path, len(available()), exists=path.exists())])


def _print_version(args: argparse.Namespace) -> int:
    print(version_text(args))
    return 0


def _start_gui(args: argparse.Namespace) -> int:
    from dutyroom.cli.common import db_location
    from dutyroom.gui.app import run

    path, create_folder = db_location(args)
    return run(path, demo=bool(args.demo), create_folder=create_folder)


def main(argv: list[str] | None = None) -> int:
    from dutyroom.cli.access import run_command

    argv = sys.argv[1:] if argv is None else list(argv)
    unreadable = next((arg for arg in argv if any(0xD800 <= ord(c) <= 0xDFFF for c in arg)), None)
    if unreadable is not None:      # bytes the system could not decode (not UTF-8): say so, not a traceback later
        print(f"参数“{unreadable.encode('utf-8', 'replace').decode('utf-8')}”中有无法识别的字符（不是UTF-8编码），"
              "请检查输入或文件名。", file=sys.stderr)
        return 2
    args = gui_arguments(argv) or version_arguments(argv)
    if args is None:
        args = build_parser().parse_args(argv)
    if getattr(args, "version", False):
        args.handler = _print_version
    elif getattr(args, "command", None) is None:
        from dutyroom.cli.access import Access

        args.handler, args.access = _start_gui, Access.SIGNS_IN_ITSELF     # the GUI's own sign-in dialog
    return run_command(args)
