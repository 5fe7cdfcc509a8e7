"""Charts for print: a statistics ``Chart`` drawn as reportlab vector graphics (sharp at any resolution).

Made for black-and-white printers: series differ by grey level with a black outline (bars) or by dash pattern
and marker (lines), every series is named in a legend, bar totals are written on the bars where there is room,
and the heat map writes its counts in the cells. Axis labels are thinned so they never overlap. Every string is
set in the bundled all-round CJK face (registered and embedded by ``printing.fonts``), which has every hanzi.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal

from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib import colors

from dutyroom.printing.fonts import registry
from dutyroom.stats.charts import Chart, ChartKind

FONT_SIZE = 8.0
GREYS = (0.15, 0.55, 0.85, 1.0, 0.35, 0.7)          # bar fills, darkest first; 1.0 is white with its outline
DASHES: tuple[Sequence[float] | None, ...] = (None, (4, 2), (1, 1.5), (6, 2, 1, 2))
MARKERS = ("circle", "square", "triangle", "diamond")
LEGEND_ROW = 12.0


def _font() -> str:
    return registry().pdf_fallback()


def text_width(text: str, size: float = FONT_SIZE) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, _font(), size)


Anchor = Literal["start", "middle", "end"]


def _string(x: float, y: float, text: str, anchor: Anchor = "start", size: float = FONT_SIZE,
            colour: Any = colors.black) -> String:
    made = String(x, y, text, fontName=_font(), fontSize=size, fillColor=colour)
    made.textAnchor = anchor
    return made


def _styled(shape: Any, fill: Any = None, stroke: Any = colors.black, width: float = 0.5,
            dash: Sequence[float] | None = None) -> Any:
    """A shape with its paint set (reportlab's stubs type the keyword form wrongly)."""
    if not isinstance(shape, Line | PolyLine):      # lines have no fill
        shape.fillColor = fill
    shape.strokeColor, shape.strokeWidth = stroke, width
    if dash is not None:
        shape.strokeDashArray = dash
    return shape


def _grey(level: float) -> Any:
    return colors.Color(level, level, level)


def _line(x0: float, y0: float, x1: float, y1: float, width: float = 0.4, colour: Any = colors.black,
          dash: Sequence[float] | None = None) -> Any:
    return _styled(Line(x0, y0, x1, y1), stroke=colour, width=width, dash=dash)


def nice_scale(top: float, ticks: int = 5) -> tuple[float, float]:
    """(axis maximum, step) with a 1/2/5 step and room above ``top``."""
    if top <= 0:
        return 1.0, 1.0 if ticks else 0.2
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    if step < 1 and top >= 1:
        step = 1
    return math.ceil(top / step) * step, step


def thin_labels(labels: list[str], room: float, size: float = FONT_SIZE) -> list[str]:
    """Every k-th label (the others blank) so that neighbours never touch in ``room`` points per category."""
    if not labels:
        return labels
    widest = max(text_width(label, size) for label in labels) + size * 0.8
    step = max(1, math.ceil(widest / max(room, 0.1)))
    return [label if i % step == 0 else "" for i, label in enumerate(labels)]


def _value_text(chart: Chart, value: float) -> str:
    if chart.percent:
        return f"{value * 100:.0f}%"
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _legend(chart: Chart, width: float, y: float) -> tuple[Group, float]:
    """The series names with their swatches, wrapped into rows; returns the group and its height."""
    group = Group()
    x, rows = 0.0, 1
    names = [s.name for s in chart.series] + ([chart.target_label] if chart.target is not None else [])
    for index, name in enumerate(names):
        needed = 16 + text_width(name) + 12
        if x + needed > width and x > 0:
            x, rows = 0.0, rows + 1
        row_y = y - (rows - 1) * LEGEND_ROW
        if chart.target is not None and index == len(chart.series):
            group.add(_line(x, row_y + 3, x + 12, row_y + 3, 1, dash=(2, 2)))
        elif chart.kind == ChartKind.LINES:
            group.add(_line(x, row_y + 3, x + 12, row_y + 3, 1, dash=DASHES[index % len(DASHES)]))
            group.add(_marker(MARKERS[index % len(MARKERS)], x + 6, row_y + 3))
        else:
            group.add(_styled(Rect(x, row_y, 10, 7), _grey(GREYS[index % len(GREYS)])))
        group.add(_string(x + 16, row_y, name))
        x += needed
    return group, rows * LEGEND_ROW


def _marker(kind: str, x: float, y: float, r: float = 2.2) -> Any:
    if kind == "square":
        return _styled(Rect(x - r, y - r, 2 * r, 2 * r), colors.white, width=0.7)
    if kind == "triangle":
        return _styled(Polygon([x - r, y - r, x + r, y - r, x, y + r]), colors.white, width=0.7)
    if kind == "diamond":
        return _styled(Polygon([x - r, y, x, y - r, x + r, y, x, y + r]), colors.white, width=0.7)
    return _styled(Rect(x - r, y - r, 2 * r, 2 * r, rx=r, ry=r), colors.black, width=0.7)


def draw_chart(chart: Chart, width: float, height: float | None = None) -> Drawing:
    """The chart in ``width`` points (its height from its kind and size unless given)."""
    if chart.kind == ChartKind.HEATMAP:
        return _heatmap(chart, width)
    if chart.kind == ChartKind.HBARS:
        return _hbars(chart, width)
    return _columns(chart, width, height or 190.0)


def _axis_top(chart: Chart) -> float:
    if chart.kind == ChartKind.LINES:
        values = [v for s in chart.series for v in s.values if v is not None]
        top = max(values, default=0.0)
    else:
        top = max((chart.stack_total(i) for i in range(len(chart.categories))), default=0.0)
    if chart.target is not None:
        top = max(top, chart.target)
    return 1.0 if chart.percent else top


def _columns(chart: Chart, width: float, height: float) -> Drawing:
    """Vertical bars (stacked) or lines over categories, with the value axis on the left."""
    legend, legend_height = _legend(chart, width, 0)
    drawing = Drawing(width, height + legend_height + 4)
    top, step = nice_scale(_axis_top(chart)) if not chart.percent else (1.0, 0.2)
    left = max(text_width(_value_text(chart, top)), text_width("0")) + 6
    bottom = FONT_SIZE + 8
    plot_w, plot_h = width - left - 4, height - bottom - 6
    origin_y = bottom + legend_height + 4
    legend.translate(0, 2 + legend_height - LEGEND_ROW)
    drawing.add(legend)
    count = max(len(chart.categories), 1)
    slot = plot_w / count
    ticks = round(top / step)
    for n in range(ticks + 1):
        y = origin_y + plot_h * n / ticks
        drawing.add(_line(left, y, left + plot_w, y, colour=_grey(0.8)))
        drawing.add(_string(left - 3, y - FONT_SIZE * 0.35, _value_text(chart, step * n), "end"))
    drawing.add(_line(left, origin_y, left + plot_w, origin_y, 0.7))

    def y_of(value: float) -> float:
        return origin_y + plot_h * min(value, top) / top

    for index, label in enumerate(thin_labels(chart.categories, slot)):
        if label:
            half = text_width(label) / 2
            x = min(max(left + slot * (index + 0.5), half), width - half)     # never past the text block
            drawing.add(_string(x, origin_y - FONT_SIZE - 3, label, "middle"))
    if chart.kind == ChartKind.LINES:
        _lines(drawing, chart, left, slot, y_of)
    else:
        _stacks(drawing, chart, left, slot, y_of)
    if chart.target is not None:
        y = y_of(chart.target)
        drawing.add(_line(left, y, left + plot_w, y, 1, dash=(2, 2)))
    return drawing


def _stacks(drawing: Drawing, chart: Chart, left: float, slot: float, y_of: Any) -> None:
    bar = min(slot * 0.7, 56.0)
    thin = bar < 3
    labelled = slot >= text_width("000") + 2
    for index in range(len(chart.categories)):
        base = 0.0
        x = left + slot * index + (slot - bar) / 2
        for number, line in enumerate(chart.series):
            value = line.values[index] or 0
            if not value:
                continue
            drawing.add(_styled(Rect(x, y_of(base), bar, y_of(base + value) - y_of(base)),
                                _grey(GREYS[number % len(GREYS)]), None if thin else colors.black, 0.4))
            base += value
        if labelled and base:
            drawing.add(_string(x + bar / 2, y_of(base) + 2, _value_text(chart, base), "middle"))


def _lines(drawing: Drawing, chart: Chart, left: float, slot: float, y_of: Any) -> None:
    marked = slot >= 5
    for number, line in enumerate(chart.series):
        dash = DASHES[number % len(DASHES)]
        run: list[float] = []
        for index, value in enumerate([*line.values, None]):
            if value is None:
                if len(run) >= 4:
                    drawing.add(_styled(PolyLine(run), None, colors.black, 0.9, dash))
                run = []
                continue
            x, y = left + slot * (index + 0.5), y_of(value)
            run += [x, y]
            if marked:
                drawing.add(_marker(MARKERS[number % len(MARKERS)], x, y))


def _hbars(chart: Chart, width: float) -> Drawing:
    """Bars lying down, one row per category (people, units), first category on top, value at the bar's end."""
    row = FONT_SIZE + 4
    legend, legend_height = _legend(chart, width, 0) if len(chart.series) > 1 else (Group(), 0.0)
    rows = max(len(chart.categories), 1)
    top, step = (1.0, 0.2) if chart.percent else nice_scale(_axis_top(chart))
    left = max((text_width(c) for c in chart.categories), default=0) + 6
    value_room = text_width(_value_text(chart, top)) + 6
    plot_w = width - left - value_room
    axis_h = FONT_SIZE + 6
    height = rows * row + axis_h + legend_height + 4
    drawing = Drawing(width, height)
    legend.translate(0, 2 + legend_height - LEGEND_ROW)
    drawing.add(legend)
    origin_y = legend_height + 4 + axis_h
    ticks = round(top / step)
    for n in range(ticks + 1):
        # tick marks below the bars, not grid lines across them: a value written at a bar's end stays clear
        x = left + plot_w * n / ticks
        drawing.add(_line(x, origin_y - 3, x, origin_y, 0.5))
        drawing.add(_string(x, origin_y - FONT_SIZE - 4, _value_text(chart, step * n), "middle"))
    drawing.add(_line(left, origin_y, left + plot_w, origin_y, 0.5))
    drawing.add(_line(left, origin_y, left, origin_y + rows * row, 0.7))
    for index, label in enumerate(chart.categories):
        y = origin_y + (rows - index - 1) * row
        drawing.add(_string(left - 4, y + row * 0.5 - FONT_SIZE * 0.35, label, "end"))
        base = 0.0
        for number, line in enumerate(chart.series):
            value = line.values[index] or 0
            if not value:
                continue
            x0, x1 = left + plot_w * base / top, left + plot_w * min(base + value, top) / top
            drawing.add(_styled(Rect(x0, y + 2, x1 - x0, row - 4), _grey(GREYS[number % len(GREYS)]), width=0.4))
            base += value
        shown = chart.series[0].values[index] if chart.percent else base
        if shown is not None:
            drawing.add(_string(left + plot_w * min(base, top) / top + 3, y + row * 0.5 - FONT_SIZE * 0.35,
                                _value_text(chart, shown)))
    return drawing


def _heatmap(chart: Chart, width: float) -> Drawing:
    """Rows × columns of counts: darker for more, the count written in every cell that has any."""
    rows, columns = len(chart.series), len(chart.categories)
    left = max(text_width(s.name) for s in chart.series) + 6
    cell_w = (width - left) / max(columns, 1)
    cell_h = FONT_SIZE + 7
    label_h = FONT_SIZE + 5
    drawing = Drawing(width, rows * cell_h + label_h)
    most = max((v or 0 for s in chart.series for v in s.values), default=0) or 1
    size = min(FONT_SIZE, cell_w * 0.45)
    for r, line in enumerate(chart.series):
        y = label_h + (rows - r - 1) * cell_h
        drawing.add(_string(left - 4, y + cell_h / 2 - FONT_SIZE * 0.35, line.name, "end"))
        for c, value in enumerate(line.values):
            share = (value or 0) / most
            grey = 1.0 - 0.85 * share
            drawing.add(_styled(Rect(left + c * cell_w, y, cell_w, cell_h), _grey(grey), _grey(0.6), 0.3))
            if value:
                ink = colors.white if grey < 0.5 else colors.black
                drawing.add(_string(left + (c + 0.5) * cell_w, y + cell_h / 2 - size * 0.35,
                                    _value_text(chart, value), "middle", size, ink))
    labels = thin_labels([c.removesuffix("时") for c in chart.categories], cell_w)
    for c, label in enumerate(labels):
        if label:
            drawing.add(_string(left + (c + 0.5) * cell_w, 2, label, "middle"))
    return drawing
