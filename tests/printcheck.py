"""The proofreader's check of a printout, read back from the PDF itself (pdfminer.six: every glyph with its
position and face, every ruled line).

For each page it rebuilds the lines of text — inside the cells of ruled tables, and elsewhere — and reports:
- ``line-start``: a line begins with a mark that may not start one (，。、；：？！）》」』”’ …);
- ``line-end``: a line ends with an opening mark (（《「『“‘ …);
- ``split-double``: a —— or …… broken across two lines;
- ``outside``: a glyph's outline outside the text block (GB/T 9704 margins) — the page number, which sits
  below the block by design, excepted;
- ``cell-overflow``: a glyph crossing the rules of its table cell;
- ``split-term``: a two- to four-character term of a table cell (预警信息, 星期四, 序号, a name) broken across
  lines by wrapping.

Punctuation is judged by its outline (from the same font file the PDF embeds), so a squeezed mark whose blank
half reaches past the edge is not taken for ink.
"""

from __future__ import annotations

import bisect
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTCurve, LTLine, LTRect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

from dutyroom.printing.fonts import ink_extent, registry
from dutyroom.printing.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    SQUEEZE_LEFT,
    SQUEEZE_RIGHT,
    TERM_MAX,
    UNSPLIT_DOUBLES,
    is_hanzi,
)
from dutyroom.printing.page import LANDSCAPE, PAGE_NUMBER_GAP, PORTRAIT, PageGeometry

TOLERANCE = 0.6          # points: rounding in the PDF and in pdfminer
GAP_EMS = 0.8            # a blank this wide (in ems) separates two pieces of text on one baseline
CELL_SLACK = 12.5        # most a cell's paddings take from its width (6 pt a side, reportlab's default)
MM = 72 / 25.4
MIN_EDGE = 15 * MM        # nothing printed nearer the paper edge than this
PAGE_NUMBER = re.compile(r"^—\s*\d+\s*—$")


@dataclass
class Glyph:
    char: str
    x0: float
    x1: float
    baseline: float
    size: float
    font: str
    upright: bool

    @property
    def ink(self) -> tuple[float, float]:
        """Horizontal extent of the outline for punctuation (a mark fills part of its em), else the advance box."""
        if self.char in SQUEEZE_RIGHT or self.char in SQUEEZE_LEFT:
            name = _pdf_name(self.font)
            if name:
                left, right, _ = ink_extent(name, self.char)
                return self.x0 + left * self.size, self.x0 + right * self.size
        return self.x0, self.x1


@dataclass
class Cell:
    left: float
    right: float
    bottom: float
    top: float


@dataclass
class TextLine:
    page: int
    glyphs: list[Glyph]
    cell: Cell | None

    @property
    def text(self) -> str:
        return "".join(g.char for g in self.glyphs)

    @property
    def baseline(self) -> float:
        return self.glyphs[0].baseline

    @property
    def size(self) -> float:
        return max(g.size for g in self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1


@dataclass
class Problem:
    page: int
    rule: str
    text: str
    detail: str = ""

    def __str__(self) -> str:
        return f"p.{self.page} {self.rule}: {self.text!r} {self.detail}".rstrip()


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    vertical: list[tuple[float, float, float]] = field(default_factory=list)     # x, y0, y1
    horizontal: list[tuple[float, float, float]] = field(default_factory=list)   # y, x0, x1

    @property
    def geometry(self) -> PageGeometry:
        return LANDSCAPE if self.width > self.height else PORTRAIT


_PDF_NAMES: dict[str, str | None] = {}


def _pdf_name(font: str) -> str | None:
    """The registry's reportlab name of an embedded font ("AAAAAA+BousungEG-Light-GB" -> "DR-song")."""
    if font not in _PDF_NAMES:
        from reportlab.pdfbase.pdfmetrics import getFont

        fonts = registry()
        base = font.split("+", 1)[-1]
        found = None
        for face in fonts.faces.values():
            name = fonts.pdf_face(face.key)
            if base.startswith(getFont(name).face.name.decode("latin-1")):
                found = name
                break
        _PDF_NAMES[font] = found
    return _PDF_NAMES[font]


def read_layout(data: bytes) -> list[PageLayout]:
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=None)
    interpreter = PDFPageInterpreter(manager, device)
    pages = []
    for number, pdf_page in enumerate(PDFPage.get_pages(io.BytesIO(data)), start=1):
        interpreter.process_page(pdf_page)
        layout = device.get_result()
        page = PageLayout(number, layout.width, layout.height)
        for item in layout:
            if isinstance(item, LTChar):
                a, b, c, d, e, f = item.matrix
                page.glyphs.append(Glyph(item.get_text(), item.x0, item.x1, f, item.size, item.fontname,
                                         abs(b) < 1e-6 and abs(c) < 1e-6))
            elif isinstance(item, LTLine | LTRect | LTCurve) and item.stroke:
                _rules(page, item)
        pages.append(page)
    return pages


