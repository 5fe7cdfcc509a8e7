"""接报: opening an incident from a call, attaching later calls, changing facts, grade overrides, closing.

The facts are the intake form's values (resources/forms/intake.json), validated and stored whole in
``facts_json``; the few the lists, grading and deadlines need are kept in columns beside them. Every
call is also a duty-log entry. Any change to the facts re-grades; a change of reporting level,
flags or category re-plans the deadlines; a change of casualties plans the 补报 the rules ask for.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from dutyroom.clock import FUTURE_TOLERANCE, iso, parse_iso, to_cst
from dutyroom.errors import NotFound, PermissionDenied, Problems, ValidationError
from dutyroom.incidents import deadlines, forms, obligations, rulebook, search
from dutyroom.incidents.deadlines import Situation
from dutyroom.incidents.models import IncidentGrading, IncidentRow
from dutyroom.incidents.rules import GRADES, GRADING_INPUTS, Grading, RuleSet, grade_code, grade_label
from dutyroom.session import Session, Tx

INTAKE = "intake"
CASUALTY_FIELDS = ("dead", "missing", "serious_injuries", "injured", "trapped")
CHANNEL_LOG_KINDS = {"电话": "call_in", "传真": "document", "政务专网": "document", "系统推送": "document",
                     "上级通报": "document"}
# Subtypes that already say what happened better than a GB 6441 accident class would.
NAMED_SUBTYPES = ("道路交通事故", "水上交通事故", "火灾", "危险化学品事故", "特种设备事故", "核与辐射事故")


def intake_form() -> forms.FormDef:
    return forms.load_form(INTAKE)


def call_fields(form: forms.FormDef | None = None) -> list[forms.Field]:
    form = form or intake_form()
    return [f for g in form.groups if g.call for f in g.fields]


def incident_number(year: int, serial: int) -> str:
    return f"{year}-{serial:03d}"


# -- derived values ---------------------------------------------------------------------------------

def _unit_name(value: Any) -> str:
    return str(value.get("name", "")) if isinstance(value, dict) else ""


def place_text(facts: Mapping[str, Any]) -> str:
    """乡镇 + 村 + 详细地点, without saying a name twice ("桃源镇" + "桃源镇中心小学")."""
    text = ""
    for part in (_unit_name(facts.get("township")), _unit_name(facts.get("village")), str(facts.get("place_detail") or "")):
        if part and not text.endswith(part):
            text += part[len(text):] if part.startswith(text) and text else part
    return text


def casualty_phrase(facts: Mapping[str, Any]) -> str:
    parts = [f"{facts.get(key)}人{word}" for key, word in
             (("dead", "死亡"), ("missing", "失踪"), ("trapped", "被困"), ("serious_injuries", "重伤"),
              ("injured", "受伤")) if facts.get(key)]
    return "造成" + "、".join(parts) if parts else ""


def suggest_title(facts: Mapping[str, Any]) -> str:
    """地点 + 类型 + 伤亡 + 进展, e.g. 青石镇上坪村示例煤业公司发生透水事故，造成2人死亡、3人被困，正在救援."""
    place = "".join(part for part in (_unit_name(facts.get("township")), _unit_name(facts.get("village")))
                    if part) or str(facts.get("place_detail") or "")
    subtype = str(facts.get("subtype") or "")
    accident = str(facts.get("accident_type") or "")
    if accident and subtype not in NAMED_SUBTYPES:
        thing = accident if accident.endswith(("事故", "灾")) else f"{accident}事故"
    else:
        thing = subtype or str(facts.get("category") or "") or "突发事件"
    who = str(facts.get("unit_name") or "")
    for prefix in (_unit_name(facts.get("township")), _unit_name(facts.get("village"))):
        if prefix and who.startswith(prefix):
            who = who[len(prefix):]
    title = f"{place}{who}发生{thing}"
    casualties = casualty_phrase(facts)
    if casualties:
        title += f"，{casualties}"
    progress = str(facts.get("progress") or "")
    if progress:
        title += f"，{progress}"
    return title[:120]


def _search_text(facts: Mapping[str, Any], title: str) -> str:
    parts = [title, place_text(facts), facts.get("unit_name"), facts.get("reporter_unit"), facts.get("reporter_name"),
             facts.get("reporter_phone"), facts.get("category"), facts.get("subtype"), facts.get("accident_type")]
    return " ".join(str(p) for p in parts if p).lower()


def _columns(facts: Mapping[str, Any], grading: Grading, title: str) -> dict[str, Any]:
    township = facts.get("township")
    return {
        "received_at": facts["received_at"], "occurred_at": facts["occurred_at"], "category": facts["category"],
        "subtype": facts.get("subtype") or "", "township_id": township.get("id") if isinstance(township, dict) else None,
        "place": place_text(facts), **{key: int(facts.get(key) or 0) for key in GRADING_INPUTS},
        "computed_grade": grading.grade, "search_text": _search_text(facts, title),
        "facts_json": json.dumps(facts, ensure_ascii=False, sort_keys=True),
    }


def _grading_json(grading: Grading, rules_label: str) -> str:
    return json.dumps({"reasons": list(grading.reasons), "flag_reasons": list(grading.flag_reasons),
                       "flag_labels": list(grading.flag_labels), "rules": rules_label}, ensure_ascii=False)


def _log_kind(channel: str) -> str:
    return CHANNEL_LOG_KINDS.get(channel, "call_in" if "电话" in channel else "other")


def _log_call(session: Session, number: str, call: Mapping[str, Any], summary: str) -> int:
    """The call as a typed duty-log entry (same transaction): the 五要素 where the kind has them."""
    from dutyroom.dutylog.entries import record_entry

    kind = _log_kind(str(call.get("channel") or ""))
    who = f"{call.get('reporter_unit') or ''}{call.get('reporter_name') or ''}"
    phone = f"（{call['reporter_phone']}）" if call.get("reporter_phone") else ""
    fields: dict[str, Any] = {}
    if kind == "call_in":
        fields = {"unit": call.get("reporter_unit"), "name": call.get("reporter_name"),
                  "phone": call.get("reporter_phone")}
    elif kind == "document":
        fields = {"from_unit": call.get("reporter_unit") or call.get("reporter_name"),
                  "channel": call.get("channel")}
    # A call is logged as it came in: what the reporter did not give stays empty, never invented.
    return record_entry(session, kind, summary=f"【事件{number}】{who}{phone}{call.get('channel') or ''}报告：{summary}",
                        detail=f"接报编号 {number}", occurred_at=parse_iso(call["received_at"]),
                        fields={k: v for k, v in fields.items() if v}, person_id=call.get("reporter_person_id"),
                        source=f"incident:{number}", complete=False)


def _insert_call(tx: Tx, incident_id: int, call: Mapping[str, Any], summary: str, changes: list[Any],
                 log_entry_id: int) -> int:
    return tx.insert("incident_call", {
        "incident_id": incident_id, "received_at": call["received_at"], "channel": call.get("channel") or "",
        "reporter_unit": call.get("reporter_unit") or "", "reporter_name": call.get("reporter_name") or "",
        "reporter_phone": call.get("reporter_phone") or "", "reporter_person_id": call.get("reporter_person_id"),
        "summary": summary, "changes_json": json.dumps(changes, ensure_ascii=False), "log_entry_id": log_entry_id,
        "recorded_by": tx.actor.account_id, "recorded_by_name": tx.actor.display_name, "created_at": tx.at})


def _validate_facts(session: Session, raw: Mapping[str, Any]) -> dict[str, Any]:
    return forms.validate(intake_form(), raw, now=session.now(), lookup=forms.Lookup(session.store))


def clean_title(title: str | None) -> str | None:
    """A title typed in place of the suggested one (None: use the suggestion)."""
    if title is None:
        return None
    title = " ".join(str(title).split())
    if not title:
        return None
    if len(title) > 120:
        raise ValidationError("事件标题过长（最多120字）。", field="title")
    return title


# -- opening ----------------------------------------------------------------------------------------

def open_incident(session: Session, values: Mapping[str, Any], *, title: str | None = None,
                  summary: str | None = None) -> int:
    """A new incident from its first call: facts validated by the intake form, graded, deadlines planned."""
    session.require("incident.intake")
    problems = Problems()
    facts: dict[str, Any] = problems.check(_validate_facts, session, values, default={})
    custom_title = problems.check(clean_title, title, default=None)
    problems.raise_any()
    with session.write() as tx:
        rules, rule_set_id = rulebook.ensure_in_force_stored(tx)
        grading = rules.grade(facts)
        received = parse_iso(facts["received_at"])
        year = received.year
        serial = tx.scalar("SELECT COALESCE(MAX(serial), 0) + 1 FROM incident WHERE year = ?", (year,))
        number = incident_number(year, serial)
        incident_title = custom_title or suggest_title(facts)
        incident_id = tx.insert("incident", {
            "year": year, "serial": serial, "title": incident_title, "title_custom": int(custom_title is not None),
            "status": "open", **_columns(facts, grading, incident_title), "grade": grading.grade,
            "level": grading.level, "flags": ",".join(grading.flags),
            "grading_json": _grading_json(grading, rulebook.in_force(tx.session.store).label),
            "must_report": int(grading.must_report), "rule_set_id": rule_set_id, "created_at": tx.at,
            "updated_at": tx.at, "created_by": tx.actor.account_id, "created_by_name": tx.actor.display_name})
        search.index(tx, incident_id, _search_text(facts, incident_title))
        first = (summary or "").strip() or str(facts.get("description") or "")[:200] or incident_title
        entry_id = _log_call(session, number, facts, first)
        _insert_call(tx, incident_id, facts, first, [], entry_id)
        situation = Situation(grading.level, facts["category"], facts.get("subtype") or "", frozenset(grading.flags))
        for planned in deadlines.plan_received(situation, received, rules):
            obligations.insert_planned(tx, incident_id, planned, rule_set_id)
        obligations.refresh_next_due(tx, incident_id)
        tx.audit("incident.open", "incident", incident_id, after=_audit_view(tx, incident_id))
    return incident_id


def _audit_view(tx: Tx, incident_id: int) -> dict[str, Any]:
    snap = tx.snapshot("incident", incident_id)
    snap.pop("search_text", None)
    snap["grade_label"] = grade_label(snap["grade"])
    snap["obligations"] = [f"{r[0]} {r[1][5:16].replace('T', ' ')}" for r in tx.rows(
        "SELECT label, due_at FROM incident_obligation WHERE incident_id = ? AND status = 'open' ORDER BY due_at",
        (incident_id,))]
    return snap


def get_incident(session_or_store: Any, incident_id: int) -> IncidentRow:
    store = getattr(session_or_store, "store", session_or_store)
    row = store.row("SELECT * FROM incident WHERE id = ?", (incident_id,))
    if row is None:
        raise NotFound("事件不存在。")
    return cast(IncidentRow, dict(row))


def _load(tx: Tx, incident_id: int) -> dict[str, Any]:
    row = tx.row("SELECT * FROM incident WHERE id = ?", (incident_id,))
    if row is None:
        raise NotFound("事件不存在。")
    incident = dict(row)
    if incident["voided_at"]:
        raise ValidationError("该事件已作废，不能再修改。")
    return incident


# -- changing facts ---------------------------------------------------------------------------------

def fact_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[list[Any]]:
    """[[field, before, after], …] for every intake field whose value differs."""
    out = []
    for fld in intake_form():
        if fld.key in ("received_at", "channel", "reporter_person_id"):
            continue
        before, after = old.get(fld.key), new.get(fld.key)
        if before != after and not (forms.is_empty(before) and forms.is_empty(after)):
            out.append([fld.key, before, after])
    return out


def describe_changes(changes: list[list[Any]]) -> list[str]:
    """"死亡：2人 → 3人" lines for people."""
    fields = intake_form().fields
    lines = []
    for key, before, after in changes:
        fld = fields.get(key)
        if fld is None:
            continue
        unit = fld.unit if fld.type in ("int", "decimal") else ""
        old = forms.display(fld, before) + (unit if before not in (None, "") else "") or "空"
        new = forms.display(fld, after) + (unit if after not in (None, "") else "") or "空"
        if fld.type in ("textarea",):
            lines.append(f"{fld.label}：已更新")
        else:
            lines.append(f"{fld.label}：{old} → {new}")
    return lines


def _refuse_lowering(tx: Tx, incident: Mapping[str, Any], grade: str, level: str) -> None:
    """Facts that lower the grade or the reporting level (fewer dead, a mark taken off) are a chief's or a
    leader's decision, as an override of the grade is; the note or the call says why."""
    if tx.session.can("incident.manage"):
        return
    for what, before, after in (("事件等级", incident["grade"], grade), ("报送等级", incident["level"], level)):
        if GRADES.index(after) > GRADES.index(before):
            raise PermissionDenied(f"这次修改会把{what}由{grade_label(before)}降为{grade_label(after)}："
                                   "降低等级须由值班长或带班领导办理，并写明理由。")


