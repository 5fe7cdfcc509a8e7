"""Walking a call list by an injected clock: retries after the interval, the B角 after the set tries, the 未叫醒
list escalated with its own clock, a B角 answering for the person; the clocks; several officers on one list
(two sessions on two connections, claiming at once); every status change audited; state reproducible from
the calls alone."""

from __future__ import annotations

import json
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from dutyroom.clock import FixedClock, iso
from dutyroom.contacts import people
from dutyroom.errors import NotFound, PermissionDenied, ValidationError
from dutyroom.session import Session
from dutyroom.store import open_store
from dutyroom.warnings import calls, queries, records
from tests.incident_helpers import session_as
from tests.warning_helpers import enter, leader_on_duty, pair, targets


@pytest.fixture
def officer(demo_store, clock):
    office = session_as(demo_store, clock, "bangongshi")
    for (person_id,) in demo_store.rows("SELECT id FROM person WHERE away_from IS NOT NULL"):
        people.clear_away(office, person_id)
    return session_as(demo_store, clock, "zhiban")


def _item(store, clock, notice_id):
    return next(i for i in queries.board(store, clock.now()) if i.notice_id == notice_id)


def _ids(store, notice_id):
    return {name: t["id"] for name, t in targets(store, notice_id).items()}


def test_unanswered_come_back_after_the_retry_interval(demo_store, clock, officer) -> None:
    relayed = enter(officer)
    ids = _ids(demo_store, relayed.notice_id)
    leader = leader_on_duty(demo_store, clock.now())
    calls.record_call(officer, ids[leader], "answered")
    outcome = calls.record_call(officer, ids["钟平勇"], "busy")
    assert outcome.target["status"] == "no_answer" and outcome.target["tries"] == 1
    assert outcome.target["next_try_at"] == "2026-11-24T10:02:00+08:00"       # orange: retry after 2 minutes
    names = [t["name"] for t in calls.queue(demo_store, relayed.notice_id, clock.now(), officer.actor)]
    assert "钟平勇" not in names and names[0] == "邵立嘉"
    clock.advance(minutes=1, seconds=59)
    assert "钟平勇" not in [t["name"] for t in calls.queue(demo_store, relayed.notice_id, clock.now(), officer.actor)]
    clock.advance(seconds=1)
    assert calls.queue(demo_store, relayed.notice_id, clock.now(), officer.actor)[0]["name"] == "钟平勇"  # before new ones


def test_backup_after_the_set_tries_then_escalation_with_its_own_clock(demo_store, clock, officer) -> None:
    pair(demo_store, clock, "龙浩胜", "石超国")            # 青石村: secretary and 灾害信息员 stand in for each other
    relayed = enter(officer)
    ids = _ids(demo_store, relayed.notice_id)
    leader = leader_on_duty(demo_store, clock.now())
    first = calls.record_call(officer, ids["龙浩胜"], "no_answer")
    assert first.added == []
    clock.advance(minutes=2)
    second = calls.record_call(officer, ids["龙浩胜"], "off")
    listed = targets(demo_store, relayed.notice_id)
    assert second.added == [listed["石超国"]["id"]]
    backup = listed["石超国"]
    assert (backup["kind"], backup["role"]) == ("backup", "B") and listed["龙浩胜"]["backup_target_id"] == backup["id"]
    queue = calls.queue(demo_store, relayed.notice_id, clock.now(), officer.actor)
    assert [t["name"] for t in queue][:2] == [leader, "石超国"]                # the B角 at once, after the leader
    third = calls.record_call(officer, backup["id"], "no_answer")          # person 2 + B角 1 = 3 tries: 未叫醒
    listed = targets(demo_store, relayed.notice_id)
    escalations = {n.split("/")[0]: t for n, t in listed.items() if t["kind"] == "escalation"}
    assert set(escalations) == {"钟平勇", "邵立嘉", leader}                  # township principal leaders + 带班领导
    assert sorted(third.added) == sorted(t["id"] for t in escalations.values())
    assert listed["龙浩胜"]["escalated_at"] == iso(clock.now())
    assert all(t["due_at"] == "2026-11-24T10:12:00+08:00" and "青石村龙浩胜" in t["reason"]
               for t in escalations.values())
    item = _item(demo_store, clock, relayed.notice_id)
    assert item.summary.escalated == 1 and item.summary.escalations_open == 3
    own = {c.key: c for c in item.clocks}
    key = f"target:{escalations['钟平勇']['id']}"
    assert own[key].stage(clock.now(), 2) == "running"
    clock.advance(minutes=8)
    assert own[key].stage(clock.now(), 2) == "soon"
    clock.advance(minutes=2, seconds=1)
    assert own[key].stage(clock.now(), 2) == "overdue"
    assert own["all"].stage(clock.now(), 2) == "overdue"                      # 5 minutes for everyone: missed
    # the B角 answers on a retry: the person counts as reached, the escalation no longer matters
    calls.record_call(officer, backup["id"], "answered", answered_by="")
    listed = targets(demo_store, relayed.notice_id)
    assert listed["龙浩胜"]["covered_by"] == backup["id"] and listed["龙浩胜"]["status"] == "no_answer"
    item = _item(demo_store, clock, relayed.notice_id)
    assert item.summary.by_backup == 1 and item.summary.escalations_open == 0
    assert {c.key: c for c in item.clocks}[key].stage(clock.now(), 2) == "met"
    assert "龙浩胜" not in [t["name"] for t in calls.queue(demo_store, relayed.notice_id, clock.now(), officer.actor)]
    assert all(t["name"] not in escalations for t in calls.queue(demo_store, relayed.notice_id, clock.now(),
                                                                 officer.actor) if t["kind"] == "escalation")


