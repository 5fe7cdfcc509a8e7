"""Seed the demo county on first use and keep the current month's duty filled on every start.

Everything goes through the normal operations (audited like any other change). Re-running adds
nothing that is already there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dutyroom import org, settings
from dutyroom.auth import accounts
from dutyroom.clock import Clock
from dutyroom.duty import log
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.duty.shifts import handover_time, shift_at
from dutyroom.paths import app_path
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store

SEED_VERSION = 1
ROTATION_EPOCH = date(2026, 1, 1)
STANDBY_PER_SHIFT = 2


@dataclass(frozen=True)
class SeedReport:
    created_county: bool
    assignments_added: int


def load_county() -> dict[str, Any]:
    return json.loads(app_path("resources", "demo", "county.json").read_text(encoding="utf-8"))


def demo_password() -> str:
    return load_county()["password"]


def demo_accounts() -> list[tuple[str, str]]:
    """(user name, role label) of the demo accounts, for the login dialog's hint."""
    from dutyroom.auth.permissions import roles_label

    return [(a["username"], roles_label(set(a["roles"]))) for a in load_county()["accounts"]]


def _seed_county(session: Session, county: dict[str, Any]) -> None:
    for key, value in county["settings"].items():
        settings.set_value(session, key, value)
    unit_ids: dict[str, int] = {}
    for unit in county["units"]:
        extra = {k: unit[k] for k in ("duty_phone", "fax", "address") if k in unit}
        unit_ids[unit["key"]] = org.create_unit(session, name=unit["name"], kind=unit["kind"],
                                                parent_id=unit_ids.get(unit["parent"]), **extra)
    person_ids: dict[str, int] = {}
    for person in county["persons"]:
        person_ids[person["name"]] = org.create_person(
            session, name=person["name"], unit_id=unit_ids[person["unit"]], position=person["position"],
            phones=[tuple(p) for p in person["phones"]], is_staff=person.get("staff", False),
            duty_roles=person.get("roles", []))
    for account in county["accounts"]:
        person_id = person_ids.get(account["person"]) if account["person"] else None
        accounts.create_account(session, username=account["username"], password=county["password"],
                                display_name=account.get("display_name") or account["person"],
                                roles=account["roles"], person_id=person_id, must_change=False)


def _seed_log(store: Store, clock: Clock, county: dict[str, Any]) -> None:
    officer = store.row("SELECT id FROM account WHERE username = 'zhiban'")
    actor = accounts.actor_for(store, officer["id"])
    now = clock.now()
    shift = shift_at(now, handover_time(store))
    # Spread the entries over the part of the current shift that has passed (or the previous shift
    # if this one has only just begun), so the board shows them.
    start, span = shift.start, now - shift.start
    if span < timedelta(minutes=40):
        start, span = shift.start - timedelta(days=1), timedelta(days=1)
    session = Session(store, actor, clock)
    entries = county["log_entries"]
    for index, entry in enumerate(entries):
        occurred = start + span * (index + 1) / (len(entries) + 1)
        log.add_entry(session, kind=entry["kind"], summary=entry["summary"], occurred_at=occurred.replace(microsecond=0))


def _rotation(first: date, last: date, staff: dict[str, list[int]], taken: set[tuple[str, str, int]]
              ) -> list[SlotAssignment]:
    """A simple fixed rotation for the demo (the roster planner does the real planning)."""
    slots = {"leader": 1, "chief": 1, "officer": 2}
    on_duty: dict[date, set[int]] = {}
    items = []

    def duty_of(day: date) -> set[int]:
        if day not in on_duty:
            d = (day - ROTATION_EPOCH).days
            people = set()
            for role, count in slots.items():
                pool = staff[role]
                people.update(pool[(d * count + k) % len(pool)] for k in range(count))
            on_duty[day] = people
        return on_duty[day]

    day = first
    while day <= last:
        d = (day - ROTATION_EPOCH).days
        for role, count in slots.items():
            pool = staff[role]
            for k in range(count):
                if (day.isoformat(), role, k) not in taken:
                    items.append(SlotAssignment(day, role, k, pool[(d * count + k) % len(pool)]))
        busy = duty_of(day) | duty_of(day - timedelta(days=1))
        pool = staff["standby"]
        candidates = [pool[(d * STANDBY_PER_SHIFT + k) % len(pool)] for k in range(len(pool))]
        chosen = [p for p in candidates if p not in busy][:STANDBY_PER_SHIFT]
        for k, person_id in enumerate(chosen):
            if (day.isoformat(), "standby", k) not in taken:
                items.append(SlotAssignment(day, "standby", k, person_id))
        day += timedelta(days=1)
    return items


def ensure_assignments(session: Session, first: date, last: date) -> int:
    store = session.store
    staff = {role: [p["id"] for p in org.duty_staff(store, role)] for role in ("leader", "chief", "officer",
                                                                              "standby")}
    if not all(staff.values()):
        return 0
    taken = {(r[0], r[1], r[2]) for r in store.rows(
        "SELECT duty_date, role, position FROM duty_assignment WHERE voided_at IS NULL AND duty_date BETWEEN ? AND ?",
        (first.isoformat(), last.isoformat()))}
    items = _rotation(first, last, staff, taken)
    if items:
        assign_many(session, items, source="demo")
    return len(items)


def demo_period(today: date) -> tuple[date, date]:
    """The current month, stretched to the end of the current week and the next shift."""
    first = today.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    week_end = today + timedelta(days=6 - today.weekday())
    return first, max(next_month - timedelta(days=1), week_end, today + timedelta(days=1))


def seed_demo(store: Store, clock: Clock) -> SeedReport:
    session = Session(store, SYSTEM_ACTOR, clock)
    seeded = store.scalar("SELECT value FROM setting WHERE key = 'demo.seed_version'")
    created = False
    if seeded is None:
        county = load_county()
        with store.transaction():
            _seed_county(session, county)
            settings.set_value(session, "demo.seed_version", SEED_VERSION)
        created = True
    first, last = demo_period(shift_at(clock.now(), handover_time(store)).duty_date)
    added = ensure_assignments(session, first, last)
    if created:
        _seed_log(store, clock, load_county())
    from dutyroom.demo.incidents import seed_incidents  # incident reporting (issue 6)

    seed_incidents(store, clock.now())
    return SeedReport(created, added)
