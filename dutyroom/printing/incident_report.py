"""突发事件信息专报 (首报/续报/终报/核报), 电话报告要点 and 灾情报告: data builders and PDF renderers.

The builders read the store into plain dataclasses; the renderers turn those into PDF bytes on the
GB/T 9704 page (``printing.page``) and, for the 专报, into .docx (``printing.incident_docx``) from the
very same dataclass, so both files say the same thing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dutyroom import settings
from dutyroom.clock import chinese_date, parse_iso
from dutyroom.errors import ValidationError
from dutyroom.incidents import forms, intake, reports
from dutyroom.incidents.models import ReportRow
from dutyroom.incidents.rules import GRADE_LABELS
from dutyroom.store import Store

RED = "#E60012"
HEADING_NUMBERS = "一二三四五六七八九十"


@dataclass
class Section:
    heading: str
    paragraphs: list[str]


@dataclass
class SpecialReportDoc:
    org_name: str
    masthead: str
    issue_text: str
    kind_label: str
    title: str
    addressee: str
    signer: str
    day: date
    sections: list[Section]
    sent_to: str
    contact: str
    draft: bool
    number: str
    printed_at: datetime
    corrects: str = ""

    @property
    def numbered_sections(self) -> list[tuple[str, list[str]]]:
        """Headings numbered 一、二、 … in print order; a section without a heading is plain text."""
        out, n = [], 0
        for section in self.sections:
            if section.heading:
                heading = f"{HEADING_NUMBERS[n] if n < 10 else n + 1}、{section.heading}"
                n += 1
            else:
                heading = ""
            out.append((heading, section.paragraphs))
        return out

    @property
    def file_stem(self) -> str:
        return f"{self.masthead}-{self.number}-{self.kind_label}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in "。！？；：…" else text + "。"


def _paragraphs(text: str) -> list[str]:
    return [_sentence(line) for line in text.splitlines() if line.strip()]


def fact_paragraphs(spec: dict[str, Any], report: ReportRow, previous_facts: dict[str, Any] | None) -> list[str]:
    """A facts section's sentences: every printable fact, or only those changed since the previous report."""
    form = intake.intake_form()
    facts = json.loads(report["facts_json"])
    if spec.get("only_changed") and previous_facts is not None:
        old = {line.key: line.text for line in forms.print_lines(form, previous_facts)}
        lines = reports.changed_print_lines(previous_facts, facts)
        return [_sentence(f"{line.label}：{line.text}" + (f"（上次报告：{old[line.key]}）" if line.key in old else ""))
                for line in lines if not spec.get("groups") or form.field(line.key).group in spec["groups"]]
    return [_sentence(f"{line.label}：{line.text}") for line in forms.print_lines(form, facts, spec.get("groups"))]


def previous_facts_of(store: Store, report: ReportRow) -> dict[str, Any] | None:
    if not report["previous_id"]:
        return None
    row = store.row("SELECT facts_json FROM incident_report WHERE id = ?", (report["previous_id"],))
    return json.loads(row[0]) if row else None


def special_report_doc(store: Store, report_id: int, printed_at: datetime) -> SpecialReportDoc:
    report = reports.get_report(store, report_id)
    if report["form"] != "special":
        raise ValidationError("这是灾情报告，请用“灾情报告”打印。")
    if report["voided_at"]:
        raise ValidationError("该报告已作废，不能打印。")
    incident = intake.get_incident(store, report["incident_id"])
    body = json.loads(report["body_json"])
    previous_facts = previous_facts_of(store, report)
    sections = []
    for spec in reports.kind_spec(report["kind"])["sections"]:
        if spec.get("type") == "facts":
            paragraphs = fact_paragraphs(spec, report, previous_facts)
        else:
            paragraphs = _paragraphs(str(body.get(spec["key"], "")))
        if paragraphs:
            sections.append(Section(spec.get("heading", ""), paragraphs))
    values = settings.get_many(store, "org.name", "duty.phone")
    signed = report["status"] in ("signed", "sent")
    day = parse_iso(report["signed_at"]).date() if report["signed_at"] else printed_at.date()
    corrects = ""
    if report["corrects_id"]:
        original = reports.get_report(store, report["corrects_id"])
        corrects = f"本期更正第{original['issue_no']}期" if original["issue_no"] else "本报告为更正报告"
    phone = f"　　联系电话：{values['duty.phone']}" if values["duty.phone"] else ""
    return SpecialReportDoc(
        org_name=values["org.name"], masthead=reports.report_definition().get("masthead", "突发事件信息专报"),
        issue_text=f"第{report['issue_no']}期" if report["issue_no"] else "（未签发，无期号）",
        kind_label=reports.kind_label("special", report["kind"], report["seq"]), title=report["title"],
        addressee=report["addressee"], signer=report["signed_by_name"] or "" if signed else "", day=day,
        sections=sections, sent_to=report["sent_to"] or report["addressee"],
        contact=f"联系人：{report['drafted_by_name']}{phone}", draft=not signed,
        number=intake.incident_number(incident["year"], incident["serial"]), printed_at=printed_at,
        corrects=corrects)


