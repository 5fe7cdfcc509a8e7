"""The flowables every printout is made of: text set by ``printing.linebreak`` (禁则, compressed punctuation,
terms kept whole in table cells) and the keep rules of an official document (a heading stays with what follows,
a signature block with the last lines above it, no paragraph leaves a single line at a page foot or head).

reportlab's own Paragraph is not used: its CJK wrapping lets a mark hang past the text block and splits any
term. ``TextBlock`` takes plain text, draws each character in the face of its role (or the fallback face that
has the glyph) and is much cheaper to lay out, which the month log with thousands of cells needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus.doctemplate import ActionFlowable

from dutyroom.printing.fonts import FontRegistry, registry
from dutyroom.printing.linebreak import (
    SQUEEZE_LEFT,
    Line,
    balanced_lines,
    break_opportunities,
    break_text,
    unbreakable_width,
)

# Where the ideographic em box sits in a line: centred in the leading, the baseline 0.12 em above its foot.
BASELINE_FROM_EM_FOOT = 0.12
MAX_SPREAD_EM = 0.5             # a justified line is never spread wider than half a character per gap
LOOSE_EM = 0.12                 # a justified line spread more than this per gap squeezes its punctuation instead


@dataclass
class _Metrics:
    """Widths, faces and squeeze capacities of characters in one role and size (cached per registry)."""
    fonts: FontRegistry
    role: str
    size: float

    def __post_init__(self) -> None:
        self._chars: dict[str, tuple[float, str, float]] = {}

    def char(self, char: str) -> tuple[float, str, float]:
        known = self._chars.get(char)
        if known is None:
            name = self.fonts.pdf_font_for(self.role, char)
            width = stringWidth(char, name, self.size)
            known = (width, name, self.fonts.squeeze_capacity(name, char) * self.size)
            self._chars[char] = known
        return known


_METRICS: dict[tuple[int, str, float], _Metrics] = {}


def metrics(fonts: FontRegistry, role: str, size: float) -> _Metrics:
    key = (id(fonts), role, size)
    found = _METRICS.get(key)
    if found is None or found.fonts is not fonts:
        found = _METRICS[key] = _Metrics(fonts, role, size)
    return found


class TextBlock(Flowable):
    """Plain text (newlines start new lines) in a ParagraphStyle: font size, leading, alignment, indents,
    spaceBefore/After, textColor, keepWithNext; ``style.font_role`` names the face, ``style.keep_terms`` turns
    on the table-cell rules."""

    def __init__(self, text: str, style: Any, fonts: FontRegistry | None = None, *, continued: bool = False,
                 ends_paragraph: bool = True) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.fonts = fonts or registry()
        self.role = getattr(style, "font_role", "body")
        self.size = float(style.fontSize)
        self.leading = float(style.leading)
        self.terms = bool(getattr(style, "keep_terms", False))
        self.continued = continued            # a continuation on a new page: no first-line indent
        self.ends_paragraph = ends_paragraph  # False for the part before a page break: its last line is spread
        self._metrics = metrics(self.fonts, self.role, self.size)
        self._widths: list[float] | None = None
        self._squeeze: list[float] = []
        self._allowed: list[bool] | None = None
        self._lines: list[Line] = []
        self._wrapped_at: float | None = None

    def __repr__(self) -> str:
        return f"TextBlock({self.text[:30]!r})"

    def in_cell(self) -> None:
        """Set in a table cell: the cell rules apply (no term split), whatever the style."""
        if not self.terms:
            self.terms = True
            self._wrapped_at = None
            self._allowed = None

    # -- measuring -------------------------------------------------------------------------------
    def _measure(self) -> None:
        if self._widths is None:
            char = self._metrics.char
            chars = [char(c) if c != "\n" else (0.0, "", 0.0) for c in self.text]
            self._widths = [c[0] for c in chars]
            self._squeeze = [c[2] for c in chars]
        if self._allowed is None:
            self._allowed = break_opportunities(self.text, self.terms)

    def _first_indent(self) -> float:
        return 0.0 if self.continued else float(self.style.firstLineIndent)

    def lines_for(self, width: float) -> list[Line]:
        if self._wrapped_at != width:
            self._measure()
            assert self._widths is not None
            inner = width - self.style.leftIndent - self.style.rightIndent
            if getattr(self.style, "balanced", False):
                self._lines = balanced_lines(self.text, self._widths, inner)
            else:
                justified = self.style.alignment == TA_JUSTIFY
                self._lines = break_text(self.text, self._widths, self._squeeze, inner - self._first_indent(), inner,
                                         self.terms, LOOSE_EM * self.size if justified else None, self._allowed)
            if not self.ends_paragraph and self._lines:
                self._lines[-1].justify = True
            self._wrapped_at = width
        return self._lines

    def minWidth(self) -> float:  # noqa: N802 (reportlab's name)
        """The narrowest width at which no rule has to be broken."""
        self._measure()
        assert self._widths is not None
        return (unbreakable_width(self.text, self._widths, self.terms, self._allowed) + self.style.leftIndent
                + self.style.rightIndent + self._first_indent())

    def line_widths(self) -> list[float]:
        """The width of each line as written (newlines only, no wrapping), indents included."""
        self._measure()
        assert self._widths is not None
        out, offset = [], 0
        for number, line in enumerate(self.text.split("\n")):
            stripped = line.rstrip(" 　")
            width = sum(self._widths[offset:offset + len(stripped)]) + self.style.leftIndent + self.style.rightIndent
            out.append(width + (self._first_indent() if number == 0 else 0.0))
            offset += len(line) + 1
        return out

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = len(self.lines_for(availWidth)) * self.leading
        return self.width, self.height

    # -- page breaks ------------------------------------------------------------------------------
    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self.lines_for(availWidth)
        fits = int((availHeight + 1e-6) // self.leading)
        total = len(lines)
        if fits >= total:
            return [self]
        if total - fits == 1:            # never carry one line alone to the next page
            fits -= 1
        if fits < min(2, total):         # never leave one line alone at the foot
            return []
        cut = lines[fits].start
        head = TextBlock(self.text[:lines[fits - 1].end], self.style, self.fonts, continued=self.continued,
                         ends_paragraph=False)
        tail = TextBlock(self.text[cut:], self.style, self.fonts, continued=True, ends_paragraph=self.ends_paragraph)
        for part in (head, tail):
            part.keepWithNext = 0
        head.spaceAfter = 0
        tail.spaceBefore = 0
        tail.keepWithNext = self.getKeepWithNext()
        return [head, tail]

    def split_last(self, availWidth: float, availHeight: float, keep: int) -> list[Flowable]:  # noqa: N803
        """Split so that at least ``keep`` lines go to the next page (to stay with what follows)."""
        lines = self.lines_for(availWidth)
        fits = min(int((availHeight + 1e-6) // self.leading), len(lines) - keep)
        if fits < 2:
            return []
        return self.split(availWidth, fits * self.leading)

    # -- drawing ----------------------------------------------------------------------------------
    def draw(self) -> None:
        lines = self.lines_for(self.width)
        style = self.style
        inner = self.width - style.leftIndent - style.rightIndent
        pen = _Pen(self.canv, self.size, getattr(style, "textColor", None))
        foot = self.height - self.leading
        for number, line in enumerate(lines):
            indent = self._first_indent() if number == 0 else 0.0
            available = inner - indent
            baseline = foot - number * self.leading + (self.leading - self.size) / 2 + self.size * BASELINE_FROM_EM_FOOT
            count = line.end - line.start
            spread = 0.0
            x = style.leftIndent + indent
            if style.alignment == TA_JUSTIFY and line.justify and count > 1:
                spread = (available - line.width) / (count - 1)
                if spread > MAX_SPREAD_EM * self.size or spread < 0:
                    spread = 0.0
            elif style.alignment == TA_RIGHT:
                x += available - line.width
            elif style.alignment == TA_CENTER:
                x += (available - line.width) / 2
            self._draw_line(pen, line, x, baseline, spread)
        if pen.text is not None:
            self.canv.drawText(pen.text)

    def _draw_line(self, pen: _Pen, line: Line, x: float, baseline: float, spread: float) -> None:
        """Runs of one face; the text cursor moves on by itself, only a squeezed mark repositions it."""
        assert self._widths is not None
        text, widths, char = self.text, self._widths, self._metrics.char
        pen.move_to(x, baseline)
        run_start = line.start
        current = ""
        for index in range(line.start, line.end):
            name = char(text[index])[1]
            taken = line.squeeze.get(index) if line.squeeze else None
            if taken is None and name == current:
                continue
            if index > run_start:
                pen.show(current, text[run_start:index], spread)
                x += sum(widths[run_start:index]) + spread * (index - run_start)
            run_start, current = index, name
            if taken is not None:
                if text[index] in SQUEEZE_LEFT:
                    x -= taken
                pen.move_to(x, baseline)
                pen.show(name, text[index], spread)
                x += widths[index] - taken + spread
                pen.move_to(x, baseline)
                run_start, current = index + 1, ""
        if line.end > run_start:
            pen.show(current, text[run_start:line.end], spread)


class _Pen:
    """A text object that writes only what changes: the line start as a relative move, the face and the
    character spacing when they differ from the last run's."""

    def __init__(self, canvas: Any, size: float, color: Any) -> None:
        self.canvas, self.size, self.color = canvas, size, color
        self.text: Any = None
        self.origin = (0.0, 0.0)
        self.font = ""
        self.spread = 0.0

    def move_to(self, x: float, y: float) -> None:
        if self.text is None:
            self.text = self.canvas.beginText(x, y)
            # black text takes the colour in force (a table's TEXTCOLOR, as for a voided log entry)
            if self.color is not None and self.color != black:
                self.text.setFillColor(self.color)
        else:
            self.text.moveCursor(x - self.origin[0], self.origin[1] - y)
        self.origin = (x, y)

    def show(self, font: str, chunk: str, spread: float) -> None:
        if font != self.font:
            self.text.setFont(font, self.size)
            self.font = font
        if abs(spread - self.spread) > 1e-4:
            self.text.setCharSpace(spread)
            self.spread = spread
        self.text.textOut(chunk)


