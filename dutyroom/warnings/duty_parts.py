"""预警叫应 in the shift's records: the handover section (warnings in force, those with people still silent to be
acknowledged one by one by the incoming officer) and the daily report's 预警信息 part (every notice received in
the period with how its calls went, and warnings typed into the log by hand as before)."""

from __future__ import annotations

from datetime import datetime

from dutyroom.clock import iso, parse_iso, short_date
from dutyroom.duty.shifts import Shift
from dutyroom.dutylog.entries import shift_entries
from dutyroom.dutylog.report import ReportPart, ReportPartProvider, register_part
from dutyroom.dutylog.sections import SectionProvider, SheetItem, SheetSection, register_section
from dutyroom.store import Store
from dutyroom.warnings.catalog import LEVEL_LABELS
from dutyroom.warnings.queries import Summary, board, notice_areas, summarize, targets_of
from dutyroom.warnings.records import NOTICE_KINDS, warning_number

MAX_NAMES = 8


def _names(items: list[str]) -> str:
    return "、".join(items[:MAX_NAMES]) + (f"等{len(items)}人" if len(items) > MAX_NAMES else "")


def summary_text(summary: Summary) -> str:
    text = f"应叫应{summary.total}人，已应答{summary.answered}人"
    if summary.by_backup:
        text += f"（其中B角代应{summary.by_backup}人）"
    if summary.arrived:
        text += f"，到岗{summary.arrived}人"
    text += f"，未应答{summary.silent}人" if summary.silent else "，全部应答"
    if summary.escalated:
        text += f"，{summary.escalated}人未叫醒已上报"
    return text


def _handover_warnings(store: Store, shift: Shift, now: datetime) -> SheetSection:
    section = SheetSection("warnings", "生效中的预警和叫应", empty_text="无生效中的预警。")
    moment = min(now, shift.end)
    for item in board(store, moment):
        received = parse_iso(item.received_at)
        head = (f"［{item.number}］{item.title}（{item.source}，{short_date(received.date())}{received:%H:%M}"
                f"接收{'，' + NOTICE_KINDS[item.kind] + '通知' if item.kind != 'issue' else ''}）")
        clock = item.main_clock
        overdue = bool(clock and not clock.met_at and clock.due_at < moment)
        if item.mode == "notice":
            section.items.append(SheetItem(f"warning:{item.notice_id}", f"{head}：只发通知，{item.summary.total}人",
                                           needs_ack=False))
            continue
        text = f"{head}：{summary_text(item.summary)}"
        detail = ""
        if item.silent:
            names = [f"{t['name']}（{t['unit']}）" for t in item.silent]
            detail = f"未应答：{_names(names)}"
            if clock is not None:
                detail += f"；全部应答时限{clock.due_at:%H:%M}" + ("，已超时" if overdue else "")
        section.items.append(SheetItem(f"warning:{item.notice_id}", text, detail, needs_ack=bool(item.silent),
                                       alert=overdue))
    return section


def _notice_line(store: Store, notice: dict, warning: dict) -> str:
    received = parse_iso(notice["received_at"])
    level = LEVEL_LABELS[notice["level"]]
    what = {"issue": f"发布{warning['type']}{level}预警", "lift": f"解除{warning['type']}{level}预警"}.get(
        notice["kind"], f"{NOTICE_KINDS[notice['kind']]}{warning['type']}预警（{level}）")
    areas = "、".join(name for _id, name in notice_areas(store, notice["id"]))
    summary = summarize(targets_of(store, notice["id"]))
    relay = summary_text(summary) if notice["mode"] == "call" else f"已通知{summary.total}人"
    return (f"{received:%H:%M}，{warning['source_unit']}{what}（预警{warning_number(warning['year'], warning['serial'])}，"
            f"影响{areas or '全县'}），{relay}。")


def _daily_warnings(store: Store, shift: Shift, now: datetime) -> ReportPart:
    start, end = iso(shift.start), iso(min(shift.end, now))
    notices = [dict(r) for r in store.rows(
        "SELECT n.* FROM warning_notice n JOIN warning w ON w.id = n.warning_id WHERE w.voided_at IS NULL"
        " AND n.received_at >= ? AND n.received_at < ? ORDER BY n.received_at, n.id", (start, end))]
    lines = []
    for notice in notices:
        warning = {**store.rows("SELECT * FROM warning WHERE id = ?", (notice["warning_id"],))[0]}
        lines.append(_notice_line(store, notice, warning))
    broadcasts = int(store.scalar("SELECT COUNT(*) FROM warning_broadcast WHERE voided_at IS NULL AND at >= ? AND at < ?",
                                  (start, end)))
    if broadcasts:
        lines.append(f"本时段使用应急广播（村村响）{broadcasts}次。")
    for entry in shift_entries(store, shift.duty_date.isoformat()):
        if entry["kind"] != "warning" or entry["voided_at"] or str(entry["source"] or "").startswith("warning:"):
            continue
        f = entry["fields"]
        relayed = f"，{f['relayed_to']}" if f.get("relayed_to") else ""
        lines.append(f"{entry['occurred_at'][11:16]}，收到{f.get('issuer', '')}发布的{f.get('warning_type', '')}"
                     f"{f.get('level', '')}预警：{entry['summary'].rstrip('。')}{relayed}。")
    if not lines:
        return ReportPart("预警信息", ["本时段未收到预警信息。"])
    return ReportPart("预警信息", lines)


register_section(SectionProvider("warnings", "生效中的预警和叫应", 36, _handover_warnings))
register_part(ReportPartProvider("warnings", 20, _daily_warnings))
