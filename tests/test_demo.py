"""The demo county: believable size, fictional numbers, current month covered, never duplicated."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from dutyroom import audit
from dutyroom.clock import FixedClock
from dutyroom.demo.seed import demo_period, seed_demo
from tests.conftest import NOW


def count(store, sql: str) -> int:
    return store.scalar(sql)


def test_county_shape(demo_store) -> None:
    kinds = Counter(r[0] for r in demo_store.rows("SELECT kind FROM org_unit"))
    assert kinds["department"] >= 20 and kinds["township"] >= 12 and kinds["village"] >= 30
    assert kinds["rescue_team"] >= 4 and kinds["expert_group"] >= 1
    staff = Counter(r[0] for r in demo_store.rows(
        "SELECT role FROM person_duty_role r JOIN person p ON p.id = r.person_id WHERE p.is_staff = 1"))
    assert count(demo_store, "SELECT COUNT(*) FROM person WHERE is_staff = 1") >= 40
    assert staff["leader"] >= 8 and staff["chief"] >= 8 and staff["officer"] >= 20
    assert count(demo_store, "SELECT COUNT(*) FROM person WHERE position LIKE '%县长%' OR position LIKE '%书记%'") >= 3


def test_numbers_are_clearly_fictional(demo_store) -> None:
    numbers = [r[0] for r in demo_store.rows("SELECT number FROM person_phone UNION ALL "
                                            "SELECT duty_phone FROM org_unit WHERE duty_phone <> ''")]
    assert numbers and all(n.startswith(("0000-", "1000000")) for n in numbers)


def test_current_month_is_covered_by_valid_assignments(demo_store) -> None:
    first, last = demo_period(NOW.date())
    rows = demo_store.rows("SELECT duty_date, role, person_id FROM duty_assignment WHERE voided_at IS NULL")
    per_day = Counter(r["duty_date"] for r in rows)
    day = first
    while day <= last:
        assert per_day[day.isoformat()] == 6, day
        day += timedelta(days=1)
    people_per_day = Counter((r["duty_date"], r["person_id"]) for r in rows)
    assert max(people_per_day.values()) == 1
    on_duty = {(r["duty_date"], r["person_id"]) for r in rows if r["role"] != "standby"}
    for r in rows:
        if r["role"] == "standby":
            previous = (date.fromisoformat(r["duty_date"]) - timedelta(days=1)).isoformat()
            assert (previous, r["person_id"]) not in on_duty, "standby right after one's own duty"


def test_reseeding_adds_nothing(demo_store) -> None:
    before = {t: count(demo_store, f"SELECT COUNT(*) FROM {t}") for t in
              ("org_unit", "person", "account", "duty_assignment", "duty_log_entry", "audit_log")}
    report = seed_demo(demo_store, FixedClock(NOW))
    assert not report.created_county and report.assignments_added == 0
    after = {t: count(demo_store, f"SELECT COUNT(*) FROM {t}") for t in before}
    assert after == before
    assert audit.verify(demo_store).ok


def test_next_month_is_filled_when_it_arrives(demo_store) -> None:
    later = FixedClock(NOW + timedelta(days=40))
    report = seed_demo(demo_store, later)
    assert report.assignments_added > 0 and not report.created_county
    day = (NOW + timedelta(days=40)).date().isoformat()
    assert count(demo_store, f"SELECT COUNT(*) FROM duty_assignment WHERE duty_date = '{day}'") == 6


def test_log_entries_fall_in_the_current_shift(demo_store) -> None:
    rows = demo_store.rows("SELECT duty_date, occurred_at FROM duty_log_entry WHERE duty_date = '2026-11-24'"
                           " AND id NOT IN (SELECT log_entry_id FROM incident_call)"   # demo incidents' calls
                           " AND COALESCE(source, '') NOT LIKE 'warning:%'")           # and warnings' notices
    assert len(rows) == 4 and all(r["occurred_at"] <= "2026-11-24T10:00:00+08:00" for r in rows)


def test_log_history_is_handed_over_with_open_items(demo_store) -> None:
    from dutyroom.dutylog import instructions, pending, rollcalls

    per_day = dict(demo_store.rows("SELECT duty_date, COUNT(*) FROM duty_log_entry WHERE duty_date < '2026-11-24'"
                                   " AND COALESCE(source, '') NOT LIKE 'warning:%' GROUP BY duty_date"))
    assert len(per_day) == 6 and all(count >= 7 for count in per_day.values())
    assert all(r[0] <= r[1] for r in demo_store.rows("SELECT occurred_at, created_at FROM duty_log_entry"))
    handovers = demo_store.rows("SELECT outgoing_date, status FROM handover ORDER BY outgoing_date")
    assert [h["status"] for h in handovers] == ["accepted"] * 6 and handovers[-1]["outgoing_date"] == "2026-11-23"
    assert len(pending.open_items(demo_store, NOW)) >= 3
    assert demo_store.scalar("SELECT COUNT(*) FROM pending_item WHERE closed_at IS NOT NULL") >= 3
    assert len(rollcalls.roll_calls(demo_store)) >= 7 and instructions.in_force(demo_store, NOW)
    assert demo_store.scalar("SELECT COUNT(*) FROM daily_report WHERE report_date = '2026-11-23'") == 1
