"""Publishing: the draft of a date range becomes a numbered version and the duties 今日值班 reads.

The rows the version replaces are voided with the reason, never deleted; every version stays listed.
A range touching a year without a holiday arrangement cannot be published: the office enters the
arrangement first (the calendar is never guessed).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from dutyroom.errors import ValidationError
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.calendar import missing_year_warning
from dutyroom.roster.planning import _check_range, cell_order, draft, draft_quality, scenario_from_store
from dutyroom.session import Session
from dutyroom.store import Store


def publish_blockers(store: Store, first: date, last: date) -> list[str]:
    """What forbids publishing outright (not just a warning to confirm)."""
    calendar = load_calendar(store)
    out = [missing_year_warning(y) for y in calendar.missing_years(first, last)]
    if not draft(store, first, last):
        out.append("该期间还没有排班草稿，请先生成或安排人员。")
    return out


def publish(session: Session, first: date, last: date, *, note: str = "", accept_issues: bool = False) -> int:
    """Publish the draft of ``first``…``last`` as a new version. Returns the version id."""
    session.require("roster.publish")
    _check_range(first, last)
    store = session.store
    blockers = publish_blockers(store, first, last)
    if blockers:
        raise ValidationError("不能发布：" + blockers[0])
    quality = draft_quality(store, first, last)
    if (quality.uncovered or quality.violations) and not accept_issues:
        raise ValidationError("草稿仍有问题：" + "".join(quality.blocking) + "请处理后再发布，或确认后发布。")
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError("发布说明过长（最多200字）。", field="note")
    valid = set(scenario_from_store(store, first, last, pins=False).cells())
    cells = [c for key, c in draft(store, first, last).items() if key in valid]
    with session.write() as tx:
        number = tx.scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM roster_version")
        version_id = tx.insert("roster_version", {
            "number": number, "first_date": first.isoformat(), "last_date": last.isoformat(), "note": note,
            "quality_json": json.dumps(quality.metrics(), ensure_ascii=False), "published_at": tx.at,
            "published_by": session.actor.display_name})
        replaced = tx.rows("SELECT id FROM duty_assignment WHERE voided_at IS NULL AND duty_date BETWEEN ? AND ?",
                           (first.isoformat(), last.isoformat()))
        for row in replaced:
            tx.update("duty_assignment", row[0], {"voided_at": tx.at, "void_reason": f"由排班第{number}版取代"})
        written = []
        for cell in sorted(cells, key=lambda c: cell_order(c.cell)):
            tx.insert("duty_assignment", {
                "duty_date": cell.day.isoformat(), "shift": cell.shift, "role": cell.role, "position": cell.position,
                "person_id": cell.person_id, "source": "roster", "note": "", "created_at": tx.at,
                "roster_version_id": version_id})
            written.append([cell.day.isoformat(), cell.role, cell.position, cell.person_id, cell.name, cell.shift])
        tx.audit("roster.publish", "roster_version", version_id, after={
            **tx.snapshot("roster_version", version_id), "replaced": len(replaced), "assignments": written})
    return version_id


def versions(store: Store, first: date | None = None, last: date | None = None) -> list[dict[str, Any]]:
    where, params = "", []
    if first and last:
        where, params = "WHERE first_date <= ? AND last_date >= ?", [last.isoformat(), first.isoformat()]
    rows = store.rows(f"SELECT v.*, (SELECT COUNT(*) FROM duty_assignment a WHERE a.roster_version_id = v.id"
                      f" AND a.voided_at IS NULL) AS in_force FROM roster_version v {where}"
                      " ORDER BY number DESC", params)
    return [dict(r) for r in rows]
