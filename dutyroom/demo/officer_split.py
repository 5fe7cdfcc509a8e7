"""The demo county with the officer day/night split switched on (screenshots, tests): the setting, one
officer who takes no nights, and the rest of the current month re-planned and published as 白班 and 夜班.

The demo itself keeps the 24-hour model; this is applied to a copy of its data.
"""

from __future__ import annotations

from datetime import date

from dutyroom import settings
from dutyroom.clock import Clock
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store

NO_NIGHT_OFFICER_INDEX = 3     # the fourth officer in list order: 不值夜班, so 白班 only


def switch_to_officer_split(store: Store, clock: Clock, first: date, last: date) -> int:
    """Turn the split on and publish ``first``…``last`` with it. Returns the number of the new version."""
    from dutyroom import org
    from dutyroom.roster import planning, publishing
    from dutyroom.roster.staffing import set_profile

    session = Session(store, SYSTEM_ACTOR, clock)
    settings.set_many(session, {"roster.officer_split": True})
    officers = org.duty_staff(store, "officer")
    if len(officers) > NO_NIGHT_OFFICER_INDEX:
        person = officers[NO_NIGHT_OFFICER_INDEX]["id"]
        kept = store.row("SELECT * FROM roster_profile WHERE person_id = ?", (person,))
        set_profile(session, person, no_night=True,
                    join_date=date.fromisoformat(kept["join_date"]) if kept and kept["join_date"] else None,
                    leave_date=date.fromisoformat(kept["leave_date"]) if kept and kept["leave_date"] else None,
                    max_per_month=kept["max_per_month"] if kept else None)
    planning.generate(session, first, last)
    version = publishing.publish(session, first, last, note="值班员分白夜班", accept_issues=True)
    return int(store.scalar("SELECT number FROM roster_version WHERE id = ?", (version,)))
