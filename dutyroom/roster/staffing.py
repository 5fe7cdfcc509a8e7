"""Who can be rostered when: absences (请假/出差/培训), join and leave dates, "no night duty",
monthly maximums; and the heightened periods (汛期, 森林防火期, 重要时段) that raise slot counts."""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from typing import Any

from dutyroom.duty.roles import DUTY_ROLES
from dutyroom.errors import ValidationError
from dutyroom.roster.model import ABSENCE_KINDS, MAX_SLOTS_PER_ROLE
from dutyroom.roster.staff import StaffChange, apply_change, validate
from dutyroom.session import Session, Tx
from dutyroom.store import Store


class PeriodKind(StrEnum):
    """A heightened period (加强值班) and why."""
    FLOOD = "flood"
    FIRE = "fire"
    SENSITIVE = "sensitive"
    RESPONSE = "response"
    OTHER = "other"


PERIOD_KINDS: dict[str, str] = {
    PeriodKind.FLOOD: "汛期",
    PeriodKind.FIRE: "森林防火期",
    PeriodKind.SENSITIVE: "重要时段",
    PeriodKind.RESPONSE: "应急响应",
    PeriodKind.OTHER: "其他",
}


def _staff_name(session: Session, person_id: int) -> str:
    row = session.store.row("SELECT name, is_staff, voided_at FROM person WHERE id = ?", (person_id,))
    if row is None or row["voided_at"]:
        raise ValidationError("所选人员不存在或已作废。", field="person")
    if not row["is_staff"]:
        raise ValidationError(f"{row['name']}不是可排班的本局人员。", field="person")
    return row["name"]


def _note(text: str | None) -> str:
    note = (text or "").strip()
    if len(note) > 200:
        raise ValidationError("备注过长（最多200字）。", field="note")
    return note


# -- absences ----------------------------------------------------------------------------------------

def add_absence(session: Session, person_id: int, kind: str, start: date, end: date, note: str = "") -> int:
    session.require("roster.availability")
    if kind not in ABSENCE_KINDS:
        raise ValidationError(f"未知的类型：{kind}", field="kind")
    if end < start:
        raise ValidationError("结束日期早于开始日期。", field="end")
    if (end - start).days > 366:
        raise ValidationError("一次登记最长一年。", field="end")
    name = _staff_name(session, person_id)
    note = _note(note)
    with session.write() as tx:
        return insert_absence(tx, person_id, name, kind, start, end, note)


def insert_absence(tx: Tx, person_id: int, name: str, kind: str, start: date, end: date, note: str) -> int:
    """Write one absence inside an operation's transaction (refused when it overlaps another), audited."""
    overlap = tx.row(
        "SELECT kind, start_date, end_date FROM roster_absence WHERE person_id = ? AND voided_at IS NULL"
        " AND start_date <= ? AND end_date >= ?", (person_id, end.isoformat(), start.isoformat()))
    if overlap:
        raise ValidationError(f"{name}在{overlap['start_date']}至{overlap['end_date']}已登记"
                              f"{ABSENCE_KINDS.get(overlap['kind'], overlap['kind'])}，与本次日期重叠。")
    absence_id = tx.insert("roster_absence", {
        "person_id": person_id, "kind": kind, "start_date": start.isoformat(), "end_date": end.isoformat(),
        "note": note, "created_at": tx.at})
    tx.audit("roster.absence.add", "roster_absence", absence_id,
             after={**tx.snapshot("roster_absence", absence_id), "name": name})
    return absence_id


def void_absence(session: Session, absence_id: int, reason: str) -> None:
    session.require("roster.availability")
    with session.write() as tx:
        tx.void("roster_absence", absence_id, reason, op="roster.absence.void", entity="roster_absence")


