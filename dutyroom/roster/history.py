"""Past rosters into the ledger: the month tables counties kept in Excel become duties marked 导入.

What the files look like: one sheet per month, a title with 年月 ("2026年10月份值班安排表"), the header
日期 | 星期 | 带班领导 | 值班长 | 值班员 | 备勤 (with variants: 值班领导, 值班人员, 备勤人员 …), dates written as
"10月1日", as day numbers or as real dates, holiday names in the 星期 column, names with their phone numbers
appended, several names in one cell, a footnote under the table. The sheet reader is the contact importer's
(merged cells, header detection, title rows, zip safety), with the month table's own header names.

Each name must be one duty staff member (a phone number after the name tells two of the same name apart);
names that are not are listed with how often they occur, never guessed. A day whose role already has duties
in force (published or imported before) is left as it is: importing the same file again changes nothing.

Imported duties are ``duty_assignment`` rows with source ``import`` pointing to their ``roster_import``:
the fairness ledger and the rotation read them exactly like published duties. An import, or one of its
duties, is voided with a reason — never deleted.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dutyroom.contacts.xlsx_read import SheetTable, Vocabulary, Workbook, read_workbook
from dutyroom.duty.roles import DUTY_ROLES, ROLE_ORDER
from dutyroom.errors import ValidationError
from dutyroom.roster.staff_import import ROLE_PHRASES
from dutyroom.session import Session
from dutyroom.store import Store
from dutyroom.tasks import TaskState

SOURCE = "import"
HISTORY_ALIASES: dict[str, tuple[str, ...]] = {
    "date": ("日期", "值班日期", "时间", "值班时间", "日期时间"),
    "weekday": ("星期", "周", "星期几", "节假日", "日期类型", "星期/节日"),
    "leader": ("带班领导", "值班领导", "领导带班", "带班", "带班局领导", "带班领导（局领导）"),
    "chief": ("值班长", "总值班", "值班主任"),
    "officer": ("值班员", "值班人员", "值班干部", "值班工作人员", "值班"),
    "standby": ("备勤", "备勤人员", "应急备勤"),
    "notes": ("备注", "说明"),
}
HISTORY_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("带班", "leader"), ("值班长", "chief"), ("备勤", "standby"), ("值班员", "officer"), ("日期", "date"),
    ("星期", "weekday"),
)


def _month_table(kinds: set[str]) -> str | None:
    return "roster" if "date" in kinds and kinds & set(DUTY_ROLES) else None


MONTH_TABLE = Vocabulary(HISTORY_ALIASES, HISTORY_KEYWORDS, _month_table,
                         "表头应包含“日期”列，以及“带班领导”“值班长”“值班员”“备勤”等列")

_YEAR_MONTH = re.compile(r"(\d{4})\s*(?:年|[.\-/])\s*(\d{1,2})\s*(?:月|$|[^\d])")
_MONTH_ONLY = re.compile(r"^(\d{1,2})\s*月")
_MONTH_DAY = re.compile(r"^(?:(\d{4})\s*[年.\-/]\s*)?(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*[日号]?")
_DAY_ONLY = re.compile(r"^(\d{1,2})\s*[日号]?$")
_ANNOTATION = re.compile(r"[（(【\[][^）)】\]\d]*[）)】\]]")
_TOKENS = re.compile(r"[\u3400-\u9fff·•]+|\d[\d\- ]{5,}\d")
NOT_NAMES = set(ROLE_PHRASES) | {"白班", "夜班", "主班", "副班", "全天", "值班", "无", "空", "待定"}


@dataclass(frozen=True)
class Written:
    """One name as a cell writes it, with the phone number after it (digits only) if any."""

    name: str
    phone: str = ""


def names_in(value: Any) -> list[Written]:
    """"张三13800001111、李四" → [张三 (13800001111), 李四]; annotations such as "（代）" are dropped."""
    if value is None:
        return []
    text = unicodedata.normalize("NFKC", str(value))
    text = _ANNOTATION.sub(" ", text)
    out: list[Written] = []
    for token in _TOKENS.findall(text):
        if token[0].isdigit():
            if out and not out[-1].phone:
                out[-1] = Written(out[-1].name, re.sub(r"\D", "", token))
            continue
        name = token.replace("•", "·").strip("·")
        if len(name) >= 2 and name not in NOT_NAMES:
            out.append(Written(name))
    return out


def _year_month(texts: list[str]) -> tuple[int | None, int | None]:
    year = month = None
    for text in texts:
        found = _YEAR_MONTH.search(unicodedata.normalize("NFKC", text))
        if found and 1 <= int(found.group(2)) <= 12:
            return int(found.group(1)), int(found.group(2))
        alone = _MONTH_ONLY.match(unicodedata.normalize("NFKC", text).strip())
        if alone and month is None and 1 <= int(alone.group(1)) <= 12:
            month = int(alone.group(1))
        years = re.search(r"(\d{4})\s*年", unicodedata.normalize("NFKC", text))
        if years and year is None:
            year = int(years.group(1))
    return year, month


def _day_of(value: Any, year: int | None, month: int | None) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        if isinstance(value, int | float) and not isinstance(value, bool):
            if float(value).is_integer() and year and month:
                return date(year, month, int(value))
            return None
        text = unicodedata.normalize("NFKC", str(value or "")).strip()
        found = _MONTH_DAY.match(text)
        if found and year:
            day_month = int(found.group(2))
            day_year = int(found.group(1)) if found.group(1) else year + (month == 12 and day_month == 1)
            return date(day_year, day_month, int(found.group(3)))
        alone = _DAY_ONLY.match(text)
        if alone and year and month:
            return date(year, month, int(alone.group(1)))
    except ValueError:
        return None
    return None


# -- the plan -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlannedDuty:
    day: date
    role: str
    position: int
    person_id: int
    name: str
    sheet: str
    row: int


@dataclass
class HistoryPlan:
    file_name: str
    months: list[str] = field(default_factory=list)
    duties: list[PlannedDuty] = field(default_factory=list)
    unchanged: int = 0
    unknown: Counter = field(default_factory=Counter)
    rejected: list[tuple[str, int, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    skipped_sheets: list[tuple[str, str]] = field(default_factory=list)
    written: bool = False
    import_id: int | None = None

    @property
    def first_date(self) -> date | None:
        return min((d.day for d in self.duties), default=None)

    @property
    def last_date(self) -> date | None:
        return max((d.day for d in self.duties), default=None)

    def by_role(self) -> dict[str, int]:
        counts = Counter(d.role for d in self.duties)
        return {role: counts.get(role, 0) for role in ROLE_ORDER}

    def as_json(self) -> dict[str, Any]:
        first, last = self.first_date, self.last_date
        return {
            "months": self.months, "duties": len(self.duties), "unchanged": self.unchanged,
            "unknown_names": [{"name": n, "count": c, "note": why} for (n, why), c in self.unknown.most_common()],
            "rejected": [{"sheet": s, "row": r, "reason": why} for s, r, why in self.rejected],
            "warnings": self.warnings, "by_role": self.by_role(),
            "first_date": first.isoformat() if first else None, "last_date": last.isoformat() if last else None,
            "skipped_sheets": [{"sheet": s, "reason": why} for s, why in self.skipped_sheets],
            "written": self.written, "import_id": self.import_id,
        }

    def summary(self) -> str:
        unknown = sum(self.unknown.values())
        return (f"{len(self.months)}个月（{'、'.join(self.months)}），可导入值班{len(self.duties)}人次，"
                f"已有相同排班{self.unchanged}人次，未识别的姓名{len(self.unknown)}个（共{unknown}处），"
                f"拒绝{len(self.rejected)}处")


class _Staff:
    """Duty staff by name (and by phone digits, for two of the same name)."""

    def __init__(self, store: Store) -> None:
        self.by_name: dict[str, list[int]] = defaultdict(list)
        self.phones: dict[int, set[str]] = defaultdict(set)
        for person_id, name in store.rows("SELECT id, name FROM person WHERE is_staff = 1 AND voided_at IS NULL"):
            self.by_name[name].append(person_id)
        for person_id, number in store.rows("SELECT ph.person_id, ph.number FROM person_phone ph JOIN person p"
                                            " ON p.id = ph.person_id WHERE p.is_staff = 1 AND p.voided_at IS NULL"):
            self.phones[person_id].add(re.sub(r"\D", "", number))

    def find(self, written: Written) -> tuple[int | None, str]:
        """(person id, "") or (None, why the name is not one duty staff member)."""
        found = self.by_name.get(written.name, [])
        if len(found) == 1:
            return found[0], ""
        if found and written.phone:
            same = [p for p in found if written.phone in self.phones[p]]
            if len(same) == 1:
                return same[0], ""
        return None, (f"{len(found)}名值班人员同名，请在表中姓名后写上手机号" if found else "不是值班人员")


class _Planner:
    def __init__(self, store: Store, workbook: Workbook) -> None:
        self.store = store
        self.workbook = workbook
        self.staff = _Staff(store)
        self.plan = HistoryPlan(workbook.path.name, skipped_sheets=list(workbook.skipped_sheets))
        self.cells: dict[tuple[date, str], list[tuple[int, str, str, int]]] = defaultdict(list)
        self.day_people: dict[date, dict[int, str]] = defaultdict(dict)

    def read(self, state: TaskState | None) -> HistoryPlan:
        months: set[str] = set()
        for done, table in enumerate(self.workbook.tables):
            if state is not None:
                state.progress(done, len(self.workbook.tables), f"正在读取“{table.sheet}”…")
            months |= self._read_table(table)
        self.plan.months = sorted(months)
        self._settle()
        return self.plan

    def _read_table(self, table: SheetTable) -> set[str]:
        year, month = _year_month([*table.title, table.sheet])
        date_columns = [i for i, f in sorted(table.columns.items()) if f == "date"]
        role_columns = [(i, f) for i, f in sorted(table.columns.items()) if f in DUTY_ROLES]
        if year is None:
            real = [v for _n, cells in table.rows for i in date_columns if i < len(cells)
                    for v in [cells[i]] if isinstance(v, datetime | date)]
            if real:
                year, month = real[0].year, real[0].month
        if year is None:
            self.plan.rejected.append((table.sheet, table.header_row,
                                       f"工作表“{table.sheet}”的标题和名称中都没有年份（如“2026年10月”），该表未导入"))
            return set()
        seen: set[str] = set()
        for number, cells in table.rows:
            if number in table.merged_rows:
                continue
            written = [(role, w) for i, role in role_columns if i < len(cells) for w in names_in(cells[i])]
            raw = next((cells[i] for i in date_columns if i < len(cells) and cells[i] not in (None, "")), None)
            day = _day_of(raw, year, month)
            if day is None:
                if written:
                    shown = raw if raw is not None else "（空）"
                    self.plan.rejected.append((table.sheet, number, f"日期“{shown}”无法识别，该行未导入"))
                continue
            if month and (day.year, day.month) != (year, month) and not isinstance(raw, datetime | date):
                self.plan.warnings.append(f"“{table.sheet}”第{number}行的日期{day}不在{year}年{month}月内，已按该日期导入")
            seen.add(f"{day.year}-{day.month:02d}")
            self._add_row(table.sheet, number, day, written)
        return seen

    def _add_row(self, sheet: str, number: int, day: date, written: list[tuple[str, Written]]) -> None:
        for role, name in written:
            person_id, why = self.staff.find(name)
            if person_id is None:
                self.plan.unknown[(name.name, why)] += 1
                continue
            held = self.day_people[day].get(person_id)
            if held is not None:
                self.plan.rejected.append((sheet, number, f"{name.name}在{day}已任{DUTY_ROLES[held]}，同一天只能"
                                           f"占一个岗位，表中的{DUTY_ROLES[role]}未导入"))
                continue
            self.day_people[day][person_id] = role
            self.cells[(day, role)].append((person_id, name.name, sheet, number))

    def _settle(self) -> None:
        """Keep what is already in force; plan the rest."""
        if not self.cells:
            return
        days = sorted({day for day, _role in self.cells})
        existing: dict[tuple[date, str], list[int]] = defaultdict(list)
        busy: dict[date, dict[int, str]] = defaultdict(dict)
        names: dict[int, str] = {r[0]: r[1] for r in self.store.rows("SELECT id, name FROM person")}
        for row in self.store.rows("SELECT duty_date, role, person_id FROM duty_assignment WHERE voided_at IS NULL"
                                   " AND duty_date BETWEEN ? AND ? ORDER BY duty_date, role, shift, position",
                                   (days[0].isoformat(), days[-1].isoformat())):
            day = date.fromisoformat(row[0])
            existing[(day, row[1])].append(row[2])
            busy[day][row[2]] = row[1]
        for (day, role), people in sorted(self.cells.items(), key=lambda kv: (kv[0][0], ROLE_ORDER.index(kv[0][1]))):
            there = existing.get((day, role))
            if there:
                if sorted(there) == sorted(p for p, *_ in people):
                    self.plan.unchanged += len(people)
                else:
                    who = "、".join(names.get(p, "") for p in there)
                    sheet, number = people[0][2], people[0][3]
                    self.plan.rejected.append((sheet, number, f"{day}的{DUTY_ROLES[role]}已有排班（{who}），与表中不同，"
                                               "未导入；如需以表为准，请先作废原排班"))
                continue
            position = 0
            for person_id, name, sheet, number in people:
                other = busy[day].get(person_id)
                if other is not None:
                    self.plan.rejected.append((sheet, number, f"{name}在{day}已排{DUTY_ROLES[other]}，未导入"))
                    continue
                self.plan.duties.append(PlannedDuty(day, role, position, person_id, name, sheet, number))
                position += 1


def read_month_tables(path: Path | str) -> Workbook:
    return read_workbook(path, MONTH_TABLE, what="值班表")


def preview_history(store: Store, source: Path | str | Workbook, *, state: TaskState | None = None) -> HistoryPlan:
    """What importing the month tables would do. Writes nothing."""
    workbook = source if isinstance(source, Workbook) else read_month_tables(source)
    return _Planner(store, workbook).read(state)


def import_history(session: Session, source: Path | str | Workbook, *,
                   state: TaskState | None = None) -> HistoryPlan:
    """Import the month tables in one transaction (planned again inside it, so the plan matches what it writes)."""
    session.require("roster.history")
    workbook = source if isinstance(source, Workbook) else read_month_tables(source)
    with session.write() as tx:
        plan = _Planner(session.store, workbook).read(state)
        first, last = plan.first_date, plan.last_date
        if first is None or last is None:
            return plan
        import_id = tx.insert("roster_import", {
            "file_name": plan.file_name, "first_date": first.isoformat(),
            "last_date": last.isoformat(), "months": ",".join(plan.months), "duties": len(plan.duties),
            "imported_at": tx.at, "imported_by": session.actor.display_name})
        tx.insert_many("duty_assignment", [
            {"duty_date": d.day.isoformat(), "shift": "full", "role": d.role, "position": d.position,
             "person_id": d.person_id, "source": SOURCE, "note": "导入", "created_at": tx.at, "import_id": import_id}
            for d in plan.duties])
        plan.written, plan.import_id = True, import_id
        tx.audit("roster.history.import", "roster_import", import_id, after={
            **tx.snapshot("roster_import", import_id),
            "unknown_names": {name: count for (name, _why), count in plan.unknown.items()},
            "rejected": len(plan.rejected),
            "assignments": [[d.day.isoformat(), d.role, d.position, d.person_id, d.name] for d in plan.duties]})
    return plan


def void_import(session: Session, import_id: int, reason: str) -> int:
    """Void an import and every duty of it still in force. Returns how many duties were voided."""
    session.require("roster.history")
    with session.write() as tx:
        tx.void("roster_import", import_id, reason, op="roster.history.void", entity="roster_import")
        duties = tx.column("SELECT id FROM duty_assignment WHERE import_id = ? AND voided_at IS NULL", (import_id,))
        for duty_id in duties:
            tx.update("duty_assignment", duty_id, {"voided_at": tx.at, "void_reason": f"导入作废：{reason.strip()}"})
    return len(duties)


def void_imported_duty(session: Session, duty_id: int, reason: str) -> None:
    """Void one imported duty (a line of the old table that was wrong)."""
    session.require("roster.history")
    with session.write() as tx:
        row = tx.row("SELECT source FROM duty_assignment WHERE id = ?", (duty_id,))
        if row is None or row[0] != SOURCE:
            raise ValidationError("这不是导入的历史值班；已发布的排班请通过串班、代班或重新发布调整。")
        tx.void("duty_assignment", duty_id, reason, op="roster.history.void_duty", entity="duty_assignment")


def imports(store: Store) -> list[dict[str, Any]]:
    """Every import, newest first, with how many of its duties are in force."""
    rows = store.rows("SELECT i.*, (SELECT COUNT(*) FROM duty_assignment a WHERE a.import_id = i.id"
                      " AND a.voided_at IS NULL) AS in_force FROM roster_import i ORDER BY i.id DESC")
    return [{**dict(r), "months": r["months"].split(",") if r["months"] else []} for r in rows]

