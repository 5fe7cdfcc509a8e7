"""接报 on a real SQLite file: facts, grading, planned clocks, calls as duty-log entries, refusals that save nothing."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from dutyroom import audit
from dutyroom.clock import iso, parse_iso
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.incidents import intake, obligations, queries, reports
from tests.incident_helpers import counts, first_call, session_as, unit_id
from tests.incident_helpers import obligations as open_obligations


@pytest.fixture
def officer(demo_store, clock):
    return session_as(demo_store, clock, "zhiban")


@pytest.fixture
def chief(demo_store, clock):
    return session_as(demo_store, clock, "zhibanzhang")


def test_open_incident_records_everything(demo_store, clock, officer) -> None:
    before = counts(demo_store)
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), trapped=5, at_risk=12))
    incident = intake.get_incident(demo_store, incident_id)
    assert incident["title"] == "青石镇上坪村示例煤业有限公司发生透水事故，造成5人被困，正在救援"
    assert incident["grade"] == "IV" and incident["level"] == "III" and incident["flags"] == "larger_risk"
    assert incident["must_report"] == 1 and incident["place"] == "青石镇上坪村示例煤矿主井"
    facts = intake.facts_of(incident)
    assert facts["township"] == {"id": unit_id(demo_store, "青石镇"), "name": "青石镇"} and facts["trapped"] == 5
    received = parse_iso(incident["received_at"])
    plan = open_obligations(demo_store, incident_id)
    assert {k: parse_iso(v["due_at"]) - received for k, v in plan.items() if k != "followup"} == {
        "notify_leader": timedelta(minutes=10), "phone_report": timedelta(minutes=30),
        "written_initial": timedelta(minutes=60)}
    assert incident["next_due_label"] == "报告带班领导" and incident["open_obligations"] == 4
    (call,) = demo_store.rows("SELECT * FROM incident_call WHERE incident_id = ?", (incident_id,))
    entry = demo_store.row("SELECT * FROM duty_log_entry WHERE id = ?", (call["log_entry_id"],))
    assert entry["kind"] == "call_in" and "王建国" in entry["summary"] and entry["occurred_at"] == incident["received_at"]
    after = counts(demo_store)
    assert after["incident"] == before["incident"] + 1 and after["duty_log_entry"] == before["duty_log_entry"] + 1
    assert audit.verify(demo_store).ok


def test_serial_numbers_count_per_year(demo_store, clock, officer) -> None:
    first = intake.open_incident(officer, first_call(demo_store, clock.now()))
    second = intake.open_incident(officer, first_call(demo_store, clock.now()))
    a, b = (intake.get_incident(demo_store, i) for i in (first, second))
    assert b["serial"] == a["serial"] + 1 and a["year"] == 2026


@pytest.mark.parametrize(("overrides", "message"), [
    ({"dead": -1}, "“死亡”不能为负数"),
    ({"dead": 200000}, "超出合理范围（最多10000人）"),
    ({"injured": "三个"}, "应为整数"),
    ({"loss_yuan": -5}, "不能为负数"),
    ({"occurred_at": "2026-11-24T10:30:00+08:00"}, "事发时间不能晚于接报时间"),
    ({"received_at": "2026-11-24T11:00:00+08:00"}, "不能晚于当前时间"),
    ({"category": "外星入侵"}, "只能选择"),
    ({"subtype": "地震灾害"}, "不是“事故灾难”的子类"),
    ({"reporter_name": ""}, "请填写“报告人”"),
    ({"description": "  "}, "请填写“简要经过”"),
    ({"reporter_phone": "abc"}, "无效字符"),
    ({"weather": "晴"}, "没有这些项：weather"),
    ({"channel": "飞鸽传书"}, "只能选择"),
    # strict input (issue 13): malformed numbers are refused, never read as something else
    ({"dead": "1，0，0"}, "“死亡”的“1，0，0”不是正确的数字"),
    ({"dead": "1e999999"}, "“死亡”应为整数"),
    ({"dead": "9" * 5000}, "“死亡”填写的数字过长"),
    ({"dead": 10**5000}, "“死亡”的数值超出合理范围"),
    ({"dead": True}, "“死亡”应为整数"),
    ({"dead": 2.5}, "“死亡”应为整数"),
    ({"loss_yuan": "-0.4"}, "“直接经济损失”不能为负数（填写的是-0.4）"),
    ({"loss_yuan": "-0.4万元"}, "不能为负数"),
    ({"loss_yuan": "1e999999"}, "“直接经济损失”应为金额"),
    ({"loss_yuan": float("nan")}, "“直接经济损失”应为金额"),
    ({"sensitive_time": "false"}, "“敏感时间（重大活动、节假日等）”应为“是”或“否”"),
    ({"sensitive_time": 1}, "“敏感时间（重大活动、节假日等）”应为“是”或“否”"),
    ({"received_at": "0001-01-01T00:00:00+08:00"}, "“接报时间”的年份应在1900年到2100年之间"),
    ({"occurred_at": "9999-12-31 23:59"}, "“事发时间”的年份应在1900年到2100年之间"),
    ({"occurred_at": 20261124}, "“事发时间”格式不对"),
    ({"reporter_name": ["王建国"]}, "“报告人”应为文字"),
    ({"reporter_name": {"name": "王建国"}}, "“报告人”应为文字"),
    ({"township": True}, "无效，请重新选择"),
    ({"township": 2**70}, "无效，请重新选择"),
    ({"township": {"id": "x"}}, "无效，请重新选择"),
])
def test_bad_intake_is_refused_and_nothing_is_saved(demo_store, clock, officer, overrides, message) -> None:
    before = counts(demo_store)
    with pytest.raises(ValidationError, match=message):
        intake.open_incident(officer, first_call(demo_store, clock.now(), **overrides))
    assert counts(demo_store) == before


def test_village_must_belong_to_the_township(demo_store, clock, officer) -> None:
    with pytest.raises(ValidationError, match="不属于“青石镇”"):
        intake.open_incident(officer, first_call(demo_store, clock.now(), village=unit_id(demo_store, "河口村")))


def test_accident_type_only_for_accidents(demo_store, clock, officer) -> None:
    incident_id = intake.open_incident(officer, first_call(
        demo_store, clock.now(), category="自然灾害", subtype="地质灾害", accident_type="透水", unit_name=""))
    assert intake.facts_of(intake.get_incident(demo_store, incident_id))["accident_type"] == ""


def test_a_later_call_regrades_and_replans(demo_store, clock, officer) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), category="社会安全事件",
                                                           subtype="群体性事件", accident_type=None))
    assert set(open_obligations(demo_store, incident_id)) == {"notify_leader"}
    clock.advance(minutes=20)
    log_before = counts(demo_store)["duty_log_entry"]
    call_id = intake.add_call(officer, incident_id, {"reporter_unit": "县公安局", "reporter_name": "赵警官"},
                              summary="现场聚集人员增多，有学生参与", changes={"sensitive_group": True, "at_risk": 15})
    incident = intake.get_incident(demo_store, incident_id)
    assert incident["level"] == "III" and "sensitive" in incident["flags"]
    plan = open_obligations(demo_store, incident_id)
    assert {"phone_report", "written_initial", "followup"} <= set(plan)
    assert parse_iso(plan["phone_report"]["due_at"]) == parse_iso(incident["received_at"]) + timedelta(minutes=30)
    call = demo_store.row("SELECT * FROM incident_call WHERE id = ?", (call_id,))
    assert call["received_at"] == iso(clock.now()) and call["reporter_unit"] == "县公安局"
    assert ["at_risk", 0, 15] in json.loads(call["changes_json"])
    assert counts(demo_store)["duty_log_entry"] == log_before + 1
    assert intake.facts_of(incident)["reporter_name"] == "王建国"      # the incident keeps its first caller


def test_a_call_cannot_predate_the_incident(demo_store, clock, officer) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now()))
    before = counts(demo_store)
    with pytest.raises(ValidationError, match="不能早于该事件的首次接报时间"):
        intake.add_call(officer, incident_id, {"received_at": iso(clock.now() - timedelta(hours=2)),
                                               "reporter_name": "某人"}, summary="补充情况")
    assert counts(demo_store) == before


def test_casualty_change_plans_a_supplementary_report(demo_store, clock, officer) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), dead=1))
    clock.advance(hours=3)
    intake.add_call(officer, incident_id, {"reporter_name": "王建国"}, summary="送医1人抢救无效死亡",
                    changes={"dead": 2})
    plan = open_obligations(demo_store, incident_id)
    assert plan["casualty_update"]["due_at"] == "2026-11-24T23:59:59+08:00"


def test_regrading_supersedes_with_reason_and_keeps_what_was_met(demo_store, clock, officer, chief) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), dead=3))
    leader_call = open_obligations(demo_store, incident_id)["notify_leader"]
    obligations.meet(officer, leader_call["id"], how="电话", to="带班领导刘丽平")
    with pytest.raises(PermissionDenied):
        intake.override_grade(officer, incident_id, "重大", "领导认定")
    with pytest.raises(ValidationError, match="须写明理由"):
        intake.override_grade(chief, incident_id, "重大", "")
    changes = intake.override_grade(chief, incident_id, "重大", "死亡人数可能继续上升，按重大事件报告")
    incident = intake.get_incident(demo_store, incident_id)
    assert incident["grade"] == "II" and incident["computed_grade"] == "III"
    assert incident["grade_override_reason"].startswith("死亡人数可能继续上升")
    all_rows = demo_store.rows("SELECT * FROM incident_obligation WHERE incident_id = ?", (incident_id,))
    assert [r["status"] for r in all_rows if r["step"] == "notify_leader"] == ["met"]
    superseded = [r for r in all_rows if r["status"] == "superseded"]
    assert superseded and all("等级由较大调整为重大" in r["ended_reason"] for r in superseded)
    assert any(line.startswith("调整：续报") for line in changes)
    assert open_obligations(demo_store, incident_id)["followup"]["level"] == "II"
    intake.override_grade(chief, incident_id, None, "核实后按计算等级")
    assert intake.get_incident(demo_store, incident_id)["grade_override_reason"] is None


def test_meeting_is_an_explicit_act(demo_store, clock, officer) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), dead=3))
    row = open_obligations(demo_store, incident_id)["phone_report"]
    clock.advance(hours=5)
    assert open_obligations(demo_store, incident_id)["phone_report"]["status"] == "open"   # time alone ends nothing
    (clock_item,) = [c for c in queries.open_clocks(demo_store) if c.obligation_id == row["id"]]
    assert clock_item.stage(clock.now(), 5) == "overdue"
    with pytest.raises(ValidationError, match="报告对象"):
        obligations.meet(officer, row["id"], how="电话", to="")
    with pytest.raises(ValidationError, match="不能早于接报时间"):
        obligations.meet(officer, row["id"], how="电话", to="市局", met_at=clock.now() - timedelta(days=1))
    with pytest.raises(ValidationError, match="不能晚于当前时间"):
        obligations.meet(officer, row["id"], how="电话", to="市局", met_at=clock.now() + timedelta(hours=1))
    obligations.meet(officer, row["id"], how="电话", to="市应急管理局总值班室 张明", met_at=clock.now() - timedelta(hours=4))
    done = demo_store.row("SELECT * FROM incident_obligation WHERE id = ?", (row["id"],))
    assert (done["status"], done["met_by_name"], done["met_how"], done["met_to"]) == (
        "met", "苏宇琪", "电话", "市应急管理局总值班室 张明")
    with pytest.raises(ValidationError, match="已完成"):
        obligations.meet(officer, row["id"], how="电话", to="市局")
    written = open_obligations(demo_store, incident_id)["written_initial"]
    with pytest.raises(ValidationError, match="注明报送方式"):
        obligations.meet(officer, written["id"], how="系统", to="市局")


def test_a_recurring_report_keeps_its_cadence(demo_store, clock, officer) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), dead=12))
    first = open_obligations(demo_store, incident_id)["followup"]
    assert first["due_at"] == "2026-11-24T17:00:00+08:00"
    clock.set(parse_iso("2026-11-25T09:30:00+08:00"))     # missed 17:00 and 08:00
    obligations.meet(officer, first["id"], how="传真", to="市局", note="通过应急指挥综合业务系统报送")
    rows = demo_store.rows("SELECT seq, due_at, status FROM incident_obligation WHERE incident_id = ?"
                           " AND step = 'followup' ORDER BY seq", (incident_id,))
    assert [(r["seq"], r["due_at"][5:16], r["status"]) for r in rows] == [
        (1, "11-24T17:00", "met"), (2, "11-25T08:00", "met"), (3, "11-25T17:00", "open")]


def test_waiving_needs_a_chief_and_a_reason(demo_store, clock, officer, chief) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), dead=3))
    row = open_obligations(demo_store, incident_id)["followup"]
    with pytest.raises(PermissionDenied):
        obligations.waive(officer, row["id"], "市局同意今日不续报")
    with pytest.raises(ValidationError, match="理由"):
        obligations.waive(chief, row["id"], "不报")
    obligations.waive(chief, row["id"], "市局值班室同意今日合并至明日续报")
    plan = open_obligations(demo_store, incident_id)
    assert plan["followup"]["seq"] == 2 and plan["followup"]["due_at"] == "2026-11-25T17:00:00+08:00"


def test_alarm_acknowledgement_is_recorded_once(demo_store, clock, officer) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now()))
    row = open_obligations(demo_store, incident_id)["notify_leader"]
    first = obligations.acknowledge(officer, row["id"], "soon")
    assert obligations.acknowledge(officer, row["id"], "soon") == first
    assert demo_store.row("SELECT acked_by_name FROM obligation_alert WHERE id = ?", (first,))[0] == "苏宇琪"
    (item,) = [c for c in queries.open_clocks(demo_store) if c.obligation_id == row["id"]]
    assert item.acked == {"soon"}
    assert open_obligations(demo_store, incident_id)["notify_leader"]["status"] == "open"


def test_closing_stops_followups_and_starts_the_final_clock(demo_store, clock, officer, chief) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), dead=3))
    clock.advance(hours=2)
    intake.close_incident(officer, incident_id, note="被困人员全部救出，现场救援结束")
    plan = open_obligations(demo_store, incident_id)
    assert "followup" not in plan and plan["final"]["due_at"] == iso(clock.now() + timedelta(hours=24))
    assert plan["phone_report"]["status"] == "open"         # overdue clocks stay owed
    with pytest.raises(ValidationError, match="已记录处置结束"):
        intake.close_incident(officer, incident_id, note="再次结束")
    intake.reopen_incident(chief, incident_id, "发现新的险情，重新组织处置")
    plan = open_obligations(demo_store, incident_id)
    assert "final" not in plan and "followup" in plan


def test_voiding_ends_clocks_but_not_after_reports_went_up(demo_store, clock, officer, chief) -> None:
    first = intake.open_incident(officer, first_call(demo_store, clock.now()))
    intake.void_incident(chief, first, "与2026-001为同一事件，重复录入")
    assert open_obligations(demo_store, first) == {}
    assert not any(c.incident_id == first for c in queries.open_clocks(demo_store))
    second = intake.open_incident(officer, first_call(demo_store, clock.now(), dead=3))
    report_id = reports.create_report(officer, second, "initial")
    reports.update_report(officer, report_id, body={"process": "经过", "measures": "措施"})
    reports.sign_off(session_as(demo_store, clock, "daiban"), report_id)
    reports.mark_sent(officer, report_id, to="市应急管理局", channel="传真")
    with pytest.raises(ValidationError, match="不能作废"):
        intake.void_incident(chief, second, "误报")


def test_facts_can_be_corrected_with_a_note_but_not_the_receipt_time(demo_store, clock, officer) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now()))
    with pytest.raises(ValidationError, match="说明原因"):
        intake.update_facts(officer, incident_id, {"unit_name": "示例矿业"}, note="")
    with pytest.raises(ValidationError, match="不能修改"):
        intake.update_facts(officer, incident_id, {"received_at": iso(clock.now() - timedelta(hours=1))}, note="改")
    intake.update_facts(officer, incident_id, {"unit_name": "示例矿业有限公司"}, note="企业名称核对更正")
    incident = intake.get_incident(demo_store, incident_id)
    assert "示例矿业有限公司" in incident["title"]
    intake.set_title(officer, incident_id, "青石镇示例矿业透水事故")
    intake.update_facts(officer, incident_id, {"dead": 1}, note="补充")
    assert intake.get_incident(demo_store, incident_id)["title"] == "青石镇示例矿业透水事故"


def test_verification_requests_become_obligations(demo_store, clock, officer) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now()))
    with pytest.raises(ValidationError, match="核报要求的内容"):
        obligations.request_verification(officer, incident_id, requested_by="市局", request="")
    obligation_id = obligations.request_verification(
        officer, incident_id, requested_by="市应急管理局总值班室", request="核实网传“死亡5人”是否属实",
        due_at=clock.now() + timedelta(hours=1))
    row = demo_store.row("SELECT * FROM incident_obligation WHERE id = ?", (obligation_id,))
    assert row["step"] == "verification" and row["recipient"] == "市应急管理局总值班室"
    report_id = reports.create_report(officer, incident_id, "verification")
    body = json.loads(reports.get_report(demo_store, report_id)["body_json"])
    assert "核实网传“死亡5人”是否属实" in body["request"]


def test_handover_read_lists_open_incidents_with_the_next_clock(demo_store, clock, officer) -> None:
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), dead=3))
    clock.advance(minutes=20)
    items = [i for i in queries.open_incidents_for_handover(demo_store, clock.now()) if i.incident_id == incident_id]
    (item,) = items
    assert item.overdue and item.next_due_label == "报告带班领导" and item.grade == "较大"
    assert "已超时：报告带班领导" in item.line
