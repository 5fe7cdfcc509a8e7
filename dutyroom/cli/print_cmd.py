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
from dutyroom.cli.parser import whole_number
from dutyroom.clock import SystemClock
from dutyroom.errors import ValidationError
from dutyroom.store import Store

Render = Callable[[Store, argparse.Namespace, datetime], bytes]
RECORD_ID = whole_number("编号", 1, 999_999_999)


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


# -- roster (issue 3) --
def _roster_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", metavar="YYYY-MM", required=True, help="月份，例如 2026-12")
    parser.add_argument("--draft", action="store_true", help="打印草稿（默认打印已发布的排班，未发布时打印草稿）")


def _render_roster(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.cli.roster_cmd import _month
    from dutyroom.printing.roster import render_month_roster
    from dutyroom.roster.views import month_roster

    year, month = _month(args.month)
    return render_month_roster(month_roster(store, year, month, now, source="draft" if args.draft else "auto"))


def _holiday_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--holiday", metavar="YYYY-节日", required=True, help="例如 2027-春节、2026-国庆")


def _render_holiday(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.printing.roster import render_holiday_duty
    from dutyroom.roster.views import holiday_duty

    return render_holiday_duty(holiday_duty(store, args.holiday, now))


def _notice_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", metavar="YYYY-MM", help="该月值班日期涉及的调整（默认全部）")
    parser.add_argument("--id", metavar="N", type=RECORD_ID, action="append", help="只打印这些申请（可重复）")


def _render_notice(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.cli.roster_cmd import _month
    from dutyroom.printing.roster import render_change_notice
    from dutyroom.roster.planning import month_range
    from dutyroom.roster.views import change_notice

    first = last = None
    if args.month is not None:
        first, last = month_range(*_month(args.month))
    return render_change_notice(change_notice(store, now, first=first, last=last, ids=args.id))
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
# -- duty log, handover and daily report (issue 5) ----------------------------------------------------

def _shift_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--shift", metavar="YYYY-MM-DD", required=True, help="班次日期（交接班时刻开始的那一天）")


def _log_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--shift", metavar="YYYY-MM-DD", help="一个班次的值班日志")
    which.add_argument("--month", metavar="YYYY-MM", help="一个月每个班次的值班日志（每班次另起一页）")


def _render_log(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.cli.common import parse_month
    from dutyroom.printing.dutylog_print import log_doc, month_log_docs, render_log

    if args.month is not None:
        year, month = parse_month(args.month)
        return render_log(month_log_docs(store, year, month, now))
    return render_log([log_doc(store, parse_day(args.shift), now)])


def _render_handover(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.printing.dutylog_print import handover_doc, render_handover

    return render_handover(handover_doc(store, parse_day(args.shift), now))


def _daily_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", metavar="YYYY-MM-DD", required=True, help="日报所报的班次日期")


def _render_daily_report(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.dutylog.report import current_report
    from dutyroom.printing.daily_report import render_report_pdf, report_doc

    return render_report_pdf(report_doc(store, current_report(store, parse_day(args.date), now), now))
def _report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--id", metavar="N", type=RECORD_ID, required=True, help="报告编号（信息专报或灾情报告）")


def _render_report(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.printing.incident_report import render_report

    return render_report(store, args.id, now)


def _render_report_docx(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.printing.incident_docx import render_special_report_docx
    from dutyroom.printing.incident_report import special_report_doc

    return render_special_report_docx(special_report_doc(store, args.id, now))


def _incident_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--id", metavar="N", type=RECORD_ID, required=True, help="事件编号（数据库中的事件id）")
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

    year, month = parse_month(args.month) if args.month is not None else (now.year, now.month)
    return render_timeliness(timeliness(store, year, month, now), now)


# -- statistics (issue 15) --
def _statistics_arguments(parser: argparse.ArgumentParser) -> None:
    from dutyroom.cli.stats_cmd import period_options

    period_options(parser, ranges=False)


def _render_statistics(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.cli.stats_cmd import period_from_args
    from dutyroom.printing.statistics import render_statistics
    from dutyroom.stats.report import stats_report
    from dutyroom.stats.views import build_views

    report = stats_report(store, period_from_args(args), now)
    return render_statistics(report, build_views(report), now)


# -- warnings (issue 14) --
def _warning_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--id", metavar="N", type=int, required=True, help="预警编号（dutyroom warning list 中的id）")


def _render_warning_ledger(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom.printing.warning_ledger import ledger_doc, render_ledger

    return render_ledger(ledger_doc(store, args.id, now))


def _warning_stats_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--month", metavar="YYYY-MM", required=True, help="统计月份，例如 2026-07")


def _render_warning_stats(store: Store, args: argparse.Namespace, now: datetime) -> bytes:
    from dutyroom import settings
    from dutyroom.cli.common import parse_month
    from dutyroom.printing.warning_stats import render_warning_stats
    from dutyroom.warnings.stats import month_stats

    year, month = parse_month(args.month)
    return render_warning_stats(month_stats(store, year, month, now), str(settings.get(store, "org.name")), now)


PRINT_KINDS: dict[str, PrintKind] = {
    kind.name: kind for kind in (
        PrintKind("week", "本周值班安排（A4横向）", _week_arguments, _render_week),
        # -- roster (issue 3) --
        PrintKind("roster", "月值班表（A4横向）", _roster_arguments, _render_roster),
        PrintKind("holiday-duty", "节假日值班安排表（报上级）", _holiday_arguments, _render_holiday),
        PrintKind("change-notice", "值班调整通知（串班、代班）", _notice_arguments, _render_notice),
        # contacts (issue 4)
        PrintKind("contacts", "通讯录（按单位，A4）", _contacts_arguments, _render_contacts),
        PrintKind("desk-phones", "值班台常用电话（一页）", _no_arguments, _render_desk_phones),
        # duty log, handover and daily report (issue 5)
        PrintKind("log", "值班日志（一个班次或一个月）", _log_arguments, _render_log),
        PrintKind("handover", "交接班记录", _shift_arguments, _render_handover),
        PrintKind("daily-report", "值班日报/零报告（已保存的文本，未保存时为自动草稿）", _daily_report_arguments,
                  _render_daily_report),
        # incident reporting (issue 6)
        PrintKind("report", "突发事件信息专报（首报/续报/终报/核报）或灾情报告；--docx 另存Word文档", _report_arguments,
                  _render_report, docx=_render_report_docx),
        PrintKind("phone-card", "电话报告要点（一页卡片，电话报告时照读）", _incident_arguments, _render_phone_card),
        PrintKind("timeliness", "信息报送及时率月度统计", _month_arguments, _render_timeliness),
        # statistics (issue 15)
        PrintKind("statistics", "月度/年度值班工作统计（图表和统计表）", _statistics_arguments, _render_statistics),


        # warnings (issue 14)
        PrintKind("warning-ledger", "预警叫应台账（一次预警的叫应对象、每次叫应、应答、上报和应急广播）",
                  _warning_arguments, _render_warning_ledger),
        PrintKind("warning-stats", "预警叫应情况月度统计", _warning_stats_arguments, _render_warning_stats),
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
