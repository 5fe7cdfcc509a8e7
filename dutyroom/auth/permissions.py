"""Account roles and what each may do. Checked inside core operations, not only in the GUI.

Each area declares its permissions in its ``area.py``; this module collects them.
"""

from __future__ import annotations

from collections.abc import Mapping

from dutyroom import areas
from dutyroom.areas import Collected, Permission

ROLE_LABELS: dict[str, str] = {
    "officer": "值班员",
    "chief": "值班长",
    "leader": "带班领导",
    "office": "办公室",
    "admin": "管理员",
}
SYSTEM_ROLE = "system"

DUTY_STAFF = frozenset({"officer", "chief", "leader"})

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
