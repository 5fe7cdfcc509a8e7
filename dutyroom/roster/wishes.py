"""What people ask of the roster, kept in the data file: wishes not to be on duty on some weekdays or dates
(soft, weighed against fairness), two people kept apart (hard) and the "new officer" flag (hard: a new
值班长/值班员 is never on a shift without an experienced one).

The office edits them in 值班排班 → 排班设置 → 意愿与搭配; ``scenario_inputs`` hands them to the engine
(``model.Wish``, ``Scenario.pairs_apart``, ``Scenario.new_officers``) and ``broken_in`` names the wishes a
draft breaks for the quality report shown before publishing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dutyroom.duty.roles import DutyRole
from dutyroom.errors import ValidationError
from dutyroom.roster.engine import Assignment, BrokenWish
from dutyroom.roster.model import WEEKDAY_NAMES, Cell, Scenario, Wish
from dutyroom.roster.staff import StaffChange, apply_change
from dutyroom.session import Session, Tx
from dutyroom.store import Reader, Store

MAX_WEIGHT = 10
MAX_DATES = 366
MAX_NOTE = 40
TEAM_ROLES = (DutyRole.CHIEF, DutyRole.OFFICER)
_RANGE_MARK = re.compile(r"\s*(?:至|到|~|～|—|--)\s*")


@dataclass(frozen=True)
class WishRecord:
    id: int
    person_id: int
    name: str
    weekdays: tuple[int, ...]
    dates: tuple[date, ...]
    weight: int
    note: str

    @property
    def text(self) -> str:
        """"每周五、周六；2027-01-15至2027-01-16" — what the person would rather avoid."""
        parts = []
        if self.weekdays:
            parts.append("每" + "、".join(WEEKDAY_NAMES[d - 1] for d in self.weekdays))
        if self.dates:
            parts.append(dates_text(self.dates))
        return "；".join(parts)

    def as_engine(self) -> Wish:
        return Wish(str(self.person_id), frozenset(self.weekdays), frozenset(self.dates), self.weight, self.note)

    def as_record(self) -> dict[str, Any]:
        """A row of the editor's table."""
        return {"id": self.id, "person_id": self.person_id, "name": self.name, "text": self.text,
                "weight": self.weight, "note": self.note}


@dataclass(frozen=True)
class PairRecord:
    id: int
    first_id: int
    first_name: str
    second_id: int
    second_name: str
    note: str

    def as_record(self) -> dict[str, Any]:
        return {"id": self.id, "first": self.first_name, "second": self.second_name, "note": self.note}


def dates_text(days: Iterable[date]) -> str:
    """Dates with runs of consecutive days shown as ranges: "2027-01-15至2027-01-17、2027-02-01"."""
    runs: list[list[date]] = []
    for day in sorted(set(days)):
        if runs and day - runs[-1][-1] == timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    return "、".join(r[0].isoformat() if len(r) == 1 else f"{r[0].isoformat()}至{r[-1].isoformat()}" for r in runs)


# -- reading ------------------------------------------------------------------------------------------

def _split(text: str) -> list[str]:
    return [part for part in text.split(",") if part]


def wishes(store: Reader) -> list[WishRecord]:
    """Every wish in force, by person (their order on the staff list) and when it was entered."""
    rows = store.rows("SELECT w.*, p.name FROM roster_wish w JOIN person p ON p.id = w.person_id"
                      " WHERE w.voided_at IS NULL AND p.voided_at IS NULL ORDER BY p.sort_order, p.id, w.id")
    return [WishRecord(r["id"], r["person_id"], r["name"], tuple(int(d) for d in _split(r["weekdays"])),
                       tuple(date.fromisoformat(d) for d in _split(r["dates"])), r["weight"], r["note"])
            for r in rows]


def pairs(store: Reader) -> list[PairRecord]:
    rows = store.rows("SELECT k.*, a.name AS first_name, b.name AS second_name FROM roster_pair_apart k"
                      " JOIN person a ON a.id = k.first_id JOIN person b ON b.id = k.second_id"
                      " WHERE k.voided_at IS NULL AND a.voided_at IS NULL AND b.voided_at IS NULL"
                      " ORDER BY a.sort_order, a.id, b.sort_order, b.id")
    return [PairRecord(r["id"], r["first_id"], r["first_name"], r["second_id"], r["second_name"], r["note"])
            for r in rows]


