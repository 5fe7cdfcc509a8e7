"""Warnings and their notices: entering a warning, changing it (level raised or lowered, content, validity,
townships), lifting it, voiding one entered by mistake.

Each of the first three is a *notice* of its own: written with its duty-log entry (预警信息, the 五要素 of
the room's log) in the same transaction, planned by the relay rules in force, and relayed down a call list
of its own whose clocks start when the duty room received it. A new notice ends the calls of the one before.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from dutyroom.clock import iso, parse_iso, to_cst
from dutyroom.errors import NotFound, ValidationError
from dutyroom.session import Session, Tx
from dutyroom.store import Reader
from dutyroom.warnings.catalog import LEVEL_LABELS, catalogue, check_level, level_code, more_severe
from dutyroom.warnings.relay import FAMILY, Plan
from dutyroom.warnings.targets import TargetDraft, Tree, build_list, phones_json
from dutyroom.warnings.timing import act_time

MAX_SOURCE = 60
MAX_TEXT = 2000


class WarningStatus(StrEnum):
    ACTIVE = "active"       # in force (until lifted; past its validity it shows as 已过有效期)
    LIFTED = "lifted"


class NoticeKind(StrEnum):
    """What a notice of a warning is: the warning itself, a change of level (up, down) or content, the lift."""
    ISSUE = "issue"
    RAISE = "raise"
    LOWER = "lower"
    UPDATE = "update"
    LIFT = "lift"


STATUS_LABELS: dict[str, str] = {WarningStatus.ACTIVE: "生效中", WarningStatus.LIFTED: "已解除"}
NOTICE_KINDS: dict[str, str] = {NoticeKind.ISSUE: "发布", NoticeKind.RAISE: "提升", NoticeKind.LOWER: "降低",
                                NoticeKind.UPDATE: "变更", NoticeKind.LIFT: "解除"}
_UNSET: Any = object()


def warning_number(year: int, serial: int) -> str:
    return f"{year}-{serial:03d}"


@dataclass(frozen=True)
class Relayed:
    """What entering a notice came to: the warning, the notice, its call list and clocks."""
    warning_id: int
    notice_id: int
    number: str
    targets: int                 # people on the list (the 带班领导 included)
    deadline_at: str | None      # everyone answered by
    leader_due_at: str | None    # the 带班领导 told by

    def as_json(self) -> dict[str, Any]:
        return {"id": self.warning_id, "notice_id": self.notice_id, "number": self.number, "targets": self.targets,
                "deadline": self.deadline_at, "leader_deadline": self.leader_due_at}


# -- checking input -----------------------------------------------------------------------------------

def _text(value: Any, label: str, *, field: str, required: bool = True, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError(f"请填写{label}。", field=field)
    if len(text) > limit:
        raise ValidationError(f"{label}过长（最多{limit}字）。", field=field)
    return text


def townships_of(reader: Reader, areas: Sequence[int | str]) -> list[int]:
    """The affected townships as unit ids (names and ids accepted); none given: every township of the county."""
    from dutyroom.contacts.tree import find_unit

    if not areas:
        return [r[0] for r in reader.rows("SELECT u.id FROM org_unit u WHERE u.kind = 'township' AND u.voided_at IS NULL"
                                          " ORDER BY u.sort_order, u.id")]
    found: list[int] = []
    for area in areas:
        if isinstance(area, int):
            unit_id = area
        else:
            name = str(area).strip()
            if not name:
                continue
            unit_id = find_unit(reader, name)   # type: ignore[arg-type]
        row = reader.row("SELECT name, kind, voided_at FROM org_unit WHERE id = ?", (unit_id,))
        if row is None or row["voided_at"]:
            raise ValidationError("所选乡镇不存在或已作废。", field="areas")
        if row["kind"] != "township":
            raise ValidationError(f"“{row['name']}”不是乡镇（街道）：影响范围请选乡镇（街道）。", field="areas")
        if unit_id not in found:
            found.append(unit_id)
    if not found:
        raise ValidationError("请至少选择一个受影响的乡镇（街道）。", field="areas")
    return found


def _valid_until(until: datetime | None, issued: datetime) -> str | None:
    if until is None:
        return None
    until = to_cst(until).replace(microsecond=0)
    if until <= issued:
        raise ValidationError("有效期应晚于发布时间。", field="valid_until")
    return iso(until)


def _issued(issued: datetime | None, received: datetime) -> datetime:
    issued = to_cst(issued).replace(microsecond=0) if issued is not None else received
    if issued > received + timedelta(minutes=1):
        raise ValidationError("发布时间不能晚于接收时间。", field="issued_at")
    if received - issued > timedelta(days=3):
        raise ValidationError("发布时间早于接收时间三天以上，请核对。", field="issued_at")
    return issued


# -- writing a notice and its list -------------------------------------------------------------------------

def write_targets(tx: Tx, notice_id: int, warning_id: int, drafts: list[TargetDraft], plan: Plan,
                  received: datetime) -> list[int]:
    """Insert the drafts in order (seq after what the list holds) and link each away person to their B角."""
    first = int(tx.scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM warning_target WHERE notice_id = ?", (notice_id,)))
    leader_due = iso(received + timedelta(minutes=plan.leader_minutes)) if plan.leader_minutes else None
    rows = [{
        "notice_id": notice_id, "warning_id": warning_id, "seq": first + n, "kind": d.kind, "role": d.role,
        "person_id": d.person.id, "name": d.person.name, "unit": d.unit, "position": d.person.position,
        "phones_json": phones_json(d.phones), "township_id": d.township_id, "township": d.township,
        "reason": d.reason, "away_note": (d.person.away_note or "外出报备") if d.person.away else "",
        "escalation_for": d.escalation_for, "due_at": d.due_at or (leader_due if d.kind == "leader" else None),
        "created_at": tx.at,
    } for n, d in enumerate(drafts)]
    tx.insert_many("warning_target", rows)
    ids = {row[0]: row[1] for row in tx.rows("SELECT seq, id FROM warning_target WHERE notice_id = ? AND seq >= ?",
                                             (notice_id, first))}
    by_draft = {id(d): ids[first + n] for n, d in enumerate(drafts)}
    for draft in drafts:
        if draft.backup is not None and id(draft.backup) in by_draft:
            tx.update("warning_target", by_draft[id(draft)], {"backup_target_id": by_draft[id(draft.backup)]})
    return [by_draft[id(d)] for d in drafts]


def _close_open(tx: Tx, warning_id: int, at: str, reason: str) -> None:
    for notice_id, in tx.rows("SELECT id FROM warning_notice WHERE warning_id = ? AND closed_at IS NULL",
                              (warning_id,)):
        tx.update("warning_notice", notice_id, {"closed_at": at, "closed_reason": reason})
        for target_id, in tx.rows("SELECT id FROM warning_target WHERE notice_id = ? AND claimed_by IS NOT NULL",
                                  (notice_id,)):
            tx.update("warning_target", target_id, {"claimed_by": None, "claimed_by_name": None, "claim_until": None})


@dataclass
class NoticeInput:
    kind: str
    level: str
    issued: datetime
    valid_until: str | None
    received: datetime
    content: str
    measures: str
    townships: list[int]
    persons: list[int] | None = None          # a lift tells again whoever the lifted notice listed
    selectors: tuple[str, ...] = ()


def _write_notice(tx: Tx, warning: dict[str, Any], notice: NoticeInput) -> Relayed:
    rules, rule_set_id = FAMILY.ensure_in_force_stored(tx)
    plan = rules.plan(warning["type"], notice.level, lift=notice.kind == "lift", selectors=notice.selectors)
    received = iso(notice.received)
    seq = int(tx.scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM warning_notice WHERE warning_id = ?", (warning["id"],)))
    deadline = iso(notice.received + timedelta(minutes=plan.deadline_minutes)) if plan.deadline_minutes else None
    notice_id = tx.insert("warning_notice", {
        "warning_id": warning["id"], "seq": seq, "kind": notice.kind, "level": notice.level,
        "issued_at": iso(notice.issued), "valid_until": notice.valid_until, "received_at": received,
        "content": notice.content, "measures": notice.measures, "mode": plan.mode, "rule_set_id": rule_set_id,
        "plan_json": json.dumps(plan.as_json(), ensure_ascii=False), "deadline_at": deadline,
        "created_at": tx.at, "created_by": tx.actor.account_id, "created_by_name": tx.actor.display_name})
    tx.insert_many("warning_notice_area", [{"notice_id": notice_id, "unit_id": unit_id, "sort_order": n}
                                           for n, unit_id in enumerate(notice.townships)])
    tree = Tree(tx, notice.received.date())
    drafts = build_list(tree, rules.selectors, plan, notice.townships, notice.received, persons=notice.persons)
    ids = write_targets(tx, notice_id, warning["id"], drafts, plan, notice.received)
    leader_due = None
    if plan.leader_minutes and any(d.kind == "leader" for d in drafts):
        leader_due = iso(notice.received + timedelta(minutes=plan.leader_minutes))
    entry_id = _log(tx, warning, notice, plan, len(ids), seq)
    tx.update("warning_notice", notice_id, {"log_entry_id": entry_id})
    return Relayed(warning["id"], notice_id, warning_number(warning["year"], warning["serial"]), len(ids), deadline,
                   leader_due)


def _area_text(tx: Tx, townships: list[int]) -> str:
    total = int(tx.scalar("SELECT COUNT(*) FROM org_unit WHERE kind = 'township' AND voided_at IS NULL"))
    if len(townships) == total:
        return "全县各乡镇（街道）"
    names = [r[0] for r in tx.rows(
        f"SELECT name FROM org_unit WHERE id IN ({','.join('?' * len(townships))}) ORDER BY sort_order, id", townships)]
    return "、".join(names)


def _log(tx: Tx, warning: dict[str, Any], notice: NoticeInput, plan: Plan, listed: int, seq: int) -> int:
    """The notice as a 预警信息 entry of the duty log, in the same transaction."""
    from dutyroom.dutylog.entries import record_entry

    kind = catalogue().get(warning["type"])
    level = LEVEL_LABELS[notice.level]
    number = warning_number(warning["year"], warning["serial"])
    previous = LEVEL_LABELS[warning["level"]]
    head = {
        "issue": f"{warning['source_unit']}发布{warning['type']}{level}预警",
        "raise": f"{warning['source_unit']}将{warning['type']}预警由{previous}提升为{level}",
        "lower": f"{warning['source_unit']}将{warning['type']}预警由{previous}降为{level}",
        "update": f"{warning['source_unit']}变更{warning['type']}{level}预警",
        "lift": f"{warning['source_unit']}解除{warning['type']}{level}预警",
    }[notice.kind]
    period = f"{notice.issued:%m月%d日%H:%M}起"
    if notice.valid_until:
        period += f"，有效期至{parse_iso(notice.valid_until):%m月%d日%H:%M}"
    how = "逐一电话叫应" if plan.calls else "发送通知"
    relayed = f"按叫应名单{how}{listed}人（预警{number}第{seq}号通知）" + (
        f"，{plan.deadline_minutes}分钟内全部应答" if plan.deadline_minutes else "")
    detail = notice.content + (f"\n防御措施：{notice.measures}" if notice.measures else "")
    return record_entry(tx.session, "warning", summary=f"{head}：{notice.content}"[:1000], detail=detail[:4000],
                        occurred_at=notice.received, source=f"warning:{warning['id']}",
                        fields={"issuer": warning["source_unit"], "warning_type": kind.log_type, "level": level,
                                "period": period, "area": _area_text(tx, notice.townships), "relayed_to": relayed})


def _snapshot(tx: Tx, warning_id: int) -> dict[str, Any]:
    snap = tx.snapshot("warning", warning_id)
    notice = tx.row("SELECT * FROM warning_notice WHERE warning_id = ? ORDER BY seq DESC LIMIT 1", (warning_id,))
    if notice is not None:
        snap["notice"] = {k: notice[k] for k in ("id", "seq", "kind", "level", "mode", "deadline_at", "closed_at")}
        snap["areas"] = tx.column("SELECT unit_id FROM warning_notice_area WHERE notice_id = ? ORDER BY sort_order",
                                  (notice["id"],))
        snap["targets"] = [dict(r) for r in tx.rows(
            "SELECT id, name, kind, role, status FROM warning_target WHERE notice_id = ? ORDER BY seq", (notice["id"],))]
    return snap


# -- operations ----------------------------------------------------------------------------------------

def new_warning(session: Session, *, type: str, level: str, content: str, source_unit: str = "",  # noqa: A002
                measures: str = "", issued_at: datetime | None = None, valid_until: datetime | None = None,
                areas: Sequence[int | str] = (), at: datetime | None = None) -> Relayed:
    """Enter a warning received now (or ``at``, a few minutes ago): its record, its duty-log entry, its call list."""
    session.require("warning.relay")
    kind = catalogue().get(type)
    code = level_code(level)
    check_level(kind, code)
    source = _text(source_unit or kind.source, "发布单位", field="source_unit", limit=MAX_SOURCE)
    content = _text(content, "预警内容", field="content")
    measures = _text(measures, "防御措施", field="measures", required=False)
    received = act_time(session, at, field="at")
    issued = _issued(issued_at, received)
    until = _valid_until(valid_until, issued)
    with session.write() as tx:
        townships = townships_of(tx, areas)
        year = received.year
        serial = int(tx.scalar("SELECT COALESCE(MAX(serial), 0) + 1 FROM warning WHERE year = ?", (year,)))
        warning_id = tx.insert("warning", {
            "year": year, "serial": serial, "type": kind.name, "level": code, "source_unit": source,
            "issued_at": iso(issued), "valid_until": until, "received_at": iso(received), "content": content,
            "measures": measures, "created_at": tx.at, "updated_at": tx.at, "created_by": tx.actor.account_id,
            "created_by_name": tx.actor.display_name})
        warning = tx.get("warning", warning_id)
        relayed = _write_notice(tx, warning, NoticeInput("issue", code, issued, until, received, content, measures,
                                                         townships))
        tx.audit("warning.new", "warning", warning_id, after=_snapshot(tx, warning_id))
    return relayed


def _active(tx: Tx, warning_id: int) -> dict[str, Any]:
    row = tx.row("SELECT * FROM warning WHERE id = ?", (warning_id,))
    if row is None:
        raise NotFound("预警不存在。")
    if row["voided_at"]:
        raise ValidationError("该预警已作废。")
    if row["status"] == "lifted":
        raise ValidationError("该预警已解除。")
    return dict(row)


def _next_notice(tx: Tx, warning_id: int, received: datetime, what: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The warning still in force and its latest notice, which a new one (``what``: 变更, 解除) may follow."""
    warning = _active(tx, warning_id)
    latest = tx.get("warning_notice", int(tx.scalar(
        "SELECT id FROM warning_notice WHERE warning_id = ? ORDER BY seq DESC LIMIT 1", (warning_id,))))
    if received < parse_iso(latest["received_at"]):
        raise ValidationError(f"{what}的接收时间不能早于上一通知的接收时间。", field="at")
    return warning, latest


