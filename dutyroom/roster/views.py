"""Read models for the roster printouts and exports: the month roster, the 节假日值班安排表, the change notice.

Each is plain data built from the store; the PDF and .xlsx renderers only lay it out, so the grid, the
PDF and the spreadsheet show the same rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from dutyroom import settings
from dutyroom.clock import chinese_date, short_date, weekday_name
from dutyroom.duty.roles import ROLE_ORDER, duty_role_label
from dutyroom.errors import ValidationError
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.calendar import DayInfo, HolidayPeriod, date_range, find_period
from dutyroom.roster.changes import ChangeView, change_views
from dutyroom.roster.model import SPLIT_ROLE, Cell, shift_order, slot_label
from dutyroom.roster.planning import draft, month_range, published
from dutyroom.roster.publishing import versions
from dutyroom.roster.staffing import periods
from dutyroom.store import Store


@dataclass(frozen=True)
class Duty:
    person_id: int
    name: str
    phone: str
    title: str = ""
    changed: bool = False      # 调: moved by a swap or substitution after publishing
    shift: str = "full"        # "day" / "night": a part of a split officer day

    @property
    def text(self) -> str:
        return self.name + ("（调）" if self.changed else "")


@dataclass
class RosterDay:
    info: DayInfo
    slots: dict[str, list[Duty]] = field(default_factory=dict)

    @property
    def day(self) -> date:
        return self.info.day

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def shaded(self) -> bool:
        return self.info.is_rest

    @property
    def split(self) -> bool:
        """Whether this day's officers hold 白班 and 夜班 parts (as stored, whatever the setting now says)."""
        return any(d.shift != "full" for d in self.slots.get(SPLIT_ROLE, []))

    def part(self, role: str, shift: str) -> list[Duty]:
        return [d for d in self.slots.get(role, []) if d.shift == shift]


@dataclass(frozen=True)
class Column:
    """A printed column: a role, or one part ("day"/"night") of the split officer slot."""

    role: str
    shift: str = ""

    @property
    def header(self) -> str:
        return slot_label(self.role, self.shift) if self.shift else duty_role_label(self.role)

    def duties(self, day: RosterDay) -> list[Duty]:
        """This column's people on ``day``; a 24-hour officer day in a split table shows in its 白班 column
        (the renderers span it over both parts)."""
        if not self.shift:
            return day.slots.get(self.role, [])
        if not day.split:
            return day.slots.get(self.role, []) if self.shift == "day" else []
        return day.part(self.role, self.shift)

    def spans(self, day: RosterDay) -> bool:
        """Whether the cell covers the next (夜班) column too: a 24-hour officer day in a split table."""
        return self.shift == "day" and not day.split


def columns_for(days: list[RosterDay], roles: list[str]) -> list[Column]:
    """One column per role; the officer slot as 白班 and 夜班 columns when any day is split."""
    split = any(d.split for d in days)
    out = []
    for role in roles:
        if split and role == SPLIT_ROLE:
            out += [Column(role, "day"), Column(role, "night")]
        else:
            out.append(Column(role))
    return out


@dataclass
class MonthRosterDoc:
    org_name: str
    year: int
    month: int
    days: list[RosterDay]
    duty_phone: str
    fax: str
    handover: str
    standby_minutes: int
    source: str                # "published" or "draft"
    version_note: str
    notes: list[str]
    warnings: list[str]
    printed_at: datetime
    day_hours: str = ""        # "08:30–17:30": the 白班 part, from the settings
    night_hours: str = ""      # "17:30–次日08:30"

    @property
    def title(self) -> str:
        return f"{self.org_name}{self.year}年{self.month}月值班表"

    @property
    def subtitle(self) -> str:
        status = self.version_note if self.source == "published" else "草稿（尚未发布）"
        return f"（{status}）" if status else ""

    def roles(self) -> list[str]:
        return [r for r in ROLE_ORDER if any(d.slots.get(r) for d in self.days)] or list(ROLE_ORDER)

    @property
    def split(self) -> bool:
        return any(d.split for d in self.days)

    def columns(self) -> list[Column]:
        return columns_for(self.days, self.roles())

    @property
    def hours_line(self) -> str:
        """How the duty day is divided, for the notes under the table."""
        if not self.split:
            return ""
        return f"值班员分白班（{self.day_hours}）和夜班（{self.night_hours}）；带班领导、值班长、备勤24小时。"


def _people(store: Store, person_ids: set[int]) -> dict[int, tuple[str, str, str]]:
    """person id -> (name, first phone, title)."""
    if not person_ids:
        return {}
    marks = ",".join("?" * len(person_ids))
    phones: dict[int, str] = {}
    for row in store.rows(f"SELECT person_id, number FROM person_phone WHERE person_id IN ({marks})"
                          " ORDER BY person_id, sort_order DESC, id DESC", tuple(person_ids)):
        phones[row[0]] = row[1]
    return {r["id"]: (r["name"], phones.get(r["id"], ""), r["position"]) for r in store.rows(
        f"SELECT id, name, position FROM person WHERE id IN ({marks})", tuple(person_ids))}


