"""值班日报 / 零报告 as an official page (PDF) and as a Word document (.docx) the office can edit further.

Both come from the same ``ReportDoc``: title, the reporting organisation and date, the period, the
edited body (headings 一、 in 黑体, paragraphs in 仿宋 with a two-character indent), the duty staff and
the 报送 line.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from dutyroom import settings
from dutyroom.clock import chinese_date
from dutyroom.dutylog.report import ReportDraft, body_blocks
from dutyroom.store import Store


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

    @property
    def date_text(self) -> str:
        return chinese_date(self.printed_at.date())


def report_doc(store: Store, report: ReportDraft, printed_at: datetime) -> ReportDoc:
    return ReportDoc(report.title, settings.get(store, "org.name"), report.period, report.body, report.staff,
                     settings.get(store, "report.send_to"), printed_at, draft=report.saved is None)


def render_report_pdf(doc: ReportDoc) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import HRFlowable

    from dutyroom.printing.page import NO_PADDING, PORTRAIT, build_pdf, make_styles, para, spacer, table

    styles = make_styles()
    red_title = ParagraphStyle("report_title", parent=styles.title, textColor=colors.HexColor("#C00000"))
    red_title.font_role = "title"
    period = ParagraphStyle("period", parent=styles.body_left, alignment=TA_CENTER)
    period.font_role = "subheading"
    right = ParagraphStyle("right", parent=styles.body_left, alignment=TA_RIGHT)
    right.font_role = "body"
    width = PORTRAIT.text_width
    story: list = [para(doc.title, red_title)]
    story.append(table([[para(doc.org_name, styles.body_left), para(doc.date_text, right)]],
                       [width / 2, width / 2], [*NO_PADDING, ("ALIGN", (1, 0), (1, 0), "RIGHT")]))
    story.append(HRFlowable(width="100%", thickness=1.2, color=colors.HexColor("#C00000"), spaceBefore=2,
                            spaceAfter=6))
    story.append(para(f"（{doc.period}）", period))
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


def render_report_docx(doc: ReportDoc) -> bytes:
    """A .docx with the same content; A4 with GB/T 9704 margins, 仿宋/黑体 by name (Word substitutes if absent)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)

    def run_font(run, face: str, size: float, bold: bool = False, color: RGBColor | None = None) -> None:  # noqa: ANN001
        run.font.name = face
        run.font.size = Pt(size)
        run.font.bold = bold
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)
        if color is not None:
            run.font.color.rgb = color

    def paragraph(text: str, face: str, size: float, *, align=None, indent: bool = False,  # noqa: ANN001
                  color: RGBColor | None = None) -> None:
        made = document.add_paragraph()
        if align is not None:
            made.alignment = align
        if indent:
            made.paragraph_format.first_line_indent = Pt(size * 2)
        made.paragraph_format.space_after = Pt(0)
        made.paragraph_format.line_spacing = Pt(28.95)
        run_font(made.add_run(text), face, size, color=color)

    paragraph(doc.title, "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, color=RGBColor(0xC0, 0, 0))
    paragraph(f"{doc.org_name}\t\t\t{doc.date_text}", "仿宋_GB2312", 16)
    paragraph(f"（{doc.period}）", "楷体_GB2312", 16, align=WD_ALIGN_PARAGRAPH.CENTER)
    faces = {"heading": "黑体", "subheading": "楷体_GB2312", "body": "仿宋_GB2312"}
    for style, text in body_blocks(doc.body):
        paragraph(text, faces[style], 16, indent=True)
    if doc.staff:
        paragraph("　".join(doc.staff), "仿宋_GB2312", 16)
    if doc.send_to:
        paragraph(f"报送：{doc.send_to}", "仿宋_GB2312", 16)
    paragraph(f"{doc.org_name}　　{doc.date_text}印发", "仿宋_GB2312", 14)
    core = document.core_properties
    core.title, core.author, core.subject = doc.title, doc.org_name, "值班日报"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
