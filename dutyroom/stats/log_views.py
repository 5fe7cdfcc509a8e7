"""The 值班日志 view (entries by hour and weekday, calls per day, roll calls and their answer times) and the 通讯录
view (the share of entries verified within the cycle, by unit)."""

from __future__ import annotations

from dutyroom.dutylog.kinds import LogKind
from dutyroom.stats.charts import Chart, ChartKind, Drill, Panel, Series, Table, View
from dutyroom.stats.logbook import WEEKDAYS, LogFigures, RollCallBucket
from dutyroom.stats.period import bucket_label
from dutyroom.stats.verification import VerificationFigures

HOURS = [f"{h}时" for h in range(24)]


def log_view(figures: LogFigures) -> View:
    return View("log", "值班日志", [heat_panel(figures), calls_panel(figures), roll_call_panel(figures),
                                  delay_panel(figures)])


def heat_panel(figures: LogFigures) -> Panel:
    series = [Series(day, [float(n) for n in figures.heat[w]],
                     [Drill.of("entries", weekday=w, hour=h) for h in range(24)]) for w, day in enumerate(WEEKDAYS)]
    chart = Chart("值班记录时段分布（星期 × 小时）", ChartKind.HEATMAP, HOURS, series, unit="条",
                  note="" if figures.entries else "本期没有值班记录。")
    rows = [[day, *figures.heat[w], sum(figures.heat[w])] for w, day in enumerate(WEEKDAYS)]
    rows.append(["合计", *(sum(figures.heat[w][h] for w in range(7)) for h in range(24)), figures.entries])
    drills: list[Drill | None] = [*(Drill.of("entries", weekday=w) for w in range(7)), Drill.of("entries")]
    busiest = max(((figures.heat[w][h], w, h) for w in range(7) for h in range(24)), default=(0, 0, 0))
    summary = f"本期值班记录{figures.entries}条" + (
        f"；最集中的时段是{WEEKDAYS[busiest[1]]}{busiest[2]}时（{busiest[0]}条）。" if busiest[0] else "。")
    return Panel("log.heat", "时段分布", chart, Table(["星期", *HOURS, "合计"], rows, drills), summary)


def calls_panel(figures: LogFigures) -> Panel:
    days = list(figures.calls)
    kinds = ((LogKind.CALL_IN, "来电"), (LogKind.CALL_OUT, "去电"))
    series = [Series(label, [figures.calls[d][kind] for d in days],
                     [Drill.of("calls", day=d, log_kind=kind) for d in days]) for kind, label in kinds]
    total = sum(sum(c.values()) for c in figures.calls.values())
    chart = Chart("每日电话记录（来电、去电）", ChartKind.BARS, [bucket_label(d) for d in days], series, unit="次",
                  note="" if total else "本期没有电话记录。")
    rows = [[bucket_label(d), figures.calls[d][LogKind.CALL_IN], figures.calls[d][LogKind.CALL_OUT],
             sum(figures.calls[d].values())] for d in days]
    drills: list[Drill | None] = [Drill.of("calls", day=d) for d in days]
    busiest = max(days, key=lambda d: sum(figures.calls[d].values()), default=None)
    summary = f"本期电话记录{total}次，日均{total / max(len(days), 1):.1f}次" + (
        f"；最多的一天是{bucket_label(busiest)}（{sum(figures.calls[busiest].values())}次）。"
        if busiest and total else "。")
    return Panel("log.calls", "每日电话", chart, Table(["日期", "来电", "去电", "合计"], rows, drills), summary)


def _delay(seconds: float | None) -> str:
    from dutyroom.stats.charts import format_value

    return format_value(seconds, "秒")


