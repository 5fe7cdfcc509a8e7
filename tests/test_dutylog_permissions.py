"""Each duty-log operation refuses the roles that do not hold its permission, and writes nothing then."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from dutyroom import org
from dutyroom.auth import accounts
from dutyroom.auth.permissions import PERMISSIONS, ROLE_LABELS
from dutyroom.clock import CST
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.dutylog import handover, instructions, pending, templates
from dutyroom.dutylog.entries import correct_entry, record_entry
from dutyroom.dutylog.report import save_report
from dutyroom.errors import PermissionDenied
from dutyroom.session import Session
from tests.dutylog_helpers import EQUIPMENT_OK


def _entry(system: Session) -> int:
    return record_entry(system, "instruction", summary="加强巡查", fields={"leader": "刘丽平"},
                        occurred_at=datetime(2026, 11, 24, 9, 0, tzinfo=CST))


def _closed_entry(system: Session) -> int:
    entry_id = _entry(system)
    with system.write() as tx:   # an accepted handover, without going through the operations
        handover_id = tx.insert("handover", {
            "outgoing_date": "2026-11-24", "incoming_date": "2026-11-25", "status": "accepted", "sheet_json": "{}",
            "equipment_json": "[]", "outgoing_name": "甲", "confirmed_at": "x", "incoming_name": "乙",
            "accepted_at": "x", "created_at": "x"})
        tx.audit("handover.accept", "handover", handover_id)
    return entry_id


def _item(system: Session) -> int:
    return pending.raise_pending(system, "跟踪处置")


def _late(session: Session) -> Session:
    session.clock.set(datetime(2026, 11, 25, 8, 10, tzinfo=CST))
    return session


# operation -> (the permissions it needs, all of them; preparation; the call). Records prepared by the system
# account are another person's: lifting and amending them needs the rights over others' records too.
OPERATIONS: dict[str, tuple[tuple[str, ...], Callable[[Session], object], Callable[[Session, object], object]]] = {
    "record entry": (("log.write",), lambda s: None, lambda s, _: record_entry(s, "other", summary="例行检查")),
    "raise pending": (("log.write",), lambda s: None, lambda s, _: pending.raise_pending(s, "落实通知")),
    "close pending": (("log.write",), _item, lambda s, item: pending.close_pending(s, item, "已办结")),
    "lift instruction": (("log.write", "instruction.lift"), _entry, lambda s, entry: instructions.lift(s, entry, "已落实")),
    "amend closed entry": (("log.amend", "log.others"), _closed_entry,
                           lambda s, entry: correct_entry(s, entry, summary="加强巡查和值守", reason="补充")),
    "save template": (("log.templates",), lambda s: None,
                      lambda s, _: templates.save_template(s, name="县水利局来电", kind="call_in")),
    "confirm handover": (("handover.do",), lambda s: None,
                         lambda s, _: handover.confirm_handover(_late(s), date(2026, 11, 24), equipment=EQUIPMENT_OK)),
    "save daily report": (("report.edit",), lambda s: None,
                          lambda s, _: save_report(s, date(2026, 11, 23), title="值班日报", body="一、值班情况\n正常",
                                                   zero_report=True)),
}


@pytest.mark.parametrize("role", list(ROLE_LABELS))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_role_matrix(store, clock, system, role: str, operation: str) -> None:
    permissions, prepare, call = OPERATIONS[operation]
    unit = org.create_unit(system, name="示例县应急管理局", kind="bureau")
    person = org.create_person(system, name="受测人员", unit_id=unit, is_staff=True, duty_roles=["officer"])
    assign_many(system, [SlotAssignment(date(2026, 11, 24), "officer", 0, person)])   # on the shift handed over
    account_id = accounts.create_account(system, username=f"as_{role}", password="Role2026pw",
                                         display_name="受测账户", roles=[role], person_id=person, must_change=False)
    session = Session(store, accounts.actor_for(store, account_id), clock)
    prepared = prepare(system)
    audit_before = store.scalar("SELECT COUNT(*) FROM audit_log")
    if all(role in PERMISSIONS[permission][1] for permission in permissions):
        call(session, prepared)
        assert store.scalar("SELECT COUNT(*) FROM audit_log") > audit_before
    else:
        missing = next(p for p in permissions if role not in PERMISSIONS[p][1])
        refusal = f"无权{PERMISSIONS[missing][0]}" if missing == permissions[0] else "只(有|能由)"
        with pytest.raises(PermissionDenied, match=refusal):
            call(session, prepared)
        assert store.scalar("SELECT COUNT(*) FROM audit_log") == audit_before


def test_separation_of_duties() -> None:
    assert "officer" not in PERMISSIONS["log.amend"][1] and "admin" not in PERMISSIONS["log.view"][1]
    assert PERMISSIONS["handover.do"][1] == {"officer", "chief", "leader"}
