"""Roster operations on a real data file: arrangements, availability, the draft, publishing, changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from dutyroom import audit, org
from dutyroom.auth import accounts
from dutyroom.auth.permissions import PERMISSIONS, ROLE_LABELS
from dutyroom.clock import CST
from dutyroom.duty.board import today_board
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.roster import arrangements, changes, planning, publishing, staffing
from dutyroom.roster.arrangements import HolidayRange
from dutyroom.roster.model import Cell
from dutyroom.session import Session

D = date.fromisoformat
DEC = planning.month_range(2026, 12)
JAN = planning.month_range(2027, 1)


@pytest.fixture
def county(system) -> dict[str, list[int]]:
    """A small bureau: 6 leaders, 6 chiefs (also standby), 16 officers (also standby)."""
    people: dict[str, list[int]] = {"leader": [], "chief": [], "officer": []}
    for role, count in (("leader", 6), ("chief", 6), ("officer", 16)):
        for n in range(count):
            roles = [role] if role == "leader" else [role, "standby"]
            people[role].append(org.create_person(system, name=f"{'领长员'['leader chief officer'.split().index(role)]}{n + 1}号",
                                                  is_staff=True, duty_roles=roles,
                                                  phones=[("mobile", f"1000000{len(people[role]):04d}")]))
    return people


def active(store, first: date, last: date) -> list:
    return store.rows("SELECT * FROM duty_assignment WHERE voided_at IS NULL AND duty_date BETWEEN ? AND ?"
                      " ORDER BY duty_date, role, position", (first.isoformat(), last.isoformat()))


def test_generate_publish_and_republish(system, county) -> None:
    store = system.store
    solution, quality = planning.generate(system, *DEC)
    assert not quality.uncovered and not quality.violations and not quality.warnings
    cells = planning.draft(store, *DEC)
    assert len(cells) == 31 * 6 and all(c.reason for c in cells.values())
    version = publishing.publish(system, *DEC, note="12月排班")
    rows = active(store, *DEC)
    assert len(rows) == 31 * 6 and {r["roster_version_id"] for r in rows} == {version}
    assert planning.compare(store, *DEC) == []
    # 今日值班 reads what was published.
    board = today_board(store, datetime(2026, 12, 5, 9, 0, tzinfo=CST))
    assert {m.person_id for m in board.current.members} == {c.person_id for k, c in cells.items() if k[0] == D("2026-12-05")}
    # Change one cell by hand, see the difference, publish again: old rows voided with a reason.
    day = D("2026-12-10")
    leader_now = cells[Cell(day, "leader", 0)].person_id
    free = [c for c in planning.candidates(store, day, "leader", 0) if c.free and c.person_id != leader_now]
    planning.assign(system, day, "leader", 0, free[0].person_id)
    assert [d.text for d in planning.compare(store, *DEC)] == [
        f"12月10日 带班领导1：{cells[Cell(day, 'leader', 0)].name} → {free[0].name}"]
    second = publishing.publish(system, *DEC)
    assert len(active(store, *DEC)) == 31 * 6
    voided = store.rows("SELECT void_reason FROM duty_assignment WHERE roster_version_id = ? AND voided_at IS NOT NULL",
                        (version,))
    assert len(voided) == 31 * 6 and {r[0] for r in voided} == {"由排班第2版取代"}
    assert [v["number"] for v in publishing.versions(store)] == [2, 1] and second != version
    assert audit.verify(store).ok


def test_pins_survive_regeneration_and_conflicts_need_confirmation(system, county) -> None:
    store = system.store
    planning.generate(system, *DEC)
    day = D("2026-12-02")
    target = county["officer"][0]
    cells = planning.draft(store, *DEC)
    on_day_before = {c.person_id for k, c in cells.items() if k[0] == D("2026-12-01") and c.role == "officer"}
    resting = next(iter(on_day_before))
    with pytest.raises(ValidationError, match="前一日值班需休息"):
        planning.assign(system, day, "officer", 0, resting)
    planning.assign(system, day, "officer", 0, resting, accept_conflicts=True)
    assert "已确认冲突" in planning.draft(store, *DEC)[Cell(day, "officer", 0)].reason
    assert planning.draft_quality(store, *DEC).violations
    with pytest.raises(ValidationError, match="不能担任"):
        planning.assign(system, day, "leader", 0, target, accept_conflicts=True)
    planning.clear(system, day, "officer", 0)
    assert Cell(day, "officer", 0) not in planning.draft(store, *DEC)
    free = next(c for c in planning.candidates(store, D("2026-12-20"), "officer", 1) if c.free)
    planning.assign(system, D("2026-12-20"), "officer", 1, free.person_id)
    pinned = {k: c.person_id for k, c in planning.draft(store, *DEC).items() if c.pinned}
    planning.generate(system, *DEC)
    after = planning.draft(store, *DEC)
    assert all(after[k].person_id == pid and after[k].pinned for k, pid in pinned.items())
    assert len(after) == 31 * 6


def test_2027_warns_until_entered_then_uses_the_arrangement(system, county) -> None:
    store = system.store
    _, quality = planning.generate(system, *JAN)
    assert any("2027年节假日安排尚未录入" in w for w in quality.warnings)
    with pytest.raises(ValidationError, match="2027年节假日安排尚未录入"):
        publishing.publish(system, *JAN, accept_issues=True)
    # A (fictional, test-only) 2027 arrangement: 元旦 1–3 January, make-up day on the 4th… of January.
    arrangements.save_year(system, 2027, [HolidayRange("元旦", D("2027-01-01"), D("2027-01-03"))],
                           [(D("2027-01-09"), "元旦")], source="测试用安排")
    calendar = arrangements.load_calendar(store)
    assert calendar.info(D("2027-01-02")).kind == "holiday" and calendar.info(D("2027-01-09")).kind == "makeup"
    _, quality = planning.generate(system, *JAN)
    assert quality.warnings == []
    drafted = planning.draft(store, *JAN)
    assert sum(1 for k in drafted if k[0] == D("2027-01-02") and k[1] == "leader") == 2    # 双带班 on the holiday
    publishing.publish(system, *JAN)
    # Entering the year again voids the previous entry; withdrawing it brings the warning back.
    arrangements.save_year(system, 2027, [HolidayRange("元旦", D("2027-01-01"), D("2027-01-01"))], [])
    assert store.scalar("SELECT COUNT(*) FROM holiday_year WHERE year = 2027") == 2
    arrangements.void_year(system, 2027, "录入有误")
    assert arrangements.load_calendar(store).missing_years(*JAN) == [2027]


@pytest.mark.parametrize(("holidays", "workdays", "message"), [
    ([("春节", D("2027-02-10"), D("2027-02-05"))], [], "结束日期早于开始日期"),
    ([("元旦", D("2026-12-31"), D("2027-01-02"))], [], "跨年"),
    ([("春节", D("2027-02-05"), D("2027-02-10")), ("国庆", D("2027-02-09"), D("2027-02-11"))], [], "两段假期"),
    ([("春节", D("2027-02-05"), D("2027-02-10"))], [(D("2027-02-06"), "春节")], "既放假又上班"),
    ([], [], "至少要有一段假期"),
])
def test_bad_arrangements_change_nothing(system, holidays, workdays, message) -> None:
    with pytest.raises(ValidationError, match=message):
        arrangements.save_year(system, 2027, holidays, workdays)
    assert system.store.scalar("SELECT COUNT(*) FROM holiday_year") == 0


def test_absences_periods_and_profiles_shape_the_draft(system, county) -> None:
    store = system.store
    away = county["leader"][0]
    staffing.add_absence(system, away, "trip", D("2026-12-01"), D("2026-12-15"), "省厅培训班")
    with pytest.raises(ValidationError, match="重叠"):
        staffing.add_absence(system, away, "leave", D("2026-12-10"), D("2026-12-12"))
    staffing.add_period(system, name="重要时段演练", kind="sensitive", start=D("2026-12-20"), end=D("2026-12-22"),
                        slots={"leader": 2, "officer": 3})
    night_free = county["officer"][1]
    staffing.set_profile(system, night_free, no_night=True)
    planning.generate(system, *DEC)
    cells = planning.draft(store, *DEC)
    assert not any(c.person_id == away and c.day <= D("2026-12-15") for c in cells.values())
    assert not any(c.person_id == night_free and c.role == "officer" for c in cells.values())
    assert sum(1 for k in cells if k[0] == D("2026-12-21") and k[1] == "officer") == 3
    assert sum(1 for k in cells if k[0] == D("2026-12-23") and k[1] == "officer") == 2
    quality = planning.draft_quality(store, *DEC)
    assert not quality.violations and not quality.uncovered


def _published_december(system) -> None:
    planning.generate(system, *DEC)
    publishing.publish(system, *DEC)


def _assignment(store, day: str, role: str, position: int = 0):
    return store.row("SELECT a.*, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
                     " WHERE a.voided_at IS NULL AND a.duty_date = ? AND a.role = ? AND a.position = ?", (day, role, position))


def test_swap_round_trip_with_undo(system, county) -> None:
    store = system.store
    _published_december(system)
    first, second = _assignment(store, "2026-12-03", "leader"), _assignment(store, "2026-12-08", "leader")
    change = changes.request_swap(system, first["id"], second["id"], "出差调整")
    assert changes.change_views(store, status="pending")[0].summary == \
        f"12月3日带班领导{first['name']} ⇄ 12月8日带班领导{second['name']}"
    changes.approve_change(system, change, "同意", accept_conflicts=True)
    now_first, now_second = _assignment(store, "2026-12-03", "leader"), _assignment(store, "2026-12-08", "leader")
    assert (now_first["person_id"], now_second["person_id"]) == (second["person_id"], first["person_id"])
    assert now_first["note"] == "调" and now_first["change_id"] == change and now_first["source"] == "swap"
    assert planning.draft(store, *DEC)[Cell(D("2026-12-03"), "leader", 0)].person_id == second["person_id"]
    board = today_board(store, datetime(2026, 12, 3, 12, 0, tzinfo=CST))
    assert board.current.by_role("leader")[0].person_id == second["person_id"]
    view = changes.change_views(store)[0]
    assert view.status_label == "已批准" and {m[0] for m in view.moved} == {first["name"], second["name"]}
    changes.undo_change(system, change, "领导另有安排")
    back = _assignment(store, "2026-12-03", "leader")
    assert back["person_id"] == first["person_id"] and back["note"] == "" and back["change_id"] is None
    assert back["roster_version_id"] == first["roster_version_id"]
    assert planning.compare(store, *DEC) == []
    with pytest.raises(ValidationError, match="只有已批准"):
        changes.undo_change(system, change, "再次撤销")
    assert audit.verify(store).ok


def test_substitution_round_trip_and_refusals(system, county) -> None:
    store = system.store
    _published_december(system)
    duty = _assignment(store, "2026-12-12", "officer", 1)
    same_day = _assignment(store, "2026-12-12", "officer", 0)
    with pytest.raises(ValidationError, match="当日已任"):
        changes.request_substitution(system, duty["id"], same_day["person_id"], "临时有事")
    with pytest.raises(ValidationError, match="原因"):
        changes.request_substitution(system, duty["id"], county["officer"][0], "  ")
    candidates = [c for c in planning.candidates(store, D("2026-12-12"), "officer", 1)
                  if c.free and c.person_id != duty["person_id"]]
    substitute = candidates[0].person_id
    change = changes.request_substitution(system, duty["id"], substitute, "孩子生病", approve=True)
    assert _assignment(store, "2026-12-12", "officer", 1)["person_id"] == substitute
    with pytest.raises(ValidationError, match="已变更"):
        changes.request_substitution(system, duty["id"], substitute, "重复申请")
    changes.undo_change(system, change, "撤回代班")
    assert _assignment(store, "2026-12-12", "officer", 1)["person_id"] == duty["person_id"]
    pending = changes.request_substitution(system, _assignment(store, "2026-12-12", "officer", 1)["id"],
                                           substitute, "再次申请")
    changes.reject_change(system, pending, "人手不足")
    assert changes.change_views(store, ids=[pending])[0].status_label == "已驳回"
    with pytest.raises(ValidationError, match="不能再批准"):
        changes.approve_change(system, pending)


def test_undo_refused_after_republish(system, county) -> None:
    store = system.store
    _published_december(system)
    duty = _assignment(store, "2026-12-20", "officer")
    substitute = next(c.person_id for c in planning.candidates(store, D("2026-12-20"), "officer", 0)
                      if c.free and c.person_id != duty["person_id"])
    change = changes.request_substitution(system, duty["id"], substitute, "代班", approve=True)
    planning.clear(system, D("2026-12-20"), "officer", 0)
    planning.assign(system, D("2026-12-20"), "officer", 0, duty["person_id"], accept_conflicts=True)
    publishing.publish(system, *DEC, accept_issues=True)
    with pytest.raises(ValidationError, match="已被后续调整或重新发布取代"):
        changes.undo_change(system, change, "想撤销")


# -- permissions ---------------------------------------------------------------------------------------

def _prepared(system) -> dict:
    org.create_person(system, name="甲", is_staff=True, duty_roles=["leader"])
    org.create_person(system, name="乙", is_staff=True, duty_roles=["leader"])
    person = org.create_person(system, name="丙", is_staff=True, duty_roles=["leader"])
    planning.generate(system, date(2026, 12, 1), date(2026, 12, 3))
    publishing.publish(system, date(2026, 12, 1), date(2026, 12, 3), accept_issues=True)
    first = _assignment(system.store, "2026-12-01", "leader")
    third = _assignment(system.store, "2026-12-03", "leader")
    return {"person": person, "first": first["id"], "third": third["id"]}


OPS: dict[str, tuple[str, Callable[[Session, dict], object]]] = {
    "generate": ("roster.plan", lambda s, p: planning.generate(s, date(2026, 12, 1), date(2026, 12, 3))),
    "publish": ("roster.publish", lambda s, p: publishing.publish(s, date(2026, 12, 1), date(2026, 12, 3),
                                                                  accept_issues=True)),
    "calendar": ("roster.calendar", lambda s, p: arrangements.save_year(
        s, 2027, [HolidayRange("元旦", date(2027, 1, 1), date(2027, 1, 1))])),
    "absence": ("roster.availability", lambda s, p: staffing.add_absence(
        s, p["person"], "leave", date(2027, 3, 1), date(2027, 3, 2))),
    "request": ("roster.request", lambda s, p: changes.request_swap(s, p["first"], p["third"], "调整")),
    "approve": ("roster.approve", lambda s, p: changes.approve_change(
        s, changes.request_swap(Session(s.store, accounts.actor_for(s.store, 1), s.clock), p["first"], p["third"],
                                "调整"), accept_conflicts=True)),
}


@pytest.mark.parametrize("role", list(ROLE_LABELS))
@pytest.mark.parametrize("operation", list(OPS))
def test_roster_role_matrix(store, clock, system, role: str, operation: str) -> None:
    permission, call = OPS[operation]
    accounts.create_account(system, username="helper_office", password="Office2026pw", display_name="办公室",
                            roles=["office"], must_change=False)
    prepared = _prepared(system)
    holder = store.scalar("SELECT person_id FROM duty_assignment WHERE id = ?", (prepared["first"],))
    account_id = accounts.create_account(system, username=f"as_{role}", password="Role2026pw",
                                         display_name="受测账户", roles=[role],
                                         person_id=None if operation == "approve" else holder,   # four eyes
                                         must_change=False)
    session = Session(store, accounts.actor_for(store, account_id), clock)
    holders = PERMISSIONS[permission][1]
    if operation == "approve":
        holders = holders & PERMISSIONS["roster.request"][1]
    if role in holders:
        call(session, prepared)
    else:
        before = store.scalar("SELECT COUNT(*) FROM audit_log")
        with pytest.raises(PermissionDenied):
            call(session, prepared)
        if operation != "approve":
            assert store.scalar("SELECT COUNT(*) FROM audit_log") == before


def test_staff_request_changes_of_their_own_duties_only(store, clock, system) -> None:
    prepared = _prepared(system)
    first_holder, third_holder = (store.scalar("SELECT person_id FROM duty_assignment WHERE id = ?", (prepared[k],))
                                  for k in ("first", "third"))

    def officer(name: str, person_id: int) -> Session:
        account = accounts.create_account(system, username=name, password="Duty2026pw", display_name=name,
                                          roles=["leader"], person_id=person_id, must_change=False)
        return Session(store, accounts.actor_for(store, account), clock)

    owner, colleague = officer("owner", first_holder), officer("colleague", third_holder)
    before = store.scalar("SELECT COUNT(*) FROM audit_log")
    with pytest.raises(PermissionDenied, match="只能为本人的班次"):
        changes.request_swap(colleague, prepared["first"], prepared["third"], "想换到1日")
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == before
    change = changes.request_swap(owner, prepared["first"], prepared["third"], "1日家中有事")
    with pytest.raises(PermissionDenied):
        changes.withdraw_change(colleague, change, "不换了")
    changes.withdraw_change(owner, change, "事情已解决")
    assert store.scalar("SELECT status FROM roster_change WHERE id = ?", (change,)) == "withdrawn"


def test_upgrade_keeps_duties_and_the_ledger_counts_them(tmp_path) -> None:
    import sqlite3

    from dutyroom.roster.ledger import build_ledger
    from dutyroom.store import open_store

    path = tmp_path / "v1.sqlite3"
    open_store(path, stop_before=2).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO person(id, name, is_staff, created_at, updated_at) VALUES (1, '老值班员', 1, 'x', 'x')")
    conn.execute("INSERT INTO person_duty_role VALUES (1, 'officer')")
    conn.execute("INSERT INTO duty_assignment(duty_date, role, position, person_id, created_at)"
                 " VALUES ('2026-10-02', 'officer', 0, 1, 'x'), ('2026-11-07', 'officer', 0, 1, 'x')")
    conn.commit()
    conn.close()
    store = open_store(path)
    row = store.row("SELECT roster_version_id, change_id FROM duty_assignment WHERE duty_date = '2026-10-02'")
    assert tuple(row) == (None, None)
    ledger = build_ledger(store, D("2026-12-01"), arrangements.load_calendar(store))
    assert ledger.counts["1"]["officer"] == {"total": 2, "holiday": 1, "国庆节": 1, "weekend": 1}
    assert ledger.last["1"]["officer"] == D("2026-11-07")
    store.close()


def test_newcomers_are_credited_the_average(system, county) -> None:
    store = system.store
    planning.generate(system, *planning.month_range(2026, 11))
    publishing.publish(system, *planning.month_range(2026, 11))
    newcomer = org.create_person(system, name="新来的", is_staff=True, duty_roles=["officer"])
    staffing.set_profile(system, newcomer, join_date=D("2026-11-16"))
    ledger = build_ledger_for(store)
    veterans = [ledger.counts[str(p)]["officer"]["total"] for p in county["officer"]]
    credited = ledger.counts.get(str(newcomer), {}).get("officer", {}).get("total", 0)
    assert 0 < credited < max(veterans)
    planning.generate(system, *DEC)
    cells = planning.draft(store, *DEC)
    mine = sum(1 for c in cells.values() if c.person_id == newcomer)
    average = sum(1 for c in cells.values() if c.role == "officer") / 17
    assert abs(mine - average) <= 2     # not made to "catch up" the whole of November


def build_ledger_for(store):
    from dutyroom.roster.ledger import build_ledger

    return build_ledger(store, D("2026-12-01"), arrangements.load_calendar(store))
