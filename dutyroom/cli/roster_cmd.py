"""``dutyroom roster …``: solve a scenario file, export the roster, statistics and calendars."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dutyroom.cli.common import open_from_args, read_input_text, write_output
from dutyroom.cli.parser import whole_number
from dutyroom.clock import SystemClock
from dutyroom.errors import ValidationError
from dutyroom.jsontext import load_json


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("roster", help="排班：求解场景文件、导出排班表、统计和日历", parents=[common])
    actions = group.add_subparsers(dest="roster_action", metavar="ACTION", required=True)

    solve = actions.add_parser("solve", help="按场景文件（JSON）生成排班，结果以JSON输出到标准输出")
    solve.add_argument("scenario", metavar="SCENARIO.json", help="场景文件，“-”表示标准输入")
    solve.add_argument("--naive", action="store_true", help="用简单轮转（对照基线）代替排班引擎")
    solve.set_defaults(handler=run_solve)

    export = actions.add_parser("export", help="导出某月排班表为 .xlsx", parents=[common])
    export.add_argument("--month", metavar="YYYY-MM", required=True)
    export.add_argument("--out", metavar="FILE.xlsx", required=True)
    export.set_defaults(handler=run_export)

    holiday = actions.add_parser("holiday-xlsx", help="导出节假日值班安排表为 .xlsx", parents=[common])
    holiday.add_argument("--holiday", metavar="YYYY-节日", required=True, help="例如 2027-春节")
    holiday.add_argument("--out", metavar="FILE.xlsx", required=True)
    holiday.set_defaults(handler=run_holiday_xlsx)

    stats = actions.add_parser("stats", help="导出个人值班统计（补休、值班补助）为 .xlsx", parents=[common])
    period = stats.add_mutually_exclusive_group(required=True)
    period.add_argument("--month", metavar="YYYY-MM")
    period.add_argument("--year", metavar="YYYY", type=whole_number("年份", 1900, 2100))
    stats.add_argument("--out", metavar="FILE.xlsx", required=True)
    stats.set_defaults(handler=run_stats)

    ics = actions.add_parser("ics", help="导出某人的值班日历（.ics）", parents=[common])
    ics.add_argument("--person", metavar="姓名", required=True)
    ics.add_argument("--year", metavar="YYYY", type=whole_number("年份", 1900, 2100), help="只导出该年（默认全部）")
    ics.add_argument("--out", metavar="FILE.ics", required=True)
    ics.set_defaults(handler=run_ics)


def run_solve(args: argparse.Namespace) -> int:
    from dutyroom.roster.engine import round_robin, solve
    from dutyroom.roster.model import scenario_from_json
    from dutyroom.roster.quality import assess, solution_json

    data = _read_json(args.scenario)
    scenario = scenario_from_json(data)
    solution = round_robin(scenario) if args.naive else solve(scenario)
    quality = assess(solution, warnings=scenario.warnings())
    json.dump(solution_json(solution, quality), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def _read_json(name: str) -> Any:
    return load_json(read_input_text(name, "场景文件"), "场景文件")


def _month(text: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in text.split("-"))
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        raise ValidationError(f"月份“{text}”格式不对，应为 YYYY-MM，例如 2026-12。") from None
    return year, month


def run_export(args: argparse.Namespace) -> int:
    from dutyroom.roster.exports import month_roster_xlsx
    from dutyroom.roster.views import month_roster

    year, month = _month(args.month)
    store = open_from_args(args)
    try:
        data = month_roster_xlsx(month_roster(store, year, month, SystemClock().now()))
    finally:
        store.close()
    print(f"已生成：{write_output(args.out, data)}")
    return 0


def run_holiday_xlsx(args: argparse.Namespace) -> int:
    from dutyroom.roster.exports import holiday_duty_xlsx
    from dutyroom.roster.views import holiday_duty

    store = open_from_args(args)
    try:
        data = holiday_duty_xlsx(holiday_duty(store, args.holiday, SystemClock().now()))
    finally:
        store.close()
    print(f"已生成：{write_output(args.out, data)}")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from dutyroom.roster.exports import statistics_xlsx
    from dutyroom.roster.stats import statistics

    store = open_from_args(args)
    try:
        if args.month is not None:
            year, month = _month(args.month)
            data = statistics_xlsx(statistics(store, year, month))
        else:
            data = statistics_xlsx(statistics(store, args.year))
    finally:
        store.close()
    print(f"已生成：{write_output(args.out, data)}")
    return 0


def run_ics(args: argparse.Namespace) -> int:
    from dutyroom.roster.ics import person_calendar

    store = open_from_args(args)
    try:
        data = person_calendar(store, args.person, year=args.year, now=SystemClock().now())
    finally:
        store.close()
    print(f"已生成：{write_output(args.out, data)}")
    return 0
