"""One person's own view of the roster (我的值班): their published duties ahead and the 串班/代班 requests
that concern them. Duty staff request changes for their own duties only; the office approves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.changes import ChangeView, change_views
from dutyroom.roster.model import slot_label
from dutyroom.store import Store

DAYS_AHEAD = 90


@dataclass(frozen=True)
class MyDuty:
    assignment_id: int
    day: date
    role: str
    position: int
    shift: str              # full, or day/night for an officer when the office splits the day
    day_label: str          # 星期一 / 国庆节 / 星期日（上班）
    day_kind: str           # 工作日 / 休息日 / 法定节假日 / 调休上班日
    substitute_for: str     # the person this duty covers (代班), else ''
    pending_change: int | None

    @property
    def role_label(self) -> str:
        return slot_label(self.role, self.shift)


def my_duties(store: Store, person_id: int, today: date, days: int = DAYS_AHEAD) -> list[MyDuty]:
    """The person's published duties from ``today`` on, in date order."""
    last = today + timedelta(days=days)
    rows = store.rows(
        "SELECT a.id, a.duty_date, a.role, a.position, a.shift,"
        " (SELECT c.id FROM roster_change c WHERE c.status = 'pending'"
        "   AND (c.first_assignment_id = a.id OR c.second_assignment_id = a.id)) AS pending,"
        " (SELECT p.name FROM roster_change c JOIN duty_assignment o ON o.id = c.first_assignment_id"
        "   JOIN person p ON p.id = o.person_id WHERE c.status = 'approved' AND c.kind = 'substitution'"
        "   AND c.substitute_id = a.person_id AND o.duty_date = a.duty_date AND o.role = a.role"
        "   AND o.position = a.position AND o.shift = a.shift ORDER BY c.id DESC LIMIT 1) AS covers"
        " FROM duty_assignment a WHERE a.person_id = ? AND a.voided_at IS NULL AND a.duty_date BETWEEN ? AND ?"
        " ORDER BY a.duty_date, a.shift = 'night', a.role, a.position",
        (person_id, today.isoformat(), last.isoformat()))
    calendar = load_calendar(store)
    out = []
    for row in rows:
        info = calendar.info(date.fromisoformat(row["duty_date"]))
        out.append(MyDuty(row["id"], info.day, row["role"], row["position"], row["shift"], info.label, info.kind_label,
                          row["covers"] or "", row["pending"]))
    return out


def my_changes(store: Store, person_id: int, today: date) -> list[ChangeView]:
    """串班/代班 requests that move one of the person's duties or make them cover one, newest first; decided
    ones only while their duty is still ahead."""
    ids = [r[0] for r in store.rows(
        "SELECT DISTINCT c.id FROM roster_change c"
        " JOIN duty_assignment f ON f.id = c.first_assignment_id"
        " LEFT JOIN duty_assignment s ON s.id = c.second_assignment_id"
        " WHERE (f.person_id = :p OR s.person_id = :p OR c.substitute_id = :p)"
        " AND (c.status = 'pending' OR max(f.duty_date, COALESCE(s.duty_date, f.duty_date)) >= :today)",
        {"p": person_id, "today": today.isoformat()})]
    return change_views(store, ids=ids) if ids else []
