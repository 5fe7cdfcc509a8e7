"""Every operation's change reaches a page that shows it.

The operations are found in the source (every function that opens a write), so a new one cannot be
missed: ``test_every_operation_is_walked`` fails until a scenario below exercises it. Each scenario runs
real operations on a real data file, records which function opened each write and the typed change set it
produced, and checks that every area changed is one some page of the navigation refreshes on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from dutyroom import audit, org, settings
from dutyroom.audit import anchors
from dutyroom.audit.positions import head
from dutyroom.auth import accounts
from dutyroom.changes import Area, ChangeSet
from dutyroom.clock import CST, FixedClock
from dutyroom.contacts import desk, groups, people
from dutyroom.contacts.importer import import_contacts
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.dutylog import handover, instructions, pending, report, templates
from dutyroom.dutylog.entries import correct_entry, record_entry, void_entry
from dutyroom.errors import AuthError, ValidationError
from dutyroom.incidents import disaster, intake, obligations, reports, rulebook
from dutyroom.roster import arrangements, changes, planning, publishing, staffing
from dutyroom.roster.arrangements import HolidayRange
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store
from dutyroom.warnings import broadcasts as warning_broadcasts
from dutyroom.warnings import calls as warning_calls
from dutyroom.warnings import records as warning_records
from dutyroom.warnings import relay
from tests.change_helpers import Recorder, page_areas, recording, write_openers
from tests.dutylog_helpers import EQUIPMENT_OK, PASSWORD, call_in_fields, make_room
from tests.incident_helpers import first_call, session_as, unit_id
from tests.incident_helpers import obligations as open_obligations

DEC = (date(2026, 12, 1), date(2026, 12, 31))


@dataclass
class World:
    store: Store
    clock: FixedClock
    system: Session
    tmp: Path

    def as_user(self, username: str) -> Session:
        return session_as(self.store, self.clock, username)


# -- scenarios: each names the functions it walks -------------------------------------------------------

def accounts_scenario(w: World) -> None:
    admin = accounts.create_first_admin(w.store, w.clock, username="admin", password=PASSWORD, display_name="管理员")
    accounts.login(w.store, "admin", PASSWORD, w.clock)
    with pytest.raises(AuthError):
        accounts.login(w.store, "admin", "wrong-pass-1", w.clock)
    manager = Session(w.store, admin, w.clock)
    account = accounts.create_account(manager, username="zhiban", password=PASSWORD, display_name="值班员",
                                      roles=["officer"], must_change=False)
    accounts.set_roles(manager, account, ["officer", "chief"])
    accounts.update_account(manager, account, display_name="值班员甲")
    accounts.reset_password(manager, account, "Temp2026pw")
    user = Session(w.store, accounts.actor_for(w.store, account), w.clock)
    accounts.change_own_password(user, "Temp2026pw", "Mine2026pw")
    accounts.void_account(manager, account, "调离")


def org_scenario(w: World) -> None:
    unit = org.create_unit(w.system, name="示例县应急管理局", kind="bureau")
    spare = org.create_unit(w.system, name="临时单位", kind="other")
    org.update_unit(w.system, unit, duty_phone="0000-7700001")
    person = org.create_person(w.system, name="张三", unit_id=unit, is_staff=True, duty_roles=["officer"],
                               phones=[("mobile", "13000000001")])
    org.update_person(w.system, person, position="科员", duty_roles=["officer", "chief"])
    org.void_person(w.system, person, "调离")
    org.void_unit(w.system, spare, "撤销")


def contacts_scenario(w: World) -> None:
    office = w.as_user("bangongshi")
    town = unit_id(w.store, "青石镇")
    person = people.create_contact(office, name="测试联系人", unit_id=town, phones=[("mobile", "13000000001")],
                                   tags=["专家"])
    people.update_contact(office, person, position="联络员", tags=["专家", "防汛责任人"])
    people.verify_contact(office, person)
    people.verify_unit(office, town)
    people.update_unit_contact(office, town, address="青石镇人民政府大院")
    people.set_away(office, person, date(2026, 11, 24), date(2026, 11, 30), "培训")
    people.clear_away(office, person)
    group = groups.create_group(office, name="测试分组", member_ids=[person])
    groups.update_group(office, group, description="测试用")
    groups.void_group(office, group, "测试结束")
    line = desk.create_desk_phone(office, label="测试电话", number="0000-1234567")
    desk.update_desk_phone(office, line, note="备注")
    desk.move_desk_phone(office, line, -1)
    desk.void_desk_phone(office, line)
    people.void_contact(office, person, "测试结束")
    book = openpyxl.Workbook()
    book.active.append(["乡镇（街道）", "名字", "职位", "移动电话", "人员类别"])
    book.active.append(["青石镇", "导入甲", "信息员", "13000000009", "灾害信息员"])
    book.save(w.tmp / "import.xlsx")
    import_contacts(office, w.tmp / "import.xlsx")
    settings.set_many(w.system, {"contacts.stale_days": 60})


def wishes_scenario(w: World) -> None:
    from dutyroom.roster import wishes

    system, store = w.system, w.store
    chief, officer, other = (store.scalar(
        "SELECT p.id FROM person p JOIN person_duty_role r ON r.person_id = p.id WHERE r.role = ?"
        " AND p.is_staff = 1 AND p.voided_at IS NULL ORDER BY p.id LIMIT 1 OFFSET ?", (role, n))
        for role, n in (("chief", 0), ("officer", 0), ("officer", 1)))
    wish = wishes.add_wish(system, officer, weekdays=[5], note="接送孩子")
    wishes.void_wish(system, wish, "不再需要")
    pair = wishes.add_pair(system, officer, other)
    wishes.void_pair(system, pair, "已调岗")
    wishes.set_new_officer(system, chief, True)


def roster_scenario(w: World) -> None:
    system, store = w.system, w.store
    leader = store.scalar("SELECT p.id FROM person p JOIN person_duty_role r ON r.person_id = p.id"
                          " WHERE r.role = 'leader' AND p.is_staff = 1 AND p.voided_at IS NULL ORDER BY p.id")
    assign_many(system, [SlotAssignment(date(2027, 1, 4), "leader", 0, leader)])
    planning.ensure_draft(system, date(2027, 1, 1), date(2027, 1, 31))
    planning.generate(system, *DEC)
    day = date(2026, 12, 2)
    cell = store.row("SELECT * FROM roster_draft WHERE duty_date = ? AND role = 'officer' AND position = 0"
                     " AND voided_at IS NULL", (day.isoformat(),))
    planning.set_pinned(system, day, "officer", 0, not cell["pinned"])
    planning.clear(system, day, "officer", 0)
    planning.assign(system, day, "officer", 0, cell["person_id"], accept_conflicts=True)
    absence = staffing.add_absence(system, cell["person_id"], "trip", date(2027, 1, 5), date(2027, 1, 6))
    staffing.void_absence(system, absence, "取消出差")
    staffing.set_profile(system, cell["person_id"], no_night=True)
    period = staffing.add_period(system, name="测试时段", kind="sensitive", start=date(2027, 1, 10),
                                 end=date(2027, 1, 11), slots={"leader": 2})
    staffing.void_period(system, period, "取消")
    arrangements.save_year(system, 2027, [HolidayRange("元旦", date(2027, 1, 1), date(2027, 1, 1))], [])
    arrangements.void_year(system, 2027, "录入有误")
    publishing.publish(system, *DEC, accept_issues=True)
    change = _some_swap(system)
    changes.approve_change(system, change, "同意", accept_conflicts=True)
    changes.undo_change(system, change, "领导另有安排")
    pending_change = store.scalar("SELECT id FROM roster_change WHERE status = 'pending'")
    changes.reject_change(system, pending_change, "人手不足")


def _some_swap(system: Session) -> int:
    """A swap of two published December officer duties that breaks no hard rule (the first such pair)."""
    duties = system.store.column("SELECT id FROM duty_assignment WHERE role = 'officer' AND voided_at IS NULL"
                                 " AND duty_date BETWEEN '2026-12-01' AND '2026-12-31' ORDER BY duty_date, id")
    for first, second in zip(duties, duties[len(duties) // 2:], strict=False):
        try:
            return changes.request_swap(system, first, second, "出差调整")
        except ValidationError:
            continue
    raise AssertionError("no December swap is possible")


def leave_scenario(w: World) -> None:
    """Leave from the staff side on the demo county: asked, approved (absence, proposed 代班), cancelled; refused;
    withdrawn; 补休 entered by the office."""
    from dutyroom.roster import balance, leave

    office = w.as_user("bangongshi")
    duty = w.store.one("SELECT person_id, duty_date FROM duty_assignment WHERE voided_at IS NULL AND role = 'officer'"
                       " AND duty_date >= '2026-11-26' AND person_id NOT IN (SELECT person_id FROM leave_request)"
                       " ORDER BY duty_date")
    person, day = duty["person_id"], date.fromisoformat(duty["duty_date"])
    asked = leave.request_leave(office, person, "leave", day, day, "家中有事")
    leave.approve_request(office, asked, "同意")
    leave.cancel_request(office, asked, "提前返岗")
    refused = leave.request_leave(office, person, "trip", day, day + timedelta(days=1), "外出")
    leave.refuse_request(office, refused, "人手紧")
    withdrawn = leave.request_leave(office, person, "training", day, day, "培训")
    leave.withdraw_request(office, withdrawn, "培训取消")
    owed = balance.comp_balances(w.store, date(2026, 1, 1), date(2026, 11, 20))
    richest = max(owed, key=lambda p: (owed[p].closing, -p))
    leave.record_comp_leave(office, richest, date(2026, 11, 2), date(2026, 11, 2), "补国庆值班")


def dutylog_scenario(w: World) -> None:
    room = make_room(w.store, w.clock, w.system)
    entry = record_entry(room.officer, "call_in", summary="上坪村道路边坡小型滑塌", fields=call_in_fields())
    correct_entry(room.officer, entry, summary="上坪村道路边坡小型滑塌（已核实）")
    note = record_entry(room.officer, "instruction", summary="加强巡查", fields={"leader": "刘丽平"})
    instructions.lift(room.leader, note, "已落实")
    item = pending.raise_pending(room.officer, "跟踪滑塌处置")
    pending.add_note(room.officer, item, "已联系镇应急办")
    pending.close_pending(room.officer, item, "处置完毕")
    double = pending.raise_pending(room.officer, "重复事项")
    pending.void_pending(room.officer, double, "重复")
    pending.raise_pending(room.officer, "落实寒潮防范通知")
    void_entry(room.officer, entry, "重复记录")
    template = templates.save_template(room.chief, name="县水利局来电", kind="call_in")
    templates.remove_template(room.chief, template)
    report.save_report(room.officer, date(2026, 11, 24), title="值班日报", body="今日值班情况正常。", zero_report=True)
    room.clock.set(datetime(2026, 11, 25, 8, 10, tzinfo=CST))
    day = date(2026, 11, 24)
    first = handover.confirm_handover(room.officer, day, equipment=EQUIPMENT_OK)
    handover.withdraw_handover(room.officer, first, "补记后重新交班")
    second = handover.confirm_handover(room.officer, day, equipment=EQUIPMENT_OK)
    state = handover.handover_state(room.store, day, room.clock.now())
    handover.acknowledge(room.incoming, second, [i.key for i in state.sheet.ack_items()])
    handover.accept_handover(room.incoming, second)


def incidents_scenario(w: World) -> None:
    store, now = w.store, w.clock.now()
    officer, chief, leader = w.as_user("zhiban"), w.as_user("zhibanzhang"), w.as_user("daiban")
    incident = intake.open_incident(officer, first_call(store, now, dead=3, trapped=2))
    intake.add_call(officer, incident, {"reporter_name": "王建国"}, summary="又有2人受伤", changes={"injured": 2})
    intake.update_facts(officer, incident, {"unit_name": "示例矿业有限公司"}, note="企业名称核对更正")
    intake.set_title(officer, incident, "青石镇示例矿业透水事故")
    intake.override_grade(chief, incident, "重大", "死亡人数可能继续上升，按重大事件报告")
    notify = open_obligations(store, incident)["notify_leader"]
    obligations.acknowledge(officer, notify["id"], "soon")
    obligations.meet(officer, notify["id"], how="电话", to="带班领导刘丽平")
    obligations.waive(chief, open_obligations(store, incident)["followup"]["id"], "市局值班室同意合并至明日续报")
    obligations.request_verification(officer, incident, requested_by="市应急管理局总值班室",
                                     request="核实伤亡人数", due_at=now + timedelta(hours=1))
    report_id = reports.create_report(officer, incident, "initial")
    body = json.loads(reports.get_report(store, report_id)["body_json"])
    for section in reports.kind_spec("initial")["sections"]:
        if section.get("required") and not body.get(section["key"]):
            body[section["key"]] = f"{section['heading']}内容"
    reports.update_report(officer, report_id, body=body)
    reports.sign_off(leader, report_id)
    reports.withdraw_signoff(leader, report_id, "需补充救援进展")
    reports.sign_off(leader, report_id)
    reports.mark_sent(officer, report_id, to="市应急管理局总值班室", channel="传真")
    reports.confirm_receipt(officer, report_id, confirmed_with="市应急管理局总值班室 张明")
    correction = reports.correct_report(officer, report_id)
    reports.void_report(officer, correction, "无需更正")
    flood = intake.open_incident(officer, first_call(
        store, now, category="自然灾害", subtype="洪涝灾害", accident_type=None, unit_name="",
        description="连续强降雨致龙潭镇部分村组受淹。", dead=1, township=unit_id(store, "龙潭镇"),
        village=unit_id(store, "龙潭村"), place_detail="沿河低洼地带"))
    disaster.create_disaster_report(officer, flood, "initial")
    intake.close_incident(officer, incident, note="被困人员全部救出，现场救援结束")
    intake.reopen_incident(chief, incident, "发现新的险情，重新组织处置")
    intake.void_incident(chief, flood, "与另一事件重复录入")


def county_scenario(w: World) -> None:
    """A new county: its staff list, one person changed by hand, accounts for all, past rosters in and out."""
    from dutyroom.auth.bulk import create_staff_accounts
    from dutyroom.demo.county_files import (
        BUREAU,
        STAFF,
        make_history,
        write_history_workbook,
        write_staff_sheet,
    )
    from dutyroom.roster.history import import_history, void_import, void_imported_duty
    from dutyroom.roster.staff import StaffChange, update_staff
    from dutyroom.roster.staff_import import import_staff

    settings.set_value(w.system, "org.name", BUREAU)
    import_staff(w.system, write_staff_sheet(w.tmp / "名单.xlsx"))
    person = w.store.scalar("SELECT id FROM person WHERE name = '蒋欣'")
    update_staff(w.system, [person], StaffChange(roles=["officer", "standby"], no_night=False))
    create_staff_accounts(w.system, lambda made: None, person_ids=[person])
    plan = import_history(w.system, write_history_workbook(w.tmp / "历史.xlsx", make_history(STAFF, [(2026, 11)])))
    duty = w.store.scalar("SELECT id FROM duty_assignment WHERE import_id = ? ORDER BY id", (plan.import_id,))
    void_imported_duty(w.system, duty, "表中写错")
    void_import(w.system, plan.import_id, "导入了错误的文件")


def rules_scenario(w: World) -> None:
    admin = w.as_user("admin")
    henan = rulebook.adopt_shipped(admin, "henan")
    body = json.loads(rulebook.body_text(w.store, henan))
    body["name"] = "本县规则"
    rulebook.save_rule_set(admin, body, note="依据县应急局文件")
    rulebook.activate(admin, henan, "恢复河南从严")


def demo_history_scenario(w: World) -> None:
    from dutyroom.demo.history_seed import seed_log_history

    seed_log_history(w.store, date(2025, 12, 1), date(2025, 12, 3))


def audit_scenario(w: World) -> None:
    admin = w.as_user("admin")
    position = head(w.store)
    kept = anchors.add_anchor(admin, seq=position.seq, hash_prefix=position.hash[:16], source="2026-11-24 交接班记录")
    anchors.void_anchor(admin, kept, "抄录错误")


def warnings_scenario(w: World) -> None:
    officer, chief, admin = w.as_user("zhiban"), w.as_user("zhibanzhang"), w.as_user("admin")
    relayed = warning_records.new_warning(officer, type="暴雨", level="黄色", areas=["青石镇"],
                                          content="预计未来6小时累计降雨量50毫米以上。")
    first = warning_calls.claim_next(officer, relayed.notice_id)
    warning_calls.release(officer, first["id"])
    held = warning_calls.claim(officer, first["id"])
    warning_calls.record_call(officer, held["id"], "answered", claim_next=True)
    warning_calls.mark_arrived(officer, held["id"])
    listed = [r[0] for r in w.store.rows("SELECT id FROM warning_target WHERE notice_id = ? AND status = 'pending'"
                                         " ORDER BY seq", (relayed.notice_id,))]
    wrong = warning_calls.record_call(chief, listed[-1], "wrong_number").attempt_id
    warning_calls.void_attempt(chief, wrong, "按错键")
    warning_calls.acknowledge_alarm(officer, relayed.notice_id, "all", "soon")
    broadcast = warning_broadcasts.add_broadcast(officer, relayed.warning_id, area="青石镇/上坪村",
                                                 content="暴雨黄色预警，请沿河群众注意防范。")
    warning_broadcasts.void_broadcast(officer, broadcast, "重复登记")
    raised = warning_records.change_warning(officer, relayed.warning_id, level="橙色")
    warning_calls.notify_all(officer, raised.notice_id, "短信")
    warning_records.lift_warning(officer, relayed.warning_id)
    warning_records.void_warning(chief, relayed.warning_id, "演练数据")
    body = json.loads(relay.FAMILY.body_text(w.store, None))
    body["name"] = "本县叫应规则"
    version = relay.FAMILY.save(admin, body, note="依据县防指文件")
    relay.FAMILY.adopt_shipped(admin, "relay-local")
    relay.FAMILY.activate(admin, version, "恢复本县规则")


@dataclass(frozen=True)
class Scenario:
    run: Callable[[World], None]
    demo: bool                    # on the demo county (else on an empty data file)
    walks: frozenset[str]         # the functions that open a write which it must see doing so


def _walks(module: str, *names: str) -> set[str]:
    return {f"dutyroom.{module}.{name}" for name in names}


SCENARIOS: dict[str, Scenario] = {
    "accounts": Scenario(accounts_scenario, False, frozenset(_walks(
        "auth.accounts", "create_first_admin", "login", "create_account", "set_roles", "update_account",
        "reset_password", "change_own_password", "void_account"))),
    "org": Scenario(org_scenario, False, frozenset(_walks(
        "org", "create_unit", "update_unit", "void_unit", "create_person", "update_person", "void_person"))),
    "contacts": Scenario(contacts_scenario, True, frozenset(
        _walks("contacts.people", "create_contact", "update_contact", "verify_contact", "verify_unit",
               "update_unit_contact", "set_away", "clear_away", "void_contact")
        | _walks("contacts.groups", "create_group", "update_group", "void_group")
        | _walks("contacts.desk", "create_desk_phone", "update_desk_phone", "move_desk_phone", "void_desk_phone")
        | _walks("contacts.importer", "import_contacts") | _walks("settings", "set_many"))),
    "roster": Scenario(roster_scenario, True, frozenset(
        _walks("duty.assignments", "assign_many")
        | _walks("roster.planning", "ensure_draft", "generate", "set_pinned", "clear", "assign")
        | _walks("roster.staffing", "add_absence", "void_absence", "set_profile", "add_period", "void_period")
        | _walks("roster.arrangements", "save_year", "void_year") | _walks("roster.publishing", "publish")
        | _walks("roster.changes", "_request", "approve_change", "undo_change", "_close"))),
    "leave": Scenario(leave_scenario, True, frozenset(_walks(
        "roster.leave", "request_leave", "approve_request", "cancel_request", "refuse_request", "withdraw_request",
        "record_comp_leave"))),
    "roster wishes": Scenario(wishes_scenario, True, frozenset(_walks(
        "roster.wishes", "add_wish", "void_wish", "add_pair", "void_pair", "set_new_officer"))),
    "dutylog": Scenario(dutylog_scenario, False, frozenset(
        _walks("dutylog.entries", "record_entry", "correct_entry", "void_entry")
        | _walks("dutylog.instructions", "lift")
        | _walks("dutylog.pending", "raise_pending", "add_note", "close_pending", "void_pending")
        | _walks("dutylog.templates", "save_template", "remove_template") | _walks("dutylog.report", "save_report")
        | _walks("dutylog.handover", "confirm_handover", "withdraw_handover", "acknowledge", "accept_handover"))),
    "incidents": Scenario(incidents_scenario, True, frozenset(
        _walks("incidents.intake", "open_incident", "add_call", "update_facts", "set_title", "override_grade",
               "close_incident", "reopen_incident", "void_incident")
        | _walks("incidents.obligations", "acknowledge", "meet", "waive", "request_verification")
        | _walks("incidents.reports", "create_report", "update_report", "sign_off", "withdraw_signoff",
                 "mark_sent", "confirm_receipt", "correct_report", "void_report")
        | _walks("incidents.disaster", "create_disaster_report"))),
    "county": Scenario(county_scenario, False, frozenset(
        _walks("roster.staff_import", "import_staff") | _walks("roster.staff", "update_staff")
        | _walks("auth.bulk", "create_staff_accounts")
        | _walks("roster.history", "import_history", "void_import", "void_imported_duty"))),
    "demo-history": Scenario(demo_history_scenario, True, frozenset(_walks("demo.history_seed", "seed_log_history"))),
    "rules": Scenario(rules_scenario, True, frozenset(
        _walks("rulebook", "RuleFamily.adopt_shipped", "RuleFamily.save", "RuleFamily.activate"))),
    "warnings": Scenario(warnings_scenario, True, frozenset(
        _walks("warnings.records", "new_warning", "change_warning", "lift_warning", "void_warning")
        | _walks("warnings.calls", "claim_next", "claim", "release", "record_call", "mark_arrived", "notify_all",
                 "void_attempt", "acknowledge_alarm")
        | _walks("warnings.broadcasts", "add_broadcast", "void_broadcast")
        | _walks("rulebook", "RuleFamily.adopt_shipped", "RuleFamily.save", "RuleFamily.activate"))),
    "audit": Scenario(audit_scenario, True, frozenset(_walks("audit.anchors", "add_anchor", "void_anchor"))),
}


@pytest.fixture(scope="module")
def subscribed() -> frozenset[Area]:
    areas = page_areas()
    assert len(areas) >= 12, areas     # every page of the navigation was found
    return frozenset().union(*areas.values())


def test_every_operation_is_walked() -> None:
    walked = frozenset().union(*(s.walks for s in SCENARIOS.values()))
    assert sorted(write_openers() - walked) == [], "operations no scenario walks: add them to a scenario"
    assert sorted(walked - write_openers()) == [], "scenarios name functions that open no write"


def test_every_area_has_a_page(subscribed: frozenset[Area]) -> None:
    assert set(Area) - subscribed == set()


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_operations_announce_changes_pages_show(name: str, request: pytest.FixtureRequest, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch, clock: FixedClock,
                                                subscribed: frozenset[Area]) -> None:
    scenario = SCENARIOS[name]
    store = request.getfixturevalue("demo_store" if scenario.demo else "store")
    world = World(store, clock, Session(store, SYSTEM_ACTOR, clock), tmp_path)
    with recording(monkeypatch, store) as recorder:
        scenario.run(world)
    check(recorder, scenario.walks, subscribed)
    verified = audit.verify(store)     # every record each operation wrote is sealed under its audit row
    assert verified.ok and verified.records_checked, verified.message()


def check(recorder: Recorder, walks: frozenset[str], subscribed: frozenset[Area]) -> None:
    assert sorted(walks - recorder.openers()) == [], "functions the scenario did not see opening a write"
    shown: dict[str, bool] = {}
    for write in recorder.writes:
        if write.changes:
            assert Area.AUDIT in write.changes.areas, f"{write.opener} changed data without an audit row"
            assert write.changes.areas <= subscribed, f"{write.opener}: no page shows {write.changes.areas - subscribed}"
        shown[write.opener] = shown.get(write.opener, False) or bool(write.changes.areas - {Area.AUDIT})
    assert sorted(op for op in walks if not shown[op]) == [], "operations whose writes no page (but the audit) shows"
    written = frozenset().union(*(w.changes.tables for w in recorder.writes))
    announced = frozenset().union(*(c.tables for c in recorder.announced))
    assert announced == written and all(isinstance(c, ChangeSet) for c in recorder.announced)
