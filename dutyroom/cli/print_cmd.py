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


def _contacts_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--unit", metavar="NAME", help="只印该单位及其下级（单位名称或“乡镇/村”路径）")
    parser.add_argument("--tag", metavar="TAG", help="只印带该标签的人员，例如 防汛责任人")


def _render_contacts(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.contacts.tree import find_unit
    from dutyroom.printing.contacts_book import contacts_book_doc, render_contacts_book

    unit_id = find_unit(store, args.unit) if args.unit else None
    return render_contacts_book(contacts_book_doc(store, now, unit_id=unit_id, tag=args.tag))


def _render_desk_phones(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.printing.desk_phones import desk_phones_doc, render_desk_phones

    return render_desk_phones(desk_phones_doc(store, now))


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    return None


PRINT_KINDS: dict[str, PrintKind] = {
    kind.name: kind for kind in (
        PrintKind("week", "本周值班安排（A4横向）", _week_arguments, _render_week),
        # contacts (issue 4)
        PrintKind("contacts", "通讯录（按单位，A4）", _contacts_arguments, _render_contacts),
        PrintKind("desk-phones", "值班台常用电话（一页）", _no_arguments, _render_desk_phones),
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
