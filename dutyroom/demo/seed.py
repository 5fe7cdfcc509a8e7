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
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.duty.shifts import handover_time, shift_at
from dutyroom.errors import ValidationError
from dutyroom.paths import app_path
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store

SEED_VERSION = 1


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


# -- roster (issue 3): published versions made by the roster engine --------------------------------
HISTORY_MONTHS = 10
DEMO_PERIODS = (
    ("2026年全国两会", "sensitive", date(2026, 3, 4), date(2026, 3, 11), {"leader": 2, "officer": 3}),
    ("2026年汛期", "flood", date(2026, 4, 1), date(2026, 9, 30), {"officer": 3}),
)
# (person, kind, first day of the current month + offset, days, note)
DEMO_ABSENCES = (
    ("姚博建", "leave", 8, 5, "年休假"),
    ("刘菊诗", "trip", 14, 4, "赴省厅参加培训班"),
    ("韦霞诗", "training", 2, 3, "应急管理干部轮训"),
)


def _months(first: date, last: date) -> list[tuple[date, date]]:
    from dutyroom.roster.planning import month_range

    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(month_range(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _seed_roster_facts(session: Session, today: date) -> None:
    from dutyroom.roster import staffing

    store = session.store
    if not store.scalar("SELECT COUNT(*) FROM roster_period"):
        for name, kind, start, end, slots in DEMO_PERIODS:
            staffing.add_period(session, name=name, kind=kind, start=start, end=end, slots=slots)
    month_start = today.replace(day=1)
    for name, kind, offset, days, note in DEMO_ABSENCES:
        person = store.scalar("SELECT id FROM person WHERE name = ? AND is_staff = 1", (name,))
        start = month_start + timedelta(days=offset)
        end = start + timedelta(days=days - 1)
        taken = store.scalar("SELECT COUNT(*) FROM roster_absence WHERE person_id = ? AND voided_at IS NULL"
                             " AND start_date <= ? AND end_date >= ?", (person, end.isoformat(), start.isoformat()))
        if person and not taken:
            staffing.add_absence(session, person, kind, start, end, note)


def ensure_roster(session: Session, first: date, last: date) -> int:
    """Publish an engine-made roster for every month from ``HISTORY_MONTHS`` back to ``last`` that has no
    duties yet. A month in a year without a holiday arrangement cannot be published (the calendar is
    never guessed): its generated draft is written as plain demo duties so 今日值班 is not empty."""
    from dutyroom.roster import planning, publishing
    from dutyroom.roster.arrangements import load_calendar

    store = session.store
    if not all(org.duty_staff(store, role) for role in ("leader", "chief", "officer", "standby")):
        return 0
    start = first.replace(day=1)
    for _ in range(HISTORY_MONTHS):
        start = (start - timedelta(days=1)).replace(day=1)
    added = 0
    calendar = load_calendar(store)
    for month_first, month_last in _months(start, last):
        if store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE voided_at IS NULL AND duty_date BETWEEN ? AND ?",
                        (month_first.isoformat(), month_last.isoformat())):
            continue
        planning.generate(session, month_first, month_last)
        if not calendar.missing_years(month_first, month_last):
            publishing.publish(session, month_first, month_last, note="演示数据", accept_issues=True)
        else:
            cells = planning.draft(store, month_first, month_last).values()
            assign_many(session, [SlotAssignment(c.day, c.role, c.position, c.person_id, c.shift,
                                                 note="节假日安排未录入，未正式发布") for c in cells], source="demo")
        added += store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE voided_at IS NULL AND duty_date BETWEEN ? AND ?",
                              (month_first.isoformat(), month_last.isoformat()))
    return added


# (account, slot, days after today): handing over, taking over and signing off are done only by the people on
# those shifts, so the demo accounts' people hold today's shift and 夏卫琪 takes over the next one; the officer
# also has a duty later this month (我的值班 shows it, the demo's 代班 request and leave are about it), whatever
# the roster engine would otherwise have made of the rest of the month.
DEMO_ON_DUTY = (("daiban", "leader", 0), ("zhiban", "officer", 0), ("zhibanzhang", "chief", 1),
                ("zhiban", "officer", 4))


def _put_demo_accounts_on_duty(session: Session, today: date) -> None:
    """Pin the demo accounts' people into the draft before a first roster is made around them."""
    from dutyroom.roster import planning

    store = session.store
    if store.scalar("SELECT 1 FROM duty_assignment WHERE voided_at IS NULL AND duty_date = ?", (today.isoformat(),)):
        return
    for username, role, days in DEMO_ON_DUTY:
        person = store.scalar("SELECT person_id FROM account WHERE username = ?", (username,))
        if person is not None:
            planning.assign(session, today + timedelta(days=days), role, 0, person, accept_conflicts=True)


