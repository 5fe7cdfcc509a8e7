"""``dutyroom print KIND … --out FILE.pdf``: every printout, from the command line.

Each kind names its options and a render function (store, args, now) -> PDF bytes. Later printouts
add an entry to ``PRINT_KINDS``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dutyroom.cli.common import open_from_args, parse_day, write_output
from dutyroom.clock import SystemClock
from dutyroom.store import Store

Render = Callable[[Store, argparse.Namespace, datetime], bytes]


@dataclass(frozen=True)
class PrintKind:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    render: Render


def _week_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="该日期所在的一周（默认本周）")


def _render_week(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.printing.week import render_week_duty, week_duty_doc

    day = parse_day(args.date) or now.date()
    return render_week_duty(week_duty_doc(store, day, now))


PRINT_KINDS: dict[str, PrintKind] = {
    kind.name: kind for kind in (
        PrintKind("week", "本周值班安排（A4横向）", _week_arguments, _render_week),
    )
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("print", help="生成打印件（PDF）", parents=[common])
    kinds = group.add_subparsers(dest="print_kind", metavar="KIND", required=True)
    for kind in PRINT_KINDS.values():
        parser = kinds.add_parser(kind.name, help=kind.help, parents=[common])
        kind.add_arguments(parser)
        parser.add_argument("--out", metavar="FILE.pdf", required=True, help="输出PDF文件")
        parser.set_defaults(handler=_run, print_kind_spec=kind)


def _run(args: argparse.Namespace) -> int:
    kind: PrintKind = args.print_kind_spec
    store = open_from_args(args)
    try:
        data = kind.render(store, args, SystemClock().now())
    finally:
        store.close()
    path = write_output(args.out, data)
    print(f"已生成：{path}")
    return 0
