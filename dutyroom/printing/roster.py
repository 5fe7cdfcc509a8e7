"""Roster printouts: the month roster (A4 landscape), the 节假日值班安排表, the 值班调整通知."""

from __future__ import annotations

from typing import Any

from dutyroom.clock import chinese_date, short_date, weekday_name
from dutyroom.roster.views import ChangeNoticeDoc, Column, HolidayDutyDoc, MonthRosterDoc, RosterDay

HOLIDAY_SHADE = "#FBE3E1"
REST_SHADE = "#EFEFEF"
HEADER_SHADE = "#E8E8E8"
CHANGED_COLOUR = "#B3261E"


def _with_phone(duties: list[Any], *, title: bool = False, stacked: bool = False) -> str:
    """One person per line as "姓名 电话"; with ``title`` as "姓名（职务）" and the phone below it; ``stacked``:
    the phone below the name (narrow columns)."""
    lines = []
    for duty in duties:
        if stacked and not title:
            lines += [duty.text] + ([duty.phone] if duty.phone else [])
        elif title:
            lines.append(duty.text + (f"（{duty.title}）" if duty.title else ""))
            if duty.phone:
                lines.append(duty.phone)
        else:
            lines.append("  ".join(part for part in (duty.text, duty.phone) if part))
    return "\n".join(lines)


def _names(duties: list[Any]) -> str:
    return "、".join(d.text for d in duties)


def _phoned(column: Column) -> bool:
    """Leaders and 值班长 print with phones, officers by name (as the real template: 带班领导电话, 值班长电话,
    白班一, 白班二, 夜班一, 夜班二) — a month of two-line officer cells would not fit two pages."""
    return column.role in ("leader", "chief")


def _spans(days: list[RosterDay], columns: list[Column], first_column: int) -> list[tuple]:
    """A 24-hour officer day in a split table covers both the 白班 and the 夜班 column."""
    out: list[tuple] = []
    for row, day in enumerate(days, start=1):
        for offset, column in enumerate(columns):
            if column.spans(day):
                out.append(("SPAN", (first_column + offset, row), (first_column + offset + 1, row)))
    return out


def _grid_commands(days: list[RosterDay]) -> list[tuple]:
    from reportlab.lib import colors

    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_SHADE)),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for index, day in enumerate(days, start=1):
        if day.info.is_holiday:
            commands.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor(HOLIDAY_SHADE)))
        elif day.shaded:
            commands.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor(REST_SHADE)))
    return commands


def _footer(lines: list[str], org_name: str, printed: Any, width: float, styles: Any) -> Any:
    from reportlab.lib.units import mm

    from dutyroom.printing.page import NO_PADDING, para, signature_block, table

    notes = [para(line, styles.note) for line in lines if line]
    signature = signature_block(f"{org_name}办公室", chinese_date(printed.date()), styles, width=80 * mm,
                                right_space=0)
    return table([[notes, signature]], [width - 80 * mm, 80 * mm],
                 [*NO_PADDING, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (1, 0), (1, 0), 10)])


def render_month_roster(doc: MonthRosterDoc) -> bytes:
    from reportlab.lib.units import mm

    from dutyroom.printing.page import SIZE_5, build_pdf, make_styles, para, spacer, table

    styles = make_styles(table_size=SIZE_5)
    columns = doc.columns()
    # The split table follows the real template: 值班员（白班）| 值班员（夜班）.
    widths_by_role = {"leader": 52, "chief": 52, "officer": 48, "standby": 47}
    if doc.split:
        widths_by_role = {"leader": 44, "chief": 44, "officer": 42, "standby": 36}
    first_cols = [14, 24]
    scale = (225 - sum(first_cols)) / sum(widths_by_role[c.role] for c in columns)
    widths = [w * mm for w in first_cols] + [widths_by_role[c.role] * scale * mm for c in columns]
    header = [para("日期", styles.table_header), para("星期", styles.table_header)]
    header += [para(c.header + ("（电话）" if _phoned(c) else ""), styles.table_header) for c in columns]
    body = []
    for day in doc.days:
        row = [para(f"{day.day.day}日", styles.table_cell_centre), para(day.label, styles.table_cell_centre)]
        for column in columns:
            duties = column.duties(day)
            text = _with_phone(duties) if _phoned(column) else _names(duties)
            if column.spans(day) and duties:
                text += "（全天）"
            row.append(para(text or "—", styles.table_cell if duties else styles.table_cell_centre))
        body.append(row)
    grid = table([header, *body], widths, _grid_commands(doc.days) + _spans(doc.days, columns, 2), repeat_rows=1)
    contacts = "　　".join(x for x in (f"值班电话：{doc.duty_phone}" if doc.duty_phone else "",
                                      f"传真：{doc.fax}" if doc.fax else "",
                                      f"交接班时间：每日 {doc.handover}") if x)
    lines = [contacts,
             f"节假日整行浅红底，休息日灰底；“（调）”为发布后经批准的串班或代班。备勤人员须保持通讯畅通，"
             f"接到通知后{doc.standby_minutes}分钟内到岗。", doc.hours_line,
             *[f"加强值班：{n}" for n in doc.notes], *doc.warnings]
    story = [para(doc.title, styles.title)]
    if doc.subtitle:
        story.append(para(doc.subtitle, styles.subtitle))
    story += [grid, spacer(3), _footer(lines, doc.org_name, doc.printed_at, sum(widths), styles)]
    return build_pdf(story, landscape=True, title=doc.title, subject="月值班表", author=doc.org_name,
                     created=doc.printed_at)