class KeepWithNext(KeepTogether):
    """reportlab's keepWithNext group (a heading and what follows), made to keep only what must be kept:
    when the whole group does not fit, the heading stays on this page if the next flowable can put a part of
    itself (at least two lines of a paragraph, a table's first rows) under it; otherwise all move on."""

    _H: float                    # set by KeepTogether.wrap: the group's height (not in the reportlab stubs)
    _content: list[Flowable]     # set by KeepTogether.__init__

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H <= aH:
            return list(self._content)
        *heads, last = self._content
        used = 0.0
        for index, flowable in enumerate(heads):
            used += flowable.wrap(aW, aH)[1] + (flowable.getSpaceBefore() if index else 0) + flowable.getSpaceAfter()
        room = aH - used - last.getSpaceBefore()
        if room > 0:
            parts = last.split(aW, room)
            # a part that moves on by itself (a frame break: a small table kept whole) does not count
            if len(parts) > 1 and not isinstance(parts[0], ActionFlowable):
                return [*heads, *parts]
        return super().split(aW, aH)


class KeepTail(Flowable):
    """A paragraph and what must not be parted from its last lines (a signature block, 签名 lines)."""

    def __init__(self, text: Flowable, tail: list[Flowable], keep_lines: int = 2) -> None:
        super().__init__()
        self.text, self.tail, self.keep_lines = text, tail, keep_lines

    def _parts(self) -> list[Flowable]:
        return [self.text, *self.tail]

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803
        height = 0.0
        self._sizes = []
        for index, flowable in enumerate(self._parts()):
            width, part_height = flowable.wrap(aW, aH)
            self._sizes.append((width, part_height))
            height += part_height + flowable.getSpaceAfter() + (flowable.getSpaceBefore() if index else 0)
        self.width, self.height = aW, height
        return aW, height

    def getSpaceBefore(self) -> float:  # noqa: N802
        return self.text.getSpaceBefore()

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        self.wrap(aW, aH)
        if self.height <= aH:
            return self._parts()
        if isinstance(self.text, TextBlock):
            parts = self.text.split_last(aW, aH, self.keep_lines)
            if len(parts) == 2:
                return [parts[0], KeepTail(parts[1], self.tail, self.keep_lines)]
        frame = getattr(self, "_frame", None)
        if frame is not None and self.height > frame._height:
            return self._parts()          # taller than a page: nothing can keep it together
        return []

    def draw(self) -> None:
        """All of it fits: each part where a frame would put it (its own horizontal alignment kept)."""
        y = self.height
        for index, (flowable, (width, height)) in enumerate(zip(self._parts(), self._sizes, strict=True)):
            y -= height + (flowable.getSpaceBefore() if index else 0)
            # the stubs leave out drawOn's _sW (the spare width a frame aligns a flowable within)
            flowable.drawOn(self.canv, 0, y, _sW=self.width - width)  # type: ignore[call-arg]
            y -= flowable.getSpaceAfter()
