"""``dutyroom setup status|unit|skip|resume``: the 开通 steps of a new county from the command line."""

from __future__ import annotations

import argparse
import json
from typing import Any

from dutyroom.cli.access import writes
from dutyroom.cli.common import open_from_args, parse_day
from dutyroom.clock import SystemClock
from dutyroom.errors import ValidationError
from dutyroom.session import Session

UNIT_OPTIONS = (("name", "org.name", "单位名称，如 临江县应急管理局"), ("county", "org.county", "县（区）名称"),
                ("phone", "duty.phone", "值班电话"), ("fax", "duty.fax", "传真"),
                ("handover", "duty.handover_time", "交接班时间，如 08:30"))


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("setup", help="开通：新单位从空数据文件到第一个月排班的各步骤", parents=[common])
    actions = group.add_subparsers(dest="setup_action", metavar="ACTION", required=True)

    status = actions.add_parser("status", help="列出开通步骤及其完成情况", parents=[common])
    status.add_argument("--date", metavar="YYYY-MM-DD", help="按该日期判断下一个要排班的月份（默认今天）")
    status.add_argument("--json", action="store_true", help="以JSON输出")
    status.set_defaults(handler=run_status)

    unit = actions.add_parser("unit", help="本单位：名称、值班电话、传真、交接班时间、班制", parents=[common])
    for option, _key, text in UNIT_OPTIONS:
        unit.add_argument(f"--{option}", help=text)
    split = unit.add_mutually_exclusive_group()
    split.add_argument("--officer-split", dest="split", action="store_const", const=True,
                       help="值班员分白班、夜班")
    split.add_argument("--no-officer-split", dest="split", action="store_const", const=False,
                       help="值班员24小时一班")
    writes(unit, run_unit)                 # the account needs 修改系统设置

    for name, later, text in (("skip", True, "把某一步留到以后再做（不再列入开通清单）"),
                              ("resume", False, "把留到以后的一步重新列入开通清单")):
        action = actions.add_parser(name, help=text, parents=[common])
        action.add_argument("step", metavar="STEP", help="步骤：unit contacts staff accounts calendar history first_month")
        action.set_defaults(later=later)
        writes(action, run_skip)


def _today(text: str | None) -> Any:
    return parse_day(text) or SystemClock().now().date()


def run_status(args: argparse.Namespace) -> int:
    from dutyroom.setup.steps import setup_progress

    store = open_from_args(args)
    try:
        progress = setup_progress(store, _today(args.date))
    finally:
        store.close()
    if args.json:
        print(json.dumps(progress.as_json(), ensure_ascii=False))
        return 0
    year, month = progress.month
    print(f"开通进度（下一个要排班的月份：{year}年{month}月）" + ("：全部完成" if progress.finished else ""))
    for number, step in enumerate(progress.steps, start=1):
        optional = "（可选）" if step.optional else ""
        print(f"  {number}. [{step.status_label}] {step.title}{optional}：{step.detail}")
    return 0


def run_unit(args: argparse.Namespace, session: Session) -> int:
    from dutyroom import settings

    values = {key: getattr(args, option) for option, key, _text in UNIT_OPTIONS if getattr(args, option) is not None}
    if args.split is not None:
        values["roster.officer_split"] = args.split
    if not values:
        raise ValidationError("请至少给出一项，例如 --name 临江县应急管理局 --phone 0000-6600110。")
    settings.set_many(session, values)
    shown = settings.get_many(session.store, *values)
    words = {True: "是", False: "否"}
    print("已保存：" + "，".join(f"{settings.SETTINGS[k].label} {words.get(v, v) if isinstance(v, bool) else v}"
                             for k, v in shown.items()))
    return 0


def run_skip(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.setup.steps import skip_step

    skipped = skip_step(session, args.step, later=args.later)
    print("以后再做的步骤：" + ("、".join(skipped) if skipped else "无"))
    return 0
