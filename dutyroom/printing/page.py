"""The GB/T 9704-2012 page: A4, margins 37/28/35/26 mm, "— n —" page numbers, official type sizes.

Renderers build a list of flowables from plain data and call ``build_pdf``; the result is PDF bytes.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Spacer

from dutyroom import __version__
from dutyroom.printing.flow import BASELINE_FROM_EM_FOOT, KeepTail, KeepWithNext, TextBlock
from dutyroom.printing.fonts import FontRegistry, registry

# Chinese type sizes (字号) in points.
SIZE_2 = 22.0      # 二号: document title
SIZE_3 = 16.0      # 三号: body
SIZE_4 = 14.0      # 四号: page numbers
SIZE_SMALL_4 = 12.0  # 小四: tables
SIZE_5 = 10.5      # 五号: notes in tables
SIZE_SMALL_5 = 9.0   # 小五: a table that must stay on one page (a 重要时段 week)


@dataclass(frozen=True)
class PageGeometry:
    width: float
    height: float
    top: float
    left: float
    bottom: float
    right: float

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right

    @property
    def text_height(self) -> float:
        return self.height - self.top - self.bottom


# GB/T 9704 §5.2.1: 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm.
PORTRAIT = PageGeometry(210 * mm, 297 * mm, top=37 * mm, left=28 * mm, bottom=35 * mm, right=26 * mm)
# Landscape tables keep the margins rotated a quarter turn: the binding edge (28 mm) becomes the top, so the
# page still files with portrait pages. The foot is 1 mm deeper than the rotated 26 mm (a text block of
# 225 × 155 mm) so that the page number keeps its 7 mm below the text block and still stays 15 mm from the edge.
LANDSCAPE = PageGeometry(297 * mm, 210 * mm, top=28 * mm, left=35 * mm, bottom=27 * mm, right=37 * mm)

BODY_LEADING = PORTRAIT.text_height / 22   # 22 lines per page
PAGE_NUMBER_GAP = 7 * mm                   # number sits 7 mm below the text block
NO_PADDING = (("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
              ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0))


def page_number_text(number: int) -> str:
    return f"— {number} —"


@dataclass
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    body_left: ParagraphStyle
    signature: ParagraphStyle
    table_header: ParagraphStyle
    table_cell: ParagraphStyle
    table_cell_centre: ParagraphStyle
    table_note: ParagraphStyle
    note: ParagraphStyle


def make_styles(fonts: FontRegistry | None = None, *, table_size: float = SIZE_SMALL_4) -> Styles:
    fonts = fonts or registry()

    def style(name: str, role: str, size: float, leading: float, *, cell: bool = False, **extra: Any) -> ParagraphStyle:
        balanced = extra.pop("balanced", False)
        made = ParagraphStyle(name, fontName=fonts.pdf_font(role), fontSize=size, leading=leading, **extra)
        made.balanced = balanced  # titles: broken between words into even lines
        made.font_role = role   # which registry role draws it (with per-glyph fallback)
        made.keep_terms = cell  # table cells: no 2–4 character term split across lines
        return made

    return Styles(
        title=style("title", "title", SIZE_2, SIZE_2 * 1.45, alignment=TA_CENTER, spaceAfter=6, balanced=True),
        subtitle=style("subtitle", "subheading", SIZE_3, BODY_LEADING, alignment=TA_CENTER, spaceAfter=8),
        heading=style("heading", "heading", SIZE_3, BODY_LEADING, firstLineIndent=2 * SIZE_3, keepWithNext=1),
        subheading=style("subheading", "subheading", SIZE_3, BODY_LEADING, firstLineIndent=2 * SIZE_3,
                         keepWithNext=1),
        body=style("body", "body", SIZE_3, BODY_LEADING, alignment=TA_JUSTIFY, firstLineIndent=2 * SIZE_3),
        body_left=style("body_left", "body", SIZE_3, BODY_LEADING, alignment=TA_LEFT),
        signature=style("signature", "body", SIZE_3, BODY_LEADING, alignment=TA_RIGHT, rightIndent=4 * SIZE_3),
        table_header=style("table_header", "table_header", table_size, table_size * 1.3, cell=True,
                           alignment=TA_CENTER),
        table_cell=style("table_cell", "table", table_size, table_size * 1.3, cell=True, alignment=TA_LEFT),
        table_cell_centre=style("table_cell_centre", "table", table_size, table_size * 1.3, cell=True,
                                alignment=TA_CENTER),
        table_note=style("table_note", "table", SIZE_5, SIZE_5 * 1.3, cell=True, alignment=TA_LEFT),
        note=style("note", "body", SIZE_SMALL_4, SIZE_SMALL_4 * 1.6, alignment=TA_LEFT),
    )


def derive(style: ParagraphStyle, name: str, **changes: Any) -> ParagraphStyle:
    """A style like ``style`` with some attributes changed; it keeps the face role and the table-cell rules."""
    role = changes.pop("font_role", None) or getattr(style, "font_role", "body")
    keep_terms = changes.pop("keep_terms", getattr(style, "keep_terms", False))
    balanced = changes.pop("balanced", getattr(style, "balanced", False))
    made = ParagraphStyle(name, parent=style, **changes)
    made.font_role, made.keep_terms, made.balanced = role, keep_terms, balanced
    return made


def para(text: str, style: ParagraphStyle, fonts: FontRegistry | None = None) -> TextBlock:
    """Plain text set with the Chinese line-breaking rules (``printing.linebreak``); newlines start new lines."""
    return TextBlock(text, style, fonts)


def keep_tail(last: Any, *tail: Any) -> KeepTail:
    """``tail`` (a signature block, 签名 lines) never goes to a page without the last lines of ``last``."""
    return KeepTail(last, list(tail))


def draw_page_number(canvas: Any, geometry: PageGeometry, number: int, fonts: FontRegistry | None = None) -> None:
    """4号 number 7 mm below the text block (the top of its em box): odd pages right, even pages left, one
    character in."""
    fonts = fonts or registry()
    text = page_number_text(number)
    baseline = geometry.bottom - PAGE_NUMBER_GAP - SIZE_4 * (1 - BASELINE_FROM_EM_FOOT)
    if number % 2:
        fonts.draw_string(canvas, geometry.width - geometry.right - SIZE_4, baseline, text, "page_number", SIZE_4,
                          align="right")
    else:
        fonts.draw_string(canvas, geometry.left + SIZE_4, baseline, text, "page_number", SIZE_4)


PageDecorator = Callable[[Any, Any, PageGeometry], None]


def build_pdf(story: Sequence[Any], *, landscape: bool = False, title: str = "", subject: str = "",
              author: str = "", created: datetime | None = None, page_numbers: bool = True,
              decorate: PageDecorator | None = None) -> bytes:
    """Lay out flowables on GB/T 9704 pages and return the PDF file's bytes."""
    geometry = LANDSCAPE if landscape else PORTRAIT
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=(geometry.width, geometry.height), leftMargin=geometry.left,
        rightMargin=geometry.right, topMargin=geometry.top, bottomMargin=geometry.bottom,
        title=title, subject=subject, author=author, creator=f"DutyRoom {__version__}",
        producer=f"DutyRoom {__version__}", invariant=created is not None,
        # Start each page in an embedded face; reportlab's default would reference unembedded Helvetica.
        initialFontName=registry().pdf_font("body"),
    )
    frame = Frame(geometry.left, geometry.bottom, geometry.text_width, geometry.text_height, id="text",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

    def on_page(canvas: Any, document: Any) -> None:
        canvas.saveState()
        if page_numbers:
            draw_page_number(canvas, geometry, document.page)
        if decorate is not None:
            decorate(canvas, document, geometry)
        canvas.restoreState()

    doc.keepTogetherClass = KeepWithNext      # a heading keeps with the start of what follows, not all of it
    doc.addPageTemplates([PageTemplate(id="gbt9704", frames=[frame], onPage=on_page)])
    doc.build(list(story))
    return buffer.getvalue()


def spacer(height_mm: float) -> Spacer:
    return Spacer(1, height_mm * mm)


def table(rows: list[list[Any]], widths: Sequence[float], commands: Sequence[tuple[Any, ...]] = (),
          repeat_rows: int = 0, fonts: FontRegistry | None = None) -> Any:
    """A reportlab Table whose cells default to an embedded face (its own default is Helvetica); a column too
    narrow for a cell's widest unbreakable term takes the room from the columns that have some to spare."""
    from reportlab.platypus import Table, TableStyle

    fonts = fonts or registry()
    for row in rows:
        for cell in row:
            for item in cell if isinstance(cell, list | tuple) else [cell]:
                if isinstance(item, TextBlock):
                    item.in_cell()
    widths = fit_columns(rows, widths, commands)
    made = Table(rows, colWidths=list(widths), repeatRows=repeat_rows)
    made.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), fonts.pdf_font("table"), SIZE_SMALL_4), *commands]))
    return made