def change_warning(session: Session, warning_id: int, *, level: str | None = None, content: str | None = None,
                   measures: str | None = None, valid_until: Any = _UNSET, areas: Sequence[int | str] | None = None,
                   issued_at: datetime | None = None, at: datetime | None = None) -> Relayed:
    """A change of the warning from its source (level raised or lowered, content, validity, townships): a notice
    of its own, relayed down a new list; the calls of the notice before end."""
    session.require("warning.relay")
    received = act_time(session, at, field="at")
    with session.write() as tx:
        warning, latest = _next_notice(tx, warning_id, received, "变更")
        code = level_code(level) if level else warning["level"]
        check_level(catalogue().get(warning["type"]), code)
        issued = _issued(issued_at, received)
        until = warning["valid_until"] if valid_until is _UNSET else _valid_until(valid_until, issued)
        text = _text(content, "预警内容", field="content") if content is not None else warning["content"]
        steps = _text(measures, "防御措施", field="measures", required=False) if measures is not None \
            else warning["measures"]
        current = tx.column("SELECT unit_id FROM warning_notice_area WHERE notice_id = ? ORDER BY sort_order",
                            (latest["id"],))
        townships = townships_of(tx, areas) if areas is not None else current
        if (code, until, text, steps, townships) == (warning["level"], warning["valid_until"], warning["content"],
                                                     warning["measures"], current):
            raise ValidationError("没有变更内容：请修改级别、内容、有效期或影响范围。")
        kind = "raise" if more_severe(code, warning["level"]) else "lower" if more_severe(warning["level"], code) \
            else "update"
        before = _snapshot(tx, warning_id)
        _close_open(tx, warning_id, iso(received), f"已收到{NOTICE_KINDS[kind]}通知")
        relayed = _write_notice(tx, warning, NoticeInput(kind, code, issued, until, received, text, steps, townships))
        tx.update("warning", warning_id, {"level": code, "valid_until": until, "content": text, "measures": steps,
                                          "updated_at": tx.at})
        tx.audit("warning.change", "warning", warning_id, before=before, after=_snapshot(tx, warning_id))
    return relayed