def absences(store: Store, first: date | None = None, last: date | None = None) -> list[dict[str, Any]]:
    where, params = "a.voided_at IS NULL", []
    if first and last:
        where += " AND a.start_date <= ? AND a.end_date >= ?"
        params = [last.isoformat(), first.isoformat()]
    rows = store.rows(f"SELECT a.*, p.name FROM roster_absence a JOIN person p ON p.id = a.person_id WHERE {where}"
                      " ORDER BY a.start_date, p.sort_order, p.id", params)
    return [{**dict(r), "kind_label": ABSENCE_KINDS.get(r["kind"], r["kind"])} for r in rows]


# -- per-person roster profile -----------------------------------------------------------------------

def set_profile(session: Session, person_id: int, *, join_date: date | None = None, leave_date: date | None = None,
                no_night: bool = False, max_per_month: int | None = None) -> bool:
    """A person's join and leave dates, "no night duty" and monthly maximum (the 值班人员 model,
    ``roster.staff``). Returns whether anything changed (no profile at all counts as the defaults)."""
    session.require("roster.availability")
    _staff_name(session, person_id)
    change = StaffChange(join_date=join_date, leave_date=leave_date, no_night=no_night,
                         max_per_month=None if max_per_month is None else int(max_per_month))
    validate(change)
    with session.write() as tx:
        return apply_change(tx, person_id, change, op="roster.profile.set")


def profiles(store: Store) -> dict[int, dict[str, Any]]:
    return {r["person_id"]: dict(r) for r in store.rows("SELECT * FROM roster_profile")}


# -- heightened periods --------------------------------------------------------------------------------

def clean_slots(slots: dict[str, Any]) -> dict[str, int]:
    out = {}
    for role, count in (slots or {}).items():
        if role not in DUTY_ROLES:
            raise ValidationError(f"未知的岗位：{role}", field="slots")
        try:
            number = int(count)
        except (TypeError, ValueError):
            raise ValidationError(f"{DUTY_ROLES[role]}人数应为整数。", field="slots") from None
        if not 0 <= number <= MAX_SLOTS_PER_ROLE:
            raise ValidationError(f"{DUTY_ROLES[role]}人数应在0到{MAX_SLOTS_PER_ROLE}之间。", field="slots")
        if number:
            out[role] = number
    if not out:
        raise ValidationError("请至少填写一个岗位的人数（如 带班领导 2）。", field="slots")
    return out


def add_period(session: Session, *, name: str, kind: str, start: date, end: date, slots: dict[str, Any],
               note: str = "") -> int:
    session.require("roster.plan")
    name = (name or "").strip()
    if not name:
        raise ValidationError("请填写时段名称（如 2027年汛期）。", field="name")
    if len(name) > 40:
        raise ValidationError("时段名称过长（最多40字）。", field="name")
    if kind not in PERIOD_KINDS:
        raise ValidationError(f"未知的时段类型：{kind}", field="kind")
    if end < start:
        raise ValidationError("结束日期早于开始日期。", field="end")
    counts = clean_slots(slots)
    with session.write() as tx:
        period_id = tx.insert("roster_period", {
            "name": name, "kind": kind, "start_date": start.isoformat(), "end_date": end.isoformat(),
            "slots_json": json.dumps(counts, ensure_ascii=False), "note": _note(note), "created_at": tx.at})
        tx.audit("roster.period.add", "roster_period", period_id, after=tx.snapshot("roster_period", period_id))
    return period_id


def void_period(session: Session, period_id: int, reason: str) -> None:
    session.require("roster.plan")
    with session.write() as tx:
        tx.void("roster_period", period_id, reason, op="roster.period.void", entity="roster_period")


def periods(store: Store, first: date | None = None, last: date | None = None) -> list[dict[str, Any]]:
    where, params = "voided_at IS NULL", []
    if first and last:
        where += " AND start_date <= ? AND end_date >= ?"
        params = [last.isoformat(), first.isoformat()]
    rows = store.rows(f"SELECT * FROM roster_period WHERE {where} ORDER BY start_date, id", params)
    return [{**dict(r), "slots": json.loads(r["slots_json"]), "kind_label": PERIOD_KINDS.get(r["kind"], r["kind"])}
            for r in rows]
