"""Incident reporting in the shift's records: a handover-sheet section the incoming shift must
acknowledge item by item, and the daily report's 突发事件 part."""

from __future__ import annotations

from datetime import datetime

from dutyroom import settings
from dutyroom.clock import iso, parse_iso
from dutyroom.duty.shifts import Shift
from dutyroom.dutylog.report import NO_INCIDENT, ReportPart, ReportPartProvider, register_part
from dutyroom.dutylog.sections import SectionProvider, SheetItem, SheetSection, register_section
from dutyroom.incidents.clocks import GRADE_LABELS
from dutyroom.incidents.queries import STATUS_LABELS, IncidentStatus, open_incidents_for_handover
from dutyroom.incidents.reports import kind_label
from dutyroom.store import Store


def _handover_incidents(store: Store, shift: Shift, now: datetime) -> SheetSection:
    section = SheetSection("incidents", "正在处置的突发事件", empty_text="无正在处置的突发事件。")
    for incident in open_incidents_for_handover(store, min(now, shift.end)):
        detail = f"待完成报送时限 {incident.open_obligations} 项" if incident.open_obligations else ""
        section.items.append(SheetItem(f"incident:{incident.incident_id}", incident.line, detail,
                                       needs_ack=True, alert=incident.overdue))
    return section


def _sent_reports(store: Store, incident_id: int, start: str, end: str) -> list[str]:
    rows = store.rows("SELECT form, kind, seq FROM incident_report WHERE incident_id = ? AND status = 'sent'"
                      " AND voided_at IS NULL AND sent_at >= ? AND sent_at < ? ORDER BY sent_at",
                      (incident_id, start, end))
    return [kind_label(r["form"], r["kind"], r["seq"]) for r in rows]


def _daily_incidents(store: Store, shift: Shift, now: datetime) -> ReportPart:
    """Incidents received in the reported shift, and those received earlier still being handled at its end."""
    start, end = iso(shift.start), iso(min(shift.end, now))
    rows = store.rows(
        "SELECT id, year, serial, title, grade, status, received_at, place, closed_at FROM incident"
        " WHERE voided_at IS NULL AND received_at < ?"
        " AND (received_at >= ? OR closed_at IS NULL OR closed_at >= ?) ORDER BY received_at",
        (end, start, start))
    county = settings.get(store, "org.county")
    new = [r for r in rows if r["received_at"] >= start]
    ongoing = [r for r in rows if r["received_at"] < start]
    if not new and not ongoing:
        return ReportPart("突发事件", [f"本时段{county}{NO_INCIDENT}"], has_events=False)
    lines = []
    if new:
        lines.append(f"本时段共接报突发事件{len(new)}起：")
        for number, row in enumerate(new, start=1):
            received = parse_iso(row["received_at"])
            sent = _sent_reports(store, row["id"], start, end)
            reported = f"已报送{'、'.join(sent)}" if sent else "尚未书面报送"
            status = STATUS_LABELS[IncidentStatus.CLOSED if row["closed_at"] and row["closed_at"] < end else row["status"]]
            lines.append(f"{number}. {received:%d日%H:%M}接报，{row['title']}"
                         f"（{GRADE_LABELS[row['grade']]}，{status}，{reported}）。")
    else:
        lines.append(f"本时段{county}无新接报的突发事件。")
    if ongoing:
        lines.append(f"此前接报、仍在处置或本时段处置结束的事件{len(ongoing)}起：")
        for row in ongoing:
            sent = _sent_reports(store, row["id"], start, end)
            closed = row["closed_at"] and row["closed_at"] < end
            state = "本时段处置结束" if closed else "处置中"
            lines.append(f"{row['year']}-{row['serial']:03d} {row['title']}（{GRADE_LABELS[row['grade']]}，{state}"
                         f"{'，本时段报送' + '、'.join(sent) if sent else ''}）。")
    return ReportPart("突发事件", lines, has_events=bool(new))


register_section(SectionProvider("incidents", "正在处置的突发事件", 35, _handover_incidents))
register_part(ReportPartProvider("incidents", 30, _daily_incidents))
