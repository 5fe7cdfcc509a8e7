"""Account roles and what each may do. Checked inside core operations, not only in the GUI."""

from __future__ import annotations

ROLE_LABELS: dict[str, str] = {
    "officer": "值班员",
    "chief": "值班长",
    "leader": "带班领导",
    "office": "办公室",
    "admin": "管理员",
}
SYSTEM_ROLE = "system"

_DUTY_STAFF = frozenset({"officer", "chief", "leader"})

# permission -> (what it is called in refusals, roles that hold it)
PERMISSIONS: dict[str, tuple[str, frozenset[str]]] = {
    "account.manage": ("管理账户和角色", frozenset({"admin"})),
    "settings.edit": ("修改系统设置", frozenset({"admin", "office"})),
    "org.edit": ("维护单位和人员", frozenset({"office", "admin"})),
    "duty.assign": ("安排值班人员", frozenset({"office", "admin"})),
    "log.write": ("记录值班日志", _DUTY_STAFF | {"office"}),
    "audit.view": ("查看审计记录", frozenset({"admin", "office"})),
    # -- roster (issue 3) --
    "roster.plan": ("编排排班草稿", frozenset({"office", "admin"})),
    "roster.publish": ("发布排班", frozenset({"office"})),
    "roster.calendar": ("录入节假日安排", frozenset({"office", "admin"})),
    "roster.availability": ("登记请假、出差和培训", frozenset({"office", "admin"})),
    "roster.request": ("提出串班或代班申请", _DUTY_STAFF | {"office"}),
    "roster.approve": ("审批串班和代班", frozenset({"office"})),
    # contacts (issue 4): duty staff correct and verify numbers as they call; the office curates the book.
    "contacts.edit": ("修改通讯录人员和电话", _DUTY_STAFF | {"office", "admin"}),
    "contacts.verify": ("核实通讯录", _DUTY_STAFF | {"office", "admin"}),
    "contacts.manage": ("管理通讯录（导入导出、分组、常用电话、作废）", frozenset({"office", "admin"})),
    # duty log, handover and daily report (issue 5)
    "log.view": ("查看值班日志", _DUTY_STAFF | {"office"}),
    "log.amend": ("补正已交接班班次的值班记录", frozenset({"chief", "leader", "office"})),
    "log.templates": ("维护常用记录模板", frozenset({"chief", "office", "admin"})),
    "handover.do": ("办理交接班", _DUTY_STAFF),
    "report.edit": ("编写值班日报", _DUTY_STAFF | {"office"}),
    # incident reporting (issue 6)
    "incident.intake": ("接报和记录突发事件信息", _DUTY_STAFF),
    "incident.manage": ("调整事件等级、免报时限或作废事件", frozenset({"chief", "leader"})),
    "incident.signoff": ("签发信息报告", frozenset({"leader"})),
    "rules.edit": ("修改定级和报送时限规则", frozenset({"admin"})),
    # backups (issue 12)
    "backup.manage": ("备份数据、设置备份", frozenset({"admin"})),
    "backup.restore": ("从备份恢复数据", frozenset({"admin"})),
}


def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def roles_label(roles: frozenset[str] | set[str]) -> str:
    ordered = [r for r in ROLE_LABELS if r in roles]
    return "、".join(ROLE_LABELS[r] for r in ordered) or "无角色"


def allowed(roles: frozenset[str], permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    if SYSTEM_ROLE in roles:
        return True
    return bool(PERMISSIONS[permission][1] & roles)


def permission_label(permission: str) -> str:
    return PERMISSIONS[permission][0]
