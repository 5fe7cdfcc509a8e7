"""The planner's working draft: a scenario read from the database, generation into the draft, manual
cells (pinned by default), pins, candidates with their conflicts, the quality report, and the
comparison with what is published.

Slots are ``Cell(day, role, index, shift)`` everywhere. The officer day/night split is a setting: the
draft of a month planned under the other setting keeps its cells (they are never reinterpreted) but they
no longer fit the current slots — the quality report says so, generation replaces them, and publishing
leaves them out. Published duties carry their own shift, so what was published shows as published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dutyroom import settings
from dutyroom.duty.roles import DUTY_ROLES, ROLE_ORDER
from dutyroom.errors import ValidationError
from dutyroom.roster import wishes
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.calendar import HolidayCalendar
from dutyroom.roster.engine import Assignment, Board, Solution, Uncovered, solve, why_nobody
from dutyroom.roster.ledger import build_ledger
from dutyroom.roster.model import (
    DEFAULT_REST_DAYS,
    SPLIT_ROLE,
    Absence,
    Cell,
    Fixed,
    Heightened,
    Pin,
    Scenario,
    shift_order,
    slot_label,
)
from dutyroom.roster.quality import Quality, assess
from dutyroom.roster.staff import role_pool, roster_people, staffing_problems
from dutyroom.roster.staffing import periods
from dutyroom.session import Session
from dutyroom.store import Store
from dutyroom.tasks import TaskState

MAX_RANGE_DAYS = 366


def month_range(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def _check_range(first: date, last: date) -> None:
    if last < first:
        raise ValidationError("结束日期早于开始日期。")
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError(f"一次最多编排{MAX_RANGE_DAYS}天。")


# -- the scenario from the database ------------------------------------------------------------------

def slots_scenario(store: Store, first: date, last: date, *, calendar: HolidayCalendar | None = None) -> Scenario:
    """The period's slots and the staff who may fill them, without history, absences or pins: what is needed to
    say whether the roster can be covered at all (the setup guide, the staff screen)."""
    calendar = calendar or load_calendar(store)
    values = settings.get_many(store, "roster.slots", "roster.holiday_slots", "roster.rest_days",
                               "roster.max_per_month", "roster.officer_split")
    heightened = [Heightened(date.fromisoformat(p["start_date"]), date.fromisoformat(p["end_date"]), p["slots"],
                             p["name"]) for p in periods(store, first, last)]
    return Scenario(
        first, last, dict(values["roster.slots"]), roster_people(store), calendar, [], heightened,
        dict(values["roster.holiday_slots"]), {**DEFAULT_REST_DAYS, **values["roster.rest_days"]},
        max_per_month=values["roster.max_per_month"] or None, officer_split=bool(values["roster.officer_split"]))


def scenario_from_store(store: Store, first: date, last: date, *, calendar: HolidayCalendar | None = None,
                        pins: bool = True) -> Scenario:
    scenario = slots_scenario(store, first, last, calendar=calendar)
    reach = max([*scenario.rest_days.values(), 1]) + 1
    scenario.absences = [
        Absence(str(r["person_id"]), date.fromisoformat(r["start_date"]), date.fromisoformat(r["end_date"]),
                _absence_word(r["kind"]))
        for r in store.rows("SELECT * FROM roster_absence WHERE voided_at IS NULL AND start_date <= ?"
                            " AND end_date >= ?", ((last + timedelta(days=reach)).isoformat(),
                                                   (first - timedelta(days=reach)).isoformat()))]
    ledger = build_ledger(store, first, scenario.calendar)
    known = {p.id for p in scenario.people}
    scenario.history = {p: r for p, r in ledger.counts.items() if p in known}
    scenario.last_duty = {p: r for p, r in ledger.last.items() if p in known}
    scenario.fixed = [f for f in _neighbours(store, first, last, reach) if f.person in known]
    scenario.wishes, scenario.pairs_apart, scenario.new_officers = wishes.scenario_inputs(store, known)
    if pins:
        valid = set(scenario.cells())
        scenario.pins = [Pin(_row_cell(r), str(r["person_id"])) for r in _draft_rows(store, first, last)
                         if r["pinned"] and str(r["person_id"]) in known and _row_cell(r) in valid]
    return scenario


def _row_cell(row: Any) -> Cell:
    """The slot a draft or duty row fills."""
    return Cell(date.fromisoformat(row["duty_date"]), row["role"], row["position"], row["shift"])


def _neighbours(store: Store, first: date, last: date, reach: int) -> list[Fixed]:
    """Duties just before and after the range that rest rules must respect: the draft where a day has
    one (the planner may be working ahead), otherwise what is published."""
    window = ((first - timedelta(days=reach)).isoformat(), first.isoformat(), last.isoformat(),
              (last + timedelta(days=reach)).isoformat())
    where = " voided_at IS NULL AND ((duty_date >= ? AND duty_date < ?) OR (duty_date > ? AND duty_date <= ?))"
    by_day: dict[str, list[Fixed]] = {}
    for r in store.rows("SELECT duty_date, role, person_id FROM duty_assignment WHERE" + where, window):
        by_day.setdefault(r[0], []).append(Fixed(date.fromisoformat(r[0]), r[1], str(r[2])))
    drafted: dict[str, list[Fixed]] = {}
    for r in store.rows("SELECT duty_date, role, person_id FROM roster_draft WHERE" + where, window):
        drafted.setdefault(r[0], []).append(Fixed(date.fromisoformat(r[0]), r[1], str(r[2])))
    by_day.update(drafted)
    return [f for day in sorted(by_day) for f in by_day[day]]


def _absence_word(kind: str) -> str:
    from dutyroom.roster.model import ABSENCE_KINDS

    return ABSENCE_KINDS.get(kind, kind)


# -- the draft ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DraftCell:
    day: date
    role: str
    position: int
    person_id: int
    name: str
    pinned: bool
    reason: str
    source: str
    shift: str = "full"

    @property
    def cell(self) -> Cell:
        return Cell(self.day, self.role, self.position, self.shift)


def _draft_rows(store: Store, first: date, last: date) -> list[Any]:
    return store.rows("SELECT d.*, p.name FROM roster_draft d JOIN person p ON p.id = d.person_id"
                      " WHERE d.voided_at IS NULL AND d.duty_date BETWEEN ? AND ?"
                      " ORDER BY d.duty_date, d.role, d.shift, d.position", (first.isoformat(), last.isoformat()))


def draft(store: Store, first: date, last: date) -> dict[Cell, DraftCell]:
    return {_row_cell(r): DraftCell(
        date.fromisoformat(r["duty_date"]), r["role"], r["position"], r["person_id"], r["name"], bool(r["pinned"]),
        r["reason"], r["source"], r["shift"]) for r in _draft_rows(store, first, last)}


def published(store: Store, first: date, last: date) -> dict[Cell, dict[str, Any]]:
    """The duties in force (published versions with approved changes), by slot — each with the shift it was
    published with, whatever the split setting says now."""
    rows = store.rows("SELECT a.*, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
                      " WHERE a.voided_at IS NULL AND a.duty_date BETWEEN ? AND ?",
                      (first.isoformat(), last.isoformat()))
    return {_row_cell(r): dict(r) for r in rows}


def split_in(cells: Any) -> bool | None:
    """Whether stored cells were planned with the officer split (None: they have no officer cells)."""
    shifts = {cell.shift for cell in cells if cell.role == SPLIT_ROLE}
    return None if not shifts else shifts != {"full"}


def off_mode(scenario: Scenario, cells: Any) -> list[Cell]:
    """Stored cells whose part of the day does not exist under the current split setting."""
    return [cell for cell in cells if cell.shift not in scenario.shifts_of(cell.role)]


def mode_word(split: bool) -> str:
    return "值班员分白班、夜班" if split else "值班员24小时一班"


def ensure_draft(session: Session, first: date, last: date) -> int:
    """Start a month's draft from what is published (when it has none yet). Returns cells copied."""
    session.require("roster.plan")
    if _draft_rows(session.store, first, last):
        return 0
    current = published(session.store, first, last)
    if not current:
        return 0
    with session.write() as tx:
        for cell, row in sorted(current.items()):
            tx.insert("roster_draft", {"duty_date": cell.day.isoformat(), "role": cell.role, "shift": cell.shift,
                                       "position": cell.index, "person_id": row["person_id"], "pinned": 0,
                                       "reason": "已发布", "source": "published", "created_at": tx.at})
        tx.audit("roster.draft.generate", "roster_draft", None,
                 after={"first_date": first.isoformat(), "last_date": last.isoformat(), "copied_from_published":
                        len(current)})
    return len(current)


