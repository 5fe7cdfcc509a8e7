"""The report chain: 首报 → 续报一、续报二 … → 终报, 核报 on request; draft → 签发 → 报送 → 电话确认.

Report content follows resources/forms/report.json: a draft is pre-filled from the incident's facts,
and a 续报 only with what changed since the last report sent. Only a leader signs off; only a signed
report can be recorded as sent; a sent report never changes (the database refuses it) — a correction
is a new report. Sending a report meets the obligations it answers (书面首报, 续报, 终报 …).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any, cast

from dutyroom import settings
from dutyroom.clock import FUTURE_TOLERANCE, iso, parse_iso, to_cst
from dutyroom.duty.board import shift_roster
from dutyroom.duty.shifts import handover_time, shift_at
from dutyroom.errors import InvalidFields, NotFound, PermissionDenied, Problems, ValidationError
from dutyroom.incidents import forms, intake, obligations
from dutyroom.incidents.models import ReportRow
from dutyroom.session import Session, Tx
from dutyroom.store import Reader, Store

REPORT_FORM = "report"


class ReportKind(StrEnum):
    """A report's place in the chain; the form files (resources/forms/report.json, disaster.json) give
    each its label and what it holds."""
    INITIAL = "initial"             # 首报 (灾情初报)
    FOLLOWUP = "followup"           # 续报一、续报二 …
    FINAL = "final"                 # 终报 (信息专报 only)
    VERIFICATION = "verification"   # 核报


class ReportStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    SENT = "sent"


class ReportForm(StrEnum):
    SPECIAL = "special"             # 信息专报
    DISASTER = "disaster"           # 灾情报告


def _kind_labels(form: str, prefix: str = "") -> dict[str, str]:
    """The kinds a form file defines, with their labels, in its order (a kind the code does not know fails)."""
    return {ReportKind(kind): prefix + spec["label"] for kind, spec in forms.load_form(form).raw["kinds"].items()}


KIND_LABELS = _kind_labels(REPORT_FORM)                   # 首报 续报 终报 核报
DISASTER_KIND_LABELS = _kind_labels("disaster", "灾情")   # 灾情初报 灾情续报 灾情核报
STATUS_LABELS: dict[str, str] = {ReportStatus.DRAFT: "草稿", ReportStatus.SIGNED: "已签发", ReportStatus.SENT: "已报送"}
FORM_LABELS: dict[str, str] = {ReportForm.SPECIAL: "信息专报", ReportForm.DISASTER: "灾情报告"}
SEND_CHANNELS = ("传真", "政务专网", "电子邮件", "应急指挥综合业务系统", "灾情管理系统", "机要交换", "专人送达", "其他")
_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 23 → 二十三 (numbering of 续报)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def report_definition() -> dict[str, Any]:
    return forms.load_form(REPORT_FORM).raw


def kind_spec(kind: str) -> dict[str, Any]:
    kinds = report_definition()["kinds"]
    if kind not in kinds:
        raise ValidationError(f"未知的报告类型：{kind}", field="kind")
    return kinds[kind]


def kind_label(form: str, kind: str, seq: int = 1) -> str:
    if form == "disaster":
        label = DISASTER_KIND_LABELS[kind]
        return f"{label}{cn_number(seq)}" if kind == "followup" else label
    label = KIND_LABELS[kind]
    return f"{label}{cn_number(seq)}" if kind == "followup" else label


# -- reading --------------------------------------------------------------------------------------

def get_report(store: Store, report_id: int) -> ReportRow:
    row = store.row("SELECT * FROM incident_report WHERE id = ?", (report_id,))
    if row is None:
        raise NotFound("报告不存在。")
    return cast(ReportRow, dict(row))


def reports_of(store: Store, incident_id: int, form: str | None = None) -> list[ReportRow]:
    sql = "SELECT * FROM incident_report WHERE incident_id = ?"
    params: list[Any] = [incident_id]
    if form:
        sql += " AND form = ?"
        params.append(form)
    return [cast(ReportRow, dict(r)) for r in store.rows(sql + " ORDER BY id", params)]


def previous_report(reader: Reader, incident_id: int, form: str,
                    before_id: int | None = None) -> ReportRow | None:
    """What the level above last received: the latest sent report, else the latest drafted one."""
    limit = "AND id < ?" if before_id else ""
    params: list[Any] = [incident_id, form] + ([before_id] if before_id else [])
    row = reader.row(f"SELECT * FROM incident_report WHERE incident_id = ? AND form = ? AND voided_at IS NULL"
                     f" AND status = 'sent' {limit} ORDER BY sent_at DESC, id DESC LIMIT 1", params)
    if row is None:
        row = reader.row(f"SELECT * FROM incident_report WHERE incident_id = ? AND form = ? AND voided_at IS NULL"
                         f" {limit} ORDER BY id DESC LIMIT 1", params)
    return cast(ReportRow, dict(row)) if row else None


# -- pre-filling ----------------------------------------------------------------------------------------

def _calls_since(reader: Reader, incident_id: int, since: str | None) -> list[dict[str, Any]]:
    rows = reader.rows("SELECT * FROM incident_call WHERE incident_id = ? AND voided_at IS NULL"
                       " AND (? IS NULL OR created_at > ?) ORDER BY received_at, id", (incident_id, since, since))
    return [dict(r) for r in rows]


def _time_of_day(text: str) -> str:
    moment = parse_iso(text)
    return f"{moment.month}月{moment.day}日{moment.hour}时{moment.minute:02d}分"


def changed_print_lines(old_facts: Mapping[str, Any] | None, new_facts: Mapping[str, Any]) -> list[forms.PrintLine]:
    """Printable fact lines whose text differs from the earlier report's."""
    form = intake.intake_form()
    new_lines = forms.print_lines(form, new_facts)
    if old_facts is None:
        return new_lines
    old_text = {line.key: line.text for line in forms.print_lines(form, old_facts)}
    return [line for line in new_lines if old_text.get(line.key) != line.text]