def _rules(page: PageLayout, item: LTCurve) -> None:
    points = list(item.pts)
    if isinstance(item, LTRect):
        points.append(points[0])
    for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
        if abs(xa - xb) < 0.5:
            page.vertical.append((xa, min(ya, yb), max(ya, yb)))
        elif abs(ya - yb) < 0.5:
            page.horizontal.append((ya, min(xa, xb), max(xa, xb)))


def text_lines(page: PageLayout) -> list[TextLine]:
    """The page's lines: glyphs on one baseline, split into pieces by table rules and by wide blanks."""
    rows: dict[float, list[Glyph]] = {}
    for glyph in page.glyphs:
        if glyph.upright and glyph.char.strip():
            key = round(glyph.baseline * 2) / 2
            rows.setdefault(key, []).append(glyph)
    lines: list[TextLine] = []
    for baseline, glyphs in rows.items():
        glyphs.sort(key=lambda g: g.x0)
        walls = sorted(x for x, y0, y1 in page.vertical if y0 - 1 <= baseline <= y1 + 1)
        current: list[Glyph] = []
        current_cell: Cell | None = None
        current_slot = -2
        for glyph in glyphs:
            middle = (glyph.x0 + glyph.x1) / 2
            slot = bisect.bisect(walls, middle)
            wide_gap = current and glyph.x0 - current[-1].x1 > GAP_EMS * glyph.size
            if current and (slot != current_slot or wide_gap):
                lines.append(TextLine(page.number, current, current_cell))
                current = []
            if not current:
                current_slot = slot
                current_cell = _cell(page, walls, slot, baseline, middle)
            current.append(glyph)
        if current:
            lines.append(TextLine(page.number, current, current_cell))
    lines.sort(key=lambda line: (-line.baseline, line.x0))
    return lines


def _cell(page: PageLayout, walls: list[float], slot: int, baseline: float, middle: float) -> Cell | None:
    if slot == 0 or slot == len(walls):
        return None
    left, right = walls[slot - 1], walls[slot]
    above = [y for y, x0, x1 in page.horizontal if x0 - 1 <= middle <= x1 + 1 and y > baseline]
    below = [y for y, x0, x1 in page.horizontal if x0 - 1 <= middle <= x1 + 1 and y < baseline]
    if not above or not below:
        return None
    return Cell(left, right, max(below), min(above))


def _cell_key(cell: Cell | None) -> tuple[float, ...] | None:
    return None if cell is None else (round(cell.left), round(cell.right), round(cell.bottom), round(cell.top))


def check_pages(pages: Iterable[PageLayout]) -> list[Problem]:
    problems: list[Problem] = []
    for page in pages:
        lines = text_lines(page)
        problems += _line_rules(lines)
        problems += _outside(page, lines)
        problems += _cell_rules(lines)
    return problems


def check_pdf(data: bytes) -> list[Problem]:
    return check_pages(read_layout(data))