def _apply_facts(tx: Tx, incident: dict[str, Any], facts: dict[str, Any], reason: str) -> list[str]:
    """Store new facts, re-grade, re-plan when the reporting situation moved. Returns plan changes."""
    current_rules, current_id = rulebook.ensure_in_force_stored(tx)
    grading = current_rules.grade(facts)
    title = incident["title"] if incident["title_custom"] else suggest_title(facts)
    grade = incident["grade"] if incident["grade_override_reason"] else grading.grade
    level = current_rules.level_for(grade, grading.flags)
    _refuse_lowering(tx, incident, grade, level)
    values = {**_columns(facts, grading, title), "title": title, "grade": grade, "level": level,
              "flags": ",".join(grading.flags), "must_report": int(grading.must_report),
              "grading_json": _grading_json(grading, rulebook.in_force(tx.session.store).label),
              "updated_at": tx.at}
    search.index(tx, incident["id"], values["search_text"])
    old_situation = obligations.situation_of(incident)
    new_situation = Situation(level, facts["category"], facts.get("subtype") or "", frozenset(grading.flags))
    changes: list[str] = []
    if old_situation != new_situation or current_id != incident["rule_set_id"]:
        values["rule_set_id"] = current_id
        tx.update("incident", incident["id"], values)
        changes = obligations.replan(tx, {**incident, **values}, new_situation, current_rules, current_id, reason)
    else:
        tx.update("incident", incident["id"], values)
    old_facts = json.loads(incident["facts_json"])
    if any(int(old_facts.get(k) or 0) != int(facts.get(k) or 0) for k in CASUALTY_FIELDS):
        for planned in deadlines.plan_casualties_changed(new_situation, parse_iso(facts["occurred_at"]), tx.now,
                                                         current_rules):
            already = tx.row(
                "SELECT 1 FROM incident_obligation WHERE incident_id = ? AND step = ? AND status = 'open'",
                (incident["id"], planned.step))
            if already is None:
                obligations.insert_planned(tx, incident["id"], planned, current_id)
                changes.append(f"新增：{planned.label}，当日24时前")
        obligations.refresh_next_due(tx, incident["id"])
    return changes