def team_staff(store: Reader) -> list[dict[str, Any]]:
    """The 值班长 and 值班员 on the staff list, each with their "new officer" flag."""
    rows = store.rows(
        "SELECT p.id, p.name, p.position, COALESCE(r.new_officer, 0) AS new_officer,"
        " GROUP_CONCAT(d.role) AS roles FROM person p JOIN person_duty_role d ON d.person_id = p.id"
        " LEFT JOIN roster_profile r ON r.person_id = p.id"
        f" WHERE p.is_staff = 1 AND p.voided_at IS NULL AND d.role IN ({','.join('?' * len(TEAM_ROLES))})"
        " GROUP BY p.id ORDER BY p.sort_order, p.id", TEAM_ROLES)
    return [{**dict(r), "new_officer": bool(r["new_officer"]),
             "new_label": "新任（须与有经验者同班）" if r["new_officer"] else ""} for r in rows]


def scenario_inputs(store: Store, known: set[str]) -> tuple[list[Wish], list[tuple[str, str]], frozenset[str]]:
    """The wishes, pairs kept apart and new officers of the people the roster plans with."""
    found = [w.as_engine() for w in wishes(store) if str(w.person_id) in known]
    apart = [(str(p.first_id), str(p.second_id)) for p in pairs(store)
             if str(p.first_id) in known and str(p.second_id) in known]
    new = frozenset(str(r["id"]) for r in team_staff(store) if r["new_officer"] and str(r["id"]) in known)
    return found, apart, new


# Why a draft cell breaks a wish when the engine did not say (by the cell's source).
SOURCE_WHY = {"manual": "人工指定", "published": "沿用已发布排班", "engine": "意愿登记晚于生成，重新生成可调整"}


def broken_in(scenario: Scenario, assignments: Iterable[Assignment],
              sources: Mapping[Cell, str] | None = None) -> list[BrokenWish]:
    """The wishes a roster as it stands breaks (a draft with manual edits, say), each with why: what the
    engine wrote in the cell when it had to break the wish, else "固定安排" or how the cell was filled
    (``sources``: cell -> engine/manual/published)."""
    by_person: dict[str, list[Wish]] = {}
    for wish in scenario.wishes:
        by_person.setdefault(wish.person, []).append(wish)
    names = {p.id: p.name for p in scenario.people}
    out = []
    for a in assignments:
        found = [w for w in by_person.get(a.person, ()) if w.covers(a.day)]
        if not found:
            continue
        wish = max(found, key=lambda w: w.weight)
        why, cost = _why_broken(a, (sources or {}).get(a.cell, "manual"))
        out.append(BrokenWish(a.person, names.get(a.person, a.person), a.cell, wish.text(a.day), wish.weight,
                              cost, why))
    return sorted(out, key=lambda b: (b.cell.day, b.person))


def _why_broken(a: Assignment, source: str) -> tuple[str, int | None]:
    if a.reason.startswith("未能满足意愿") and "）：" in a.reason:
        why = a.reason.split("）：", 1)[1]
        rise = re.search(r"增加(\d+)", why)
        return why, int(rise.group(1)) if rise else None
    if a.pinned:
        return "固定安排", None
    return SOURCE_WHY.get(source, "人工指定"), None


# -- checking input -----------------------------------------------------------------------------------

def parse_weekdays(values: Iterable[Any]) -> tuple[int, ...]:
    out = set()
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 7:
            raise ValidationError("星期应为1（周一）到7（周日）。", field="weekdays")
        out.add(value)
    return tuple(sorted(out))


def parse_dates(text: str) -> tuple[date, ...]:
    """"2027-01-15、2027-01-20至2027-01-24" (also commas, spaces or one a line) into dates."""
    out: set[date] = set()
    for item in re.split(r"[、,，;；\s]+", _RANGE_MARK.sub("至", (text or "").strip())):
        if not item:
            continue
        ends = item.split("至")
        if len(ends) > 2:
            raise ValidationError(f"“{item}”不是一个日期或日期段。", field="dates")
        first, last = _day(ends[0]), _day(ends[-1])
        if last < first:
            raise ValidationError(f"“{item}”的结束日期早于开始日期。", field="dates")
        if (last - first).days >= MAX_DATES:
            raise ValidationError(f"“{item}”超过{MAX_DATES}天。", field="dates")
        out.update(first + timedelta(days=n) for n in range((last - first).days + 1))
        if len(out) > MAX_DATES:
            raise ValidationError(f"一条意愿最多{MAX_DATES}天；请分开登记或改按星期。", field="dates")
    return tuple(sorted(out))


