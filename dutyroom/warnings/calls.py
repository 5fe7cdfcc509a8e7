"""叫应: walking a call list until a person answers — claims, calls, retries, the B角, escalation, arrival.

A target's state is worked out from its calls (``derive_state``): answered by the first call a person
answered; otherwise each unanswered call is one more try, and the target may be called again
``retry_minutes`` after the last. After ``tries_before_backup`` unanswered calls the person's B角 joins the
list; once the person and their B角 have gone ``tries_before_escalation`` calls without an answer, the
person goes on the 未叫醒 list: escalated to the township's principal leaders and the 带班领导, each with a
clock of their own. A B角 who answers answers for the person.

Several officers work one list at once: an officer *claims* a target (in a write transaction, for a short
lease) before dialling, and the queue gives every other officer someone else; a call on a target another
officer holds is refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from dutyroom import settings
from dutyroom.clock import iso, parse_iso
from dutyroom.errors import NotFound, PermissionDenied, ValidationError
from dutyroom.org import normalize_phone
from dutyroom.session import Actor, Session, Tx
from dutyroom.store import Reader
from dutyroom.warnings.relay import FAMILY, Plan
from dutyroom.warnings.targets import Tree, affected_units
from dutyroom.warnings.timing import act_time


class CallResult(StrEnum):
    ANSWERED = "answered"           # 接通: a person took the message
    NO_ANSWER = "no_answer"
    BUSY = "busy"
    OFF = "off"
    WRONG_NUMBER = "wrong_number"
    SENT = "sent"                   # a text or broadcast went out (told, not answered)


class Channel(StrEnum):
    PHONE = "电话"
    SMS = "短信"
    WECHAT = "微信"
    BROADCAST = "广播"
    IN_PERSON = "当面"


class TargetStatus(StrEnum):
    PENDING = "pending"
    NO_ANSWER = "no_answer"
    NOTIFIED = "notified"
    ANSWERED = "answered"
    ARRIVED = "arrived"


class TargetKind(StrEnum):
    LEADER = "leader"               # the 带班领导, told first
    PRIMARY = "primary"             # a person the rules name
    BACKUP = "backup"               # a B角 standing in
    ESCALATION = "escalation"       # told that someone of theirs is silent (未叫醒上报)


class TargetRole(StrEnum):
    A = "A"
    B = "B"


RESULTS: dict[str, str] = {CallResult.ANSWERED: "接通", CallResult.NO_ANSWER: "无人接听", CallResult.BUSY: "占线",
                           CallResult.OFF: "关机", CallResult.WRONG_NUMBER: "空号", CallResult.SENT: "已发送"}
CHANNELS: tuple[str, ...] = tuple(Channel)
CHANNEL_LABELS: dict[str, str] = {channel: channel.value for channel in Channel}
CHANNEL_RESULTS: dict[str, tuple[str, ...]] = {
    Channel.PHONE: (CallResult.ANSWERED, CallResult.NO_ANSWER, CallResult.BUSY, CallResult.OFF,
                    CallResult.WRONG_NUMBER),
    Channel.SMS: (CallResult.SENT, CallResult.ANSWERED), Channel.WECHAT: (CallResult.SENT, CallResult.ANSWERED),
    Channel.BROADCAST: (CallResult.SENT,), Channel.IN_PERSON: (CallResult.ANSWERED,),
}
STATUS_LABELS: dict[str, str] = {TargetStatus.PENDING: "未叫", TargetStatus.NO_ANSWER: "已叫未应",
                                 TargetStatus.NOTIFIED: "已通知", TargetStatus.ANSWERED: "已应答",
                                 TargetStatus.ARRIVED: "已到岗"}
KIND_LABELS: dict[str, str] = {TargetKind.LEADER: "带班领导", TargetKind.PRIMARY: "叫应对象", TargetKind.BACKUP: "B角",
                               TargetKind.ESCALATION: "未叫醒上报"}
ROLE_LABELS: dict[str, str] = {TargetRole.A: "A角", TargetRole.B: "B角"}
REACHED = (TargetStatus.ANSWERED, TargetStatus.ARRIVED)
_RANK = {"leader": 0, "escalation": 1, "backup": 2, "primary": 3}
QUEUE_COLUMNS = ("id, seq, kind, name, unit, township, status, covered_by, backup_target_id, escalation_for, next_try_at,"
                 " claimed_by, claimed_by_name, claim_until")


def result_code(text: str) -> str:
    word = str(text or "").strip()
    if word in RESULTS:
        return word
    for code, label in RESULTS.items():
        if word == label:
            return code
    raise ValidationError(f"未知的叫应结果“{text}”：应为 {'、'.join(RESULTS.values())} 之一。", field="result")


def channel_of(text: str) -> str:
    word = str(text or "").strip() or "电话"
    if word not in CHANNELS:
        raise ValidationError(f"未知的叫应方式“{text}”：应为 {'、'.join(CHANNELS)} 之一。", field="channel")
    return word


# -- a target's state, from its calls ------------------------------------------------------------------------

@dataclass(frozen=True)
class TargetState:
    status: str
    tries: int
    next_try_at: str | None
    answered_at: str | None
    answered_by: str

    def values(self) -> dict[str, Any]:
        return {"status": self.status, "tries": self.tries, "next_try_at": self.next_try_at,
                "answered_at": self.answered_at, "answered_by": self.answered_by}


def derive_state(attempts: Iterable[Any], retry_minutes: int, arrived_at: str | None = None) -> TargetState:
    """What the calls (not voided, any order) say of a target: the same answer however often it is asked."""
    status, tries, next_try, answered_at, answered_by = "pending", 0, None, None, ""
    for attempt in sorted(attempts, key=lambda a: (a["at"], a["id"])):
        if attempt["result"] == "answered":
            status, answered_at, answered_by, next_try = "answered", attempt["at"], attempt["answered_by"], None
            break
        if attempt["result"] == "sent":
            status = "notified" if status == "pending" else status
            continue
        tries += 1
        status = "no_answer"
        next_try = iso(parse_iso(attempt["at"]) + timedelta(minutes=retry_minutes))
    if status == "answered" and arrived_at:
        status = "arrived"
    return TargetState(status, tries, next_try, answered_at, answered_by)


def attempts_of(reader: Reader, target_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    found: dict[int, list[dict[str, Any]]] = {i: [] for i in target_ids}
    for start in range(0, len(target_ids), 500):
        chunk = list(target_ids[start:start + 500])
        for row in reader.rows(
                f"SELECT * FROM warning_attempt WHERE target_id IN ({','.join('?' * len(chunk))})"
                " AND voided_at IS NULL ORDER BY at, id", chunk):
            found[row["target_id"]].append(dict(row))
    return found


# -- the notice a target belongs to --------------------------------------------------------------------------

def plan_of(notice: Any) -> Plan:
    return Plan.from_json(json.loads(notice["plan_json"]))


def open_notice(reader: Reader, notice_id: int) -> dict[str, Any]:
    row = reader.row("SELECT n.*, w.voided_at AS warning_voided FROM warning_notice n JOIN warning w"
                     " ON w.id = n.warning_id WHERE n.id = ?", (notice_id,))
    if row is None:
        raise NotFound("预警通知不存在。")
    if row["warning_voided"]:
        raise ValidationError("该预警已作废，不再叫应。")
    if row["closed_at"]:
        raise ValidationError(f"这份叫应名单已结束（{row['closed_reason']}），请按最新的叫应名单叫应。")
    return dict(row)


def current_notice_id(reader: Reader, warning_id: int) -> int:
    """The notice whose list is being worked: the warning's latest."""
    found = reader.scalar("SELECT id FROM warning_notice WHERE warning_id = ? ORDER BY seq DESC LIMIT 1", (warning_id,))
    if found is None:
        raise NotFound("预警不存在。")
    return int(found)


