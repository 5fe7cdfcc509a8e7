"""Account roles and what each may do. Checked inside core operations, not only in the GUI.

Each area declares its permissions in its ``area.py``; this module collects them.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from dutyroom import areas
from dutyroom.areas import Collected, Permission
from dutyroom.duty.roles import DUTY_ROLES, DutyRole


class AccountRole(StrEnum):
    """What an account may do (stored in ``account_role.role``); an account holds one or more."""
    OFFICER = "officer"
    CHIEF = "chief"
    LEADER = "leader"
    OFFICE = "office"
    ADMIN = "admin"


# The duty staff's roles are named after the slots they stand in.
ROLE_LABELS: dict[str, str] = {
    AccountRole.OFFICER: DUTY_ROLES[DutyRole.OFFICER],
    AccountRole.CHIEF: DUTY_ROLES[DutyRole.CHIEF],
    AccountRole.LEADER: DUTY_ROLES[DutyRole.LEADER],
    AccountRole.OFFICE: "办公室",
    AccountRole.ADMIN: "管理员",
}
SYSTEM_ROLE = "system"       # the system actor's (migrations, demo seeding): holds every permission

DUTY_STAFF = frozenset({AccountRole.OFFICER, AccountRole.CHIEF, AccountRole.LEADER})

# permission -> (what it is called in refusals, roles that hold it)
PERMISSIONS: Mapping[str, Permission] = Collected(areas.permissions)


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
    return bool(PERMISSIONS[permission].roles & roles)


def permission_label(permission: str) -> str:
    return PERMISSIONS[permission].label