def _changes_text(reader: Reader, incident_id: int, previous: ReportRow | None) -> str:
    """What came in since the last report: each new call in one sentence (the changed facts print in
    their own section, beside what the last report said)."""
    if previous is None:
        return ""
    since = previous.get("sent_at") or previous.get("created_at")
    return "\n".join(f"{_time_of_day(c['received_at'])}，{c['reporter_unit']}{c['reporter_name']}报告："
                     f"{c['summary'].rstrip('。')}。" for c in _calls_since(reader, incident_id, since))


def _prefill(reader: Reader, incident: Mapping[str, Any], kind: str,
             previous: ReportRow | None) -> dict[str, str]:
    form = intake.intake_form()
    facts = intake.facts_of(incident)
    old_facts = json.loads(previous["facts_json"]) if previous else None
    body: dict[str, str] = {}
    for section in kind_spec(kind)["sections"]:
        if section.get("type") == "facts":
            continue
        key = section["key"]
        text = ""
        if "prefill" in section:
            spec = section["prefill"]
            refs = forms.referenced(spec)
            if section.get("only_changed") and old_facts is not None and \
                    all(old_facts.get(r) == facts.get(r) for r in refs):
                text = ""
            else:
                text = forms.render(spec, facts, form)
        elif section.get("prefill_from") == "changes":
            text = _changes_text(reader, incident["id"], previous)
        elif section.get("prefill_from") == "request":
            rows = reader.rows("SELECT recipient, note FROM incident_obligation WHERE incident_id = ?"
                               " AND step = 'verification' AND status = 'open' ORDER BY due_at", (incident["id"],))
            text = "\n".join(f"{r[0]}要求核报：{r[1]}" for r in rows)
        if not text and section.get("default"):
            text = section["default"]
        body[key] = text
    return body


def _addressee(store: Store) -> str:
    return str(settings.get(store, "incidents.addressee"))


def _title(incident: Mapping[str, Any], kind: str, seq: int) -> str:
    """地点 + 类型 + 伤亡 + 进展 from the incident's title, the 进展 said by the kind where it has its own (a 终报:
    处置工作已结束) in place of the one the title carried at intake."""
    spec = kind_spec(kind)
    title = incident["title"]
    progress = spec.get("progress")
    if progress:
        said = [choice for choice in intake.intake_form().field("progress").choices if title.endswith(f"，{choice}")]
        title = (title[: -len(said[0]) - 1] if said else title) + f"，{progress}"
    return spec.get("title", "{title}").replace("{title}", title).replace("{seq}", cn_number(seq))


# -- drafting -------------------------------------------------------------------------------------------

def _next_seq(reader: Reader, incident_id: int, form: str, kind: str) -> int:
    return int(reader.scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM incident_report WHERE incident_id = ? AND form = ?"
                             " AND kind = ? AND voided_at IS NULL AND corrects_id IS NULL",
                             (incident_id, form, kind)))


