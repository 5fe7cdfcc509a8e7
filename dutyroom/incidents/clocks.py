"""The open clocks (obligations not yet met) — the one read 今日值班 makes at start-up, so kept light."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from dutyroom.clock import parse_iso
from dutyroom.incidents.rules import GRADE_LABELS as GRADE_LABELS  # pages import it from here too
from dutyroom.store import Store


@dataclass(frozen=True)
class Clock:
    obligation_id: int
    incident_id: int
    number: str
    title: str
    grade: str
    label: str
    due_at: datetime
    recipient: str
    how: str
    meet: str
    acked: frozenset[str]

    def seconds_left(self, now: datetime) -> float:
        return (self.due_at - now).total_seconds()

    def stage(self, now: datetime, warning_minutes: int) -> str:
        left = self.seconds_left(now)
        if left < 0:
            return "overdue"
        if left <= warning_minutes * 60:
            return "soon"
        return "running"


def open_clocks(store: Store) -> list[Clock]:
    """Every open obligation of a live incident, soonest first (uses the partial index on open ones)."""
    rows = store.rows(
        "SELECT o.id, o.incident_id, o.label, o.due_at, o.recipient, o.how, o.meet, i.year, i.serial, i.title, i.grade,"
        " (SELECT group_concat(stage) FROM obligation_alert a WHERE a.obligation_id = o.id) AS acked"
        " FROM incident_obligation o JOIN incident i ON i.id = o.incident_id"
        " WHERE o.status = 'open' AND i.voided_at IS NULL ORDER BY o.due_at, o.id")
    return [Clock(r["id"], r["incident_id"], f"{r['year']}-{r['serial']:03d}", r["title"], r["grade"], r["label"],
                  parse_iso(r["due_at"]), r["recipient"], r["how"], r["meet"],
                  frozenset((r["acked"] or "").split(",")) - {""}) for r in rows]


def countdown_text(seconds: float) -> str:
    """"剩 12分05秒", "剩 1小时05分", "超时 3分10秒" — what the clocks show (never mistakable for a time)."""
    overdue = seconds < 0
    seconds = int(abs(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours >= 24:
        body = f"{hours // 24}天{hours % 24}小时"
    elif hours:
        body = f"{hours}小时{minutes:02d}分"
    else:
        body = f"{minutes}分{secs:02d}秒"
    return ("超时 " if overdue else "剩 ") + body
