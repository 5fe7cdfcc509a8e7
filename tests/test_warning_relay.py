"""From relay rules to the call list: whom each type and level calls, affected townships only, the 带班领导 first,
A/B角 and 外出报备 (an away person's B角 first), each person once; the rules themselves versioned like the
reporting rules."""

from __future__ import annotations

import json

import pytest

from dutyroom.contacts import people
from dutyroom.errors import ValidationError
from dutyroom.warnings import calls, records, relay
from dutyroom.warnings.targets import position_parts
from tests.incident_helpers import counts, session_as
from tests.warning_helpers import enter, leader_on_duty, pair, person, targets

QINGSHI = {"钟平勇", "邵立嘉", "石思", "周宇"}                       # 青石镇: 书记, 镇长, 分管副镇长, 应急办主任
QINGSHI_VILLAGES = {"龙浩胜", "白飞胜", "宋敏军", "区冬文"}           # each village's secretary (防汛责任人)
RESERVOIR = {"谭永福"}                                               # 上坪水库 (水库责任人, added by the demo)


@pytest.fixture
def officer(demo_store, clock):
    return session_as(demo_store, clock, "zhiban")


def _clear_away(store, clock) -> None:
    office = session_as(store, clock, "bangongshi")
    for (person_id,) in store.rows("SELECT id FROM person WHERE away_from IS NOT NULL"):
        people.clear_away(office, person_id)


def test_orange_rain_calls_the_affected_township_and_its_villages_only(demo_store, clock, officer) -> None:
    _clear_away(demo_store, clock)
    relayed = enter(officer)
    listed = targets(demo_store, relayed.notice_id)
    leader = leader_on_duty(demo_store, clock.now())
    assert list(listed)[0] == leader and listed[leader]["kind"] == "leader"
    assert listed[leader]["due_at"] == relayed.leader_due_at == "2026-11-24T10:10:00+08:00"
    primary = {name for name, t in listed.items() if t["kind"] == "primary"}
    assert primary == QINGSHI | QINGSHI_VILLAGES | RESERVOIR
    assert all(t["township"] == "青石镇" for t in listed.values() if t["kind"] == "primary")
    assert relayed.deadline_at == "2026-11-24T10:05:00+08:00"           # orange: 5 minutes (local practice)
    # the rule's order: township leaders, township flood-control persons, then the villages in tree order
    order = [name for name, t in listed.items() if t["kind"] == "primary"]
    assert order[:2] == ["钟平勇", "邵立嘉"] and set(order[2:4]) == {"石思", "周宇"}
    assert listed["龙浩胜"]["unit"] == "青石镇青石村" and listed["龙浩胜"]["reason"] == "村（社区）防汛责任人"
    assert json.loads(listed["龙浩胜"]["phones_json"])[0][1].startswith("1000000")


def test_lower_levels_call_fewer_people(demo_store, clock, officer) -> None:
    _clear_away(demo_store, clock)
    yellow = targets(demo_store, enter(officer, level="黄色").notice_id)
    assert {n for n, t in yellow.items() if t["kind"] == "primary"} == {"石思", "周宇"} | QINGSHI_VILLAGES | RESERVOIR
    blue = enter(officer, type="大风", level="蓝色", areas=["青石镇", "白沙镇"])
    listed = targets(demo_store, blue.notice_id)
    assert {n for n, t in listed.items() if t["kind"] == "primary"} == {"石思", "周宇", "陈敏", "秦辉婷"}
    assert blue.deadline_at == "2026-11-24T11:00:00+08:00"               # blue is called too: 60 minutes


def test_no_areas_means_the_whole_county_and_groups_reach_beyond_it(demo_store, clock, officer) -> None:
    everyone = targets(demo_store, enter(officer, level="蓝色", areas=[]).notice_id)
    towns = {t["township"] for t in everyone.values() if t["kind"] == "primary"}
    assert len(towns) == demo_store.scalar("SELECT COUNT(*) FROM org_unit WHERE kind = 'township'")
    notice = enter(officer, type="上级通知", level="黄色", source_unit="市防汛抗旱指挥部",
                   content="市防指启动防汛四级应急响应。", areas=["青石镇"]).notice_id
    listed = targets(demo_store, notice)
    members = [t for t in listed.values() if t["reason"] == "县防指成员单位负责人"]
    assert members and all(t["township"] == "" for t in members)          # county departments, not the township's


