"""Contact entries: pinyin keys, edits with tags and A/B backup, verification, away status, groups, desk phones."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from dutyroom import org, settings
from dutyroom.contacts import desk, directory, groups, people
from dutyroom.contacts.pinyin import name_keys, text_keys
from dutyroom.contacts.tree import is_stale, load_units, staleness_text, subtree_ids
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.session import Session
from tests.conftest import actor_with

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(("name", "initials", "full"), [
    ("曾小贤", "zxx", "zeng xiao xian"), ("单田芳", "stf", "shan tian fang"), ("解缙", "xj", "xie jin"),
    ("仇英", "qy", "qiu ying"), ("区志强", "ozq", "ou zhi qiang"), ("查良镛", "zly", "zha liang yong"),
    ("乐嘉", "yj", "yue jia"), ("翟天临", "ztl", "zhai tian lin"), ("覃海", "qh", "qin hai"),
    ("尉迟恭", "ycg", "yu chi gong"), ("万俟卨", "mqx", "mo qi xie"), ("长孙无忌", "zswj", "zhang sun wu ji"),
    ("欧阳修", "oyx", "ou yang xiu"), ("诸葛亮", "zgl", "zhu ge liang"), ("缪平", "mp", "miao ping"),
    ("朴树", "ps", "piao shu"), ("张三丰", "zsf", "zhang san feng"), ("盖聂", "gn", "ge nie"),
])
def test_surname_table_fixes_polyphonic_surnames(name: str, initials: str, full: str) -> None:
    keys = name_keys(name)
    assert keys.initials.split("|")[0] == initials
    assert keys.pinyin.split("|")[0] == full


def test_polyphonic_given_name_gets_both_readings() -> None:
    keys = name_keys("王乐")
    assert set(keys.initials.split("|")) == {"wl", "wy"}
    assert name_keys("　张  三 ").initials == "zs"
    assert text_keys("石门镇").pinyin == "shi men zhen"


def test_keys_are_written_with_the_name(system: Session) -> None:
    unit = org.create_unit(system, name="石门镇", kind="township")
    person = org.create_person(system, name="曾小贤", unit_id=unit)
    row = system.store.row("SELECT name_initials, name_pinyin FROM person WHERE id = ?", (person,))
    assert tuple(row) == ("zxx", "zeng xiao xian")
    people.update_contact(system, person, name="单田芳")
    assert system.store.scalar("SELECT name_initials FROM person WHERE id = ?", (person,)) == "stf"
    assert system.store.scalar("SELECT name_initials FROM org_unit WHERE id = ?", (unit,)) == "smz"
    # the keys never show in the audit's description of a change
    row = system.store.row("SELECT * FROM audit_log WHERE op = 'person.update' ORDER BY id DESC")
    from dutyroom import audit
    assert "name_initials" not in audit.describe(dict(row))


def test_create_and_update_contact_with_tags_and_backup(system: Session) -> None:
    town = org.create_unit(system, name="石门镇", kind="township")
    a = people.create_contact(system, name="张三", unit_id=town, position="镇长",
                              phones=[("mobile", "１３８ ００００ ０１１１"), ("office", "0000-84561234")],
                              tags="防汛责任人、 灾害信息员，防汛责任人")
    b = people.create_contact(system, name="李四", unit_id=town, phones=[("mobile", "10000000002")])
    assert people.update_contact(system, a, backup_person_id=b, position="镇长（防汛第一责任人）")
    card = directory.contact_card(system.store, a, TODAY, 90)
    assert card.tags == ["防汛责任人", "灾害信息员"]
    assert card.person.phones[0].number == "13800000111"
    assert card.backup is not None and card.backup.name == "李四"
    assert [r.name for r in directory.contact_card(system.store, b, TODAY, 90).backs_up] == ["张三"]
    assert not people.update_contact(system, a, position="镇长（防汛第一责任人）")  # nothing changed
    history = directory.person_history(system.store, a)
    assert [h["op"] for h in history] == ["person.create", "person.update"]
    assert "职务" in history[1]["description"]
    with pytest.raises(ValidationError, match="本人"):
        people.update_contact(system, a, backup_person_id=a)
    with pytest.raises(ValidationError, match="无效字符"):
        people.update_contact(system, a, phones=[("mobile", "138oooo1111")])
    with pytest.raises(ValidationError, match="没有"):
        people.update_contact(system, a, is_staff=True)


def test_verification_marks_date_actor_and_method(store, clock, system: Session) -> None:
    person = people.create_contact(system, name="王五", phones=[("mobile", "10000000003")])
    assert is_stale(None, TODAY, 90)
    officer = Session(store, actor_with("officer", name="值班员甲"), clock)
    people.verify_contact(officer, person, "phone")
    row = store.row("SELECT verified_on, verified_by, verified_how FROM person WHERE id = ?", (person,))
    assert tuple(row) == ("2026-11-24", "值班员甲", "电话核实")
    assert not is_stale(row[0], TODAY + timedelta(days=90), 90)
    assert is_stale(row[0], TODAY + timedelta(days=91), 90)
    assert staleness_text(row[0], TODAY + timedelta(days=120), 90) == "超期 120 天未核实"
    people.update_contact(officer, person, phones=[("mobile", "10000000033")], verify_how="phone")
    assert store.scalar("SELECT verified_how FROM person WHERE id = ?", (person,)) == "电话核实，已更正"
    ops = [h["op"] for h in directory.person_history(store, person)]
    assert ops == ["person.create", "contacts.verify", "person.update", "contacts.verify"]
    with pytest.raises(ValidationError, match="核实方式"):
        people.verify_contact(officer, person, "telepathy")


def test_verification_queue_in_tree_order_and_threshold_setting(store, clock, system: Session) -> None:
    town = org.create_unit(system, name="石门镇", kind="township", duty_phone="0000-1111111")
    village = org.create_unit(system, name="关口村", kind="village", parent_id=town)
    old = people.create_contact(system, name="甲", unit_id=village, phones=[("mobile", "10000000001")])
    fresh = people.create_contact(system, name="乙", unit_id=town, phones=[("mobile", "10000000002")])
    never = people.create_contact(system, name="丙", unit_id=town, phones=[("mobile", "10000000003")])
    clock.set(clock.now() - timedelta(days=100))
    people.verify_contact(system, old)
    clock.set(clock.now() + timedelta(days=100))
    people.verify_contact(system, fresh)
    queue = directory.verification_queue(store, TODAY, settings.get(store, "contacts.stale_days"))
    assert [(i.kind, i.name) for i in queue] == [("unit", "石门镇"), ("person", "丙"), ("person", "甲")]
    assert directory.stale_count(store, TODAY, 90) == 2
    settings.set_value(system, "contacts.stale_days", "120")
    assert [i.id for i in directory.verification_queue(store, TODAY, 120, include_units=False)] == [never]
    assert [i.id for i in directory.verification_queue(store, TODAY, 90, unit_id=village)] == [old]
    with pytest.raises(ValidationError, match="整数"):
        settings.set_value(system, "contacts.stale_days", "三个月")
    people.verify_unit(system, town)
    assert all(i.kind == "person" for i in directory.verification_queue(store, TODAY, 90))


def test_away_status(system: Session) -> None:
    person = people.create_contact(system, name="赵六")
    people.set_away(system, person, date(2026, 11, 23), date(2026, 11, 26), "赴省开会")
    card = directory.contact_card(system.store, person, TODAY, 90)
    assert card.away_now and "11月23日至11月26日" in card.away_text and "赴省开会" in card.away_text
    assert not directory.contact_card(system.store, person, date(2026, 11, 27), 90).away_now
    with pytest.raises(ValidationError, match="早于"):
        people.set_away(system, person, date(2026, 11, 26), date(2026, 11, 23))
    people.clear_away(system, person)
    assert directory.contact_card(system.store, person, TODAY, 90).away_text == ""
    assert [h["op"] for h in directory.person_history(system.store, person)][-2:] == [
        "contacts.away", "contacts.away_clear"]


def test_unit_tree_order_and_subtree(system: Session) -> None:
    a = org.create_unit(system, name="甲镇", kind="township")
    b = org.create_unit(system, name="乙镇", kind="township")
    a1 = org.create_unit(system, name="甲一村", kind="village", parent_id=a)
    a2 = org.create_unit(system, name="甲二村", kind="village", parent_id=a)
    units = load_units(system.store)
    assert list(units) == [a, a1, a2, b]
    assert units[a2].path_text == "甲镇 / 甲二村" and units[a2].depth == 1
    assert subtree_ids(units, a) == {a, a1, a2}
    org.void_unit(system, b, "撤并")
    assert b not in load_units(system.store)


def test_groups_by_rule_and_fixed_members(store, system: Session) -> None:
    town = org.create_unit(system, name="石门镇", kind="township")
    village = org.create_unit(system, name="关口村", kind="village", parent_id=town)
    dept = org.create_unit(system, name="县水利局", kind="department")
    t1 = people.create_contact(system, name="镇责任人", unit_id=town, tags=["防汛责任人"],
                               phones=[("mobile", "10000000011")])
    v1 = people.create_contact(system, name="村责任人", unit_id=village, tags=["防汛责任人"])
    d1 = people.create_contact(system, name="局责任人", unit_id=dept, tags=["防汛责任人"])
    other = people.create_contact(system, name="局长", unit_id=dept)
    rule = groups.GroupRule(tags=("防汛责任人",), unit_kinds=("township", "village"))
    gid = groups.create_group(system, name="全县乡镇防汛责任人", rule=rule, member_ids=[other])
    members = groups.group_members(store, gid, TODAY)
    assert [m.person_id for m in members] == [t1, v1, other]
    assert members[0].main_phone == "10000000011" and members[2].fixed
    assert d1 not in {m.person_id for m in members}
    assert groups.groups_of(store, v1) == ["全县乡镇防汛责任人"]
    # a new responsible person joins the group by the rule alone
    v2 = people.create_contact(system, name="新责任人", unit_id=village, tags=["防汛责任人"])
    assert v2 in {m.person_id for m in groups.group_members(store, gid, TODAY)}
    groups.update_group(system, gid, rule=groups.GroupRule(unit_ids=(village,)), member_ids=[])
    assert {m.person_id for m in groups.group_members(store, gid, TODAY)} == {v1, v2}
    with pytest.raises(ValidationError, match="已有名为"):
        groups.create_group(system, name="全县乡镇防汛责任人", member_ids=[other])
    with pytest.raises(ValidationError, match="筛选条件或至少一名"):
        groups.create_group(system, name="空分组")
    groups.void_group(system, gid, "改用新分组")
    assert groups.list_groups(store) == []
    snap = json.loads(store.scalar("SELECT after_json FROM audit_log WHERE op = 'group.create'"))
    assert snap["rule"]["tags"] == ["防汛责任人"] and snap["members"] == [other]


def test_desk_phones_follow_linked_records(system: Session) -> None:
    unit = org.create_unit(system, name="市应急管理局", kind="superior", duty_phone="0000-8800003")
    person = people.create_contact(system, name="局长", phones=[("mobile", "10000000099")])
    a = desk.create_desk_phone(system, section="上级", label="市应急局总值班室", unit_id=unit)
    b = desk.create_desk_phone(system, section="领导", label="局长", person_id=person)
    c = desk.create_desk_phone(system, section="其他", label="县供电抢修", number="0000 95598")
    lines = desk.desk_phones(system.store)
    assert [(x.label, x.number) for x in lines] == [("市应急局总值班室", "0000-8800003"), ("局长", "10000000099"),
                                                    ("县供电抢修", "000095598")]
    people.update_contact(system, person, phones=[("mobile", "10000000098")])
    org.update_unit(system, unit, duty_phone="0000-8800099")
    assert [x.number for x in desk.desk_phones(system.store)][:2] == ["0000-8800099", "10000000098"]
    desk.move_desk_phone(system, c, -2)
    assert [x.id for x in desk.desk_phones(system.store)] == [c, a, b]
    desk.void_desk_phone(system, b)
    assert [x.id for x in desk.desk_phones(system.store)] == [c, a]
    with pytest.raises(ValidationError, match="号码"):
        desk.create_desk_phone(system, label="空号码")


ROLE_CASES = [
    ("officer", "edit", True), ("officer", "verify", True), ("officer", "manage", False),
    ("leader", "verify", True), ("chief", "edit", True), ("office", "manage", True), ("admin", "manage", True),
    ("leader", "manage", False), ("chief", "manage", False),
]


@pytest.mark.parametrize(("role", "what", "allowed"), ROLE_CASES)
def test_contacts_permissions(store, clock, system: Session, role: str, what: str, allowed: bool) -> None:
    person = people.create_contact(system, name="某人", phones=[("mobile", "10000000001")])
    session = Session(store, actor_with(role), clock)
    calls = {
        "edit": lambda: people.update_contact(session, person, position="新职务"),
        "verify": lambda: people.verify_contact(session, person),
        "manage": lambda: groups.create_group(session, name="组", member_ids=[person]),
    }
    before = store.scalar("SELECT COUNT(*) FROM audit_log")
    if allowed:
        calls[what]()
        assert store.scalar("SELECT COUNT(*) FROM audit_log") > before
    else:
        with pytest.raises(PermissionDenied):
            calls[what]()
        assert store.scalar("SELECT COUNT(*) FROM audit_log") == before


def test_migration_0003_computes_keys_for_existing_names(tmp_path) -> None:
    from dutyroom.store import open_store

    path = tmp_path / "old.sqlite3"
    open_store(path, stop_before=3).close()
    import sqlite3

    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO org_unit(name, kind, created_at, updated_at) VALUES ('石门镇', 'township', 'x', 'x')")
    conn.execute("INSERT INTO person(name, unit_id, created_at, updated_at) VALUES ('曾小贤', 1, 'x', 'x')")
    conn.commit()
    conn.close()
    upgraded = open_store(path)
    assert tuple(upgraded.row("SELECT name_initials, name_pinyin FROM person")) == ("zxx", "zeng xiao xian")
    assert upgraded.scalar("SELECT name_initials FROM org_unit") == "smz"
    assert upgraded.scalar("SELECT verified_on FROM person") is None
    upgraded.close()


def test_groups_of_agrees_with_group_members_on_the_demo(demo_store) -> None:
    listed = groups.list_groups(demo_store)
    assert {g.name for g in listed} >= {"全县乡镇防汛责任人", "灾害信息员", "县防指成员单位负责人"}
    members = {g.name: set(groups.member_ids(demo_store, g)) for g in listed}
    for (person_id,) in demo_store.rows("SELECT id FROM person WHERE voided_at IS NULL"):
        expected = sorted(name for name, ids in members.items() if person_id in ids)
        assert sorted(groups.groups_of(demo_store, person_id)) == expected
