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


def _footer(lines: list[str], org_name: str, printed: Any, width: float, styles: Any, note: Any = None,
            signature_size: float | None = None) -> Any:
    from reportlab.lib.units import mm

    from dutyroom.printing.page import NO_PADDING, derive, para, signature_block, table

    notes = [para(line, note or styles.note) for line in lines if line]
    if signature_size:
        styles.signature = derive(styles.signature, "signature_small", fontSize=signature_size,
                                  leading=signature_size * 1.35)
    signature = signature_block(f"{org_name}办公室", chinese_date(printed.date()), styles, width=70 * mm,
                                right_space=0)
    return table([[notes, signature]], [width - 70 * mm, 70 * mm],
                 [*NO_PADDING, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (1, 0), (1, 0), 4)])


MONTH_SIZES = (10.5, 9.0, 8.0)      # 五号, 小五, then smaller: the largest at which the month fits one sheet


def _one_line(duties: list[Any], phoned: bool) -> str:
    """A cell on one line: "姓名 电话、姓名 电话" (leaders, 值班长) or "姓名、姓名"."""
    return "、".join(f"{d.text} {d.phone}".strip() if phoned else d.text for d in duties)


def render_month_roster(doc: MonthRosterDoc) -> bytes:
    """The month on one A4 landscape sheet for the wall: a line per day, columns as wide as their names and
    phones need, type stepped down from 五号 only as far as the month needs (31 days of 1+1+2+2 with 双带班
    holidays fit in 小五)."""
    from dutyroom.printing.page import LANDSCAPE, build_pdf

    for size in MONTH_SIZES:
        story = _month_story(doc, size)
        if _story_height(story, LANDSCAPE.text_width, LANDSCAPE.text_height) <= LANDSCAPE.text_height:
            break
    return build_pdf(story, landscape=True, title=doc.title, subject="月值班表", author=doc.org_name,
                     created=doc.printed_at)


def _story_height(story: list[Any], width: float, height: float) -> float:
    total = 0.0
    for index, item in enumerate(story):
        total += item.wrap(width, height)[1] + item.getSpaceAfter() + (item.getSpaceBefore() if index else 0)
    return total


def _month_story(doc: MonthRosterDoc, size: float) -> list[Any]:

    from dutyroom.printing.page import LANDSCAPE, SIZE_3, derive, make_styles, para, spacer, table

    styles = make_styles(table_size=size)
    for style in (styles.table_cell, styles.table_cell_centre, styles.table_header):
        style.leading = size * 1.1
    note = derive(styles.note, "roster_note", fontSize=size, leading=size * 1.3)
    title = derive(styles.title, "roster_title", fontSize=SIZE_3, leading=SIZE_3 * 1.25, spaceAfter=4)
    columns = doc.columns()
    padding = 2.5
    header = [para("日期", styles.table_header), para("星期", styles.table_header)]
    header += [para(c.header + ("（电话）" if _phoned(c) else ""), styles.table_header) for c in columns]
    body = []
    for day in doc.days:
        row = [para(f"{day.day.day}日", styles.table_cell_centre), para(day.label, styles.table_cell_centre)]
        for column in columns:
            duties = column.duties(day)
            text = _one_line(duties, _phoned(column))
            if column.spans(day) and duties:
                text += "（全天）"
            row.append(para(text or "—", styles.table_cell if duties else styles.table_cell_centre))
        body.append(row)
    rows = [header, *body]
    spans = _spans(doc.days, columns, 2)
    widths = _content_widths(rows, spans, LANDSCAPE.text_width, 2 * padding)
    commands = _grid_commands(doc.days) + spans + [
        ("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), 0.6), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2)]
    grid = table(rows, widths, commands, repeat_rows=1)
    contacts = "　　".join(x for x in (f"值班电话：{doc.duty_phone}" if doc.duty_phone else "",
                                      f"传真：{doc.fax}" if doc.fax else "",
                                      f"交接班时间：每日\u00a0{doc.handover}") if x)
    version = doc.subtitle[1:-1] + "。" if doc.subtitle else ""
    lines = [f"{version}{contacts}。节假日整行浅红底，休息日灰底；“（调）”为发布后经批准的串班或代班。",
             f"备勤人员须保持通讯畅通，接到通知后{doc.standby_minutes}分钟内到岗。" + doc.hours_line,
             *[f"加强值班：{n}" for n in doc.notes], *doc.warnings]
    # the version ("第9版，…发布" or 草稿) goes with the notes under the grid, which needs the height
    story = [para(doc.title, title), grid, spacer(1.5), _footer(lines, doc.org_name, doc.printed_at, LANDSCAPE.text_width, styles, note,
                                       signature_size=size + 3)]
    return story


def _content_widths(rows: list[list[Any]], spans: list[tuple], total: float, padding: float) -> list[float]:
    """Each column as wide as its widest one-line cell, the room left shared in proportion; where the lines do
    not all fit, the columns give up what they can above their widest unbreakable piece (those cells wrap)."""
    spanned = {(c0, r) for _, (c0, r), _ in spans}
    columns = len(rows[0])
    natural, least = [0.0] * columns, [0.0] * columns
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if (c, r) in spanned:
                continue
            natural[c] = max(natural[c], max(cell.line_widths()) + padding)
            least[c] = max(least[c], cell.minWidth() + padding)
    used = sum(natural)
    if used <= total:
        return [w + (total - used) * w / used for w in natural]
    excess, flexible = used - total, [n - m for n, m in zip(natural, least, strict=True)]
    if sum(flexible) >= excess:
        return [n - f * excess / sum(flexible) for n, f in zip(natural, flexible, strict=True)]
    return [m * total / sum(least) for m in least]


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
    lines = [f"交接班时间：每日\u00a0{doc.handover}；{hours}节日期间实行24小时值班和领导带班制度，带班领导保持24小时通讯畅通。",
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
