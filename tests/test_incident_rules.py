"""Grading per 493号令 with "以上含本数、以下不含本数", flags, must-report, and rule checking — at every boundary."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dutyroom.errors import ValidationError
from dutyroom.incidents.rulebook import SHIPPED, shipped_rule_set
from dutyroom.incidents.rules import grade_code, money_text, parse_rule_set

NATIONAL = shipped_rule_set("national")
HENAN = shipped_rule_set("henan")


@pytest.mark.parametrize(("facts", "grade"), [
    ({}, "一般"),
    ({"dead": 2}, "一般"), ({"dead": 3}, "较大"), ({"dead": 9}, "较大"), ({"dead": 10}, "重大"),
    ({"dead": 29}, "重大"), ({"dead": 30}, "特别重大"),
    ({"serious_injuries": 9}, "一般"), ({"serious_injuries": 10}, "较大"), ({"serious_injuries": 49}, "较大"),
    ({"serious_injuries": 50}, "重大"), ({"serious_injuries": 99}, "重大"), ({"serious_injuries": 100}, "特别重大"),
    ({"loss_yuan": 9_999_999}, "一般"), ({"loss_yuan": 10_000_000}, "较大"), ({"loss_yuan": 49_999_999}, "较大"),
    ({"loss_yuan": 50_000_000}, "重大"), ({"loss_yuan": 99_999_999}, "重大"), ({"loss_yuan": 100_000_000}, "特别重大"),
    ({"injured": 500, "at_risk": 5}, "一般"),
])
@pytest.mark.parametrize("rules", [NATIONAL, HENAN], ids=["national", "henan"])
def test_grade_boundaries(rules, facts, grade) -> None:
    assert rules.grade(facts).as_json()["grade"] == grade


def test_the_issue_example_and_reasons() -> None:
    result = NATIONAL.grade({"dead": 3, "trapped": 3}).as_json()
    assert result["grade"] == "较大" and result["flags"] == ["较大涉险"]
    assert result["reasons"] == ["死亡3人 → 较大"] and result["must_report"] is True
    assert result["flag_reasons"] == ["被困或下落不明3人 → 较大涉险"]
    assert NATIONAL.grade({"dead": 10}).reasons == ("死亡10人 → 重大",)
    assert NATIONAL.grade({"serious_injuries": 50}).reasons == ("重伤50人 → 重大",)
    assert NATIONAL.grade({"loss_yuan": 10_000_000}).reasons == ("直接经济损失1000万元 → 较大",)


def test_highest_criterion_wins_and_ties_all_shown() -> None:
    result = NATIONAL.grade({"dead": 3, "serious_injuries": 50, "loss_yuan": 12_000_000})
    assert result.grade == "II" and result.reasons == ("重伤50人 → 重大",)
    tie = NATIONAL.grade({"dead": 4, "serious_injuries": 12})
    assert tie.grade == "III" and tie.reasons == ("死亡4人 → 较大", "重伤12人 → 较大")


def test_missing_persons_count_with_the_dead() -> None:
    result = NATIONAL.grade({"dead": 2, "missing": 1})
    assert result.grade == "III" and result.reasons == ("死亡2人、失踪1人（合计3人） → 较大",)
    body = copy.deepcopy(NATIONAL.body)
    body["grading"]["missing_counts_as_dead"] = False
    assert parse_rule_set(body).grade({"dead": 2, "missing": 1}).grade == "IV"


def test_general_grade_explains_itself() -> None:
    (reason,) = NATIONAL.grade({"dead": 1, "serious_injuries": 2, "loss_yuan": 300_000}).reasons
    assert reason == "死亡（含失踪）1人、重伤2人、直接经济损失30万元，均未达到较大标准 → 一般"


@pytest.mark.parametrize(("facts", "flagged"), [
    ({"at_risk": 9}, False), ({"at_risk": 10}, True),
    ({"trapped": 2}, False), ({"trapped": 3}, True), ({"trapped": 1, "missing": 1}, False),
    ({"trapped": 2, "missing": 1}, True),
    ({"evacuated": 499}, False), ({"evacuated": 500}, True),
    ({"serious_pollution": True}, True), ({"key_facility_danger": True}, True),
])
def test_larger_risk_triggers(facts, flagged) -> None:
    result = NATIONAL.grade({**facts, "category": "事故灾难"})
    assert ("larger_risk" in result.flags) is flagged
    if flagged:
        assert result.level == "III" and result.must_report


def test_larger_risk_is_not_for_natural_disasters_but_major_disaster_is() -> None:
    flood = NATIONAL.grade({"category": "自然灾害", "evacuated": 800, "dead": 6, "missing": 4})
    assert "larger_risk" not in flood.flags and "major_disaster" in flood.flags
    assert flood.flag_reasons == ("死亡失踪10人 → 重大灾情",)
    assert "major_disaster" not in NATIONAL.grade({"category": "事故灾难", "dead": 12}).flags


def test_sensitive_events_are_reported_regardless_of_grade() -> None:
    quiet = NATIONAL.grade({"category": "社会安全事件"})
    assert quiet.grade == "IV" and not quiet.must_report
    sensitive = NATIONAL.grade({"category": "社会安全事件", "sensitive_place": True})
    assert sensitive.grade == "IV" and sensitive.level == "III" and sensitive.must_report
    assert sensitive.flag_labels == ("敏感事件",) and sensitive.flag_reasons == ("敏感地点 → 敏感事件",)


def test_must_report_follows_the_deadline_rules() -> None:
    assert NATIONAL.grade({"category": "事故灾难"}).must_report          # 493号令: every accident goes up
    assert not NATIONAL.grade({"category": "公共卫生事件"}).must_report
    assert HENAN.grade({"category": "公共卫生事件"}).must_report          # 河南: 一般 6 h written


def test_grade_names_and_money() -> None:
    assert [grade_code(x) for x in ("较大", "III", "3", "重大事故", "特别重大")] == ["III", "III", "III", "II", "I"]
    with pytest.raises(ValidationError, match="未知的事件等级"):
        grade_code("很大")
    assert money_text(10_000_000) == "1000万元" and money_text(120_000_000) == "1.2亿元"
    assert money_text(5000) == "5000元" and money_text(12_345) == "1.2345万元"


def test_shipped_presets_parse_and_differ() -> None:
    assert set(SHIPPED) == {"national", "henan"}
    assert NATIONAL.digest != HENAN.digest
    assert HENAN.step("phone_report").rule_for("II", "", "", frozenset()).minutes == 15
    assert NATIONAL.step("phone_report").rule_for("II", "", "", frozenset()).minutes == 30


def _broken(change) -> dict:
    body = copy.deepcopy(NATIONAL.body)
    change(body)
    return body


@pytest.mark.parametrize(("change", "message"), [
    (lambda b: b["grading"]["criteria"][0]["thresholds"].update({"II": 40}), "特别重大 > 重大 > 较大"),
    (lambda b: b["grading"]["criteria"][0]["thresholds"].pop("III"), "三级的起点数值"),
    (lambda b: b["grading"]["criteria"][0].update({"key": "cats"}), "未知的定级指标"),
    (lambda b: b["grading"]["flags"][0]["when"].append({"measure": "at_risk"}), "min"),
    (lambda b: b["deadlines"]["steps"].pop(0), "notify_leader"),
    (lambda b: b["deadlines"]["steps"][3]["rules"][0].update({"daily_at": ["25:00"]}), "时刻"),
    (lambda b: b["deadlines"]["steps"][1]["rules"][0].update({"daily_at": ["08:00"]}), "只须给出"),
    (lambda b: b["deadlines"]["steps"][1]["rules"][0].update({"levels": ["V"]}), "未知的取值"),
    (lambda b: b["deadlines"]["steps"][1].update({"trigger": "whenever"}), "trigger"),
    (lambda b: b["deadlines"]["steps"][1]["rules"][0].update({"minutes": -5}), "整数"),
    (lambda b: b.update({"schema": 9}), "schema"),
])
def test_bad_rules_are_refused_in_chinese(change, message) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_rule_set(_broken(change))


def test_rules_text_must_be_json() -> None:
    with pytest.raises(ValidationError, match="不是有效的JSON"):
        parse_rule_set("{not json")
    assert parse_rule_set(json.dumps(NATIONAL.body)).digest == NATIONAL.digest


COUNTS = st.integers(min_value=0, max_value=200)


@settings(max_examples=200, deadline=None)
@given(dead=COUNTS, missing=COUNTS, serious=COUNTS, loss=st.integers(min_value=0, max_value=300_000_000),
       more=st.integers(min_value=1, max_value=50), which=st.sampled_from(["dead", "missing", "serious_injuries",
                                                                           "loss_yuan"]))
def test_more_harm_never_lowers_the_grade(dead, missing, serious, loss, more, which) -> None:
    from dutyroom.incidents.rules import GRADES

    facts = {"dead": dead, "missing": missing, "serious_injuries": serious, "loss_yuan": loss}
    worse = {**facts, which: facts[which] + more * (1_000_000 if which == "loss_yuan" else 1)}
    for rules in (NATIONAL, HENAN):
        before, after = rules.grade(facts), rules.grade(worse)
        assert GRADES.index(after.grade) <= GRADES.index(before.grade)
        assert GRADES.index(before.level) <= GRADES.index(before.grade) and before.reasons


@settings(max_examples=100, deadline=None)
@given(minute=st.integers(min_value=0, max_value=60 * 24 * 60), level=st.sampled_from(["I", "II", "III", "IV"]),
       category=st.sampled_from(["", "事故灾难", "自然灾害"]))
def test_every_clock_runs_forward_from_receipt(minute, level, category) -> None:
    from datetime import datetime, timedelta

    from dutyroom.clock import CST
    from dutyroom.incidents import deadlines

    received = datetime(2026, 1, 1, tzinfo=CST) + timedelta(minutes=minute)
    for rules in (NATIONAL, HENAN):
        for planned in deadlines.plan_received(deadlines.Situation(level, category), received, rules):
            assert planned.due_at > received
            if planned.recurring:
                assert planned.due_at >= received + timedelta(minutes=180)
