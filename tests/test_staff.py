"""值班人员: the one model of who may be rostered — read by the roster, set for one or many people at once, and
explaining a roster it cannot fill."""

from __future__ import annotations

from datetime import date

import pytest

from dutyroom import org, settings
from dutyroom.changes import Area
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.roster import planning, staffing
from dutyroom.roster.planning import month_range, scenario_from_store
from dutyroom.roster.staff import (
    KEEP,
    StaffChange,
    bureau_unit_id,
    find_staff,
    parse_roles,
    roster_people,
    staff_list,
    staff_member,
    update_staff,
)
from dutyroom.session import Session
from tests.conftest import actor_with

DEC = month_range(2026, 12)


@pytest.fixture
def bureau(system) -> dict[str, int]:
    settings.set_value(system, "org.name", "临江县应急管理局")
    unit = org.create_unit(system, name="临江县应急管理局", kind="bureau")
    office = org.create_unit(system, name="办公室", kind="internal", parent_id=unit)
    people = {}
    for n, (name, roles) in enumerate((("周建华", ["leader"]), ("李明", ["chief"]), ("王芳", ["officer"]),
                                       ("刘洋", ["officer", "standby"]), ("赵磊", []))):
        people[name] = org.create_person(system, name=name, unit_id=office if n else unit, is_staff=bool(roles),
                                         duty_roles=roles, phones=[("mobile", f"1000000{n:04d}")])
    return people


def audit_count(store) -> int:
    return store.scalar("SELECT COUNT(*) FROM audit_log")


def test_staff_list_reads_roles_night_dates_and_accounts(system, bureau) -> None:
    update_staff(system, [bureau["李明"]], StaffChange(no_night=True, join_date=date(2026, 9, 1)))
    members = {m.name: m for m in staff_list(system.store)}
    assert set(members) == {"周建华", "李明", "王芳", "刘洋"}          # 赵磊 is not duty staff
    assert members["刘洋"].roles == ("officer", "standby") and members["刘洋"].unit == "办公室"
    assert members["李明"].no_night and members["李明"].join_date == date(2026, 9, 1)
    assert members["周建华"].unit_path == "临江县应急管理局" and members["周建华"].account is None
    assert members["王芳"].as_json()["roles"] == ["officer"] and members["王芳"].phone == "10000000002"
    every = {m.name: m for m in staff_list(system.store, include_bureau=True)}
    assert not every["赵磊"].is_staff and bureau_unit_id(system.store) == every["周建华"].unit_id


def test_many_people_at_once_in_one_transaction(system, bureau) -> None:
    seen = []
    system.store.subscribe(seen.append)
    ids = [bureau["王芳"], bureau["刘洋"], bureau["赵磊"]]
    before = audit_count(system.store)
    changed = update_staff(system, ids, StaffChange(add_roles=["standby"]))
    assert sorted(changed) == sorted(ids[0::2]) and audit_count(system.store) == before + 2   # 刘洋 had it
    assert len(seen) == 1 and {Area.ORG, Area.AUDIT} <= seen[0].areas
    zhao = staff_member(system.store, bureau["赵磊"])
    assert zhao.is_staff and zhao.roles == ("standby",)          # a role makes a bureau person duty staff
    # The same again writes nothing, announces nothing.
    assert update_staff(system, ids, StaffChange(add_roles=["standby"])) == [] and len(seen) == 1
    update_staff(system, ids, StaffChange(remove_roles=["standby"], no_night=True))
    assert [m.roles for m in staff_list(system.store, person_ids=ids)] == [("officer",), ("officer",), ()]
    row = system.store.row("SELECT op, before_json, after_json FROM audit_log ORDER BY id DESC LIMIT 1")
    assert row["op"] == "roster.staff.set" and '"no_night":1' in row["after_json"]


def test_refusals_change_nothing(system, bureau, store, clock) -> None:
    before = audit_count(store)
    with pytest.raises(ValidationError, match="未知的值班岗位“组长”"):
        update_staff(system, [bureau["王芳"]], StaffChange(roles="officer,组长"))
    with pytest.raises(ValidationError, match="调离日期早于到岗日期"):
        update_staff(system, [bureau["王芳"], bureau["刘洋"]], StaffChange(join_date=date(2026, 10, 1),
                                                                         leave_date=date(2026, 9, 1)))
    with pytest.raises(ValidationError, match="请先选择人员"):
        update_staff(system, [], StaffChange(roles=["leader"]))
    officer = Session(store, actor_with("officer"), clock)
    with pytest.raises(PermissionDenied):
        update_staff(officer, [bureau["王芳"]], StaffChange(roles=["leader"]))
    assert audit_count(store) == before and staff_member(store, bureau["王芳"]).roles == ("officer",)


