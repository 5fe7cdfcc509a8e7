"""Wishes, pairs kept apart and new officers: kept in the data file (audited, refused clearly), handed by
planning to the engine, named in each cell's reason, and shown in the quality report before publishing."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from dutyroom import audit, org
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.roster import planning, publishing, staffing, wishes
from dutyroom.roster.model import Cell
from dutyroom.roster.staff import StaffChange, update_staff
from dutyroom.session import Session
from tests.conftest import actor_with

D = date.fromisoformat
DEC = planning.month_range(2026, 12)


@pytest.fixture
def county(system) -> dict[str, list[int]]:
    """6 leaders, 6 chiefs (also standby), 16 officers (also standby) and one leader-only person."""
    people: dict[str, list[int]] = {"leader": [], "chief": [], "officer": []}
    for role, count, word in (("leader", 6, "领"), ("chief", 6, "长"), ("officer", 16, "员")):
        for n in range(count):
            roles = [role] if role == "leader" else [role, "standby"]
            people[role].append(org.create_person(system, name=f"{word}{n + 1}号", is_staff=True, duty_roles=roles))
    return people


def last_audit(store) -> tuple[str, dict]:
    row = store.row("SELECT op, after_json FROM audit_log ORDER BY id DESC LIMIT 1")
    return row["op"], json.loads(row["after_json"] or "{}")


def test_wishes_are_kept_listed_and_voided_with_an_audit_row(system, county) -> None:
    store, person = system.store, county["officer"][0]
    wish_id = wishes.add_wish(system, person, weekdays=[5, 6], dates=wishes.parse_dates("2026-12-24至2026-12-26、2027-01-01"),
                              weight=3, note="接送孩子")
    op, after = last_audit(store)
    assert op == "roster.wish.add" and after["name"] == "员1号" and after["weekdays"] == "5,6"
    assert after["dates"] == "2026-12-24,2026-12-25,2026-12-26,2027-01-01"
    [record] = wishes.wishes(store)
    assert record.id == wish_id and record.text == "每周五、周六；2026-12-24至2026-12-26、2027-01-01"
    assert record.as_engine().covers(D("2026-12-04")) and not record.as_engine().covers(D("2026-12-03"))
    wishes.void_wish(system, wish_id, "孩子已转学")
    assert wishes.wishes(store) == [] and last_audit(store)[0] == "roster.wish.void"
    assert store.scalar("SELECT void_reason FROM roster_wish WHERE id = ?", (wish_id,)) == "孩子已转学"
    assert audit.verify(store).ok


@pytest.mark.parametrize(("kwargs", "message"), [
    ({}, "请选择不愿值班的星期"),
    ({"weekdays": [8]}, "星期应为1（周一）到7（周日）"),
    ({"weekdays": [True]}, "星期应为1（周一）到7（周日）"),
    ({"weekdays": [1], "weight": 0}, "权重应为1到10的整数"),
    ({"weekdays": [1], "weight": 11}, "权重应为1到10的整数"),
    ({"weekdays": [1], "note": "很" * 41}, "备注过长"),
])
def test_a_bad_wish_is_refused_and_changes_nothing(system, county, kwargs, message) -> None:
    audits = system.store.scalar("SELECT COUNT(*) FROM audit_log")
    with pytest.raises(ValidationError, match=message):
        wishes.add_wish(system, county["officer"][0], **kwargs)
    assert system.store.scalar("SELECT COUNT(*) FROM roster_wish") == 0
    assert system.store.scalar("SELECT COUNT(*) FROM audit_log") == audits


@pytest.mark.parametrize(("text", "message"), [
    ("2026-13-01", "日期“2026-13-01”格式不对"), ("12月5日", "格式不对"), ("2026-12-05至2026-12-01", "结束日期早于开始日期"),
    ("2026-01-01至2027-12-31", "超过366天"), ("1800-01-01", "不在1900至2100年之间"),
    ("2026-01-01至2026-01-02至2026-01-03", "不是一个日期或日期段"),
])
def test_date_text_is_read_strictly(text, message) -> None:
    with pytest.raises(ValidationError, match=message):
        wishes.parse_dates(text)


def test_date_text_takes_lists_and_ranges_in_the_office_s_ways() -> None:
    assert wishes.parse_dates(" 2026-12-05，2026-12-07 ~ 2026-12-08\n2026-12-05 ") == (
        D("2026-12-05"), D("2026-12-07"), D("2026-12-08"))
    assert wishes.dates_text(wishes.parse_dates("2026-12-01 至 2026-12-03、2026-12-09")) == \
        "2026-12-01至2026-12-03、2026-12-09"


def test_pairs_are_kept_once_and_refused_clearly(system, county) -> None:
    store = system.store
    first, second = county["officer"][3], county["officer"][1]
    pair_id = wishes.add_pair(system, first, second, "夫妻")
    [pair] = wishes.pairs(store)
    assert (pair.first_id, pair.second_id, pair.note) == (second, first, "夫妻")       # kept in id order
    assert last_audit(store) == ("roster.pair.add", {**last_audit(store)[1], "name": "员2号、员4号"})
    with pytest.raises(ValidationError, match="员2号和员4号已设为不同班"):
        wishes.add_pair(system, second, first)
    with pytest.raises(ValidationError, match="两个不同的人员"):
        wishes.add_pair(system, first, first)
    outsider = org.create_person(system, name="外单位", is_staff=False)
    with pytest.raises(ValidationError, match="外单位不是值班人员"):
        wishes.add_pair(system, first, outsider)
    assert store.scalar("SELECT COUNT(*) FROM roster_pair_apart") == 1
    wishes.void_pair(system, pair_id, "已调岗")
    assert wishes.pairs(store) == []
    wishes.add_pair(system, first, second)               # once voided, the pair may be set again
    assert len(wishes.pairs(store)) == 1


def test_new_officer_flag_is_a_staff_fact_that_other_edits_keep(system, county) -> None:
    store, chief = system.store, county["chief"][0]
    assert wishes.set_new_officer(system, chief, True) is True
    assert last_audit(store)[0] == "roster.new_officer.set"
    assert wishes.set_new_officer(system, chief, True) is False            # already so: nothing written
    # The staff screen's edits rewrite the profile row: the flag must survive them.
    update_staff(system, [chief], StaffChange(no_night=True, max_per_month=5))
    staffing.set_profile(system, chief, no_night=False)
    assert [r["name"] for r in wishes.team_staff(store) if r["new_officer"]] == ["长1号"]
    with pytest.raises(ValidationError, match="领1号不担任值班长或值班员"):
        wishes.set_new_officer(system, county["leader"][0], True)
    assert wishes.set_new_officer(system, chief, False) is True
    assert not any(r["new_officer"] for r in wishes.team_staff(store))


def test_duty_staff_may_not_edit_wishes(system, county) -> None:
    officer = Session(system.store, actor_with("duty_officer"), system.clock)
    with pytest.raises(PermissionDenied):
        wishes.add_wish(officer, county["officer"][0], weekdays=[5])
    with pytest.raises(PermissionDenied):
        wishes.add_pair(officer, county["officer"][0], county["officer"][1])
    with pytest.raises(PermissionDenied):
        wishes.set_new_officer(officer, county["chief"][0], True)


def test_planning_hands_wishes_pairs_and_new_officers_to_the_engine(system, county) -> None:
    officer, other = county["officer"][0], county["officer"][1]
    wishes.add_wish(system, officer, weekdays=[5], note="接送孩子")
    wishes.add_pair(system, officer, other)
    wishes.set_new_officer(system, county["chief"][0], True)
    wishes.set_new_officer(system, county["officer"][2], True)
    scenario = planning.scenario_from_store(system.store, *DEC)
    [wish] = scenario.wishes
    assert (wish.person, wish.weekdays, wish.note) == (str(officer), frozenset({5}), "接送孩子")
    assert scenario.pairs_apart == [(str(officer), str(other))]
    assert scenario.new_officers == frozenset({str(county["chief"][0]), str(county["officer"][2])})
    planning.generate(system, *DEC)
    cells = planning.draft(system.store, *DEC)
    fridays = [c for c in cells.values() if c.person_id == officer and c.day.isoweekday() == 5]
    assert fridays == []                               # free to honour: honoured
    assert not any("未能满足意愿" in c.reason for c in cells.values())
    by_day: dict[date, set[int]] = {}
    for c in cells.values():
        by_day.setdefault(c.day, set()).add(c.person_id)
    assert not any({officer, other} <= held for held in by_day.values())
    new = {county["chief"][0], county["officer"][2]}
    for day in by_day:
        team = {c.person_id for c in cells.values() if c.day == day and c.role in ("chief", "officer")}
        assert not team <= new, day
    quality = planning.draft_quality(system.store, *DEC)
    assert quality.wishes_broken == [] and quality.wishes_notice == "" and not quality.violations
    # The cell menu's candidates name the pair as the conflict.
    conflicts = set()
    for key in [k for k, c in sorted(cells.items()) if c.person_id == other and k.role == "officer"]:
        slot = Cell(key.day, "officer", 1 - key.index)
        conflicts |= {c.conflict for c in planning.candidates(system.store, *slot) if c.person_id == officer}
    assert "与员2号不同班" in conflicts


def test_a_broken_wish_is_named_in_its_cell_and_shown_before_publishing(system, county) -> None:
    store = system.store
    planning.generate(system, *DEC)
    friday = D("2026-12-04")
    holder = planning.draft(store, *DEC)[Cell(friday, "leader", 0)].person_id
    wishes.add_wish(system, holder, weekdays=[5], weight=2, note="周末回老家")
    quality = planning.draft_quality(store, *DEC)
    [broken] = [w for w in quality.wishes_broken if w.cell == Cell(friday, "leader", 0)]
    assert (broken.wish, broken.weight, broken.why) == ("周五不值班，周末回老家", 2, "意愿登记晚于生成，重新生成可调整")
    assert "未能满足的意愿" in "\n".join(quality.summary_lines())
    assert quality.wishes_notice.startswith(f"有{len(quality.wishes_broken)}处未能满足值班意愿")
    # Generated again, the engine honours it where fairness allows and says so where it cannot.
    planning.generate(system, *DEC)
    cells = planning.draft(store, *DEC)
    quality = planning.draft_quality(store, *DEC)
    for wish in quality.wishes_broken:
        reason = cells[wish.cell].reason
        assert reason.startswith("未能满足意愿（周五不值班，周末回老家）："), reason
        assert wish.why in reason and (wish.cost is None or f"增加{wish.cost}" in reason)
    # A hand-placed duty on the wished day is shown as such, and the published version keeps the figures.
    planning.assign(system, friday, "leader", 0, holder, accept_conflicts=True)
    quality = planning.draft_quality(store, *DEC)
    [broken] = [w for w in quality.wishes_broken if w.cell == Cell(friday, "leader", 0)]
    assert broken.why == "固定安排"
    version = publishing.publish(system, *DEC, accept_issues=True)
    metrics = json.loads(store.scalar("SELECT quality_json FROM roster_version WHERE id = ?", (version,)))
    assert metrics["wishes_broken"]["count"] == len(quality.wishes_broken) >= 1


def test_an_empty_draft_cell_says_why_nobody_fits(system, county) -> None:
    store = system.store
    planning.generate(system, *DEC)
    day = D("2026-12-10")
    planning.clear(system, day, "chief", 0)
    quality = planning.draft_quality(store, *DEC)
    [gap] = quality.uncovered
    assert gap.why.startswith("尚未安排（") and gap.why.endswith("人可排）")
    # Everyone who could take it is away: the warning counts why, in the words of the quality report.
    free = [c.person_id for c in planning.candidates(store, day, "chief", 0) if c.free]
    for person in free:
        staffing.add_absence(system, person, "trip", day, day + timedelta(days=1))
    quality = planning.draft_quality(store, *DEC)
    [gap] = quality.uncovered
    assert gap.why.startswith("无可排人员：") and f"{len(free)}人出差" in gap.why
    assert quality.uncovered_warnings == [f"2026年12月10日 值班长：{gap.why}"]
    assert any(gap.why in line for line in quality.summary_lines())
    assert "2026年12月10日 值班长：无可排人员" in "".join(quality.blocking)