def _cell_row(tx: Any, day: date, role: str, position: int, shift: str = "full") -> Any:
    return tx.row("SELECT * FROM roster_draft WHERE duty_date = ? AND role = ? AND shift = ?"
                  " AND position = ? AND voided_at IS NULL",
                  (day.isoformat(), role, shift, position))


def conflicts_for(store: Store, day: date, role: str, person_id: int, *, shift: str = "full",
                  ignore: Cell | None = None, scenario: Scenario | None = None) -> list[str]:
    """Why ``person_id`` should not take this cell, judged against the draft and the published neighbours."""
    board = _board_for(store, day, day, scenario, ignore={ignore} if ignore else set())
    if str(person_id) not in board.people:
        return ["不是可排班的本局人员"]
    why = board.conflict(str(person_id), day, role, shift)
    return [why] if why else []


def _board_for(store: Store, first: date, last: date, scenario: Scenario | None = None,
               ignore: set[Cell] | None = None) -> Board:
    margin = 15
    scenario = scenario or scenario_from_store(store, first - timedelta(days=margin), last + timedelta(days=margin),
                                               pins=False)
    board = Board(scenario)
    for key, cell in draft(store, scenario.first, scenario.last).items():
        if ignore and key in ignore:
            continue
        if cell.day in board.occupied.get(str(cell.person_id), {}):
            continue
        board.place(key, str(cell.person_id))
    return board


