"""Incident reporting inside the shift's records: the handover sheet and the daily report."""

from __future__ import annotations

from datetime import date

from dutyroom.duty.shifts import handover_time, shift_on
from dutyroom.dutylog.handover import assemble_sheet
from dutyroom.dutylog.report import draft_report
from dutyroom.incidents.queries import open_incidents_for_handover
from tests.conftest import NOW


def test_daily_report_lists_the_shifts_incidents(demo_store) -> None:
    quiet = draft_report(demo_store, date(2026, 11, 21), NOW)
    busy = draft_report(demo_store, date(2026, 11, 23), NOW)
    assert quiet.zero_report and "无新接报的突发事件" in quiet.body
    assert not busy.zero_report and "本时段共接报突发事件2起" in busy.body
    assert "透水事故" in busy.body and "较大" in busy.body and "已报送首报" in busy.body


def test_daily_report_without_any_incident_is_a_zero_report(store, clock) -> None:
    report = draft_report(store, date(2026, 11, 23), NOW)
    assert report.zero_report and "无突发事件" in report.body


def test_handover_sheet_carries_open_incidents_to_acknowledge(demo_store) -> None:
    sheet = assemble_sheet(demo_store, shift_on(date(2026, 11, 24), handover_time(demo_store)), NOW)
    section = next(s for s in sheet.sections if s.key == "incidents")
    expected = open_incidents_for_handover(demo_store, NOW)
    assert len(section.items) == len(expected) >= 3
    assert all(item.needs_ack for item in section.items)
    assert {item.key for item in section.items} == {f"incident:{i.incident_id}" for i in expected}
