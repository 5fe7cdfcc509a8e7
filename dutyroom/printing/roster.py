"""Roster printouts: the month roster (A4 landscape), the 节假日值班安排表, the 值班调整通知."""

from __future__ import annotations

from typing import Any

from dutyroom.clock import chinese_date, short_date, weekday_name
from dutyroom.duty.roles import duty_role_label
from dutyroom.roster.views import ChangeNoticeDoc, HolidayDutyDoc, MonthRosterDoc, RosterDay

HOLIDAY_SHADE = "#FBE3E1"
REST_SHADE = "#EFEFEF"
HEADER_SHADE = "#E8E8E8"
CHANGED_COLOUR = "#B3261E"


def _with_phone(duties: list[Any], *, title: bool = False) -> str:
    """One person per line as "姓名 电话"; with ``title`` as "姓名（职务）" and the phone below it."""
    lines = []
    for duty in duties:
        if title:
            lines.append(duty.text + (f"（{duty.title}）" if duty.title else ""))
            if duty.phone:
                lines.append(duty.phone)
        else:
            lines.append("  ".join(part for part in (duty.text, duty.phone) if part))
    return "\n".join(lines)


def _names(duties: list[Any]) -> str:
    return "、".join(d.text for d in duties)


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
    signature = signature_block(f"{org_name}办公室", chinese_date(printed.date()), styles)
    return table([[notes, signature]], [width - 80 * mm, 80 * mm],
                 [*NO_PADDING, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (1, 0), (1, 0), 10)])


def render_month_roster(doc: MonthRosterDoc) -> bytes:
    from reportlab.lib.units import mm

    from dutyroom.printing.page import SIZE_5, build_pdf, make_styles, para, spacer, table

    styles = make_styles(table_size=SIZE_5)
    roles = doc.roles()
    widths_by_role = {"leader": 52, "chief": 52, "officer": 48, "standby": 47}
    first_cols = [14, 24]
    scale = (225 - sum(first_cols)) / sum(widths_by_role[r] for r in roles)
    widths = [w * mm for w in first_cols] + [widths_by_role[r] * scale * mm for r in roles]
    header = [para("日期", styles.table_header), para("星期", styles.table_header)]
    header += [para(duty_role_label(r) + ("（电话）" if r in ("leader", "chief") else ""), styles.table_header)
               for r in roles]
    body = []
    for day in doc.days:
        row = [para(f"{day.day.day}日", styles.table_cell_centre), para(day.label, styles.table_cell_centre)]
        for role in roles:
            duties = day.slots.get(role, [])
            text = _with_phone(duties) if role in ("leader", "chief") else _names(duties)
            row.append(para(text or "—", styles.table_cell if duties else styles.table_cell_centre))
        body.append(row)
    grid = table([header, *body], widths, _grid_commands(doc.days), repeat_rows=1)
    contacts = "　　".join(x for x in (f"值班电话：{doc.duty_phone}" if doc.duty_phone else "",
                                      f"传真：{doc.fax}" if doc.fax else "",
                                      f"交接班时间：每日 {doc.handover}") if x)
    lines = [contacts,
             f"节假日整行浅红底，休息日灰底；“（调）”为发布后经批准的串班或代班。备勤人员须保持通讯畅通，"
             f"接到通知后{doc.standby_minutes}分钟内到岗。",
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
    widths = [w * mm for w in (18, 15, 64, 50, 44, 34)]
    header = [para(t, styles.table_header) for t in
              ("日期", "星期", "带班领导（职务、电话）", "值班长（职务、电话）", "值班员（电话）", "备勤人员")]
    body = []
    for day in doc.days:
        body.append([
            para(short_date(day.day), styles.table_cell_centre), para(weekday_name(day.day), styles.table_cell_centre),
            para(_with_phone(day.slots.get("leader", []), title=True) or "—", styles.table_cell),
            para(_with_phone(day.slots.get("chief", []), title=True) or "—", styles.table_cell),
            para(_with_phone(day.slots.get("officer", [])) or "—", styles.table_cell),
            para(_names(day.slots.get("standby", [])) or "—", styles.table_cell),
        ])
    grid = table([header, *body], widths, _grid_commands([]), repeat_rows=1)
    top = "　　".join(x for x in (f"填报单位：{doc.org_name}", f"值班电话：{doc.duty_phone}" if doc.duty_phone else "",
                                  f"传真：{doc.fax}" if doc.fax else "") if x)
    lines = [f"交接班时间：每日 {doc.handover}；节日期间实行24小时值班和领导带班制度，带班领导保持24小时通讯畅通。",
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