def test_a_person_named_twice_is_called_once_with_both_reasons(demo_store, clock, officer) -> None:
    people.update_contact(session_as(demo_store, clock, "bangongshi"), person(demo_store, "钟平勇"),
                          tags=["防汛责任人"])
    listed = targets(demo_store, enter(officer).notice_id)
    assert [n for n in listed if n.startswith("钟平勇")] == ["钟平勇"]
    assert listed["钟平勇"]["reason"] == "受影响乡镇党政主要负责人、乡镇防汛责任人"


def test_an_away_persons_backup_comes_first(demo_store, clock, officer) -> None:
    _clear_away(demo_store, clock)
    pair(demo_store, clock, "邵立嘉", "陈俊")              # 上坪村灾害信息员 stands in (not on the list otherwise)
    people.set_away(session_as(demo_store, clock, "bangongshi"), person(demo_store, "邵立嘉"),
                    clock.now().date(), clock.now().date(), "赴市参加防汛培训")
    listed = targets(demo_store, enter(officer).notice_id)
    names = list(listed)
    assert names.index("陈俊") == names.index("邵立嘉") - 1
    backup, away = listed["陈俊"], listed["邵立嘉"]
    assert (backup["kind"], backup["role"]) == ("backup", "B") and "代邵立嘉" in backup["reason"]
    assert away["backup_target_id"] == backup["id"] and away["away_note"] == "赴市参加防汛培训"
    queue = calls.queue(demo_store, away["notice_id"], clock.now(), officer.actor)
    assert [t["name"] for t in queue][:2] == [leader_on_duty(demo_store, clock.now()), "陈俊"]


def test_an_away_persons_backup_already_on_the_list_is_not_listed_twice(demo_store, clock, officer) -> None:
    _clear_away(demo_store, clock)
    pair(demo_store, clock, "邵立嘉", "石思")
    people.set_away(session_as(demo_store, clock, "bangongshi"), person(demo_store, "邵立嘉"),
                    clock.now().date(), clock.now().date(), "")
    listed = targets(demo_store, enter(officer).notice_id)
    assert [n for n in listed if n.startswith("石思")] == ["石思"]
    assert listed["石思"]["kind"] == "primary" and listed["石思"]["reason"] == "乡镇防汛责任人"
    assert list(listed).index("石思") == list(listed).index("邵立嘉") - 1         # the B角 first, in their own right
    assert listed["邵立嘉"]["backup_target_id"] == listed["石思"]["id"]
    assert listed["邵立嘉"]["away_note"] == "外出报备"


def test_positions_match_whole_titles() -> None:
    assert position_parts("党委委员、副镇长（分管应急）") == {"党委委员", "副镇长"}
    assert "镇长" not in position_parts("党委委员、副镇长（分管应急）")
    assert position_parts("应急管理办公室主任（防汛责任人）") == {"应急管理办公室主任"}


def test_levels_a_type_does_not_have_are_refused_and_nothing_is_written(demo_store, officer) -> None:
    before = {**counts(demo_store), "warning": demo_store.scalar("SELECT COUNT(*) FROM warning")}
    for bad in ({"type": "高温", "level": "蓝色"}, {"type": "暴雨", "level": "紫色"}, {"type": "沙暴"},
                {"content": "  "}, {"areas": ["青石村"]}, {"areas": ["没有这个镇"]}):
        with pytest.raises(ValidationError):
            enter(officer, **bad)
    assert {**counts(demo_store), "warning": demo_store.scalar("SELECT COUNT(*) FROM warning")} == before


# -- the rules as data, versioned ------------------------------------------------------------------------------