def add_call(session: Session, incident_id: int, call: Mapping[str, Any], *, summary: str,
             changes: Mapping[str, Any] | None = None) -> int:
    """Another call about the incident (a duty-log entry too), optionally with facts it changes."""
    session.require("incident.intake")
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError("请填写本次来电的内容摘要。", field="summary")
    if len(summary) > 1000:
        raise ValidationError("来电摘要过长（最多1000字）。", field="summary")
    form = intake_form()
    call_keys = {f.key for f in call_fields(form)}
    unknown = set(call) - call_keys
    if unknown:
        raise ValidationError(f"来电信息没有这些项：{'、'.join(sorted(unknown))}。")
    if set(changes or {}) & call_keys:
        raise ValidationError("来电时间、来电人等请在来电信息中填写，不作为事件要素修改。")
    now = session.now()
    lookup = forms.Lookup(session.store)
    start = forms.defaults(form, now)
    call_values: dict[str, Any] = {}
    for fld in call_fields(form):
        value = call.get(fld.key, start.get(fld.key))
        if fld.required and forms.is_empty(value if not isinstance(value, str) else value.strip()):
            raise ValidationError(f"请填写“{fld.label}”。", field=fld.key)
        call_values[fld.key] = forms.clean_value(fld, value, lookup)
    received = parse_iso(call_values["received_at"])
    if received > now + FUTURE_TOLERANCE:
        raise ValidationError("来电时间不能晚于当前时间。", field="received_at")
    with session.write() as tx:
        incident = _load(tx, incident_id)
        if received < parse_iso(incident["received_at"]):
            raise ValidationError("来电时间不能早于该事件的首次接报时间。", field="received_at")
        old_facts = json.loads(incident["facts_json"])
        facts = forms.validate(form, {**old_facts, **(changes or {})}, now=now, lookup=lookup)
        changed = fact_changes(old_facts, facts)
        number = incident_number(incident["year"], incident["serial"])
        entry_id = _log_call(session, number, call_values, summary)
        call_id = _insert_call(tx, incident_id, call_values, summary, changed, entry_id)
        plan_changes = _apply_facts(tx, incident, facts, "续接来电后重新研判") if changed else []
        tx.audit("incident.call", "incident", incident_id, before=_slim(incident),
                 after={**_audit_view(tx, incident_id), "call_id": call_id, "call_summary": summary,
                        "changes": describe_changes(changed), "plan_changes": plan_changes})
    return call_id


