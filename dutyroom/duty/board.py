"""Read models for 今日值班 and the weekly duty list: who holds which slot, with unit and phones.

A duty day is one 24-hour shift. Where its officers were published as 白班 and 夜班 parts (the officer
day/night split), members carry their part and the roster knows both parts' hours, so every reader can
say who is on now; rows are read as stored, whatever the split setting says today.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from dutyroom.duty.roles import ROLE_ORDER, ShiftPart, duty_role_label, shift_order, slot_label
from dutyroom.duty.shifts import (
    Shift,
    handover_time,
    next_shift,
    night_from,
    parts_on,
    shift_at,
    shift_on,
)
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
    shift: str = ShiftPart.FULL        # DAY / NIGHT: a part of a split officer day

    @property
    def role_label(self) -> str:
        """"值班员（白班）" for a part, the role's name otherwise."""
        return slot_label(self.role, self.shift)

    @property
    def main_phone(self) -> str:
        return self.phones[0].number if self.phones else ""


@dataclass
class ShiftRoster:
    shift: Shift
    members: list[DutyMember] = field(default_factory=list)
    parts: dict[str, Shift] = field(default_factory=dict)    # "day"/"night" -> hours, when split

    @property
    def empty(self) -> bool:
        return not self.members

    @property
    def split(self) -> bool:
        return any(m.shift != "full" for m in self.members)

    def by_role(self, role: str) -> list[DutyMember]:
        return [m for m in self.members if m.role == role]

    def by_part(self, role: str, shift: str) -> list[DutyMember]:
        return [m for m in self.members if m.role == role and m.shift == shift]

    def part_at(self, moment: datetime) -> str:
        """"day" or "night": which officer part is on at ``moment`` ("full" when the day is not split)."""
        for code, part in self.parts.items():
            if self.split and part.contains(moment):
                return code
        return "full"

    def groups(self, *, standby: bool = True) -> list[tuple[str, list[DutyMember]]]:
        """(label, people) in slot order, "值班员（白班）" and "值班员（夜班）" apart on a split day; a role
        nobody holds is listed empty (a sheet says who is missing)."""
        out: list[tuple[str, list[DutyMember]]] = []
        for role in ROLE_ORDER:
            if role == "standby" and not standby:
                continue
            members = self.by_role(role)
            shifts = list(dict.fromkeys(m.shift for m in members))
            if not shifts:
                out.append((duty_role_label(role), []))
            for shift in shifts:
                part = self.by_part(role, shift)
                out.append((part[0].role_label, part))
        return out

    def part_hours(self, shift: str) -> str:
        part = self.parts.get(shift)
        return part.hours if part else ""


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
    handover, night_start = handover_time(store), night_from(store)
    rows = store.rows(
        "SELECT a.duty_date, a.role, a.position, a.shift, a.note, p.id AS person_id, p.name, p.position AS title,"
        " u.name AS unit_name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
        " LEFT JOIN org_unit u ON u.id = p.unit_id"
        " WHERE a.voided_at IS NULL AND a.duty_date BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()),
    )
    phones = _phones_for(store, {r["person_id"] for r in rows})
    by_day: dict[str, list[DutyMember]] = defaultdict(list)
    for r in rows:
        by_day[r["duty_date"]].append(DutyMember(
            role=r["role"], position=r["position"], person_id=r["person_id"], name=r["name"],
            unit_name=r["unit_name"] or "", title=r["title"], phones=phones.get(r["person_id"], ()),
            note=r["note"], shift=r["shift"]))
    out = []
    day = first
    while day <= last:
        members = sorted(by_day.get(day.isoformat(), []),
                         key=lambda m: (ROLE_ORDER.index(m.role), shift_order(m.shift), m.position))
        day_part, night_part = parts_on(day, handover, night_start)
        out.append(ShiftRoster(shift_on(day, handover), members, {"day": day_part, "night": night_part}))
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


def today_board(store: Store, now: datetime, *, log_limit: int = 8) -> TodayBoard:
    handover = handover_time(store)
    current = shift_at(now, handover)
    following = next_shift(current, handover)
    current_roster, next_roster = rosters_between(store, current.duty_date, following.duty_date)
    return TodayBoard(now, current_roster, next_roster, recent_log_entries(store, current.duty_date, log_limit))


def officer_part_at(store: Store, moment: datetime) -> Shift | None:
    """The 白班 or 夜班 part on duty at ``moment`` when that duty day's officers were published split."""
    shift = shift_at(moment, handover_time(store))
    split = store.scalar("SELECT 1 FROM duty_assignment WHERE duty_date = ? AND shift IN ('day', 'night')"
                         " AND voided_at IS NULL LIMIT 1", (shift.duty_date.isoformat(),))
    if not split:
        return None
    day, night = parts_on(shift.duty_date, handover_time(store), night_from(store))
    return day if day.contains(moment) else night


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)
