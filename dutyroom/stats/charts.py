"""What a statistics view shows, as plain data: a chart (bars, lines or a heat map) and the table of its numbers.

The screen draws a ``Chart`` with pyqtgraph, the printout with reportlab's vector graphics, the .xlsx writes its
``Table``: one description, so the numbers on the screen, on paper and in Excel are the same numbers. Each point
and row may carry a ``Drill``: the records behind it (``stats.records``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ChartKind(StrEnum):
    BARS = "bars"            # one bar per category, series stacked
    HBARS = "hbars"          # the same, lying down (long category names: people, units)
    LINES = "lines"          # one line per series over the categories (a time axis)
    HEATMAP = "heatmap"      # rows × columns of counts


@dataclass(frozen=True)
class Drill:
    """Which records a point stands for: a kind (``stats.records.KINDS``) and its filter."""
    kind: str
    filter: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, what: str, **values: Any) -> Drill:
        return cls(what, tuple(sorted(values.items())))

    def get(self, key: str, default: Any = None) -> Any:
        return dict(self.filter).get(key, default)


@dataclass
class Series:
    name: str
    values: Sequence[float | None]
    drills: Sequence[Drill | None] = field(default_factory=list)
    colour: str = ""           # on screen, where the colour means something (a warning's level); paper stays grey

    def drill(self, index: int) -> Drill | None:
        return self.drills[index] if index < len(self.drills) else None


@dataclass
class Chart:
    title: str
    kind: ChartKind
    categories: list[str]                      # x (or y, lying down) labels; heat map: the columns
    series: list[Series]                       # heat map: one series per row, named by the row
    unit: str = ""                             # what a value counts: 次, 起, %, 秒, 元
    target: float | None = None                # a reference line (the 及时率 target)
    target_label: str = ""
    percent: bool = False                      # values are shares 0..1 shown as per cent
    note: str = ""                             # why the chart is empty, or what it leaves out

    @property
    def empty(self) -> bool:
        return not any(v for s in self.series for v in s.values if v)

    def value_text(self, value: float | None) -> str:
        return format_value(value, self.unit, self.percent)

    def point_text(self, series: int, index: int) -> str:
        """What hovering over a point says: its category, series and exact value."""
        line = self.series[series]
        what = self.categories[index]
        name = f"{line.name}：" if self.kind == ChartKind.HEATMAP or len(self.series) > 1 or line.name else ""
        if self.kind == ChartKind.HEATMAP:
            return f"{line.name} {what}：{self.value_text(line.values[index])}"
        return f"{what}\n{name}{self.value_text(line.values[index])}"

    def stack_total(self, index: int) -> float:
        return sum(s.values[index] or 0 for s in self.series)


@dataclass
class Table:
    headers: list[str]
    rows: Sequence[Sequence[Any]]
    drills: Sequence[Drill | None] = field(default_factory=list)

    def text(self, row: int, column: int) -> str:
        return cell_text(self.rows[row][column])


@dataclass
class Panel:
    """One chart with the table of its numbers, inside a view."""
    key: str                    # e.g. "duties.people"
    name: str                   # the chart's tab: 按人员
    chart: Chart
    table: Table
    summary: str = ""           # one sentence above the chart


@dataclass
class View:
    key: str
    title: str
    panels: list[Panel]


def format_value(value: float | None, unit: str = "", percent: bool = False) -> str:
    if value is None:
        return "—"
    if percent:
        return f"{value * 100:.1f}%"
    if unit == "秒":
        from dutyroom.dutylog.kinds import seconds_text

        return seconds_text(round(value)) or "0秒"
    number = f"{value:g}" if float(value).is_integer() else f"{value:.1f}"
    return f"{number}{unit}"


def cell_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)
