"""突发事件信息专报 as .docx for editing in Word/WPS: the PDF's content and GB/T 9704 geometry, fonts by name.

Built from the same ``SpecialReportDoc`` as the PDF. Fonts are named the way the duty-room PC has them
(仿宋, 黑体, 楷体, 宋体, 方正小标宋简体), set as East Asian fonts so Word applies them to hanzi.
Page numbers are PAGE fields between one-character dashes, odd pages right, even pages left.
"""

from __future__ import annotations

import io
from typing import Any

from dutyroom.clock import chinese_date
from dutyroom.printing.incident_report import RED, SpecialReportDoc
from dutyroom.printing.page import BODY_LEADING, PORTRAIT, SIZE_2, SIZE_3, SIZE_4

# The faces GB/T 9704 asks for, by the names Word knows them (a role → font name map like the registry's).
DOCX_FONTS: dict[str, str] = {
    "title": "方正小标宋简体", "heading": "黑体", "subheading": "楷体", "body": "仿宋", "page_number": "宋体",
}
MASTHEAD_SIZE = 34.0
POINTS_PER_MM = 72 / 25.4


def _mm(value_pt: float) -> Any:
    from docx.shared import Mm

    return Mm(value_pt / POINTS_PER_MM)


def _font(run: Any, role: str, size: float, *, color: str | None = None, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    name = DOCX_FONTS[role]
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)
    if color:
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))


def _paragraph(document: Any, text: str, role: str, size: float, *, align: str = "justify", indent: bool = False,
               exact: float | None = BODY_LEADING, color: str | None = None, before: float = 0,
               after: float = 0) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                     "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(exact)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    if text:
        _font(paragraph.add_run(text), role, size, color=color)
    return paragraph


def _border(paragraph: Any, edge: str, size_eighths: int, color: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color.lstrip("#"))
    borders.append(line)


def _page_number(footer: Any, align: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = footer.paragraphs[0]
    _paragraph_format(paragraph, align)
    _font(paragraph.add_run("— "), "page_number", SIZE_4)
    run = paragraph.add_run()
    _font(run, "page_number", SIZE_4)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    _font(paragraph.add_run(" —"), "page_number", SIZE_4)


def _paragraph_format(paragraph: Any, align: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    if align == "right":
        fmt.alignment, fmt.right_indent = WD_ALIGN_PARAGRAPH.RIGHT, Pt(SIZE_4)
    else:
        fmt.alignment, fmt.left_indent = WD_ALIGN_PARAGRAPH.LEFT, Pt(SIZE_4)


def _two_sides(document: Any, left: str, right: str) -> None:
    """One line with text flush left and flush right (a right-aligned tab stop at the text edge)."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    paragraph = _paragraph(document, "", "body", SIZE_3, align="left")
    paragraph.paragraph_format.tab_stops.add_tab_stop(_mm(PORTRAIT.text_width), WD_TAB_ALIGNMENT.RIGHT)
    _font(paragraph.add_run(f"{left}\t{right}"), "body", SIZE_3)


def render_special_report_docx(doc: SpecialReportDoc) -> bytes:
    from docx import Document

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = _mm(PORTRAIT.width), _mm(PORTRAIT.height)
    section.top_margin, section.bottom_margin = _mm(PORTRAIT.top), _mm(PORTRAIT.bottom)
    section.left_margin, section.right_margin = _mm(PORTRAIT.left), _mm(PORTRAIT.right)
    # The page number's dash line sits 7 mm below the text block (GB/T 9704 §7.5).
    section.footer_distance = _mm(PORTRAIT.bottom - 7 * POINTS_PER_MM - SIZE_4)
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, "right")
    _page_number(section.even_page_footer, "left")
    normal = document.styles["Normal"]
    normal.font.name = DOCX_FONTS["body"]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", DOCX_FONTS["body"])
    document.core_properties.title = f"{doc.masthead} {doc.issue_text} {doc.title}"
    document.core_properties.author = doc.org_name
    document.core_properties.subject = doc.kind_label

    if doc.draft:
        _paragraph(document, "草稿　未签发", "heading", SIZE_4, align="right", exact=None, color="#999999")
    _paragraph(document, doc.masthead, "title", MASTHEAD_SIZE, align="center", exact=None, color=RED)
    _paragraph(document, f"{doc.issue_text}（{doc.kind_label}）", "body", SIZE_3, align="center")
    _two_sides(document, doc.org_name, f"签发人：{doc.signer}" if doc.signer else "签发人：（待签发）")
    rule = _paragraph(document, "", "body", 4, exact=None, after=2 * BODY_LEADING)
    _border(rule, "bottom", 16, RED)
    _paragraph(document, doc.title, "title", SIZE_2, align="center", exact=SIZE_2 * 1.45, after=SIZE_3)
    if doc.corrects:
        _paragraph(document, f"（{doc.corrects}）", "body", SIZE_3, align="center")
    if doc.addressee:
        _paragraph(document, f"{doc.addressee}：", "body", SIZE_3, align="left")
    for heading, paragraphs in doc.numbered_sections:
        if heading:
            _paragraph(document, heading, "heading", SIZE_3, indent=True)
        for text in paragraphs:
            _paragraph(document, text, "body", SIZE_3, indent=True)
    _paragraph(document, "", "body", SIZE_3)
    _paragraph(document, doc.org_name, "body", SIZE_3, align="right").paragraph_format.right_indent = _mm(4 * SIZE_3)
    date_line = _paragraph(document, chinese_date(doc.day), "body", SIZE_3, align="right")
    date_line.paragraph_format.right_indent = _mm(4 * SIZE_3)
    _paragraph(document, "", "body", SIZE_3)
    sent = _paragraph(document, f"报送：{doc.sent_to}。", "body", SIZE_4, align="left", exact=SIZE_4 * 1.6)
    _border(sent, "top", 8, "#000000")
    _border(sent, "bottom", 4, "#000000")
    contact = _paragraph(document, doc.contact, "body", SIZE_4, align="left", exact=SIZE_4 * 1.6)
    _border(contact, "bottom", 8, "#000000")
    for paragraph in (sent, contact):
        paragraph.paragraph_format.left_indent = _mm(SIZE_4)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
