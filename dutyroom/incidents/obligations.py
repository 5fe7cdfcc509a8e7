"""Deadline obligations on the store: planting the planner's obligations, meeting them, re-planning.

A clock never stops by itself. An obligation ends only by an act someone records: met (who, when,
how, to whom — or the report that was sent), waived with a reason by a chief or leader, or superseded
by another recorded act (re-grading, closing the incident) whose reason is written on it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from dutyroom.clock import FUTURE_TOLERANCE, iso, parse_iso, to_cst
from dutyroom.errors import NotFound, ValidationError
from dutyroom.incidents import deadlines, rulebook
from dutyroom.incidents.deadlines import Planned, Situation
from dutyroom.incidents.rules import RuleSet
from dutyroom.session import Session, Tx


class ObligationStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    WAIVED = "waived"           # 免报, with a reason
    SUPERSEDED = "superseded"   # replanned when the grade or the facts changed


class AlertStage(StrEnum):
    SOON = "soon"               # within incidents.warning_minutes of its deadline
    OVERDUE = "overdue"


STAGES: dict[str, str] = {AlertStage.SOON: "即将到期", AlertStage.OVERDUE: "已超时"}
STATUS_LABELS: dict[str, str] = {ObligationStatus.OPEN: "待完成", ObligationStatus.MET: "已完成", ObligationStatus.WAIVED: "已免报",
                                 ObligationStatus.SUPERSEDED: "已调整"}


# -- planting -----------------------------------------------------------------------------------------

def insert_planned(tx: Tx, incident_id: int, planned: Planned, rule_set_id: int | None, note: str = "") -> int:
    return tx.insert("incident_obligation", {
        "incident_id": incident_id, "step": planned.step, "label": planned.label, "seq": planned.seq,
        "level": planned.level, "meet": planned.meet, "how": planned.how, "recipient": planned.to,
        "recurring": int(planned.recurring), "window_start": iso(planned.window_start), "due_at": iso(planned.due_at),
        "rule_text": planned.rule_text, "source": planned.source, "note": note, "rule_set_id": rule_set_id,
        "status": "open", "planned_at": tx.at})


def _end(tx: Tx, obligation_id: int, status: str, reason: str) -> None:
    tx.update("incident_obligation", obligation_id, {
        "status": status, "ended_at": tx.at, "ended_by_name": tx.actor.display_name, "ended_reason": reason})


def refresh_next_due(tx: Tx, incident_id: int) -> None:
    """Keep the incident's earliest open obligation on the incident row (lists and clocks read it)."""
    row = tx.row(
        "SELECT due_at, label, (SELECT COUNT(*) FROM incident_obligation WHERE incident_id = ? AND status = 'open')"
        " FROM incident_obligation WHERE incident_id = ? AND status = 'open' ORDER BY due_at, id LIMIT 1",
        (incident_id, incident_id))
    values = {"next_due_at": row[0], "next_due_label": row[1], "open_obligations": row[2]} if row else \
        {"next_due_at": None, "next_due_label": None, "open_obligations": 0}
    tx.update("incident", incident_id, values)


def _open_rows(tx: Tx, incident_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in tx.rows(
        "SELECT * FROM incident_obligation WHERE incident_id = ? AND status = 'open' ORDER BY due_at, id",
        (incident_id,))]


def _met_steps(tx: Tx, incident_id: int) -> set[str]:
    return {r[0] for r in tx.rows(
        "SELECT DISTINCT step FROM incident_obligation WHERE incident_id = ? AND status = 'met' AND recurring = 0",
        (incident_id,))}


EVENT_STEPS = ("verification", "disaster_verification", "casualty_update")  # planned by an event, not the grade


