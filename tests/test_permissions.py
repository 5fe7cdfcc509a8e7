"""Permissions are enforced inside the core operations: each role is refused what it may not do."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from dutyroom import org, settings
from dutyroom.auth import accounts
from dutyroom.auth.permissions import PERMISSIONS, ROLE_LABELS
from dutyroom.duty import log
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.errors import PermissionDenied
from dutyroom.session import Session


def _nothing(system: Session) -> None:
    return None


def _staff(system: Session) -> int:
    return org.create_person(system, name="排班人", is_staff=True, duty_roles=["officer"])


# name -> (permission, prepare with the system session, the call made as the role under test)
OPERATIONS: dict[str, tuple[str, Callable[[Session], object], Callable[[Session, object], object]]] = {
    "create unit": ("org.edit", _nothing, lambda s, _: org.create_unit(s, name="新单位", kind="department")),
    "create person": ("org.edit", _nothing, lambda s, _: org.create_person(s, name="新人员")),
    "create account": ("account.manage", _nothing, lambda s, _: accounts.create_account(
        s, username="newbie", password="Newbie2026", display_name="新人", roles=["officer"])),
    "change setting": ("settings.edit", _nothing,
                       lambda s, _: settings.set_value(s, "duty.handover_time", "09:00")),
    "assign duty": ("duty.assign", _staff, lambda s, person_id: assign_many(
        s, [SlotAssignment(date(2026, 11, 25), "officer", 0, person_id)])),
    "write log": ("log.write", _nothing, lambda s, _: log.add_entry(s, kind="call_in", summary="来电测试")),
}


@pytest.mark.parametrize("role", list(ROLE_LABELS))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_role_matrix(store, clock, system, role: str, operation: str) -> None:
    permission, prepare, call = OPERATIONS[operation]
    account_id = accounts.create_account(system, username=f"as_{role}", password="Role2026pw",
                                         display_name="受测账户", roles=[role], must_change=False)
    session = Session(store, accounts.actor_for(store, account_id), clock)
    prepared = prepare(system)
    audit_before = store.scalar("SELECT COUNT(*) FROM audit_log")
    if role in PERMISSIONS[permission][1]:
        call(session, prepared)
        assert store.scalar("SELECT COUNT(*) FROM audit_log") > audit_before
    else:
        with pytest.raises(PermissionDenied, match=f"无权{PERMISSIONS[permission][0]}"):
            call(session, prepared)
        assert store.scalar("SELECT COUNT(*) FROM audit_log") == audit_before


def test_every_permission_has_holders_and_label() -> None:
    for name, (label, roles) in PERMISSIONS.items():
        assert label and roles <= set(ROLE_LABELS), name


def test_expected_separation_of_duties() -> None:
    assert PERMISSIONS["account.manage"][1] == {"admin"}
    assert "officer" not in PERMISSIONS["duty.assign"][1]
    assert "officer" in PERMISSIONS["log.write"][1]