def _target(tx: Reader, target_id: int, warning_id: int | None = None) -> dict[str, Any]:
    row = tx.row("SELECT * FROM warning_target WHERE id = ?", (target_id,))
    if row is None or (warning_id is not None and row["warning_id"] != warning_id):
        raise NotFound(f"叫应对象 {target_id} 不存在" + (f"（预警 {warning_id} 的名单中没有）。" if warning_id else "。"))
    return dict(row)


# -- claims ------------------------------------------------------------------------------------------------------

def _mine(target: Any, actor: Actor) -> bool:
    return target["claimed_by"] == actor.account_id and target["claimed_by_name"] == actor.display_name


def held_by_other(target: Any, actor: Actor, now_iso: str) -> bool:
    return bool(target["claimed_by_name"]) and not _mine(target, actor) and (target["claim_until"] or "") > now_iso


def queue(reader: Reader, notice_id: int, now: datetime, actor: Actor) -> list[dict[str, Any]]:
    """Whom to call next, in order: the targets no one else holds that may be called now. A target the
    officer holds comes first; then the 带班领导, escalations, B角, the list; due retries before first calls.

    The notice's whole list is read once, only the columns that decide, and sorted here; the rows returned
    carry those columns (the person on screen is read whole when claimed)."""
    notice = reader.row("SELECT mode FROM warning_notice WHERE id = ?", (notice_id,))
    callable_status = ("pending",) if notice is not None and notice["mode"] == "notice" else \
        ("pending", "no_answer", "notified")
    rows = reader.rows(f"SELECT {QUEUE_COLUMNS} FROM warning_target WHERE notice_id = ?", (notice_id,))
    silent = {t["id"] for t in rows if t["status"] not in REACHED and not t["covered_by"]}
    covering = {t["backup_target_id"] for t in rows if t["backup_target_id"] and t["id"] in silent}
    now_iso = iso(now)
    out = []
    for row in rows:
        if row["status"] not in callable_status or row["covered_by"]:
            continue
        if row["kind"] == "backup" and row["id"] not in covering:
            continue                          # the person it stands in for has answered
        if row["kind"] == "escalation" and not any(int(i) in silent for i in row["escalation_for"].split(",") if i):
            continue                          # whoever it was about has answered since
        if (row["next_try_at"] or "") > now_iso or held_by_other(row, actor, now_iso):
            continue
        out.append(dict(row))
    out.sort(key=lambda t: (0 if _mine(t, actor) and (t["claim_until"] or "") > now_iso else 1, _RANK[t["kind"]],
                            0 if t["status"] == "no_answer" else 1, t["next_try_at"] or "", t["seq"]))
    return out


