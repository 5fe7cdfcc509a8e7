"""The statistics as .xlsx (openpyxl, imported when a file is made): the tables the page shows, cell for cell —
one sheet for one view's chart, or one sheet per chart for the whole period (``dutyroom stats export``)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import Any

from dutyroom.stats.charts import Panel, View
from dutyroom.stats.report import StatsReport

HEADER_FILL = "E8E8E8"


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="000000")
    return {"title": Font(name="宋体", size=14, bold=True), "header": Font(name="宋体", size=11, bold=True),
            "body": Font(name="宋体", size=11), "border": Border(left=thin, right=thin, top=thin, bottom=thin),
            "centre": Alignment(horizontal="center", vertical="center", wrap_text=True),
            "fill": PatternFill("solid", fgColor=HEADER_FILL)}


def sheet_name(text: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (≤ 31 characters, none of []:*?/\\), unique in the book."""
    name = re.sub(r"[\[\]:*?/\\]", "", text)[:31] or "统计"
    candidate, number = name, 2
    while candidate in taken:
        candidate = f"{name[:28]}{number}"
        number += 1
    taken.add(candidate)
    return candidate


def write_panel(sheet: Any, styles: dict[str, Any], title: str, panel: Panel) -> None:
    """Title, the sentence the page shows, then the panel's table with its header."""
    from openpyxl.utils import get_column_letter

    table = panel.table
    sheet.cell(row=1, column=1, value=title).font = styles["title"]
    sheet.cell(row=2, column=1, value=panel.summary)
    start = 4
    for column, header in enumerate(table.headers, start=1):
        cell = sheet.cell(row=start, column=column, value=header)
        cell.font, cell.border, cell.alignment, cell.fill = styles["header"], styles["border"], styles["centre"], \
            styles["fill"]
        widest = max([len(str(header))] + [len(str(row[column - 1])) for row in table.rows[:200]])
        sheet.column_dimensions[get_column_letter(column)].width = min(60, max(8, widest * 2 + 2))
    for offset, row in enumerate(table.rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=start + offset, column=column, value=value)
            cell.font, cell.border = styles["body"], styles["border"]
    sheet.freeze_panes = sheet.cell(row=start + 1, column=1)


def _save(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def panel_xlsx(report_title: str, view: View, panel: Panel) -> bytes:
    """One chart's numbers (the 导出数据 of a view on the page)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = sheet_name(f"{view.title}-{panel.name}", set())
    write_panel(sheet, _styles(), f"{report_title}：{view.title}（{panel.name}）", panel)
    return _save(book)


def report_xlsx(report: StatsReport, views: Iterable[View] | None = None) -> bytes:
    """Every chart's numbers of the period, a sheet each, after a 说明 sheet."""
    from openpyxl import Workbook

    from dutyroom.stats.views import build_views

    book = Workbook()
    styles = _styles()
    about = book.worksheets[0]
    about.title = "说明"
    about.cell(row=1, column=1, value=report.title).font = styles["title"]
    lines = [f"统计期间：{report.period.range_text}", f"生成时间：{report.made_at:%Y-%m-%d %H:%M}"]
    taken = {"说明"}
    for view in views if views is not None else build_views(report):
        for panel in view.panels:
            sheet = book.create_sheet(sheet_name(f"{view.title}-{panel.name}", taken))
            write_panel(sheet, styles, f"{report.title}：{view.title}（{panel.name}）", panel)
            lines.append(f"{sheet.title}：{panel.chart.title}")
    for number, line in enumerate(lines, start=3):
        about.cell(row=number, column=1, value=line)
    about.column_dimensions["A"].width = 80
    return _save(book)