@dataclass(frozen=True)
class Candidate:
    person_id: int
    name: str
    conflict: str
    total: int
    rest_days: int
    holidays: int
    nights: int = 0

    @property
    def free(self) -> bool:
        return not self.conflict


def candidates(store: Store, day: date, role: str, position: int, shift: str = "full") -> list[Candidate]:
    """Everyone who may take the role, free ones first (fewest duties first), each with their conflict."""
    scenario = scenario_from_store(store, day - timedelta(days=15), day + timedelta(days=15), pins=False)
    board = _board_for(store, day, day, scenario, ignore={Cell(day, role, position, shift)})
    out = []
    for person in board.pool(role):
        counts = board.counts[person][role]
        out.append(Candidate(int(person), board.people[person].name, board.conflict(person, day, role, shift) or "",
                             counts["total"], counts["weekend"], counts["holiday"], counts["night"]))
    return sorted(out, key=lambda c: (bool(c.conflict), c.total, c.holidays, c.rest_days, c.person_id))


def _valid_slot(store: Store, day: date, role: str, position: int, shift: str) -> None:
    if role not in DUTY_ROLES:
        raise ValidationError(f"未知的值班岗位：{role}")
    scenario = scenario_from_store(store, day, day, pins=False)
    if shift not in scenario.shifts_of(role):
        raise ValidationError(f"当前设置为“{mode_word(scenario.officer_split)}”，没有{slot_label(role, shift)}"
                              "这个岗位；请按当前班制安排。")
    count = scenario.slots_on(scenario.calendar.info(day)).get(role, 0)
    if not 0 <= position < count:
        raise ValidationError(f"{day}的{slot_label(role, shift)}只有{count}个岗位。")


