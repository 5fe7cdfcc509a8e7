"""Importing the staff list counties keep (局机关值班人员名单 / 花名册 .xlsx) into the 值班人员 model.

The sheet is read by the contact importer's reader (title rows, merged 股室 blocks, header variants,
full-width digits, several numbers per cell) with the staff list's own header names, and its people are
planned by the contact planner: each person goes under the bureau (本单位, the ``org.name`` setting) in
their 股室, and is the existing contact of the same name and phone rather than a new one; a person listed
twice is merged. On top of that each person gets the duty roles the sheet gives them ("带班领导",
"带班", "领导带班", "值班长", "值班员", "备勤", several in one cell, or one tick column per role) and
"不值夜班" (its own column, or written in 备注 or the role cell).

The preview is exactly what the import does; the import is one transaction. Roles the sheet gives replace
a person's roles; a person without roles in the sheet keeps theirs. Nobody is taken off the roster.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dutyroom import settings
from dutyroom.contacts.importer import OUTCOME_LABELS, ContactPlanner, RowOutcome, read_person_rows
from dutyroom.contacts.xlsx_read import Vocabulary, Workbook, read_workbook
from dutyroom.duty.roles import DUTY_ROLES, ROLE_ORDER
from dutyroom.roster.staff import (
    KEEP,
    StaffChange,
    apply_change,
    bureau_unit_id,
    snapshot,
    staff_list,
    target,
)
from dutyroom.session import Session, Tx
from dutyroom.store import Store
from dutyroom.tasks import TaskState

TICK_FIELDS = ("leader", "chief", "officer", "standby")
STAFF_ALIASES: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序"),
    "name": ("姓名", "名字", "人员姓名", "值班人员", "人员", "姓 名"),
    "unit": ("股室", "科室", "部门", "处室", "所在股室", "所在科室", "所在部门", "股室单位", "单位", "所在单位",
             "工作部门", "内设机构", "股室名称", "科室名称"),
    "position": ("职务", "职级", "职务职级", "职务/职级", "职务、职级", "职称", "现任职务", "职位"),
    "mobile": ("手机", "手机号", "手机号码", "移动电话"),
    "phone": ("联系电话", "电话", "联系方式", "电话号码"),
    "office": ("办公电话", "座机", "办公室电话", "固定电话"),
    "short": ("短号", "集团短号", "虚拟网"),
    "roles": ("值班岗位", "排班岗位", "值班类别", "值班角色", "值班类型", "岗位类别", "值班职责", "值班身份",
              "岗位", "值班岗", "担任岗位", "值班分工"),
    "leader": ("带班领导", "带班", "领导带班", "值班领导"),
    "chief": ("值班长",),
    "officer": ("值班员",),
    "standby": ("备勤", "备勤人员"),
    "no_night": ("不值夜班", "不值夜", "不排夜班", "不值夜班人员"),
    "night": ("值夜班", "是否值夜班", "夜班"),
    "join": ("到岗日期", "到岗时间", "入职日期", "调入日期"),
    "leave": ("调离日期", "离岗日期", "调离时间"),
    "notes": ("备注", "说明", "附注"),
}
STAFF_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("不值夜", "no_night"), ("夜班", "night"), ("岗位", "roles"), ("手机", "mobile"), ("办公", "office"),
    ("电话", "phone"), ("姓名", "name"), ("职务", "position"), ("备注", "notes"), ("股室", "unit"), ("科室", "unit"),
)
_SIGNS = {"unit", "roles", "mobile", "phone", "position", "no_night", *TICK_FIELDS}


def _staff_table(kinds: set[str]) -> str | None:
    return "persons" if "name" in kinds and kinds & _SIGNS else None


STAFF_LIST = Vocabulary(STAFF_ALIASES, STAFF_KEYWORDS, _staff_table,
                        "表头应包含“姓名”列，以及“股室”、“职务”、“手机”或“值班岗位”等列")

# The words counties write for each role, longest first so that "值班长" is not read as "值班".
ROLE_PHRASES: dict[str, str] = {
    "带班领导": "leader", "领导带班": "leader", "带班局领导": "leader", "局领导带班": "leader", "值班领导": "leader",
    "带班": "leader", "值班长": "chief", "值班主任": "chief", "总值班": "chief", "值班员": "officer",
    "值班人员": "officer", "值班干部": "officer", "值班工作人员": "officer", "值守人员": "officer",
    "值班": "officer", "备勤人员": "standby", "应急备勤": "standby", "备勤": "standby",
}
NO_NIGHT_PHRASES = ("不值夜班", "不值夜", "不排夜班", "不上夜班", "免值夜班", "免夜班")
_PHRASE = re.compile("|".join(re.escape(w) for w in sorted([*ROLE_PHRASES, *NO_NIGHT_PHRASES], key=len,
                                                           reverse=True)))
_FILLER = re.compile(r"[\s、，,/／;；+＋和及与兼（）()【】\[\]]+")
TRUE_MARKS = {"✓", "√", "✔", "☑", "●", "是", "1", "y", "yes", "有", "v", "true"}
FALSE_MARKS = {"", "否", "0", "×", "✗", "✘", "x", "无", "n", "no", "-", "—", "/", "false"}
LEADERS_BLOCK = {"局领导", "局领导班子", "领导班子", "班子成员", "局班子", "局领导成员"}
_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_role_text(text: str) -> tuple[set[str], bool, list[str]]:
    """(roles, 不值夜班 written, words not understood) of a role cell such as "带班领导、值班长"."""
    text = unicodedata.normalize("NFKC", text or "")
    roles: set[str] = set()
    no_night = False
    for found in _PHRASE.findall(text):
        if found in ROLE_PHRASES:
            roles.add(ROLE_PHRASES[found])
        else:
            no_night = True
    rest = [w for w in _FILLER.split(_PHRASE.sub(" ", text)) if w]
    return roles, no_night, rest


def _tick(value: Any) -> bool | None:
    """A tick cell: True (✓ √ 是 1), False (blank, 否, 0, ×), None (something else)."""
    text = _text(value).lower()
    if text in TRUE_MARKS:
        return True
    if text in FALSE_MARKS:
        return False
    return None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    found = _DATE.search(_text(value))
    if found:
        try:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError:
            return None
    return None


@dataclass
class _Facts:
    """What one row says about a person's duty."""

    roles: set[str] = field(default_factory=set)
    no_night: bool | None = None
    join: Any = KEEP
    leave: Any = KEEP
    warnings: list[str] = field(default_factory=list)


