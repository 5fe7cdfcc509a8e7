"""Org units (a tree) and persons (phones, duty roles), with validation and voiding."""

from __future__ import annotations

import json

import pytest

from dutyroom import org
from dutyroom.errors import ValidationError
from dutyroom.session import Session


def test_unit_tree_and_path(system: Session) -> None:
    county = org.create_unit(system, name="示例县委县政府", kind="county")
    town = org.create_unit(system, name="石门镇", kind="township", parent_id=county, duty_phone="0000-1234567")
    village = org.create_unit(system, name="关口村", kind="village", parent_id=town)
    assert org.unit_path(system.store, village) == "示例县委县政府 / 石门镇 / 关口村"
    assert [u["name"] for u in org.units(system.store)][:1] == ["示例县委县政府"]


def test_unit_cannot_move_under_itself(system: Session) -> None:
    town = org.create_unit(system, name="石门镇", kind="township")
    village = org.create_unit(system, name="关口村", kind="village", parent_id=town)
    with pytest.raises(ValidationError, match="下级"):
        org.update_unit(system, town, parent_id=village)
    with pytest.raises(ValidationError):
        org.update_unit(system, town, parent_id=town)


def test_unit_validation(system: Session) -> None:
    with pytest.raises(ValidationError, match="名称不能为空"):
        org.create_unit(system, name="  ", kind="department")
    with pytest.raises(ValidationError, match="单位类型"):
        org.create_unit(system, name="某局", kind="planet")
    with pytest.raises(ValidationError, match="无效字符"):
        org.create_unit(system, name="某局", kind="department", duty_phone="0000-ABC")
    assert system.store.scalar("SELECT COUNT(*) FROM org_unit") == 0


def test_void_unit_needs_reason_and_empty_unit(system: Session) -> None:
    town = org.create_unit(system, name="石门镇", kind="township")
    person = org.create_person(system, name="张三丰", unit_id=town)
    with pytest.raises(ValidationError, match="1 名人员"):
        org.void_unit(system, town, "撤并")
    org.void_person(system, person, "调离")
    with pytest.raises(ValidationError, match="原因"):
        org.void_unit(system, town, "")
    org.void_unit(system, town, "乡镇撤并")
    row = system.store.row("SELECT voided_at, void_reason FROM org_unit WHERE id = ?", (town,))
    assert row["voided_at"] and row["void_reason"] == "乡镇撤并"
    with pytest.raises(ValidationError, match="已作废"):
        org.create_person(system, name="李四", unit_id=town)


@pytest.mark.parametrize(("raw", "clean"), [
    ("１３８ ０００ ０１１１", "1380000111"),
    ("0731－84561234", "0731-84561234"),
    (" 0731 - 8456 1234 ", "0731-84561234"),
    ("84561234转806", "84561234转806"),
    ("+86 13800001111", "+8613800001111"),
])
def test_phone_normalization(raw: str, clean: str) -> None:
    assert org.normalize_phone(raw) == clean


@pytest.mark.parametrize("raw", ["1380000abcd", "电话", "12", ""])
def test_bad_phones_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        org.normalize_phone(raw)


def test_person_with_phones_and_roles(system: Session) -> None:
    unit = org.create_unit(system, name="应急指挥中心", kind="internal")
    person_id = org.create_person(system, name="张 三", unit_id=unit, position="科员", is_staff=True,
                                  phones=[("mobile", "13800001111"), ("office", "0000-8800001")],
                                  duty_roles=["standby", "officer", "officer"])
    view = org.get_person(system.store, person_id)
    assert view.name == "张三" and view.is_staff and view.main_phone == "13800001111"
    assert view.duty_roles == ["officer", "standby"]
    assert [p.kind_label for p in view.phones] == ["手机", "办公"]
    assert [p["id"] for p in org.duty_staff(system.store, "officer")] == [person_id]
    assert org.duty_staff(system.store, "leader") == []


def test_person_update_is_audited_with_before_and_after(system: Session) -> None:
    person_id = org.create_person(system, name="王五", position="科员", phones=[("mobile", "13800001111")])
    org.update_person(system, person_id, position="股长", phones=[("mobile", "13900002222")])
    row = system.store.row("SELECT * FROM audit_log WHERE op = 'person.update'")
    before, after = json.loads(row["before_json"]), json.loads(row["after_json"])
    assert before["position"] == "科员" and after["position"] == "股长"
    assert before["phones"] == [["mobile", "13800001111"]] and after["phones"] == [["mobile", "13900002222"]]


def test_bad_person_input_changes_nothing(system: Session) -> None:
    count = system.store.scalar("SELECT COUNT(*) FROM audit_log")
    with pytest.raises(ValidationError):
        org.create_person(system, name="赵六", phones=[("mobile", "not a phone")])
    with pytest.raises(ValidationError, match="值班岗位"):
        org.create_person(system, name="赵六", duty_roles=["captain"])
    assert system.store.scalar("SELECT COUNT(*) FROM person") == 0
    assert system.store.scalar("SELECT COUNT(*) FROM audit_log") == count
