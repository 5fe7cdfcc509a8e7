"""Shared set-up for the duty-log tests: a small bureau with accounts, a roster, and helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dutyroom import org
from dutyroom.auth import accounts
from dutyroom.clock import FixedClock
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.session import Session
from dutyroom.store import Store

PASSWORD = "Duty2026pw"
EQUIPMENT_OK = {name: (True, "") for name in ("电话", "传真", "卫星电话", "视频会商", "电脑网络")}


@dataclass
class Room:
    store: Store
    clock: FixedClock
    officer: Session        # 苏宇琪, on duty 11-24
    incoming: Session       # 姚博建, on duty 11-25
    chief: Session
    leader: Session
    office: Session
    people: dict[str, int]

    def count(self, table: str) -> int:
        return int(self.store.scalar(f"SELECT COUNT(*) FROM {table}"))


def make_room(store: Store, clock: FixedClock, system: Session) -> Room:
    unit = org.create_unit(system, name="示例县应急管理局", kind="bureau")
    town = org.create_unit(system, name="青石镇人民政府", kind="township", duty_phone="0000-7700001")
    people = {}
    for name, role, position in (("刘丽平", "leader", "副局长"), ("夏卫琪", "chief", "副主任"),
                                 ("苏宇琪", "officer", "科员"), ("姚博建", "officer", "科员"),
                                 ("孔静", "chief", "办公室主任")):
        people[name] = org.create_person(system, name=name, unit_id=unit, position=position, is_staff=True,
                                         duty_roles=[role], phones=[("mobile", f"1000000{len(people):04d}")])
    people["王建国"] = org.create_person(system, name="王建国", unit_id=town, position="应急办主任",
                                      phones=[("mobile", "10000008888"), ("office", "0000-7700002")])
    assign_many(system, [
        SlotAssignment(date(2026, 11, 24), "leader", 0, people["刘丽平"]),
        SlotAssignment(date(2026, 11, 24), "chief", 0, people["夏卫琪"]),
        SlotAssignment(date(2026, 11, 24), "officer", 0, people["苏宇琪"]),
        SlotAssignment(date(2026, 11, 25), "officer", 0, people["姚博建"]),
    ])

    def session_for(username: str, display: str, roles: list[str], person: str | None) -> Session:
        account_id = accounts.create_account(system, username=username, password=PASSWORD, display_name=display,
                                             roles=roles, person_id=people.get(person) if person else None,
                                             must_change=False)
        return Session(store, accounts.actor_for(store, account_id), clock)

    return Room(store, clock,
                officer=session_for("suyq", "苏宇琪", ["officer"], "苏宇琪"),
                incoming=session_for("yaobj", "姚博建", ["officer"], "姚博建"),
                chief=session_for("xiawq", "夏卫琪", ["chief"], "夏卫琪"),
                leader=session_for("liulp", "刘丽平", ["leader"], "刘丽平"),
                office=session_for("kongj", "孔静", ["office"], "孔静"),
                people=people)


def call_in_fields(**extra: str) -> dict[str, str]:
    return {"unit": "青石镇人民政府", "name": "王建国", "title": "应急办主任", "phone": "10000008888", **extra}