def roster_days(store: Store, first: date, last: date, *, source: str = "auto") -> tuple[list[RosterDay], str]:
    """Days with their people, from what is in force (``published``), the ``draft``, or ``auto``:
    published where anything is, else the draft."""
    calendar = load_calendar(store)
    current = published(store, first, last)
    if source == "auto":
        source = "published" if current else "draft"
    cells: dict[Cell, tuple[int, bool]] = {}
    if source == "published":
        cells = {k: (v["person_id"], v["note"] == "调") for k, v in current.items()}
    else:
        cells = {k: (v.person_id, v.source == "change") for k, v in draft(store, first, last).items()}
    people = _people(store, {pid for pid, _ in cells.values()})
    by_day: dict[date, dict[str, list[tuple[tuple, Duty]]]] = defaultdict(lambda: defaultdict(list))
    for cell, (pid, changed) in cells.items():
        name, phone, title = people[pid]
        by_day[cell.day][cell.role].append(((shift_order(cell.shift), cell.index),
                                            Duty(pid, name, phone, title, changed, cell.shift)))
    days = []
    for day in date_range(first, last):
        slots = {role: [d for _, d in sorted(by_day[day][role], key=lambda x: x[0])] for role in ROLE_ORDER}
        days.append(RosterDay(calendar.info(day), slots))
    return days, source


def month_roster(store: Store, year: int, month: int, printed_at: datetime, *, source: str = "auto") -> MonthRosterDoc:
    first, last = month_range(year, month)
    days, used = roster_days(store, first, last, source=source)
    values = settings.get_many(store, "org.name", "duty.phone", "duty.fax", "duty.handover_time",
                               "roster.standby_reach_minutes")
    day_hours, night_hours = part_hours(store)
    version_note = ""
    found = versions(store, first, last)
    if used == "published" and found:
        newest = found[0]
        version_note = f"第{newest['number']}版，{newest['published_at'][:10]}发布"
    notes = [f"{p['name']}（{p['start_date']}至{p['end_date']}）：" +
             "、".join(f"{_role_word(r)}{n}人" for r, n in p["slots"].items()) for p in periods(store, first, last)]
    warnings = load_calendar(store).warnings(first, last)
    return MonthRosterDoc(values["org.name"], year, month, days, values["duty.phone"], values["duty.fax"],
                          values["duty.handover_time"], int(values["roster.standby_reach_minutes"]), used,
                          version_note, notes, warnings, printed_at, day_hours, night_hours)


def part_hours(store: Store) -> tuple[str, str]:
    """The 白班 and 夜班 hours from the settings: ("08:30–17:30", "17:30–次日08:30")."""
    from dutyroom.duty.shifts import handover_time, night_from, parts_on

    day, night = parts_on(date(2026, 1, 1), handover_time(store), night_from(store))
    return day.hours, night.hours


def _role_word(role: str) -> str:
    return duty_role_label(role)


# -- 节假日值班安排表 -----------------------------------------------------------------------------------

@dataclass
class HolidayDutyDoc:
    org_name: str
    period: HolidayPeriod
    days: list[RosterDay]
    duty_phone: str
    fax: str
    handover: str
    printed_at: datetime
    day_hours: str = ""
    night_hours: str = ""

    @property
    def split(self) -> bool:
        return any(d.split for d in self.days)

    def staff_columns(self) -> list[Column]:
        """值班员 (or its 白班 and 夜班 parts) — the columns after the leaders and 值班长."""
        return columns_for(self.days, [SPLIT_ROLE])

    @property
    def title(self) -> str:
        return f"{self.org_name}{self.period.first.year}年{self.period.name}值班安排表"

    @property
    def subtitle(self) -> str:
        return f"（{chinese_date(self.period.first)}至{short_date(self.period.last)}，共{self.period.days}天）"


def holiday_duty(store: Store, key: str, printed_at: datetime) -> HolidayDutyDoc:
    """``key`` like ``2027-春节``: the break's days with leaders (title, phone), staff, duty phone and fax."""
    calendar = load_calendar(store)
    period = find_period(calendar, key)
    days, _ = roster_days(store, period.first, period.last)
    if not any(any(d.slots.values()) for d in days):
        raise ValidationError(f"{period.label}（{period.first}至{period.last}）还没有排班，请先在“值班排班”中安排。")
    values = settings.get_many(store, "org.name", "duty.phone", "duty.fax", "duty.handover_time")
    return HolidayDutyDoc(values["org.name"], period, days, values["duty.phone"], values["duty.fax"],
                          values["duty.handover_time"], printed_at, *part_hours(store))


# -- 值班调整通知 ----------------------------------------------------------------------------------------

@dataclass
class ChangeNoticeDoc:
    org_name: str
    changes: list[ChangeView]
    first: date | None
    last: date | None
    printed_at: datetime

    @property
    def title(self) -> str:
        return f"{self.org_name}值班调整通知"


def change_notice(store: Store, printed_at: datetime, *, first: date | None = None, last: date | None = None,
                  ids: list[int] | None = None) -> ChangeNoticeDoc:
    found = [c for c in change_views(store, first=first, last=last, ids=ids) if c.status in ("approved", "undone")]
    if not found:
        raise ValidationError("所选范围内没有已批准的串班或代班。")
    found.sort(key=lambda c: (c.first_day, c.id))
    return ChangeNoticeDoc(settings.get(store, "org.name"), found, first, last, printed_at)


def weekday_or_holiday(info: DayInfo) -> str:
    return info.label if info.known else weekday_name(info.day)
