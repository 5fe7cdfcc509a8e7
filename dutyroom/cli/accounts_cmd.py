"""``dutyroom accounts create-admin|create-from-staff``: the first administrator of a new data file, and an
account for every duty staff member at once with their printed slips."""

from __future__ import annotations

import argparse
import json
from typing import Any

from dutyroom.cli.common import open_from_args, read_new_password, session_for, user_option, writable_output
from dutyroom.clock import SystemClock
from dutyroom.errors import ValidationError


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("accounts", help="账户：新数据文件的管理员、为值班人员批量创建账户", parents=[common])
    actions = group.add_subparsers(dest="accounts_action", metavar="ACTION", required=True)

    admin = actions.add_parser("create-admin", help="在新数据文件中创建第一个账户（管理员、办公室）", parents=[common])
    admin.add_argument("--user", metavar="USERNAME", required=True, help="管理员的用户名")
    admin.add_argument("--name", metavar="姓名", help="姓名（默认同用户名）")
    admin.set_defaults(handler=run_create_admin)

    staff = actions.add_parser("create-from-staff", parents=[common],
                               help="为每位尚无账户的值班人员创建账户，并打印账户通知单（初始密码只印在通知单上）")
    staff.add_argument("--out", metavar="SLIPS.pdf", required=True, help="账户通知单（PDF）")
    staff.add_argument("--json", action="store_true", help="以JSON输出创建的账户（不含密码）")
    user_option(staff, "管理账户和角色")
    staff.set_defaults(handler=run_create_from_staff)


def run_create_admin(args: argparse.Namespace) -> int:
    from dutyroom.auth import accounts

    username = accounts.validate_username(args.user)
    password = read_new_password("管理员密码")
    accounts.validate_password(password)
    store = open_from_args(args, create=True)   # the first-run path: the one command that may make the file
    try:
        admins = store.column("SELECT a.username FROM account a JOIN account_role r ON r.account_id = a.id"
                              " AND r.role = 'admin' WHERE a.voided_at IS NULL ORDER BY a.id")
        if admins:
            raise ValidationError(f"该数据文件已有管理员账户（{admins[0]}），不能再创建初始管理员；"
                                  "请用管理员账户登录后在“账户管理”中新建账户。")
        actor = accounts.create_first_admin(store, SystemClock(), username=username, password=password,
                                            display_name=args.name or username)
    finally:
        store.close()
    print(f"已创建管理员账户“{actor.username}”（{actor.roles_label}）：{store.path}")
    return 0


def run_create_from_staff(args: argparse.Namespace) -> int:
    from dutyroom import settings
    from dutyroom.auth.bulk import create_staff_accounts
    from dutyroom.printing.account_slips import render_account_slips, slips_doc

    out = writable_output(args.out)
    store = open_from_args(args)
    try:
        session = session_for(store, args.user)
        org_name = settings.get(store, "org.name")

        def deliver(made: list[Any]) -> None:
            try:
                out.write_bytes(render_account_slips(slips_doc(org_name, made, session.now())))
            except OSError as exc:
                raise ValidationError(f"无法写入“{out}”：{exc.strerror or exc}；没有创建任何账户。") from exc

        made = create_staff_accounts(session, deliver)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{"name": a.name, "user": a.username, "role": a.role, "role_label": a.role_label,
                           "unit": a.unit} for a in made], ensure_ascii=False))
        return 0
    print(f"已创建{len(made)}个账户，初始密码只印在账户通知单上：{out}")
    for account in made:
        print(f"  {account.name}\t{account.username}\t{account.role_label}")
    return 0
