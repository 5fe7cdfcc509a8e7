"""Demo leave (issue 17): a 培训 request from a duty officer waiting for the office, and 补休 the office entered
for the staff member with the most 补休 owed — so 请假审批, 我的值班's balance and the statistics show them."""

from __future__ import annotations

from datetime import date, timedelta

from dutyroom.auth import accounts
from dutyroom.clock import Clock
from dutyroom.errors import ValidationError
from dutyroom.roster import balance, leave
from dutyroom.roster.arrangements import load_calendar
from dutyroom.session import Session
from dutyroom.store import Store


def seed_leave(store: Store, clock: Clock, today: date) -> None:
    if store.scalar("SELECT COUNT(*) FROM leave_request"):
        return
    office_id = store.scalar("SELECT id FROM account WHERE username = 'bangongshi'")
    if office_id is None:
        return
    office = Session(store, accounts.actor_for(store, office_id), clock)
    soon = store.row("SELECT a.person_id, a.duty_date FROM duty_assignment a WHERE a.voided_at IS NULL"
                     " AND a.role = 'officer' AND a.duty_date BETWEEN ? AND ?"
                     " AND a.person_id NOT IN (SELECT person_id FROM account WHERE person_id IS NOT NULL)"
                     " ORDER BY a.duty_date DESC", ((today + timedelta(days=2)).isoformat(),
                                                    (today + timedelta(days=5)).isoformat()))
    if soon is not None:
        day = date.fromisoformat(soon["duty_date"])
        try:
            leave.request_leave(office, soon["person_id"], "training", day, day + timedelta(days=1),
                                "参加市应急管理局值班值守业务培训")
        except ValidationError:
            pass
    _seed_comp_leave(store, office, today)


def _seed_comp_leave(store: Store, office: Session, today: date) -> None:
    """One day of 补休 taken last week by whoever is owed most, on a workday they were not on duty."""
    owed = balance.comp_balances(store, today.replace(month=1, day=1), today)
    if not owed:
        return
    person = max(owed, key=lambda p: (owed[p].closing, -p))
    if owed[person].closing < 1:
        return
    calendar = load_calendar(store)
    for back in range(3, 10):
        day = today - timedelta(days=back)
        busy = store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE person_id = ? AND voided_at IS NULL"
                            " AND duty_date BETWEEN ? AND ?", (person, (day - timedelta(days=1)).isoformat(),
                                                               (day + timedelta(days=1)).isoformat()))
        if not calendar.info(day).is_rest and not busy:
            try:
                leave.record_comp_leave(office, person, day, day, "补休（办公室登记）")
            except ValidationError:
                continue
            return
