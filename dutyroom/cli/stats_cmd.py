"""``dutyroom stats show|export``: the statistics of a month, a year or any range, read-only (no password)."""

from __future__ import annotations

import argparse
import json
from typing import Any

from dutyroom.cli.common import open_from_args, parse_day, write_output
from dutyroom.clock import SystemClock
from dutyroom.stats.period import Period, parse_period


def period_options(parser: argparse.ArgumentParser, *, ranges: bool = True) -> None:
    group = parser.add_mutually_exclusive_group(required=not ranges)
    group.add_argument("--month", metavar="YYYY-MM", help="统计一个月，例如 2026-11")
    group.add_argument("--year", metavar="YYYY", type=int, help="统计一年，例如 2026")
    if ranges:
        parser.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help="统计期间的第一天")
        parser.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help="统计期间的最后一天")


def period_from_args(args: argparse.Namespace) -> Period:
    return parse_period(args.month, args.year, parse_day(getattr(args, "first", None)),
                        parse_day(getattr(args, "last", None)))


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("stats", help="统计分析（值班、信息报送、预警叫应、值班日志、通讯录）", parents=[common])
    actions = group.add_subparsers(dest="stats_action", metavar="ACTION", required=True)
    show = actions.add_parser("show", help="显示一个期间的统计", parents=[common])
    period_options(show)
    show.add_argument("--json", action="store_true", help="输出JSON")
    show.set_defaults(handler=run_show)
    export = actions.add_parser("export", help="导出统计表（.xlsx，每个图表一张工作表）", parents=[common])
    period_options(export, ranges=False)
    export.add_argument("--out", metavar="FILE.xlsx", required=True, help="输出文件")
    export.set_defaults(handler=run_export)


def _report(args: argparse.Namespace) -> Any:
    from dutyroom.stats.report import stats_report

    period = period_from_args(args)
    store = open_from_args(args)
    try:
        return stats_report(store, period, SystemClock().now())
    finally:
        store.close()


def run_show(args: argparse.Namespace) -> int:
    report = _report(args)
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
        return 0
    from dutyroom.stats.views import build_views

    print(report.title)
    print(f"统计期间：{report.period.range_text}")
    for view in build_views(report):
        print(f"\n【{view.title}】")
        for summary in dict.fromkeys(panel.summary for panel in view.panels if panel.summary):
            print(summary)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from dutyroom.stats.export import report_xlsx

    data = report_xlsx(_report(args))
    print(f"已生成：{write_output(args.out, data)}")
    return 0