def _claim(tx: Tx, target: dict[str, Any]) -> dict[str, Any]:
    """Hold ``target`` for this officer; returns the whole row as it now stands."""
    seconds = int(settings.get(tx.session.store, "warnings.claim_seconds"))
    values = {"claimed_by": tx.actor.account_id, "claimed_by_name": tx.actor.display_name,
              "claim_until": iso(tx.now + timedelta(seconds=seconds))}
    tx.update("warning_target", target["id"], values)
    tx.audit("warning.claim", "warning_target", target["id"],
             after={"name": target["name"], "claimed_by_name": values["claimed_by_name"],
                    "claim_until": values["claim_until"]})
    return tx.get("warning_target", target["id"])


def claim_next(session: Session, notice_id: int, *, skip: Sequence[int] = ()) -> dict[str, Any] | None:
    """Hold the next target to call (None when no one may be called now). ``skip``: targets one puts back
    (released, left for later or for another officer) and does not want next."""
    session.require("warning.relay")
    with session.write() as tx:
        open_notice(tx, notice_id)
        for target_id in skip:
            target = _target(tx, target_id)
            if target["claimed_by_name"] and _mine(target, tx.actor):
                _release(tx, target)
        found = [t for t in queue(tx, notice_id, tx.now, tx.actor) if t["id"] not in skip]
        return _claim(tx, found[0]) if found else None