def render_holiday_duty(doc: HolidayDutyDoc) -> bytes:
    from reportlab.lib.units import mm

    from dutyroom.printing.page import SIZE_5, build_pdf, make_styles, para, spacer, table

    styles = make_styles(table_size=SIZE_5)
    staff = doc.staff_columns()
    widths = [w * mm for w in ((18, 15, 54, 44, 33, 33, 28) if doc.split else (18, 15, 64, 50, 44, 34))]
    header = [para(t, styles.table_header) for t in
              ("日期", "星期", "带班领导（职务、电话）", "值班长（职务、电话）",
               *(c.header + "（电话）" for c in staff), "备勤人员")]
    body = []
    for day in doc.days:
        officers = []
        for column in staff:
            text = _with_phone(column.duties(day), stacked=doc.split)
            text += "（全天）" if column.spans(day) and column.duties(day) else ""
            officers.append(para(text or "—", styles.table_cell))
        body.append([
            para(short_date(day.day), styles.table_cell_centre), para(weekday_name(day.day), styles.table_cell_centre),
            para(_with_phone(day.slots.get("leader", []), title=True) or "—", styles.table_cell),
            para(_with_phone(day.slots.get("chief", []), title=True) or "—", styles.table_cell),
            *officers,
            para(_names(day.slots.get("standby", [])) or "—", styles.table_cell),
        ])
    grid = table([header, *body], widths, _grid_commands([]) + _spans(doc.days, staff, 4), repeat_rows=1)
    top = "　　".join(x for x in (f"填报单位：{doc.org_name}", f"值班电话：{doc.duty_phone}" if doc.duty_phone else "",
                                  f"传真：{doc.fax}" if doc.fax else "") if x)
    hours = f"值班员白班{doc.day_hours}、夜班{doc.night_hours}；" if doc.split else ""
    lines = [f"交接班时间：每日 {doc.handover}；{hours}节日期间实行24小时值班和领导带班制度，带班领导保持24小时通讯畅通。",
             "填报人：　　　　　　　联系电话：　　　　　　　　"]
    story = [para(doc.title, styles.title), para(doc.subtitle, styles.subtitle), para(top, styles.note),
             spacer(2), grid, spacer(3), _footer(lines, doc.org_name, doc.printed_at, sum(widths), styles)]
    return build_pdf(story, landscape=True, title=doc.title, subject="节假日值班安排表", author=doc.org_name,
                     created=doc.printed_at)


def render_change_notice(doc: ChangeNoticeDoc) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from dutyroom.printing.page import (
        SIZE_5,
        build_pdf,
        make_styles,
        para,
        signature_block,
        spacer,
        table,
    )

    styles = make_styles(table_size=SIZE_5)
    widths = [w * mm for w in (10, 46, 26, 50, 24)]
    header = [para(t, styles.table_header) for t in ("序号", "调整内容", "原因", "涉及人员", "审批")]
    body = []
    for number, change in enumerate(doc.changes, start=1):
        moved = "\n".join(f"{who}：{was} → {now}" for who, was, now in change.moved)
        decision = f"{change.decided_by}\n{change.decided_at[:10]}".strip()
        if change.status == "undone":
            decision += "\n（已撤销，恢复原安排）"
        body.append([para(str(number), styles.table_cell_centre),
                     para(f"【{change.kind_label}】{change.summary}", styles.table_cell),
                     para(change.reason, styles.table_cell), para(moved, styles.table_cell),
                     para(decision, styles.table_cell)])
    grid = table([header, *body], widths, [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEADER_SHADE))], repeat_rows=1)
    intro = ("经办公室审批，以下值班安排作出调整，请涉及人员按调整后的安排按时到岗、当面交接，"
             "值班室据此更新值班表。")
    story = [para(doc.title, styles.title), para(intro, styles.body), spacer(2), grid, spacer(6),
             signature_block(f"{doc.org_name}办公室", chinese_date(doc.printed_at.date()), styles)]
    return build_pdf(story, title=doc.title, subject="值班调整通知", author=doc.org_name, created=doc.printed_at)
