"""Read models for 今日值班 and the weekly duty list: who holds which slot, with unit and phones."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from dutyroom.duty.roles import ROLE_ORDER, duty_role_label
from dutyroom.duty.shifts import Shift, handover_time, next_shift, shift_at, shift_on
from dutyroom.org import Phone
from dutyroom.store import Store


@dataclass(frozen=True)
class DutyMember:
    role: str
    position: int
    person_id: int
    name: str
    unit_name: str
    title: str
    phones: tuple[Phone, ...]
    note: str = ""

    @property
    def role_label(self) -> str:
        return duty_role_label(self.role)

    @property
    def main_phone(self) -> str:
        return self.phones[0].number if self.phones else ""


@dataclass
class ShiftRoster:
    shift: Shift
    members: list[DutyMember] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.members

    def by_role(self, role: str) -> list[DutyMember]:
        return [m for m in self.members if m.role == role]


@dataclass
class TodayBoard:
    now: datetime
    current: ShiftRoster
    next: ShiftRoster
    log_entries: list[dict[str, Any]]


def _phones_for(store: Store, person_ids: set[int]) -> dict[int, tuple[Phone, ...]]:
    if not person_ids:
        return {}
    found: dict[int, list[Phone]] = defaultdict(list)
    marks = ",".join("?" * len(person_ids))
    for row in store.rows(f"SELECT person_id, kind, number FROM person_phone WHERE person_id IN ({marks})"
                          " ORDER BY person_id, sort_order, id", tuple(person_ids)):
        found[row[0]].append(Phone(row[1], row[2]))
    return {pid: tuple(phones) for pid, phones in found.items()}


def rosters_between(store: Store, first: date, last: date) -> list[ShiftRoster]:
    """One ShiftRoster per day from ``first`` to ``last`` inclusive (empty ones included)."""
    handover = handover_time(store)
    rows = store.rows(
        "SELECT a.duty_date, a.role, a.position, a.note, p.id AS person_id, p.name, p.position AS title,"
        " u.name AS unit_name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
        " LEFT JOIN org_unit u ON u.id = p.unit_id"
        " WHERE a.voided_at IS NULL AND a.shift = 'full' AND a.duty_date BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()),
    )
    phones = _phones_for(store, {r["person_id"] for r in rows})
    by_day: dict[str, list[DutyMember]] = defaultdict(list)
    for r in rows:
        by_day[r["duty_date"]].append(DutyMember(
            role=r["role"], position=r["position"], person_id=r["person_id"], name=r["name"],
            unit_name=r["unit_name"] or "", title=r["title"], phones=phones.get(r["person_id"], ()),
            note=r["note"]))
    out = []
    day = first
    while day <= last:
        members = sorted(by_day.get(day.isoformat(), []), key=lambda m: (ROLE_ORDER.index(m.role), m.position))
        out.append(ShiftRoster(shift_on(day, handover), members))
        day += timedelta(days=1)
    return out


def shift_roster(store: Store, shift: Shift) -> ShiftRoster:
    return rosters_between(store, shift.duty_date, shift.duty_date)[0]


def recent_log_entries(store: Store, duty_date: date, limit: int = 8) -> list[dict[str, Any]]:
    rows = store.rows(
        "SELECT id, occurred_at, kind, summary, recorded_by_name FROM duty_log_entry"
        " WHERE duty_date = ? AND voided_at IS NULL ORDER BY occurred_at DESC, id DESC LIMIT ?",
        (duty_date.isoformat(), limit),
    )
    return [dict(r) for r in rows]


def today_board(store: Store, now: datetime) -> TodayBoard:
    handover = handover_time(store)
    current = shift_at(now, handover)
    following = next_shift(current, handover)
    current_roster, next_roster = rosters_between(store, current.duty_date, following.duty_date)
    return TodayBoard(now, current_roster, next_roster, recent_log_entries(store, current.duty_date))


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
