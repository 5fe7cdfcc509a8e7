"""``dutyroom roster …``: solve a scenario file, export the roster, statistics and calendars."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dutyroom.cli.access import writes
from dutyroom.cli.common import open_from_args, print_import, read_input_text, run_import, write_output
from dutyroom.cli.parser import whole_number
from dutyroom.clock import SystemClock
from dutyroom.errors import ValidationError
from dutyroom.jsontext import load_json
from dutyroom.session import Session


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("roster", help="排班：生成、发布、导入历史排班、求解场景文件、导出排班表、统计和日历", parents=[common])
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

    generate = actions.add_parser("generate", help="生成某月的排班草稿（保留已固定的格，同“生成其余”）",
                                  parents=[common])
    generate.add_argument("--month", metavar="YYYY-MM", required=True)
    generate.add_argument("--json", action="store_true", help="以JSON输出（与 roster solve 相同：assignments、metrics、warnings）")
    writes(generate, run_generate)          # the account needs 编排排班草稿

    publish = actions.add_parser("publish", help="发布某月的排班草稿（成为今日值班和各打印件的排班）", parents=[common])
    publish.add_argument("--month", metavar="YYYY-MM", required=True)
    publish.add_argument("--note", default="", help="发布说明")
    publish.add_argument("--accept-issues", action="store_true", help="草稿仍有无人岗位或违反规则时也发布")
    publish.add_argument("--json", action="store_true", help="以JSON输出：{\"version\", \"duties\"}")
    writes(publish, run_publish)            # the account needs 发布排班

    history = actions.add_parser("import-history", help="把以往的月值班表（.xlsx，每月一个工作表）导入值班统计",
                                 parents=[common])
    history.add_argument("file", metavar="FILE.xlsx")
    history.add_argument("--dry-run", action="store_true", help="只显示结果，不写入")
    history.add_argument("--json", action="store_true", help="以JSON输出结果")
    writes(history, run_import_history, unless=lambda args: args.dry_run)   # needs 导入和作废历史排班

    ics = actions.add_parser("ics", help="导出某人的值班日历（.ics）", parents=[common])
    ics.add_argument("--person", metavar="姓名", required=True)
    ics.add_argument("--year", metavar="YYYY", type=whole_number("年份", 1900, 2100), help="只导出该年（默认全部）")
    ics.add_argument("--out", metavar="FILE.ics", required=True)
    ics.set_defaults(handler=run_ics)


def run_solve(args: argparse.Namespace) -> int:
    from dutyroom.roster.engine import round_robin, solve
    from dutyroom.roster.model import scenario_from_json
    from dutyroom.roster.quality import assess, solution_json

    data = read_json(args.scenario)
    scenario = scenario_from_json(data)
    solution = round_robin(scenario) if args.naive else solve(scenario)
    quality = assess(solution, warnings=scenario.warnings())
    json.dump(solution_json(solution, quality), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


def read_json(name: str, what: str = "场景文件") -> Any:
    """A JSON file named on the command line ("-": standard input), read by the one bounded JSON reader."""
    return load_json(read_input_text(name, what), what)


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


def run_generate(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.roster.planning import generate, month_range
    from dutyroom.roster.quality import solution_json

    first, last = month_range(*_month(args.month))
    solution, quality = generate(session, first, last)
    names: dict[int, str] = {r[0]: r[1] for r in session.store.rows("SELECT id, name FROM person")}
    result = solution_json(solution, quality)
    for item in result["assignments"]:
        item["name"] = names.get(int(item["person"]), "")
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"已生成{args.month}的排班草稿：{len(result['assignments'])}个岗位已安排，"
          f"无人值班{quality.metrics()['uncovered']}个，违反规则{len(quality.violations)}处。")
    for line in quality.summary_lines()[2:] + quality.warnings:
        print(f"  {line}")
    return 0


def run_publish(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.roster.planning import month_range
    from dutyroom.roster.publishing import publish

    first, last = month_range(*_month(args.month))
    version_id = publish(session, first, last, note=args.note, accept_issues=args.accept_issues)
    number = session.store.scalar("SELECT number FROM roster_version WHERE id = ?", (version_id,))
    duties = session.store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE roster_version_id = ?", (version_id,))
    if args.json:
        print(json.dumps({"version": number, "version_id": version_id, "duties": duties,
                          "first_date": first.isoformat(), "last_date": last.isoformat()}, ensure_ascii=False))
        return 0
    print(f"已发布排班第{number}版（{first}至{last}），共{duties}个值班岗位。")
    return 0


def run_import_history(args: argparse.Namespace, session: Session | None) -> int:
    from dutyroom.roster.history import import_history, preview_history

    plan = run_import(args, session, preview_history, import_history)
    if args.json:
        print(json.dumps(plan.as_json(), ensure_ascii=False))
        return 0
    print_import(plan, args.dry_run, "没有需要写入的值班")
    for (name, why), count in plan.unknown.most_common():
        print(f"  未识别：{name}（{count}处，{why}）")
    for sheet, row, reason in plan.rejected:
        print(f"  {sheet} 第{row}行：{reason}")
    for warning in plan.warnings:
        print(f"  注意：{warning}")
    return 0
