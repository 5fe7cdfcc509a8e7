"""The pure deadline planner: due times per grade and preset, cadences, first 续报, 灾情, 补报, preview."""

from __future__ import annotations

from datetime import datetime

from dutyroom.clock import CST
from dutyroom.incidents import deadlines
from dutyroom.incidents.deadlines import Situation
from dutyroom.incidents.rulebook import shipped_rule_set

NATIONAL = shipped_rule_set("national")
HENAN = shipped_rule_set("henan")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CST)


def dues(situation: Situation, received: datetime, rules=NATIONAL) -> dict[str, datetime]:
    return {p.step: p.due_at for p in deadlines.plan_received(situation, received, rules)}


def test_national_larger_incident() -> None:
    plan = dues(Situation("III"), at(23, 10))
    assert plan == {"notify_leader": at(23, 10, 10), "phone_report": at(23, 10, 30),
                    "written_initial": at(23, 11), "followup": at(23, 17)}


def test_henan_is_stricter_for_major_incidents() -> None:
    plan = dues(Situation("II"), at(23, 10), HENAN)
    assert plan["phone_report"] == at(23, 10, 15) and plan["written_initial"] == at(23, 10, 35)
    assert plan["direct_province"] == at(23, 10, 35)
    assert plan["followup"] == at(23, 17)       # 08:00 already passed; first slot ≥ 3 h after receipt
    assert dues(Situation("IV"), at(23, 10), HENAN)["written_initial"] == at(23, 16)


def test_general_incidents_depend_on_category() -> None:
    assert set(dues(Situation("IV"), at(23, 10))) == {"notify_leader"}
    accident = dues(Situation("IV", "事故灾难"), at(23, 10))
    assert accident["written_initial"] == at(23, 12) and accident["followup"] == at(23, 17)


def test_first_followup_comes_at_least_three_hours_after_receipt() -> None:
    assert dues(Situation("III"), at(23, 13, 59))["followup"] == at(23, 17)
    assert dues(Situation("III"), at(23, 14, 1))["followup"] == at(24, 17)
    assert dues(Situation("II"), at(23, 6))["followup"] == at(23, 17)
    assert dues(Situation("II"), at(23, 22))["followup"] == at(24, 8)


def test_recurring_instances_follow_each_other() -> None:
    step = NATIONAL.step("followup")
    rule = step.rule_for("II", "", "", frozenset())
    first = deadlines.first_recurring(step, rule, Situation("II"), at(23, 10))
    second = deadlines.following(step, rule, Situation("II"), first.due_at, 2)
    third = deadlines.following(step, rule, Situation("II"), second.due_at, 3)
    assert [first.due_at, second.due_at, third.due_at] == [at(23, 17), at(24, 8), at(24, 17)]
    assert second.window_start == first.due_at and third.seq == 3


def test_natural_disaster_reports() -> None:
    plan = dues(Situation("IV", "自然灾害", "洪涝灾害"), at(23, 10))
    assert plan["disaster_initial"] == at(23, 12) and plan["disaster_daily"] == at(24, 9)
    assert "disaster_direct" not in plan
    major = dues(Situation("II", "自然灾害", flags=frozenset({"major_disaster"})), at(23, 10))
    assert major["disaster_direct"] == at(23, 12)


def test_casualty_changes_within_the_watch_period() -> None:
    road = Situation("IV", "事故灾难", "道路交通事故")
    (item,) = deadlines.plan_casualties_changed(road, at(1, 8), at(7, 15), NATIONAL)
    assert item.due_at == datetime(2026, 11, 7, 23, 59, 59, tzinfo=CST)
    assert deadlines.plan_casualties_changed(road, at(1, 8), at(9, 15), NATIONAL) == []
    mine = Situation("III", "事故灾难", "工矿商贸生产安全事故")
    assert len(deadlines.plan_casualties_changed(mine, at(1, 8), at(29, 15), NATIONAL)) == 1
    assert deadlines.plan_casualties_changed(Situation("III", "社会安全事件"), at(1, 8), at(2, 8), NATIONAL) == []


def test_final_report_after_closing_and_requests() -> None:
    (final,) = deadlines.plan_closed(Situation("III"), at(23, 18), NATIONAL)
    assert final.step == "final" and final.due_at == at(24, 18)
    assert deadlines.plan_closed(Situation("IV"), at(23, 18), NATIONAL) == []
    ask = deadlines.plan_request(Situation("III"), at(23, 18), "verification", NATIONAL)
    assert ask.due_at == at(23, 20)
    assert deadlines.plan_request(Situation("III"), at(23, 18), "verification", NATIONAL, at(23, 19)).due_at == at(23, 19)


def test_preview_lists_instances_and_later_steps() -> None:
    items = deadlines.preview(Situation("II"), at(23, 10), NATIONAL, hours=48)
    timed = [(i["step"], i["due_at"]) for i in items if i["due_at"]]
    assert ("followup", "2026-11-24T08:00:00+08:00") in timed and ("followup", "2026-11-25T08:00:00+08:00") in timed
    assert timed == sorted(timed, key=lambda x: x[1])
    later = {i["step"]: i for i in items if i["due_at"] is None}
    assert later["final"]["rule"] == "处置结束后1440分钟内" and later["final"]["trigger"] == "closed"
