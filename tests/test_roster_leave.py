"""Leave from the staff side on a real data file: request → approval → absence → flagged duty → proposed 代班
→ approved; refusal, withdrawal, cancellation and the refusals of bad input."""

from __future__ import annotations

from datetime import date

import pytest

from dutyroom import audit, org
from dutyroom.auth import accounts
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.roster import changes, leave, planning, publishing, staffing
from dutyroom.session import Session
from tests.dutylog_helpers import PASSWORD

D = date.fromisoformat
DEC = planning.month_range(2026, 12)


@pytest.fixture
def county(system) -> dict[str, list[int]]:
    """6 leaders, 6 chiefs (also standby), 18 officers (also standby), a December roster published."""
    people: dict[str, list[int]] = {"leader": [], "chief": [], "officer": []}
    for role, count, word in (("leader", 6, "领"), ("chief", 6, "长"), ("officer", 18, "员")):
        for n in range(count):
            roles = [role] if role == "leader" else [role, "standby"]
            people[role].append(org.create_person(system, name=f"{word}{n + 1}号", is_staff=True, duty_roles=roles,
                                                  phones=[("mobile", f"10000{'lco'.index(role[0])}{n:05d}")]))
    planning.generate(system, *DEC)
    publishing.publish(system, *DEC, accept_issues=True)
    return people


def session_for(system: Session, person_id: int, roles: list[str], username: str) -> Session:
    account = accounts.create_account(system, username=username, password=PASSWORD, display_name=username,
                                      roles=roles, person_id=person_id, must_change=False)
    return Session(system.store, accounts.actor_for(system.store, account), system.clock)


def first_duty(store, person_id: int, after: str = "2026-12-05") -> dict:
    return dict(store.one("SELECT * FROM duty_assignment WHERE person_id = ? AND voided_at IS NULL AND duty_date >= ?"
                          " AND role <> 'standby' ORDER BY duty_date", (person_id, after)))


def test_leave_request_approval_absence_flag_and_substitute(system, county) -> None:
    store = system.store
    officer = county["officer"][0]
    duty = first_duty(store, officer)
    day = D(duty["duty_date"])
    mine = session_for(system, officer, ["officer"], "yuan1")
    office = session_for(system, county["chief"][0], ["office"], "bangong")
    request = leave.request_leave(mine, officer, "leave", day, day, "家中有事")
    [view] = leave.leave_views(store, person_id=officer, today=system.now().date())
    assert view.status_label == "待审批" and view.pending_duties == 1 and view.span.endswith("（1天）")
    approval = leave.approve_request(office, request, "同意")
    # The absence the roster knows, with the request named in its note.
    absence = store.one("SELECT * FROM roster_absence WHERE id = ?", (approval.absence_id,))
    assert (absence["person_id"], absence["kind"], absence["start_date"]) == (officer, "leave", duty["duty_date"])
    assert f"第{request}号申请" in absence["note"]
    # The duty is flagged with a pending 代班 for the fairest free person.
    [proposal] = approval.flagged
    assert proposal.assignment["id"] == duty["id"] and proposal.substitute_id not in (None, officer)
    [change_id] = approval.changes
    ranked = [c for c in planning.candidates(store, day, duty["role"], duty["position"], duty["shift"])
              if c.free and c.person_id != officer]
    assert proposal.substitute_id == ranked[0].person_id        # the planner's ranking, first free person
    change = store.one("SELECT * FROM roster_change WHERE id = ?", (change_id,))
    assert (change["kind"], change["status"], change["substitute_id"]) == ("substitution", "pending",
                                                                           proposal.substitute_id)
    [view] = leave.leave_views(store, person_id=officer)
    assert view.status == "approved" and [f.change_id for f in view.flagged] == [change_id]
    assert "建议" in view.flagged[0].text and "待审批" in view.flagged[0].text
    # One click: the existing 代班 approval moves the duty.
    changes.approve_change(office, change_id)
    now_on = store.one("SELECT person_id FROM duty_assignment WHERE voided_at IS NULL AND duty_date = ? AND role = ?"
                       " AND position = ? AND shift = ?", (duty["duty_date"], duty["role"], duty["position"],
                                                           duty["shift"]))[0]
    assert now_on == proposal.substitute_id
    assert "已批准" in leave.leave_views(store, person_id=officer)[0].flagged[0].text
    assert audit.verify(store).ok
    ops = store.column("SELECT op FROM audit_log WHERE entity IN ('leave_request', 'roster_absence', 'roster_change')"
                       " ORDER BY id")
    assert ops == ["roster.leave.request", "roster.absence.add", "roster.change.request", "roster.leave.approve",
                   "roster.change.approve"]


