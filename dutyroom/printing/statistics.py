"""月度/年度值班工作统计 (A4 portrait, GB/T 9704): per view a sentence, its charts drawn as vector graphics and the
tables of their numbers — the same ``stats.views`` panels the screen shows."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from dutyroom.stats.charts import Panel, Table, View, cell_text
from dutyroom.stats.report import StatsReport

CHINESE_NUMBERS = "一二三四五六七八九十"
# Which charts and tables of each view go on paper (the report upward): chart panels, then table panels.
PRINTED: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "duties": (("duties.roles", "duties.holidays", "duties.spread"), ("duties.roles", "duties.leave", "duties.allowance")),
    "incidents": (("incidents.category", "incidents.timeliness"), ("incidents.timeliness", "incidents.late")),
    "warnings": (("warnings.types", "warnings.silent"), ("warnings.answer",)),
    "log": (("log.heat", "log.calls", "log.rollcalls"), ("log.rollcalls",)),
    "contacts": (("contacts.units",), ()),
}

# A table printed under a caption of its own where the panel's chart title would not describe it.
TABLE_CAPTIONS = {"incidents.late": "超时明细", "warnings.answer": "各次预警叫应情况",
                  "duties.leave": "补休（天）", "duties.allowance": "值班补助、误餐和备勤召回补助（元）"}


def _panel(view: View, key: str) -> Panel | None:
    return next((p for p in view.panels if p.key == key), None)


def _worth_drawing(view: View, panel: Panel, period_months: int) -> bool:
    if panel.chart.empty:
        return False
    if panel.key == "duties.spread":
        return period_months > 1            # one month is one point: its table says it
    return True


def render_statistics(report: StatsReport, views: Sequence[View], printed_at: datetime) -> bytes:
    from reportlab.lib import colors

    from dutyroom.clock import chinese_date
    from dutyroom.printing.charts import draw_chart
    from dutyroom.printing.page import (
        PORTRAIT,
        build_pdf,
        derive,
        keep_tail,
        make_styles,
        para,
        signature_block,
        spacer,
    )

    styles = make_styles(table_size=9.0)
    caption_style = derive(styles.table_header, "caption", keepWithNext=1, spaceAfter=3)
    width = PORTRAIT.text_width
    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
            ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    story: list[Any] = [para(report.title, styles.title), spacer(2),
                        para(f"统计期间：{report.period.range_text}。", styles.body), spacer(2)]
    months = len(report.period.months())
    for number, view in enumerate(views):
        story.append(para(f"{CHINESE_NUMBERS[number]}、{view.title}", styles.heading))
        charts, tables = PRINTED.get(view.key, ((), ()))
        summaries = dict.fromkeys(p.summary for key in charts + tables if (p := _panel(view, key)) and p.summary)
        for text in summaries:
            story.append(para(text, styles.body))
        for key in charts:
            panel = _panel(view, key)
            if panel is not None and _worth_drawing(view, panel, months):
                story += [spacer(2), para(panel.chart.title, caption_style), draw_chart(panel.chart, width)]
        for key in tables:
            panel = _panel(view, key)
            if panel is not None and panel.table.rows:
                caption = TABLE_CAPTIONS.get(key, panel.chart.title)
                story += [spacer(3), para(f"表：{caption}", caption_style),
                          _table(panel.table, styles, width, grid)]
        story.append(spacer(3))
    story[-1] = keep_tail(story[-2], spacer(6), signature_block(f"统计：{report.org_name}值班室",
                                                                  chinese_date(printed_at.date()), styles))
    del story[-2]
    return build_pdf(story, title=report.title, subject="值班工作统计", created=printed_at)


def _table(table: Table, styles: Any, width: float, grid: list[Any]) -> Any:
    """The panel's table on paper: a person's or unit's column left as it is on screen except 单位 (the name
    suffices), column widths in proportion to what they hold."""
    from dutyroom.printing.page import para
    from dutyroom.printing.page import table as page_table

    columns = [c for c, header in enumerate(table.headers) if not (c == 1 and header == "单位")]
    texts = [[table.headers[c] for c in columns]] + [[cell_text(row[c]) for c in columns] for row in table.rows]
    weights = [min(max(len(line[i]) for line in texts), 24) + 2 for i in range(len(columns))]
    widths = [width * w / sum(weights) for w in weights]
    rows = [[para(h, styles.table_header) for h in texts[0]]]
    for line in texts[1:]:
        rows.append([para(text, styles.table_cell if i == 0 or weights[i] > 12 else styles.table_cell_centre)
                     for i, text in enumerate(line)])
    return page_table(rows, widths, grid, repeat_rows=1)