def test_taking_someone_off_keeps_their_history_and_profile_edits_are_the_same_model(system, bureau) -> None:
    update_staff(system, [bureau["刘洋"]], StaffChange(staff=False))
    assert "刘洋" not in {m.name for m in staff_list(system.store)}
    assert staffing.set_profile(system, bureau["王芳"], no_night=True, max_per_month=6)
    assert not staffing.set_profile(system, bureau["王芳"], no_night=True, max_per_month=6)
    member = staff_member(system.store, bureau["王芳"])
    assert member.no_night and member.max_per_month == 6
    assert update_staff(system, [bureau["王芳"]], StaffChange(no_night=False, max_per_month=None))
    assert staffing.profiles(system.store)[bureau["王芳"]]["no_night"] == 0
    assert staffing.set_profile(system, bureau["李明"], max_per_month=0)          # none at all is a value too
    assert staff_member(system.store, bureau["李明"]).max_per_month == 0


def test_the_roster_reads_only_this_model(system, bureau) -> None:
    people = {p.name: p for p in roster_people(system.store)}
    assert set(people) == {"周建华", "李明", "王芳", "刘洋"}
    update_staff(system, [bureau["周建华"]], StaffChange(leave_date=date(2026, 12, 10)))
    update_staff(system, [bureau["刘洋"]], StaffChange(staff=False))
    scenario = scenario_from_store(system.store, *DEC)
    assert {p.name: p.leave_date for p in scenario.people} == {"周建华": date(2026, 12, 10), "李明": None,
                                                               "王芳": None}


def test_roles_in_every_spelling() -> None:
    assert parse_roles("leader,值班长，备勤") == ["leader", "chief", "standby"]
    assert parse_roles(["值班员", "officer"]) == ["officer"] and parse_roles("") == []
    with pytest.raises(ValidationError, match="未知的值班岗位"):
        parse_roles("队长")


def test_find_staff_by_name(system, bureau) -> None:
    org.create_person(system, name="王芳", is_staff=True, duty_roles=["standby"])
    assert len(find_staff(system.store, "王芳")) == 2
    assert [m.name for m in find_staff(system.store, " 赵 磊 ")] == ["赵磊"]      # a bureau person, not staff yet
    assert find_staff(system.store, "无此人") == []
    assert staff_member(system.store, bureau["赵磊"]).roles == ()


# -- empty cells explain themselves ----------------------------------------------------------------------

def test_a_role_nobody_may_take_is_named_with_what_to_do(system, bureau) -> None:
    solution, quality = planning.generate(system, *DEC)
    assert "没有可担任值班长的人员" not in "".join(quality.warnings)
    update_staff(system, [bureau["李明"]], StaffChange(remove_roles=["chief"]))
    solution, quality = planning.generate(system, *DEC)
    chief = [u for u in quality.uncovered if u.cell.role == "chief"]
    assert len(chief) == 31 and all(u.why == "没有可担任值班长的人员：请在“值班人员”中设置。" for u in chief)
    assert "没有可担任值班长的人员：请在“值班人员”中设置。" in quality.warnings
    assert "没有可担任值班长的人员" in "".join(planning.draft_quality(system.store, *DEC).warnings)
    assert any("值班长" in u["why"] for u in quality.metrics()["uncovered_slots"])


def test_too_few_people_and_nights_are_named(system, bureau) -> None:
    update_staff(system, [bureau["李明"]], StaffChange(no_night=True))
    _solution, quality = planning.generate(system, *DEC)
    text = "".join(quality.warnings)
    assert "可担任值班长的1人都不值夜班" in text
    assert "可担任带班领导的只有1人" in text and "至少需要" in text   # a leader every day needs rest days too
    assert "可担任备勤的只有1人" in text


def test_nothing_said_when_the_staff_suffice(system) -> None:
    for n in range(24):
        roles = ["leader"] if n < 6 else ["chief"] if n < 12 else ["officer", "standby"]
        org.create_person(system, name=f"人员{chr(0x4e00 + n)}", is_staff=True, duty_roles=roles)
    _solution, quality = planning.generate(system, *DEC)
    assert not quality.uncovered and quality.warnings == []


def test_keep_is_not_none() -> None:
    assert StaffChange().roles is KEEP and repr(KEEP) == "KEEP"
