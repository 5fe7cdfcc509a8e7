"""The accounts area: accounts, their roles, and the login throttle."""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission
from dutyroom.changes import Area

DECLARATION = Declaration(
    tables={Area.ACCOUNTS: ("account", "account_role", "login_state", "login_salt")},
    permissions={
        "account.manage": Permission("管理账户和角色", frozenset({"admin"})),
    },
    audit_ops={
        "account.create": "新建账户", "account.create_for_staff": "为值班人员批量创建账户", "account.update": "修改账户", "account.set_roles": "修改角色",
        "account.reset_password": "设置临时密码", "account.change_password": "修改密码", "account.void": "停用账户",
        "auth.login": "登录", "auth.login_failed": "登录失败",
    },
    entities={"account": "账户", "account_role": "账户角色"},
    bookkeeping=frozenset({"login_state", "login_salt"}),     # failed-login counters and their key
    fields={
        "display_name": "姓名", "roles": "角色", "must_change_password": "须改密码", "username": "用户名",
        "last_login_at": "最近登录", "failures": "失败次数",
    },
)
