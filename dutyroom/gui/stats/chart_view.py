"""A statistics ``Chart`` drawn with pyqtgraph: stacked bars (standing or lying), lines with a target, a heat map.

Hovering a bar, point or cell shows its exact value; clicking it emits ``activated`` with the records behind it
(a ``Drill``). Every axis, legend and title is set in the application's CJK face. Category labels are thinned to
what fits, so they never overlap. This module imports pyqtgraph (and so numpy): the page imports it only when
it is first opened.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QCursor, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from dutyroom.stats.charts import Chart, ChartKind, Drill

# Fills that stay apart in colour and in grey (a PNG printed in black and white): dark, light, middle …
PALETTE = ("#1F4E79", "#F2B134", "#6E8FB3", "#B3261E", "#A7C4A0", "#4D4D4D")
PATTERNS = (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.SolidPattern, Qt.BrushStyle.BDiagPattern,
            Qt.BrushStyle.Dense2Pattern, Qt.BrushStyle.FDiagPattern, Qt.BrushStyle.CrossPattern)
LINE_STYLES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine, Qt.PenStyle.DashDotLine)
SYMBOLS = ("o", "s", "t", "d")
BAR = 0.7
WHOLE_UNITS = ("次", "人次", "条", "起", "人", "个")
ROW_HEIGHT = 22          # pixels per category of a lying bar chart


def chart_font(size: float = 9.0) -> QFont:
    from dutyroom.printing.fonts import registry

    font = QFont(registry().face_for("ui").family)
    font.setPointSizeF(size)
    return font


def brush(index: int, colour: str = "") -> QBrush:
    return QBrush(QColor(colour or PALETTE[index % len(PALETTE)]), PATTERNS[index % len(PATTERNS)])


class ChartView(QWidget):
    activated = Signal(object)          # the Drill of a clicked point

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart: Chart | None = None
        self.widget = pg.PlotWidget(background="w")
        self.plot = self.widget.getPlotItem()
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        self.tick_font = chart_font()
        for name in ("left", "bottom", "top"):
            axis = self.plot.getAxis(name)
            axis.setStyle(tickFont=self.tick_font)
            axis.setTextPen(QColor("#1F2329"))
            axis.setPen(QColor("#5A6472"))
            axis.label.setFont(self.tick_font)
        self.plot.titleLabel.item.setFont(chart_font(10.5))
        self.legend = self.plot.addLegend(offset=(-10, 4), labelTextColor="#1F2329", labelTextSize="9pt")
        self.image: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.widget)
        self.widget.scene().sigMouseMoved.connect(self._hover)
        self.widget.scene().sigMouseClicked.connect(self._click)

    # -- drawing ---------------------------------------------------------------------------------------
    def show_chart(self, chart: Chart) -> None:
        self.chart = chart
        self.plot.clear()
        self.legend.clear()
        self.image = None
        self.plot.setTitle(chart.title)
        self.plot.titleLabel.item.setFont(chart_font(10.5))
        self.plot.getAxis("left").setLabel("")
        self.plot.getAxis("bottom").setLabel("")
        if chart.kind == ChartKind.HEATMAP:
            self._heatmap(chart)
        elif chart.kind == ChartKind.LINES:
            self._lines(chart)
        else:
            self._bars(chart)
        for _sample, label in self.legend.items:
            label.item.setFont(self.tick_font)
        self.legend.setColumnCount(max(1, len(self.legend.items)))
        self.plot.showGrid(x=False, y=chart.kind != ChartKind.HEATMAP, alpha=0.25)
        lying = chart.kind == ChartKind.HBARS
        self.plot.showAxis("top", lying)           # a long lying chart scrolls: its values read at the top
        self.plot.showAxis("bottom", not lying)
        if lying:
            self.plot.getAxis("top").setStyle(tickFont=self.tick_font)
        self.legend.setVisible(len(chart.series) > 1 and chart.kind != ChartKind.HEATMAP)
        if chart.empty and chart.note:
            note = pg.TextItem(chart.note, color="#7A8699", anchor=(0.5, 0.5))
            note.setFont(chart_font(11))
            self.plot.addItem(note)
            note.setPos(max(len(chart.categories) - 1, 0) / 2 if chart.kind != ChartKind.HBARS else 0.5,
                        0.5 if chart.kind != ChartKind.HBARS else max(len(chart.categories) - 1, 0) / 2)
        self.setMinimumHeight(min(2400, 90 + ROW_HEIGHT * len(chart.categories)) if chart.kind == ChartKind.HBARS
                              else 240)
        self._ticks()

    def _bars(self, chart: Chart) -> None:
        lying = chart.kind == ChartKind.HBARS
        count = len(chart.categories)
        positions = np.arange(count, dtype=float)
        base = np.zeros(count)
        for number, line in enumerate(chart.series):
            values = np.array([v or 0.0 for v in line.values], dtype=float)
            if chart.percent:
                values = values * 100
            shown = {"brush": brush(number, line.colour), "pen": pg.mkPen("#33333380", width=0.5)}
            if lying:
                item = pg.BarGraphItem(x0=base, y=positions, height=BAR, width=values, **shown)
            else:
                item = pg.BarGraphItem(x=positions, height=values, width=BAR, y0=base, **shown)
            self.plot.addItem(item)
            self.legend.addItem(item, line.name)
            base = base + values
        value_axis, category_axis = ("top", "left") if lying else ("left", "bottom")
        top = max(float(base.max()) if count else 0.0, 100.0 if chart.percent else 1.0)
        # the unit is in the title and the hover text; a label turned on its side reads badly in Chinese
        self.plot.getAxis(value_axis).setLabel("%" if chart.percent and lying else "")
        self.plot.getAxis(category_axis).setLabel("")
        if lying:
            self.plot.getViewBox().invertY(True)
            # a legend (more than one series) needs room right of the longest bars, which lie at the top
            self.plot.setXRange(0, top * (1.45 if len(chart.series) > 1 else 1.08), padding=0)
            self.plot.setYRange(-0.6, max(count, 1) - 0.4, padding=0)
        else:
            self.plot.getViewBox().invertY(False)
            self.plot.setXRange(-0.6, max(count, 1) - 0.4, padding=0)
            self.plot.setYRange(0, top * 1.22, padding=0)          # room for the legend above the bars

    def _lines(self, chart: Chart) -> None:
        self.plot.getViewBox().invertY(False)
        count = len(chart.categories)
        scale = 100.0 if chart.percent else 1.0
        positions = np.arange(count, dtype=float)
        top = 0.0
        for number, line in enumerate(chart.series):
            values = np.array([np.nan if v is None else v * scale for v in line.values], dtype=float)
            if not np.all(np.isnan(values)):
                top = max(top, float(np.nanmax(values)))
            colour = PALETTE[number % len(PALETTE)]
            self.plot.plot(positions, values, name=line.name, connect="finite",
                           pen=pg.mkPen(colour, width=2, style=LINE_STYLES[number % len(LINE_STYLES)]),
                           symbol=SYMBOLS[number % len(SYMBOLS)], symbolSize=7, symbolBrush=colour,
                           symbolPen=pg.mkPen(colour))
        if chart.target is not None:
            target = pg.InfiniteLine(pos=chart.target * scale, angle=0,
                                     pen=pg.mkPen("#B3261E", width=1.5, style=Qt.PenStyle.DashLine))
            self.plot.addItem(target)
            self.legend.addItem(pg.PlotDataItem(pen=pg.mkPen("#B3261E", width=1.5, style=Qt.PenStyle.DashLine)),
                                chart.target_label)
            top = max(top, chart.target * scale)
        self.plot.getAxis("left").setLabel("")
        self.plot.setXRange(-0.5, max(count, 1) - 0.5, padding=0)
        self.plot.setYRange(0, 122.0 if chart.percent else max(top * 1.25, 1.0), padding=0)

    def _heatmap(self, chart: Chart) -> None:
        """Shades only: the counts are in the table below and under the mouse (168 text items cost a switch
        of view several hundred milliseconds)."""
        data = np.array([[v or 0.0 for v in line.values] for line in chart.series], dtype=float)
        self.image = pg.ImageItem(data.T)
        most = max(float(data.max()), 1.0)
        ramp = pg.ColorMap(pos=[0.0, 1.0], color=[(255, 255, 255), (31, 78, 121)])
        self.image.setLookupTable(ramp.getLookupTable(nPts=256))
        self.image.setLevels([0, most])
        self.plot.addItem(self.image)
        self.plot.getViewBox().invertY(True)
        self.image.setRect(-0.5, -0.5, data.shape[1], data.shape[0])
        self.plot.setXRange(-0.5, data.shape[1] - 0.5, padding=0)
        self.plot.setYRange(-0.5, data.shape[0] - 0.5, padding=0)
        self.plot.getAxis("left").setLabel("")

    # -- category labels that never overlap ------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._ticks()

    def _ticks(self) -> None:
        chart = self.chart
        if chart is None:
            return
        metrics = QFontMetrics(self.tick_font)
        if chart.kind == ChartKind.HEATMAP:
            rows = [(r, line.name) for r, line in enumerate(chart.series)]
            self.plot.getAxis("left").setTicks([rows, []])
            self.plot.getAxis("bottom").setTicks([self._thinned(
                [c.removesuffix("时") for c in chart.categories], metrics, self.width() - 80), []])
            return
        lying = chart.kind == ChartKind.HBARS
        axis = self.plot.getAxis("left" if lying else "bottom")
        room = (self.height() - 90) if lying else (self.width() - 90)
        axis.setTicks([self._thinned(chart.categories, metrics, room, lying), []])
        value_axis = self.plot.getAxis("top" if lying else "left")
        value_axis.setTicks(self._value_ticks(chart))

    @staticmethod
    def _value_ticks(chart: Chart) -> list[list[tuple[float, str]]] | None:
        """Per cent in steps of 20; small counts in whole numbers (half a person is not a tick); else pyqtgraph's."""
        if chart.percent:
            return [[(v, f"{v}%") for v in range(0, 101, 20)], []]
        top = max((chart.stack_total(i) if chart.kind != ChartKind.LINES else
                   max((line.values[i] or 0 for line in chart.series), default=0)
                   for i in range(len(chart.categories))), default=0)
        if chart.unit in WHOLE_UNITS and top <= 8:
            return [[(v, str(v)) for v in range(0, int(top) + 2)], []]
        return None

    @staticmethod
    def _thinned(labels: list[str], metrics: QFontMetrics, room: float, lying: bool = False) -> list[tuple[float, str]]:
        if not labels:
            return []
        per = max(room, 50) / len(labels)
        needed = (metrics.height() + 2) if lying else max(metrics.horizontalAdvance(t) for t in labels) + 12
        step = max(1, math.ceil(needed / per))
        return [(float(i), label) for i, label in enumerate(labels) if i % step == 0]

    # -- what is under the mouse -------------------------------------------------------------------------
    def point_at(self, x: float, y: float) -> tuple[int, int] | None:
        """(series, category) of the bar, point or cell at data coordinates (x, y), or None."""
        chart = self.chart
        if chart is None or not chart.categories:
            return None
        if chart.kind == ChartKind.HEATMAP:
            column, row = round(x), round(y)
            if 0 <= row < len(chart.series) and 0 <= column < len(chart.categories):
                return row, column
            return None
        if chart.kind == ChartKind.LINES:
            return self._nearest_point(chart, x, y)
        lying = chart.kind == ChartKind.HBARS
        index, value = (round(y), x) if lying else (round(x), y)
        across = y if lying else x
        if not 0 <= index < len(chart.categories) or abs(across - index) > BAR / 2:
            return None
        scale = 100.0 if chart.percent else 1.0
        base = 0.0
        for number, line in enumerate(chart.series):
            top = base + (line.values[index] or 0) * scale
            if base <= value <= top and top > base:
                return number, index
            base = top
        return None

    def _nearest_point(self, chart: Chart, x: float, y: float) -> tuple[int, int] | None:
        index = round(x)
        if not 0 <= index < len(chart.categories):
            return None
        scale = 100.0 if chart.percent else 1.0
        view = self.plot.getViewBox().viewRange()
        tolerance = (view[1][1] - view[1][0]) * 0.05
        found = []
        for number, line in enumerate(chart.series):
            value = line.values[index]
            if value is not None and abs(value * scale - y) <= tolerance:
                found.append((abs(value * scale - y), number))
        return (min(found)[1], index) if found else None

    def tooltip(self, series: int, index: int) -> str:
        return self.chart.point_text(series, index) if self.chart is not None else ""

    def drill(self, series: int, index: int) -> Drill | None:
        return self.chart.series[series].drill(index) if self.chart is not None else None

    def _data_point(self, scene_pos: QPointF) -> tuple[int, int] | None:
        if not self.plot.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.plot.getViewBox().mapSceneToView(scene_pos)
        return self.point_at(point.x(), point.y())

    def _hover(self, scene_pos: QPointF) -> None:
        found = self._data_point(scene_pos)
        if found is None:
            QToolTip.hideText()
            return
        text = self.tooltip(*found)
        if self.drill(*found) is not None:
            text += "\n（单击查看明细）"
        QToolTip.showText(QCursor.pos(), text, self.widget)

    def _click(self, event: Any) -> None:
        found = self._data_point(event.scenePos())
        if found is not None:
            drill = self.drill(*found)
            if drill is not None:
                self.activated.emit(drill)

    def export_png(self, path: Path) -> None:
        """The chart as PNG at twice its screen size (pyqtgraph's SVG export is broken upstream, #3485)."""
        from pyqtgraph.exporters import ImageExporter

        exporter = ImageExporter(self.plot)
        exporter.parameters()["width"] = max(1200, self.widget.width() * 2)
        exporter.export(str(path))