def lift_warning(session: Session, warning_id: int, *, content: str = "", issued_at: datetime | None = None,
                 at: datetime | None = None) -> Relayed:
    """解除: relayed again to everyone the warning's last list named; the warning is no longer in force."""
    session.require("warning.relay")
    received = act_time(session, at, field="at")
    with session.write() as tx:
        warning, latest = _next_notice(tx, warning_id, received, "解除")
        issued = _issued(issued_at, received)
        text = _text(content, "解除内容", field="content", required=False) or \
            f"{warning['source_unit']}解除{warning['type']}{LEVEL_LABELS[warning['level']]}预警。"
        persons = tx.column("SELECT person_id FROM warning_target WHERE notice_id = ? AND kind = 'primary'"
                            " AND person_id IS NOT NULL ORDER BY seq", (latest["id"],))
        townships = tx.column("SELECT unit_id FROM warning_notice_area WHERE notice_id = ? ORDER BY sort_order",
                              (latest["id"],))
        plan = json.loads(latest["plan_json"])
        before = _snapshot(tx, warning_id)
        _close_open(tx, warning_id, iso(received), "预警已解除")
        relayed = _write_notice(tx, warning, NoticeInput("lift", warning["level"], issued, None, received, text, "",
                                                         townships, persons, tuple(plan.get("selectors") or ())))
        tx.update("warning", warning_id, {"status": "lifted", "lifted_at": iso(received), "updated_at": tx.at})
        tx.audit("warning.lift", "warning", warning_id, before=before, after=_snapshot(tx, warning_id))
    return relayed


