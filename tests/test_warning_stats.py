"""Statistics of warnings for a date range (``dutyroom.warnings.stats``): counted by type and level, time to
answer (median, 90th percentile), share answered in time, silent people by township; and the warnings' part of
the handover sheet and the daily report."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from dutyroom.contacts import people
from dutyroom.dutylog.handover import handover_state
from dutyroom.dutylog.report import draft_report
from dutyroom.warnings import calls, records
from dutyroom.warnings.stats import month_stats, percentile, warning_stats
from tests.incident_helpers import session_as
from tests.warning_helpers import enter, pair, targets


@pytest.fixture
def played(demo_store, clock):
    """Two warnings of 24 November with known answer times, one voided, one still running (the demo's own
    warnings voided first: a county that starts counting today)."""
    chief = session_as(demo_store, clock, "zhibanzhang")
    for (warning_id,) in demo_store.rows("SELECT id FROM warning"):
        records.void_warning(chief, warning_id, "统计测试前清空")
    office = session_as(demo_store, clock, "bangongshi")
    for (person_id,) in demo_store.rows("SELECT id FROM person WHERE away_from IS NOT NULL"):
        people.clear_away(office, person_id)
    pair(demo_store, clock, "白飞胜", "陈俊")
    officer = session_as(demo_store, clock, "zhiban")
    start = clock.now()
    rain = enter(officer, level="黄色")                                   # 10:00, deadline 10:30

    def at(minutes: int, name: str, result: str) -> None:
        clock.set(start + timedelta(minutes=minutes))
        calls.record_call(officer, targets(demo_store, rain.notice_id)[name]["id"], result)

    at(1, "白飞胜", "no_answer")
    at(2, "石思", "answered")                                             # 120 s
    at(4, "白飞胜", "no_answer")                                          # second try: 陈俊 (B角) joins
    at(5, "周宇", "answered")                                             # 300 s
    at(6, "宋敏军", "no_answer")
    at(10, "陈俊", "answered")                                            # answers for 白飞胜: 600 s
    at(12, "宋敏军", "busy")
    at(20, "宋敏军", "off")                                               # third try: escalated
    at(40, "龙浩胜", "answered")                                          # late: 2400 s
    clock.set(start + timedelta(minutes=60))
    wind = enter(officer, type="大风", level="蓝色", areas=["白沙镇"])     # 11:00, deadline 12:00
    clock.set(start + timedelta(minutes=65))
    for name in ("陈敏", "秦辉婷"):
        calls.record_call(officer, targets(demo_store, wind.notice_id)[name]["id"], "answered")   # 300 s each
    mistake = enter(officer, type="大雾", level="黄色", areas=["白沙镇"])
    records.void_warning(chief, mistake.warning_id, "误录")
    clock.set(start + timedelta(minutes=70))
    running = enter(officer, type="寒潮", level="蓝色", areas=["龙潭镇"])  # nobody reached yet, deadline ahead
    return {"rain": rain, "wind": wind, "running": running, "officer": officer}


def test_counts_times_and_silent_people(demo_store, clock, played) -> None:
    stats = month_stats(demo_store, 2026, 11, clock.now())
    assert stats.warnings == 3 and stats.notices == 3                  # the voided one is not counted
    assert stats.by_type_level == {"暴雨": {"yellow": 1}, "大风": {"blue": 1}, "寒潮": {"blue": 1}}
    assert stats.by_level == {"red": 0, "orange": 0, "yellow": 1, "blue": 2}
    assert (stats.targets, stats.answered, stats.by_backup) == (7 + 2 + 2, 6, 1)
    assert (stats.answered_in_time, stats.late, stats.silent, stats.pending) == (5, 1, 3, 2)
    assert stats.escalated == 1
    assert sorted(stats.answer_seconds) == [120, 300, 300, 300, 600, 2400]
    assert stats.median_seconds == 300 and stats.p90_seconds == 2400
    assert stats.in_time_share == pytest.approx(5 / 9)
    assert stats.silent_by_township == {"青石镇": 3}        # 宋敏军 (escalated), 区冬文 and 谭永福 (never called)
    rain = next(r for r in stats.rows if r.title == "暴雨黄色")
    assert (rain.targets, rain.answered, rain.in_time, rain.silent, rain.median_seconds) == (7, 4, 3, 3, 450)
    assert stats.as_json()["in_time_share"] == 0.5556


def test_ranges_are_whole_days(demo_store, clock, played) -> None:
    assert warning_stats(demo_store, date(2026, 11, 25), date(2026, 11, 30), clock.now()).warnings == 0
    assert warning_stats(demo_store, date(2026, 11, 24), date(2026, 11, 24), clock.now()).warnings == 3
    assert month_stats(demo_store, 2026, 12, clock.now()).targets == 0


def test_percentile_is_nearest_rank() -> None:
    assert percentile([], 0.9) is None
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
    assert percentile([float(n) for n in range(1, 12)], 0.9) == 10.0


def test_handover_lists_warnings_in_force_and_the_silent_need_acknowledging(demo_store, clock, played) -> None:
    state = handover_state(demo_store, clock.now().date(), clock.now())
    section = next(s for s in state.sheet.sections if s.key == "warnings")
    items = {item.key: item for item in section.items}
    rain = items[f"warning:{played['rain'].notice_id}"]
    assert rain.needs_ack and rain.alert                                 # people silent, deadline 10:30 past
    assert "暴雨黄色预警" in rain.text and "已应答4人（其中B角代应1人）" in rain.text
    assert "宋敏军（青石镇下坪村）" in rain.detail and "区冬文" in rain.detail
    wind = items[f"warning:{played['wind'].notice_id}"]
    assert not wind.needs_ack and "全部应答" in wind.text
    running = items[f"warning:{played['running'].notice_id}"]
    assert running.needs_ack and not running.alert                      # nobody reached yet, deadline ahead


def test_the_daily_report_tells_how_each_warning_was_relayed(demo_store, clock, played) -> None:
    clock.advance(hours=1)
    draft = draft_report(demo_store, clock.now().date(), clock.now())
    part = draft.body.split("预警信息", 1)[1].split("三、", 1)[0]
    number = demo_store.scalar("SELECT year || '-' || printf('%03d', serial) FROM warning WHERE id = ?",
                               (played["rain"].warning_id,))
    assert f"10:00，县气象局发布暴雨黄色预警（预警{number}，影响青石镇），应叫应7人，已应答4人（其中B角代应1人）" in part
    assert "11:00，县气象局发布大风蓝色预警" in part and "全部应答" in part
    assert "大雾" not in part                                            # voided
