"""The duty room's role rules, held in the core: who may void a signed report, lower a grade, lift a leader's
instruction, withdraw a handover confirmation, change another person's log entry or broadcast record, and take
over a shift.

Each refusal writes nothing (the audit log and the record stay as they were)."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from dutyroom.auth import accounts
from dutyroom.clock import CST
from dutyroom.dutylog import handover as ho
from dutyroom.dutylog import instructions, pending
from dutyroom.dutylog.entries import correct_entry, get_entry, record_entry, void_entry
from dutyroom.errors import PermissionDenied
from dutyroom.incidents import intake, reports
from dutyroom.session import SYSTEM_ACTOR, Session
from tests.dutylog_helpers import EQUIPMENT_OK, PASSWORD, call_in_fields, make_room
from tests.incident_helpers import counts, first_call, session_as

# -- reports and grades (the demo county: zhiban 值班员, zhibanzhang 值班长, daiban 带班领导) ----------------


@pytest.fixture
def officer(demo_store, clock) -> Session:
    return session_as(demo_store, clock, "zhiban")


@pytest.fixture
def chief(demo_store, clock) -> Session:
    return session_as(demo_store, clock, "zhibanzhang")


@pytest.fixture
def leader(demo_store, clock) -> Session:
    return session_as(demo_store, clock, "daiban")


def _signed_report(officer: Session, leader: Session, **facts: object) -> int:
    incident = intake.open_incident(officer, first_call(officer.store, officer.now(), dead=3, **facts))
    report_id = reports.create_report(officer, incident, "initial")
    body = json.loads(reports.get_report(officer.store, report_id)["body_json"])
    for section in reports.kind_spec("initial")["sections"]:
        if section.get("required") and not body.get(section["key"]):
            body[section["key"]] = f"{section['heading']}内容"
    reports.update_report(officer, report_id, body=body)
    reports.sign_off(leader, report_id)
    return report_id


def test_only_a_leader_voids_or_withdraws_a_signed_report(demo_store, officer, chief, leader) -> None:
    report_id = _signed_report(officer, leader)
    before = counts(demo_store)
    for session in (officer, chief):
        with pytest.raises(PermissionDenied, match="只有带班领导可以作废已签发的报告"):
            reports.void_report(session, report_id, "重复起草")
        with pytest.raises(PermissionDenied, match="无权签发"):
            reports.withdraw_signoff(session, report_id, "数字有误")
    assert counts(demo_store) == before and reports.get_report(demo_store, report_id)["status"] == "signed"
    reports.void_report(leader, report_id, "重复起草，以另一份为准")
    assert reports.get_report(demo_store, report_id)["voided_at"]
    draft = reports.create_report(officer, intake.open_incident(officer, first_call(demo_store, officer.now())),
                                  "initial")
    reports.void_report(officer, draft, "起草错了事件")       # a draft is anyone's to void
    assert reports.get_report(demo_store, draft)["voided_at"]


def test_lowering_the_grade_by_counts_needs_a_chief_or_leader(demo_store, officer, chief) -> None:
    incident = intake.open_incident(officer, first_call(demo_store, officer.now(), dead=3))
    assert intake.get_incident(demo_store, incident)["grade"] == "III"
    before = counts(demo_store)
    with pytest.raises(PermissionDenied, match="事件等级由较大降为一般"):
        intake.update_facts(officer, incident, {"dead": 0}, note="核实后无人死亡")
    with pytest.raises(PermissionDenied, match="事件等级由较大降为一般"):
        intake.add_call(officer, incident, {"reporter_name": "王建国"}, summary="3人已救出生还", changes={"dead": 0})
    assert counts(demo_store) == before and intake.get_incident(demo_store, incident)["grade"] == "III"
    intake.update_facts(officer, incident, {"dead": 5}, note="又发现2人遇难")      # raising is anyone's to record
    intake.update_facts(chief, incident, {"dead": 0}, note="经现场指挥部核实，3人均已救出生还")
    assert intake.get_incident(demo_store, incident)["grade"] == "IV"


def test_lowering_the_reporting_level_by_a_mark_needs_a_chief_or_leader(demo_store, officer, leader) -> None:
    incident = intake.open_incident(officer, first_call(demo_store, officer.now(), sensitive_time=True))
    assert intake.get_incident(demo_store, incident)["level"] == "III"
    with pytest.raises(PermissionDenied, match="报送等级由较大降为一般"):
        intake.update_facts(officer, incident, {"sensitive_time": False}, note="不属于敏感时段")
    intake.update_facts(leader, incident, {"sensitive_time": False}, note="经研判不属于敏感时段")
    assert intake.get_incident(demo_store, incident)["level"] == "IV"


def test_lowering_by_override_needs_a_chief_or_leader_with_a_reason(demo_store, officer, chief) -> None:
    incident = intake.open_incident(officer, first_call(demo_store, officer.now(), dead=3))
    with pytest.raises(PermissionDenied, match="无权调整事件等级"):
        intake.override_grade(officer, incident, "一般", "现场核实伤亡较轻")
    with pytest.raises(Exception, match="写明理由"):
        intake.override_grade(chief, incident, "一般", "")
    intake.override_grade(chief, incident, "一般", "经现场核实，3人系自然死亡，不属生产安全事故")
    assert intake.get_incident(demo_store, incident)["grade"] == "IV"


# -- the duty log and the handover (a small bureau: 11-24 刘丽平 带班, 夏卫琪 值班长, 苏宇琪 值班员; 11-25 姚博建) ----

@pytest.fixture
def room(store, clock, system):
    return make_room(store, clock, system)


def _session(room, username: str, roles: list[str], person: str | None) -> Session:
    account = accounts.create_account(Session(room.store, SYSTEM_ACTOR, room.clock), username=username,
                                      password=PASSWORD, display_name=username, roles=roles,
                                      person_id=room.people[person] if person else None, must_change=False)
    return Session(room.store, accounts.actor_for(room.store, account), room.clock)


def test_a_leaders_instruction_is_lifted_by_its_author_or_a_leader(room) -> None:
    entry = record_entry(room.officer, "instruction", summary="加强地质灾害隐患点巡查", fields={"leader": "刘丽平"},
                         person_id=room.people["刘丽平"])
    audit = room.count("audit_log")
    for session in (room.officer, room.chief, room.incoming):      # who recorded it, a chief, another officer
        with pytest.raises(PermissionDenied, match="只有刘丽平本人或带班领导可以解除"):
            instructions.lift(session, entry, "已落实")
    assert room.count("audit_log") == audit and instructions.lift_of(room.store, entry) is None
    # 刘丽平 under an account that is not a 带班领导 account (e.g. acting as 值班长) still lifts her own
    author = _session(room, "liulp2", ["chief"], "刘丽平")
    instructions.lift(author, entry, "已落实完毕")
    other = record_entry(room.officer, "instruction", summary="做好寒潮防范", fields={"leader": "王县长"})
    instructions.lift(room.leader, other, "县政府另有通知")
    assert instructions.lift_of(room.store, other)["lifted_by_name"] == "刘丽平"


def test_another_persons_log_entry_is_changed_by_a_chief_or_leader_only(room) -> None:
    chiefs = record_entry(room.chief, "call_in", summary="县水利局通报水库水位", fields=call_in_fields())
    own = record_entry(room.officer, "other", summary="例行检查值班电话")
    audit = room.count("audit_log")
    with pytest.raises(PermissionDenied, match="这条记录是夏卫琪记的"):
        correct_entry(room.officer, chiefs, summary="县水利局通报水库水位（已改）")
    with pytest.raises(PermissionDenied, match="这条记录是夏卫琪记的"):
        void_entry(room.officer, chiefs, "重复")
    with pytest.raises(PermissionDenied, match="这条记录是苏宇琪记的"):
        void_entry(room.incoming, own, "重复")
    assert room.count("audit_log") == audit and get_entry(room.store, chiefs)["revision"] == 0
    correct_entry(room.officer, own, summary="例行检查值班电话和传真")        # one's own: oneself
    correct_entry(room.chief, own, summary="例行检查值班电话、传真")          # a chief: anyone's
    void_entry(room.leader, chiefs, "与上一条重复")                            # a leader: anyone's
    assert get_entry(room.store, own)["revision"] == 2 and get_entry(room.store, chiefs)["voided_at"]


def test_another_persons_pending_item_is_voided_by_a_chief_or_leader_only(room) -> None:
    item = pending.raise_pending(room.chief, "跟踪上坪村滑塌处置")
    with pytest.raises(PermissionDenied, match="这项待办是夏卫琪列入的"):
        pending.void_pending(room.officer, item, "重复")
    pending.close_pending(room.officer, item, "已处置完毕")          # closing with a result is anyone's work
    mine = pending.raise_pending(room.officer, "重复事项")
    pending.void_pending(room.officer, mine, "重复")


def _handover_time(room, hour: int, minute: int, day: int = 25) -> None:
    room.clock.set(datetime(2026, 11, day, hour, minute, tzinfo=CST))


def test_a_handover_confirmation_is_withdrawn_only_by_who_gave_it(room) -> None:
    _handover_time(room, 8, 10)
    handover_id = ho.confirm_handover(room.officer, date(2026, 11, 24), equipment=EQUIPMENT_OK)
    audit = room.count("audit_log")
    for session in (room.chief, room.leader, room.incoming):
        with pytest.raises(PermissionDenied, match="只能由苏宇琪本人撤回"):
            ho.withdraw_handover(session, handover_id, "补记后重新交班")
    assert room.count("audit_log") == audit
    ho.withdraw_handover(room.officer, handover_id, "补记后重新交班")


def test_handing_over_and_taking_over_only_by_the_people_on_those_shifts(room) -> None:
    record_entry(room.officer, "call_in", summary="上坪村道路边坡小型滑塌", fields=call_in_fields(), pending="跟踪处置")
    _handover_time(room, 8, 10)
    day = date(2026, 11, 24)
    with pytest.raises(PermissionDenied, match="交班须由11月24日班次的值班人员办理"):
        ho.confirm_handover(room.incoming, day, equipment=EQUIPMENT_OK)
    handover_id = ho.confirm_handover(room.officer, day, equipment=EQUIPMENT_OK)
    keys = [item.key for item in ho.handover_state(room.store, day, room.clock.now()).sheet.ack_items()]
    audit = room.count("audit_log")
    # 刘丽平 leads the outgoing shift, not the incoming one: she neither acknowledges nor accepts for it
    with pytest.raises(PermissionDenied, match="接班确认须由11月25日班次的值班人员办理"):
        ho.acknowledge(room.leader, handover_id, keys)
    ho.acknowledge(room.incoming, handover_id, keys)
    unlinked = _session(room, "nolink", ["leader"], None)
    audit = room.count("audit_log")
    with pytest.raises(PermissionDenied, match="接班须由11月25日班次的值班人员办理"):
        ho.accept_handover(room.leader, handover_id)
    with pytest.raises(PermissionDenied, match="没有关联值班人员"):
        ho.accept_handover(unlinked, handover_id)
    assert room.count("audit_log") == audit
    ho.accept_handover(room.incoming, handover_id)
    assert ho.handover_state(room.store, day, room.clock.now()).status == "accepted"


def test_another_persons_broadcast_record_is_voided_by_a_chief_or_leader_only(demo_store, officer, chief,
                                                                             leader) -> None:
    from dutyroom.warnings.broadcasts import add_broadcast, void_broadcast
    from tests.warning_helpers import enter

    warning_id = enter(officer).warning_id
    by_chief, by_officer, again = (add_broadcast(who, warning_id, area="青石镇/上坪村", content="请沿河群众注意防范。")
                                   for who in (chief, officer, chief))
    before = counts(demo_store)
    with pytest.raises(PermissionDenied, match="由夏卫琪登记，只能由本人或值班长、带班领导作废"):
        void_broadcast(officer, by_chief, "重复登记")
    assert counts(demo_store) == before
    assert demo_store.scalar("SELECT voided_at FROM warning_broadcast WHERE id = ?", (by_chief,)) is None
    void_broadcast(officer, by_officer, "重复登记")          # one's own
    void_broadcast(leader, by_chief, "重复登记")             # a leader, another's
    void_broadcast(chief, again, "重复登记")
    voided = demo_store.column("SELECT id FROM warning_broadcast WHERE voided_at IS NOT NULL ORDER BY id")
    assert set(voided) >= {by_chief, by_officer, again}