def assign(session: Session, day: date, role: str, position: int, person_id: int, *, shift: str = "full",
           pinned: bool = True, accept_conflicts: bool = False) -> int:
    """Put a person in a draft cell (pinned: generation keeps it). Conflicts refuse unless accepted."""
    session.require("roster.plan")
    _valid_slot(session.store, day, role, position, shift)
    problems = conflicts_for(session.store, day, role, person_id, shift=shift,
                             ignore=Cell(day, role, position, shift))
    if problems and (not accept_conflicts or problems[0] == "不是可排班的本局人员"
                     or problems[0].startswith("不能担任")):
        name = session.store.scalar("SELECT name FROM person WHERE id = ?", (person_id,)) or "该人员"
        raise ValidationError(f"{name}：{'；'.join(problems)}。" + ("" if accept_conflicts else "确需安排请确认冲突后再指定。"))
    with session.write() as tx:
        old = _cell_row(tx, day, role, position, shift)
        clash = tx.row("SELECT role, shift FROM roster_draft WHERE duty_date = ? AND person_id = ?"
                       " AND voided_at IS NULL AND NOT (role = ? AND shift = ? AND position = ?)",
                       (day.isoformat(), person_id, role, shift, position))
        if clash:
            raise ValidationError(f"该人员当日已任{slot_label(clash[0], clash[1])}，同一天不能占两个岗位。")
        if old is not None and old["person_id"] == person_id and bool(old["pinned"]) == pinned:
            return int(old["id"])     # already so: nothing to write
        if old is not None:
            tx.update("roster_draft", old["id"], {"voided_at": tx.at, "void_reason": "改派"})
        reason = "人工指定" + ("（已确认冲突：" + "；".join(problems) + "）" if problems else "")
        cell_id = tx.insert("roster_draft", {"duty_date": day.isoformat(), "role": role, "shift": shift,
                                             "position": position, "person_id": person_id,
                                             "pinned": 1 if pinned else 0, "reason": reason,
                                             "source": "manual", "created_at": tx.at})
        tx.audit("roster.draft.assign", "roster_draft", cell_id, before=dict(old) if old else None,
                 after=tx.snapshot("roster_draft", cell_id))
    return cell_id


def set_pinned(session: Session, day: date, role: str, position: int, pinned: bool, *, shift: str = "full") -> None:
    session.require("roster.plan")
    with session.write() as tx:
        old = _cell_row(tx, day, role, position, shift)
        if old is None:
            raise ValidationError("该岗位还没有安排人员，无法固定。")
        if bool(old["pinned"]) == pinned:
            return
        tx.update("roster_draft", old["id"], {"pinned": 1 if pinned else 0})
        tx.audit("roster.draft.pin", "roster_draft", old["id"], before=dict(old),
                 after=tx.snapshot("roster_draft", old["id"]))


def clear(session: Session, day: date, role: str, position: int, *, shift: str = "full") -> None:
    session.require("roster.plan")
    with session.write() as tx:
        old = _cell_row(tx, day, role, position, shift)
        if old is None:
            return
        tx.void("roster_draft", old["id"], "清空", op="roster.draft.clear", entity="roster_draft")


def generate(session: Session, first: date, last: date, state: TaskState | None = None) -> tuple[Solution, Quality]:
    """Fill every unpinned cell of the range with the engine; pinned cells stay as they are."""
    session.require("roster.plan")
    _check_range(first, last)
    if state:
        state.progress(0, 3, "正在读取人员、请假和历史值班…")
    scenario = scenario_from_store(session.store, first, last)
    if state:
        state.progress(1, 3, "正在生成排班…")
    solution = solve(scenario)
    quality = explained(scenario, assess(solution, warnings=scenario.warnings()))
    if state:
        state.progress(2, 3, "正在保存草稿…")
    with session.write() as tx:
        rows = [dict(r) for r in tx.rows("SELECT * FROM roster_draft WHERE voided_at IS NULL"
                                         " AND duty_date BETWEEN ? AND ?", (first.isoformat(), last.isoformat()))]
        # Cells of the other officer mode are replaced, pinned or not: they are not slots any more.
        stale = {r["id"] for r in rows if r["shift"] not in scenario.shifts_of(r["role"])}
        old = [r for r in rows if not r["pinned"] and r["id"] not in stale]
        pinned_cells = {_row_cell(r) for r in rows if r["pinned"] and r["id"] not in stale}
        for row in old:
            tx.update("roster_draft", row["id"], {"voided_at": tx.at, "void_reason": "重新生成"})
        for row_id in sorted(stale):
            tx.update("roster_draft", row_id, {"voided_at": tx.at,
                                               "void_reason": f"班制已改为{mode_word(scenario.officer_split)}，重新生成"})
        written = 0
        for a in solution.assignments:
            if a.cell in pinned_cells:
                continue
            tx.insert("roster_draft", {"duty_date": a.day.isoformat(), "role": a.role, "shift": a.cell.shift,
                                       "position": a.cell.index, "person_id": int(a.person), "pinned": 0,
                                       "reason": a.reason, "source": "engine", "created_at": tx.at})
            written += 1
        tx.audit("roster.draft.generate", "roster_draft", None, after={
            "first_date": first.isoformat(), "last_date": last.isoformat(), "generated": written,
            "kept_pinned": len(pinned_cells), "replaced": len(old), "replaced_other_mode": len(stale),
            "officer_split": scenario.officer_split, "uncovered": len(quality.uncovered),
            "violations": len(quality.violations), "spread": quality.spread})
    if state:
        state.progress(3, 3, "完成")
    return solution, quality