def update_facts(session: Session, incident_id: int, changes: Mapping[str, Any], *, note: str) -> list[str]:
    """Correct or complete facts without a new call (the note says why). Returns the plan changes.

    Facts as they already are change nothing: nothing is written and there are no plan changes.
    """
    session.require("incident.intake")
    note = (note or "").strip()
    if not note:
        raise ValidationError("修改事件要素须说明原因或信息来源。", field="note")
    now = session.now()
    with session.write() as tx:
        incident = _load(tx, incident_id)
        old_facts = json.loads(incident["facts_json"])
        call_keys = {f.key for f in call_fields()}
        if set(changes) & call_keys - {"reporter_unit", "reporter_name", "reporter_phone", "reporter_person_id"}:
            raise ValidationError("接报时间和接报方式是时限的起点，不能修改；如记录有误，请作废本事件后重新接报。",
                                  field="received_at")
        facts = forms.validate(intake_form(), {**old_facts, **changes}, now=now, lookup=forms.Lookup(session.store))
        changed = fact_changes(old_facts, facts)
        if not changed:
            return []
        plan_changes = _apply_facts(tx, incident, facts, f"修改要素后重新研判（{note}）")
        tx.audit("incident.update", "incident", incident_id, before=_slim(incident),
                 after={**_audit_view(tx, incident_id), "note": note, "changes": describe_changes(changed),
                        "plan_changes": plan_changes})
    return plan_changes


