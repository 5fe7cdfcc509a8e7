"""Shared helpers for the 预警叫应 tests: sessions of the demo accounts, a warning entered on the demo county,
the targets of a list by name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dutyroom.contacts import people
from dutyroom.session import Session
from dutyroom.store import Store
from dutyroom.warnings import records
from tests.incident_helpers import session_as

CONTENT = "预计未来6小时青石镇累计降雨量将达100毫米以上，请做好山洪、地质灾害和城乡积涝防范。"


def enter(session: Session, **overrides: Any) -> records.Relayed:
    values: dict[str, Any] = {"type": "暴雨", "level": "橙色", "content": CONTENT, "areas": ["青石镇"]}
    values.update(overrides)
    return records.new_warning(session, **values)


def targets(store: Store, notice_id: int) -> dict[str, dict[str, Any]]:
    """The list by name (a person listed twice — as escalation and otherwise — keyed "name/kind")."""
    out: dict[str, dict[str, Any]] = {}
    for row in store.rows("SELECT * FROM warning_target WHERE notice_id = ? ORDER BY seq", (notice_id,)):
        key = row["name"] if row["name"] not in out else f"{row['name']}/{row['kind']}"
        out[key] = dict(row)
    return out


def person(store: Store, name: str) -> int:
    return int(store.scalar("SELECT id FROM person WHERE name = ? AND voided_at IS NULL", (name,)))


def pair(store: Store, clock: Any, a: str, b: str) -> None:
    """Make ``b`` the B角 of ``a`` (as the office would, through the contacts operation)."""
    people.update_contact(session_as(store, clock, "bangongshi"), person(store, a), backup_person_id=person(store, b))


def away(store: Store, clock: Any, name: str, start: datetime, days: int = 3) -> None:
    from datetime import timedelta

    people.set_away(session_as(store, clock, "bangongshi"), person(store, name), start.date(),
                    start.date() + timedelta(days=days), "赴市培训")


def leader_on_duty(store: Store, now: datetime) -> str:
    from dutyroom.duty.board import shift_roster
    from dutyroom.duty.shifts import handover_time, shift_at

    return shift_roster(store, shift_at(now, handover_time(store))).by_role("leader")[0].name