# -- PDF --------------------------------------------------------------------------------------------

def _draft_mark(canvas: Any, document: Any, geometry: Any) -> None:
    from reportlab.lib import colors

    from dutyroom.printing.fonts import registry

    canvas.saveState()
    canvas.setFillColor(colors.Color(0.75, 0.75, 0.75, alpha=0.35))
    canvas.translate(geometry.width / 2, geometry.height / 2)
    canvas.rotate(35)
    registry().draw_string(canvas, 0, 0, "草稿 未签发", "heading", 64, align="centre")
    canvas.restoreState()


def render_special_report(doc: SpecialReportDoc) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import HRFlowable, KeepTogether

    from dutyroom.printing.page import (
        NO_PADDING,
        PORTRAIT,
        SIZE_4,
        build_pdf,
        keep_tail,
        make_styles,
        para,
        signature_block,
        spacer,
        table,
    )

    styles = make_styles()
    red = colors.HexColor(RED)
    masthead = ParagraphStyle("masthead", parent=styles.title, fontSize=34, leading=44, textColor=red,
                              alignment=TA_CENTER, spaceAfter=2)
    masthead.font_role = "title"
    issue = ParagraphStyle("issue", parent=styles.body_left, alignment=TA_CENTER)
    issue.font_role = "body"
    left = ParagraphStyle("left", parent=styles.body_left, alignment=TA_LEFT)
    left.font_role = "body"
    right = ParagraphStyle("right", parent=styles.body_left, alignment=TA_RIGHT)
    right.font_role = "body"
    note = ParagraphStyle("note", parent=styles.body_left, fontSize=SIZE_4, leading=SIZE_4 * 1.5, leftIndent=SIZE_4,
                          rightIndent=SIZE_4)
    note.font_role = "body"
    width = PORTRAIT.text_width
    head_row = table([[para(doc.org_name, left), para(f"签发人：{doc.signer}" if doc.signer else "签发人：（待签发）", right)]],
                     [width * 0.55, width * 0.45], NO_PADDING)
    story: list[Any] = [
        para(doc.masthead, masthead),
        para(f"{doc.issue_text}（{doc.kind_label}）", issue),
        spacer(2), head_row,
        HRFlowable(width="100%", thickness=2, color=red, spaceBefore=4 * mm, spaceAfter=0),
        spacer(12),
        para(doc.title, styles.title),
        spacer(4),
    ]
    if doc.corrects:
        story.append(para(f"（{doc.corrects}）", issue))
    if doc.addressee:
        story.append(para(f"{doc.addressee}：", styles.body_left))
    for heading, paragraphs in doc.numbered_sections:
        if heading:
            story.append(para(heading, styles.heading))
        story.extend(para(text, styles.body) for text in paragraphs)
    # the 署名 and date never go to a page without the last lines of the text
    story[-1] = keep_tail(story[-1], spacer(8), signature_block(doc.org_name, chinese_date(doc.day), styles))
    record = [
        HRFlowable(width="100%", thickness=0.7, color=colors.black, spaceBefore=10 * mm, spaceAfter=2),
        para(f"报送：{doc.sent_to}。", note),
        HRFlowable(width="100%", thickness=0.35, color=colors.black, spaceBefore=2, spaceAfter=2),
        para(doc.contact, note),
        HRFlowable(width="100%", thickness=0.7, color=colors.black, spaceBefore=2, spaceAfter=0),
    ]
    story.append(KeepTogether(record))
    return build_pdf(story, title=f"{doc.masthead} {doc.issue_text} {doc.title}", subject=doc.kind_label,
                     author=doc.org_name, created=doc.printed_at, decorate=_draft_mark if doc.draft else None)


# -- 电话报告要点 ---------------------------------------------------------------------------------------

