"""The 预警叫应 view, from the warnings area's statistics of the period (``dutyroom.warnings.stats``): warnings by
type and level, the time to answer (median and 90th percentile), the share answered within the deadline, and
the people never reached by township. The sentence above the charts is the one the monthly 预警叫应情况统计
prints."""

from __future__ import annotations

from dutyroom.printing.warning_stats import summary_paragraph
from dutyroom.stats.charts import Chart, ChartKind, Drill, Panel, Series, Table, View, format_value
from dutyroom.warnings.catalog import LEVEL_COLOURS, LEVEL_LABELS, LEVELS
from dutyroom.warnings.stats import WarningRow, WarningStats


def warning_view(stats: WarningStats) -> View:
    return View("warnings", "预警叫应", [types_panel(stats), answer_panel(stats), in_time_panel(stats),
                                     silent_panel(stats)])


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _label(row: WarningRow) -> str:
    return f"{row.number} {row.title}"


def types_panel(stats: WarningStats) -> Panel:
    types = list(stats.by_type_level)
    series = [Series(LEVEL_LABELS[code], [stats.by_type_level[t].get(code, 0) for t in types],
                     [Drill.of("warnings", type=t, level=code) for t in types], LEVEL_COLOURS[code]) for code in LEVELS]
    chart = Chart("预警信息（按种类和级别）", ChartKind.BARS, types, series, unit="条",
                  note="" if types else "本期没有接收预警信息。")
    rows = [[t, *(stats.by_type_level[t].get(code, 0) for code in LEVELS), sum(stats.by_type_level[t].values())]
            for t in types]
    rows.append(["合计", *(stats.by_level.get(code, 0) for code in LEVELS), stats.warnings])
    drills: list[Drill | None] = [*(Drill.of("warnings", type=t) for t in types), Drill.of("warnings")]
    return Panel("warnings.types", "种类与级别", chart,
                 Table(["预警种类", *(LEVEL_LABELS[c] for c in LEVELS), "合计"], rows, drills), summary_paragraph(stats))


def warnings_table(stats: WarningStats) -> Table:
    headers = ["编号", "预警", "接收时间", "通知份数", "需叫应", "已应答", "时限内应答", "未应答", "未叫醒上报", "应答用时中位数"]
    rows = [[r.number, r.title, r.received_at[5:16].replace("T", " "), r.notices, r.targets, r.answered, r.in_time,
             r.silent, r.escalated, format_value(r.median_seconds, "秒")] for r in stats.rows]
    return Table(headers, rows, [Drill.of("warning", warning_id=r.warning_id) for r in stats.rows])


def answer_panel(stats: WarningStats) -> Panel:
    rows = [r for r in stats.rows if r.median_seconds is not None]
    chart = Chart(f"应答用时中位数（分钟；全期中位数{format_value(stats.median_seconds, '秒')}，"
                  f"90%的人{format_value(stats.p90_seconds, '秒')}内应答）", ChartKind.HBARS, [_label(r) for r in rows],
                  [Series("应答用时中位数", [minutes(r.median_seconds) for r in rows],
                          [Drill.of("warning", warning_id=r.warning_id) for r in rows])], unit="分钟",
                  note="" if rows else "本期没有应答记录。")
    return Panel("warnings.answer", "应答用时", chart, warnings_table(stats), summary_paragraph(stats))


def minutes(seconds: float | None) -> float:
    return round((seconds or 0) / 60, 1)


def in_time_share(row: WarningRow) -> float | None:
    """Reached within the deadline among those whose outcome is known (reached, or silent past the deadline), as
    the period's share counts them."""
    known = row.answered + row.silent
    return row.in_time / known if known else None


def in_time_panel(stats: WarningStats) -> Panel:
    rows = [r for r in stats.rows if in_time_share(r) is not None]
    chart = Chart(f"时限内应答比例（全期{_share(stats.in_time_share)}）", ChartKind.HBARS, [_label(r) for r in rows],
                  [Series("时限内应答", [in_time_share(r) for r in rows],
                          [Drill.of("warning", warning_id=r.warning_id) for r in rows])], unit="%", percent=True,
                  note="" if rows else "本期没有需叫应的预警。")
    return Panel("warnings.in_time", "时限内应答", chart, warnings_table(stats), summary_paragraph(stats))


def silent_panel(stats: WarningStats) -> Panel:
    towns = list(stats.silent_by_township)
    chart = Chart("始终未应答人次（按乡镇）", ChartKind.HBARS, towns,
                  [Series("未应答", [stats.silent_by_township[t] for t in towns],
                          [Drill.of("silent", township=t) for t in towns])], unit="人次",
                  note="" if towns else "本期没有始终未应答的叫应对象。")
    rows = [[t, stats.silent_by_township[t]] for t in towns] + [["合计", stats.silent]]
    drills: list[Drill | None] = [*(Drill.of("silent", township=t) for t in towns), Drill.of("silent")]
    return Panel("warnings.silent", "未应答", chart, Table(["乡镇（单位）", "未应答人次"], rows, drills),
                 summary_paragraph(stats))