def claim(session: Session, target_id: int) -> dict[str, Any]:
    """Hold one chosen target (refused while another officer holds it)."""
    session.require("warning.relay")
    with session.write() as tx:
        target = _target(tx, target_id)
        open_notice(tx, target["notice_id"])
        _refuse_if_held(target, tx.actor, tx.at)
        return _claim(tx, target)


def _refuse_if_held(target: dict[str, Any], actor: Actor, now_iso: str) -> None:
    if held_by_other(target, actor, now_iso):
        until = parse_iso(target["claim_until"])
        raise ValidationError(f"{target['name']}正由{target['claimed_by_name']}叫应（至{until:%H:%M:%S}），请勿重复拨打。",
                              field="target")


def release(session: Session, target_id: int) -> None:
    """Put back a target one holds without calling (another officer may take it at once)."""
    session.require("warning.relay")
    with session.write() as tx:
        target = _target(tx, target_id)
        if target["claimed_by_name"] and _mine(target, tx.actor):
            _release(tx, target)


def _release(tx: Tx, target: dict[str, Any]) -> None:
    tx.update("warning_target", target["id"], {"claimed_by": None, "claimed_by_name": None, "claim_until": None})
    tx.audit("warning.release", "warning_target", target["id"], after={"name": target["name"]})


# -- a call and what follows from it --------------------------------------------------------------------------

@dataclass
class CallOutcome:
    target: dict[str, Any]
    attempt_id: int
    added: list[int] = field(default_factory=list)      # B角 and escalation targets the call put on the list
    next: dict[str, Any] | None = None                  # the next target, held (with ``claim_next``)


def _number(target: dict[str, Any], number: str | None, channel: str) -> str:
    if number:
        return normalize_phone(number)
    phones = json.loads(target["phones_json"] or "[]")
    return phones[0][1] if phones and channel in ("电话", "短信") else ""


def record_call(session: Session, target_id: int, result: str, *, channel: str = "电话", number: str | None = None,
                answered_by: str = "", note: str = "", at: datetime | None = None, warning_id: int | None = None,
                claim_next: bool = False) -> CallOutcome:
    """One call (or message) to a target and its result; the list moves on (retry time, B角, escalation).

    ``claim_next`` also holds the next target in the same transaction: the call screen shows it at once.
    """
    session.require("warning.relay")
    code, channel = result_code(result), channel_of(channel)
    if code not in CHANNEL_RESULTS[channel]:
        allowed = "、".join(RESULTS[c] for c in CHANNEL_RESULTS[channel])
        raise ValidationError(f"{channel}的结果应为：{allowed}。", field="result")
    answered_by = str(answered_by or "").strip()
    if len(answered_by) > 40 or len(note or "") > 200:
        raise ValidationError("应答人不超过40字，备注不超过200字。", field="answered_by")
    with session.write() as tx:
        target = _target(tx, target_id, warning_id)
        notice = open_notice(tx, target["notice_id"])
        when = act_time(session, at, not_before=notice["received_at"], what="本次预警的接收时间")
        _refuse_if_held(target, tx.actor, tx.at)
        if target["status"] in REACHED:
            raise ValidationError(f"{target['name']}已应答，无需再叫应。", field="target")
        if target["covered_by"]:
            raise ValidationError(f"{target['name']}的B角已代为应答，无需再叫应。", field="target")
        plan = plan_of(notice)
        attempt_id = tx.insert("warning_attempt", {
            "target_id": target_id, "at": iso(when), "channel": channel, "number": _number(target, number, channel),
            "result": code, "answered_by": answered_by if code == "answered" else "", "note": str(note or "").strip(),
            "recorded_by": tx.actor.account_id, "recorded_by_name": tx.actor.display_name, "recorded_at": tx.at})
        state = _restate(tx, target, plan)
        tx.update("warning_target", target_id, {"claimed_by": None, "claimed_by_name": None, "claim_until": None})
        tx.audit("warning.call", "warning_target", target_id,
                 before={k: target[k] for k in ("status", "tries", "next_try_at")},
                 after={"name": target["name"], "at": iso(when), "channel": channel, "result": RESULTS[code],
                        "answered_by": answered_by, **state.values()})
        added = _follow_up(tx, tx.get("warning_target", target_id), state, plan, notice, when) if plan.calls else []
        outcome = CallOutcome(tx.get("warning_target", target_id), attempt_id, added)
        if claim_next:
            found = queue(tx, target["notice_id"], tx.now, tx.actor)
            outcome.next = _claim(tx, found[0]) if found else None
    return outcome


