"""值班日志 (a shift, or every shift of a month) and 交接班记录 on GB/T 9704 pages.

Data builders (store → dataclasses) are separate from the pure renderers (dataclasses → PDF bytes).
Both printouts end with the signature lines 交班人 / 接班人 / 带班领导, filled with the names and times
the handover recorded, and a line for the handwritten signature.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from dutyroom import settings
from dutyroom.audit import anchors
from dutyroom.clock import chinese_date, parse_iso, short_date, weekday_name
from dutyroom.duty.board import shift_roster
from dutyroom.duty.shifts import Shift, handover_time, shift_on
from dutyroom.dutylog import handover as ho
from dutyroom.dutylog import pending
from dutyroom.dutylog.entries import shift_amendments, shift_entries
from dutyroom.dutylog.kinds import entry_kinds, fields_lines
from dutyroom.dutylog.models import HandoverRecord, LogEntry
from dutyroom.dutylog.sections import SheetSection
from dutyroom.store import Store

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

    from dutyroom.printing.page import Styles

    class _LogStyles(Styles):
        """The page styles with three of the log's and the sheet's own (set on the instance by ``_styles``)."""
        note_centre: ParagraphStyle
        small_heading: ParagraphStyle
        anchor: ParagraphStyle


@dataclass
class Signatures:
    outgoing: str = ""
    outgoing_at: str = ""
    incoming: str = ""
    incoming_at: str = ""
    leader: str = ""


@dataclass
class LogLine:
    number: int
    time: str
    kind: str
    text: str
    recorder: str
    voided: bool = False


@dataclass
class LogDoc:
    org_name: str
    shift: Shift
    staff: list[tuple[str, str]]
    lines: list[LogLine]
    open_items: list[str]
    amendments: list[str]
    signatures: Signatures
    closed: bool
    printed_at: datetime

    @property
    def title(self) -> str:
        return "值班日志"

    @property
    def period(self) -> str:
        day = self.shift.duty_date
        return (f"{chinese_date(day)}（{weekday_name(day)}）{self.shift.start:%H:%M}至"
                f"{short_date(self.shift.end.date())}{self.shift.end:%H:%M}")


def _signatures(record: HandoverRecord | None, leader_fallback: str) -> Signatures:
    if record is None:
        return Signatures(leader=leader_fallback)

    def when(text: str | None) -> str:
        if not text:
            return ""
        moment = parse_iso(text)
        return f"{short_date(moment.date())} {moment:%H:%M}"

    accepted = record["status"] == "accepted"
    return Signatures(record["outgoing_name"], when(record["confirmed_at"]),
                      record["incoming_name"] or "" if accepted else "", when(record["accepted_at"]),
                      record["leader_name"] or leader_fallback)


def _staff(store: Store, shift: Shift) -> list[tuple[str, str]]:
    roster = shift_roster(store, shift)
    return [(label, "、".join(m.name for m in members) or "—") for label, members in roster.groups()]


def _entry_text(entry: LogEntry) -> str:
    kind = entry_kinds().get(entry["kind"])
    head = f"【{entry['counterpart']}】" if entry["counterpart"] else ""
    parts = [head + entry["summary"]]
    if kind is not None:
        # the fields are joined with "；": a value's own closing "。" would double the stop ("巡查。；")
        shown = [f"{label}：{text.rstrip('。；;')}"
                 for label, text in fields_lines(kind, entry["fields"], skip=kind.counterpart)]
        if shown:
            parts.append("；".join(shown))
    if entry["detail"]:
        parts.append(entry["detail"])
    if entry.get("pending_total"):
        parts.append("▲已列入待办事项")
    if entry.get("amended"):
        parts.append("（已补正，原记录见补正记录）")
    if entry["voided_at"]:
        parts.append(f"（已作废：{entry['void_reason']}）")
    return "\n".join(parts)


def log_doc(store: Store, duty_date: date, printed_at: datetime) -> LogDoc:
    shift = shift_on(duty_date, handover_time(store))
    entries = shift_entries(store, duty_date.isoformat())
    lines = [LogLine(n, e["occurred_at"][11:16], e["kind_label"], _entry_text(e), e["recorded_by_name"],
                     bool(e["voided_at"])) for n, e in enumerate(entries, start=1)]
    items = pending.items_of_shift(store, duty_date.isoformat(), shift.start.isoformat(), shift.end.isoformat())
    open_items = [f"{item['title']}（{short_date(parse_iso(item['raised_at']).date())}列入）" for item in items["open"]]
    amendments = []
    for revision in shift_amendments(store, duty_date.isoformat()):
        moment = parse_iso(revision["replaced_at"])
        amendments.append(f"{revision['entry_time'][11:16]}记录：原记录为“{revision['summary']}”；"
                          f"{short_date(moment.date())} {moment:%H:%M} 由{revision['replaced_by_name']}补正，"
                          f"原因：{revision['reason']}。")
    state_record = store.row("SELECT * FROM handover WHERE outgoing_date = ? AND voided_at IS NULL",
                             (duty_date.isoformat(),))
    record = cast(HandoverRecord, dict(state_record)) if state_record else None
    leaders = "、".join(m.name for m in shift_roster(store, shift).by_role("leader"))
    return LogDoc(settings.get(store, "org.name"), shift, _staff(store, shift), lines, open_items, amendments,
                  _signatures(record, leaders), bool(record and record["status"] == "accepted"), printed_at)


def month_log_docs(store: Store, year: int, month: int, printed_at: datetime) -> list[LogDoc]:
    days = calendar.monthrange(year, month)[1]
    return [log_doc(store, date(year, month, day), printed_at) for day in range(1, days + 1)]


# -- rendering -------------------------------------------------------------------------------------

def _cell(text: str, style: Any) -> Any:
    from dutyroom.printing.page import para

    return para(text, style)


def _signature_table(signatures: Signatures, styles: Styles, width: float) -> Any:
    from reportlab.lib.units import mm

    from dutyroom.printing.page import NO_PADDING, para, table

    def cell(label: str, name: str, at: str) -> list[Any]:
        when = f"（{at}）" if at else ""
        return [para(f"{label}：{name}{when}", styles.table_cell),
                para("签名：________________", styles.table_cell)]

    rows = [cell("交班人", signatures.outgoing, signatures.outgoing_at),
            cell("接班人", signatures.incoming, signatures.incoming_at),
            cell("带班领导", signatures.leader, "")]
    return table(rows, [width - 60 * mm, 60 * mm], [*NO_PADDING, ("BOTTOMPADDING", (0, 0), (-1, -1), 9)])


def _log_story(doc: LogDoc, styles: _LogStyles) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from dutyroom.printing.page import PORTRAIT, keep_tail, para, spacer, table

    width = PORTRAIT.text_width
    story: list[Any] = [para(doc.title, styles.title), para(f"{doc.org_name}　{doc.period}", styles.note_centre)]
    staff_cells = []
    for label, names in doc.staff:
        staff_cells += [para(label, styles.table_header), para(names, styles.table_cell)]
    staff = table([staff_cells[:4], staff_cells[4:]], [22 * mm, width / 2 - 22 * mm] * 2,
                  [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                   ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEEEEE")),
                   ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#EEEEEE"))])
    story += [staff, spacer(3)]
    header = [para(t, styles.table_header) for t in ("序", "时间", "类型", "内容（对方、摘要、批示及处理）", "记录人")]
    rows: list[list[Any]] = [header]
    commands = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
                ("FONTSIZE", (0, 1), (-1, -1), styles.table_cell.fontSize),
                ("ALIGN", (0, 1), (2, -1), "CENTER"), ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]
    for index, line in enumerate(doc.lines, start=1):
        rows.append([str(line.number), line.time, _cell(line.kind, styles.table_cell_centre),
                     _cell(line.text, styles.table_cell), _cell(line.recorder, styles.table_cell_centre)])
        if line.voided:
            commands.append(("TEXTCOLOR", (0, index), (-1, index), colors.HexColor("#777777")))
    if not doc.lines:
        rows.append(["", "", "", para("本班次无值班记录。", styles.table_cell), ""])
    story.append(table(rows, [9 * mm, 14 * mm, 20 * mm, width - 61 * mm, 18 * mm], commands, repeat_rows=1))
    story += [spacer(3), para("未办结事项（交下一班次）", styles.small_heading)]
    closing: list[Any] = [para(f"{n}. {text}", styles.note) for n, text in enumerate(doc.open_items, start=1)]
    closing = closing or [para("无。", styles.note)]
    if doc.amendments:
        closing += [spacer(2), para("补正记录", styles.small_heading)]
        closing += [para(f"{n}. {text}", styles.note) for n, text in enumerate(doc.amendments, start=1)]
    # the signature lines never stand alone on a page: the last lines above them come along
    story += closing[:-1] + [keep_tail(closing[-1], spacer(5), _signature_table(doc.signatures, styles, width))]
    return story


def _styles() -> _LogStyles:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    from dutyroom.printing.page import SIZE_4, make_styles

    styles = cast("_LogStyles", make_styles())      # the three below are set on it here
    styles.note_centre = ParagraphStyle("note_centre", parent=styles.note, alignment=TA_CENTER, spaceAfter=6)
    styles.note_centre.font_role = "body"
    styles.small_heading = ParagraphStyle("small_heading", parent=styles.heading, fontSize=SIZE_4,
                                          leading=SIZE_4 * 1.6, firstLineIndent=0)
    styles.small_heading.font_role = "heading"
    styles.anchor = ParagraphStyle("anchor", parent=styles.table_note, alignment=TA_CENTER, spaceAfter=3)
    styles.anchor.font_role = "table"
    return styles


def render_log(docs: list[LogDoc]) -> bytes:
    """One shift, or several (a month), each starting on a new page."""
    from reportlab.platypus import PageBreak

    from dutyroom.printing.page import build_pdf

    styles = _styles()
    story: list = []
    for index, doc in enumerate(docs):
        if index:
            story.append(PageBreak())
        story += _log_story(doc, styles)
    first = docs[0]
    title = first.title + ("" if len(docs) == 1 else f"（{first.shift.duty_date:%Y年%m月}）")
    return build_pdf(story, title=title, subject="值班日志", author=first.org_name, created=first.printed_at)


# -- 交接班记录 -------------------------------------------------------------------------------------

@dataclass
class HandoverDoc:
    org_name: str
    outgoing: Shift
    incoming: Shift
    status_label: str
    outgoing_staff: list[str]
    incoming_staff: list[str]
    sections: list[SheetSection]
    acks: dict[str, str]
    equipment: list[ho.EquipmentCheck]
    equipment_names: list[str]
    notes: str
    signatures: Signatures
    printed_at: datetime
    extra: dict = field(default_factory=dict)
    anchor: str = ""            # 审计校验：第N条 … (the acceptance's audit row; a live sheet: the chain's head)


def handover_doc(store: Store, duty_date: date, now: datetime) -> HandoverDoc:
    state = ho.handover_state(store, duty_date, now)
    sheet = state.sheet
    acks = {}
    for key, ack in state.acks.items():
        moment = parse_iso(ack["acknowledged_at"])
        acks[key] = f"{ack['acknowledged_by_name']} {moment:%H:%M} 已知悉"
    leaders = "、".join(m.name for m in sheet.outgoing_roster.by_role("leader"))
    return HandoverDoc(
        settings.get(store, "org.name"), sheet.outgoing, sheet.incoming, state.status_label,
        ho.roster_lines(sheet.outgoing_roster), ho.roster_lines(sheet.incoming_roster),
        [s for s in sheet.sections if s.key != "duty_staff"], acks, state.equipment, ho.equipment_items(store),
        state.record["notes"] if state.record else "", _signatures(state.record, leaders), now,
        anchor=anchors.handover_line(store, state.record))


def _matching_open(text: str) -> int | None:
    """Where the parenthesis closed by the text's last character opens (None if it does not end with one)."""
    if not text.endswith("）"):
        return None
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {"）": 1, "（": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return None


def _item_text(number: int, item: Any, acks: dict[str, str]) -> str:
    """One numbered item; its detail joins the item's own closing parenthesis rather than opening a second one,
    and says nothing the parenthesis already says."""
    text = f"{number}. {item.text}"
    if item.detail:
        opening = _matching_open(text)
        if opening is not None:
            said = text[opening + 1:-1]
            extra = [part for part in re.split("[；;，,]", item.detail) if part.strip() and part.strip() not in said]
            if extra:
                text = text[:-1] + "；" + "；".join(extra) + "）"
        else:
            text += f"（{item.detail}）"
    if item.needs_ack:
        text += f"〔{acks.get(item.key, '接班人未确认')}〕"
    return text


def render_handover(doc: HandoverDoc, anchor: str | None = None) -> bytes:
    """The sheet on at most two pages for an ordinary shift; the audit chain position (``anchor``, by default
    the document's own, e.g. "审计校验：第N条 …") prints under the heading."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from dutyroom.printing.page import PORTRAIT, build_pdf, keep_tail, para, spacer, table

    styles = _styles()
    width = PORTRAIT.text_width
    numbers = iter("一二三四五六七八九十")
    period = (f"交班班次：{chinese_date(doc.outgoing.duty_date)}{doc.outgoing.start:%H:%M}至"
              f"{short_date(doc.outgoing.end.date())}{doc.outgoing.end:%H:%M}")
    story: list = [para("交接班记录", styles.title),
                   para(f"{doc.org_name}　{period}" + ("" if doc.status_label == "已完成交接"
                                                      else f"（{doc.status_label}）"), styles.note_centre)]
    anchor = doc.anchor if anchor is None else anchor
    if anchor:
        story.append(para(anchor, styles.anchor))
    grid = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEEEEE"))]
    story.append(table([[para("交班人员", styles.table_header), para("；".join(doc.outgoing_staff) or "未排班",
                                                                   styles.table_cell)],
                        [para("接班人员", styles.table_header), para("；".join(doc.incoming_staff) or "未排班",
                                                                   styles.table_cell)]],
                       [24 * mm, width - 24 * mm], grid))
    for section in doc.sections:
        story += [spacer(1.5), para(f"{next(numbers)}、{section.title}", styles.small_heading)]
        story += [para(line, styles.note) for line in section.lines]
        story += [para(_item_text(n, item, doc.acks), styles.note) for n, item in enumerate(section.items, start=1)]
        if section.empty:
            story.append(para(section.empty_text, styles.note))
    story += [spacer(1.5), para(f"{next(numbers)}、设备检查", styles.small_heading), _equipment(doc, styles, width)]
    story += [spacer(1.5), para(f"{next(numbers)}、注意事项", styles.small_heading),
              keep_tail(para(doc.notes or "无。", styles.note), spacer(4),
                        _signature_table(doc.signatures, styles, width))]
    return build_pdf(story, title="交接班记录", subject="交接班记录", author=doc.org_name, created=doc.printed_at)


def _equipment(doc: HandoverDoc, styles: Styles, width: float) -> Any:
    """The checks two to a row: 设备 | 状态 | 情况说明, twice."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from dutyroom.printing.page import para, table

    checks = {c.name: c for c in doc.equipment}
    cells: list[list[Any]] = []
    for name in doc.equipment_names if not doc.equipment else [c.name for c in doc.equipment]:
        check = checks.get(name)
        status = "—" if check is None else ("正常" if check.ok else "异常")
        cells.append([para(name, styles.table_cell), para(status, styles.table_cell_centre),
                      para(check.note if check else "", styles.table_cell)])
    header = [para(t, styles.table_header) for t in ("设备", "状态", "情况说明")]
    half = (len(cells) + 1) // 2
    rows = [header * 2]
    for left, right in zip(cells[:half], cells[half:] + [[""] * 3], strict=False):
        rows.append(left + right)
    column = [26 * mm, 14 * mm, width / 2 - 40 * mm]
    commands = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")), ("LINEAFTER", (2, 0), (2, -1), 1.2,
                                                                              colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    from reportlab.platypus import KeepTogether

    return KeepTogether([table(rows, column * 2, commands, repeat_rows=1)])   # a few rows: never split