def replan(tx: Tx, incident: dict[str, Any], situation: Situation, rules: RuleSet, rule_set_id: int | None,
           reason: str) -> list[str]:
    """Bring the incident's open obligations in line with a new situation (grade, flags, category, status).

    What was met stays met, and an instance of a recurring step that is already overdue stays owed.
    Other open obligations whose step no longer applies, or whose due time moves, are superseded with
    ``reason`` and replaced. Returns one line per change, for the audit and the user.
    """
    now = tx.now
    received = parse_iso(incident["received_at"])
    closed = incident["status"] == "closed"
    wanted: dict[str, Planned] = {p.step: p for p in deadlines.plan_received(situation, received, rules)
                                  if not (closed and p.recurring)}
    if closed and incident["closed_at"]:
        wanted.update({p.step: p for p in deadlines.plan_closed(situation, parse_iso(incident["closed_at"]), rules)})
    met = _met_steps(tx, incident["id"])
    changes: list[str] = []
    kept: set[str] = set()
    for row in _open_rows(tx, incident["id"]):
        if row["step"] in EVENT_STEPS:
            continue
        plan = wanted.get(row["step"])
        if plan is None:
            if row["recurring"] and parse_iso(row["due_at"]) <= now and not closed:
                kept.add(row["step"])
                continue
            _end(tx, row["id"], "superseded", f"{reason}，不再适用")
            changes.append(f"撤销：{row['label']}（原定{_hm(row['due_at'])}）")
            continue
        kept.add(row["step"])
        if plan.recurring:
            if parse_iso(row["due_at"]) <= now:
                continue
            step = rules.step(plan.step)
            rule = step.rule_for(situation.level, situation.category, situation.subtype, situation.flags)
            assert rule is not None
            start = parse_iso(row["window_start"])
            earliest = start + timedelta(minutes=step.first_after_minutes if row["seq"] == 1 else 0)
            due = deadlines.next_slot(rule, max(now, earliest) - timedelta(seconds=1))
            plan = replace(plan, due_at=due, window_start=start, seq=row["seq"])
        if iso(plan.due_at) == row["due_at"] and plan.level == row["level"]:
            continue
        _end(tx, row["id"], "superseded", reason)
        insert_planned(tx, incident["id"], plan, rule_set_id)
        changes.append(f"调整：{plan.label} {_hm(row['due_at'])} → {_hm(iso(plan.due_at))}")
    for step_key, plan in wanted.items():
        if step_key in kept or (step_key in met and not plan.recurring):
            continue
        if plan.recurring:
            step = rules.step(step_key)
            rule = step.rule_for(situation.level, situation.category, situation.subtype, situation.flags)
            assert rule is not None
            earliest = max(now, received + timedelta(minutes=step.first_after_minutes))
            plan = replace(plan, due_at=deadlines.next_slot(rule, earliest - timedelta(seconds=1)),
                           window_start=max(now, received))
        insert_planned(tx, incident["id"], plan, rule_set_id)
        changes.append(f"新增：{plan.label}，{_hm(iso(plan.due_at))}前")
    refresh_next_due(tx, incident["id"])
    return changes


def _hm(text: str | None) -> str:
    if not text:
        return ""
    moment = parse_iso(text)
    return f"{moment.month}月{moment.day}日{moment:%H:%M}"


# -- meeting ------------------------------------------------------------------------------------------

def _continue_recurring(tx: Tx, row: dict[str, Any], rules: RuleSet, situation: Situation, met_at: datetime,
                        act: dict[str, Any]) -> None:
    """After a recurring instance is met, plan the next; instances already missed by ``met_at`` are met
    by the same act (late) so one report does not have to be sent once per missed slot."""
    step = rules.step(row["step"])
    rule = step.rule_for(situation.level, situation.category, situation.subtype, situation.flags)
    if rule is None or not rule.recurring:
        return
    due, seq = parse_iso(row["due_at"]), row["seq"]
    while True:
        seq += 1
        following = deadlines.following(step, rule, situation, due, seq)
        new_id = insert_planned(tx, row["incident_id"], following, row["rule_set_id"])
        if following.due_at >= met_at:
            return
        tx.update("incident_obligation", new_id, {**act, "status": "met",
                                                  "met_note": (act.get("met_note") or "") + "（同一次报送补足已错过的一次）"})
        due = following.due_at


