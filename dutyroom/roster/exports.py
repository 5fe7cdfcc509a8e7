""".xlsx exports of the month roster, the 节假日值班安排表 and the per-person statistics (openpyxl,
imported when an export is made)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from dutyroom.clock import short_date, weekday_name
from dutyroom.roster.stats import DAY_KINDS, StatsDoc
from dutyroom.roster.views import HolidayDutyDoc, MonthRosterDoc

HOLIDAY_FILL = "FBE3E1"
REST_FILL = "EFEFEF"
HEADER_FILL = "E8E8E8"


def _book() -> tuple[Any, Any, dict[str, Any]]:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    book = Workbook()
    sheet = book.worksheets[0]      # a new workbook: its one sheet, the active one
    thin = Side(style="thin", color="000000")
    styles = {
        "title": Font(name="宋体", size=16, bold=True),
        "header": Font(name="宋体", size=11, bold=True),
        "body": Font(name="宋体", size=11),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="center"),
        "centre": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "fill": lambda colour: PatternFill("solid", fgColor=colour),
    }
    return book, sheet, styles


def _title(sheet: Any, styles: dict[str, Any], text: str, columns: int, subtitle: str = "") -> int:
    sheet.cell(row=1, column=1, value=text).font = styles["title"]
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    sheet.cell(row=1, column=1).alignment = styles["centre"]
    sheet.row_dimensions[1].height = 30
    if subtitle:
        sheet.cell(row=2, column=1, value=subtitle).alignment = styles["centre"]
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns)
        return 3
    return 2


def _table(sheet: Any, styles: dict[str, Any], start: int, header: list[str], rows: list[list[Any]],
           widths: Sequence[float], fills: list[str | None] | None = None,
           spans: list[tuple[int, int]] | None = None) -> int:
    """``spans``: (row offset from 1, column) cells merged with the column to their right."""
    from openpyxl.utils import get_column_letter

    for column, (title, width) in enumerate(zip(header, widths, strict=True), start=1):
        cell = sheet.cell(row=start, column=column, value=title)
        cell.font, cell.border, cell.alignment = styles["header"], styles["border"], styles["centre"]
        cell.fill = styles["fill"](HEADER_FILL)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for offset, values in enumerate(rows, start=1):
        fill = fills[offset - 1] if fills else None
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=start + offset, column=column, value=value)
            cell.font, cell.border = styles["body"], styles["border"]
            cell.alignment = styles["centre"] if column <= 2 else styles["wrap"]
            if fill:
                cell.fill = styles["fill"](fill)
    for offset, column in spans or []:
        sheet.merge_cells(start_row=start + offset, start_column=column, end_row=start + offset, end_column=column + 1)
    sheet.freeze_panes = sheet.cell(row=start + 1, column=1)
    return start + len(rows) + 1


def _save(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _people(duties: list[Any], with_phone: bool, with_title: bool = False) -> str:
    parts = []
    for duty in duties:
        bits = [duty.text] + ([duty.title] if with_title and duty.title else []) + (
            [duty.phone] if with_phone and duty.phone else [])
        parts.append(" ".join(bits))
    return "\n".join(parts) if with_phone else "、".join(parts)


def month_roster_xlsx(doc: MonthRosterDoc) -> bytes:
    book, sheet, styles = _book()
    sheet.title = f"{doc.month}月值班表"
    columns = doc.columns()
    phoned = [c.role in ("leader", "chief") or bool(c.shift) for c in columns]
    header = ["日期", "星期", *(c.header + ("（电话）" if p else "") for c, p in zip(columns, phoned, strict=True))]
    start = _title(sheet, styles, doc.title, len(header), doc.subtitle)
    rows, fills, spans = [], [], []
    for number, day in enumerate(doc.days, start=1):
        values = []
        for index, (column, phone) in enumerate(zip(columns, phoned, strict=True)):
            text = _people(column.duties(day), phone)
            if column.spans(day):
                spans.append((number, index + 3))
                text += "（全天）" if text else ""
            values.append(text)
        rows.append([f"{day.day.month}月{day.day.day}日", day.label, *values])
        fills.append(HOLIDAY_FILL if day.info.is_holiday else REST_FILL if day.shaded else None)
    end = _table(sheet, styles, start, header, rows, [10, 12] + [24] * len(columns), fills, spans)
    notes = [f"值班电话：{doc.duty_phone}　传真：{doc.fax}　交接班时间：每日 {doc.handover}", doc.hours_line,
             *[f"加强值班：{n}" for n in doc.notes], *doc.warnings]
    notes = [n for n in notes if n]
    for offset, line in enumerate(notes, start=1):
        sheet.cell(row=end + offset, column=1, value=line)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    return _save(book)


def holiday_duty_xlsx(doc: HolidayDutyDoc) -> bytes:
    book, sheet, styles = _book()
    sheet.title = doc.period.name[:20]
    staff = doc.staff_columns()
    header = ["日期", "星期", "带班领导（职务、电话）", "值班长（职务、电话）", *(c.header + "（电话）" for c in staff),
              "备勤人员"]
    start = _title(sheet, styles, doc.title, len(header), doc.subtitle)
    sheet.cell(row=start, column=1, value=f"填报单位：{doc.org_name}　值班电话：{doc.duty_phone}　传真：{doc.fax}")
    rows, spans = [], []
    for number, d in enumerate(doc.days, start=1):
        officers = []
        for index, column in enumerate(staff):
            text = _people(column.duties(d), True)
            if column.spans(d):
                spans.append((number, index + 5))
                text += "（全天）" if text else ""
            officers.append(text)
        rows.append([short_date(d.day), weekday_name(d.day), _people(d.slots.get("leader", []), True, True),
                     _people(d.slots.get("chief", []), True, True), *officers,
                     _people(d.slots.get("standby", []), False)])
    _table(sheet, styles, start + 1, header, rows, [10, 10, 34, 30] + [30] * len(staff) + [24], spans=spans)
    sheet.page_setup.orientation = "landscape"
    return _save(book)


STATS_MONEY_HEADER = ["上期补休结余（天）", "应补休（天）", "已补休（天）", "补休结余（天）", "值班补助（元）", "误餐（元）",
                      "备勤召回（次）", "召回补助（元）", "补助合计（元）"]


def statistics_xlsx(doc: StatsDoc) -> bytes:
    book, sheet, styles = _book()
    sheet.title = "个人值班统计"
    header = ["姓名", "单位", "带班领导", "值班长", "值班员", "备勤", *DAY_KINDS.values(), "其中春节", "其中国庆",
              "值班员白班", "值班员夜班", "调班次数", "值班合计（不含备勤）", *STATS_MONEY_HEADER]
    start = _title(sheet, styles, doc.title, len(header),
                   f"统计期间：{doc.first}至{doc.last}；补休、值班补助和误餐只计在岗值班，不含备勤；"
                   "补休结余＝上期结余＋应补休－已补休")
    rows: list[list[Any]] = [[p.name, p.unit, *(p.by_role.get(r, 0) for r in ("leader", "chief", "officer", "standby")),
             *(p.by_kind.get(k, 0) for k in DAY_KINDS), p.special.get("春节", 0), p.special.get("国庆节", 0),
             p.days, p.nights, p.changed, p.on_duty, round(p.comp_opening, 1), round(p.comp_leave, 1),
             round(p.comp_taken, 1), round(p.comp_balance, 1), round(p.allowance, 2), round(p.meals, 2), p.callouts,
             round(p.callout_pay, 2), p.money] for p in doc.people]
    rows.append(["合计", "", *(round(sum(r[i] for r in rows), 2) for i in range(2, len(header)))])
    end = _table(sheet, styles, start, header, rows, [10, 16] + [9] * 12 + [12] * 9 + [14])
    rates = "；".join(f"{label}：补休{doc.comp_rates.get(k, 0):g}天/次，补助{doc.allowance_rates.get(k, 0):g}元/次"
                     for k, label in DAY_KINDS.items())
    sheet.cell(row=end + 1, column=1, value=f"计算标准（系统设置）：{rates}；误餐{doc.meal_rate:g}元/次；备勤召回"
                                            f"{doc.callout_rate:g}元/次（值班日志中去电召回当日备勤人员，每人每天一次）；"
                                            "值班员分白夜班时，白班、夜班各计一次值班")
    for offset, warning in enumerate(doc.warnings, start=2):
        sheet.cell(row=end + offset, column=1, value=warning)
    return _save(book)