def _row_facts(values: dict[str, list[Any]]) -> _Facts:
    facts = _Facts()
    for cell in values.get("roles", []):
        roles, no_night, unknown = parse_role_text(_text(cell))
        facts.roles |= roles
        facts.no_night = True if no_night else facts.no_night
        if unknown:
            facts.warnings.append(f"值班岗位“{'、'.join(unknown)}”无法识别，已忽略")
    for role in TICK_FIELDS:
        for cell in values.get(role, []):
            ticked = _tick(cell)
            if ticked:
                facts.roles.add(role)
            elif ticked is None:
                facts.warnings.append(f"“{DUTY_ROLES[role]}”一栏的“{_text(cell)}”不是勾选标记，已忽略")
    for key, inverted in (("no_night", False), ("night", True)):
        for cell in values.get(key, []):
            ticked = _tick(cell)
            if ticked is None and key == "night" and not _text(cell):
                continue
            if ticked is None:
                facts.warnings.append(f"“{_text(cell)}”看不出是否值夜班，已忽略")
            elif facts.no_night is not True:
                facts.no_night = ticked != inverted
    for cell in values.get("notes", []) + values.get("position", []):
        if any(phrase in _text(cell) for phrase in NO_NIGHT_PHRASES):
            facts.no_night = True
    for key in ("join", "leave"):
        for cell in values.get(key, []):
            if not _text(cell):
                continue
            day = _date(cell)
            if day is None:
                facts.warnings.append(f"日期“{_text(cell)}”无法识别，已忽略")
            else:
                setattr(facts, key, day)
    return facts