@dataclass
class PhoneCard:
    number: str
    title: str
    grade_line: str
    flag_lines: list[str]
    recipient: str
    recipient_phone: str
    due_text: str
    lines: list[tuple[str, str]]
    measures: str
    requests: str
    officer: str
    duty_phone: str
    printed_at: datetime
    extra: list[tuple[str, str]] = field(default_factory=list)


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _phone_report_state(store: Store, incident_id: int) -> str:
    """What the card says about the phone report: its deadline while open, when it was made once made, the
    waiver once waived; "" when the rules set it no deadline."""
    rows = store.rows("SELECT status, due_at, label, met_at, met_by_name, ended_reason FROM incident_obligation"
                      " WHERE incident_id = ? AND step = 'phone_report' AND status <> 'superseded' ORDER BY due_at",
                      (incident_id,))
    open_rows = [r for r in rows if r["status"] == "open"]
    if open_rows:
        moment = parse_iso(open_rows[0]["due_at"])
        return f"{moment.month}月{moment.day}日{moment:%H:%M}前（{open_rows[0]['label']}）"
    met = [r for r in rows if r["status"] == "met"]
    if met:
        moment = parse_iso(met[-1]["met_at"])
        who = f"，{met[-1]['met_by_name']}" if met[-1]["met_by_name"] else ""
        return f"已于{moment.month}月{moment.day}日{moment:%H:%M}完成（{met[-1]['label']}{who}）"
    waived = [r for r in rows if r["status"] == "waived"]
    if waived:
        return f"已免报（{waived[-1]['ended_reason']}）"
    return ""


def phone_card(store: Store, incident_id: int, officer_name: str, printed_at: datetime) -> PhoneCard:
    incident = intake.get_incident(store, incident_id)
    facts = intake.facts_of(incident)
    grading = intake.grading_of(incident)
    form = intake.intake_form()
    upper = str(settings.get(store, "incidents.upper_unit"))
    phone_row = store.row("SELECT duty_phone FROM org_unit WHERE name = ? AND voided_at IS NULL", (upper,))
    due_text = _phone_report_state(store, incident_id)
    grade = GRADE_LABELS[incident["grade"]]
    reasons = "；".join(r if not r.endswith("均未达到较大标准 → 一般") else "未达到较大标准"
                       for r in grading.get("reasons", []))
    if incident["grade_override_reason"]:
        reasons = f"经研判认定：{incident['grade_override_reason']}"
    lines = [(line.label, line.text) for line in forms.card_lines(form, facts)]
    lines.insert(0, ("事件概况", _short(str(facts.get("description") or ""), 160)))
    return PhoneCard(
        number=intake.incident_number(incident["year"], incident["serial"]), title=incident["title"],
        grade_line=f"{grade}（{reasons}）" + (f"；按{GRADE_LABELS[incident['level']]}事件报送"
                                              if incident["level"] != incident["grade"] else ""),
        flag_lines=list(grading.get("flag_reasons", [])),
        recipient=upper, recipient_phone=phone_row[0] if phone_row and phone_row[0] else "", due_text=due_text,
        lines=[(label, text) for label, text in lines if text], measures=_short(str(facts.get("measures") or ""), 160),
        requests=_short(str(facts.get("requests") or ""), 100), officer=officer_name,
        duty_phone=str(settings.get(store, "duty.phone")), printed_at=printed_at)


def render_phone_card(card: PhoneCard) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame

    from dutyroom.printing.page import (
        PORTRAIT,
        SIZE_3,
        SIZE_4,
        build_pdf,
        derive,
        make_styles,
        para,
        spacer,
        table,
    )

    styles = make_styles()
    big = ParagraphStyle("card", parent=styles.body_left, fontSize=SIZE_3, leading=SIZE_3 * 1.35)
    big.font_role = "body"
    label = ParagraphStyle("cardLabel", parent=styles.table_header, fontSize=SIZE_4, leading=SIZE_4 * 1.4,
                           alignment=0)
    label.font_role = "table_header"
    small = ParagraphStyle("cardSmall", parent=styles.note, fontSize=12, leading=18)
    small.font_role = "body"
    width = PORTRAIT.text_width
    who = f"{card.recipient}" + (f"（电话 {card.recipient_phone}）" if card.recipient_phone else "")
    top = [[para("报告对象", label), para(who, big)],
           [para("报告时限", label), para(card.due_text or "未列入电话报告时限，按需报告", big)],
           [para("事件等级", label), para(card.grade_line, big)]]
    if card.flag_lines:
        top.append([para("研判标记", label), para("；".join(card.flag_lines), big)])
    rows = top + [[para(k, label), para(v, big)] for k, v in card.lines]
    if card.measures:
        rows.append([para("已采取措施", label), para(card.measures, big)])
    if card.requests:
        rows.append([para("请求事项", label), para(card.requests, big)])
    grid = table(rows, [30 * mm, width - 30 * mm], [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEEEEE")),
        ("BACKGROUND", (1, 1), (1, 1), colors.HexColor("#FFF3CD")),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)])
    record = table([[para("实际报告时间：", small), para("对方接听人：", small), para("报告人签名：", small)]],
                   [width / 3] * 3, [("LINEABOVE", (0, 0), (-1, 0), 0.6, colors.black),
                                     ("TOPPADDING", (0, 0), (-1, -1), 6)])
    story = [
        para("电话报告要点", styles.title),
        para(f"接报编号 {card.number}　　{card.title}", derive(small, "cardTitle", alignment=1, balanced=True)),
        spacer(3), grid, spacer(4),
        para(f"报告人：{card.officer}　　本单位值班电话：{card.duty_phone}　　"
             f"打印：{card.printed_at:%Y-%m-%d %H:%M}", small),
        spacer(6), record,
    ]
    # One card, always one page: a long account shrinks to fit rather than spilling onto a second sheet.
    card_frame = KeepInFrame(width, PORTRAIT.text_height, story, mode="shrink")
    return build_pdf([card_frame], title=f"电话报告要点 {card.number}", subject="电话报告要点",
                     created=card.printed_at, page_numbers=False)


