"""The Word side of the print base: a .docx on the GB/T 9704 page with the PDFs' faces, page numbers and
Chinese line breaking.

- Geometry: A4, margins 37/28/35/26 mm; page numbers "— n —" in 宋体 四号 7 mm below the text block, odd pages
  right and even pages left (PAGE fields in the odd and even footers).
- Faces: named by the font registry's ``docx_font`` — the same choice as the PDF (仿宋_GB2312 where the PC has
  it, else 仿宋, …), set as East Asian faces so Word applies them to hanzi.
- Line breaking: Word applies 禁则 itself when asked. Every paragraph inherits from Normal: kinsoku on, no
  punctuation hanging past the text block (overflowPunct off), no extra space between hanzi and Latin letters or
  digits (autoSpaceDE/DN off, like the PDF); the document compresses punctuation and names the characters that
  may not start or end a line — the very sets ``printing.linebreak`` uses.
"""

from __future__ import annotations

import io
from typing import Any

from dutyroom.printing.fonts import FontRegistry, registry
from dutyroom.printing.linebreak import NO_LINE_END, NO_LINE_START
from dutyroom.printing.page import BODY_LEADING, PAGE_NUMBER_GAP, PORTRAIT, SIZE_3, SIZE_4, page_number_text

POINTS_PER_MM = 72 / 25.4
# CT_PPrBase and CT_Settings children must come in schema order; these are the ones written here, in order.
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
             "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
             "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
             "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
SETTINGS_ORDER = ("defaultTabStop", "autoHyphenation", "evenAndOddHeaders", "noPunctuationKerning",
                  "characterSpacingControl", "printTwoOnOne", "strictFirstAndLastChars", "noLineBreaksAfter",
                  "noLineBreaksBefore", "savePreviewPicture", "compat", "rsids", "mathPr", "themeFontLang")
# Only full-width marks: Word's own rules already cover Latin punctuation.
CANNOT_START = "".join(sorted(c for c in NO_LINE_START if ord(c) > 0x2000))
CANNOT_END = "".join(sorted(c for c in NO_LINE_END if ord(c) > 0x2000))


def mm_length(value_pt: float) -> Any:
    from docx.shared import Mm

    return Mm(value_pt / POINTS_PER_MM)