def _merged_facts(rows: list[_Facts]) -> _Facts:
    out = _Facts()
    for facts in rows:
        out.roles |= facts.roles
        if facts.no_night is not None:
            out.no_night = bool(out.no_night) or facts.no_night
        for key in ("join", "leave"):
            if getattr(facts, key) is not KEEP:
                setattr(out, key, getattr(facts, key))
        out.warnings += facts.warnings
    return out


# -- the plan -----------------------------------------------------------------------------------------

@dataclass
class StaffRow:
    """One person of the sheet (or a row that was merged, skipped or rejected), as the preview shows it."""

    sheet: str
    row: int
    outcome: str               # new, update, unchanged, merged, rejected, skipped
    name: str = ""
    unit_path: str = ""
    position: str = ""
    roles: list[str] = field(default_factory=list)
    no_night: bool = False
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    person_id: int | None = None

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]

    @property
    def role_labels(self) -> str:
        return "、".join(DUTY_ROLES[r] for r in self.roles)


@dataclass
class StaffPlan:
    file_name: str
    rows: list[StaffRow]
    new_units: list[str]
    notices: list[str]                      # about the whole sheet (not one row)
    skipped_sheets: list[tuple[str, str]]
    written: bool = False

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.outcome == outcome)

    @property
    def people(self) -> list[StaffRow]:
        return [r for r in self.rows if r.outcome in ("new", "update", "unchanged")]

    def roles(self) -> dict[str, int]:
        counts = Counter(role for r in self.people for role in r.roles)
        return {role: counts.get(role, 0) for role in ROLE_ORDER}

    def as_json(self) -> dict[str, Any]:
        return {
            "created": self.count("new"), "updated": self.count("update"), "unchanged": self.count("unchanged"),
            "merged": self.count("merged"),
            "rejected": [{"row": r.row, "sheet": r.sheet, "reason": r.reason, "name": r.name}
                         for r in self.rows if r.outcome == "rejected"],
            "warnings": [{"row": r.row, "sheet": r.sheet, "name": r.name, "warning": w}
                         for r in self.rows for w in r.warnings]
            + [{"row": None, "sheet": None, "name": "", "warning": n} for n in self.notices],
            "roles": self.roles(), "no_night": sum(1 for r in self.people if r.no_night),
            "new_units": self.new_units,
            "skipped_sheets": [{"sheet": s, "reason": why} for s, why in self.skipped_sheets],
            "people": [{"row": r.row, "sheet": r.sheet, "name": r.name, "unit": r.unit_path, "position": r.position,
                        "roles": r.roles, "no_night": r.no_night, "outcome": r.outcome, "changes": r.reason}
                       for r in self.people],
            "written": self.written,
        }

    def summary(self) -> str:
        roles = self.roles()
        return (f"新建 {self.count('new')} 人，更新 {self.count('update')} 人，无变化 {self.count('unchanged')} 人，"
                f"重复已合并 {self.count('merged')} 行，拒绝 {self.count('rejected')} 行；"
                + "，".join(f"{DUTY_ROLES[r]} {n} 人" for r, n in roles.items())
                + f"，不值夜班 {sum(1 for r in self.people if r.no_night)} 人")


_ROLE_LIST = "、".join(DUTY_ROLES.values())


