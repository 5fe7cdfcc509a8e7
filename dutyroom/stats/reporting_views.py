"""The 信息报送 view: incidents over time by category and by grade, and the 及时率 of each upward step against the
target, with the late items behind every point."""

from __future__ import annotations

from dutyroom.clock import parse_iso
from dutyroom.incidents.rules import GRADE_LABELS, GRADES
from dutyroom.stats.charts import Chart, ChartKind, Drill, Panel, Series, Table, View
from dutyroom.stats.period import bucket_label
from dutyroom.stats.reporting import STEPS, ReportingFigures


def reporting_view(figures: ReportingFigures) -> View:
    return View("incidents", "信息报送", [category_panel(figures), grade_panel(figures), timeliness_panel(figures),
                                      late_panel(figures)])


def _unit(figures: ReportingFigures) -> str:
    return "按日" if figures.period.by_day else "按月"


def counts_table(figures: ReportingFigures) -> Table:
    headers = ["时间", "合计", *figures.categories, *(GRADE_LABELS[g] for g in GRADES)]
    rows = [[bucket_label(b), sum(figures.by_category[b].values()),
             *(figures.by_category[b].get(c, 0) for c in figures.categories),
             *(figures.by_grade[b].get(g, 0) for g in GRADES)] for b in figures.buckets]
    return Table(headers, rows, [Drill.of("incidents", bucket=b) for b in figures.buckets])


def _summary(figures: ReportingFigures) -> str:
    grades = {g: sum(figures.by_grade[b].get(g, 0) for b in figures.buckets) for g in GRADES}
    parts = "、".join(f"{GRADE_LABELS[g]}{n}起" for g, n in grades.items() if n)
    return f"本期接报突发事件{figures.incidents}起" + (f"，其中{parts}。" if parts else "。")


def category_panel(figures: ReportingFigures) -> Panel:
    series = [Series(c, [figures.by_category[b].get(c, 0) for b in figures.buckets],
                     [Drill.of("incidents", bucket=b, category=c) for b in figures.buckets]) for c in figures.categories]
    chart = Chart(f"接报事件数（{_unit(figures)}，按类别）", ChartKind.BARS,
                  [bucket_label(b) for b in figures.buckets], series, unit="起",
                  note="" if figures.incidents else "本期没有接报突发事件。")
    return Panel("incidents.category", "按类别", chart, counts_table(figures), _summary(figures))


def grade_panel(figures: ReportingFigures) -> Panel:
    grades = [g for g in GRADES if any(figures.by_grade[b].get(g) for b in figures.buckets)] or list(GRADES[-1:])
    series = [Series(GRADE_LABELS[g], [figures.by_grade[b].get(g, 0) for b in figures.buckets],
                     [Drill.of("incidents", bucket=b, grade=g) for b in figures.buckets]) for g in grades]
    chart = Chart(f"接报事件数（{_unit(figures)}，按等级）", ChartKind.BARS,
                  [bucket_label(b) for b in figures.buckets], series, unit="起",
                  note="" if figures.incidents else "本期没有接报突发事件。")
    return Panel("incidents.grade", "按等级", chart, counts_table(figures), _summary(figures))


def timeliness_table(figures: ReportingFigures) -> Table:
    headers = ["时间", "环节", "按时", "超时", "未到期", "免报", "及时率"]
    rows: list[list[object]] = []
    drills: list[Drill | None] = []
    for bucket in figures.buckets:
        for step, label in STEPS.items():
            tally = figures.timeliness[step][bucket]
            if tally.counted + tally.pending + tally.waived:
                rows.append([bucket_label(bucket), label, tally.on_time, tally.late, tally.pending, tally.waived,
                             _rate(tally.rate)])
                drills.append(Drill.of("late", bucket=bucket, step=step))
    for step, label in STEPS.items():
        total = figures.step_total(step)
        rows.append(["合计", label, total.on_time, total.late, total.pending, total.waived, _rate(total.rate)])
        drills.append(Drill.of("late", step=step))
    return Table(headers, rows, drills)


def _rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def timeliness_panel(figures: ReportingFigures) -> Panel:
    series = [Series(label, [figures.timeliness[step][b].rate for b in figures.buckets],
                     [Drill.of("late", bucket=b, step=step) for b in figures.buckets]) for step, label in STEPS.items()]
    chart = Chart(f"信息报送及时率（{_unit(figures)}）", ChartKind.LINES, [bucket_label(b) for b in figures.buckets],
                  series, unit="%", target=figures.target, target_label=f"目标 {figures.target:.0%}", percent=True,
                  note="" if any(figures.step_total(s).counted for s in STEPS) else "本期没有到期的报送时限。")
    totals = "；".join(f"{label}{_rate(figures.step_total(step).rate)}" for step, label in STEPS.items())
    summary = f"及时率：{totals}（目标{figures.target:.0%}；超时{len(figures.late)}项）。"
    return Panel("incidents.timeliness", "及时率", chart, timeliness_table(figures), summary)


def late_panel(figures: ReportingFigures) -> Panel:
    counts = [sum(figures.timeliness[step][b].late for b in figures.buckets) for step in STEPS]
    chart = Chart("超时项数（按环节）", ChartKind.BARS, list(STEPS.values()),
                  [Series("超时", counts, [Drill.of("late", step=step) for step in STEPS])], unit="项",
                  note="" if figures.late else "本期没有超时的报送。")
    headers = ["编号", "事件", "环节", "时限", "完成", "超时"]
    rows = [[item["number"], item["title"], item["step_label"], _moment(item["due_at"]), _moment(item["met_at"]),
             f"{item['late_minutes']}分钟" + ("（未完成）" if item["still_open"] else "")] for item in figures.late]
    drills: list[Drill | None] = [Drill.of("incident", incident_id=item["incident_id"]) for item in figures.late]
    return Panel("incidents.late", "超时明细", chart, Table(headers, rows, drills),
                 f"本期超时{len(figures.late)}项。")


def _moment(text: str | None) -> str:
    if not text:
        return "未完成"
    moment = parse_iso(text)
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}"
