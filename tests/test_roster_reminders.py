"""Reminders by an injected clock: the day before a duty and its morning (until it starts), nothing otherwise;
the office's next seven days with missing phones and leave."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dutyroom import org, settings
from dutyroom.clock import CST, FixedClock
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.roster import leave, staffing
from dutyroom.roster.reminders import duty_reminder, office_watch
from dutyroom.session import SYSTEM_ACTOR, Session

D = date.fromisoformat


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CST)


def test_own_duty_reminder_by_the_clock(system) -> None:
    store = system.store
    leader = org.create_person(system, name="刘丽平", is_staff=True, duty_roles=["leader"], phones=[("mobile", "10000000001")])
    assign_many(system, [SlotAssignment(D("2026-12-06"), "leader", 0, leader)])
    clock = FixedClock(at("2026-12-04T20:00"))
    seen = {}
    for moment in ("2026-12-04T20:00", "2026-12-05T00:00", "2026-12-05T08:00", "2026-12-05T23:59",
                   "2026-12-06T00:10", "2026-12-06T08:29", "2026-12-06T08:30", "2026-12-06T15:00", "2026-12-07T07:00"):
        clock.set(at(moment))
        reminder = duty_reminder(store, leader, clock.now())
        seen[moment] = reminder.text if reminder else None
    tomorrow = "明天您值班（带班领导），12月6日（星期日）08:30接班。"
    today = "今天您值班（带班领导），12月6日（星期日）08:30接班。"
    assert seen == {"2026-12-04T20:00": None, "2026-12-05T00:00": tomorrow, "2026-12-05T08:00": tomorrow,
                    "2026-12-05T23:59": tomorrow, "2026-12-06T00:10": today, "2026-12-06T08:29": today,
                    "2026-12-06T08:30": None, "2026-12-06T15:00": None, "2026-12-07T07:00": None}
    assert duty_reminder(store, None, at("2026-12-05T09:00")) is None
    other = org.create_person(system, name="夏卫琪", is_staff=True, duty_roles=["chief"], phones=[("mobile", "10000000002")])
    assert duty_reminder(store, other, at("2026-12-05T09:00")) is None
    # On approved leave with the duty still held, the reminder says the 代班 is not settled.
    staffing.add_absence(system, leader, "leave", D("2026-12-06"), D("2026-12-06"))
    assert duty_reminder(store, leader, at("2026-12-05T09:00")).text == \
        tomorrow + "您当日已登记请假/外出，代班尚未落实，请与办公室联系。"
    # The two reminders of one duty are two notices (the tray shows each once).
    assert duty_reminder(store, leader, at("2026-12-05T09:00")).key != duty_reminder(store, leader, at("2026-12-06T07:00")).key


def test_night_part_reminds_until_the_night_starts(system) -> None:
    store = system.store
    settings.set_many(system, {"roster.officer_split": True})
    officer = org.create_person(system, name="苏宇琪", is_staff=True, duty_roles=["officer"], phones=[("mobile", "10000000003")])
    assign_many(system, [SlotAssignment(D("2026-12-06"), "officer", 0, officer, shift="night")])
    assert duty_reminder(store, officer, at("2026-12-06T12:00")).text == \
        "今天您值班（值班员（夜班）），12月6日（星期日）17:30接班。"
    assert duty_reminder(store, officer, at("2026-12-06T17:31")) is None


def test_office_sees_next_seven_days_with_missing_phones_and_leave(system, clock) -> None:
    store = system.store
    phoned = org.create_person(system, name="有电话", is_staff=True, duty_roles=["officer"], phones=[("mobile", "10000000004")])
    silent = org.create_person(system, name="无电话", is_staff=True, duty_roles=["officer"])
    asking = org.create_person(system, name="请假人", is_staff=True, duty_roles=["chief"], phones=[("mobile", "10000000005")])
    today = clock.now().date()           # 2026-11-24
    assign_many(system, [
        SlotAssignment(today, "officer", 0, phoned),
        SlotAssignment(today + timedelta(days=1), "officer", 0, silent),
        SlotAssignment(today + timedelta(days=3), "chief", 0, asking),
        SlotAssignment(today + timedelta(days=7), "officer", 1, silent),     # outside the seven days
    ])
    request = leave.request_leave(Session(store, SYSTEM_ACTOR, clock), asking, "leave", today + timedelta(days=3),
                                  today + timedelta(days=4), "家中有事")
    items = office_watch(store, today)
    assert [i.text for i in items] == ["11月25日 值班员 无电话：无联系电话", f"11月27日 值班长 请假人：请假待审批（第{request}号）"]
    assert [i.name for i in office_watch(store, today + timedelta(days=2))] == ["请假人", "无电话"]
    assert office_watch(store, today + timedelta(days=8)) == []