def _line_rules(lines: list[TextLine]) -> list[Problem]:
    problems = []
    for line in lines:
        text = line.text
        if PAGE_NUMBER.match(text):
            continue
        if text[0] in NO_LINE_START:
            problems.append(Problem(line.page, "line-start", text))
        if text[-1] in NO_LINE_END:
            problems.append(Problem(line.page, "line-end", text))
    for above, below in _consecutive(lines):
        if (above.text[-1] in UNSPLIT_DOUBLES and below.text[0] == above.text[-1]
                and not PAGE_NUMBER.match(below.text) and not above.text.endswith(above.text[-1] * 2)):
            problems.append(Problem(below.page, "split-double", above.text + " / " + below.text))
    return problems


def _consecutive(lines: list[TextLine]) -> list[tuple[TextLine, TextLine]]:
    """Pairs of lines where the second continues the first: same cell (or both outside tables), the next
    baseline down, overlapping horizontally."""
    pairs = []
    by_block: dict[tuple[float, ...] | None, list[TextLine]] = {}
    for line in lines:
        by_block.setdefault(_cell_key(line.cell), []).append(line)
    for block in by_block.values():
        for index, above in enumerate(block):
            for below in block[index + 1:]:
                step = above.baseline - below.baseline
                if step < 0.5 * above.size:
                    continue
                if step > 2.2 * above.size:
                    break
                if below.x0 < above.x1 and above.x0 < below.x1:
                    pairs.append((above, below))
                    break
    return pairs


def _outside(page: PageLayout, lines: list[TextLine]) -> list[Problem]:
    geometry = page.geometry
    left, right = geometry.left, page.width - geometry.right
    bottom, top = geometry.bottom, page.height - geometry.top
    problems = []
    for line in lines:
        if PAGE_NUMBER.match(line.text):
            em_top, em_foot = line.baseline + 0.88 * line.size, line.baseline - 0.12 * line.size
            if em_top > bottom - PAGE_NUMBER_GAP + TOLERANCE:
                problems.append(Problem(line.page, "page-number", line.text, "closer than 7 mm to the text block"))
            if em_foot < MIN_EDGE - TOLERANCE:
                problems.append(Problem(line.page, "page-number", line.text,
                                        f"{em_foot / MM:.1f} mm from the paper edge"))
            continue
        for glyph in line.glyphs:
            ink_left, ink_right = glyph.ink
            em_top = glyph.baseline + 0.88 * glyph.size
            em_foot = glyph.baseline - 0.12 * glyph.size
            if (ink_left < left - TOLERANCE or ink_right > right + TOLERANCE or em_top > top + TOLERANCE
                    or em_foot < bottom - TOLERANCE):
                problems.append(Problem(line.page, "outside", line.text,
                                        f"{glyph.char!r} at x {ink_left:.1f}–{ink_right:.1f}, y {em_foot:.1f}–{em_top:.1f};"
                                        f" block x {left:.1f}–{right:.1f}, y {bottom:.1f}–{top:.1f}"))
                break
    return problems


def _hanzi_tail(text: str) -> str:
    run = ""
    for char in reversed(text):
        if not is_hanzi(char):
            break
        run = char + run
    return run


def _hanzi_head(text: str) -> str:
    run = ""
    for char in text:
        if not is_hanzi(char):
            break
        run += char
    return run


def _cell_rules(lines: list[TextLine]) -> list[Problem]:
    problems = []
    for line in lines:
        cell = line.cell
        if cell is None:
            continue
        for glyph in line.glyphs:
            ink_left, ink_right = glyph.ink
            if ink_left < cell.left - TOLERANCE or ink_right > cell.right + TOLERANCE:
                problems.append(Problem(line.page, "cell-overflow", line.text, f"{glyph.char!r}"))
                break
    for above, below in _consecutive([line for line in lines if line.cell is not None]):
        tail, head = _hanzi_tail(above.text), _hanzi_head(below.text)
        if not tail or not head or len(tail) + len(head) > TERM_MAX:
            continue
        cell = above.cell
        assert cell is not None
        wrapped = (above.x1 - above.x0) + (below.glyphs[0].x1 - below.glyphs[0].x0) > (cell.right - cell.left) - CELL_SLACK
        if wrapped:
            problems.append(Problem(above.page, "split-term", f"{above.text} / {below.text}", f"{tail}/{head}"))
    return problems