def _set_ordered(parent: Any, tag: str, order: tuple[str, ...], **attributes: str) -> Any:
    """Put ``w:tag`` (replacing one already there) where the schema wants it among ``parent``'s children."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    element = OxmlElement(f"w:{tag}")
    for name, value in attributes.items():
        element.set(qn(f"w:{name}"), value)
    later = set(order[order.index(tag) + 1:])
    for index, child in enumerate(parent):
        if child.tag.split("}")[-1] in later:
            parent.insert(index, element)
            return element
    parent.append(element)
    return element


_BLANKS: dict[int, tuple[FontRegistry, bytes]] = {}


def new_document(fonts: FontRegistry | None = None, *, title: str = "", author: str = "", subject: str = "") -> Any:
    """An empty document on the GB/T 9704 page. Made once per font registry and reopened from its bytes after:
    building the footers and settings costs more than the whole text of a report."""
    from docx import Document

    fonts = fonts or registry()
    cached = _BLANKS.get(id(fonts))
    if cached is None or cached[0] is not fonts:
        cached = _BLANKS[id(fonts)] = (fonts, to_bytes(_blank_document(fonts)))
    document = Document(io.BytesIO(cached[1]))
    core = document.core_properties
    core.title, core.author, core.subject = title, author, subject
    return document


def _blank_document(fonts: FontRegistry) -> Any:
    from docx import Document
    from docx.oxml.ns import qn

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = mm_length(PORTRAIT.width), mm_length(PORTRAIT.height)
    section.top_margin, section.bottom_margin = mm_length(PORTRAIT.top), mm_length(PORTRAIT.bottom)
    section.left_margin, section.right_margin = mm_length(PORTRAIT.left), mm_length(PORTRAIT.right)
    # The top of the page number's line sits 7 mm below the text block (GB/T 9704 §7.5).
    section.footer_distance = mm_length(PORTRAIT.bottom - PAGE_NUMBER_GAP - SIZE_4)
    document.settings.odd_and_even_pages_header_footer = True
    page_number(section.footer, "right", fonts)
    page_number(section.even_page_footer, "left", fonts)
    normal = document.styles["Normal"]
    normal.font.name = fonts.docx_font("body")
    normal.font.size = points(SIZE_3)
    r_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), fonts.docx_font("body"))
    language = normal.element.get_or_add_rPr().find(qn("w:lang"))
    if language is None:
        from docx.oxml import OxmlElement

        language = OxmlElement("w:lang")
        normal.element.get_or_add_rPr().append(language)
    language.set(qn("w:eastAsia"), "zh-CN")
    p_pr = normal.element.get_or_add_pPr()
    _set_ordered(p_pr, "kinsoku", PPR_ORDER, val="1")
    _set_ordered(p_pr, "overflowPunct", PPR_ORDER, val="0")
    _set_ordered(p_pr, "topLinePunct", PPR_ORDER, val="1")
    _set_ordered(p_pr, "autoSpaceDE", PPR_ORDER, val="0")
    _set_ordered(p_pr, "autoSpaceDN", PPR_ORDER, val="0")
    settings = document.settings.element
    _set_ordered(settings, "characterSpacingControl", SETTINGS_ORDER, val="compressPunctuation")
    _set_ordered(settings, "noLineBreaksAfter", SETTINGS_ORDER, lang="zh-CN", val=CANNOT_END)
    _set_ordered(settings, "noLineBreaksBefore", SETTINGS_ORDER, lang="zh-CN", val=CANNOT_START)
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:eastAsia"), "zh-CN")
    return document


def points(value: float) -> Any:
    from docx.shared import Pt

    return Pt(value)


def set_font(run: Any, role: str, size: float, fonts: FontRegistry | None = None, *, color: str | None = None,
             bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import RGBColor

    name = (fonts or registry()).docx_font(role)
    r_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        r_fonts.set(qn(attribute), name)
    run.font.size = points(size)
    if bold:
        run.font.bold = True
    if color:
        run.font.color.rgb = RGBColor.from_string(color.lstrip("#"))


def paragraph(document: Any, text: str, role: str, size: float, *, align: str = "justify", indent: bool = False,
              exact: float | None = BODY_LEADING, color: str | None = None, before: float = 0, after: float = 0,
              keep_next: bool = False, fonts: FontRegistry | None = None) -> Any:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

    made = document.add_paragraph()
    fmt = made.paragraph_format
    fmt.alignment = {"justify": WD_ALIGN_PARAGRAPH.JUSTIFY, "center": WD_ALIGN_PARAGRAPH.CENTER,
                     "left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = points(exact)
    fmt.space_before, fmt.space_after = points(before), points(after)
    fmt.keep_with_next = keep_next or None
    fmt.widow_control = True
    if indent:
        fmt.first_line_indent = points(2 * size)
    if text:
        set_font(made.add_run(text), role, size, fonts, color=color)
    return made


def border(made: Any, edge: str, size_eighths: int, color: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p_pr = made._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = _set_ordered(p_pr, "pBdr", PPR_ORDER)
    line = OxmlElement(f"w:{edge}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size_eighths))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color.lstrip("#"))
    borders.append(line)


def page_number(footer: Any, align: str, fonts: FontRegistry | None = None) -> None:
    """"— PAGE —" in 宋体 四号, one character in from the side of the text block."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    made = footer.paragraphs[0]
    fmt = made.paragraph_format
    if align == "right":
        fmt.alignment, fmt.right_indent = WD_ALIGN_PARAGRAPH.RIGHT, points(SIZE_4)
    else:
        fmt.alignment, fmt.left_indent = WD_ALIGN_PARAGRAPH.LEFT, points(SIZE_4)
    dash_before, dash_after = page_number_text(0).split("0")
    set_font(made.add_run(dash_before), "page_number", SIZE_4, fonts)
    run = made.add_run()
    set_font(run, "page_number", SIZE_4, fonts)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)
    set_font(made.add_run(dash_after), "page_number", SIZE_4, fonts)


def two_sides(document: Any, left: str, right: str, role: str = "body", size: float = SIZE_3,
              fonts: FontRegistry | None = None) -> Any:
    """One line with text flush left and flush right (a right-aligned tab stop at the text edge)."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    made = paragraph(document, "", role, size, align="left", fonts=fonts)
    made.paragraph_format.tab_stops.add_tab_stop(mm_length(PORTRAIT.text_width), WD_TAB_ALIGNMENT.RIGHT)
    set_font(made.add_run(f"{left}\t{right}"), role, size, fonts)
    return made


def signature(document: Any, org_name: str, day_text: str, fonts: FontRegistry | None = None) -> None:
    """署名 and 成文日期 four characters in from the right, kept on one page with the text above."""
    for text in (org_name, day_text):
        made = paragraph(document, text, "body", SIZE_3, align="right", fonts=fonts, keep_next=text == org_name)
        made.paragraph_format.right_indent = points(4 * SIZE_3)


def to_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