def void_warning(session: Session, warning_id: int, reason: str) -> None:
    """A warning entered by mistake: voided with the reason, its calls end; it stays in the record."""
    session.require("warning.manage")
    with session.write() as tx:
        row = tx.row("SELECT voided_at FROM warning WHERE id = ?", (warning_id,))
        if row is None:
            raise NotFound("预警不存在。")
        tx.void("warning", warning_id, reason, op="warning.void", entity="warning")
        _close_open(tx, warning_id, tx.at, f"预警已作废：{reason.strip()}")


@dataclass(frozen=True)
class Preview:
    """What entering a warning would plan, before it is entered (the form's preview, the rules page's trial)."""
    plan: Plan
    people: int                  # on the list, the 带班领导 and B角 included
    leader: str                  # the 带班领导 told first ("" when none is on duty)
    by_selector: dict[str, int]  # selector label -> people it names
    away: int                    # people away (their B角 listed first where known)


def preview(reader: Reader, type_name: str, level: str, areas: Sequence[int | str], now: datetime,
            rules: Any = None) -> Preview:
    """The call list a warning would get now under ``rules`` (default: those in force); nothing is written."""
    kind = catalogue().get(type_name)
    code = level_code(level)
    check_level(kind, code)
    rules = rules or FAMILY.rules_in_force(reader)  # type: ignore[arg-type]
    plan = rules.plan(kind.name, code)
    drafts = build_list(Tree(reader, now.date()), rules.selectors, plan, townships_of(reader, areas), now)
    counts: dict[str, int] = {}
    for draft in drafts:
        if draft.kind == "primary":
            for reason in draft.reason.split("、"):
                counts[reason] = counts.get(reason, 0) + 1
    return Preview(plan, len(drafts), "、".join(d.person.name for d in drafts if d.kind == "leader"),
                   {label: counts.get(label, 0) for label in plan.selector_labels},
                   sum(1 for d in drafts if d.kind == "primary" and d.person.away))