def test_a_second_silent_person_of_the_township_joins_the_open_escalation(demo_store, clock, officer) -> None:
    relayed = enter(officer)
    ids = _ids(demo_store, relayed.notice_id)
    for name in ("龙浩胜", "白飞胜"):
        for _ in range(3):
            calls.record_call(officer, ids[name], "no_answer", at=clock.now())
    listed = targets(demo_store, relayed.notice_id)
    escalations = [t for t in listed.values() if t["kind"] == "escalation"]
    assert len(escalations) == 3 and all("龙浩胜" in t["reason"] and "白飞胜" in t["reason"] for t in escalations)
    assert all(t["escalation_for"] == f"{ids['龙浩胜']},{ids['白飞胜']}" for t in escalations)


def test_the_clocks_of_a_list(demo_store, clock, officer) -> None:
    relayed = enter(officer, level="黄色")
    item = _item(demo_store, clock, relayed.notice_id)
    clocks = {c.key: c for c in item.clocks}
    assert clocks["all"].due_at.isoformat() == "2026-11-24T10:30:00+08:00"
    assert clocks["leader"].due_at.isoformat() == "2026-11-24T10:10:00+08:00"
    clock.advance(minutes=8, seconds=30)
    assert clocks["leader"].stage(clock.now(), 2) == "soon"
    ids = _ids(demo_store, relayed.notice_id)
    calls.record_call(officer, ids[leader_on_duty(demo_store, clock.now())], "answered")
    for name, target_id in ids.items():
        if name != leader_on_duty(demo_store, clock.now()):
            calls.record_call(officer, target_id, "answered")
    item = _item(demo_store, clock, relayed.notice_id)
    assert {c.key: c.stage(clock.now(), 2) for c in item.clocks} == {"all": "met", "leader": "met"}
    assert item.summary.complete and item.silent == []


def test_arrival_and_refusals(demo_store, clock, officer) -> None:
    relayed = enter(officer)
    ids = _ids(demo_store, relayed.notice_id)
    with pytest.raises(ValidationError, match="尚未应答"):
        calls.mark_arrived(officer, ids["周宇"])
    calls.record_call(officer, ids["周宇"], "answered", answered_by="周宇")
    with pytest.raises(ValidationError, match="已应答"):
        calls.record_call(officer, ids["周宇"], "no_answer")
    clock.advance(minutes=20)
    calls.mark_arrived(officer, ids["周宇"])
    assert targets(demo_store, relayed.notice_id)["周宇"]["status"] == "arrived"
    with pytest.raises(ValidationError, match="短信的结果"):
        calls.record_call(officer, ids["石思"], "no_answer", channel="短信")
    with pytest.raises(ValidationError, match="未知的叫应结果"):
        calls.record_call(officer, ids["石思"], "maybe")
    with pytest.raises(NotFound):
        calls.record_call(officer, ids["石思"], "answered", warning_id=relayed.warning_id + 1)


def test_acts_may_be_back_dated_within_the_window_only(demo_store, clock, officer) -> None:
    clock.advance(minutes=10)
    relayed = enter(officer, at=clock.now() - timedelta(minutes=8))
    assert relayed.deadline_at == "2026-11-24T10:07:00+08:00"
    ids = _ids(demo_store, relayed.notice_id)
    calls.record_call(officer, ids["石思"], "answered", at=clock.now() - timedelta(minutes=5))
    with pytest.raises(ValidationError, match="不能早于"):
        calls.record_call(officer, ids["周宇"], "answered", at=clock.now() - timedelta(minutes=9))
    clock.advance(minutes=40)
    with pytest.raises(ValidationError, match="30分钟以内"):
        calls.record_call(officer, ids["周宇"], "answered", at=clock.now() - timedelta(minutes=31))
    with pytest.raises(ValidationError, match="晚于当前时间"):
        calls.record_call(officer, ids["周宇"], "answered", at=clock.now() + timedelta(minutes=5))


