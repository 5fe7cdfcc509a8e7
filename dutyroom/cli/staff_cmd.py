"""``dutyroom staff import|list|set``: the duty staff (值班人员) — who may serve as what — from the command line."""

from __future__ import annotations

import argparse
import json
import re
from typing import Any

from dutyroom.cli.access import writes
from dutyroom.cli.common import open_from_args, parse_day, print_import, run_import
from dutyroom.cli.parser import whole_number
from dutyroom.errors import ValidationError
from dutyroom.session import Session


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("staff", help="值班人员：导入名单、列出、设置值班岗位", parents=[common])
    actions = group.add_subparsers(dest="staff_action", metavar="ACTION", required=True)

    importing = actions.add_parser("import", help="从Excel（.xlsx）导入值班人员名单/花名册", parents=[common])
    importing.add_argument("file", metavar="FILE.xlsx")
    importing.add_argument("--dry-run", action="store_true", help="只显示每个人的结果，不写入")
    importing.add_argument("--json", action="store_true", help="以JSON输出结果")
    writes(importing, run_staff_import, unless=lambda args: args.dry_run)   # needs 维护值班人员及其值班岗位

    listing = actions.add_parser("list", help="列出值班人员及其值班岗位、不值夜班和账户", parents=[common])
    listing.add_argument("--json", action="store_true", help="以JSON输出")
    listing.add_argument("--all", action="store_true", help="也列出本局尚未设为值班人员的人")
    listing.set_defaults(handler=run_list)

    setting = actions.add_parser("set", help="设置某人的值班岗位、不值夜班、到岗和调离日期", parents=[common])
    setting.add_argument("name", metavar="NAME", nargs="?", help="姓名（重名时用 --id）")
    setting.add_argument("--id", type=whole_number("人员编号", 1, 999_999_999), help="人员编号（见 staff list --json）")
    setting.add_argument("--roles", metavar="ROLES",
                         help="可担任的值班岗位，逗号分隔：leader,chief,officer,standby（或 带班领导,值班长,值班员,备勤）；"
                              "空字符串表示不再担任任何岗位")
    night = setting.add_mutually_exclusive_group()
    night.add_argument("--no-night", dest="no_night", action="store_const", const=True, help="不值夜班")
    night.add_argument("--night", dest="no_night", action="store_const", const=False, help="可以值夜班")
    setting.add_argument("--join", metavar="YYYY-MM-DD", help="到岗日期（此前不排班；none 清除）")
    setting.add_argument("--leave", metavar="YYYY-MM-DD", help="调离日期（此后不排班；none 清除）")
    setting.add_argument("--max-per-month", metavar="N", help="每月值班上限（none 清除）")
    setting.add_argument("--off", action="store_true", help="不再作为值班人员（以往的值班保留）")
    setting.add_argument("--json", action="store_true", help="以JSON输出修改后的人员")
    writes(setting, run_set)                # the account needs 维护值班人员及其值班岗位


def run_staff_import(args: argparse.Namespace, session: Session | None) -> int:
    from dutyroom.roster.staff_import import import_staff, preview_staff_import

    plan = run_import(args, session, preview_staff_import, import_staff)
    if args.json:
        print(json.dumps(plan.as_json(), ensure_ascii=False))
        return 0
    print_import(plan, args.dry_run)
    for notice in plan.notices:
        print(f"  注意：{notice}")
    return 0


def _row(member: Any) -> str:
    roles = "、".join(member.role_labels) or "（未设岗位）"
    extra = "，不值夜班" if member.no_night else ""
    if member.leave_date:
        extra += f"，{member.leave_date}调离"
    account = member.account or "无账户"
    return f"{member.name}\t{member.unit}\t{member.position}\t{roles}{extra}\t{account}"


def run_list(args: argparse.Namespace) -> int:
    from dutyroom.roster.staff import staff_list

    store = open_from_args(args)
    try:
        members = staff_list(store, include_bureau=args.all)
    finally:
        store.close()
    if args.json:
        print(json.dumps([m.as_json() for m in members], ensure_ascii=False))
        return 0
    if not members:
        print("还没有值班人员。可用 dutyroom staff import 导入值班人员名单。")
    for member in members:
        print(_row(member))
    return 0


def _optional_day(text: str | None) -> Any:
    from dutyroom.roster.staff import KEEP

    if text is None:
        return KEEP
    return None if text.strip().lower() in ("none", "") else parse_day(text)


def _optional_count(text: str | None) -> Any:
    from dutyroom.roster.staff import KEEP

    if text is None:
        return KEEP
    if text.strip().lower() in ("none", ""):
        return None
    if not re.fullmatch(r"[0-9]{1,3}", text.strip()):
        raise ValidationError(f"每月值班上限“{text[:20]}”应为0到999之间的整数，或 none 表示不限。")
    return int(text)


def _person(store: Any, args: argparse.Namespace) -> int:
    from dutyroom.roster.staff import find_staff, staff_member

    if args.id is not None:
        return staff_member(store, args.id).id
    if not args.name:
        raise ValidationError("请给出姓名，或用 --id 指定人员。")
    found = find_staff(store, args.name)
    if not found:
        raise ValidationError(f"没有名为“{args.name}”的人员；新人请先导入值班人员名单或在通讯录中添加。")
    if len(found) > 1:
        where = "、".join(f"{m.unit or '无单位'}（--id {m.id}）" for m in found)
        raise ValidationError(f"有{len(found)}人名为“{args.name}”：{where}，请用 --id 指定。")
    return found[0].id


def run_set(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.roster.staff import KEEP, StaffChange, staff_member, update_staff

    person_id = _person(session.store, args)
    change = StaffChange(roles=KEEP if args.roles is None else args.roles,
                         no_night=KEEP if args.no_night is None else args.no_night,
                         join_date=_optional_day(args.join), leave_date=_optional_day(args.leave),
                         max_per_month=_optional_count(args.max_per_month), staff=False if args.off else KEEP)
    changed = bool(update_staff(session, [person_id], change))
    member = staff_member(session.store, person_id)
    if args.json:
        print(json.dumps({**member.as_json(), "changed": changed}, ensure_ascii=False))
        return 0
    print(("已修改：" if changed else "没有变化：") + _row(member).replace("\t", "　"))
    return 0