def situation_of(incident: dict[str, Any]) -> Situation:
    return Situation(incident["level"], incident["category"], incident["subtype"],
                     frozenset(f for f in (incident["flags"] or "").split(",") if f))


def _incident(tx: Tx, incident_id: int) -> dict[str, Any]:
    row = tx.row("SELECT * FROM incident WHERE id = ?", (incident_id,))
    if row is None:
        raise NotFound("事件不存在。")
    return dict(row)


def record_met(tx: Tx, row: dict[str, Any], *, met_at: datetime, how: str, to: str, note: str = "",
               report_id: int | None = None) -> None:
    act = {"met_at": iso(met_at), "met_by": tx.actor.account_id, "met_by_name": tx.actor.display_name,
           "met_how": how, "met_to": to, "met_note": note, "report_id": report_id}
    tx.update("incident_obligation", row["id"], {**act, "status": "met"})
    if row["recurring"]:
        incident = _incident(tx, row["incident_id"])
        rules = rulebook.rules_by_id(tx.session.store, row["rule_set_id"])
        if incident["status"] == "open":
            _continue_recurring(tx, row, rules, situation_of(incident), met_at, act)


def meet(session: Session, obligation_id: int, *, met_at: datetime | None = None, how: str, to: str,
         note: str = "") -> None:
    """Record that an obligation was done: when, how (channel), to whom; by the acting user."""
    session.require("incident.intake")
    how, to, note = (how or "").strip(), (to or "").strip(), (note or "").strip()
    if not how:
        raise ValidationError("请填写完成方式（如电话、当面、传真）。", field="how")
    if not to:
        raise ValidationError("请填写报告对象（向谁报告，姓名或单位）。", field="to")
    now = session.now()
    moment = to_cst(met_at) if met_at else now
    if moment > now + FUTURE_TOLERANCE:
        raise ValidationError("完成时间不能晚于当前时间。", field="met_at")
    with session.write() as tx:
        row = tx.snapshot("incident_obligation", obligation_id)
        if row["status"] != "open":
            raise ValidationError(f"“{row['label']}”已{STATUS_LABELS[row['status']]}，不能重复记录。")
        incident = _incident(tx, row["incident_id"])
        if incident["voided_at"]:
            raise ValidationError("该事件已作废。")
        if moment < parse_iso(incident["received_at"]):
            raise ValidationError("完成时间不能早于接报时间。", field="met_at")
        if row["meet"] != "act" and not note:
            raise ValidationError(f"“{row['label']}”通常由报送报告完成；未在本软件中报送的，请在说明中注明报送方式和文号。",
                                  field="note")
        record_met(tx, row, met_at=moment, how=how, to=to, note=note)
        refresh_next_due(tx, row["incident_id"])
        tx.audit("obligation.meet", "incident_obligation", obligation_id, before=row,
                 after=tx.snapshot("incident_obligation", obligation_id))


def meet_by_report(tx: Tx, incident_id: int, meet_key: str, *, sent_at: datetime, how: str, to: str,
                   report_id: int) -> list[str]:
    """A sent report meets the open obligations it answers (the earliest instance of each step)."""
    rows = [dict(r) for r in tx.rows(
        "SELECT * FROM incident_obligation WHERE incident_id = ? AND status = 'open' AND (meet = ? OR meet = ?)"
        " ORDER BY due_at, id", (incident_id, meet_key, "report:any" if meet_key.startswith("report:") else "-"))]
    done_steps: set[str] = set()
    labels = []
    for row in rows:
        if row["step"] in done_steps:
            continue
        if row["meet"] == "report:any" and parse_iso(row["window_start"]) > sent_at:
            continue
        done_steps.add(row["step"])
        record_met(tx, row, met_at=sent_at, how=how, to=to, report_id=report_id)
        labels.append(row["label"])
    refresh_next_due(tx, incident_id)
    return labels