def _check_kind_allowed(reader: Reader, incident: Mapping[str, Any], form: str, kind: str) -> None:
    existing = {(r[0]) for r in reader.rows(
        "SELECT kind FROM incident_report WHERE incident_id = ? AND form = ? AND voided_at IS NULL AND corrects_id IS NULL",
        (incident["id"], form))}
    first = "首报" if form == "special" else "灾情初报"
    if kind == "initial" and "initial" in existing:
        raise ValidationError(f"该事件已有{first}；新情况请起草续报，报错的请对已报送的报告起草更正。", field="kind")
    if kind in ("followup", "final") and "initial" not in existing:
        raise ValidationError(f"请先起草并报送{first}。", field="kind")
    if kind == "final":
        if incident["status"] != "closed":
            raise ValidationError("事件尚未记录处置结束，不能起草终报；请先在事件中记录“处置结束”。", field="kind")
        if "final" in existing:
            raise ValidationError("该事件已有终报；如需更正，请对已报送的终报起草更正。", field="kind")


def create_report(session: Session, incident_id: int, kind: str) -> int:
    """A 信息专报 draft of the given kind, pre-filled from the incident."""
    session.require("incident.intake")
    if kind not in KIND_LABELS:
        raise ValidationError(f"未知的报告类型：{kind}", field="kind")
    with session.write() as tx:
        incident = _incident_for_report(tx, incident_id)
        _check_kind_allowed(tx, incident, "special", kind)
        previous = previous_report(tx, incident_id, "special")
        seq = _next_seq(tx, incident_id, "special", kind)
        report_id = tx.insert("incident_report", {
            "incident_id": incident_id, "form": "special", "kind": kind, "seq": seq,
            "title": _title(incident, kind, seq), "addressee": _addressee(session.store),
            "body_json": json.dumps(_prefill(tx, incident, kind, previous), ensure_ascii=False),
            "facts_json": incident["facts_json"], "previous_id": previous["id"] if previous else None,
            "status": "draft", "drafted_by": tx.actor.account_id, "drafted_by_name": tx.actor.display_name,
            "created_at": tx.at, "updated_at": tx.at})
        tx.audit("report.draft", "incident_report", report_id, after=tx.snapshot("incident_report", report_id))
    return report_id


def _incident_for_report(tx: Tx, incident_id: int) -> dict[str, Any]:
    row = tx.row("SELECT * FROM incident WHERE id = ?", (incident_id,))
    if row is None:
        raise NotFound("事件不存在。")
    if row["voided_at"]:
        raise ValidationError("该事件已作废，不能起草报告。")
    return dict(row)


def _draft(tx: Tx, report_id: int) -> dict[str, Any]:
    report = tx.snapshot("incident_report", report_id)
    if report["voided_at"]:
        raise ValidationError("该报告已作废。")
    if report["status"] == "sent":
        raise ValidationError("已报送的报告不能修改；如需更正，请起草更正报告。")
    if report["status"] == "signed":
        raise ValidationError("已签发的报告不能修改；如需修改，请带班领导先撤回签发。")
    return report


def clean_body(report: Mapping[str, Any], body: Mapping[str, Any]) -> dict[str, Any]:
    if report["form"] == "disaster":
        from dutyroom.incidents import disaster

        return disaster.clean_body(body)
    sections = {s["key"]: s for s in kind_spec(report["kind"])["sections"] if s.get("type") != "facts"}
    unknown = set(body) - set(sections)
    if unknown:
        raise ValidationError(f"报告没有这些段落：{'、'.join(sorted(unknown))}。")
    out = {}
    problems = Problems()
    for key, section in sections.items():
        text = str(body.get(key, "") or "").strip()
        if len(text) > 8000:
            problems.add(ValidationError(f"“{section.get('heading') or '结尾'}”过长（最多8000字）。", field=key))
        out[key] = text
    problems.raise_any()
    return out


def clean_draft(report: Mapping[str, Any], *, body: Mapping[str, Any] | None = None, title: str | None = None,
                addressee: str | None = None) -> dict[str, Any]:
    """A draft's edited parts as they will be stored; every problem refused at once."""
    values: dict[str, Any] = {}
    problems = Problems()
    if body is not None:
        cleaned: dict[str, Any] = problems.check(clean_body, report, body, default={})
        values["body_json"] = json.dumps(cleaned, ensure_ascii=False)
    if title is not None:
        values["title"] = " ".join(title.split())
        if not values["title"]:
            problems.add(ValidationError("报告标题不能为空。", field="title"))
        elif len(values["title"]) > 150:
            problems.add(ValidationError("报告标题过长（最多150字）。", field="title"))
    if addressee is not None:
        values["addressee"] = " ".join(addressee.split())
        if len(values["addressee"]) > 100:
            problems.add(ValidationError("主送单位过长（最多100字）。", field="addressee"))
    problems.raise_any()
    return values