DEFAULT_PADDING = 6.0   # reportlab's cell padding, left and right


def _paddings(columns: int, rows: int, commands: Sequence[tuple[Any, ...]]) -> list[float]:
    """Left + right padding of each column (the widest any command gives a cell of it)."""
    left = [[DEFAULT_PADDING] * columns for _ in range(rows)]
    right = [[DEFAULT_PADDING] * columns for _ in range(rows)]
    for command in commands:
        if command[0] not in ("LEFTPADDING", "RIGHTPADDING"):
            continue
        (c0, r0), (c1, r1), value = command[1], command[2], command[3]
        target = left if command[0] == "LEFTPADDING" else right
        for r in range(r0 % rows, r1 % rows + 1):
            for c in range(c0 % columns, c1 % columns + 1):
                target[r][c] = value
    return [max(left[r][c] + right[r][c] for r in range(rows)) for c in range(columns)]


def _spanned(columns: int, rows: int, commands: Sequence[tuple[Any, ...]]) -> set[tuple[int, int]]:
    cells = set()
    for command in commands:
        if command[0] == "SPAN":
            (c0, r0), (c1, r1) = command[1], command[2]
            for r in range(r0 % rows, r1 % rows + 1):
                for c in range(c0 % columns, c1 % columns + 1):
                    cells.add((r, c))
    return cells