def _restate(tx: Tx, target: dict[str, Any], plan: Plan) -> TargetState:
    """Work the target's state out again from its calls and write it."""
    attempts = attempts_of(tx, [target["id"]])[target["id"]]
    state = derive_state(attempts, plan.retry_minutes, target["arrived_at"])
    values = state.values()
    if state.status not in REACHED:
        values["arrived_at"] = None
    tx.update("warning_target", target["id"], values)
    return state


def _follow_up(tx: Tx, target: dict[str, Any], state: TargetState, plan: Plan, notice: dict[str, Any],
               when: datetime) -> list[int]:
    """After a call: a B角 who answered covers the person; a person still silent may get a B角 or be escalated."""
    standing_in_for = [dict(r) for r in tx.rows(
        "SELECT * FROM warning_target WHERE backup_target_id = ? AND covered_by IS NULL"
        " AND status NOT IN ('answered', 'arrived')", (target["id"],))]
    if state.status in REACHED:
        for person in standing_in_for:
            tx.update("warning_target", person["id"], {"covered_by": target["id"]})
            tx.audit("warning.call", "warning_target", person["id"],
                     after={"name": person["name"], "covered_by": target["id"], "answered_for_by": target["name"]})
        return []
    slots = ([target] if target["kind"] == "primary" else []) + standing_in_for
    added: list[int] = []
    for slot in slots:
        slot = tx.get("warning_target", slot["id"])
        if slot["backup_target_id"] is None and slot["tries"] >= plan.tries_before_backup:
            added += _add_backup(tx, slot, plan, when)
            slot = tx.get("warning_target", slot["id"])
        backup_tries = int(tx.scalar("SELECT tries FROM warning_target WHERE id = ?", (slot["backup_target_id"],)) or 0) \
            if slot["backup_target_id"] else 0
        if slot["escalated_at"] is None and slot["tries"] + backup_tries >= plan.tries_before_escalation:
            added += _escalate(tx, slot, plan, notice, when, slot["tries"] + backup_tries)
    return added


def _add_backup(tx: Tx, slot: dict[str, Any], plan: Plan, when: datetime) -> list[int]:
    from dutyroom.warnings.records import write_targets

    backup_id = tx.scalar("SELECT backup_person_id FROM person WHERE id = ?", (slot["person_id"],))
    tree = Tree(tx, when.date())
    backup = tree.persons.get(backup_id) if backup_id else None
    if backup is None or backup.id == slot["person_id"]:
        return []
    listed = tx.scalar("SELECT id FROM warning_target WHERE notice_id = ? AND person_id = ? AND kind <> 'escalation'"
                       " ORDER BY seq LIMIT 1", (slot["notice_id"], backup.id))
    added: list[int] = []
    if listed is None:
        from dutyroom.warnings.targets import _draft

        draft = _draft(tree, "backup", "B", backup, f"B角（代{slot['name']}，叫应{slot['tries']}次未应答）")
        draft.phones = tree.phones([backup.id]).get(backup.id, [])
        listed = write_targets(tx, slot["notice_id"], slot["warning_id"], [draft], plan, when)[0]
        added.append(listed)
    tx.update("warning_target", slot["id"], {"backup_target_id": listed})
    tx.audit("warning.backup", "warning_target", slot["id"],
             after={"name": slot["name"], "backup_target_id": listed, "backup": backup.name, "tries": slot["tries"]})
    return added