def _slim(incident: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(incident)
    out.pop("search_text", None)
    return out


def set_title(session: Session, incident_id: int, title: str | None) -> bool:
    """A person's own title (None or blank returns to the suggested one). Returns whether it changed."""
    session.require("incident.intake")
    custom = clean_title(title)
    with session.write() as tx:
        incident = _load(tx, incident_id)
        facts = json.loads(incident["facts_json"])
        new_title = custom or suggest_title(facts)
        text = _search_text(facts, new_title)
        values = {"title": new_title, "title_custom": int(custom is not None), "search_text": text}
        changed = tx.update_audited("incident", incident_id, values, op="incident.title", entity="incident",
                                    snapshot=lambda: {"title": tx.get("incident", incident_id)["title"]})
        if changed:
            search.index(tx, incident_id, text)
    return changed


# -- grade override, closing, voiding ---------------------------------------------------------------

def override_grade(session: Session, incident_id: int, grade: str | None, reason: str) -> list[str]:
    """A chief's or leader's decision on the grade (None: back to the computed one). Re-plans."""
    session.require("incident.manage")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError("调整等级须写明理由（至少4个字），例如认定依据。", field="reason")
    code = grade_code(grade) if grade else None
    with session.write() as tx:
        incident = _load(tx, incident_id)
        rules, rule_set_id = rulebook.ensure_in_force_stored(tx)
        new_grade = code or incident["computed_grade"]
        if new_grade == incident["grade"] and bool(code) == bool(incident["grade_override_reason"]):
            raise ValidationError(f"事件等级已是“{grade_label(new_grade)}”。", field="grade")
        flags = tuple(f for f in incident["flags"].split(",") if f)
        level = rules.level_for(new_grade, flags)
        values = {"grade": new_grade, "level": level, "updated_at": tx.at,
                  "grade_override_reason": reason if code and code != incident["computed_grade"] else None,
                  "rule_set_id": rule_set_id}
        tx.update("incident", incident_id, values)
        situation = Situation(level, incident["category"], incident["subtype"], frozenset(flags))
        what = (f"等级由{grade_label(incident['grade'])}调整为{grade_label(new_grade)}")
        changes = obligations.replan(tx, {**incident, **values}, situation, rules, rule_set_id, f"{what}：{reason}")
        tx.audit("incident.grade", "incident", incident_id, before=_slim(incident),
                 after={**_audit_view(tx, incident_id), "reason": reason, "plan_changes": changes})
    return changes


def close_incident(session: Session, incident_id: int, *, closed_at: datetime | None = None, note: str) -> list[str]:
    """处置结束: 续报 stops (instances already overdue stay owed), the 终报 clock starts."""
    session.require("incident.intake")
    note = (note or "").strip()
    if not note:
        raise ValidationError("请简述处置结束的情况（如“现场救援结束，被困人员全部救出”）。", field="note")
    now = session.now()
    moment = to_cst(closed_at) if closed_at else now
    if moment > now + FUTURE_TOLERANCE:
        raise ValidationError("处置结束时间不能晚于当前时间。", field="closed_at")
    with session.write() as tx:
        incident = _load(tx, incident_id)
        if incident["status"] == "closed":
            raise ValidationError("该事件已记录处置结束。")
        if moment < parse_iso(incident["received_at"]):
            raise ValidationError("处置结束时间不能早于接报时间。", field="closed_at")
        rules, rule_set_id = rulebook.ensure_in_force_stored(tx)
        values = {"status": "closed", "closed_at": iso(moment), "close_note": note, "updated_at": tx.at}
        tx.update("incident", incident_id, values)
        changes = obligations.replan(tx, {**incident, **values}, obligations.situation_of(incident), rules,
                                     rule_set_id, "处置结束")
        tx.audit("incident.close", "incident", incident_id, before=_slim(incident),
                 after={**_audit_view(tx, incident_id), "plan_changes": changes})
    return changes


def reopen_incident(session: Session, incident_id: int, reason: str) -> list[str]:
    """事态反复: back to 处置中; 续报 restarts, an open 终报 obligation is withdrawn."""
    session.require("incident.manage")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError("重新开启须写明理由（至少4个字）。", field="reason")
    with session.write() as tx:
        incident = _load(tx, incident_id)
        if incident["status"] != "closed":
            raise ValidationError("该事件仍在处置中。")
        rules, rule_set_id = rulebook.ensure_in_force_stored(tx)
        values = {"status": "open", "closed_at": None, "close_note": None, "updated_at": tx.at}
        tx.update("incident", incident_id, values)
        changes = obligations.replan(tx, {**incident, **values}, obligations.situation_of(incident), rules,
                                     rule_set_id, f"重新开启：{reason}")
        tx.audit("incident.reopen", "incident", incident_id, before=_slim(incident),
                 after={**_audit_view(tx, incident_id), "reason": reason, "plan_changes": changes})
    return changes


def void_incident(session: Session, incident_id: int, reason: str) -> None:
    """A record made in error (重复录入, 误报): voided with its reason, its open clocks ended."""
    session.require("incident.manage")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("作废必须填写原因。", field="reason")
    with session.write() as tx:
        _load(tx, incident_id)
        sent = tx.scalar("SELECT COUNT(*) FROM incident_report WHERE incident_id = ? AND status = 'sent'",
                         (incident_id,))
        if sent:
            raise ValidationError(f"该事件已向上报送 {sent} 份报告，不能作废；如属误报，请报送核报或更正报告说明情况。")
        for row in tx.rows("SELECT id FROM incident_obligation WHERE incident_id = ? AND status = 'open'",
                           (incident_id,)):
            tx.update("incident_obligation", row[0], {"status": "superseded", "ended_at": tx.at,
                                                      "ended_by_name": tx.actor.display_name,
                                                      "ended_reason": f"事件作废：{reason}"})
        tx.void("incident", incident_id, reason, op="incident.void", entity="incident")
        obligations.refresh_next_due(tx, incident_id)


def facts_of(incident: Mapping[str, Any]) -> dict[str, Any]:
    return json.loads(incident["facts_json"])


def grading_of(incident: Mapping[str, Any]) -> IncidentGrading:
    return cast(IncidentGrading, json.loads(incident["grading_json"]))


def rules_of(store: Any, incident: Mapping[str, Any]) -> RuleSet:
    return rulebook.rules_by_id(store, incident["rule_set_id"])