def _day(text: str) -> date:
    try:
        year, month, day = (int(part) for part in text.strip().split("-"))
        found = date(year, month, day)
    except ValueError:
        raise ValidationError(f"日期“{text.strip()}”格式不对，应为 YYYY-MM-DD（如 2027-01-15）。",
                              field="dates") from None
    if not 1900 <= found.year <= 2100:
        raise ValidationError(f"日期“{text.strip()}”不在1900至2100年之间。", field="dates")
    return found


def _note(text: str | None) -> str:
    note = " ".join((text or "").split())
    if len(note) > MAX_NOTE:
        raise ValidationError(f"备注过长（最多{MAX_NOTE}字）。", field="note")
    return note


def _staff(tx: Tx, person_id: Any, field: str = "person") -> str:
    row = tx.row("SELECT name, is_staff, voided_at FROM person WHERE id = ?", (person_id,))
    if row is None or row["voided_at"]:
        raise ValidationError("所选人员不存在或已作废。", field=field)
    if not row["is_staff"]:
        raise ValidationError(f"{row['name']}不是值班人员。", field=field)
    return str(row["name"])


# -- writing ------------------------------------------------------------------------------------------

def add_wish(session: Session, person_id: int, *, weekdays: Iterable[Any] = (), dates: Iterable[date] = (),
             weight: Any = 1, note: str = "") -> int:
    """Record that a person would rather not be on duty on these weekdays and/or dates."""
    session.require("roster.staff")
    days = parse_weekdays(weekdays)
    chosen = tuple(sorted(set(dates)))
    if not days and not chosen:
        raise ValidationError("请选择不愿值班的星期，或填写不愿值班的日期。", field="weekdays")
    if len(chosen) > MAX_DATES:
        raise ValidationError(f"一条意愿最多{MAX_DATES}天；请分开登记或改按星期。", field="dates")
    if isinstance(weight, bool) or not isinstance(weight, int) or not 1 <= weight <= MAX_WEIGHT:
        raise ValidationError(f"权重应为1到{MAX_WEIGHT}的整数。", field="weight")
    note = _note(note)
    with session.write() as tx:
        name = _staff(tx, person_id)
        wish_id = tx.insert("roster_wish", {
            "person_id": person_id, "weekdays": ",".join(str(d) for d in days),
            "dates": ",".join(d.isoformat() for d in chosen), "weight": weight, "note": note, "created_at": tx.at})
        tx.audit("roster.wish.add", "roster_wish", wish_id, after={**tx.snapshot("roster_wish", wish_id), "name": name})
    return wish_id


def void_wish(session: Session, wish_id: int, reason: str) -> None:
    session.require("roster.staff")
    with session.write() as tx:
        tx.void("roster_wish", wish_id, reason, op="roster.wish.void", entity="roster_wish")


def add_pair(session: Session, first_id: int, second_id: int, note: str = "") -> int:
    """Keep two people apart: never on duty at the same time."""
    session.require("roster.staff")
    if first_id == second_id:
        raise ValidationError("请选择两个不同的人员。", field="second")
    low, high = sorted((int(first_id), int(second_id)))
    note = _note(note)
    with session.write() as tx:
        names = {low: _staff(tx, low, "first"), high: _staff(tx, high, "second")}
        if tx.row("SELECT id FROM roster_pair_apart WHERE first_id = ? AND second_id = ? AND voided_at IS NULL",
                  (low, high)):
            raise ValidationError(f"{names[low]}和{names[high]}已设为不同班。", field="second")
        pair_id = tx.insert("roster_pair_apart", {"first_id": low, "second_id": high, "note": note,
                                                  "created_at": tx.at})
        tx.audit("roster.pair.add", "roster_pair_apart", pair_id,
                 after={**tx.snapshot("roster_pair_apart", pair_id), "name": f"{names[low]}、{names[high]}"})
    return pair_id


def void_pair(session: Session, pair_id: int, reason: str) -> None:
    session.require("roster.staff")
    with session.write() as tx:
        tx.void("roster_pair_apart", pair_id, reason, op="roster.pair.void", entity="roster_pair_apart")


def set_new_officer(session: Session, person_id: int, new: bool) -> bool:
    """Mark a 值班长/值班员 as new (or experienced again). Returns whether anything changed."""
    session.require("roster.staff")
    with session.write() as tx:
        name = _staff(tx, person_id)
        roles = set(tx.column("SELECT role FROM person_duty_role WHERE person_id = ?", (person_id,)))
        if new and not roles & set(TEAM_ROLES):
            raise ValidationError(f"{name}不担任值班长或值班员，无需设为新任。", field="person")
        return apply_change(tx, person_id, StaffChange(new_officer=bool(new)), op="roster.new_officer.set")

