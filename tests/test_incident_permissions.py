"""Who may do what in incident reporting, enforced in the core for every role (nothing written on refusal)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from dutyroom.auth import accounts
from dutyroom.auth.permissions import PERMISSIONS, ROLE_LABELS
from dutyroom.errors import PermissionDenied
from dutyroom.incidents import intake, obligations, reports, rulebook
from dutyroom.session import Session
from tests.incident_helpers import first_call, session_as


def _incident(demo_store, clock) -> int:
    return intake.open_incident(session_as(demo_store, clock, "zhiban"), first_call(demo_store, clock.now(), dead=3))


def _draft(demo_store, clock) -> int:
    officer = session_as(demo_store, clock, "zhiban")
    report_id = reports.create_report(officer, _incident(demo_store, clock), "initial")
    body = json.loads(reports.get_report(demo_store, report_id)["body_json"])
    reports.update_report(officer, report_id, body={**body, "measures": "措施"})
    return report_id


def _signed(demo_store, clock) -> int:
    report_id = _draft(demo_store, clock)
    reports.sign_off(session_as(demo_store, clock, "daiban"), report_id)
    return report_id


def _obligation(demo_store, clock) -> int:
    incident_id = _incident(demo_store, clock)
    return int(demo_store.scalar("SELECT id FROM incident_obligation WHERE incident_id = ? AND step = 'followup'",
                                 (incident_id,)))


Prepare = Callable[[Any, Any], Any]
OPERATIONS: dict[str, tuple[str, Prepare, Callable[[Session, Any], object]]] = {
    "open incident": ("incident.intake", lambda s, c: None,
                      lambda session, _: intake.open_incident(session, first_call(session.store, session.now()))),
    "add call": ("incident.intake", _incident,
                 lambda session, i: intake.add_call(session, i, {"reporter_name": "张三"}, summary="补充情况")),
    "meet obligation": ("incident.intake", _obligation,
                        lambda session, o: obligations.meet(session, o, how="传真", to="市局", note="系统报送")),
    "draft report": ("incident.intake", _incident, lambda session, i: reports.create_report(session, i, "initial")),
    "send report": ("incident.intake", _signed,
                    lambda session, r: reports.mark_sent(session, r, to="市应急管理局", channel="传真")),
    "override grade": ("incident.manage", _incident,
                       lambda session, i: intake.override_grade(session, i, "重大", "按领导意见认定为重大")),
    "waive obligation": ("incident.manage", _obligation,
                         lambda session, o: obligations.waive(session, o, "上级同意本日不续报")),
    "void incident": ("incident.manage", _incident, lambda session, i: intake.void_incident(session, i, "重复录入")),
    "sign off": ("incident.signoff", _draft, lambda session, r: reports.sign_off(session, r)),
    "adopt rules": ("rules.edit", lambda s, c: None, lambda session, _: rulebook.adopt_shipped(session, "henan")),
}


@pytest.mark.parametrize("role", list(ROLE_LABELS))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_incident_role_matrix(demo_store, clock, role: str, operation: str) -> None:
    permission, prepare, call = OPERATIONS[operation]
    prepared = prepare(demo_store, clock)
    system = session_as(demo_store, clock, "admin")   # the demo administrator creates the tester
    account_id = accounts.create_account(system, username=f"t_{role}", password="Role2026pw", display_name="受测",
                                         roles=[role], must_change=False)
    session = Session(demo_store, accounts.actor_for(demo_store, account_id), clock)
    audit_before = demo_store.scalar("SELECT COUNT(*) FROM audit_log")
    if role in PERMISSIONS[permission][1]:
        call(session, prepared)
        assert demo_store.scalar("SELECT COUNT(*) FROM audit_log") > audit_before
    else:
        with pytest.raises(PermissionDenied, match=f"无权{PERMISSIONS[permission][0]}"):
            call(session, prepared)
        assert demo_store.scalar("SELECT COUNT(*) FROM audit_log") == audit_before


def test_separation_of_duties() -> None:
    assert PERMISSIONS["incident.signoff"][1] == {"leader"}
    assert "officer" in PERMISSIONS["incident.intake"][1] and "officer" not in PERMISSIONS["incident.manage"][1]
    assert PERMISSIONS["rules.edit"][1] == {"admin"}
