"""Shifts by handover time, and the today board / week read models."""

from __future__ import annotations

from datetime import date, datetime, time

from dutyroom import org, settings
from dutyroom.clock import CST
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.duty.board import rosters_between, today_board, week_of
from dutyroom.duty.shifts import handover_time, next_shift, shift_at


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CST)


def test_shift_boundaries_at_handover() -> None:
    handover = time(8, 30)
    assert shift_at(at("2026-11-24 08:29:59"), handover).duty_date == date(2026, 11, 23)
    assert shift_at(at("2026-11-24 08:30:00"), handover).duty_date == date(2026, 11, 24)
    shift = shift_at(at("2026-11-24 23:00"), handover)
    assert shift.start == at("2026-11-24 08:30") and shift.end == at("2026-11-25 08:30")
    assert shift.label == "11月24日 08:30 — 11月25日 08:30"
    assert next_shift(shift, handover).duty_date == date(2026, 11, 25)


def test_shift_across_month_and_year_end() -> None:
    assert shift_at(at("2027-01-01 03:00"), time(8, 30)).duty_date == date(2026, 12, 31)


def test_handover_time_is_a_setting(system) -> None:
    assert handover_time(system.store) == time(8, 30)
    settings.set_value(system, "duty.handover_time", "9：00")
    assert handover_time(system.store) == time(9, 0)
    assert shift_at(at("2026-11-24 08:45"), handover_time(system.store)).duty_date == date(2026, 11, 23)


def test_week_is_monday_to_sunday() -> None:
    assert week_of(date(2026, 11, 24)) == (date(2026, 11, 23), date(2026, 11, 29))
    assert week_of(date(2026, 11, 29)) == (date(2026, 11, 23), date(2026, 11, 29))


def test_today_board_reads_assignments(system) -> None:
    unit = org.create_unit(system, name="应急指挥中心", kind="internal")
    people = {}
    for name, role in [("甲领导", "leader"), ("乙值班长", "chief"), ("丙", "officer"), ("丁", "officer"),
                       ("戊", "standby")]:
        people[name] = org.create_person(system, name=name, unit_id=unit, is_staff=True, duty_roles=[role],
                                         phones=[("mobile", "10000000001")])
    day = date(2026, 11, 24)
    assign_many(system, [
        SlotAssignment(day, "officer", 1, people["丁"]), SlotAssignment(day, "leader", 0, people["甲领导"]),
        SlotAssignment(day, "officer", 0, people["丙"]), SlotAssignment(day, "chief", 0, people["乙值班长"]),
        SlotAssignment(day, "standby", 0, people["戊"]),
    ])
    board = today_board(system.store, at("2026-11-24 10:00"))
    assert [m.name for m in board.current.members] == ["甲领导", "乙值班长", "丙", "丁", "戊"]
    assert board.current.by_role("leader")[0].unit_name == "应急指挥中心"
    assert board.next.empty
    before_handover = today_board(system.store, at("2026-11-25 08:00"))
    assert before_handover.current.shift.duty_date == day and not before_handover.current.empty
    week = rosters_between(system.store, *week_of(day))
    assert len(week) == 7 and sum(not r.empty for r in week) == 1
