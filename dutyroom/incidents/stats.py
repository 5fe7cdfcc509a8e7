"""Timeliness (及时率) per month: obligations due in the month, on time or late, by grade and by step.

Met by the due time: on time. Met after it, or still open after it: late. Waived obligations are shown
apart and do not count; obligations still running (due later) are "pending".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dutyroom.clock import CST, iso, parse_iso
from dutyroom.incidents.rules import GRADE_LABELS, GRADES
from dutyroom.store import Store


@dataclass
class Tally:
    on_time: int = 0
    late: int = 0
    pending: int = 0
    waived: int = 0

    @property
    def counted(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> float | None:
        return self.on_time / self.counted if self.counted else None

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate:.1%}"

    def as_json(self) -> dict[str, Any]:
        return {"on_time": self.on_time, "late": self.late, "pending": self.pending, "waived": self.waived,
                "rate": None if self.rate is None else round(self.rate, 4)}


@dataclass
class Timeliness:
    year: int
    month: int
    total: Tally = field(default_factory=Tally)
    by_grade: dict[str, Tally] = field(default_factory=dict)
    by_step: dict[str, Tally] = field(default_factory=dict)     # step label -> tally
    late_items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.year}年{self.month}月信息报送及时率"

    def as_json(self) -> dict[str, Any]:
        return {"year": self.year, "month": self.month, "total": self.total.as_json(),
                "by_grade": {GRADE_LABELS[g]: t.as_json() for g, t in self.by_grade.items()},
                "by_step": {s: t.as_json() for s, t in self.by_step.items()}, "late": self.late_items}


def month_bounds(year: int, month: int) -> tuple[str, str]:
    first = datetime(year, month, 1, tzinfo=CST)
    following = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=CST)
    return iso(first), iso(following)


def timeliness(store: Store, year: int, month: int, now: datetime) -> Timeliness:
    start, end = month_bounds(year, month)
    rows = store.rows(
        "SELECT o.step, o.label, o.status, o.due_at, o.met_at, o.met_by_name, i.grade, i.year, i.serial, i.title"
        " FROM incident_obligation o JOIN incident i ON i.id = o.incident_id"
        " WHERE i.voided_at IS NULL AND o.due_at >= ? AND o.due_at < ? AND o.status IN ('open', 'met', 'waived')"
        " ORDER BY o.due_at", (start, end))
    result = Timeliness(year, month, by_grade={g: Tally() for g in GRADES})
    steps: dict[str, Tally] = defaultdict(Tally)
    for r in rows:
        due = parse_iso(r["due_at"])
        if r["status"] == "waived":
            outcome = "waived"
        elif r["status"] == "met":
            outcome = "on_time" if parse_iso(r["met_at"]) <= due else "late"
        else:
            outcome = "late" if due < now else "pending"
        for tally in (result.total, result.by_grade[r["grade"]], steps[r["label"]]):
            setattr(tally, outcome, getattr(tally, outcome) + 1)
        if outcome == "late":
            minutes = round(((parse_iso(r["met_at"]) if r["met_at"] else now) - due).total_seconds() / 60)
            result.late_items.append({"number": f"{r['year']}-{r['serial']:03d}", "title": r["title"],
                                      "step": r["label"], "due_at": r["due_at"], "met_at": r["met_at"],
                                      "late_minutes": minutes, "grade": GRADE_LABELS[r["grade"]],
                                      "still_open": r["status"] == "open"})
    result.by_step = dict(steps)
    return result


def months_with_data(store: Store) -> list[date]:
    rows = store.rows("SELECT DISTINCT substr(due_at, 1, 7) FROM incident_obligation ORDER BY 1 DESC")
    return [date(int(r[0][:4]), int(r[0][5:7]), 1) for r in rows if r[0]]