def test_a_change_ends_the_list_before_and_relays_its_own(demo_store, clock, officer) -> None:
    relayed = enter(officer, level="黄色")
    ids = _ids(demo_store, relayed.notice_id)
    calls.record_call(officer, ids["石思"], "answered")
    clock.advance(minutes=40)
    raised = records.change_warning(officer, relayed.warning_id, level="橙色", content="降雨加强，升级为橙色预警。")
    with pytest.raises(ValidationError, match="已结束"):
        calls.record_call(officer, ids["周宇"], "answered")
    old = demo_store.row("SELECT * FROM warning_notice WHERE id = ?", (relayed.notice_id,))
    new = demo_store.row("SELECT * FROM warning_notice WHERE id = ?", (raised.notice_id,))
    assert old["closed_at"] == iso(clock.now()) and new["kind"] == "raise" and new["seq"] == 2
    assert {n for n, t in targets(demo_store, raised.notice_id).items() if t["kind"] == "primary"} >= {"钟平勇", "邵立嘉"}
    entry = demo_store.row("SELECT * FROM duty_log_entry WHERE id = ?", (new["log_entry_id"],))
    assert entry["summary"].startswith("县气象局将暴雨预警由黄色提升为橙色")
    with pytest.raises(ValidationError, match="没有变更内容"):
        records.change_warning(officer, relayed.warning_id, level="橙色")


def test_voided_warning_takes_no_more_calls(demo_store, clock, officer) -> None:
    relayed = enter(officer)
    ids = _ids(demo_store, relayed.notice_id)
    with pytest.raises(PermissionDenied):
        records.void_warning(officer, relayed.warning_id, "重复录入")
    records.void_warning(session_as(demo_store, clock, "zhibanzhang"), relayed.warning_id, "重复录入")
    with pytest.raises(ValidationError, match="作废"):
        calls.record_call(officer, ids["石思"], "answered")
    assert relayed.notice_id not in [i.notice_id for i in queries.board(demo_store, clock.now())]


# -- several officers, one list ---------------------------------------------------------------------------------

def test_two_officers_never_hold_the_same_person(demo_store, clock, officer) -> None:
    chief = session_as(demo_store, clock, "zhibanzhang")
    relayed = enter(officer)
    mine = calls.claim_next(officer, relayed.notice_id)
    theirs = calls.claim_next(chief, relayed.notice_id)
    assert mine["id"] != theirs["id"]
    assert calls.claim_next(officer, relayed.notice_id)["id"] == mine["id"]        # one's own comes back first
    with pytest.raises(ValidationError, match="正由"):
        calls.record_call(chief, mine["id"], "answered")
    with pytest.raises(ValidationError, match="正由"):
        calls.claim(chief, mine["id"])
    outcome = calls.record_call(chief, theirs["id"], "no_answer", claim_next=True)
    assert outcome.next is not None and outcome.next["id"] not in (mine["id"], theirs["id"])
    clock.advance(seconds=121)                                                   # the lease (120 s) ran out
    calls.record_call(chief, mine["id"], "answered")
    calls.release(chief, outcome.next["id"])
    assert demo_store.row("SELECT claimed_by_name FROM warning_target WHERE id = ?", (outcome.next["id"],))[0] is None


def _walk(path: Path, username: str, clock: FixedClock, notice_id: int, seen: list[tuple[str, int]],
          start: threading.Barrier) -> None:
    from dutyroom.auth import accounts

    store = open_store(path)
    try:
        session = Session(store, accounts.actor_for(store, store.scalar(
            "SELECT id FROM account WHERE username = ?", (username,))), clock)
        start.wait()
        target = calls.claim_next(session, notice_id)
        while target is not None:
            seen.append((username, target["id"]))
            time.sleep(0.01)                  # dialling: the other officer claims meanwhile
            target = calls.record_call(session, target["id"], "answered", claim_next=True).next
    finally:
        store.close()