def roll_call_table(figures: LogFigures) -> Table:
    headers = ["时间", "次数", "正常", "发现问题", "平均应答用时", "中位应答用时", "最长应答用时"]

    def row(item: RollCallBucket, name: str) -> list[object]:
        return [name, item.count, item.normal, item.problems, _delay(item.mean), _delay(item.median),
                _delay(item.longest)]

    rows = [row(b, bucket_label(b.bucket)) for b in figures.roll_calls if b.count]
    drills: list[Drill | None] = [Drill.of("rollcalls", bucket=b.bucket) for b in figures.roll_calls if b.count]
    rows.append(row(figures.roll_call_total, "合计"))
    drills.append(Drill.of("rollcalls"))
    return Table(headers, rows, drills)


def _roll_summary(figures: LogFigures) -> str:
    total = figures.roll_call_total
    if not total.count:
        return "本期没有上级查岗点名记录。"
    return (f"本期接受上级查岗点名{total.count}次，发现问题{total.problems}次；平均应答用时{_delay(total.mean)}，"
            f"最长{_delay(total.longest)}。")


def _roll_panel(figures: LogFigures, key: str, name: str, title: str, kind: ChartKind, series: list[Series],
                unit: str, empty: bool, note: str) -> Panel:
    """A chart of the roll calls received, day by day or month by month, over the one table of them."""
    buckets = figures.roll_calls
    per = "按日" if figures.period.by_day else "按月"
    chart = Chart(f"{title}（{per}）", kind, [bucket_label(b.bucket) for b in buckets], series, unit=unit,
                  note=note if empty else "")
    return Panel(key, name, chart, roll_call_table(figures), _roll_summary(figures))


def roll_call_panel(figures: LogFigures) -> Panel:
    buckets = figures.roll_calls
    series = [Series("正常", [b.normal for b in buckets], [Drill.of("rollcalls", bucket=b.bucket) for b in buckets]),
              Series("发现问题", [b.problems for b in buckets],
                     [Drill.of("rollcalls", bucket=b.bucket, problems=1) for b in buckets])]
    return _roll_panel(figures, "log.rollcalls", "查岗点名", "上级查岗点名次数", ChartKind.BARS, series, "次",
                       not figures.roll_call_total.count, "本期没有上级查岗点名记录。")


def delay_panel(figures: LogFigures) -> Panel:
    buckets = figures.roll_calls
    drills: list[Drill | None] = [Drill.of("rollcalls", bucket=b.bucket) for b in buckets]
    series = [Series("平均", [None if b.mean is None else round(b.mean, 1) for b in buckets], drills),
              Series("最长", [None if b.longest is None else float(b.longest) for b in buckets], drills)]
    return _roll_panel(figures, "log.delays", "应答用时", "查岗点名应答用时", ChartKind.LINES, series, "秒",
                       not figures.roll_call_total.delays, "本期没有登记应答用时的查岗点名。")


def contacts_view(figures: VerificationFigures) -> View:
    units = figures.units
    chart = Chart(f"周期内已核实的比例（核实周期{figures.cycle_days}天）", ChartKind.HBARS, [u.name for u in units],
                  [Series("已核实", [u.share for u in units], [Drill.of("contacts", unit_id=u.unit_id) for u in units])],
                  unit="%", percent=True, note="" if units else "通讯录为空。")
    headers = ["单位", "条目", "周期内已核实", "超期未核实", "从未核实", "核实率"]
    rows = [[u.name, u.entries, u.verified, u.overdue, u.never, "—" if u.share is None else f"{u.share:.1%}"]
            for u in [*units, figures.total]]
    drills: list[Drill | None] = [Drill.of("contacts", unit_id=u.unit_id) for u in units] + [None]
    total = figures.total
    summary = (f"截至{figures.as_of.year}年{figures.as_of.month}月{figures.as_of.day}日，通讯录{total.entries}条，"
               f"{figures.cycle_days}天内核实过的{total.verified}条"
               + (f"（{total.share:.1%}）" if total.share is not None else "") + f"，从未核实{total.never}条。")
    return View("contacts", "通讯录", [Panel("contacts.units", "核实率", chart, Table(headers, rows, drills), summary)])