# -- 灾情报告 ------------------------------------------------------------------------------------------

def render_disaster_report(store: Store, report_id: int, printed_at: datetime) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    from dutyroom.incidents import disaster
    from dutyroom.printing.page import LANDSCAPE, build_pdf, make_styles, para, signature_block, spacer, table

    report = reports.get_report(store, report_id)
    if report["form"] != "disaster":
        raise ValidationError("这是信息专报，请用“信息专报”打印。")
    view = disaster.view(store, report)
    header = {f.key: f for f in disaster.header_fields()}
    measures = disaster.indicators()
    styles = make_styles(table_size=10.5)
    small = ParagraphStyle("dsmall", parent=styles.table_cell_centre, fontSize=9, leading=11)
    small.font_role = "table"
    head = [para("乡镇（街道）", styles.table_header)] + [
        para(f"{m.short or m.label}（{m.unit}）", ParagraphStyle(f"h{m.key}", parent=styles.table_header, fontSize=9,
                                                              leading=11))
        for m in measures]

    def cells(values: dict[str, Any] | None, style: Any = styles.table_cell_centre) -> list[Any]:
        return [para(forms.decimal_text((values or {}).get(m.key) or 0, m.decimals), style) for m in measures]

    rows = [head]
    for town in view.townships:
        figures = view.figures.get(str(town["id"]))
        if figures:
            rows.append([para(town["name"], styles.table_cell)] + cells(figures))
    rows.append([para("合计", styles.table_header)] + cells(view.totals))
    if view.previous_totals is not None:
        rows.append([para(f"上次报告（{view.previous_label}）", small)] + cells(view.previous_totals, small))
        delta = {k: view.totals[k] - view.previous_totals.get(k, 0) for k in view.totals}
        rows.append([para("增减", small)] + [
            para(("+" if delta[m.key] > 0 else "") + forms.decimal_text(delta[m.key], m.decimals)
                 if delta[m.key] else "—", small) for m in measures])
    first_width = 34 * mm
    widths = [first_width] + [(LANDSCAPE.text_width - first_width) / len(measures)] * len(measures)
    total_row = len(view.townships and rows) - (3 if view.previous_totals is not None else 1)
    grid = table(rows, widths, [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
        ("BACKGROUND", (0, total_row), (-1, total_row), colors.HexColor("#F2F2F2")),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)], repeat_rows=1)
    fields = view.fields
    info = "　　".join(f"{header[k].label}：{forms.display(header[k], fields.get(k))}"
                      for k in ("hazard", "process_start", "cut_off_at") if fields.get(k))
    issue = f"第{report['issue_no']}期　" if report["issue_no"] else "（草稿，未签发）　"
    story: list[Any] = [para(report["title"], styles.title),
                        para(f"{issue}{info}", ParagraphStyle("dinfo", parent=styles.note, alignment=1)), spacer(2),
                        grid, spacer(3)]
    if fields.get("summary"):
        story.append(para("灾情文字说明：" + str(fields["summary"]), styles.note))
    for jump in view.jumps:
        text = view.explanations.get(jump.key, "（未说明）")
        story.append(para(f"变化说明：{jump.text}。{text}", styles.note))
    signer = report["signed_by_name"] or "（待签发）"
    org = str(settings.get(store, "org.name"))
    day = parse_iso(report["signed_at"]).date() if report["signed_at"] else printed_at.date()
    story += [para(f"签发人：{signer}　　填报人：{report['drafted_by_name']}", styles.note), spacer(2),
              signature_block(org, chinese_date(day), styles)]
    return build_pdf(story, landscape=True, title=report["title"], subject="灾情报告", author=org, created=printed_at,
                     decorate=None if report["signed_at"] else _draft_mark)


def render_report(store: Store, report_id: int, printed_at: datetime) -> bytes:
    """Either kind of report as PDF."""
    report = reports.get_report(store, report_id)
    if report["form"] == "disaster":
        return render_disaster_report(store, report_id, printed_at)
    return render_special_report(special_report_doc(store, report_id, printed_at))
