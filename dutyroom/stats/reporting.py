"""信息报送 figures for a period: incidents by category and grade over time, and the 及时率 of the four upward
steps (电话, 首报, 续报, 终报) over time against the target.

Timeliness counts as the monthly 及时率 statistics do (``incidents.stats``): obligations due in the period; met
by the due time is on time, met later or still open after it is late; waived ones and those not yet due are
left out of the rate.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dutyroom import settings
from dutyroom.clock import iso
from dutyroom.incidents.rules import GRADE_LABELS, GRADES
from dutyroom.incidents.stats import Tally
from dutyroom.incidents.taxonomy import taxonomy
from dutyroom.stats.period import Period
from dutyroom.store import Store

# The steps of the upward chain whose timeliness is reported, and their short names.
STEPS: dict[str, str] = {"phone_report": "电话", "written_initial": "首报", "followup": "续报", "final": "终报"}
OUTCOMES = ("on_time", "late", "pending", "waived")


def bucket_sql(column: str, period: Period) -> str:
    """The SQL expression of a timestamp's bucket (date or month, Beijing time as stored)."""
    return f"substr({column}, 1, {10 if period.by_day else 7})"


@dataclass
class ReportingFigures:
    period: Period
    buckets: list[str]
    categories: list[str]
    by_category: dict[str, Counter[str]]                 # bucket -> category -> incidents
    by_grade: dict[str, Counter[str]]                    # bucket -> grade -> incidents
    timeliness: dict[str, dict[str, Tally]]              # step -> bucket -> tally
    target: float                                        # 0..1
    late: list[dict[str, Any]] = field(default_factory=list)

    @property
    def incidents(self) -> int:
        return sum(sum(c.values()) for c in self.by_category.values())

    def step_total(self, step: str) -> Tally:
        total = Tally()
        for tally in self.timeliness.get(step, {}).values():
            for outcome in OUTCOMES:
                setattr(total, outcome, getattr(total, outcome) + getattr(tally, outcome))
        return total

    def as_json(self) -> dict[str, Any]:
        return {
            "incidents": self.incidents,
            "by_month" if not self.period.by_day else "by_day": [
                {"bucket": b, "total": sum(self.by_category[b].values()),
                 "by_category": {c: n for c, n in self.by_category[b].items() if n},
                 "by_grade": {GRADE_LABELS[g]: n for g, n in self.by_grade[b].items() if n}} for b in self.buckets],
            "timeliness": {
                "target": self.target,
                "steps": {step: {"label": label, "total": self.step_total(step).as_json(),
                                 "by_bucket": [{"bucket": b, **self.timeliness[step][b].as_json()} for b in self.buckets]}
                          for step, label in STEPS.items()},
                "late": self.late},
        }


def reporting_figures(store: Store, period: Period, now: datetime) -> ReportingFigures:
    start, end = period.start_iso(), period.end_iso()
    buckets = period.buckets()
    by_category: dict[str, Counter[str]] = {b: Counter() for b in buckets}
    by_grade: dict[str, Counter[str]] = {b: Counter() for b in buckets}
    known = list(taxonomy().categories)
    seen: set[str] = set()
    for bucket, category, grade, count in store.rows(
            f"SELECT {bucket_sql('received_at', period)}, category, grade, COUNT(*) FROM incident"
            " WHERE voided_at IS NULL AND received_at >= ? AND received_at < ? GROUP BY 1, 2, 3", (start, end)):
        by_category[bucket][category] += count
        by_grade[bucket][grade] += count
        seen.add(category)
    categories = [c for c in known if c in seen] + sorted(seen - set(known))
    timeliness: dict[str, dict[str, Tally]] = {step: {b: Tally() for b in buckets} for step in STEPS}
    steps = list(STEPS)
    for bucket, step, outcome, count in store.rows(
            f"SELECT {bucket_sql('o.due_at', period)}, o.step, {outcome_sql()}, COUNT(*) FROM incident_obligation o"
            " JOIN incident i ON i.id = o.incident_id WHERE i.voided_at IS NULL AND o.due_at >= ? AND o.due_at < ?"
            f" AND o.status IN ('open', 'met', 'waived') AND o.step IN ({','.join('?' * len(steps))})"
            " GROUP BY 1, 2, 3", (iso(now), start, end, *steps)):
        tally = timeliness[step][bucket]
        setattr(tally, outcome, getattr(tally, outcome) + count)
    target = int(settings.get(store, "stats.timeliness_target")) / 100
    return ReportingFigures(period, buckets, categories, by_category, by_grade, timeliness, target,
                            late_items(store, period, now))


def outcome_sql() -> str:
    """An obligation's outcome as of the first parameter (now): on time, late, pending or waived."""
    return ("CASE WHEN o.status = 'waived' THEN 'waived' WHEN o.status = 'met' AND o.met_at <= o.due_at THEN 'on_time'"
            " WHEN o.status = 'met' THEN 'late' WHEN o.due_at < ?1 THEN 'late' ELSE 'pending' END")


def late_items(store: Store, period: Period, now: datetime, *, step: str | None = None,
               bucket: str | None = None) -> list[dict[str, Any]]:
    """The late obligations behind the timeliness figures (optionally of one step and bucket)."""
    where = ["i.voided_at IS NULL", "o.due_at >= ?2", "o.due_at < ?3",
             "((o.status = 'met' AND o.met_at > o.due_at) OR (o.status = 'open' AND o.due_at < ?1))"]
    params: list[Any] = [iso(now), period.start_iso(), period.end_iso()]
    if step is None:
        where.append(f"o.step IN ({','.join(repr(s) for s in STEPS)})")
    else:
        params.append(step)
        where.append(f"o.step = ?{len(params)}")
    if bucket is not None:
        params.append(bucket)
        where.append(f"{bucket_sql('o.due_at', period)} = ?{len(params)}")
    rows = store.rows(
        "SELECT i.id, i.year, i.serial, i.title, i.grade, o.step, o.label, o.due_at, o.met_at, o.status"
        f" FROM incident_obligation o JOIN incident i ON i.id = o.incident_id WHERE {' AND '.join(where)}"
        " ORDER BY o.due_at, o.id", params)
    out = []
    for r in rows:
        finished = datetime.fromisoformat(r["met_at"]) if r["met_at"] else now
        minutes = round((finished - datetime.fromisoformat(r["due_at"])).total_seconds() / 60)
        out.append({"incident_id": r["id"], "number": f"{r['year']}-{r['serial']:03d}", "title": r["title"],
                    "grade": GRADE_LABELS[r["grade"]], "step": r["step"], "step_label": STEPS.get(r["step"], r["label"]),
                    "due_at": r["due_at"], "met_at": r["met_at"], "late_minutes": minutes,
                    "still_open": r["status"] == "open"})
    return out


def grade_names() -> list[tuple[str, str]]:
    return [(g, GRADE_LABELS[g]) for g in GRADES]

