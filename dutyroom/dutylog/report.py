"""值班日报 / 零报告: drafted from the day's data, edited by the officer, saved, printed and exported.

The draft is plain text in the official layering: headings "一、…" and paragraphs. Its parts come from a
registry like the handover sheet's: the incident module registers the "incidents" part after merging;
until then the part reports "无突发事件", which is true of the data this app holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import cast

from dutyroom import settings
from dutyroom.clock import chinese_date, parse_iso, short_date
from dutyroom.duty.board import shift_roster
from dutyroom.duty.shifts import Shift, handover_time, shift_on
from dutyroom.dutylog import pending, rollcalls
from dutyroom.dutylog.entries import shift_entries
from dutyroom.dutylog.kinds import seconds_text
from dutyroom.dutylog.models import DailyReport
from dutyroom.errors import NotFound, ValidationError
from dutyroom.session import Session
from dutyroom.store import Store

NUMERALS = "一二三四五六七八九十"
HEADING = re.compile(r"^[一二三四五六七八九十]+、")
SUBHEADING = re.compile(r"^（[一二三四五六七八九十]+）")
MAX_BODY = 20000
NO_INCIDENT = "无突发事件。"


@dataclass
class ReportPart:
    heading: str
    paragraphs: list[str]
    has_events: bool | None = None     # the incidents part says whether anything happened


@dataclass(frozen=True)
class ReportPartProvider:
    key: str
    order: int
    build: Callable[[Store, Shift, datetime], ReportPart]


REPORT_PARTS: dict[str, ReportPartProvider] = {}


def register_part(provider: ReportPartProvider) -> None:
    """Add or replace (by key) a part of the daily report; incident reporting replaces "incidents"."""
    REPORT_PARTS[provider.key] = provider


@dataclass
class ReportDraft:
    report_date: date
    title: str
    body: str
    zero_report: bool
    saved: DailyReport | None = None
    period: str = ""
    staff: list[str] = field(default_factory=list)


def period_text(shift: Shift) -> str:
    return (f"{chinese_date(shift.start.date())}{shift.start:%H:%M}至"
            f"{short_date(shift.end.date())}{shift.end:%H:%M}")


def staff_line(store: Store, shift: Shift) -> list[str]:
    roster = shift_roster(store, shift)
    return [f"{label}：{'、'.join(m.name for m in members)}" for label, members in roster.groups(standby=False)
            if members]


def _duty(store: Store, shift: Shift, now: datetime) -> ReportPart:
    roster = shift_roster(store, shift)
    if roster.empty:
        return ReportPart("值班情况", ["本时段未排班，值班人员情况请据实填写。"])
    named = "，".join(f"{label}{'、'.join(m.name for m in members)}"
                     for label, members in roster.groups(standby=False) if members)
    entries = [e for e in shift_entries(store, shift.duty_date.isoformat()) if not e["voided_at"]]
    calls = sum(1 for e in entries if e["kind"] in ("call_in", "call_out"))
    docs = sum(1 for e in entries if e["kind"] == "document")
    return ReportPart("值班情况", [f"{named}在岗值守，严格落实24小时值班和领导带班制度。"
                                   f"本时段共记录值班日志{len(entries)}条，其中接打电话{calls}次、收文（传真）{docs}份。"])


def _warnings(store: Store, shift: Shift, now: datetime) -> ReportPart:
    found = [e for e in shift_entries(store, shift.duty_date.isoformat())
             if e["kind"] == "warning" and not e["voided_at"]]
    if not found:
        return ReportPart("预警信息", ["本时段未收到预警信息。"])
    lines = []
    for entry in found:
        f = entry["fields"]
        relayed = f"，{f['relayed_to']}" if f.get("relayed_to") else ""
        lines.append(f"{entry['occurred_at'][11:16]}，收到{f.get('issuer', '')}发布的{f.get('warning_type', '')}"
                     f"{f.get('level', '')}预警：{entry['summary'].rstrip('。')}{relayed}。")
    return ReportPart("预警信息", lines)


def _incidents(store: Store, shift: Shift, now: datetime) -> ReportPart:
    return ReportPart("突发事件", [f"本时段{settings.get(store, 'org.county')}{NO_INCIDENT}"], has_events=False)


def _roll_calls(store: Store, shift: Shift, now: datetime) -> ReportPart:
    found = rollcalls.roll_calls(store, shift.duty_date.isoformat(), shift.duty_date.isoformat())
    if not found:
        return ReportPart("上级查岗点名", ["本时段无上级查岗点名。"])
    lines = []
    for call in reversed(found):
        delay = f"（用时{seconds_text(call['answer_seconds'])}）" if call["answer_seconds"] is not None else ""
        lines.append(f"{call['occurred_at'][11:16]}，{call['checker_unit']}{call['channel']}查岗点名，"
                     f"{call['answered_by']}应答{delay}，结果{call['result']}。")
    return ReportPart("上级查岗点名", lines)


def _pending(store: Store, shift: Shift, now: datetime) -> ReportPart:
    """Items open at the end of the reported shift (or now, for the shift still under way)."""
    end = min(shift.end, now)
    items = pending.items_of_shift(store, shift.duty_date.isoformat(), shift.start.isoformat(),
                                   end.isoformat())["open"]
    if not items:
        return ReportPart("待办事项", ["无未办结事项。"])
    lines = [f"{index}. {item['title']}（{short_date(parse_iso(item['raised_at']).date())}列入）。"
             for index, item in enumerate(items, start=1)]
    return ReportPart("待办事项", [f"截至交班时有{len(items)}项未办结事项，已移交下一班次跟踪办理："] + lines)


for _provider in (ReportPartProvider("duty", 10, _duty), ReportPartProvider("warnings", 20, _warnings),
                  ReportPartProvider("incidents", 30, _incidents), ReportPartProvider("roll_calls", 40, _roll_calls),
                  ReportPartProvider("pending", 50, _pending)):
    register_part(_provider)


def draft_report(store: Store, report_date: date, now: datetime) -> ReportDraft:
    """A fresh draft from the data (does not look at a saved report)."""
    from dutyroom.dutylog.contributors import load_contributors

    load_contributors()
    shift = shift_on(report_date, handover_time(store))
    parts = [p.build(store, shift, now) for p in sorted(REPORT_PARTS.values(), key=lambda p: (p.order, p.key))]
    zero = not any(part.has_events for part in parts)
    lines = []
    for number, part in enumerate(parts):
        lines.append(f"{NUMERALS[number]}、{part.heading}")
        lines.extend(part.paragraphs)
    return ReportDraft(report_date, "值班日报（零报告）" if zero else "值班日报", "\n".join(lines), zero,
                       period=period_text(shift), staff=staff_line(store, shift))


def current_report(store: Store, report_date: date, now: datetime) -> ReportDraft:
    """The saved report of the day if there is one, else a fresh draft."""
    row = store.row("SELECT * FROM daily_report WHERE report_date = ? AND voided_at IS NULL",
                    (report_date.isoformat(),))
    shift = shift_on(report_date, handover_time(store))
    if row is None:
        return draft_report(store, report_date, now)
    return ReportDraft(report_date, row["title"], row["body"], bool(row["zero_report"]), saved=cast(DailyReport, dict(row)),
                       period=period_text(shift), staff=staff_line(store, shift))


def save_report(session: Session, report_date: date, *, title: str, body: str, zero_report: bool) -> int:
    """Save the officer's text (a new report, or a new revision of the day's report)."""
    session.require("report.edit")
    title = " ".join((title or "").split())
    body = "\n".join(line.rstrip() for line in (body or "").strip().splitlines())
    if not title:
        raise ValidationError("日报标题不能为空。", field="title")
    if len(title) > 60:
        raise ValidationError("日报标题过长（最多60字）。", field="title")
    if not body:
        raise ValidationError("日报正文不能为空。", field="body")
    if len(body) > MAX_BODY:
        raise ValidationError(f"日报正文过长（最多{MAX_BODY}字）。", field="body")
    if report_date > session.now().date():
        raise ValidationError("不能为将来的日期编写日报。", field="report_date")
    with session.write() as tx:
        row = tx.row("SELECT * FROM daily_report WHERE report_date = ? AND voided_at IS NULL",
                     (report_date.isoformat(),))
        values = {"title": title, "body": body, "zero_report": 1 if zero_report else 0, "updated_at": tx.at,
                  "updated_by": tx.actor.account_id, "updated_by_name": tx.actor.display_name}
        if row is None:
            report_id = tx.insert("daily_report", {**values, "report_date": report_date.isoformat(), "revision": 0,
                                                   "created_at": tx.at, "created_by_name": tx.actor.display_name})
            tx.audit("report.save", "daily_report", report_id, after=tx.snapshot("daily_report", report_id))
            return report_id
        before = dict(row)
        if (before["title"], before["body"], before["zero_report"]) == (title, body, values["zero_report"]):
            return int(before["id"])
        tx.update("daily_report", before["id"], {**values, "revision": before["revision"] + 1})
        tx.audit("report.save", "daily_report", before["id"], before=before,
                 after=tx.snapshot("daily_report", before["id"]))
        return int(before["id"])


def get_saved(store: Store, report_date: date) -> DailyReport:
    row = store.row("SELECT * FROM daily_report WHERE report_date = ? AND voided_at IS NULL",
                    (report_date.isoformat(),))
    if row is None:
        raise NotFound(f"{chinese_date(report_date)}的值班日报尚未保存。")
    return cast(DailyReport, dict(row))


def body_blocks(body: str) -> list[tuple[str, str]]:
    """(style, text) per non-empty line: heading, subheading or paragraph — shared by PDF and .docx."""
    blocks = []
    for line in body.splitlines():
        text = line.strip()
        if not text:
            continue
        style = "heading" if HEADING.match(text) else "subheading" if SUBHEADING.match(text) else "body"
        blocks.append((style, text))
    return blocks
