"""The slots of a shift ("1+1+2+N"): code names, Chinese labels and their order."""

from __future__ import annotations

DUTY_ROLES: dict[str, str] = {
    "leader": "带班领导",
    "chief": "值班长",
    "officer": "值班员",
    "standby": "备勤",
}
ROLE_ORDER: tuple[str, ...] = tuple(DUTY_ROLES)


def duty_role_label(role: str) -> str:
    return DUTY_ROLES.get(role, role)
