"""Contact groups: named lists of persons — fixed members, a rule (tags, units, unit kinds), or both.

A rule group stays true by itself: 全县乡镇防汛责任人 = tag 防汛责任人 in units of kind township/village.
The warning relay (叫应) reads ``group_members(store, group_id, today)`` to know whom to call.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from dutyroom import org
from dutyroom.contacts.people import clean_tags, is_away
from dutyroom.contacts.tree import UnitInfo, load_units, subtree_ids
from dutyroom.errors import NotFound, ValidationError
from dutyroom.session import Links, Session, Tx
from dutyroom.store import Store


@dataclass(frozen=True)
class GroupRule:
    """Persons who carry any of ``tags`` (if given), sit in any of ``unit_ids`` or below (if given),
    and whose unit is of one of ``unit_kinds`` (if given). An empty rule matches nobody."""
    tags: tuple[str, ...] = ()
    unit_ids: tuple[int, ...] = ()
    unit_kinds: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.tags or self.unit_ids or self.unit_kinds)

    def as_json(self) -> str | None:
        if self.empty:
            return None
        return json.dumps({"tags": list(self.tags), "unit_ids": list(self.unit_ids),
                           "unit_kinds": list(self.unit_kinds)}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | None) -> GroupRule:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(tuple(data.get("tags", ())), tuple(int(i) for i in data.get("unit_ids", ())),
                   tuple(data.get("unit_kinds", ())))

    def describe(self, unit_names: dict[int, str] | None = None) -> str:
        parts = []
        if self.unit_kinds:
            parts.append("单位类型：" + "、".join(org.UNIT_KINDS.get(k, k) for k in self.unit_kinds))
        if self.unit_ids:
            names = unit_names or {}
            parts.append("单位：" + "、".join(names.get(i, f"#{i}") for i in self.unit_ids) + "（含下级）")
        if self.tags:
            parts.append("标签：" + "、".join(self.tags))
        return "；".join(parts)


@dataclass
class GroupInfo:
    id: int
    name: str
    description: str
    rule: GroupRule
    fixed_ids: list[int]
    member_count: int = 0


@dataclass(frozen=True)
class GroupMember:
    person_id: int
    name: str
    unit_path: str
    position: str
    phones: list[org.Phone]
    away: bool
    backup_person_id: int | None
    fixed: bool

    @property
    def main_phone(self) -> str:
        return self.phones[0].number if self.phones else ""


def _clean_rule(tx: Tx, rule: GroupRule | None) -> GroupRule:
    rule = rule or GroupRule()
    unknown = [k for k in rule.unit_kinds if k not in org.UNIT_KINDS]
    if unknown:
        raise ValidationError(f"未知的单位类型：{'、'.join(unknown)}", field="rule")
    for unit_id in rule.unit_ids:
        row = tx.row("SELECT voided_at FROM org_unit WHERE id = ?", (unit_id,))
        if row is None or row[0]:
            raise ValidationError("分组条件中的单位不存在或已作废。", field="rule")
    return GroupRule(tuple(clean_tags(list(rule.tags))), tuple(dict.fromkeys(rule.unit_ids)),
                     tuple(dict.fromkeys(rule.unit_kinds)))


def _clean_name(name: str) -> str:
    name = str(name or "").strip()
    if not name:
        raise ValidationError("分组名称不能为空。", field="name")
    if len(name) > 40:
        raise ValidationError("分组名称过长（最多40字）。", field="name")
    return name


def _check_members(tx: Tx, member_ids: list[int]) -> list[int]:
    ids = list(dict.fromkeys(int(i) for i in member_ids))
    for person_id in ids:
        row = tx.row("SELECT voided_at FROM person WHERE id = ?", (person_id,))
        if row is None:
            raise ValidationError("分组成员中有不存在的人员。", field="members")
    return ids


def _snapshot(tx: Tx, group_id: int) -> dict[str, Any]:
    snap = tx.snapshot("contact_group", group_id)
    snap["rule"] = json.loads(snap.pop("rule_json")) if snap.get("rule_json") else None
    snap["members"] = tx.column(
        "SELECT person_id FROM contact_group_member WHERE group_id = ? ORDER BY sort_order, person_id", (group_id,))
    return snap


def _members(group_id: int, ids: list[int]) -> Links:
    return Links("contact_group_member", {"group_id": group_id},
                 [{"person_id": person_id, "sort_order": order} for order, person_id in enumerate(ids)])


def _name_free(tx: Tx, name: str, group_id: int | None) -> None:
    clash = tx.row("SELECT id FROM contact_group WHERE name = ? AND voided_at IS NULL AND id IS NOT ?",
                   (name, group_id))
    if clash:
        raise ValidationError(f"已有名为“{name}”的分组。", field="name")


def create_group(session: Session, *, name: str, description: str = "", rule: GroupRule | None = None,
                 member_ids: list[int] | None = None) -> int:
    session.require("contacts.manage")
    name = _clean_name(name)
    with session.write() as tx:
        rule = _clean_rule(tx, rule)
        ids = _check_members(tx, member_ids or [])
        if rule.empty and not ids:
            raise ValidationError("分组须有筛选条件或至少一名固定成员。", field="rule")
        _name_free(tx, name, None)
        order = tx.scalar("SELECT COALESCE(MAX(sort_order), 0) + 1 FROM contact_group")
        group_id = tx.insert("contact_group", {"name": name, "description": str(description or "").strip(),
                                               "rule_json": rule.as_json(), "sort_order": order,
                                               "created_at": tx.at, "updated_at": tx.at})
        members = _members(group_id, ids)
        tx.replace_links(members.table, members.owner, members.rows)
        tx.audit("group.create", "contact_group", group_id, after=_snapshot(tx, group_id))
    return group_id


def update_group(session: Session, group_id: int, *, name: str | None = None, description: str | None = None,
                 rule: GroupRule | None = None, member_ids: list[int] | None = None) -> bool:
    """Returns whether anything changed (a save that changes nothing writes nothing)."""
    session.require("contacts.manage")
    with session.write() as tx:
        before = _snapshot(tx, group_id)
        if before["voided_at"]:
            raise ValidationError("该分组已作废，不能修改。")
        values: dict[str, Any] = {}
        if name is not None:
            values["name"] = _clean_name(name)
            _name_free(tx, values["name"], group_id)
        if description is not None:
            values["description"] = str(description).strip()
        new_rule = _clean_rule(tx, rule) if rule is not None else GroupRule.from_json(
            json.dumps(before["rule"]) if before["rule"] else None)
        if rule is not None:
            values["rule_json"] = new_rule.as_json()
        ids = _check_members(tx, member_ids) if member_ids is not None else before["members"]
        if new_rule.empty and not ids:
            raise ValidationError("分组须有筛选条件或至少一名固定成员。", field="rule")
        links = [_members(group_id, ids)] if member_ids is not None else []
        return tx.update_audited("contact_group", group_id, values, op="group.update", entity="contact_group",
                                 links=links, before=before, snapshot=lambda: _snapshot(tx, group_id))


def void_group(session: Session, group_id: int, reason: str) -> None:
    session.require("contacts.manage")
    with session.write() as tx:
        tx.void("contact_group", group_id, reason, op="group.void", entity="contact_group")


def get_group(store: Store, group_id: int) -> GroupInfo:
    row = store.row("SELECT * FROM contact_group WHERE id = ?", (group_id,))
    if row is None:
        raise NotFound("分组不存在。")
    fixed = [r[0] for r in store.rows(
        "SELECT person_id FROM contact_group_member WHERE group_id = ? ORDER BY sort_order", (group_id,))]
    return GroupInfo(row["id"], row["name"], row["description"], GroupRule.from_json(row["rule_json"]), fixed)


def list_groups(store: Store, *, with_counts: bool = True) -> list[GroupInfo]:
    groups = [get_group(store, r[0]) for r in store.rows(
        "SELECT id FROM contact_group WHERE voided_at IS NULL ORDER BY sort_order, id")]
    if with_counts and groups:
        units = load_units(store)
        for group in groups:
            group.member_count = len(member_ids(store, group, units))
    return groups


def _rule_matches(store: Store, rule: GroupRule, units: dict[int, UnitInfo] | None = None) -> list[int]:
    if rule.empty:
        return []
    units = units if units is not None else load_units(store)
    allowed: set[int] | None = None
    if rule.unit_ids:
        allowed = set()
        for unit_id in rule.unit_ids:
            if unit_id in units:
                allowed |= subtree_ids(units, unit_id)
    if rule.unit_kinds:
        of_kind = {u.id for u in units.values() if u.kind in rule.unit_kinds}
        allowed = of_kind if allowed is None else allowed & of_kind
    params: list[Any] = []
    sql = "SELECT DISTINCT p.id, p.unit_id FROM person p"
    if rule.tags:
        sql += f" JOIN person_tag t ON t.person_id = p.id AND t.tag IN ({','.join('?' * len(rule.tags))})"
        params += list(rule.tags)
    sql += " WHERE p.voided_at IS NULL"
    rows = store.rows(sql, params)
    return [r[0] for r in rows if allowed is None or r[1] in allowed]


def member_ids(store: Store, group: GroupInfo, units: dict[int, UnitInfo] | None = None) -> list[int]:
    """Active members: rule matches and fixed members, without duplicates."""
    active_fixed = [r[0] for r in store.rows(
        f"SELECT id FROM person WHERE voided_at IS NULL AND id IN ({','.join('?' * len(group.fixed_ids))})",
        group.fixed_ids)] if group.fixed_ids else []
    return list(dict.fromkeys([*_rule_matches(store, group.rule, units), *active_fixed]))


def group_members(store: Store, group_id: int, today: date) -> list[GroupMember]:
    """The persons to call for a group, in tree order, with phones, away status and A/B backup."""
    group = get_group(store, group_id)
    ids = member_ids(store, group)
    if not ids:
        return []
    units = load_units(store)
    fixed = set(group.fixed_ids)
    rows: list[Any] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        rows += store.rows(f"SELECT * FROM person WHERE id IN ({','.join('?' * len(chunk))})", chunk)
    from dutyroom.contacts.directory import _phones_of

    phones = _phones_of(store, ids)

    def order(row: Any) -> tuple[int, int, int]:
        unit = units.get(row["unit_id"])
        return (unit.order if unit else len(units), row["sort_order"], row["id"])

    return [GroupMember(
        person_id=row["id"], name=row["name"],
        unit_path=units[row["unit_id"]].path_text if row["unit_id"] in units else "",
        position=row["position"], phones=phones.get(row["id"], []), away=is_away(row, today),
        backup_person_id=row["backup_person_id"], fixed=row["id"] in fixed,
    ) for row in sorted(rows, key=order)]


def groups_of(store: Store, person_id: int) -> list[str]:
    """Names of the groups this person belongs to (by rule or fixed), checked for this one person."""
    person = store.row("SELECT p.unit_id, p.voided_at, u.kind FROM person p LEFT JOIN org_unit u ON u.id = p.unit_id"
                       " WHERE p.id = ?", (person_id,))
    if person is None or person["voided_at"]:
        return []
    tags = {r[0] for r in store.rows("SELECT tag FROM person_tag WHERE person_id = ?", (person_id,))}
    fixed = {r[0] for r in store.rows("SELECT group_id FROM contact_group_member WHERE person_id = ?", (person_id,))}
    ancestors = set(org.ancestor_ids(store, person["unit_id"])) if person["unit_id"] is not None else set()
    names = []
    for group in list_groups(store, with_counts=False):
        rule = group.rule
        by_rule = not rule.empty and (not rule.tags or bool(tags & set(rule.tags))) and (
            not rule.unit_ids or bool(ancestors & set(rule.unit_ids))) and (
            not rule.unit_kinds or person["kind"] in rule.unit_kinds)
        if by_rule or group.id in fixed:
            names.append(group.name)
    return names