def update_report(session: Session, report_id: int, *, body: Mapping[str, Any] | None = None,
                  title: str | None = None, addressee: str | None = None, refresh_facts: bool = False) -> bool:
    """Edit a draft: its sections, title, 主送; ``refresh_facts`` takes the incident's current facts.

    Returns whether anything changed (saving the draft as it is writes nothing).
    """
    session.require("incident.intake")
    with session.write() as tx:
        report = _draft(tx, report_id)
        values = clean_draft(report, body=body, title=title, addressee=addressee)
        if refresh_facts:
            values["facts_json"] = tx.scalar("SELECT facts_json FROM incident WHERE id = ?",
                                             (report["incident_id"],))
        return tx.update_audited("incident_report", report_id, values, op="report.edit", entity="incident_report",
                                 before=report)


def missing_sections(report: Mapping[str, Any], reader: Reader) -> list[str]:
    """Why a report cannot be signed off yet (empty when it can)."""
    return [problem.message for problem in signoff_problems(report, reader)]


def signoff_problems(report: Mapping[str, Any], reader: Reader) -> list[ValidationError]:
    """What keeps a report from being signed off, each naming its section (empty when it can be)."""
    if report["form"] == "disaster":
        from dutyroom.incidents import disaster

        return [ValidationError(text) for text in disaster.signoff_problems(report, reader)]
    body = json.loads(report["body_json"])
    return [ValidationError(f"“{s['heading']}”尚未填写", field=s["key"])
            for s in kind_spec(report["kind"])["sections"]
            if s.get("required") and s.get("type") != "facts" and not str(body.get(s["key"], "")).strip()]


def _on_duty_leader(store: Store, person_id: int | None, moment: datetime) -> bool:
    if person_id is None:
        return False
    roster = shift_roster(store, shift_at(moment, handover_time(store)))
    return any(m.person_id == person_id for m in roster.by_role("leader"))


# -- sign-off, sending ------------------------------------------------------------------------------

def sign_off(session: Session, report_id: int) -> int:
    """签发 by a leader: the content is complete and becomes fixed; the issue number (第N期) is given."""
    session.require("incident.signoff")
    now = session.now()
    on_duty = _on_duty_leader(session.store, session.actor.person_id, now)
    if settings.get(session.store, "incidents.signoff_on_duty_only") and not on_duty:
        raise ValidationError("按本单位设置，只有本班次的带班领导可以签发；您不在本班次带班领导之列。")
    with session.write() as tx:
        report = _draft(tx, report_id)
        problems = signoff_problems(report, tx)
        if problems:
            raise InvalidFields([ValidationError(f"不能签发：{p.message}。", field=p.field) for p in problems])
        number = report["issue_no"]
        year = report["issue_year"] or now.year
        if number is None:
            number = tx.scalar("SELECT COALESCE(MAX(issue_no), 0) + 1 FROM incident_report"
                               " WHERE form = ? AND issue_year = ?", (report["form"], year))
        tx.update("incident_report", report_id, {
            "status": "signed", "signed_by": tx.actor.account_id, "signed_by_name": tx.actor.display_name,
            "signed_at": tx.at, "signed_on_duty": int(on_duty), "issue_year": year, "issue_no": number,
            "updated_at": tx.at})
        tx.audit("report.sign", "incident_report", report_id, before=report,
                 after=tx.snapshot("incident_report", report_id))
    return int(number)


def withdraw_signoff(session: Session, report_id: int, reason: str) -> None:
    """A leader takes a signed (not yet sent) report back to draft; it keeps its issue number."""
    session.require("incident.signoff")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError("撤回签发须写明原因。", field="reason")
    with session.write() as tx:
        report = tx.snapshot("incident_report", report_id)
        if report["status"] != "signed":
            raise ValidationError("只有已签发、尚未报送的报告可以撤回签发。")
        tx.update("incident_report", report_id, {"status": "draft", "signed_by": None, "signed_by_name": None,
                                                 "signed_at": None, "signed_on_duty": None, "updated_at": tx.at})
        tx.audit("report.withdraw", "incident_report", report_id, before=report,
                 after={**tx.snapshot("incident_report", report_id), "reason": reason})