def _describe(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    def roles(values: list[str]) -> str:
        return "、".join(DUTY_ROLES[r] for r in values) or "无"

    out = []
    if not before["is_staff"]:
        out.append("列为值班人员")
    if before["duty_roles"] != after["duty_roles"]:
        out.append(f"值班岗位：{roles(before['duty_roles'])} → {roles(after['duty_roles'])}")
    if bool(before["no_night"]) != bool(after["no_night"]):
        out.append("不值夜班" if after["no_night"] else "取消不值夜班")
    for key, label in (("join_date", "到岗日期"), ("leave_date", "调离日期")):
        if before[key] != after[key]:
            out.append(f"{label}：{before[key] or '无'} → {after[key] or '无'}")
    return out


class _StaffPlanner:
    def __init__(self, store: Store, workbook: Workbook, state: TaskState | None) -> None:
        self.store, self.workbook = store, workbook
        self.contacts = ContactPlanner(store, workbook, [], state)
        self.changes: list[tuple[Any, StaffChange]] = []      # (contact draft, what to set)
        self.bureau = self._bureau_path()

    def _bureau_path(self) -> tuple[str, ...]:
        unit_id = bureau_unit_id(self.store)
        if unit_id is not None and unit_id in self.contacts.units:
            return self.contacts.units[unit_id].path
        return (settings.get(self.store, "org.name"),)

    def _place(self, unit: tuple[str, ...] | None) -> tuple[str, ...] | None:
        """The sheet's 股室 under the bureau; the bureau itself for 局领导 blocks. A row without a 股室 stays
        without one here: an existing person keeps their unit, a new one goes under the bureau (``_home``)."""
        if not unit:
            return None
        parts = list(unit)
        name = self.bureau[-1]
        if parts and parts[0] in self.bureau:
            parts = parts[parts.index(self.bureau[-1]) + 1:] if self.bureau[-1] in parts else parts[1:]
        if parts and parts[0].startswith(name) and len(parts[0]) > len(name):
            parts[0] = parts[0][len(name):]
        if parts and parts[0] in LEADERS_BLOCK:
            parts = parts[1:]
        return (*self.bureau, *parts)

    def plan(self) -> StaffPlan:
        outcomes: list[RowOutcome] = []
        rows = []
        for table in self.workbook.tables:
            rows += read_person_rows(table, [], outcomes)
        for row in rows:
            row.unit = self._place(row.unit)
            row.tags = []
        self.contacts.outcomes = outcomes
        self.contact_plan = self.contacts.plan_rows(rows, [])
        self._home()
        self._mark_units()
        by_row = {(o.sheet, o.row): o for o in self.contacts.outcomes}
        staff_rows = {(r.sheet, r.row): StaffRow(r.sheet, r.row, r.outcome, r.name, r.unit_path, r.position,
                                                 reason=r.reason, warnings=list(r.warnings))
                      for r in by_row.values()}
        has_roles = any(table.fields() & {"roles", *TICK_FIELDS} for table in self.workbook.tables)
        for draft in self.contacts.drafts:
            self._plan_person(draft, staff_rows[(draft.first.sheet, draft.first.row)], has_roles)
        order = {t.sheet: n for n, t in enumerate(self.workbook.tables)}
        ordered = sorted(staff_rows.values(), key=lambda r: (order.get(r.sheet, 0), r.row))
        return StaffPlan(self.workbook.path.name, ordered, self.contact_plan.new_units,
                         self._notices(ordered, has_roles), self.workbook.skipped_sheets)

    def _home(self) -> None:
        """New people the sheet gives no 股室 go under the bureau itself."""
        for draft in self.contacts.drafts:
            if draft.existing is None and draft.unit_ref is None:
                draft.unit_ref = self.contacts.resolve_unit(self.bureau)
                draft.first.unit_path = self.contacts.unit_path_text(draft.unit_ref)
        self.contact_plan.new_units = ["/".join(p) for p in self.contacts.new_units]

    def _mark_units(self) -> None:
        """New units of the import: the bureau is 本局, its 股室 are 内设机构."""
        for path, entry in self.contacts.new_units.items():
            if path == self.bureau:
                entry["kind"] = "bureau"
            elif path[:len(self.bureau)] == self.bureau:
                entry["kind"] = "internal"

    def _plan_person(self, draft: Any, shown: StaffRow, has_roles: bool) -> None:
        facts = _merged_facts([_row_facts(row.values) for row in draft.sources])
        change = StaffChange(roles=[r for r in ROLE_ORDER if r in facts.roles] if facts.roles else KEEP,
                             no_night=KEEP if facts.no_night is None else facts.no_night,
                             join_date=facts.join, leave_date=facts.leave, staff=True)
        self.changes.append((draft, change))
        shown.warnings += facts.warnings
        if draft.existing is not None:
            before = snapshot(self.store, draft.existing["id"])
            after = target(before, change)
            staff_changes = _describe(before, after)
            if staff_changes:
                shown.outcome = "update"
                shown.reason = "；".join(filter(None, [shown.reason, *staff_changes]))
            shown.person_id = draft.existing["id"]
            if not shown.unit_path and draft.existing["unit_id"] in self.contacts.units:
                shown.unit_path = self.contacts.units[draft.existing["unit_id"]].path_text
        else:
            after = {"duty_roles": change.roles if change.roles is not KEEP else [],
                     "no_night": bool(facts.no_night)}
        shown.roles, shown.no_night = list(after["duty_roles"]), bool(after["no_night"])
        if has_roles and not shown.roles:
            shown.warnings.append(f"未填写值班岗位（{_ROLE_LIST}），导入后请在“值班人员”中设置")

    def _notices(self, rows: list[StaffRow], has_roles: bool) -> list[str]:
        out = []
        if not has_roles:
            out.append(f"表中没有值班岗位列（如“值班岗位”，或“{_ROLE_LIST}”勾选列），导入后请在“值班人员”中为每人设置。")
        listed = {r.person_id for r in rows if r.person_id}
        missing = [m.name for m in staff_list(self.store) if m.id not in listed]
        if missing and any(r.outcome in ("new", "update", "unchanged") for r in rows):
            names = "、".join(missing[:10]) + ("等" if len(missing) > 10 else "")
            out.append(f"已有{len(missing)}名值班人员不在本表中，未作改动：{names}。")
        return out

    def write(self, tx: Tx, plan: StaffPlan) -> None:
        if any(r.outcome in ("new", "update") for r in self.contact_plan.rows) or self.contacts.new_units:
            self.contacts.write(tx, self.contact_plan)
        shown = {(r.sheet, r.row): r for r in plan.rows}
        for draft, change in self.changes:
            person_id = draft.person_id if draft.person_id is not None else draft.existing["id"]
            apply_change(tx, person_id, change)
            shown[(draft.first.sheet, draft.first.row)].person_id = person_id
        if tx.rows_changed:
            plan.written = True
            tx.audit("roster.staff.import", "roster_staff", plan.file_name, after={
                k: v for k, v in plan.as_json().items() if k not in ("people", "warnings", "skipped_sheets")})


def read_staff_workbook(path: Path | str) -> Workbook:
    return read_workbook(path, STAFF_LIST, what="值班人员名单")


def preview_staff_import(store: Store, source: Path | str | Workbook, *, state: TaskState | None = None) -> StaffPlan:
    """What importing the staff list would do, person by person. Writes nothing."""
    workbook = source if isinstance(source, Workbook) else read_staff_workbook(source)
    return _StaffPlanner(store, workbook, state).plan()


def import_staff(session: Session, source: Path | str | Workbook, *, state: TaskState | None = None) -> StaffPlan:
    """Import the staff list in one transaction: the plan is made again inside it, so it matches what it writes."""
    session.require("roster.staff")
    session.require("org.edit")
    workbook = source if isinstance(source, Workbook) else read_staff_workbook(source)
    with session.write() as tx:
        planner = _StaffPlanner(session.store, workbook, state)
        plan = planner.plan()
        planner.write(tx, plan)
    return plan
