"""The demo county's duty log: a week of believable shifts (calls, warnings, documents, roll calls, leader
instructions, pending items raised and closed), each handed over, and the current shift under way.

Written through the normal operations with a clock moved through the week, so every entry, pending item
and handover is exactly what the app itself would have recorded. Deterministic, and done once per data
file (setting ``demo.dutylog_version``).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from dutyroom import settings
from dutyroom.auth import accounts
from dutyroom.clock import CST, Clock, FixedClock
from dutyroom.duty.board import shift_roster
from dutyroom.duty.shifts import Shift, handover_time, shift_at, shift_on
from dutyroom.dutylog import handover as ho
from dutyroom.dutylog import pending
from dutyroom.dutylog.entries import PendingRequest, record_entry
from dutyroom.dutylog.report import draft_report, save_report
from dutyroom.paths import app_path
from dutyroom.session import SYSTEM_ACTOR, Actor, Session
from dutyroom.store import Store

DUTYLOG_SEED_VERSION = 1
HISTORY_DAYS = 6


@dataclass
class _Crew:
    officer: Actor
    chief: Actor
    leader: str


def load_scenarios() -> dict[str, Any]:
    return json.loads(app_path("resources", "demo", "dutylog.json").read_text(encoding="utf-8"))


def history_first_day(store: Store, now: datetime) -> date:
    return shift_at(now, handover_time(store)).duty_date - timedelta(days=HISTORY_DAYS)


def _crew(store: Store, shift: Shift) -> _Crew:
    roster = shift_roster(store, shift)

    def actor(role: str, fallback: str) -> Actor:
        members = roster.by_role(role)
        if not members:
            return Actor(None, "demo", fallback, frozenset({"officer"}))
        return Actor(None, "demo", members[0].name, frozenset({role}), members[0].person_id)

    leaders = roster.by_role("leader")
    return _Crew(actor("officer", "值班员"), actor("chief", "值班长"), leaders[0].name if leaders else "带班领导")


def _person(store: Store, name: str) -> tuple[int, dict[str, str]] | None:
    row = store.row("SELECT p.id, p.name, p.position, u.name AS unit, (SELECT number FROM person_phone"
                    " WHERE person_id = p.id ORDER BY sort_order LIMIT 1) AS phone FROM person p"
                    " LEFT JOIN org_unit u ON u.id = p.unit_id WHERE p.name = ? AND p.voided_at IS NULL", (name,))
    if row is None:
        return None
    return row["id"], {"unit": row["unit"] or "", "name": row["name"], "title": row["position"],
                       "phone": row["phone"] or ""}


def _fill(value: Any, crew: _Crew) -> Any:
    if isinstance(value, str):
        return (value.replace("{officer}", crew.officer.display_name).replace("{chief}", crew.chief.display_name)
                .replace("{leader}", crew.leader))
    return value


def _at(shift: Shift, hour_text: str, handover: time) -> datetime:
    hours, minutes = (int(x) for x in hour_text.split(":"))
    moment = datetime.combine(shift.duty_date, time(hours, minutes), tzinfo=CST)
    return moment + timedelta(days=1) if moment.time() < handover else moment


def _record(store: Store, clock: FixedClock, actor: Actor, item: dict[str, Any], occurred: datetime,
            crew: _Crew) -> tuple[int, dict[str, Any] | None]:
    fields = {k: _fill(v, crew) for k, v in item.get("fields", {}).items()}
    person_id = None
    if item.get("person"):
        found = _person(store, item["person"])
        if found:
            person_id, picked = found
            if item["kind"] in ("call_in", "call_out"):
                fields = {**{k: v for k, v in picked.items() if v}, **fields}
    elif item["kind"] in ("call_in", "call_out"):
        fields = {"unit": item.get("unit", ""), "name": item.get("name", ""), "phone": item.get("phone", ""),
                  **fields}
    if item["kind"] == "instruction" and item.get("valid_days"):
        fields["valid_until"] = (occurred.date() + timedelta(days=item["valid_days"])).isoformat()
    plan = item.get("pending")
    clock.set(occurred + timedelta(minutes=2))
    entry_id = record_entry(Session(store, actor, clock), item["kind"], summary=_fill(item.get("summary", ""), crew),
                            occurred_at=occurred, fields=fields, person_id=person_id,
                            pending=PendingRequest(plan["title"]) if plan else None)
    return entry_id, plan


def _hand_over(store: Store, clock: FixedClock, shift: Shift, out: _Crew, incoming: _Crew, now: datetime) -> None:
    clock.set(shift.end - timedelta(minutes=12))
    equipment = {name: (True, "") for name in ho.equipment_items(store)}
    handover_id = ho.confirm_handover(Session(store, out.officer, clock), shift.duty_date, equipment=equipment,
                                      notes="注意关注寒潮天气变化，做好防寒防冻提醒。")
    accept_at = shift.end + timedelta(minutes=3)
    if accept_at > now:
        return      # the handover is under way as the demo starts
    clock.set(accept_at - timedelta(minutes=1))
    state = ho.handover_state(store, shift.duty_date, clock.now())
    session = Session(store, incoming.officer, clock)
    ho.acknowledge(session, handover_id, [item.key for item in state.sheet.ack_items()])
    clock.set(accept_at)
    ho.accept_handover(session, handover_id)


def seed_dutylog(store: Store, clock: Clock) -> bool:
    """Fill the demo duty log once; returns whether anything was added."""
    if settings.get(store, "demo.dutylog_version") is not None:
        return False
    data = load_scenarios()
    now = clock.now()
    handover = handover_time(store)
    current = shift_at(now, handover)
    moving = FixedClock(now)
    closes: list[tuple[int, int, str]] = []        # (pending item id, shift index that closes it, result)
    shifts = [shift_on(current.duty_date - timedelta(days=k), handover) for k in range(HISTORY_DAYS, 0, -1)]
    # Each scenario that raises a pending item or an instruction happens once in the week; the routine
    # ones come round again.
    order = list(data["pool"])
    random.Random(DUTYLOG_SEED_VERSION).shuffle(order)
    once_used: set[int] = set()
    cursor = 0
    with store.transaction():
        for index, shift in enumerate(shifts):
            crew = _crew(store, shift)
            rng = random.Random(shift.duty_date.toordinal())
            plan = list(data["daily"])
            for _ in range(rng.randint(5, 7)):
                for _attempt in range(len(order)):
                    candidate = order[cursor % len(order)]
                    cursor += 1
                    once = "pending" in candidate or candidate["kind"] == "instruction"
                    if not (once and id(candidate) in once_used) and candidate not in plan:
                        once_used.add(id(candidate)) if once else None
                        plan.append(candidate)
                        break
            for call in rng.sample(data["roll_calls"], k=rng.randint(1, 2)):
                if "follow_up" in call["fields"]:          # a check that found a problem happens once
                    if id(call) in once_used:
                        continue
                    once_used.add(id(call))
                plan.append(dict(call, kind="roll_call"))
            timed = sorted(((_at(shift, item["hour"], handover) + timedelta(minutes=rng.randint(0, 9)), item)
                            for item in plan), key=lambda pair: pair[0])
            for item_id, _due, result in [c for c in closes if c[1] == index]:
                moving.set(shift.start + timedelta(minutes=50))
                pending.close_pending(Session(store, crew.officer, moving), item_id, result)
            for occurred, item in timed:
                actor = crew.chief if item["kind"] == "roll_call" and "{chief}" in str(item["fields"]) else crew.officer
                entry_id, pending_plan = _record(store, moving, actor, item, occurred, crew)
                if pending_plan and pending_plan.get("close_after"):
                    item_id = store.scalar("SELECT id FROM pending_item WHERE entry_id = ?", (entry_id,))
                    closes.append((item_id, index + pending_plan["close_after"], pending_plan["result"]))
            following = shifts[index + 1] if index + 1 < len(shifts) else current
            _hand_over(store, moving, shift, crew, _crew(store, following), now)
        crew = _crew(store, current)
        officer = accounts.actor_for(store, store.scalar("SELECT id FROM account WHERE username = 'zhiban'"))
        crew.officer = officer
        span = max(now - current.start, timedelta(minutes=4))
        items = data["current"]
        for number, item in enumerate(items, start=1):
            occurred = min(current.start + span * number / (len(items) + 1), now).replace(microsecond=0)
            _record(store, moving, officer, item, occurred, crew)
        moving.set(now)
        last = shifts[-1].duty_date
        report = draft_report(store, last, now)
        save_report(Session(store, officer, moving), last, title=report.title, body=report.body,
                    zero_report=report.zero_report)
        settings.set_value(Session(store, SYSTEM_ACTOR, clock), "demo.dutylog_version", DUTYLOG_SEED_VERSION)
    return True