def test_two_duties_of_one_leave_never_go_to_one_person_without_rest(system, county) -> None:
    store = system.store
    officer = county["officer"][1]
    duties = store.rows("SELECT * FROM duty_assignment WHERE person_id = ? AND voided_at IS NULL"
                        " AND duty_date BETWEEN '2026-12-05' AND '2026-12-31' ORDER BY duty_date", (officer,))
    assert len(duties) >= 2
    office = session_for(system, county["chief"][0], ["office"], "bangong")
    request = leave.request_leave(office, officer, "trip", D(duties[0]["duty_date"]), D(duties[1]["duty_date"]),
                                  "外出学习")
    approval = leave.approve_request(office, request)
    assert len(approval.flagged) >= 2 and all(p.substitute_id for p in approval.flagged)
    effects = [changes.Effect(p.assignment, p.substitute_id) for p in approval.flagged]
    assert changes.check(store, effects) == []         # jointly free of conflicts
    for change_id in approval.changes:
        changes.approve_change(office, change_id)
    assert not store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE person_id = ? AND voided_at IS NULL"
                            " AND duty_date BETWEEN ? AND ?", (officer, duties[0]["duty_date"], duties[1]["duty_date"]))


def test_nobody_free_is_flagged_with_the_reason(system) -> None:
    only = org.create_person(system, name="独领", is_staff=True, duty_roles=["leader"], phones=[("mobile", "10000000001")])
    chiefs = [org.create_person(system, name=f"长{n}", is_staff=True, duty_roles=["chief"],
                                phones=[("mobile", "10000000002")]) for n in range(2)]
    planning.generate(system, D("2026-12-01"), D("2026-12-03"))
    publishing.publish(system, D("2026-12-01"), D("2026-12-03"), accept_issues=True)
    office = session_for(system, chiefs[0], ["office"], "bangong")     # another person approves (four eyes)
    day = D(first_duty(system.store, only, "2026-12-01")["duty_date"])
    approval = leave.approve_request(office, leave.request_leave(office, only, "training", day, day, "集中培训"))
    [proposal] = approval.flagged
    assert proposal.substitute_id is None and proposal.why_none.startswith("无可代班人员")
    assert approval.changes == []
    assert leave.leave_views(system.store)[0].flagged[0].note == proposal.why_none


def test_refusal_withdrawal_and_cancellation(system, county) -> None:
    store = system.store
    officer = county["officer"][2]
    mine = session_for(system, officer, ["officer"], "yuan3")
    office = session_for(system, county["chief"][0], ["office"], "bangong")
    first = leave.request_leave(mine, officer, "leave", D("2026-12-20"), D("2026-12-21"), "探亲")
    with pytest.raises(ValidationError, match="不批准的理由"):
        leave.refuse_request(office, first, " ")
    with pytest.raises(PermissionDenied):
        leave.refuse_request(mine, first, "人手紧")
    leave.refuse_request(office, first, "12月下旬人手紧")
    refused = leave.leave_views(store, person_id=officer)[0]
    assert (refused.status_label, refused.decision_note) == ("未批准", "12月下旬人手紧")
    assert not store.scalar("SELECT COUNT(*) FROM roster_absence")
    with pytest.raises(ValidationError, match="未批准，不能再批准"):
        leave.approve_request(office, first)
    second = leave.request_leave(mine, officer, "leave", D("2026-12-20"), D("2026-12-21"), "探亲（改期未成）")
    leave.withdraw_request(mine, second, "不去了")
    assert leave.leave_views(store, person_id=officer)[0].status_label == "已撤回"
    third = leave.request_leave(mine, officer, "leave", D("2026-12-05"), D("2026-12-31"), "病假")
    approval = leave.approve_request(office, third)
    leave.cancel_request(office, third, "提前返岗")
    assert store.scalar("SELECT void_reason FROM roster_absence WHERE id = ?", (approval.absence_id,)) == \
        "取消请假：提前返岗"
    assert all(store.scalar("SELECT status FROM roster_change WHERE id = ?", (c,)) == "withdrawn"
               for c in approval.changes)
    assert leave.leave_views(store, person_id=officer)[0].status_label == "已取消"
    assert audit.verify(store).ok


