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
from dutyroom.errors import ValidationError
from dutyroom.store import Store

Render = Callable[[Store, argparse.Namespace, datetime], bytes]


@dataclass(frozen=True)
class PrintKind:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    render: Render
    docx: Render | None = None      # kinds that also print as .docx for editing take --docx FILE.docx


def _week_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="该日期所在的一周（默认本周）")


def _render_week(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.printing.week import render_week_duty, week_duty_doc

    day = parse_day(args.date) or now.date()
    return render_week_duty(week_duty_doc(store, day, now))


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--id", metavar="N", type=int, required=True, help="报告编号（信息专报或灾情报告）")


def _render_report(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.printing.incident_report import render_report

    return render_report(store, args.id, now)


def _render_report_docx(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.printing.incident_docx import render_special_report_docx
    from dutyroom.printing.incident_report import special_report_doc

    return render_special_report_docx(special_report_doc(store, args.id, now))


def _incident_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--id", metavar="N", type=int, required=True, help="事件编号（数据库中的事件id）")
    parser.add_argument("--officer", metavar="NAME", default="", help="报告人姓名（印在卡片上）")


def _render_phone_card(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.printing.incident_report import phone_card, render_phone_card

    return render_phone_card(phone_card(store, args.id, args.officer, now))


def _month_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", metavar="YYYY-MM", help="统计月份（默认本月）")


def _render_timeliness(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.cli.common import parse_month
    from dutyroom.incidents.stats import timeliness
    from dutyroom.printing.timeliness import render_timeliness

    year, month = parse_month(args.month) if args.month else (now.year, now.month)
    return render_timeliness(timeliness(store, year, month, now), now)


PRINT_KINDS: dict[str, PrintKind] = {
    kind.name: kind for kind in (
        PrintKind("week", "本周值班安排（A4横向）", _week_arguments, _render_week),
        # incident reporting (issue 6)
        PrintKind("report", "突发事件信息专报（首报/续报/终报/核报）或灾情报告；--docx 另存Word文档", _report_arguments,
                  _render_report, docx=_render_report_docx),
        PrintKind("phone-card", "电话报告要点（一页卡片，电话报告时照读）", _incident_arguments, _render_phone_card),
        PrintKind("timeliness", "信息报送及时率月度统计", _month_arguments, _render_timeliness),
    )
}


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("print", help="生成打印件（PDF）", parents=[common])
    kinds = group.add_subparsers(dest="print_kind", metavar="KIND", required=True)
    for kind in PRINT_KINDS.values():
        parser = kinds.add_parser(kind.name, help=kind.help, parents=[common])
        kind.add_arguments(parser)
        parser.add_argument("--out", metavar="FILE.pdf", required=kind.docx is None, help="输出PDF文件")
        if kind.docx is not None:
            parser.add_argument("--docx", metavar="FILE.docx", help="另存为Word文档（.docx，便于修改）")
        parser.set_defaults(handler=_run, print_kind_spec=kind)


def _run(args: argparse.Namespace) -> int:
    kind: PrintKind = args.print_kind_spec
    docx_path = getattr(args, "docx", None)
    if not args.out and not docx_path:
        raise ValidationError("请用 --out FILE.pdf 或 --docx FILE.docx 指定输出文件。")
    store = open_from_args(args)
    try:
        now = SystemClock().now()
        outputs = []
        if args.out:
            outputs.append((args.out, kind.render(store, args, now)))
        if docx_path and kind.docx is not None:
            outputs.append((docx_path, kind.docx(store, args, now)))
    finally:
        store.close()
    for target, data in outputs:
        print(f"已生成：{write_output(target, data)}")
    return 0
