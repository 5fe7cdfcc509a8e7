"""Org units (a tree) and persons: the one people model shared by roster, contacts and duty log."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, cast

from dutyroom.contacts.pinyin import name_keys, text_keys
from dutyroom.duty.roles import DUTY_ROLES
from dutyroom.errors import NotFound, ValidationError
from dutyroom.org.models import PersonRow, UnitRow
from dutyroom.session import Links, Session, Tx
from dutyroom.store import Reader, Store

UNIT_KINDS: dict[str, str] = {
    "superior": "上级机关",
    "county": "县委县政府",
    "bureau": "本局",
    "internal": "内设机构",
    "department": "县直部门/成员单位",
    "township": "乡镇（街道）",
    "village": "村（社区）",
    "rescue_team": "救援队伍",
    "expert_group": "专家组",
    "enterprise": "重点企业",
    "neighbour": "毗邻县",
    "other": "其他",
}

PHONE_KINDS: dict[str, str] = {
    "mobile": "手机",
    "office": "办公",
    "duty": "值班",
    "short": "集团短号",
    "satellite": "卫星电话",
    "fax": "传真",
    "home": "住宅",
}

_UNIT_FIELDS = ("name", "kind", "parent_id", "duty_phone", "fax", "address", "notes", "sort_order")
_PERSON_FIELDS = ("name", "unit_id", "position", "notes", "is_staff", "sort_order")
_PHONE_ALLOWED = re.compile(r"^\+?[0-9()\-]+(转[0-9]+)?$")


def normalize_phone(text: str) -> str:
    """Half-width digits, no spaces; refuses anything that is not a phone number."""
    cleaned = unicodedata.normalize("NFKC", str(text or "")).strip()
    cleaned = re.sub(r"[\s\u3000]+", "", cleaned).replace("—", "-").replace("–", "-")
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-")
    if not cleaned:
        raise ValidationError("电话号码不能为空。", field="phones")
    digits = re.sub(r"\D", "", cleaned)
    if not _PHONE_ALLOWED.match(cleaned):
        raise ValidationError(f"电话号码“{text}”含有无效字符：只能包含数字、“-”，分机用“转”。", field="phones")
    if not 3 <= len(digits) <= 20:
        raise ValidationError(f"电话号码“{text}”位数不对（应为3到20位数字）。", field="phones")
    return cleaned


@dataclass(frozen=True)
class Phone:
    kind: str
    number: str

    @property
    def kind_label(self) -> str:
        return PHONE_KINDS.get(self.kind, self.kind)


@dataclass
class PersonView:
    id: int
    name: str
    unit_id: int | None
    unit_name: str
    unit_path: str
    position: str
    notes: str
    is_staff: bool
    phones: list[Phone] = field(default_factory=list)
    duty_roles: list[str] = field(default_factory=list)
    voided: bool = False

    @property
    def main_phone(self) -> str:
        return self.phones[0].number if self.phones else ""


# -- units -------------------------------------------------------------------------------------------

def clean_unit(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in _UNIT_FIELDS:
            raise ValidationError(f"单位没有“{key}”这一项。")
        if key in ("duty_phone", "fax") and value:
            out[key] = normalize_phone(value)
        elif key in ("name", "address", "notes"):
            out[key] = str(value or "").strip()
        else:
            out[key] = value
    if "name" in out:
        if not out["name"]:
            raise ValidationError("单位名称不能为空。", field="name")
        if len(out["name"]) > 100:
            raise ValidationError("单位名称过长（最多100字）。", field="name")
        keys = text_keys(out["name"])
        out["name_initials"], out["name_pinyin"] = keys.initials, keys.pinyin
    if "kind" in out and out["kind"] not in UNIT_KINDS:
        raise ValidationError(f"未知的单位类型：{out['kind']}", field="kind")
    return out


def require_active_unit(tx: Tx, unit_id: int | None, what: str = "上级单位") -> None:
    if unit_id is None:
        return
    row = tx.row("SELECT voided_at FROM org_unit WHERE id = ?", (unit_id,))
    if row is None:
        raise ValidationError(f"{what}不存在。")
    if row[0]:
        raise ValidationError(f"{what}已作废，不能使用。")


def create_unit(session: Session, *, name: str, kind: str, parent_id: int | None = None, **extra: Any) -> int:
    session.require("org.edit")
    values = clean_unit({"name": name, "kind": kind, "parent_id": parent_id, **extra})
    with session.write() as tx:
        require_active_unit(tx, parent_id)
        if "sort_order" not in values:
            values["sort_order"] = tx.scalar(
                "SELECT COALESCE(MAX(sort_order), 0) + 1 FROM org_unit WHERE parent_id IS ?", (parent_id,))
        unit_id = tx.insert("org_unit", {**values, "created_at": tx.at, "updated_at": tx.at})
        tx.audit("unit.create", "org_unit", unit_id, after=tx.snapshot("org_unit", unit_id))
    return unit_id


def update_unit(session: Session, unit_id: int, **changes: Any) -> bool:
    """Returns whether anything changed (an edit that changes nothing writes nothing)."""
    session.require("org.edit")
    values = clean_unit(changes)
    with session.write() as tx:
        before = tx.snapshot("org_unit", unit_id)
        if before["voided_at"]:
            raise ValidationError("该单位已作废，不能修改。")
        if "parent_id" in values and values["parent_id"] is not None:
            require_active_unit(tx, values["parent_id"])
            ancestors = ancestor_ids(tx, values["parent_id"])
            if unit_id in ancestors or values["parent_id"] == unit_id:
                raise ValidationError("不能把单位移到它自己或它的下级单位之下。", field="parent_id")
        return tx.update_audited("org_unit", unit_id, values, op="unit.update", entity="org_unit",
                                 before=before)


def void_unit(session: Session, unit_id: int, reason: str) -> None:
    session.require("org.edit")
    with session.write() as tx:
        children = tx.scalar("SELECT COUNT(*) FROM org_unit WHERE parent_id = ? AND voided_at IS NULL",
                             (unit_id,))
        members = tx.scalar("SELECT COUNT(*) FROM person WHERE unit_id = ? AND voided_at IS NULL", (unit_id,))
        if children or members:
            raise ValidationError(f"该单位下还有 {children} 个下级单位、{members} 名人员，请先移走或作废它们。")
        tx.void("org_unit", unit_id, reason, op="unit.void", entity="org_unit")


def ancestor_ids(reader: Reader, unit_id: int) -> list[int]:
    return reader.column(
        "WITH RECURSIVE up(id, parent_id, depth) AS ("
        " SELECT id, parent_id, 0 FROM org_unit WHERE id = ?"
        " UNION ALL SELECT u.id, u.parent_id, up.depth + 1 FROM org_unit u JOIN up ON u.id = up.parent_id"
        " WHERE up.depth < 64)"
        " SELECT id FROM up ORDER BY depth",
        (unit_id,),
    )


def unit_path(store: Store, unit_id: int | None, separator: str = " / ") -> str:
    if unit_id is None:
        return ""
    ids = ancestor_ids(store, unit_id)
    if not ids:
        return ""
    names = {row["id"]: row["name"] for row in
             store.rows(f"SELECT id, name FROM org_unit WHERE id IN ({','.join('?' * len(ids))})", ids)}
    return separator.join(names[i] for i in reversed(ids))


def units(store: Store, *, include_voided: bool = False) -> list[UnitRow]:
    where = "" if include_voided else "WHERE voided_at IS NULL"
    return [cast(UnitRow, dict(r)) for r in store.rows(f"SELECT * FROM org_unit {where} ORDER BY parent_id, sort_order, id")]


# -- persons -----------------------------------------------------------------------------------------

def clean_person(values: dict[str, Any]) -> tuple[dict[str, Any], list[Phone] | None, list[str] | None]:
    row: dict[str, Any] = {}
    phones = roles = None
    for key, value in values.items():
        if key == "phones":
            phones = []
            for item in value or []:
                kind, number = (item.kind, item.number) if isinstance(item, Phone) else item
                if kind not in PHONE_KINDS:
                    raise ValidationError(f"未知的电话类型：{kind}", field="phones")
                phones.append(Phone(kind, normalize_phone(number)))
        elif key == "duty_roles":
            wanted = set(value or [])
            unknown = sorted(wanted - set(DUTY_ROLES))
            if unknown:
                raise ValidationError(f"未知的值班岗位：{'、'.join(unknown)}", field="duty_roles")
            roles = [r for r in DUTY_ROLES if r in wanted]
        elif key in _PERSON_FIELDS:
            row[key] = value
        else:
            raise ValidationError(f"人员没有“{key}”这一项。")
    if "name" in row:
        row["name"] = re.sub(r"\s+", "", str(row["name"] or ""))
        if not row["name"]:
            raise ValidationError("姓名不能为空。", field="name")
        if len(row["name"]) > 30:
            raise ValidationError("姓名过长（最多30字）。", field="name")
        keys = name_keys(row["name"])
        row["name_initials"], row["name_pinyin"] = keys.initials, keys.pinyin
    for key in ("position", "notes"):
        if key in row:
            row[key] = str(row[key] or "").strip()
    if "is_staff" in row:
        row["is_staff"] = 1 if row["is_staff"] else 0
    return row, phones, roles


def person_snapshot(tx: Tx, person_id: int) -> dict[str, Any]:
    snap = tx.snapshot("person", person_id)
    snap["phones"] = [[r[0], r[1]] for r in tx.rows(
        "SELECT kind, number FROM person_phone WHERE person_id = ? ORDER BY sort_order, id", (person_id,))]
    snap["duty_roles"] = tx.column("SELECT role FROM person_duty_role WHERE person_id = ? ORDER BY role",
                                   (person_id,))
    return snap


def person_links(person_id: int, phones: list[Phone] | None, roles: list[str] | None) -> list[Links]:
    """Phones and duty roles are attributes of the person: written with it, kept in its audit row."""
    owner = {"person_id": person_id}
    links = []
    if phones is not None:
        links.append(Links("person_phone", owner, [{"kind": p.kind, "number": p.number, "sort_order": order}
                                                   for order, p in enumerate(phones)]))
    if roles is not None:
        links.append(Links("person_duty_role", owner, [{"role": role} for role in roles]))
    return links


def write_person_children(tx: Tx, person_id: int, phones: list[Phone] | None, roles: list[str] | None) -> None:
    for link in person_links(person_id, phones, roles):
        tx.replace_links(link.table, link.owner, link.rows)


def create_person(session: Session, *, name: str, **values: Any) -> int:
    session.require("org.edit")
    row, phones, roles = clean_person({"name": name, **values})
    with session.write() as tx:
        require_active_unit(tx, row.get("unit_id"), "所属单位")
        if "sort_order" not in row:
            row["sort_order"] = tx.scalar(
                "SELECT COALESCE(MAX(sort_order), 0) + 1 FROM person WHERE unit_id IS ?", (row.get("unit_id"),))
        person_id = tx.insert("person", {**row, "created_at": tx.at, "updated_at": tx.at})
        write_person_children(tx, person_id, phones, roles)
        tx.audit("person.create", "person", person_id, after=person_snapshot(tx, person_id))
    return person_id


def update_person(session: Session, person_id: int, **changes: Any) -> bool:
    """Returns whether anything changed (an edit that changes nothing writes nothing)."""
    session.require("org.edit")
    row, phones, roles = clean_person(changes)
    with session.write() as tx:
        before = person_snapshot(tx, person_id)
        if before["voided_at"]:
            raise ValidationError("该人员已作废，不能修改。")
        if "unit_id" in row:
            require_active_unit(tx, row["unit_id"], "所属单位")
        return tx.update_audited("person", person_id, row, op="person.update", entity="person",
                                 links=person_links(person_id, phones, roles), before=before,
                                 snapshot=lambda: person_snapshot(tx, person_id))


def void_person(session: Session, person_id: int, reason: str) -> None:
    session.require("org.edit")
    with session.write() as tx:
        tx.void("person", person_id, reason, op="person.void", entity="person")


def get_person(store: Store, person_id: int) -> PersonView:
    row = store.row(
        "SELECT p.*, u.name AS unit_name FROM person p LEFT JOIN org_unit u ON u.id = p.unit_id WHERE p.id = ?",
        (person_id,),
    )
    if row is None:
        raise NotFound("人员不存在。")
    phones = [Phone(r["kind"], r["number"]) for r in store.rows(
        "SELECT kind, number FROM person_phone WHERE person_id = ? ORDER BY sort_order, id", (person_id,))]
    roles = [r[0] for r in store.rows("SELECT role FROM person_duty_role WHERE person_id = ?", (person_id,))]
    return PersonView(
        id=row["id"], name=row["name"], unit_id=row["unit_id"], unit_name=row["unit_name"] or "",
        unit_path=unit_path(store, row["unit_id"]), position=row["position"], notes=row["notes"],
        is_staff=bool(row["is_staff"]), phones=phones,
        duty_roles=[r for r in DUTY_ROLES if r in roles], voided=row["voided_at"] is not None,
    )


def duty_staff(store: Store, role: str | None = None) -> list[PersonRow]:
    """Active bureau staff who can be rostered, optionally only those who may take ``role``."""
    if role is None:
        sql = "SELECT * FROM person WHERE is_staff = 1 AND voided_at IS NULL ORDER BY sort_order, id"
        return [cast(PersonRow, dict(r)) for r in store.rows(sql)]
    sql = ("SELECT p.* FROM person p JOIN person_duty_role r ON r.person_id = p.id AND r.role = ?"
           " WHERE p.is_staff = 1 AND p.voided_at IS NULL ORDER BY p.sort_order, p.id")
    return [cast(PersonRow, dict(r)) for r in store.rows(sql, (role,))]
