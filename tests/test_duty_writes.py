"""Assignments and log entries refuse what breaks the rules and keep history."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from dutyroom import org
from dutyroom.clock import CST
from dutyroom.duty import log
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.errors import ValidationError


@pytest.fixture
def staff(system) -> dict[str, int]:
    return {
        "officer": org.create_person(system, name="值班员甲", is_staff=True, duty_roles=["officer", "standby"]),
        "other": org.create_person(system, name="值班员乙", is_staff=True, duty_roles=["officer"]),
        "outsider": org.create_person(system, name="局外人"),
    }


def test_reassigning_a_slot_voids_the_old_row(system, staff) -> None:
    day = date(2026, 11, 25)
    assign_many(system, [SlotAssignment(day, "officer", 0, staff["officer"])])
    assign_many(system, [SlotAssignment(day, "officer", 0, staff["other"])])
    rows = system.store.rows("SELECT person_id, voided_at, void_reason FROM duty_assignment ORDER BY id")
    assert [(r[0], bool(r[1]), r[2]) for r in rows] == [(staff["officer"], True, "改派"),
                                                         (staff["other"], False, None)]


def test_one_slot_per_person_per_day(system, staff) -> None:
    day = date(2026, 11, 25)
    with pytest.raises(ValidationError, match="同一天不能占两个岗位"):
        assign_many(system, [SlotAssignment(day, "officer", 0, staff["officer"]),
                             SlotAssignment(day, "standby", 0, staff["officer"])])
    assert system.store.scalar("SELECT COUNT(*) FROM duty_assignment") == 0


def test_only_eligible_staff(system, staff) -> None:
    with pytest.raises(ValidationError, match="不能担任带班领导"):
        assign_many(system, [SlotAssignment(date(2026, 11, 25), "leader", 0, staff["officer"])])
    with pytest.raises(ValidationError, match="不能担任值班员"):
        assign_many(system, [SlotAssignment(date(2026, 11, 25), "officer", 0, staff["outsider"])])


def test_log_entry_is_stamped_and_filed_under_its_shift(system, clock) -> None:
    entry_id = log.add_entry(system, kind="call_in", summary="  石门镇来电  ",
                             occurred_at=datetime(2026, 11, 24, 7, 0, tzinfo=CST))
    row = system.store.row("SELECT * FROM duty_log_entry WHERE id = ?", (entry_id,))
    assert row["duty_date"] == "2026-11-23" and row["summary"] == "石门镇来电"
    assert row["recorded_by_name"] == "系统" and row["created_at"] == "2026-11-24T10:00:00+08:00"


def test_log_entry_refusals(system, clock) -> None:
    with pytest.raises(ValidationError, match="摘要不能为空"):
        log.add_entry(system, kind="call_in", summary="   ")
    with pytest.raises(ValidationError, match="晚于当前时间"):
        log.add_entry(system, kind="call_in", summary="未来", occurred_at=clock.now() + timedelta(hours=1))
    with pytest.raises(ValidationError, match="记录类型"):
        log.add_entry(system, kind="gossip", summary="闲聊")
    assert system.store.scalar("SELECT COUNT(*) FROM duty_log_entry") == 0