def test_two_sessions_on_two_connections_call_everyone_once(demo_store, clock, officer) -> None:
    relayed = enter(officer, level="蓝色", areas=[])                    # the whole county: a long list
    total = len(targets(demo_store, relayed.notice_id))
    seen: list[tuple[str, int]] = []
    start = threading.Barrier(2)
    walkers = [threading.Thread(target=_walk, args=(demo_store.path, name, clock, relayed.notice_id, seen, start))
               for name in ("zhiban", "zhibanzhang")]
    for walker in walkers:
        walker.start()
    for walker in walkers:
        walker.join(60)
    called = [target_id for _who, target_id in seen]
    assert len(called) == len(set(called)) == total                      # everyone once, nobody twice
    assert {who for who, _ in seen} == {"zhiban", "zhibanzhang"}          # both did their share
    assert demo_store.scalar("SELECT COUNT(*) FROM warning_attempt a JOIN warning_target t ON t.id = a.target_id"
                             " WHERE t.notice_id = ?", (relayed.notice_id,)) == total


# -- the record -----------------------------------------------------------------------------------------------

def test_every_status_change_is_audited_and_the_state_replays_from_the_calls(demo_store, clock, officer) -> None:
    pair(demo_store, clock, "龙浩胜", "石超国")
    relayed = enter(officer)
    ids = _ids(demo_store, relayed.notice_id)
    script = [("龙浩胜", "no_answer"), ("石思", "busy"), ("龙浩胜", "off"), ("石超国", "no_answer"),
              ("石思", "answered"), ("石超国", "answered"), ("周宇", "wrong_number")]
    for name, result in script:
        calls.record_call(officer, targets(demo_store, relayed.notice_id)[name]["id"], result)
        clock.advance(minutes=1)
    calls.mark_arrived(officer, ids["石思"])
    audited = {(r["entity_id"], json.loads(r["after_json"]).get("at")) for r in demo_store.rows(
        "SELECT entity_id, after_json FROM audit_log WHERE op = 'warning.call' AND entity = 'warning_target'")}
    for attempt in demo_store.rows("SELECT * FROM warning_attempt"):
        assert (str(attempt["target_id"]), attempt["at"]) in audited
    ops = {r[0] for r in demo_store.rows("SELECT DISTINCT op FROM audit_log WHERE op LIKE 'warning.%'")}
    assert {"warning.new", "warning.call", "warning.backup", "warning.escalate", "warning.arrive"} <= ops
    # the whole list's state follows from the calls alone
    notice = demo_store.row("SELECT * FROM warning_notice WHERE id = ?", (relayed.notice_id,))
    plan = calls.plan_of(notice)
    rows = targets(demo_store, relayed.notice_id)
    attempts = calls.attempts_of(demo_store, [t["id"] for t in rows.values()])
    for target in rows.values():
        state = calls.derive_state(attempts[target["id"]], plan.retry_minutes, target["arrived_at"])
        assert state.values() == {k: target[k] for k in state.values()}, target["name"]
    # a wrong key is voided and the state worked out again; the voided call stays in the record
    wrong = demo_store.row("SELECT id FROM warning_attempt WHERE result = 'wrong_number'")[0]
    calls.void_attempt(officer, wrong, "按错键，实为无人接听")
    assert targets(demo_store, relayed.notice_id)["周宇"]["status"] == "pending"
    assert demo_store.scalar("SELECT void_reason FROM warning_attempt WHERE id = ?", (wrong,)) == "按错键，实为无人接听"
    answered = demo_store.row("SELECT id FROM warning_attempt WHERE result = 'answered' ORDER BY id DESC")[0]
    with pytest.raises(PermissionDenied):
        calls.void_attempt(_other_officer(demo_store, clock), answered, "测试")
    calls.void_attempt(session_as(demo_store, clock, "zhibanzhang"), answered, "误记：实为家属接听，未转告")
    after = targets(demo_store, relayed.notice_id)
    assert after["石超国"]["status"] == "no_answer" and after["龙浩胜"]["covered_by"] is None


def _other_officer(store, clock) -> Session:
    from dutyroom.auth import accounts

    account = accounts.create_account(session_as(store, clock, "admin"), username="zhiban2", password="Demo2026pw",
                                      display_name="值班员乙", roles=["officer"], must_change=False)
    return Session(store, accounts.actor_for(store, account), clock)


def test_the_duty_log_entry_is_written_with_the_warning(demo_store, clock, officer) -> None:
    relayed = enter(officer)
    notice = demo_store.row("SELECT * FROM warning_notice WHERE id = ?", (relayed.notice_id,))
    entry = demo_store.row("SELECT * FROM duty_log_entry WHERE id = ?", (notice["log_entry_id"],))
    fields = json.loads(entry["fields_json"])
    assert entry["kind"] == "warning" and entry["source"] == f"warning:{relayed.warning_id}"
    assert entry["occurred_at"] == notice["received_at"] and entry["recorded_by_name"] == officer.actor.display_name
    assert fields["issuer"] == "县气象局" and fields["warning_type"] == "暴雨" and fields["level"] == "橙色"
    assert fields["area"] == "青石镇" and "叫应" in fields["relayed_to"]