def mark_sent(session: Session, report_id: int, *, to: str, channel: str, sent_at: datetime | None = None) -> list[str]:
    """Record sending: to whom, by which channel, when. Meets the obligations the report answers."""
    session.require("incident.intake")
    to, channel = " ".join((to or "").split()), (channel or "").strip()
    if not to:
        raise ValidationError("请填写报送对象（报给哪个单位）。", field="to")
    if not channel:
        raise ValidationError("请选择报送方式。", field="channel")
    now = session.now()
    moment = to_cst(sent_at) if sent_at else now
    if moment > now + FUTURE_TOLERANCE:
        raise ValidationError("报送时间不能晚于当前时间。", field="sent_at")
    with session.write() as tx:
        report = tx.snapshot("incident_report", report_id)
        if report["voided_at"]:
            raise ValidationError("该报告已作废。")
        if report["status"] == "sent":
            raise ValidationError("该报告已记录报送。")
        if report["status"] != "signed":
            raise ValidationError("该报告尚未经带班领导签发，不能报送。请先签发。")
        if moment < parse_iso(report["signed_at"]) - FUTURE_TOLERANCE:
            raise ValidationError("报送时间不能早于签发时间。", field="sent_at")
        tx.update("incident_report", report_id, {"status": "sent", "sent_at": iso(moment), "sent_by": tx.actor.account_id,
                                                 "sent_by_name": tx.actor.display_name, "sent_to": to,
                                                 "sent_channel": channel, "updated_at": tx.at})
        prefix = "report" if report["form"] == "special" else "disaster"
        met = obligations.meet_by_report(tx, report["incident_id"], f"{prefix}:{report['kind']}", sent_at=moment,
                                         how=channel, to=to, report_id=report_id)
        tx.audit("report.send", "incident_report", report_id, before=report,
                 after={**tx.snapshot("incident_report", report_id), "met": met})
    return met


def confirm_receipt(session: Session, report_id: int, *, confirmed_with: str,
                    confirmed_at: datetime | None = None) -> None:
    """Phone confirmation that the level above received the report: with whom, when, by the acting user."""
    session.require("incident.intake")
    confirmed_with = " ".join((confirmed_with or "").split())
    if not confirmed_with:
        raise ValidationError("请填写对方接收人（单位和姓名）。", field="confirmed_with")
    now = session.now()
    moment = to_cst(confirmed_at) if confirmed_at else now
    if moment > now + FUTURE_TOLERANCE:
        raise ValidationError("确认时间不能晚于当前时间。", field="confirmed_at")
    with session.write() as tx:
        report = tx.snapshot("incident_report", report_id)
        if report["status"] != "sent":
            raise ValidationError("报告尚未报送，不能确认接收。")
        if report["confirmed_at"]:
            raise ValidationError(f"已于{_time_of_day(report['confirmed_at'])}由{report['confirmed_by_name']}电话确认。")
        if moment < parse_iso(report["sent_at"]):
            raise ValidationError("确认时间不能早于报送时间。", field="confirmed_at")
        tx.update("incident_report", report_id, {"confirmed_at": iso(moment),
                                                 "confirmed_by_name": tx.actor.display_name,
                                                 "confirmed_with": confirmed_with})
        tx.audit("report.confirm", "incident_report", report_id, before=report,
                 after=tx.snapshot("incident_report", report_id))


def void_report(session: Session, report_id: int, reason: str) -> None:
    """A draft is voided by whoever drafts reports; a signed report only by a leader (带班领导), as its sign-off."""
    session.require("incident.intake")
    with session.write() as tx:
        report = tx.snapshot("incident_report", report_id)
        if report["status"] == "sent":
            raise ValidationError("已报送的报告不能作废；如内容有误，请起草更正报告。")
        if report["status"] == "signed" and not session.can("incident.signoff"):
            raise PermissionDenied("该报告已经带班领导签发：只有带班领导可以作废已签发的报告（或撤回签发）。")
        tx.void("incident_report", report_id, reason, op="report.void", entity="incident_report")


def correct_report(session: Session, report_id: int) -> int:
    """A correction of a sent report: a new draft of the same kind, carrying the original's content."""
    session.require("incident.intake")
    with session.write() as tx:
        original = tx.snapshot("incident_report", report_id)
        if original["status"] != "sent":
            raise ValidationError("只有已报送的报告需要更正；草稿可直接修改。")
        incident = _incident_for_report(tx, original["incident_id"])
        new_id = tx.insert("incident_report", {
            "incident_id": original["incident_id"], "form": original["form"], "kind": original["kind"],
            "seq": original["seq"], "title": f"{original['title']}（更正）", "addressee": original["addressee"],
            "body_json": original["body_json"], "facts_json": incident["facts_json"],
            "previous_id": original["previous_id"], "corrects_id": report_id, "status": "draft",
            "drafted_by": tx.actor.account_id, "drafted_by_name": tx.actor.display_name, "created_at": tx.at,
            "updated_at": tx.at})
        tx.audit("report.correct", "incident_report", new_id, after=tx.snapshot("incident_report", new_id))
    return new_id