def _escalate(tx: Tx, slot: dict[str, Any], plan: Plan, notice: dict[str, Any], when: datetime, tries: int) -> list[int]:
    """Put a silent person on the 未叫醒 list and call their township's principal leaders and the 带班领导 (an
    away leader's B角 instead), each once for however many of the township's people are silent."""
    from dutyroom.warnings.records import write_targets
    from dutyroom.warnings.targets import _draft

    rules = FAMILY.rules_by_id(tx.session.store, notice["rule_set_id"])
    tree = Tree(tx, when.date())
    within = affected_units(tree, [slot["township_id"]]) if slot["township_id"] else set()
    skip = {slot["person_id"]} | ({tx.scalar("SELECT person_id FROM warning_target WHERE id = ?",
                                             (slot["backup_target_id"],))} if slot["backup_target_id"] else set())
    due = iso(when + timedelta(minutes=plan.escalation_minutes))
    silent = f"{slot['unit']}{slot['name']}"
    drafts, merged = [], []
    for key in plan.escalate_to:
        if key not in rules.selectors:
            continue
        for person in tree.select(rules.selectors[key], within, when):
            stand_in = tree.persons.get(person.backup_person_id) if person.away and person.backup_person_id else None
            person = stand_in or person
            if person.id in skip:
                continue
            skip.add(person.id)
            open_one = tx.row("SELECT id, reason, escalation_for FROM warning_target WHERE notice_id = ?"
                              " AND person_id = ? AND kind = 'escalation' AND status NOT IN ('answered', 'arrived')",
                              (slot["notice_id"], person.id))
            if open_one is not None:          # already to be called about someone else: one call for both
                tx.update("warning_target", open_one["id"], {
                    "reason": f"{open_one['reason']}、{silent}",
                    "escalation_for": f"{open_one['escalation_for']},{slot['id']}".strip(",")})
                merged.append(open_one["id"])
                continue
            draft = _draft(tree, "escalation", "A", person, f"未叫醒上报：{silent}")
            draft.due_at, draft.escalation_for = due, str(slot["id"])
            drafts.append(draft)
    phones = tree.phones(d.person.id for d in drafts)
    for draft in drafts:
        draft.phones = phones.get(draft.person.id, [])
    added = write_targets(tx, slot["notice_id"], slot["warning_id"], drafts, plan, when) if drafts else []
    tx.update("warning_target", slot["id"], {"escalated_at": iso(when)})
    tx.audit("warning.escalate", "warning_target", slot["id"],
             after={"name": slot["name"], "escalated_at": iso(when), "tries": tries, "due_at": due,
                    "to": [d.person.name for d in drafts], "merged_into": merged})
    return added


# -- other acts ------------------------------------------------------------------------------------------------

def mark_arrived(session: Session, target_id: int, *, at: datetime | None = None,
                 warning_id: int | None = None) -> None:
    """已到岗: the person who answered reports being at their post."""
    session.require("warning.relay")
    with session.write() as tx:
        target = _target(tx, target_id, warning_id)
        notice = tx.get("warning_notice", target["notice_id"])
        if target["status"] == "arrived":
            raise ValidationError(f"{target['name']}已登记到岗。", field="target")
        if target["status"] != "answered":
            raise ValidationError(f"{target['name']}尚未应答，不能登记到岗：请先记录叫应结果。", field="target")
        when = act_time(session, at, not_before=target["answered_at"], what="应答时间")
        if notice["closed_at"] and iso(when) > notice["closed_at"]:
            raise ValidationError("这份叫应名单已结束，请在最新的叫应名单中登记。", field="target")
        tx.update("warning_target", target_id, {"status": "arrived", "arrived_at": iso(when)})
        tx.audit("warning.arrive", "warning_target", target_id, before={"status": target["status"]},
                 after={"name": target["name"], "status": "arrived", "arrived_at": iso(when)})


