"""Importing the staff list counties keep (值班人员名单/花名册 .xlsx) into the 值班人员 model: real files written with
openpyxl, a real data file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from dutyroom import settings
from dutyroom.contacts.importer import import_contacts
from dutyroom.demo.county_files import (
    BUREAU,
    DUPLICATE,
    REJECTED,
    STAFF,
    STAFF_COUNT,
    write_staff_sheet,
    write_tick_sheet,
)
from dutyroom.errors import ValidationError
from dutyroom.roster.staff import staff_list
from dutyroom.roster.staff_import import (
    import_staff,
    parse_role_text,
    preview_staff_import,
)


@pytest.fixture
def office(system):
    settings.set_value(system, "org.name", BUREAU)
    return system


def members(store) -> dict[str, list]:
    out: dict[str, list] = {}
    for member in staff_list(store):
        out.setdefault(member.name, []).append(member)
    return out


@pytest.mark.parametrize(("text", "roles", "no_night", "unknown"), [
    ("带班领导", {"leader"}, False, []),
    ("带班", {"leader"}, False, []),
    ("领导带班", {"leader"}, False, []),
    ("带班领导、值班长", {"leader", "chief"}, False, []),
    ("值班长/值班员", {"chief", "officer"}, False, []),
    ("值班员 备勤", {"officer", "standby"}, False, []),
    ("值班员，备勤", {"officer", "standby"}, False, []),
    ("值班员（不值夜班）", {"officer"}, True, []),
    ("值班长值班员", {"chief", "officer"}, False, []),
    ("值班员、司机", {"officer"}, False, ["司机"]),
])
def test_roles_as_counties_write_them(text, roles, no_night, unknown) -> None:
    assert parse_role_text(text) == (roles, no_night, unknown)


def test_the_messy_staff_list(office, tmp_path) -> None:
    sheet = write_staff_sheet(tmp_path / "名单.xlsx")
    preview = preview_staff_import(office.store, sheet)
    assert not preview.written and staff_list(office.store) == []
    plan = import_staff(office, sheet)
    assert plan.written and plan.as_json()["created"] == STAFF_COUNT == preview.count("new")
    assert plan.count("merged") == 1 and [r.name for r in plan.rows if r.outcome == "merged"] == [DUPLICATE]
    rejected = plan.as_json()["rejected"]
    assert [(r["name"], r["sheet"]) for r in rejected] == [(REJECTED, "值班人员")] and "待补充" in rejected[0]["reason"]
    assert plan.roles() == {"leader": 8, "chief": 9, "officer": 24, "standby": 10}
    found = members(office.store)
    assert len(found["张伟"]) == 2 and {m.unit for m in found["张伟"]} == {"办公室", "应急指挥中心"}
    assert found["覃国庆"][0].roles == ("leader", "chief") and found["刘洋"][0].roles == ("officer", "standby")
    assert {n for n, ms in found.items() if ms[0].no_night} == {"解红梅", "韩雪", "蒋欣"}
    # 局领导 sit in the bureau itself, every 股室 under it; full-width and spaced numbers read as numbers.
    assert found["周建华"][0].unit == BUREAU and found["李明"][0].unit_path == f"{BUREAU} / 办公室"
    kinds = dict(office.store.rows("SELECT name, kind FROM org_unit"))
    assert kinds[BUREAU] == "bureau" and kinds["执法大队"] == "internal"
    phones = {m.name: m.phone for ms in found.values() for m in ms}
    assert all(p.isdigit() and len(p) == 11 for p in phones.values())
    entry = next(s for s in STAFF if s.name == "赵磊")
    assert phones["赵磊"] == entry.mobile


def test_importing_again_changes_nothing(office, tmp_path) -> None:
    sheet = write_staff_sheet(tmp_path / "名单.xlsx")
    import_staff(office, sheet)
    audit = office.store.scalar("SELECT COUNT(*) FROM audit_log")
    again = import_staff(office, sheet)
    assert not again.written and again.count("unchanged") == STAFF_COUNT and again.count("new") == 0
    assert office.store.scalar("SELECT COUNT(*) FROM audit_log") == audit


def test_a_known_contact_is_linked_not_duplicated(office, tmp_path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["单位", "姓名", "职务", "手机"])
    book.active.append([BUREAU, "李明", "办公室主任", STAFF[6].mobile])
    book.active.append(["县水利局", "王强", "局长", "10000009999"])
    book.save(tmp_path / "通讯录.xlsx")
    import_contacts(office, tmp_path / "通讯录.xlsx")
    contact = office.store.scalar("SELECT id FROM person WHERE name = '李明'")
    plan = import_staff(office, write_staff_sheet(tmp_path / "名单.xlsx"))
    li = next(r for r in plan.rows if r.name == "李明")
    assert li.outcome == "update" and li.person_id == contact and "列为值班人员" in li.reason
    assert office.store.scalar("SELECT COUNT(*) FROM person WHERE name = '李明'") == 1
    assert members(office.store)["李明"][0].roles == ("chief",)


def test_roles_in_the_sheet_replace_roles_a_blank_keeps_them(office, tmp_path) -> None:
    import_staff(office, write_staff_sheet(tmp_path / "名单.xlsx"))
    changed = tuple(replace(s, roles="值班长") if s.name == "王芳" else replace(s, roles="") if s.name == "赵磊"
                    else s for s in STAFF)
    plan = import_staff(office, write_staff_sheet(tmp_path / "名单2.xlsx", changed))
    wang = next(r for r in plan.rows if r.name == "王芳")
    assert wang.outcome == "update" and "值班岗位：值班长、值班员 → 值班长" in wang.reason
    assert members(office.store)["赵磊"][0].roles == ("officer",)
    assert not [w for r in plan.rows if r.name == "赵磊" for w in r.warnings]


def test_one_tick_column_per_role(office, tmp_path) -> None:
    import_staff(office, write_staff_sheet(tmp_path / "名单.xlsx"))
    leaders = tuple(s for s in STAFF[:8])
    plan = preview_staff_import(office.store, write_tick_sheet(tmp_path / "局领导.xlsx", leaders))
    assert plan.count("unchanged") == 8, [(r.name, r.reason) for r in plan.rows]
    assert next(r for r in plan.rows if r.name == "解红梅").no_night
    assert "已有35名值班人员不在本表中，未作改动" in plan.notices[0]
    fresh = tmp_path / "fresh.sqlite3"
    from dutyroom.session import SYSTEM_ACTOR, Session
    from dutyroom.store import open_store

    other = open_store(fresh)
    try:
        plan = import_staff(Session(other, SYSTEM_ACTOR, office.clock), tmp_path / "局领导.xlsx")
        assert plan.roles() == {"leader": 6, "chief": 3, "officer": 1, "standby": 0}
        assert {m.unit for m in staff_list(other)} == {"县应急管理局"}       # no 股室 column: the bureau itself
    finally:
        other.close()


def test_header_variants_and_no_roles_column(office, tmp_path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["科室", "姓 名", "职级", "联系电话", "办公电话", "排班岗位", "不值夜"])
    sheet.append(["应急指挥中心", "甲一", "一级科员", "１０００００００００１", "0000-6600001", "值班员", "√"])
    sheet.append(["应急指挥中心", "乙二", "二级科员", "10000000002", "", "带班、值班长", ""])
    book.save(tmp_path / "a.xlsx")
    plan = import_staff(office, tmp_path / "a.xlsx")
    people = {r.name: r for r in plan.people}
    assert people["甲一"].roles == ["officer"] and people["甲一"].no_night
    assert people["乙二"].roles == ["leader", "chief"] and not people["乙二"].no_night
    assert people["甲一"].position == "一级科员" and people["甲一"].unit_path == f"{BUREAU}/应急指挥中心"
    book = openpyxl.Workbook()
    book.active.append(["部门", "姓名", "手机号码", "备注"])
    book.active.append(["办公室", "丙三", "10000000003", ""])
    book.save(tmp_path / "b.xlsx")
    plan = preview_staff_import(office.store, tmp_path / "b.xlsx")
    assert any("表中没有值班岗位列" in n for n in plan.notices)
    assert plan.as_json()["warnings"][-1]["row"] is None


def test_a_sheet_without_a_staff_header_is_refused(office, tmp_path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["日期", "内容"])
    book.save(tmp_path / "c.xlsx")
    with pytest.raises(ValidationError, match="没有找到可识别的值班人员名单表头"):
        preview_staff_import(office.store, tmp_path / "c.xlsx")
    (tmp_path / "d.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ValidationError, match="不是Excel"):
        import_staff(office, Path(tmp_path / "d.xlsx"))
