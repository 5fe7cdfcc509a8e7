"""``dutyroom accounts create-admin|create-from-staff|passwd``: the first administrator of a new data file, an
account for every duty staff member at once with their printed slips, and changing one's own password.

``create-from-staff`` changes data as the signed-in ``--user`` (see ``access.writes``). ``create-admin`` and
``passwd`` check passwords their own way: the first administrator is made only in a file that has no account
yet (there is no one to sign in), and ``passwd`` is the one thing an account on a temporary password may do —
the current password as for every command, the new one from ``DUTYROOM_NEW_PASSWORD`` or asked twice without
echo (from a script: the next two lines of standard input).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from dutyroom.cli.access import signs_in_itself, writes
from dutyroom.cli.common import (
    NEW_PASSWORD_VARIABLE,
    open_from_args,
    read_new_password,
    read_password,
    writable_output,
)
from dutyroom.clock import SystemClock
from dutyroom.errors import ValidationError, os_error_text
from dutyroom.session import Session


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("accounts", help="账户：新数据文件的管理员、为值班人员批量创建账户、修改本人密码",
                                parents=[common])
    actions = group.add_subparsers(dest="accounts_action", metavar="ACTION", required=True)

    admin = actions.add_parser("create-admin", help="在新数据文件中创建第一个账户（管理员、办公室）", parents=[common])
    admin.add_argument("--name", metavar="姓名", help="姓名（默认同用户名）")
    signs_in_itself(admin, run_create_admin, user_help="管理员的用户名（密码取自环境变量 DUTYROOM_PASSWORD，"
                                                      "或在终端输入两次，不回显）")

    staff = actions.add_parser("create-from-staff", parents=[common],
                               help="为每位尚无账户的值班人员创建账户，并打印账户通知单（初始密码只印在通知单上）")
    staff.add_argument("--out", metavar="SLIPS.pdf", required=True, help="账户通知单（PDF）")
    staff.add_argument("--json", action="store_true", help="以JSON输出创建的账户（不含密码）")
    writes(staff, run_create_from_staff)      # the account needs 管理账户和角色

    passwd = actions.add_parser("passwd", help="修改本人密码（临时密码须先改掉才能办理其他操作）", parents=[common])
    signs_in_itself(passwd, run_passwd)


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


def run_create_from_staff(args: argparse.Namespace, session: Session) -> int:
    from dutyroom import settings
    from dutyroom.auth.bulk import create_staff_accounts
    from dutyroom.printing.account_slips import render_account_slips, slips_doc

    out = writable_output(args.out)
    org_name = settings.get(session.store, "org.name")

    def deliver(made: list[Any]) -> None:
        try:
            out.write_bytes(render_account_slips(slips_doc(org_name, made, session.now())))
        except OSError as exc:
            raise ValidationError(f"无法写入“{out}”：{os_error_text(exc)}；没有创建任何账户。") from exc

    made = create_staff_accounts(session, deliver)
    if args.json:
        print(json.dumps([{"name": a.name, "user": a.username, "role": a.role, "role_label": a.role_label,
                           "unit": a.unit} for a in made], ensure_ascii=False))
        return 0
    print(f"已创建{len(made)}个账户，初始密码只印在账户通知单上：{out}")
    for account in made:
        print(f"  {account.name}\t{account.username}\t{account.role_label}")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    from dutyroom.auth import accounts

    store = open_from_args(args)
    try:
        clock = SystemClock()
        current = read_password(args.user)
        actor = accounts.login(store, args.user, current, clock)     # throttled like every sign-in
        new = read_new_password("新密码", NEW_PASSWORD_VARIABLE)
        accounts.change_own_password(Session(store, actor, clock), current, new)
    finally:
        store.close()
    print(f"账户“{args.user}”的密码已修改。")
    return 0