def waive(session: Session, obligation_id: int, reason: str) -> None:
    """A chief or leader decides an obligation does not apply (免报), with the reason on record."""
    session.require("incident.manage")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError("免报须写明理由（至少4个字），例如依据的上级意见。", field="reason")
    with session.write() as tx:
        row = tx.snapshot("incident_obligation", obligation_id)
        if row["status"] != "open":
            raise ValidationError(f"“{row['label']}”已{STATUS_LABELS[row['status']]}，不能免报。")
        _end(tx, obligation_id, "waived", reason)
        if row["recurring"]:
            incident = _incident(tx, row["incident_id"])
            rules = rulebook.rules_by_id(tx.session.store, row["rule_set_id"])
            if incident["status"] == "open":
                situation = situation_of(incident)
                step = rules.step(row["step"])
                rule = step.rule_for(situation.level, situation.category, situation.subtype, situation.flags)
                if rule is not None and rule.recurring:
                    next_due = deadlines.next_slot(rule, max(parse_iso(row["due_at"]), tx.now))
                    insert_planned(tx, row["incident_id"], Planned(
                        row["step"], row["label"], next_due, parse_iso(row["due_at"]), situation.level, row["meet"],
                        row["how"], row["recipient"], True, row["source"], row["seq"] + 1, row["rule_text"]),
                        row["rule_set_id"])
        refresh_next_due(tx, row["incident_id"])
        tx.audit("obligation.waive", "incident_obligation", obligation_id, before=row,
                 after=tx.snapshot("incident_obligation", obligation_id))


def acknowledge(session: Session, obligation_id: int, stage: str) -> int:
    """The alarm (5 minutes left / overdue) was seen: who and when. Does not stop the clock."""
    session.require("incident.intake")
    if stage not in STAGES:
        raise ValidationError(f"未知的提醒阶段：{stage}")
    with session.write() as tx:
        existing = tx.row("SELECT id FROM obligation_alert WHERE obligation_id = ? AND stage = ?",
                          (obligation_id, stage))
        if existing is not None:
            return int(existing[0])
        row = tx.snapshot("incident_obligation", obligation_id)
        alert_id = tx.insert("obligation_alert", {
            "obligation_id": obligation_id, "stage": stage, "acked_at": tx.at, "acked_by": tx.actor.account_id,
            "acked_by_name": tx.actor.display_name})
        tx.audit("obligation.ack", "incident_obligation", obligation_id,
                 after={"label": row["label"], "stage": STAGES[stage], "acked_by_name": tx.actor.display_name})
    return alert_id


def request_verification(session: Session, incident_id: int, *, requested_by: str, request: str,
                         due_at: datetime | None = None, disaster: bool = False) -> int:
    """An upper level asks for a 核报 (verification): the ask, who asked, and the due time become an obligation."""
    session.require("incident.intake")
    requested_by, request = (requested_by or "").strip(), (request or "").strip()
    if not requested_by:
        raise ValidationError("请填写提出核报要求的单位或人员。", field="requested_by")
    if not request:
        raise ValidationError("请填写核报要求的内容。", field="request")
    now = session.now()
    if due_at is not None and to_cst(due_at) <= now:
        raise ValidationError("核报时限应晚于当前时间。", field="due_at")
    with session.write() as tx:
        incident = _incident(tx, incident_id)
        if incident["voided_at"]:
            raise ValidationError("该事件已作废。")
        rules, rule_set_id = rulebook.ensure_in_force_stored(tx)
        step_key = "disaster_verification" if disaster else "verification"
        try:
            rules.step(step_key)
        except KeyError as exc:
            raise ValidationError(f"现行规则没有“{step_key}”一项，请管理员补充规则。") from exc
        planned = deadlines.plan_request(situation_of(incident), now, step_key, rules, due_at)
        planned = Planned(planned.step, planned.label, planned.due_at, planned.window_start, planned.level,
                          planned.meet, planned.how, requested_by, False, planned.source, planned.seq, planned.rule_text)
        obligation_id = insert_planned(tx, incident_id, planned, rule_set_id, note=request)
        refresh_next_due(tx, incident_id)
        tx.audit("obligation.request", "incident_obligation", obligation_id,
                 after=tx.snapshot("incident_obligation", obligation_id))
    return obligation_id
