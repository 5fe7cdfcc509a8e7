"""The report chain: drafts pre-filled, 续报 with only what changed, sign-off by a leader, sending, immutability."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta

import pytest

from dutyroom import settings
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.incidents import intake, obligations, reports
from dutyroom.printing.incident_report import special_report_doc
from dutyroom.session import SYSTEM_ACTOR, Session
from tests.incident_helpers import counts, first_call, session_as
from tests.incident_helpers import obligations as open_obligations


@pytest.fixture
def officer(demo_store, clock):
    return session_as(demo_store, clock, "zhiban")


@pytest.fixture
def leader(demo_store, clock):
    return session_as(demo_store, clock, "daiban")


@pytest.fixture
def incident_id(demo_store, clock, officer):
    return intake.open_incident(officer, first_call(demo_store, clock.now(), dead=3, trapped=2,
                                                    measures="县应急局、消防救援大队赶赴现场救援。"))


def ready(officer, report_id: int, **extra: str) -> None:
    """Fill every required section still empty, so the draft can be signed off."""
    report = reports.get_report(officer.store, report_id)
    body = json.loads(report["body_json"])
    for section in reports.kind_spec(report["kind"])["sections"]:
        if section.get("required") and not body.get(section["key"]):
            body[section["key"]] = f"{section['heading']}内容"
    reports.update_report(officer, report_id, body={**body, **extra})


def send(officer, leader, report_id: int, **extra: str) -> int:
    number = reports.sign_off(leader, report_id)
    reports.mark_sent(officer, report_id, to="市应急管理局总值班室", channel="传真", **extra)
    return number


def test_initial_report_is_prefilled_from_the_facts(demo_store, officer, incident_id) -> None:
    report_id = reports.create_report(officer, incident_id, "initial")
    report = reports.get_report(demo_store, report_id)
    body = json.loads(report["body_json"])
    assert report["title"] == intake.get_incident(demo_store, incident_id)["title"]
    assert report["addressee"] == "市应急管理局" and report["status"] == "draft"
    assert body["process"] == "井下透水，当班作业人员部分被困。"
    assert body["measures"] == "县应急局、消防救援大队赶赴现场救援。"
    assert body["closing"].startswith("我局将密切跟踪")
    with pytest.raises(ValidationError, match="已有首报"):
        reports.create_report(officer, incident_id, "initial")


def test_followups_are_numbered_and_carry_only_changes(demo_store, clock, officer, leader, incident_id) -> None:
    with pytest.raises(ValidationError, match="请先起草并报送首报"):
        reports.create_report(officer, incident_id, "followup")
    first = reports.create_report(officer, incident_id, "initial")
    ready(officer, first)
    send(officer, leader, first)
    clock.advance(hours=2)
    intake.add_call(officer, incident_id, {"reporter_unit": "县消防救援大队", "reporter_name": "李队长"},
                    summary="被困2人已救出，1人重伤送医", changes={"trapped": 0, "serious_injuries": 1,
                                                          "progress": "已得到控制"})
    one = reports.create_report(officer, incident_id, "followup")
    report = reports.get_report(demo_store, one)
    body = json.loads(report["body_json"])
    assert report["title"].endswith("（续报一）") and report["previous_id"] == first
    assert body["progress"] == "11月24日12时00分，县消防救援大队李队长报告：被困2人已救出，1人重伤送医。"
    (facts,) = [s for s in special_report_doc(demo_store, one, clock.now()).sections if s.heading == "有关情况变化"]
    assert facts.paragraphs == ["目前状态：已得到控制（上次报告：正在救援）。",
                                "人员伤亡：死亡3人，重伤1人（上次报告：死亡3人，被困2人）。"]
    assert body["measures"] == "" and body["trend"] == ""                # unchanged: no retelling
    assert "井下透水" not in json.dumps(body, ensure_ascii=False)
    ready(officer, one)
    send(officer, leader, one)
    two = reports.create_report(officer, incident_id, "followup")
    assert reports.get_report(demo_store, two)["title"].endswith("（续报二）")
    assert json.loads(reports.get_report(demo_store, two)["body_json"])["progress"] == ""


def test_sign_off_is_for_leaders_and_needs_complete_content(demo_store, officer, leader, incident_id) -> None:
    report_id = reports.create_report(officer, incident_id, "initial")
    chief = session_as(demo_store, officer.clock, "zhibanzhang")
    for session in (officer, chief):
        with pytest.raises(PermissionDenied, match="无权签发信息报告"):
            reports.sign_off(session, report_id)
    reports.update_report(officer, report_id, body={"process": "", "measures": "措施"})
    before = counts(demo_store)
    with pytest.raises(ValidationError, match="“事件经过”尚未填写"):
        reports.sign_off(leader, report_id)
    assert counts(demo_store) == before
    ready(officer, report_id)
    last = demo_store.scalar("SELECT COALESCE(MAX(issue_no), 0) FROM incident_report WHERE form = 'special'"
                             " AND issue_year = 2026")
    assert reports.sign_off(leader, report_id) == last + 1
    signed = reports.get_report(demo_store, report_id)
    assert signed["signed_by_name"] == "刘丽平" and signed["issue_no"] == last + 1 and signed["issue_year"] == 2026
    with pytest.raises(ValidationError, match="已签发的报告不能修改"):
        reports.update_report(officer, report_id, title="改标题")
    reports.withdraw_signoff(leader, report_id, "补充现场指挥信息")
    ready(officer, report_id, trend="事态可控")
    assert reports.sign_off(leader, report_id) == last + 1  # the issue number stays with the report


def test_sending_requires_sign_off_and_meets_the_written_report(demo_store, clock, officer, leader,
                                                                incident_id) -> None:
    report_id = reports.create_report(officer, incident_id, "initial")
    ready(officer, report_id)
    before = counts(demo_store)
    with pytest.raises(ValidationError, match="尚未经带班领导签发"):
        reports.mark_sent(officer, report_id, to="市应急管理局", channel="传真")
    assert counts(demo_store) == before
    reports.sign_off(leader, report_id)
    with pytest.raises(ValidationError, match="报送对象"):
        reports.mark_sent(officer, report_id, to=" ", channel="传真")
    clock.advance(minutes=20)
    met = reports.mark_sent(officer, report_id, to="市应急管理局总值班室", channel="传真")
    assert met == ["书面首报"]
    row = demo_store.row("SELECT * FROM incident_obligation WHERE incident_id = ? AND step = 'written_initial'",
                         (incident_id,))
    assert (row["status"], row["met_how"], row["met_to"], row["report_id"]) == (
        "met", "传真", "市应急管理局总值班室", report_id)
    with pytest.raises(ValidationError, match="已记录报送"):
        reports.mark_sent(officer, report_id, to="市应急管理局", channel="传真")


def test_sent_reports_never_change(demo_store, clock, officer, leader, incident_id) -> None:
    report_id = reports.create_report(officer, incident_id, "initial")
    ready(officer, report_id)
    send(officer, leader, report_id)
    with pytest.raises(ValidationError, match="不能修改"):
        reports.update_report(officer, report_id, title="新标题")
    with pytest.raises(ValidationError, match="不能作废"):
        reports.void_report(officer, report_id, "写错了")
    with pytest.raises(sqlite3.IntegrityError, match="已报送的报告不可修改"):
        with demo_store.transaction() as writer:
            writer.update("incident_report", report_id, {"body_json": "{}"})
    with pytest.raises(ValidationError, match="不能早于报送时间"):
        reports.confirm_receipt(officer, report_id, confirmed_with="市局 张明", confirmed_at=clock.now() - timedelta(1))
    reports.confirm_receipt(officer, report_id, confirmed_with="市应急管理局总值班室 张明")
    confirmed = reports.get_report(demo_store, report_id)
    assert confirmed["confirmed_by_name"] == "苏宇琪" and confirmed["confirmed_with"].endswith("张明")
    correction = reports.correct_report(officer, report_id)
    fixed = reports.get_report(demo_store, correction)
    assert fixed["corrects_id"] == report_id and fixed["title"].endswith("（更正）") and fixed["status"] == "draft"


def test_final_report_needs_the_incident_closed(demo_store, clock, officer, leader, incident_id) -> None:
    first = reports.create_report(officer, incident_id, "initial")
    ready(officer, first)
    send(officer, leader, first)
    with pytest.raises(ValidationError, match="尚未记录处置结束"):
        reports.create_report(officer, incident_id, "final")
    clock.advance(hours=6)
    intake.close_incident(officer, incident_id, note="现场处置结束")
    final = reports.create_report(officer, incident_id, "final")
    body = json.loads(reports.get_report(demo_store, final)["body_json"])
    reports.update_report(officer, final, body={**body, "handling": "救援结束"})
    send(officer, leader, final)
    assert "final" not in open_obligations(demo_store, incident_id)
    assert reports.get_report(demo_store, final)["issue_no"] == reports.get_report(demo_store, first)["issue_no"] + 1


def test_issue_numbers_run_per_form_and_year(demo_store, clock, officer, leader, incident_id) -> None:
    other = intake.open_incident(officer, first_call(demo_store, clock.now(), dead=4))
    a, b = (reports.create_report(officer, i, "initial") for i in (incident_id, other))
    for report_id in (a, b):
        ready(officer, report_id)
    first = reports.sign_off(leader, a)
    assert reports.sign_off(leader, b) == first + 1
    assert demo_store.scalar("SELECT COUNT(*) FROM incident_report WHERE form = 'special' AND issue_no = ?",
                             (first,)) == 1


def test_on_duty_only_setting_limits_sign_off(demo_store, clock, officer, leader, incident_id) -> None:
    settings.set_value(Session(demo_store, SYSTEM_ACTOR, clock), "incidents.signoff_on_duty_only", True)
    report_id = reports.create_report(officer, incident_id, "initial")
    ready(officer, report_id)
    on_duty = demo_store.scalar("SELECT person_id FROM duty_assignment WHERE duty_date = '2026-11-24'"
                                " AND role = 'leader' AND voided_at IS NULL")
    if leader.actor.person_id != on_duty:
        with pytest.raises(ValidationError, match="只有本班次的带班领导可以签发"):
            reports.sign_off(leader, report_id)
    settings.set_value(Session(demo_store, SYSTEM_ACTOR, clock), "incidents.signoff_on_duty_only", False)
    reports.sign_off(leader, report_id)
    assert reports.get_report(demo_store, report_id)["signed_on_duty"] == int(leader.actor.person_id == on_duty)


def test_drafts_can_be_voided_and_numbering_reused(demo_store, clock, officer, leader, incident_id) -> None:
    first = reports.create_report(officer, incident_id, "initial")
    ready(officer, first)
    send(officer, leader, first)
    draft = reports.create_report(officer, incident_id, "followup")
    reports.void_report(officer, draft, "内容重复")
    again = reports.create_report(officer, incident_id, "followup")
    assert reports.get_report(demo_store, again)["seq"] == 1


def test_verification_report_meets_the_request(demo_store, clock, officer, leader, incident_id) -> None:
    obligations.request_verification(officer, incident_id, requested_by="市应急管理局", request="核实死亡人数")
    report_id = reports.create_report(officer, incident_id, "verification")
    body = json.loads(reports.get_report(demo_store, report_id)["body_json"])
    reports.update_report(officer, report_id, body={**body, "verified": "经核实，死亡3人。"})
    send(officer, leader, report_id)
    assert "verification" not in open_obligations(demo_store, incident_id)