def fit_columns(rows: list[list[Any]], widths: Sequence[float], commands: Sequence[tuple[Any, ...]]) -> list[float]:
    """Column widths that give every cell room for its widest unbreakable piece (a term, a name, a number),
    the total unchanged: what a column lacks comes from the others in proportion to what they can spare."""
    widths = list(widths)
    if not rows or not widths:
        return widths
    columns, count = len(widths), len(rows)
    paddings = _paddings(columns, count, commands)
    spanned = _spanned(columns, count, commands)
    needed = [0.0] * columns
    for r, row in enumerate(rows):
        for c, cell in enumerate(row[:columns]):
            if (r, c) in spanned:
                continue
            for item in cell if isinstance(cell, list | tuple) else [cell]:
                if isinstance(item, TextBlock):
                    needed[c] = max(needed[c], item.minWidth() + paddings[c])
    lacking = [max(0.0, need - width) for need, width in zip(needed, widths, strict=True)]
    missing = sum(lacking)
    if missing <= 0.01:
        return widths
    spare = [max(0.0, width - need) if not lack else 0.0
             for need, width, lack in zip(needed, widths, lacking, strict=True)]
    available = sum(spare)
    moved = min(missing, available)
    if moved <= 0:
        return widths
    return [width + lack * moved / missing - spare_width * moved / available
            for width, lack, spare_width in zip(widths, lacking, spare, strict=True)]


def signature_block(org_name: str, day_text: str, styles: Styles, fonts: FontRegistry | None = None, *,
                    width: float | None = None, right_space: int = 4) -> Any:
    """发文机关署名 above 成文日期 (GB/T 9704 §7.3.5.1): the date ``right_space`` characters in from the right edge,
    the name centred over it; a name wider than the room (``width``, the text block by default) wraps."""
    fonts = fonts or registry()
    style = derive(styles.signature, "signature_centre", alignment=TA_CENTER, rightIndent=0)
    room = (width if width is not None else PORTRAIT.text_width) - right_space * style.fontSize
    needed = max(fonts.string_width(org_name, "body", style.fontSize),
                 fonts.string_width(day_text, "body", style.fontSize)) + style.fontSize
    block = table([[para(org_name, style), ""], [para(day_text, style), ""]],
                  [min(needed, room), right_space * style.fontSize], NO_PADDING, fonts=fonts)
    block.hAlign = "RIGHT"
    return block
