"""信息报送及时率 for a month: by grade and by step, then every late item (A4 portrait)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dutyroom.incidents.rules import GRADE_LABELS, GRADES
from dutyroom.incidents.stats import Tally, Timeliness


def _time(text: str | None) -> str:
    return text[5:16].replace("T", " ") if text else "未完成"


def render_timeliness(data: Timeliness, printed_at: datetime) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from dutyroom.clock import chinese_date
    from dutyroom.printing.page import PORTRAIT, build_pdf, make_styles, para, signature_block, spacer, table

    styles = make_styles(table_size=10.5)
    width = PORTRAIT.text_width
    grid_style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                  ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8"))]

    def tally_table(first: str, items: list[tuple[str, Tally]]) -> Any:
        head = [para(t, styles.table_header) for t in (first, "按时", "超时", "未到期", "免报", "及时率")]
        rows = [head] + [[para(name, styles.table_cell)] + [para(str(v), styles.table_cell_centre) for v in
                         (t.on_time, t.late, t.pending, t.waived)] + [para(t.rate_text, styles.table_cell_centre)]
                         for name, t in items]
        return table(rows, [width * 0.35] + [width * 0.13] * 5, grid_style, repeat_rows=1)

    story: list[Any] = [para(data.title, styles.title), spacer(2),
                        para(f"本月到期的报送时限共 {data.total.on_time + data.total.late + data.total.pending + data.total.waived}"
                             f" 项：按时 {data.total.on_time} 项，超时 {data.total.late} 项，尚未到期 {data.total.pending} 项，"
                             f"免报 {data.total.waived} 项；及时率 {data.total.rate_text}。", styles.body), spacer(3),
                        para("一、按事件等级", styles.heading),
                        tally_table("事件等级", [(GRADE_LABELS[g], data.by_grade[g]) for g in GRADES]), spacer(3),
                        para("二、按报送环节", styles.heading),
                        tally_table("报送环节", sorted(data.by_step.items())), spacer(3)]
    if data.late_items:
        story.append(para("三、超时明细", styles.heading))
        head = [para(t, styles.table_header) for t in ("编号", "事件", "环节", "时限", "完成", "超时")]
        rows = [head] + [[para(i["number"], styles.table_cell), para(i["title"], styles.table_note),
                          para(i["step"], styles.table_cell), para(_time(i["due_at"]), styles.table_cell_centre),
                          para(_time(i["met_at"]), styles.table_cell_centre),
                          para(f"{i['late_minutes']}分钟", styles.table_cell_centre)] for i in data.late_items]
        story.append(table(rows, [22 * mm, width - 122 * mm, 24 * mm, 28 * mm, 28 * mm, 20 * mm], grid_style,
                           repeat_rows=1))
    story += [spacer(8), signature_block("统计：值班室", chinese_date(printed_at.date()), styles)]
    return build_pdf(story, title=data.title, subject="信息报送及时率", created=printed_at)
