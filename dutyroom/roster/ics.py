"""A person's duties as an iCalendar file (RFC 5545) for phones and Outlook: one event per duty."""

from __future__ import annotations

from datetime import UTC, date, datetime

from dutyroom import settings
from dutyroom.duty.shifts import handover_time, night_from, parts_on, shift_on
from dutyroom.errors import ValidationError
from dutyroom.roster.model import slot_label
from dutyroom.store import Store

PRODID = "-//DutyRoom//值班室//ZH"


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continuation lines starting with a space (never splitting a character)."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def find_person(store: Store, who: str) -> tuple[int, str]:
    who = (who or "").strip()
    if who.isdigit():
        row = store.row("SELECT id, name FROM person WHERE id = ?", (int(who),))
        if row:
            return row[0], row[1]
    rows = store.rows("SELECT id, name FROM person WHERE name = ? AND voided_at IS NULL", (who,))
    if not rows:
        raise ValidationError(f"找不到人员“{who}”。")
    if len(rows) > 1:
        raise ValidationError(f"有{len(rows)}人名为“{who}”，请改用人员编号：" + "、".join(str(r[0]) for r in rows))
    return rows[0][0], rows[0][1]


def person_calendar(store: Store, who: str | int, *, year: int | None = None, now: datetime) -> bytes:
    person_id, name = find_person(store, str(who))
    where = "a.person_id = ? AND a.voided_at IS NULL"
    params: list[int | str] = [person_id]
    if year:
        where += " AND a.duty_date BETWEEN ? AND ?"
        params += [date(year, 1, 1).isoformat(), date(year, 12, 31).isoformat()]
    rows = store.rows(f"SELECT a.* FROM duty_assignment a WHERE {where} ORDER BY a.duty_date", params)
    handover, night_start = handover_time(store), night_from(store)
    org_name, phone = settings.get(store, "org.name"), settings.get(store, "duty.phone")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{_escape(name + '的值班')}", "X-WR-TIMEZONE:Asia/Shanghai"]
    stamp = _utc(now)
    for row in rows:
        day = date.fromisoformat(row["duty_date"])
        shift = shift_on(day, handover)
        if row["shift"] in ("day", "night"):
            shift = parts_on(day, handover, night_start)[row["shift"] == "night"]
        role = slot_label(row["role"], row["shift"])
        team = store.rows("SELECT a.role, a.shift, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
                          " WHERE a.duty_date = ? AND a.voided_at IS NULL ORDER BY a.role, a.shift, a.position",
                          (row["duty_date"],))
        detail = "；".join(f"{slot_label(r[0], r[1])}：{r[2]}" for r in team)
        if phone:
            detail += f"。值班电话：{phone}"
        summary = f"{role}值班" + ("（调）" if row["note"] == "调" else "")
        lines += ["BEGIN:VEVENT", f"UID:duty-{row['id']}@dutyroom", f"DTSTAMP:{stamp}",
                  f"DTSTART:{_utc(shift.start)}", f"DTEND:{_utc(shift.end)}", f"SUMMARY:{_escape(summary)}",
                  f"LOCATION:{_escape(org_name + '值班室')}", f"DESCRIPTION:{_escape(detail)}",
                  "BEGIN:VALARM", "ACTION:DISPLAY", f"DESCRIPTION:{_escape(('今日' if row['shift'] == 'night' else '明日') + summary)}",
                  "TRIGGER:-PT8H" if row["shift"] == "night" else "TRIGGER:-PT15H", "END:VALARM", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return ("\r\n".join(folded) + "\r\n").encode("utf-8")
