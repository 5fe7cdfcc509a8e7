"""The 预警叫应 view, from the warnings area's statistics of the period (``dutyroom.warnings.stats.WarningStats``):
warnings by type and level, the time to answer (median and 90th percentile), the share answered within the
deadline, and the people never reached by township."""

from __future__ import annotations

from typing import Any

from dutyroom.stats.charts import Chart, ChartKind, Drill, Panel, Series, Table, View, format_value

LEVELS = ("red", "orange", "yellow", "blue")
LEVEL_LABELS = {"red": "红色", "orange": "橙色", "yellow": "黄色", "blue": "蓝色"}


def warning_view(stats: Any) -> View:
    return View("warnings", "预警叫应", [types_panel(stats), answer_panel(stats), in_time_panel(stats),
                                     silent_panel(stats)])


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def summary(stats: Any) -> str:
    if not stats.warnings:
        return "本期没有接收预警信息。"
    return (f"本期接收预警{stats.warnings}条（通知{stats.notices}次），需叫应{stats.targets}人次，已应答{stats.answered}"
            f"人次；应答用时中位数{format_value(stats.median_seconds, '秒')}、90%在"
            f"{format_value(stats.p90_seconds, '秒')}以内；时限内应答比例{_share(stats.in_time_share)}；"
            f"始终未应答{stats.silent}人次。")


def types_panel(stats: Any) -> Panel:
    types = list(stats.by_type_level)
    series = [Series(LEVEL_LABELS[code], [stats.by_type_level[t].get(code, 0) for t in types],
                     [Drill.of("warnings", type=t, level=code) for t in types]) for code in LEVELS]
    chart = Chart("预警信息（按类型和级别）", ChartKind.BARS, types, series, unit="条",
                  note="" if types else "本期没有接收预警信息。")
    rows = [[t, *(stats.by_type_level[t].get(code, 0) for code in LEVELS), sum(stats.by_type_level[t].values())]
            for t in types]
    rows.append(["合计", *(stats.by_level.get(code, 0) for code in LEVELS), stats.warnings])
    drills: list[Drill | None] = [*(Drill.of("warnings", type=t) for t in types), Drill.of("warnings")]
    return Panel("warnings.types", "类型与级别", chart,
                 Table(["预警类型", *LEVEL_LABELS.values(), "合计"], rows, drills), summary(stats))


def warnings_table(stats: Any) -> Table:
    headers = ["编号", "预警", "接收时间", "通知次数", "需叫应", "已应答", "时限内应答", "未应答", "升级叫应", "应答用时中位数"]
    rows = [[r.number, r.title, r.received_at[5:16].replace("T", " "), r.notices, r.targets, r.answered, r.in_time,
             r.silent, r.escalated, format_value(r.median_seconds, "秒")] for r in stats.rows]
    return Table(headers, rows, [Drill.of("warning", warning_id=r.warning_id) for r in stats.rows])


def answer_panel(stats: Any) -> Panel:
    rows = [r for r in stats.rows if r.median_seconds is not None]
    chart = Chart(f"应答用时中位数（全期中位数{format_value(stats.median_seconds, '秒')}，"
                  f"90%分位{format_value(stats.p90_seconds, '秒')}）", ChartKind.HBARS,
                  [f"{r.number} {r.title}" for r in rows],
                  [Series("应答用时中位数", [float(r.median_seconds) for r in rows],
                          [Drill.of("warning", warning_id=r.warning_id) for r in rows])], unit="秒",
                  note="" if rows else "本期没有应答记录。")
    return Panel("warnings.answer", "叫应用时", chart, warnings_table(stats), summary(stats))


def in_time_panel(stats: Any) -> Panel:
    rows = [r for r in stats.rows if r.targets]
    chart = Chart(f"时限内应答比例（全期{_share(stats.in_time_share)}）", ChartKind.HBARS,
                  [f"{r.number} {r.title}" for r in rows],
                  [Series("时限内应答", [r.in_time / r.targets for r in rows],
                          [Drill.of("warning", warning_id=r.warning_id) for r in rows])], unit="%", percent=True,
                  note="" if rows else "本期没有需叫应的预警。")
    return Panel("warnings.in_time", "按时应答", chart, warnings_table(stats), summary(stats))


def silent_panel(stats: Any) -> Panel:
    towns = list(stats.silent_by_township)
    chart = Chart("始终未应答人次（按乡镇）", ChartKind.HBARS, towns,
                  [Series("未应答", [stats.silent_by_township[t] for t in towns],
                          [Drill.of("silent", township=t) for t in towns])], unit="人次",
                  note="" if towns else "本期没有始终未应答的叫应对象。")
    rows = [[t, stats.silent_by_township[t]] for t in towns] + [["合计", stats.silent]]
    drills: list[Drill | None] = [*(Drill.of("silent", township=t) for t in towns), Drill.of("silent")]
    return Panel("warnings.silent", "未应答", chart, Table(["乡镇（单位）", "未应答人次"], rows, drills), summary(stats))