def test_shipped_rules_parse_and_plan_every_type_and_level() -> None:
    from dutyroom.warnings.catalog import catalogue

    rules = relay.FAMILY.shipped_rules()
    for kind in catalogue().types:
        for level in kind.levels:
            plan = rules.plan(kind.name, level)
            assert plan.selectors and plan.calls and plan.deadline_minutes
    assert rules.plan("暴雨", "red").deadline_minutes == 5 and rules.plan("暴雨", "yellow").deadline_minutes == 30
    assert "本地" in rules.note and "[S55]" in rules.note


@pytest.mark.parametrize("change, problem", [
    (lambda b: b["selectors"].pop("village_flood"), "未知的取值"),
    (lambda b: b["levels"].pop("blue"), "四个级别"),
    (lambda b: b["relay"][0].update(mode="shout"), "mode"),
    (lambda b: b.update(tries_before_escalation=1), "不能少于"),
    (lambda b: b["relay"].__setitem__(slice(None), b["relay"][:2]), "没有适用的条目"),
    (lambda b: b["selectors"]["duty_leader"].update(tags=["x"]), "duty_roles"),
])
def test_bad_rules_are_refused_in_chinese(change, problem) -> None:
    body = json.loads(json.dumps(relay.FAMILY.shipped_rules().body))
    change(body)
    with pytest.raises(ValidationError, match=problem):
        relay.parse_relay_rules(body)


def test_an_administrators_version_plans_new_lists_and_old_lists_keep_theirs(demo_store, clock, officer) -> None:
    admin = session_as(demo_store, clock, "admin")
    first = enter(officer, type="大风", level="蓝色")
    body = json.loads(relay.FAMILY.body_text(demo_store, None))
    body["name"] = "本县叫应规则"
    body["relay"].insert(0, {"levels": ["blue"], "types": ["大风"], "call": ["township_flood"], "mode": "notice"})
    with pytest.raises(ValidationError, match="修改原因"):
        relay.FAMILY.save(admin, body)
    with pytest.raises(Exception, match="无权"):
        relay.FAMILY.save(officer, body, note="x")
    version = relay.FAMILY.save(admin, body, note="依据县防指〔2026〕5号")
    assert relay.FAMILY.in_force(demo_store).rule_set_id == version
    assert demo_store.scalar("SELECT family FROM rule_set WHERE id = ?", (version,)) == "warnings"
    second = enter(officer, type="大风", level="蓝色")
    old, new = (demo_store.row("SELECT * FROM warning_notice WHERE id = ?", (n,)) for n in (first.notice_id,
                                                                                          second.notice_id))
    assert (old["mode"], new["mode"]) == ("call", "notice") and new["deadline_at"] is None
    assert old["rule_set_id"] != new["rule_set_id"]
    assert all(t["kind"] == "primary" for t in targets(demo_store, second.notice_id).values())   # no leader call
    # the incident rules are a family of their own: untouched
    from dutyroom.incidents import rulebook

    assert rulebook.in_force(demo_store).rules.key == "national"
    assert [h["family"] for h in [dict(r) for r in demo_store.rows("SELECT family FROM rule_set")]].count("warnings") == 2
    # a notice list is sent and told, not answered
    told = calls.notify_all(officer, second.notice_id, "短信")
    assert told == len(targets(demo_store, second.notice_id))
    assert {t["status"] for t in targets(demo_store, second.notice_id).values()} == {"notified"}
    assert calls.queue(demo_store, second.notice_id, clock.now(), officer.actor) == []


def test_lifting_tells_again_whoever_the_last_list_named(demo_store, clock, officer) -> None:
    relayed = enter(officer)
    before = {n for n, t in targets(demo_store, relayed.notice_id).items() if t["kind"] == "primary"}
    clock.advance(hours=3)
    lifted = records.lift_warning(officer, relayed.warning_id)
    after = targets(demo_store, lifted.notice_id)
    assert {n for n, t in after.items() if t["kind"] in ("primary", "backup")} >= before
    notice = demo_store.row("SELECT * FROM warning_notice WHERE id = ?", (lifted.notice_id,))
    assert notice["kind"] == "lift" and notice["deadline_at"] == "2026-11-24T13:30:00+08:00"
    assert demo_store.scalar("SELECT status FROM warning WHERE id = ?", (relayed.warning_id,)) == "lifted"
