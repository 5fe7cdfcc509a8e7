"""预警叫应情况统计 of a month (A4 portrait, GB/T 9704): warnings by type and level, how fast people answered
(median and 90th percentile), the share answered within the deadline, who was never reached by township, and
each warning's line. The figures are ``dutyroom.warnings.stats`` — the same the statistics view shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dutyroom.clock import chinese_date, parse_iso
from dutyroom.warnings.stats import WarningStats


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def stats_title(stats: WarningStats) -> str:
    if stats.first.day == 1 and (stats.last.month != stats.first.month or stats.last.day >= 28):
        return f"{stats.first.year}年{stats.first.month}月预警叫应情况统计"
    return f"{chinese_date(stats.first)}至{chinese_date(stats.last)}预警叫应情况统计"


def summary_paragraph(stats: WarningStats) -> str:
    from dutyroom.warnings.queries import duration_text

    if not stats.notices:
        return "本期未接收预警信息。"
    text = (f"本期共接收预警{stats.warnings}次（含变更、解除通知共{stats.notices}份），其中提升级别{stats.raised}次、"
            f"解除{stats.lifted}次。逐一叫应{stats.targets}人次，已应答{stats.answered}人次")
    if stats.by_backup:
        text += f"（其中B角代应{stats.by_backup}人次）"
    text += (f"，时限内应答{stats.answered_in_time}人次、超时应答{stats.late}人次，未应答{stats.silent}人次，"
             f"时限内应答率{_share(stats.in_time_share)}；应答用时中位数{duration_text(stats.median_seconds)}，"
             f"90%的人在{duration_text(stats.p90_seconds)}内应答。")
    if stats.escalated:
        text += f"未叫醒上报{stats.escalated}人次。"
    if stats.pending:
        text += f"另有{stats.pending}人次的叫应尚在时限内进行中，未计入。"
    if stats.notified:
        text += f"只发通知的预警通知{stats.notified}人次。"
    return text


def render_warning_stats(stats: WarningStats, org_name: str, printed_at: datetime) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from dutyroom.printing.page import PORTRAIT, build_pdf, para, signature_block, spacer, table
    from dutyroom.printing.warning_ledger import ledger_styles
    from dutyroom.warnings.catalog import LEVEL_LABELS, LEVELS
    from dutyroom.warnings.queries import duration_text

    styles = ledger_styles()
    width = PORTRAIT.text_width
    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8"))]
    title = stats_title(stats)

    def cells(values: list[str], first_left: bool = True) -> list[Any]:
        return [para(v, styles.table_cell if (n == 0 and first_left) else styles.table_cell_centre)
                for n, v in enumerate(values)]

    def header(*titles: str) -> list[Any]:
        return [para(t, styles.table_header) for t in titles]

    story: list[Any] = [para(title, styles.title), para(org_name, styles.note_centre),
                        para(summary_paragraph(stats), styles.body), spacer(2),
                        para("一、预警发布情况（按种类和级别）", styles.small_heading)]
    head = header("预警种类", *(LEVEL_LABELS[c] for c in LEVELS), "合计")
    rows = [head] + [cells([kind, *(str(levels.get(c, 0)) for c in LEVELS), str(sum(levels.values()))])
                     for kind, levels in stats.by_type_level.items()]
    rows.append(cells(["合计", *(str(stats.by_level.get(c, 0)) for c in LEVELS), str(stats.warnings)]))
    story.append(table(rows, [width - 5 * 24 * mm] + [24 * mm] * 5, grid, repeat_rows=1))
    story += [spacer(2), para("二、叫应时效", styles.small_heading)]
    measures = [("逐一叫应人次", str(stats.targets)), ("已应答（含B角代应）", f"{stats.answered}（{stats.by_backup}）"),
                ("时限内应答", str(stats.answered_in_time)), ("超时应答", str(stats.late)),
                ("未应答", str(stats.silent)), ("时限内应答率", _share(stats.in_time_share)),
                ("应答用时中位数", duration_text(stats.median_seconds)),
                ("应答用时90百分位", duration_text(stats.p90_seconds)), ("未叫醒上报", str(stats.escalated))]
    half = (len(measures) + 1) // 2
    pairs = [cells([a, b, *(c if c else ("", ""))], first_left=False)
             for (a, b), c in zip(measures[:half], [*measures[half:], None], strict=False)]
    story.append(table(pairs, [width * 0.3, width * 0.2, width * 0.3, width * 0.2],
                       [grid[0], grid[1], ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEEEEE")),
                        ("BACKGROUND", (2, 0), (2, -1), colors.HexColor("#EEEEEE"))]))
    story += [spacer(2), para("三、未应答人员分布（按乡镇）", styles.small_heading)]
    if stats.silent_by_township:
        rows = [header("乡镇（街道）", "未应答人次")] + [cells([name, str(count)])
                                                     for name, count in stats.silent_by_township.items()]
        story.append(table(rows, [width * 0.6, width * 0.4], grid, repeat_rows=1))
    else:
        story.append(para("无未应答人员。", styles.note))
    if stats.rows:
        story += [spacer(2), para("四、各次预警叫应情况", styles.small_heading)]
        head = header("编号", "预警", "接收时间", "叫应", "应答", "时限内", "未应答", "用时中位数")
        rows = [head] + [cells([r.number, r.title, _day_time(r.received_at), str(r.targets), str(r.answered),
                                str(r.in_time), str(r.silent), duration_text(r.median_seconds)])
                         for r in stats.rows]
        story.append(table(rows, [22 * mm, width - 134 * mm, 26 * mm, 14 * mm, 14 * mm, 16 * mm, 16 * mm, 26 * mm],
                           grid, repeat_rows=1))
    story += [spacer(8), signature_block("统计：值班室", chinese_date(printed_at.date()), styles)]
    return build_pdf(story, title=title, subject="预警叫应情况统计", author=org_name, created=printed_at)


def _day_time(text: str) -> str:
    moment = parse_iso(text)
    return f"{moment.month}月{moment.day}日{moment:%H:%M}"