def test_bad_input_is_refused_in_chinese_and_changes_nothing(system, county) -> None:
    store = system.store
    officer, other = county["officer"][3], county["officer"][4]
    mine = session_for(system, officer, ["officer"], "yuan4")
    before = store.scalar("SELECT COUNT(*) FROM audit_log")
    cases = [
        (lambda: leave.request_leave(mine, officer, "leave", D("2026-12-10"), D("2026-12-08"), "事"), "结束日期早于开始日期"),
        (lambda: leave.request_leave(mine, officer, "leave", D("2026-11-20"), D("2026-11-25"), "事"), "已经过去"),
        (lambda: leave.request_leave(mine, officer, "leave", D("2026-12-10"), D("2026-12-11"), "  "), "请填写事由"),
        (lambda: leave.request_leave(mine, officer, "holiday", D("2026-12-10"), D("2026-12-11"), "事"), "未知的类型"),
        (lambda: leave.request_leave(mine, officer, "comp_leave", D("2026-12-12"), D("2026-12-13"), "补休"),
         "无需补休"),
        (lambda: leave.request_leave(mine, officer, "comp_leave", D("2026-12-14"), D("2026-12-18"), "补休"),
         "补休结余为"),
    ]
    for call, message in cases:
        with pytest.raises(ValidationError, match=message):
            call()
    with pytest.raises(PermissionDenied, match="只能为本人申请"):
        leave.request_leave(mine, other, "leave", D("2026-12-10"), D("2026-12-11"), "代别人请")
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == before
    first = leave.request_leave(mine, officer, "leave", D("2026-12-10"), D("2026-12-12"), "事假")
    with pytest.raises(ValidationError, match=f"与第{first}号申请（请假 12月10日至12月12日，待审批）日期重叠"):
        leave.request_leave(mine, officer, "trip", D("2026-12-12"), D("2026-12-14"), "出差")
    staffing.add_absence(system, other, "trip", D("2026-12-20"), D("2026-12-22"))
    office = session_for(system, county["chief"][0], ["office"], "bangong")
    with pytest.raises(ValidationError, match="办公室已登记12月20日至12月22日出差，与本次日期重叠"):
        leave.request_leave(office, other, "leave", D("2026-12-22"), D("2026-12-23"), "事假")
    with pytest.raises(ValidationError, match="请填写撤回原因"):
        leave.withdraw_request(mine, first, "")


def test_nobody_approves_their_own_leave_or_a_change_of_their_own_duty(system, county) -> None:
    """Four eyes (issue 13's pass over every grant): an office member who is on the roster asks, another approves —
    their own leave, 补休 entered for themselves, a 代班 of their duty or onto them are refused, writing nothing."""
    store = system.store
    chief = county["chief"][0]
    office_self = session_for(system, chief, ["office", "chief"], "bangong1")
    office_other = session_for(system, county["chief"][1], ["office"], "bangong2")
    duty = first_duty(store, chief)
    day = D(duty["duty_date"])
    request = leave.request_leave(office_self, chief, "leave", day, day, "家中有事")
    before = audit.verify(store).count
    with pytest.raises(PermissionDenied, match="不能批准本人的申请"):
        leave.approve_request(office_self, request)
    with pytest.raises(PermissionDenied, match="不能为本人登记补休"):
        leave.record_comp_leave(office_self, chief, D("2026-12-01"), D("2026-12-01"))
    helper = county["chief"][2]
    with pytest.raises(PermissionDenied, match="不能批准涉及本人班次的串班或代班"):
        changes.request_substitution(office_self, duty["id"], helper, "代班", approve=True, accept_conflicts=True)
    asked = None
    for other in store.column("SELECT id FROM duty_assignment WHERE role = 'chief' AND voided_at IS NULL"
                              " AND person_id <> ? ORDER BY duty_date", (chief,)):
        try:            # a chief's duty the chief asking could cover (not next to one of their own)
            asked = changes.request_substitution(office_other, other, chief, "代班")
            break
        except ValidationError:
            continue
    assert asked is not None
    with pytest.raises(PermissionDenied, match="不能批准涉及本人班次的串班或代班"):
        changes.approve_change(office_self, asked, accept_conflicts=True)
    assert audit.verify(store).count == before + 1          # only the request entered by the other office member
    leave.approve_request(office_other, request)
    assert leave.leave_views(store, person_id=chief)[0].status == "approved"
