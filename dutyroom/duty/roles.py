"""The slots of a shift ("1+1+2+N") and the parts of a duty day: code names, Chinese labels and their order.

The code names are what the data file stores; ``DutyRole`` and ``ShiftPart`` are ``StrEnum``s of them, so a
member equals (and hashes like) its stored string.
"""

from __future__ import annotations

from enum import StrEnum


class DutyRole(StrEnum):
    """A slot of the shift, in the order a duty sheet lists them."""
    LEADER = "leader"       # 带班领导
    CHIEF = "chief"         # 值班长
    OFFICER = "officer"     # 值班员
    STANDBY = "standby"     # 备勤


class ShiftPart(StrEnum):
    """A whole 24-hour duty, or with the officer day/night split one of its two parts."""
    FULL = "full"
    DAY = "day"             # 白班: from the handover to roster.night_from
    NIGHT = "night"         # 夜班: from then to the next handover


DUTY_ROLES: dict[str, str] = {
    DutyRole.LEADER: "带班领导",
    DutyRole.CHIEF: "值班长",
    DutyRole.OFFICER: "值班员",
    DutyRole.STANDBY: "备勤",
}
ROLE_ORDER: tuple[str, ...] = tuple(DutyRole)

PART_NAMES: dict[str, str] = {ShiftPart.FULL: "全天", ShiftPart.DAY: "白班", ShiftPart.NIGHT: "夜班"}
SHIFTS: tuple[str, ...] = tuple(ShiftPart)


def duty_role_label(role: str) -> str:
    return DUTY_ROLES.get(role, role)


def shift_order(shift: str) -> int:
    return SHIFTS.index(shift) if shift in SHIFTS else len(SHIFTS)


def slot_label(role: str, shift: str = ShiftPart.FULL) -> str:
    """"值班员（夜班）" for a part of a split day, the role's name otherwise."""
    name = duty_role_label(role)
    return f"{name}（{PART_NAMES[shift]}）" if shift in (ShiftPart.DAY, ShiftPart.NIGHT) else name
