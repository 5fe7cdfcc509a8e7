"""灾情 reports: indicators by township, computed totals, the previous report beside, jumps needing explanations."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from dutyroom.errors import ValidationError
from dutyroom.incidents import disaster, intake, reports
from tests.incident_helpers import first_call, session_as, unit_id
from tests.incident_helpers import obligations as open_obligations


@pytest.fixture
def officer(demo_store, clock):
    return session_as(demo_store, clock, "zhiban")


@pytest.fixture
def leader(demo_store, clock):
    return session_as(demo_store, clock, "daiban")


@pytest.fixture
def flood(demo_store, clock, officer):
    return intake.open_incident(officer, first_call(
        demo_store, clock.now(), category="自然灾害", subtype="洪涝灾害", accident_type=None, unit_name="",
        description="连续强降雨致龙潭镇、白沙镇部分村组受淹。", dead=1, township=unit_id(demo_store, "龙潭镇"),
        village=unit_id(demo_store, "龙潭村"), place_detail="沿河低洼地带"))


def fill(officer, report_id: int, figures: dict, **extra) -> None:
    report = reports.get_report(officer.store, report_id)
    body = json.loads(report["body_json"])
    body["fields"].update({"hazard": "洪涝", "summary": "强降雨过程"})
    body["figures"] = figures
    body.update(extra)
    reports.update_report(officer, report_id, body=body)


def test_only_natural_disasters_have_loss_reports(demo_store, clock, officer) -> None:
    fire = intake.open_incident(officer, first_call(demo_store, clock.now()))
    with pytest.raises(ValidationError, match="只有自然灾害事件才报送灾情"):
        disaster.create_disaster_report(officer, fire, "initial")


def test_initial_report_starts_from_the_incident(demo_store, officer, flood) -> None:
    report_id = disaster.create_disaster_report(officer, flood, "initial")
    report = reports.get_report(demo_store, report_id)
    body = json.loads(report["body_json"])
    town = str(unit_id(demo_store, "龙潭镇"))
    assert report["title"] == "示例县洪涝灾害灾情初报"
    assert body["figures"][town]["dead"] == 1 and body["fields"]["summary"].startswith("连续强降雨")


def test_totals_previous_figures_and_jumps(demo_store, clock, officer, leader, flood) -> None:
    longtan, baisha = str(unit_id(demo_store, "龙潭镇")), str(unit_id(demo_store, "白沙镇"))
    first = disaster.create_disaster_report(officer, flood, "initial")
    fill(officer, first, {longtan: {"affected": 1200, "dead": 1, "relocated": 300, "crop_affected": 80.5},
                          baisha: {"affected": 800, "relocated": 150, "crop_affected": 40}})
    view = disaster.view(demo_store, reports.get_report(demo_store, first))
    assert view.totals["affected"] == 2000 and view.totals["crop_affected"] == 120.5 and view.previous is None
    reports.sign_off(leader, first)
    reports.mark_sent(officer, first, to="市应急管理局", channel="灾情管理系统")
    assert "disaster_initial" not in open_obligations(demo_store, flood)

    clock.advance(hours=20)
    second = disaster.create_disaster_report(officer, flood, "followup")
    carried = json.loads(reports.get_report(demo_store, second)["body_json"])
    assert carried["figures"][longtan]["affected"] == 1200            # carried forward for updating
    fill(officer, second, {longtan: {"affected": 3600, "dead": 2, "relocated": 300, "crop_affected": 80.5},
                           baisha: {"affected": 800, "relocated": 100, "crop_affected": 40}})
    view = disaster.view(demo_store, reports.get_report(demo_store, second))
    assert view.previous_totals["affected"] == 2000 and view.totals["affected"] == 4400
    assert view.previous_label == "灾情初报"
    assert {j.key for j in view.jumps} == {"affected", "dead", "relocated"}
    (drop,) = [j for j in view.jumps if j.key == "relocated"]
    assert drop.text == "“紧急转移安置人口”由450人减至400人"
    with pytest.raises(ValidationError, match="增幅120%，须填写变化说明"):
        reports.sign_off(leader, second)
    fill(officer, second, view.figures, explanations={
        "affected": "白沙镇新增受灾村组3个", "dead": "龙潭村1人在转移途中被洪水冲走，经搜救确认死亡",
        "relocated": "白沙镇50人已返回安全住所"})
    reports.sign_off(leader, second)
    met = reports.mark_sent(officer, second, to="市应急管理局", channel="灾情管理系统")
    assert met == ["灾情续报（24小时零报告）"]


def test_bad_figures_are_refused(demo_store, officer, flood) -> None:
    town = str(unit_id(demo_store, "龙潭镇"))
    report_id = disaster.create_disaster_report(officer, flood, "initial")
    for figures, message in (({town: {"dead": -1}}, "不能为负数"),
                             ({town: {"crop_affected": 10, "crop_failed": 12}}, "不能大于“农作物受灾面积”"),
                             ({town: {"cats": 3}}, "没有这些灾情指标"),
                             ({town: {"affected": 99_000_000}}, "超出合理范围")):
        with pytest.raises(ValidationError, match=message):
            fill(officer, report_id, figures)


def test_daily_report_is_cut_at_midnight(demo_store, clock, officer, leader, flood) -> None:
    first = disaster.create_disaster_report(officer, flood, "initial")
    fill(officer, first, {})
    reports.sign_off(leader, first)
    reports.mark_sent(officer, first, to="市应急管理局", channel="灾情管理系统")
    clock.advance(days=1, hours=-2)
    daily = disaster.create_disaster_report(officer, flood, "followup")
    fields = json.loads(reports.get_report(demo_store, daily)["body_json"])["fields"]
    assert fields["cut_off_at"] == (clock.now() - timedelta(hours=6)).replace(hour=0).isoformat()
