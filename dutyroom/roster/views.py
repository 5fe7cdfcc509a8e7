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
from dutyroom.duty.roles import ROLE_ORDER
from dutyroom.errors import ValidationError
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.calendar import DayInfo, HolidayPeriod, date_range, find_period
from dutyroom.roster.changes import ChangeView, change_views
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

    @property
    def title(self) -> str:
        return f"{self.org_name}{self.year}年{self.month}月值班表"

    @property
    def subtitle(self) -> str:
        status = self.version_note if self.source == "published" else "草稿（尚未发布）"
        return f"（{status}）" if status else ""

    def roles(self) -> list[str]:
        return [r for r in ROLE_ORDER if any(d.slots.get(r) for d in self.days)] or list(ROLE_ORDER)


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
    cells: dict[tuple[date, str, int], tuple[int, bool]] = {}
    if source == "published":
        cells = {k: (v["person_id"], v["note"] == "调") for k, v in current.items()}
    else:
        cells = {k: (v.person_id, v.source == "change") for k, v in draft(store, first, last).items()}
    people = _people(store, {pid for pid, _ in cells.values()})
    by_day: dict[date, dict[str, list[tuple[int, Duty]]]] = defaultdict(lambda: defaultdict(list))
    for (day, role, position), (pid, changed) in cells.items():
        name, phone, title = people[pid]
        by_day[day][role].append((position, Duty(pid, name, phone, title, changed)))
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
                          version_note, notes, warnings, printed_at)


def _role_word(role: str) -> str:
    from dutyroom.duty.roles import duty_role_label

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
                          values["duty.handover_time"], printed_at)


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