def _seed_changes(store: Store, clock: Clock, today: date) -> None:
    """One approved swap and one pending substitution in the current month, as the office would have them."""
    from dutyroom.roster import changes

    if store.scalar("SELECT COUNT(*) FROM roster_change"):
        return
    office = accounts.actor_for(store, store.scalar("SELECT id FROM account WHERE username = 'bangongshi'"))
    officer = accounts.actor_for(store, store.scalar("SELECT id FROM account WHERE username = 'zhiban'"))
    month_first = today.replace(day=1)

    def duty(day: date, role: str) -> int | None:
        return store.scalar("SELECT id FROM duty_assignment WHERE voided_at IS NULL AND duty_date = ? AND role = ?"
                            " AND position = 0 AND source = 'roster'", (day.isoformat(), role))

    for offset in range(0, 20):
        first, second = duty(month_first + timedelta(days=offset), "leader"), duty(
            month_first + timedelta(days=offset + 4), "leader")
        if first and second:
            try:
                changes.request_swap(Session(store, office, clock), first, second, "带班领导出差调整",
                                     approve=True, accept_conflicts=True)
                break
            except ValidationError:
                continue
    mine = store.rows("SELECT a.id, a.duty_date FROM duty_assignment a JOIN account c ON c.person_id = a.person_id"
                      " WHERE c.username = 'zhiban' AND a.voided_at IS NULL AND a.duty_date > ? ORDER BY a.duty_date",
                      (today.isoformat(),))
    candidates = [p["id"] for p in org.duty_staff(store, "officer")]
    for row in mine:
        for person in candidates:
            try:
                changes.request_substitution(Session(store, officer, clock), row["id"], person, "家中老人住院，需陪护")
                return
            except ValidationError:
                continue


def demo_period(today: date) -> tuple[date, date]:
    """The current month, stretched to the end of the current week and the next shift."""
    first = today.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    week_end = today + timedelta(days=6 - today.weekday())
    return first, max(next_month - timedelta(days=1), week_end, today + timedelta(days=1))


def seed_demo(store: Store, clock: Clock, *, history: bool = False) -> SeedReport:
    """``history``: also the months before the demo week (the statistics' data), as ``--demo`` makes it; the
    test suite's plain demo county leaves them out, so that tests of a week's log and five incidents see those."""
    session = Session(store, SYSTEM_ACTOR, clock)
    seeded = store.scalar("SELECT value FROM setting WHERE key = 'demo.seed_version'")
    created = False
    if seeded is None:
        county = load_county()
        with store.transaction():
            _seed_county(session, county)
            settings.set_value(session, "demo.seed_version", SEED_VERSION)
        created = True
    today = shift_at(clock.now(), handover_time(store)).duty_date
    first, last = demo_period(today)
    _seed_roster_facts(session, today)
    _put_demo_accounts_on_duty(session, today)
    added = ensure_roster(session, first, last)
    if created:
        _seed_changes(store, clock, today)
        from dutyroom.demo.leave_seed import seed_leave  # leave and 补休 (issue 17)

        seed_leave(store, clock, today)
        from dutyroom.setup.steps import put_off_unfinished  # the demo county is set up: no 开通清单

        put_off_unfinished(session, today)
    # contacts (issue 4): tags, verifications, away, A/B pairs, groups, desk phones — once
    from dutyroom.demo.contacts_seed import seed_contacts

    seed_contacts(store, clock)
    from dutyroom.demo.incidents import seed_incidents  # incident reporting (issue 6)

    seed_incidents(store, clock.now())
    # statistics (issue 15): the log, incidents and warnings of the months before the demo week — once; after
    # the demo incidents (which are played only into a file without any) and before the demo warnings, so that
    # the warnings' numbers run in the order they came in
    if history:
        from dutyroom.demo.history_seed import seed_history

        seed_history(store, clock.now())
    # warnings and 叫应 (issue 14): before the duty log is seeded, whose handovers close the past shifts
    from dutyroom.demo.warnings_seed import seed_warnings

    seed_warnings(store, clock)
    # duty log (issue 5): a week of handed-over shifts, roll calls and pending items — once
    from dutyroom.demo.dutylog_seed import seed_dutylog

    seed_dutylog(store, clock)
    if created:
        _seed_anchor(store, clock)
    return SeedReport(created, added)


def _seed_anchor(store: Store, clock: Clock) -> None:
    """The last handed-over shift's printed 交接班记录 is in the binder: its audit line typed in as an anchor."""
    from dutyroom.audit import anchors
    from dutyroom.audit.positions import last_row_of, position_of

    sheet = store.row("SELECT id, outgoing_date FROM handover WHERE status = 'accepted' AND voided_at IS NULL"
                      " ORDER BY outgoing_date DESC LIMIT 1")
    admin = store.scalar("SELECT id FROM account WHERE username = 'admin'")
    if sheet is None or admin is None:
        return
    printed = position_of(store, last_row_of(store, "handover", sheet["id"], "handover.accept"))
    if printed is None:
        return
    anchors.add_anchor(Session(store, accounts.actor_for(store, admin), clock), seq=printed.seq,
                       hash_prefix=printed.hash[:16], source=f"{sheet['outgoing_date']} 交接班记录（装订册）")