def explained(scenario: Scenario, quality: Quality) -> Quality:
    """The quality report with the staff's own gaps in it: a role nobody (or too few) may take is named with
    what to do, and each empty cell of a role nobody can take says so instead of a bare "未安排"."""
    problems = staffing_problems(scenario)
    quality.warnings.extend(problems[role] for role in ROLE_ORDER if role in problems)
    unfillable = {role for role in problems if not role_pool(scenario, role)}
    quality.uncovered = [Uncovered(u.cell, problems[u.cell.role]) if u.cell.role in unfillable else u
                         for u in quality.uncovered]
    return quality


def _why_empty(board: Board, cell: Cell) -> str:
    """An empty draft cell: "尚未安排（5人可排）", or why nobody fits it ("无可排人员：3人请假、2人需休息")."""
    free = sum(1 for person in board.pool(cell.role) if board.blocker(person, cell.day, cell.role, cell.shift) is None)
    return f"尚未安排（{free}人可排）" if free else why_nobody(board, cell)


def draft_quality(store: Store, first: date, last: date) -> Quality:
    """The quality report of the draft as it stands (manual edits included)."""
    scenario = scenario_from_store(store, first, last, pins=False)
    cells = draft(store, first, last)
    valid = set(scenario.cells())
    assignments = [Assignment(key, str(c.person_id), c.reason, c.pinned) for key, c in cells.items()]
    held = {a.cell for a in assignments}
    board = _board_for(store, first, last, scenario)
    uncovered = [Uncovered(cell, _why_empty(board, cell)) for cell in scenario.cells() if cell not in held]
    solution = Solution(scenario, [a for a in assignments if a.cell in valid], uncovered)
    solution.wishes_broken = wishes.broken_in(scenario, solution.assignments, {k: c.source for k, c in cells.items()})
    quality = explained(scenario, assess(solution, warnings=scenario.warnings()))
    other_mode = off_mode(scenario, cells)
    if other_mode:
        was = mode_word(not scenario.officer_split)
        quality.warnings.append(f"本期草稿有{len(other_mode)}个值班员格是按“{was}”编排的，与当前设置"
                                f"（{mode_word(scenario.officer_split)}）不符，发布时不会包含；请“生成其余”按当前班制重新生成。")
    extra = [a for a in assignments if a.cell not in valid and a.cell.shift in scenario.shifts_of(a.role)]
    if extra:
        quality.warnings.append(f"有{len(extra)}个草稿格超出当日岗位数（岗位设置已改变），发布时不会包含。")
    return quality


@dataclass(frozen=True)
class Difference:
    day: date
    role: str
    position: int
    published: str
    drafted: str
    shift: str = "full"

    @property
    def text(self) -> str:
        slot = f"{self.day.month}月{self.day.day}日 {Cell(self.day, self.role, self.position, self.shift).label}"
        return f"{slot}：{self.published or '（空）'} → {self.drafted or '（空）'}"


def cell_order(cell: Cell) -> tuple:
    """Date, then 带班领导 … 备勤, then 白班 before 夜班, then position."""
    return (cell.day, ROLE_ORDER.index(cell.role), shift_order(cell.shift), cell.index)


def compare(store: Store, first: date, last: date) -> list[Difference]:
    """Where the draft differs from what is in force."""
    current, drafted = published(store, first, last), draft(store, first, last)
    out = []
    for key in sorted(set(current) | set(drafted), key=cell_order):
        before = current.get(key, {}).get("name", "")
        after = drafted[key].name if key in drafted else ""
        if (current.get(key, {}).get("person_id")) != (drafted[key].person_id if key in drafted else None):
            out.append(Difference(key.day, key.role, key.index, before, after, key.shift))
    return out


def quality_json(quality: Quality) -> str:
    return json.dumps(quality.metrics(), ensure_ascii=False)