def notify_all(session: Session, notice_id: int, channel: str = "短信", *, at: datetime | None = None) -> int:
    """A notice sent to everyone on the list not yet told (短信平台, 微信群, 广播); returns how many."""
    session.require("warning.relay")
    channel = channel_of(channel)
    if "sent" not in CHANNEL_RESULTS[channel]:
        raise ValidationError("群发通知的方式应为短信、微信或广播。", field="channel")
    with session.write() as tx:
        notice = open_notice(tx, notice_id)
        when = act_time(session, at, not_before=notice["received_at"], what="本次预警的接收时间")
        rows = [dict(r) for r in tx.rows("SELECT * FROM warning_target WHERE notice_id = ? AND status = 'pending'"
                                         " AND covered_by IS NULL ORDER BY seq", (notice_id,))]
        if not rows:
            raise ValidationError("名单中没有尚未通知的对象。")
        tx.insert_many("warning_attempt", [{
            "target_id": t["id"], "at": iso(when), "channel": channel, "number": _number(t, None, channel),
            "result": "sent", "answered_by": "", "note": "群发", "recorded_by": tx.actor.account_id,
            "recorded_by_name": tx.actor.display_name, "recorded_at": tx.at} for t in rows])
        for target in rows:
            tx.update("warning_target", target["id"], {"status": "notified"})
        tx.audit("warning.call", "warning_notice", notice_id,
                 after={"channel": channel, "at": iso(when), "notified": [t["name"] for t in rows]})
    return len(rows)


def void_attempt(session: Session, attempt_id: int, reason: str) -> None:
    """A call recorded wrongly (the wrong key): voided with the reason; the target's state is worked out again."""
    session.require("warning.relay")
    with session.write() as tx:
        attempt = tx.row("SELECT * FROM warning_attempt WHERE id = ?", (attempt_id,))
        if attempt is None:
            raise NotFound("叫应记录不存在。")
        own = attempt["recorded_by"] == tx.actor.account_id and attempt["recorded_by_name"] == tx.actor.display_name
        if not own and not session.can("warning.manage"):
            raise PermissionDenied("只能作废本人记录的叫应；他人的记录须由值班长或带班领导作废。")
        target = tx.get("warning_target", attempt["target_id"])
        notice = tx.get("warning_notice", target["notice_id"])
        tx.void("warning_attempt", attempt_id, reason, op="warning.attempt_void", entity="warning_attempt")
        state = _restate(tx, target, plan_of(notice))
        if state.status not in REACHED:
            for covered, in tx.rows("SELECT id FROM warning_target WHERE covered_by = ?", (target["id"],)):
                tx.update("warning_target", covered, {"covered_by": None})
        tx.audit("warning.attempt_void", "warning_target", target["id"],
                 before={k: target[k] for k in ("status", "tries", "answered_at")},
                 after={"name": target["name"], **state.values()})


def acknowledge_alarm(session: Session, notice_id: int, clock: str, stage: str) -> bool:
    """The alarm of a 叫应 clock seen (知道了): that stage of that clock stops ringing. Returns whether recorded."""
    session.require("warning.relay")
    from dutyroom.incidents.obligations import AlertStage  # one vocabulary of alarm stages for every clock

    if stage not in set(AlertStage):
        raise ValidationError("提醒阶段应为 soon 或 overdue。")
    with session.write() as tx:
        tx.get("warning_notice", notice_id)
        if tx.row("SELECT 1 FROM warning_alarm_ack WHERE notice_id = ? AND clock = ? AND stage = ?",
                  (notice_id, clock, stage)):
            return False
        ack_id = tx.insert("warning_alarm_ack", {"notice_id": notice_id, "clock": clock, "stage": stage,
                                                 "acked_at": tx.at, "acked_by_name": tx.actor.display_name})
        tx.audit("warning.alarm_ack", "warning_notice", notice_id, after={"ack": ack_id, "clock": clock, "stage": stage})
    return True
