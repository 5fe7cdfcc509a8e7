"""Reminders of duty, judged at a moment the caller gives (the session's clock): the signed-in person's own
("明天您值班（带班领导）" the day before, "今天您值班…" that day until the duty starts, nothing otherwise), and the
office's look at the next seven days (who is on duty with no phone number, or with leave pending or approved).
The GUI only shows them: at login, in the status bar and in the tray.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dutyroom.clock import short_date, to_cst, weekday_name
from dutyroom.duty.shifts import handover_time, night_from
from dutyroom.roster.leave import KIND_LABELS
from dutyroom.roster.model import slot_label
from dutyroom.store import Store

WATCH_DAYS = 7


@dataclass(frozen=True)
class Reminder:
    key: tuple[int, str]    # (duty id, "eve" or "day"): one notice per duty and stage
    title: str
    text: str


def _start(store: Store, shift: str) -> time:
    return night_from(store) if shift == "night" else handover_time(store)


def duty_reminder(store: Store, person_id: int | None, moment: datetime) -> Reminder | None:
    """The person's reminder at ``moment``: the day before a duty, or on its day before it starts."""
    if person_id is None:
        return None
    moment = to_cst(moment)
    today = moment.date()
    rows = store.rows("SELECT id, duty_date, role, shift FROM duty_assignment WHERE person_id = ? AND voided_at IS NULL"
                      " AND duty_date BETWEEN ? AND ? ORDER BY duty_date, shift = 'night'",
                      (person_id, today.isoformat(), (today + timedelta(days=1)).isoformat()))
    for row in rows:
        day, start = date.fromisoformat(row["duty_date"]), _start(store, row["shift"])
        slot = slot_label(row["role"], row["shift"])
        when = f"{short_date(day)}（{weekday_name(day)}）{start:%H:%M}接班。" + _away_note(store, person_id, day)
        if day == today and moment.time() < start:
            return Reminder((row["id"], "day"), "值班提醒", f"今天您值班（{slot}），{when}")
        if day == today + timedelta(days=1):
            return Reminder((row["id"], "eve"), "值班提醒", f"明天您值班（{slot}），{when}")
    return None


def _away_note(store: Store, person_id: int, day: date) -> str:
    """A duty still held on a day of approved leave: the person is told the 代班 is not settled yet."""
    away = store.scalar("SELECT COUNT(*) FROM roster_absence WHERE person_id = ? AND voided_at IS NULL"
                        " AND start_date <= ? AND end_date >= ?", (person_id, day.isoformat(), day.isoformat()))
    return "您当日已登记请假/外出，代班尚未落实，请与办公室联系。" if away else ""


@dataclass(frozen=True)
class WatchItem:
    day: date
    slot: str
    person_id: int
    name: str
    problems: list[str]       # 无联系电话 / 请假待审批（第3号） / 已批准请假，尚未代班

    @property
    def text(self) -> str:
        return f"{short_date(self.day)} {self.slot} {self.name}：" + "；".join(self.problems)


def office_watch(store: Store, today: date, days: int = WATCH_DAYS) -> list[WatchItem]:
    """Duties in force from ``today`` for ``days`` days whose holder has no phone number, asked for leave
    that is not decided yet, or is away on approved leave while still holding the duty."""
    last = today + timedelta(days=days - 1)
    rows = store.rows(
        "SELECT a.duty_date, a.role, a.shift, a.person_id, p.name,"
        " (SELECT COUNT(*) FROM person_phone f WHERE f.person_id = p.id) AS phones"
        " FROM duty_assignment a JOIN person p ON p.id = a.person_id"
        " WHERE a.voided_at IS NULL AND a.duty_date BETWEEN ? AND ?"
        " ORDER BY a.duty_date, a.role, a.shift, a.position", (today.isoformat(), last.isoformat()))
    out = []
    for row in rows:
        problems = [] if row["phones"] else ["无联系电话"]
        for leave in store.rows("SELECT id, kind, status FROM leave_request WHERE person_id = ?"
                                " AND status IN ('pending', 'approved') AND start_date <= ? AND end_date >= ?",
                                (row["person_id"], row["duty_date"], row["duty_date"])):
            word = KIND_LABELS[leave["kind"]]
            problems.append(f"{word}待审批（第{leave['id']}号）" if leave["status"] == "pending"
                            else f"已批准{word}（第{leave['id']}号），尚未代班")
        if not any(p.startswith("已批准") for p in problems):
            away = store.row("SELECT kind FROM roster_absence WHERE person_id = ? AND voided_at IS NULL"
                             " AND start_date <= ? AND end_date >= ?",
                             (row["person_id"], row["duty_date"], row["duty_date"]))
            if away is not None:
                problems.append("已登记请假/外出，尚未代班")
        if problems:
            out.append(WatchItem(date.fromisoformat(row["duty_date"]), slot_label(row["role"], row["shift"]),
                                 row["person_id"], row["name"], problems))
    return out
