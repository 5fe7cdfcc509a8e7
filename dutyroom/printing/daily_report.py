"""值班日报 / 零报告 as an official page (PDF) and as a Word document (.docx) the office can edit further.

Both come from the same ``ReportDoc``: title, the reporting organisation and date, the period, the
edited body (headings 一、 in 黑体, paragraphs in 仿宋 with a two-character indent), the duty staff and
the 报送 line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dutyroom import settings
from dutyroom.audit import anchors
from dutyroom.clock import chinese_date
from dutyroom.dutylog.report import ReportDraft, body_blocks
from dutyroom.printing.fonts import FontRegistry
from dutyroom.printing.page import SIZE_2, SIZE_3, SIZE_4, SIZE_5
from dutyroom.store import Store

REPORT_RED = "#C00000"


@dataclass
class ReportDoc:
    title: str
    org_name: str
    period: str
    body: str
    staff: list[str]
    send_to: str
    printed_at: datetime
    draft: bool = False
    anchor: str = ""            # 审计校验：第N条 … (the last save's audit row; an unsaved draft: the chain's head)

    @property
    def date_text(self) -> str:
        return chinese_date(self.printed_at.date())


def report_doc(store: Store, report: ReportDraft, printed_at: datetime) -> ReportDoc:
    return ReportDoc(report.title, settings.get(store, "org.name"), report.period, report.body, report.staff,
                     settings.get(store, "report.send_to"), printed_at, draft=report.saved is None,
                     anchor=anchors.daily_report_line(store, report.saved))


def render_report_pdf(doc: ReportDoc, anchor: str | None = None) -> bytes:
    """The report on GB/T 9704 pages; the audit chain position (``anchor``, by default the document's own,
    "审计校验：第N条 …") prints under the period."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import HRFlowable

    from dutyroom.printing.page import (
        NO_PADDING,
        PORTRAIT,
        build_pdf,
        derive,
        make_styles,
        para,
        spacer,
        table,
    )

    styles = make_styles()
    red_title = derive(styles.title, "report_title", textColor=colors.HexColor(REPORT_RED))
    period = ParagraphStyle("period", parent=styles.body_left, alignment=TA_CENTER)
    period.font_role = "subheading"
    right = ParagraphStyle("right", parent=styles.body_left, alignment=TA_RIGHT)
    right.font_role = "body"
    width = PORTRAIT.text_width
    story: list = [para(doc.title, red_title)]
    story.append(table([[para(doc.org_name, styles.body_left), para(doc.date_text, right)]],
                       [width / 2, width / 2], [*NO_PADDING, ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    story.append(HRFlowable(width="100%", thickness=1.2, color=colors.HexColor(REPORT_RED), spaceBefore=2,
                            spaceAfter=6))
    story.append(para(f"（{doc.period}）", period))
    anchor = doc.anchor if anchor is None else anchor
    if anchor:
        story.append(para(anchor, derive(styles.table_note, "anchor", alignment=TA_CENTER)))
    for style, text in body_blocks(doc.body):
        story.append(para(text, getattr(styles, style)))
    story.append(spacer(6))
    if doc.staff:
        story.append(para("　".join(doc.staff), styles.body_left))
    if doc.send_to:
        story.append(para(f"报送：{doc.send_to}", styles.body_left))
    story.append(HRFlowable(width="100%", thickness=0.8, color=colors.black, spaceBefore=4, spaceAfter=2))
    story.append(para(f"{doc.org_name}　　{doc.date_text}印发", styles.note))
    return build_pdf(story, title=doc.title, subject="值班日报", author=doc.org_name, created=doc.printed_at)


def render_report_docx(doc: ReportDoc, anchor: str | None = None, fonts: FontRegistry | None = None) -> bytes:
    """The same content as a .docx on the print base's Word page: GB/T 9704 geometry, page numbers "— n —",
    the faces the PDF uses (named as the registry chooses them), Chinese line breaking."""
    from dutyroom.printing.docx_base import new_document, paragraph, to_bytes, two_sides

    document = new_document(fonts, title=doc.title, author=doc.org_name, subject="值班日报")
    paragraph(document, doc.title, "title", SIZE_2, align="center", exact=SIZE_2 * 1.45, color=REPORT_RED, fonts=fonts)
    two_sides(document, doc.org_name, doc.date_text, fonts=fonts)
    paragraph(document, f"（{doc.period}）", "subheading", SIZE_3, align="center", fonts=fonts)
    anchor = doc.anchor if anchor is None else anchor
    if anchor:
        paragraph(document, anchor, "body", SIZE_5, align="center", exact=None, fonts=fonts)
    for style, text in body_blocks(doc.body):
        paragraph(document, text, style, SIZE_3, indent=True, keep_next=style != "body", fonts=fonts)
    if doc.staff:
        paragraph(document, "　".join(doc.staff), "body", SIZE_3, align="left", fonts=fonts)
    if doc.send_to:
        paragraph(document, f"报送：{doc.send_to}", "body", SIZE_3, align="left", fonts=fonts)
    paragraph(document, f"{doc.org_name}　　{doc.date_text}印发", "body", SIZE_4, align="left", fonts=fonts)
    return to_bytes(document)
