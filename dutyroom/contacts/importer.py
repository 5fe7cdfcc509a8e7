"""Importing contact sheets: every row gets an outcome, the preview is exactly what the import will do,
and the import itself is one transaction (all rows that were accepted, or nothing).

Outcomes: 新建 (a new person), 更新 (an existing person gains phones/tags or a changed position, unit
or notes), 无变化, 重复已合并 (the same person again further down the file: merged into the first row),
拒绝 (with the reason), 跳过 (blank, subtotal, repeated header and section rows).

A row is the same person as an existing one when the name matches and a phone number is shared, or
the name matches within the same unit. Import never removes numbers or tags; it adds and corrects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dutyroom import org
from dutyroom.contacts.phone_cells import PhoneCellError, parse_phone_cell
from dutyroom.contacts.pinyin import name_keys, text_keys
from dutyroom.contacts.tree import load_units
from dutyroom.contacts.xlsx_read import PHONE_FIELDS, SheetTable, Workbook, header_key, read_workbook
from dutyroom.errors import ValidationError
from dutyroom.session import Session, Tx
from dutyroom.store import Store
from dutyroom.tasks import TaskState

OUTCOME_LABELS = {"new": "新建", "update": "更新", "unchanged": "无变化", "merged": "重复已合并",
                  "rejected": "拒绝", "skipped": "跳过"}
TOTAL_WORDS = ("合计", "小计", "总计", "共计")
UNIT_FIELDS = ("unit", "township", "village")
_ENUMERATOR = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十百]+[)）、.．]|\d+[、.．)）]|[（(]\d+[)）])\s*")
_PATH_SPLIT = re.compile(r"\s*[/／\\]\s*")
_NO_UNIT = {"无", "（无单位）", "(无单位)", "无单位"}
_KIND_BY_LABEL = {label: key for key, label in org.UNIT_KINDS.items()}


@dataclass
class RowOutcome:
    sheet: str
    row: int
    outcome: str
    name: str = ""
    unit_path: str = ""
    position: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    reason: str = ""
    person_id: int | None = None
    warnings: list[str] = field(default_factory=list)
    kind: str = "person"          # "person" | "unit"

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS[self.outcome]


@dataclass
class ImportPlan:
    file_name: str
    rows: list[RowOutcome]
    new_units: list[str]
    skipped_sheets: list[tuple[str, str]]
    written: bool = False

    def count(self, outcome: str, kind: str = "person") -> int:
        return sum(1 for r in self.rows if r.outcome == outcome and r.kind == kind)

    def as_json(self) -> dict[str, Any]:
        def where(r: RowOutcome) -> dict[str, Any]:
            return {"row": r.row, "reason": r.reason, "sheet": r.sheet, "name": r.name}

        return {
            "created": self.count("new"), "updated": self.count("update"), "merged": self.count("merged"),
            "rejected": [where(r) for r in self.rows if r.outcome == "rejected"],
            "unchanged": self.count("unchanged"),
            "skipped": [where(r) for r in self.rows if r.outcome == "skipped"],
            "units_created": len(self.new_units),
            "units_updated": self.count("update", "unit"),
            "new_units": self.new_units,
            "warnings": [{"row": r.row, "sheet": r.sheet, "warning": w} for r in self.rows for w in r.warnings],
            "skipped_sheets": [{"sheet": s, "reason": why} for s, why in self.skipped_sheets],
            "written": self.written,
        }

    def summary(self) -> str:
        rejected = self.count("rejected") + self.count("rejected", "unit")
        parts = [f"新建 {self.count('new')} 人", f"更新 {self.count('update')} 人",
                 f"重复已合并 {self.count('merged')} 行", f"无变化 {self.count('unchanged')} 人",
                 f"拒绝 {rejected} 行"]
        if self.new_units:
            parts.append(f"新建单位 {len(self.new_units)} 个")
        return "，".join(parts)


# -- reading rows ------------------------------------------------------------------------------------

@dataclass
class _Row:
    sheet: str
    row: int
    name: str
    unit: tuple[str, ...] | None
    position: str
    phones: list[tuple[str, str]]
    tags: list[str]
    notes: str
    backup: str
    values: dict[str, list[Any]] = field(default_factory=dict)   # every column's raw value, by field


@dataclass
class _UnitRow:
    sheet: str
    row: int
    path: tuple[str, ...]
    kind: str | None
    values: dict[str, str]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _split_path(text: str) -> tuple[str, ...]:
    return tuple(p for p in (re.sub(r"\s+", "", part) for part in _PATH_SPLIT.split(text)) if p)


def _section_title(cells: list[Any], wide: bool, columns: dict[int, str]) -> str | None:
    """The text of a block title row ("一、县直部门", a merged row "石门镇"), else None."""
    filled = [i for i, v in enumerate(cells) if _text(v)]
    values = {_text(cells[i]) for i in filled}
    if len(values) != 1:
        return None
    text = values.pop()
    if not wide and (len(filled) != 1 or columns.get(filled[0]) in ("name", "seq") or text.isdigit()):
        return None
    title = _ENUMERATOR.sub("", text).strip()
    return title or None


def _clean_name(text: str) -> str:
    return re.sub(r"[\s\u3000]+", "", text)


def read_person_rows(table: SheetTable, default_tags: list[str], outcomes: list[RowOutcome]) -> list[_Row]:
    """The person rows of a table (skipped and rejected rows go to ``outcomes``), each with the raw value of
    every column by field, so that importers of other sheets (staff lists) read their own columns too."""
    columns = table.columns
    unit_columns = [i for i, f in sorted(columns.items()) if f in UNIT_FIELDS]
    last_unit: dict[int, str] = {}
    section: str | None = None
    out: list[_Row] = []

    def first(cells: list[Any], name: str) -> str:
        for index, field_name in columns.items():
            if field_name == name and index < len(cells):
                text = _text(cells[index])
                if text:
                    return text
        return ""

    for number, cells in table.rows:
        def skip(reason: str, number: int = number) -> None:
            outcomes.append(RowOutcome(table.sheet, number, "skipped", reason=reason))

        texts = [_text(c) for c in cells]
        if not any(texts):
            skip("空行")
            continue
        if any(word in t for t in texts for word in TOTAL_WORDS if len(t) <= 12):
            skip("合计行")
            continue
        name_text = first(cells, "name")
        if name_text and header_key(name_text) in ("姓名", "名字"):
            skip("重复的表头行")
            continue
        title = _section_title(cells, number in table.merged_rows, columns)
        if title is not None and (not unit_columns or not any(texts[i] for i in unit_columns if i < len(texts))
                                  or number in table.merged_rows):
            section = title
            last_unit.clear()
            skip(f"分组标题行：{title}")
            continue
        # The unit may be written only on the first row of its block: fill down, a new value at a higher
        # level (乡镇) clears the lower one (村).
        parts: list[str] = []
        for level, index in enumerate(unit_columns):
            value = texts[index] if index < len(texts) else ""
            if value:
                if last_unit.get(index) != value:
                    for lower in unit_columns[level + 1:]:
                        last_unit.pop(lower, None)
                last_unit[index] = value
            if last_unit.get(index):
                parts.append(last_unit[index])
        unit: tuple[str, ...] | None
        if unit_columns:
            unit = None if (parts and parts[-1] in _NO_UNIT) or not parts else tuple(
                p for part in parts for p in _split_path(part))
        else:
            unit = _split_path(section) if section else None
        name = _clean_name(name_text)
        position = first(cells, "position")
        outcome = RowOutcome(table.sheet, number, "rejected", name=name, position=position,
                             unit_path="/".join(unit or ()))
        phones: list[tuple[str, str]] = []
        try:
            for index, field_name in sorted(columns.items()):
                if field_name in PHONE_FIELDS and index < len(cells):
                    phones += parse_phone_cell(cells[index], field_name)
        except PhoneCellError as exc:
            outcome.reason = exc.reason + "，该行未导入"
            outcomes.append(outcome)
            continue
        if not name:
            if phones or position:
                outcome.reason = "缺少姓名，该行未导入"
                outcomes.append(outcome)
            else:
                skip("没有姓名和电话的行")
            continue
        if re.search(r"\d", name):
            outcome.reason = f"姓名“{name}”含有数字（可能错列），该行未导入"
            outcomes.append(outcome)
            continue
        if len(name) > 30:
            outcome.reason = f"姓名“{name[:12]}…”过长（最多30字），该行未导入"
            outcomes.append(outcome)
            continue
        tags_text = first(cells, "tags")
        tags = [t for t in re.split(r"[、,，;；/\s]+", tags_text) if t] + list(default_tags)
        values: dict[str, list[Any]] = {}
        for index, field_name in sorted(columns.items()):
            if index < len(cells):
                values.setdefault(field_name, []).append(cells[index])
        out.append(_Row(table.sheet, number, name, unit, position, list(dict.fromkeys(phones)),
                        list(dict.fromkeys(tags)), first(cells, "notes"), _clean_name(first(cells, "backup")), values))
    return out


def _read_unit_rows(table: SheetTable, outcomes: list[RowOutcome]) -> list[_UnitRow]:
    out: list[_UnitRow] = []
    for number, cells in table.rows:
        values = {f: _text(cells[i]) for i, f in table.columns.items() if i < len(cells) and _text(cells[i])}
        path = _split_path(values.get("unit", ""))
        if not path:
            if any(_text(c) for c in cells):
                outcomes.append(RowOutcome(table.sheet, number, "skipped", kind="unit", reason="缺少单位名称"))
            continue
        kind_text = values.get("unit_kind", "")
        kind = _KIND_BY_LABEL.get(kind_text) or (kind_text if kind_text in org.UNIT_KINDS else None)
        row = RowOutcome(table.sheet, number, "rejected", kind="unit", name=path[-1], unit_path="/".join(path))
        if kind_text and kind is None:
            row.reason = f"未知的单位类型“{kind_text}”"
            outcomes.append(row)
            continue
        phones: dict[str, str] = {}
        try:
            for key in ("duty", "fax"):
                found = parse_phone_cell(values[key], key) if key in values else []
                phones[key] = found[0][1] if found else ""
        except PhoneCellError as exc:
            row.reason = exc.reason + "，该行未导入"
            outcomes.append(row)
            continue
        out.append(_UnitRow(table.sheet, number, path, kind, {
            "duty_phone": phones["duty"], "fax": phones["fax"], "address": values.get("address", ""),
            "notes": values.get("notes", "")}))
    return out


# -- planning ----------------------------------------------------------------------------------------

def guess_unit_kind(name: str, parent_kind: str | None) -> str:
    if re.search(r"(村|社区|居委会|村委会|组)$", name):
        return "village"
    if re.search(r"(镇|乡|街道|街道办事处|人民政府)$", name) and parent_kind in (None, "county"):
        return "township"
    if re.search(r"(救援队|突击队|应急队|抢险队|民兵连)$", name):
        return "rescue_team"
    if name.endswith("专家组"):
        return "expert_group"
    if re.search(r"(公司|厂|矿|集团|电站|加油站)$", name):
        return "enterprise"
    if parent_kind == "township":
        return "village"
    if re.search(r"(局|委|办|中心|所|站|院|队|部|室|馆|公司|委员会)$", name):
        return "department"
    return "other"


@dataclass
class _Draft:
    """One person as the file describes them (several rows when duplicated)."""
    first: RowOutcome
    name: str
    unit_ref: Any
    position: str
    phones: list[tuple[str, str]]
    tags: list[str]
    notes: str
    backup: str
    existing: dict[str, Any] | None = None
    person_id: int | None = None
    backup_ref: Any = None
    sources: list[_Row] = field(default_factory=list)   # every row of the file that describes this person

    def digits(self) -> set[str]:
        return {re.sub(r"\D", "", n) for _k, n in self.phones}


class ContactPlanner:
    """What an import of contact rows will do (``plan``) and doing it inside a write (``write``); the staff
    list import plans its people with it too."""

    def __init__(self, store: Store, workbook: Workbook, default_tags: list[str], state: TaskState | None) -> None:
        self.store, self.workbook, self.state = store, workbook, state
        self.default_tags = default_tags
        self.outcomes: list[RowOutcome] = []
        units = load_units(store)
        self.units = {u.id: u for u in units.values()}
        self.unit_by_path: dict[tuple[str, ...], Any] = {u.path: u.id for u in units.values()}
        self.paths_by_name: dict[str, list[tuple[str, ...]]] = {}
        for unit in units.values():
            self.paths_by_name.setdefault(unit.name, []).append(unit.path)
        self.new_units: dict[tuple[str, ...], dict[str, Any]] = {}   # path -> {kind, values}
        self.unit_updates: dict[int, dict[str, str]] = {}
        self._load_persons()
        self.drafts: list[_Draft] = []
        self.drafts_by_name: dict[str, list[_Draft]] = {}
        self.drafts_by_person: dict[int, _Draft] = {}

    def _load_persons(self) -> None:
        store = self.store
        self.persons: dict[int, dict[str, Any]] = {}
        for row in store.iterate("SELECT id, name, unit_id, position, notes, backup_person_id FROM person"
                                 " WHERE voided_at IS NULL"):
            self.persons[row[0]] = {"id": row[0], "name": row[1], "unit_id": row[2], "position": row[3],
                                    "notes": row[4], "backup_person_id": row[5], "phones": [], "tags": []}
        for person_id, kind, number in store.iterate(
                "SELECT person_id, kind, number FROM person_phone ORDER BY person_id, sort_order, id"):
            if person_id in self.persons:
                self.persons[person_id]["phones"].append((kind, number))
        for person_id, tag in store.iterate(
                "SELECT person_id, tag FROM person_tag ORDER BY person_id, sort_order"):
            if person_id in self.persons:
                self.persons[person_id]["tags"].append(tag)
        self.by_name: dict[str, list[int]] = {}
        self.by_digits: dict[str, list[int]] = {}
        for person in self.persons.values():
            self.by_name.setdefault(person["name"], []).append(person["id"])
            for _kind, number in person["phones"]:
                self.by_digits.setdefault(re.sub(r"\D", "", number), []).append(person["id"])

    # units ---------------------------------------------------------------------------------------
    def resolve_unit(self, path: tuple[str, ...] | None) -> Any:
        """An existing unit id, or the path of a unit the import will create. Raises on ambiguity."""
        if not path:
            return None
        if path in self.unit_by_path:
            return self.unit_by_path[path]
        if path in self.new_units:
            return path
        # Written without its parents: find units whose path ends with it.
        matches = [self.unit_by_path[p] if p in self.unit_by_path else p
                   for p in self.paths_by_name.get(path[-1], ()) if p[-len(path):] == path and len(p) > len(path)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise ValidationError(f"单位“{'/'.join(path)}”有{len(matches)}个同名单位，请写出上级单位，"
                                  f"例如“乡镇/村”，该行未导入")
        parent = self.resolve_unit(path[:-1]) if len(path) > 1 else None
        parent_kind = (self.units[parent].kind if isinstance(parent, int) else
                       self.new_units[parent]["kind"] if parent else None)
        full = (self.units[parent].path if isinstance(parent, int) else parent or ()) + (path[-1],)
        self.new_units[full] = {"kind": guess_unit_kind(path[-1], parent_kind), "parent": parent, "values": {}}
        self.paths_by_name.setdefault(full[-1], []).append(full)
        return full

    def unit_path_text(self, ref: Any) -> str:
        if ref is None:
            return ""
        return "/".join(self.units[ref].path if isinstance(ref, int) else ref)

    def plan_units(self, rows: list[_UnitRow]) -> None:
        for row in rows:
            outcome = RowOutcome(row.sheet, row.row, "unchanged", kind="unit", name=row.path[-1],
                                 unit_path="/".join(row.path))
            try:
                ref = self.resolve_unit(row.path)
            except ValidationError as exc:
                outcome.outcome, outcome.reason = "rejected", exc.message
                self.outcomes.append(outcome)
                continue
            if isinstance(ref, int):
                current = self.units[ref]
                changes = {k: v for k, v in row.values.items() if v and getattr(current, k) != v}
                if changes:
                    self.unit_updates.setdefault(ref, {}).update(changes)
                    outcome.outcome = "update"
                    outcome.reason = "；".join(f"{_UNIT_LABELS[k]}：{getattr(current, k) or '空'} → {v}"
                                              for k, v in changes.items())
            else:
                entry = self.new_units[ref]
                if row.kind:
                    entry["kind"] = row.kind
                entry["values"].update({k: v for k, v in row.values.items() if v})
                outcome.outcome, outcome.reason = "new", "新建单位"
            self.outcomes.append(outcome)

    # persons -------------------------------------------------------------------------------------
    def plan_persons(self, rows: list[_Row]) -> None:
        for done, row in enumerate(rows):
            if self.state is not None and done % 500 == 0:
                self.state.progress(done, len(rows), "正在核对每一行…")
            outcome = RowOutcome(row.sheet, row.row, "new", name=row.name, position=row.position,
                                 phones=row.phones, tags=row.tags, unit_path="/".join(row.unit or ()))
            self.outcomes.append(outcome)
            try:
                ref = self.resolve_unit(row.unit)
            except ValidationError as exc:
                outcome.outcome, outcome.reason = "rejected", exc.message
                continue
            outcome.unit_path = self.unit_path_text(ref)
            digits = {re.sub(r"\D", "", n) for _k, n in row.phones}
            twin = next((d for d in self.drafts_by_name.get(row.name, ()) if (digits & d.digits())
                         or d.unit_ref == ref), None)
            if twin is not None:
                twin.phones = list(dict.fromkeys(twin.phones + row.phones))
                twin.tags = list(dict.fromkeys(twin.tags + row.tags))
                twin.position = twin.position or row.position
                twin.notes = twin.notes or row.notes
                twin.backup = twin.backup or row.backup
                twin.sources.append(row)
                outcome.outcome = "merged"
                outcome.reason = f"与第{twin.first.row}行（{twin.first.sheet}）是同一人，已合并"
                continue
            draft = _Draft(outcome, row.name, ref, row.position, list(row.phones), list(row.tags), row.notes,
                           row.backup, sources=[row])
            draft.existing = self._match(draft)
            earlier = self.drafts_by_person.get(draft.existing["id"]) if draft.existing is not None else None
            if earlier is not None:  # two rows, one existing person: the later row adds to the earlier
                earlier.phones = list(dict.fromkeys(earlier.phones + row.phones))
                earlier.tags = list(dict.fromkeys(earlier.tags + row.tags))
                earlier.sources.append(row)
                outcome.outcome = "merged"
                outcome.reason = f"与第{earlier.first.row}行（{earlier.first.sheet}）是同一人，已合并"
                continue
            self.drafts.append(draft)
            self.drafts_by_name.setdefault(draft.name, []).append(draft)
            if draft.existing is not None:
                self.drafts_by_person[draft.existing["id"]] = draft
        for draft in self.drafts:
            self._settle(draft)

    def _match(self, draft: _Draft) -> dict[str, Any] | None:
        candidates = [self.persons[i] for i in self.by_name.get(draft.name, [])]
        digits = draft.digits()
        for person in candidates:
            if digits & {re.sub(r"\D", "", n) for _k, n in person["phones"]}:
                return person
        same_unit = [p for p in candidates if isinstance(draft.unit_ref, int) and p["unit_id"] == draft.unit_ref]
        if len(same_unit) == 1:
            return same_unit[0]
        if draft.unit_ref is None and len(candidates) == 1 and not candidates[0]["phones"]:
            return candidates[0]
        shared = {pid for d in digits for pid in self.by_digits.get(d, [])}
        if shared:
            others = "、".join(sorted({self.persons[p]["name"] for p in shared}))
            draft.first.warnings.append(f"电话与已有人员“{others}”相同，请确认不是同一人")
        return None

    def _settle(self, draft: _Draft) -> None:
        outcome = draft.first
        outcome.phones, outcome.tags, outcome.position = draft.phones, draft.tags, draft.position
        person = draft.existing
        if person is None:
            outcome.outcome = "new"
            return
        outcome.person_id = person["id"]
        changes = []
        if isinstance(draft.unit_ref, int) and draft.unit_ref != person["unit_id"] or (
                draft.unit_ref is not None and not isinstance(draft.unit_ref, int)):
            old = self.units[person["unit_id"]].path_text if person["unit_id"] in self.units else "无"
            changes.append(f"单位：{old} → {self.unit_path_text(draft.unit_ref)}")
        if draft.position and draft.position != person["position"]:
            changes.append(f"职务：{person['position'] or '空'} → {draft.position}")
        known = {re.sub(r"\D", "", n) for _k, n in person["phones"]}
        added = [n for _k, n in draft.phones if re.sub(r"\D", "", n) not in known]
        if added:
            changes.append("新增电话：" + "、".join(added))
        new_tags = [t for t in draft.tags if t not in person["tags"]]
        if new_tags:
            changes.append("新增标签：" + "、".join(new_tags))
        if draft.notes and draft.notes != person["notes"]:
            changes.append("备注已更新")
        outcome.outcome = "update" if changes else "unchanged"
        outcome.reason = "；".join(changes)

    def plan_backups(self) -> None:
        for draft in self.drafts:
            if not draft.backup:
                continue
            anywhere = self.drafts_by_name.get(draft.backup, [])
            existing_any = self.by_name.get(draft.backup, [])
            same_unit = [d for d in anywhere if d.unit_ref == draft.unit_ref]
            existing_same = [self.persons[i] for i in existing_any
                             if isinstance(draft.unit_ref, int) and self.persons[i]["unit_id"] == draft.unit_ref]
            if same_unit:
                draft.backup_ref = same_unit[0]
            elif existing_same:
                draft.backup_ref = existing_same[0]["id"]
            elif len(anywhere) == 1 and not existing_any:
                draft.backup_ref = anywhere[0]
            elif len(existing_any) == 1 and not anywhere:
                draft.backup_ref = existing_any[0]
            else:
                draft.first.warnings.append(f"B角“{draft.backup}”未找到或有重名，未设置")
                continue
            target = draft.backup_ref.existing["id"] if isinstance(draft.backup_ref, _Draft) and \
                draft.backup_ref.existing else draft.backup_ref
            if draft.existing is not None and target != draft.existing["backup_person_id"]:
                if draft.first.outcome == "unchanged":
                    draft.first.outcome = "update"
                draft.first.reason = "；".join(filter(None, [draft.first.reason, f"B角：{draft.backup}"]))

    def plan(self) -> ImportPlan:
        person_rows: list[_Row] = []
        unit_rows: list[_UnitRow] = []
        for table in self.workbook.tables:
            if table.kind == "units":
                unit_rows += _read_unit_rows(table, self.outcomes)
            else:
                person_rows += read_person_rows(table, self.default_tags, self.outcomes)
        return self.plan_rows(person_rows, unit_rows)

    def plan_rows(self, person_rows: list[_Row], unit_rows: list[_UnitRow]) -> ImportPlan:
        self.plan_units(unit_rows)
        self.plan_persons(person_rows)
        self.plan_backups()
        order = {(t.sheet): n for n, t in enumerate(self.workbook.tables)}
        self.outcomes.sort(key=lambda r: (order.get(r.sheet, 0), r.row))
        return ImportPlan(self.workbook.path.name, self.outcomes, ["/".join(p) for p in self.new_units],
                          self.workbook.skipped_sheets)

    # writing -------------------------------------------------------------------------------------
    def write(self, tx: Tx, plan: ImportPlan) -> None:
        unit_ids: dict[tuple[str, ...], int] = {}
        for path, entry in self.new_units.items():
            parent = entry["parent"]
            parent_id = parent if isinstance(parent, int) or parent is None else unit_ids[parent]
            keys = text_keys(path[-1])
            order = tx.scalar("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM org_unit WHERE parent_id IS ?",
                              (parent_id,))
            values = {"name": path[-1], "kind": entry["kind"], "parent_id": parent_id, "sort_order": order,
                      "name_initials": keys.initials, "name_pinyin": keys.pinyin,
                      "created_at": tx.at, "updated_at": tx.at, **entry["values"]}
            unit_ids[path] = tx.insert("org_unit", values)
            tx.audit("unit.create", "org_unit", unit_ids[path], after=tx.snapshot("org_unit", unit_ids[path]))
        for changed_id, changes in self.unit_updates.items():
            before = tx.snapshot("org_unit", changed_id)
            tx.update("org_unit", changed_id, {**changes, "updated_at": tx.at})
            tx.audit("unit.update", "org_unit", changed_id, before=before, after=tx.snapshot("org_unit", changed_id))

        def real_unit(ref: Any) -> int | None:
            return ref if isinstance(ref, int) or ref is None else unit_ids[ref]

        from dutyroom.contacts.people import snapshot

        next_order: dict[int | None, int] = {}
        total = len(self.drafts)
        for done, draft in enumerate(self.drafts):
            if self.state is not None and done % 250 == 0:
                self.state.progress(done, total, "正在写入…")
            if draft.first.outcome == "new":
                unit_id = real_unit(draft.unit_ref)
                if unit_id not in next_order:
                    next_order[unit_id] = tx.scalar(
                        "SELECT COALESCE(MAX(sort_order), 0) + 1 FROM person WHERE unit_id IS ?", (unit_id,))
                keys = name_keys(draft.name)
                draft.person_id = tx.insert("person", {
                    "name": draft.name, "unit_id": unit_id, "position": draft.position, "notes": draft.notes,
                    "sort_order": next_order[unit_id], "name_initials": keys.initials, "name_pinyin": keys.pinyin,
                    "created_at": tx.at, "updated_at": tx.at})
                next_order[unit_id] += 1
                _write_phones(tx, draft.person_id, draft.phones, 0)
                _write_tags(tx, draft.person_id, draft.tags, 0)
                draft.first.person_id = draft.person_id
                tx.audit("contacts.import_create", "person", draft.person_id,
                         after=snapshot(tx, draft.person_id) | {"source": plan.file_name})
            elif draft.existing is not None:
                draft.person_id = draft.existing["id"]
                if draft.first.outcome == "update":
                    self._update(tx, draft, real_unit(draft.unit_ref), plan.file_name, snapshot)
        for draft in self.drafts:
            if draft.backup_ref is None or draft.person_id is None:
                continue
            target = draft.backup_ref.person_id if isinstance(draft.backup_ref, _Draft) else draft.backup_ref
            if target is None or target == draft.person_id:
                continue
            current = tx.scalar("SELECT backup_person_id FROM person WHERE id = ?", (draft.person_id,))
            if current != target:
                tx.update("person", draft.person_id, {"backup_person_id": target})
                tx.audit("contacts.backup", "person", draft.person_id, before={"backup_person_id": current},
                         after={"backup_person_id": target})

    def _update(self, tx: Tx, draft: _Draft, unit_id: int | None, file_name: str, snapshot: Any) -> None:
        person = draft.existing
        assert person is not None
        before = snapshot(tx, person["id"])
        values: dict[str, Any] = {}
        if draft.unit_ref is not None and unit_id != person["unit_id"]:
            values["unit_id"] = unit_id
        if draft.position and draft.position != person["position"]:
            values["position"] = draft.position
        if draft.notes and draft.notes != person["notes"]:
            values["notes"] = draft.notes
        known = {re.sub(r"\D", "", n) for _k, n in person["phones"]}
        added = [(k, n) for k, n in draft.phones if re.sub(r"\D", "", n) not in known]
        new_tags = [t for t in draft.tags if t not in person["tags"]]
        if values:
            tx.update("person", person["id"], {**values, "updated_at": tx.at})
        _write_phones(tx, person["id"], added, len(person["phones"]))
        _write_tags(tx, person["id"], new_tags, len(person["tags"]))
        after = snapshot(tx, person["id"])
        if after != before:
            tx.audit("contacts.import_update", "person", person["id"], before=before,
                     after=after | {"source": file_name})


_UNIT_LABELS = {"duty_phone": "值班电话", "fax": "传真", "address": "地址", "notes": "备注"}


def _write_phones(tx: Tx, person_id: int, phones: list[tuple[str, str]], start: int) -> None:
    tx.insert_many("person_phone", [
        {"person_id": person_id, "kind": kind, "number": number, "sort_order": order}
        for order, (kind, number) in enumerate(phones, start=start)])


def _write_tags(tx: Tx, person_id: int, tags: list[str], start: int) -> None:
    # Tags come de-duplicated and without the person's present ones (the table's key is person and tag).
    tx.insert_many("person_tag", [{"person_id": person_id, "tag": tag, "sort_order": order}
                                  for order, tag in enumerate(tags, start=start)])


def _clean_default_tags(tags: list[str] | None) -> list[str]:
    from dutyroom.contacts.people import clean_tags

    return clean_tags(list(tags or []))


def preview_import(store: Store, source: Path | str | Workbook, *, default_tags: list[str] | None = None,
                   state: TaskState | None = None) -> ImportPlan:
    """What importing the file would do, row by row. Writes nothing."""
    workbook = source if isinstance(source, Workbook) else read_workbook(source)
    return ContactPlanner(store, workbook, _clean_default_tags(default_tags), state).plan()


def import_contacts(session: Session, source: Path | str | Workbook, *, default_tags: list[str] | None = None,
                    state: TaskState | None = None) -> ImportPlan:
    """Import in one transaction: the plan is made again inside it, so it matches the data it writes."""
    session.require("contacts.manage")
    workbook = source if isinstance(source, Workbook) else read_workbook(source)
    tags = _clean_default_tags(default_tags)
    with session.write() as tx:
        planner = ContactPlanner(session.store, workbook, tags, state)
        plan = planner.plan()
        if any(r.outcome in ("new", "update") for r in plan.rows) or planner.new_units:
            planner.write(tx, plan)
            tx.audit("contacts.import", "contacts", plan.file_name, after={
                k: v for k, v in plan.as_json().items() if k not in ("skipped", "warnings")})
            plan.written = True
    return plan
