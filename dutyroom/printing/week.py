"""本周值班安排: the week's duty list for the wall and for the level above (A4 landscape)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dutyroom import settings
from dutyroom.clock import chinese_date, short_date, weekday_name
from dutyroom.duty.board import ShiftRoster, rosters_between, week_of
from dutyroom.duty.roles import ROLE_ORDER, duty_role_label
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.calendar import HolidayCalendar
from dutyroom.store import Store


@dataclass(frozen=True)
class DutyName:
    name: str
    phone: str
    shift: str = "full"        # "day" / "night": a part of a split officer day


@dataclass
class DayRow:
    day: date
    day_label: str
    slots: dict[str, list[DutyName]] = field(default_factory=dict)
    rest_day: bool = False

    @property
    def split(self) -> bool:
        return any(p.shift != "full" for p in self.slots.get("officer", []))

    def column(self, role: str, shift: str = "") -> list[DutyName]:
        """A column's people; in a split table a 24-hour officer day shows in the 白班 column (spanned)."""
        people = self.slots.get(role, [])
        if not shift:
            return people
        if not self.split:
            return people if shift == "day" else []
        return [p for p in people if p.shift == shift]


@dataclass
class WeekDutyDoc:
    org_name: str
    duty_phone: str
    fax: str
    handover: str
    first: date
    last: date
    rows: list[DayRow]
    printed_at: datetime
    day_hours: str = ""
    night_hours: str = ""

    @property
    def split(self) -> bool:
        return any(r.split for r in self.rows)

    def columns(self) -> list[tuple[str, str, str]]:
        """(role, shift, header): the officer slot as 白班 and 夜班 columns when any day is split."""
        out = []
        for role in ROLE_ORDER:
            if role == "officer" and self.split:
                out += [(role, "day", f"值班员（白班）\n{self.day_hours}"),
                        (role, "night", f"值班员（夜班）\n{self.night_hours}")]
            else:
                out.append((role, "", duty_role_label(role)))
        return out

    @property
    def title(self) -> str:
        return f"{self.org_name}本周值班安排"

    @property
    def period(self) -> str:
        return f"（{chinese_date(self.first)}至{short_date(self.last)}）"


def _row(roster: ShiftRoster, calendar: HolidayCalendar) -> DayRow:
    day = roster.shift.duty_date
    slots = {role: [DutyName(m.name, m.main_phone, m.shift) for m in roster.by_role(role)] for role in ROLE_ORDER}
    info = calendar.info(day)
    label = info.label if info.known else weekday_name(day)
    return DayRow(day, label, slots, rest_day=info.is_rest)


def week_duty_doc(store: Store, any_day: date, printed_at: datetime) -> WeekDutyDoc:
    first, last = week_of(any_day)
    values = settings.get_many(store, "org.name", "duty.phone", "duty.fax", "duty.handover_time")
    calendar = load_calendar(store)
    rosters = rosters_between(store, first, last)
    return WeekDutyDoc(
        org_name=values["org.name"], duty_phone=values["duty.phone"], fax=values["duty.fax"],
        handover=values["duty.handover_time"], first=first, last=last,
        rows=[_row(r, calendar) for r in rosters], printed_at=printed_at,
        day_hours=rosters[0].part_hours("day"), night_hours=rosters[0].part_hours("night"),
    )


def render_week_duty(doc: WeekDutyDoc) -> bytes:
    """The week on one A4 landscape page: 小四 type, or 五号 / 小五 where that is what fits (a split day's seven
    columns, a 重要时段 week with three officers a day)."""
    from dutyroom.printing.page import LANDSCAPE, SIZE_5, SIZE_SMALL_4, SIZE_SMALL_5, build_pdf

    sizes = (SIZE_5, SIZE_SMALL_5) if doc.split else (SIZE_SMALL_4, SIZE_5, SIZE_SMALL_5)
    for size in sizes:
        story = _story(doc, size)
        if _height(story, LANDSCAPE.text_width, LANDSCAPE.text_height) <= LANDSCAPE.text_height:
            break
    return build_pdf(story, landscape=True, title=doc.title + doc.period, subject="值班安排",
                     author=doc.org_name, created=doc.printed_at)


def _height(story: list[Any], width: float, height: float) -> float:
    return sum(item.wrap(width, height)[1] + item.getSpaceBefore() + item.getSpaceAfter() for item in story)


def _story(doc: WeekDutyDoc, table_size: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from dutyroom.printing.page import (
        NO_PADDING,
        SIZE_SMALL_4,
        make_styles,
        para,
        signature_block,
        spacer,
        table,
    )

    styles = make_styles(table_size=table_size)
    compact = table_size < SIZE_SMALL_4   # tighter lines and cell padding where a week needs 五号 to fit
    if compact:
        for style in (styles.table_cell, styles.table_cell_centre):
            style.leading = table_size * 1.2
    top, bottom = (1.5, 2.5) if compact else (3, 4)
    columns = doc.columns()
    header = [para(text, styles.table_header) for text in ("日期", "星期", *(c[2] for c in columns))]
    holiday_rows = {i for i, row in enumerate(doc.rows, start=1) if row.rest_day and not row.day_label.startswith("星期")}
    body, spans = [], []
    for index, row in enumerate(doc.rows, start=1):
        cells = [para(short_date(row.day), styles.table_cell_centre), para(row.day_label, styles.table_cell_centre)]
        for number, (role, shift, _) in enumerate(columns, start=2):
            people = row.column(role, shift)
            text = "\n".join(f"{p.name}  {p.phone}".strip() for p in people) if people else "未排班"
            if shift == "day" and not row.split:
                spans.append(("SPAN", (number, index), (number + 1, index)))
                text += "\n（全天）" if people else ""
            cells.append(para(text, styles.table_cell_centre if not people else styles.table_cell))
        body.append(cells)
    widths = [x * mm for x in ((20, 17, 36, 36, 39, 38, 39) if doc.split else (22, 17, 45, 45, 48, 48))]
    commands = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        *spans,
    ]
    for index, row in enumerate(doc.rows, start=1):
        if index in holiday_rows:
            commands.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor("#FBE3E1")))
        elif row.rest_day:
            commands.append(("BACKGROUND", (0, index), (-1, index), colors.HexColor("#F2F2F2")))
        if not any(row.slots.values()):
            commands.append(("TEXTCOLOR", (2, index), (-1, index), colors.HexColor("#808080")))
    grid = table([header, *body], widths, commands, repeat_rows=1)
    contacts = [f"值班电话：{doc.duty_phone}" if doc.duty_phone else "", f"传真：{doc.fax}" if doc.fax else "",
                f"交接班时间：每日\u00a0{doc.handover}"]
    if doc.split:
        contacts.append(f"值班员白班 {doc.day_hours}，夜班 {doc.night_hours}")
    notes = [
        para("　　".join(c for c in contacts if c), styles.note),
        para("值班人员须严格执行24小时值班和领导带班制度，按时当面交接班，保持通讯畅通；"
             "备勤人员须随叫随到。因故不能值班的，须提前报办公室调整。", styles.note),
    ]
    signature = signature_block(f"{doc.org_name}办公室", chinese_date(doc.printed_at.date()), styles,
                                width=80 * mm, right_space=0)
    footer = table([[notes, signature]], [sum(widths) - 80 * mm, 80 * mm],
                   [*NO_PADDING, ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (0, 0), 2),
                    ("TOPPADDING", (1, 0), (1, 0), 10)])
    return [para(doc.title, styles.title), para(doc.period, styles.subtitle), grid, spacer(3), footer]
