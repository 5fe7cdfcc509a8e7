"""灾情 (natural-disaster loss) reports: 初报 / 续报 / 核报 with indicators by township.

Indicators and their "needs an explanation" thresholds come from resources/forms/disaster.json.
Totals are computed, never typed. Each report carries forward the previous report's figures for the
officer to update, shows them beside the new ones, and cannot be signed off while a large jump (or
any drop) lacks its written explanation. Sign-off and sending are those of every report (reports.py).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, cast

from dutyroom import settings
from dutyroom.clock import iso, parse_iso
from dutyroom.errors import ValidationError
from dutyroom.incidents import forms, intake, reports
from dutyroom.incidents.models import ReportRow, Township
from dutyroom.session import Session
from dutyroom.store import Reader, Store

DISASTER = "disaster"


def disaster_form() -> forms.FormDef:
    return forms.load_form(DISASTER)


def header_fields() -> list[forms.Field]:
    return [f for g in disaster_form().groups if g.key == "fields" for f in g.fields]


def indicators() -> list[forms.Field]:
    return [f for g in disaster_form().groups if g.key == "indicators" for f in g.fields]


def townships(store: Store) -> list[Township]:
    return [cast(Township, dict(r)) for r in store.rows(
        "SELECT id, name FROM org_unit WHERE kind = 'township' AND voided_at IS NULL ORDER BY sort_order, id")]


def empty_body() -> dict[str, Any]:
    return {"fields": {}, "figures": {}, "explanations": {}}


def clean_body(body: Mapping[str, Any]) -> dict[str, Any]:
    """Types and ranges are checked on every save; completeness only at sign-off."""
    unknown = set(body) - {"fields", "figures", "explanations"}
    if unknown:
        raise ValidationError(f"灾情报告没有这些部分：{'、'.join(sorted(unknown))}。")
    header = {f.key: f for f in header_fields()}
    fields_in = dict(body.get("fields") or {})
    if set(fields_in) - set(header):
        raise ValidationError(f"灾情报告没有这些项：{'、'.join(sorted(set(fields_in) - set(header)))}。")
    fields = {key: forms.clean_value(fld, fields_in.get(key)) for key, fld in header.items()}
    measures = {f.key: f for f in indicators()}
    figures: dict[str, dict[str, Any]] = {}
    for unit_key, row in dict(body.get("figures") or {}).items():
        try:
            unit_id = str(int(unit_key))
        except (TypeError, ValueError) as exc:
            raise ValidationError(f"乡镇编号“{unit_key}”无效。") from exc
        if set(row) - set(measures):
            raise ValidationError(f"没有这些灾情指标：{'、'.join(sorted(set(row) - set(measures)))}。")
        cleaned = {key: forms.clean_value(fld, row.get(key)) for key, fld in measures.items()}
        for key, fld in measures.items():
            limit = fld.not_more_than
            if limit and cleaned[key] > cleaned[limit]:
                raise ValidationError(f"“{fld.label}”不能大于“{measures[limit].label}”（乡镇编号 {unit_id}）。",
                                      field=key)
        if any(cleaned.values()):
            figures[unit_id] = cleaned
    explanations = {str(k): str(v).strip() for k, v in dict(body.get("explanations") or {}).items()
                    if str(v).strip()}
    if set(explanations) - set(measures):
        raise ValidationError("说明对应的指标不存在。")
    return {"fields": fields, "figures": figures, "explanations": explanations}


def totals(figures: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    out: dict[str, float] = {f.key: 0 for f in indicators()}
    decimals = {f.key: f.decimals for f in indicators()}
    for row in figures.values():
        for key in out:
            out[key] += row.get(key) or 0
    return {key: round(value, decimals[key]) if decimals[key] else int(value) for key, value in out.items()}


@dataclass(frozen=True)
class Jump:
    key: str
    label: str
    unit: str
    before: float
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before

    @property
    def text(self) -> str:
        fld = next(f for f in indicators() if f.key == self.key)
        before = forms.decimal_text(self.before, fld.decimals)
        after = forms.decimal_text(self.after, fld.decimals)
        if self.delta < 0:
            return f"“{self.label}”由{before}{self.unit}减至{after}{self.unit}"
        ratio = f"，增幅{self.delta / self.before:.0%}" if self.before else ""
        return f"“{self.label}”由{before}{self.unit}增至{after}{self.unit}{ratio}"


def jumps(before: Mapping[str, float] | None, after: Mapping[str, float]) -> list[Jump]:
    """Changes since the previous report that need a written explanation (large rises, any drop)."""
    if before is None:
        return []
    found = []
    for fld in indicators():
        old, new = float(before.get(fld.key) or 0), float(after.get(fld.key) or 0)
        if new < old:
            found.append(Jump(fld.key, fld.label, fld.unit, old, new))
            continue
        rule = fld.jump or {}
        min_delta, ratio = float(rule.get("min_delta", 0)), float(rule.get("ratio", 0))
        if new - old >= max(min_delta, 1e-9) and (old == 0 or (new - old) / old >= ratio):
            found.append(Jump(fld.key, fld.label, fld.unit, old, new))
    return found


def previous_body(reader: Reader, report: Mapping[str, Any]) -> dict[str, Any] | None:
    previous = reports.previous_report(reader, report["incident_id"], DISASTER, before_id=report["id"])
    return json.loads(previous["body_json"]) if previous else None


def signoff_problems(report: Mapping[str, Any], reader: Reader) -> list[str]:
    body = json.loads(report["body_json"])
    problems = [f"“{f.label}”尚未填写" for f in header_fields()
                if f.required and forms.is_empty(body["fields"].get(f.key))]
    before = previous_body(reader, report)
    current = totals(body["figures"])
    for jump in jumps(totals(before["figures"]) if before else None, current):
        if not body["explanations"].get(jump.key):
            problems.append(f"{jump.text}，须填写变化说明")
    return problems


def _prefill_fields(incident: Mapping[str, Any], kind: str, now: datetime) -> dict[str, Any]:
    facts = intake.facts_of(incident)
    cut_off = now if kind != "followup" else datetime.combine(now.date(), time(0, 0), tzinfo=now.tzinfo)
    return {"hazard": "", "process_start": facts.get("occurred_at"),
            "cut_off_at": iso(max(cut_off, parse_iso(incident["received_at"]))),
            "summary": str(facts.get("description") or "") if kind == "initial" else ""}


def create_disaster_report(session: Session, incident_id: int, kind: str) -> int:
    """A 灾情 draft: the previous report's figures carried forward (or the incident's own casualties)."""
    session.require("incident.intake")
    if kind not in reports.DISASTER_KIND_LABELS:
        raise ValidationError(f"未知的灾情报告类型：{kind}", field="kind")
    now = session.now()
    with session.write() as tx:
        incident = reports._incident_for_report(tx, incident_id)
        if incident["category"] != "自然灾害":
            raise ValidationError("只有自然灾害事件才报送灾情；其他事件请使用信息专报。", field="kind")
        reports._check_kind_allowed(tx, incident, DISASTER, kind)
        previous = reports.previous_report(tx, incident_id, DISASTER)
        body = empty_body()
        body["fields"] = _prefill_fields(incident, kind, now)
        if previous is not None:
            old = json.loads(previous["body_json"])
            body["figures"] = old["figures"]
            body["fields"]["hazard"] = old["fields"].get("hazard", "")
            body["fields"]["process_start"] = old["fields"].get("process_start") or body["fields"]["process_start"]
        elif incident["township_id"] and (incident["dead"] or incident["missing"]):
            row = {f.key: 0 for f in indicators()}
            row.update({"dead": incident["dead"], "missing": incident["missing"]})
            body["figures"] = {str(incident["township_id"]): row}
        seq = reports._next_seq(tx, incident_id, DISASTER, kind)
        county = settings.get(session.store, "org.county")
        label = reports.kind_label(DISASTER, kind, seq)
        title = f"{county}{incident['subtype'] or '自然灾害'}{label}"
        report_id = tx.insert("incident_report", {
            "incident_id": incident_id, "form": DISASTER, "kind": kind, "seq": seq, "title": title,
            "addressee": settings.get(session.store, "incidents.addressee"),
            "body_json": json.dumps(clean_body(body), ensure_ascii=False), "facts_json": incident["facts_json"],
            "previous_id": previous["id"] if previous else None, "status": "draft",
            "drafted_by": tx.actor.account_id, "drafted_by_name": tx.actor.display_name,
            "created_at": tx.at, "updated_at": tx.at})
        tx.audit("report.draft", "incident_report", report_id, after=tx.snapshot("incident_report", report_id))
    return report_id


@dataclass
class DisasterView:
    """What the editor and the printout show: figures, totals, the previous report beside them."""
    report: ReportRow
    fields: dict[str, Any]
    townships: list[Township]
    figures: dict[str, dict[str, Any]]
    totals: dict[str, float]
    previous: dict[str, dict[str, Any]] | None
    previous_totals: dict[str, float] | None
    previous_label: str
    jumps: list[Jump]
    explanations: dict[str, str]


def view(store: Store, report: Mapping[str, Any]) -> DisasterView:
    body = json.loads(report["body_json"])
    before = previous_body(store, report)
    previous_row = reports.previous_report(store, report["incident_id"], DISASTER, before_id=report["id"])
    current = totals(body["figures"])
    before_totals = totals(before["figures"]) if before else None
    towns = townships(store)
    known = {str(t["id"]) for t in towns}
    for unit_id in body["figures"]:
        if unit_id not in known:
            name = store.scalar("SELECT name FROM org_unit WHERE id = ?", (int(unit_id),)) or f"#{unit_id}"
            towns.append(Township(id=int(unit_id), name=name))
    label = ""
    if previous_row:
        label = reports.kind_label(DISASTER, previous_row["kind"], previous_row["seq"])
    return DisasterView(cast(ReportRow, dict(report)), body["fields"], towns, body["figures"], current,
                        before["figures"] if before else None, before_totals, label,
                        jumps(before_totals, current), body["explanations"])
