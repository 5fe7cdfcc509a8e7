"""``dutyroom calendar import|show``: a year's holiday arrangement (法定节假日 and 调休上班日) as a JSON file."""

from __future__ import annotations

import argparse
import json
from typing import Any

from dutyroom.cli.access import writes
from dutyroom.cli.common import open_from_args
from dutyroom.cli.parser import whole_number
from dutyroom.cli.roster_cmd import read_json
from dutyroom.session import Session


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("calendar", help="节假日安排：从JSON文件录入某年的安排、查看某年", parents=[common])
    actions = group.add_subparsers(dest="calendar_action", metavar="ACTION", required=True)

    importing = actions.add_parser("import", help="录入某年的节假日安排（JSON文件，同年原有的录入作废）", parents=[common])
    importing.add_argument("file", metavar="FILE.json", help="节假日安排文件，“-”表示标准输入")
    writes(importing, run_import)       # the account needs 录入节假日安排

    show = actions.add_parser("show", help="查看某年的节假日安排（本单位录入的，或内置日历的）", parents=[common])
    show.add_argument("--year", type=whole_number("年份", 1900, 2100), required=True)
    show.add_argument("--json", action="store_true", help="以JSON输出（可直接用 calendar import 导入）")
    show.set_defaults(handler=run_show)


def run_import(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.roster.calendar_file import calendar_json, import_calendar

    data = read_json(args.file, "节假日安排文件")
    year, _year_id = import_calendar(session, data)
    shown = calendar_json(session.store, year)
    print(f"已录入{year}年节假日安排：" + "、".join(f"{r['name']}{r['days']}天" for r in shown["ranges"])
          + f"；调休上班{len(shown['workdays'])}天。")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from dutyroom.roster.calendar_file import calendar_json

    store = open_from_args(args)
    try:
        shown = calendar_json(store, args.year)
    finally:
        store.close()
    if args.json:
        print(json.dumps(shown, ensure_ascii=False))
        return 0
    print(f"{args.year}年节假日安排（{shown['origin']}）")
    if not shown["known"]:
        print("  尚未录入：可用 dutyroom calendar import FILE.json 录入国务院办公厅公布的安排。")
    for item in shown["ranges"]:
        print(f"  {item['name']}：{item['first']} 至 {item['last']}，共{item['days']}天")
    if shown["workdays"]:
        print("  调休上班：" + "、".join(shown["workdays"]))
    return 0
