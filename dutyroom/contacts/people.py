"""Operations on contact entries: edit a person (phones, tags, A/B backup), verify, away status, unit phones.

The person is the foundation's one record (``dutyroom.org``); these operations add what the contact tree
needs and are open to duty staff (``contacts.edit``/``contacts.verify``), who correct a number the moment a
call shows it is wrong. Rostering fields (is_staff, duty roles) stay with ``org.update_person``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from dutyroom import org
from dutyroom.errors import ValidationError
from dutyroom.session import Links, Session, Tx

VERIFY_METHODS: dict[str, str] = {
    "phone": "电话核实",
    "message": "短信/微信确认",
    "in_person": "当面确认",
    "reported": "单位报送",
    "other": "其他方式",
}
SUGGESTED_TAGS: tuple[str, ...] = (
    "防汛责任人", "灾害信息员", "森林防火", "地灾群测群防员", "山洪预警员", "水库责任人", "救援队长",
    "避灾场所管理员", "危房联络员", "专家", "卫星电话",
)
CONTACT_FIELDS = ("name", "unit_id", "position", "phones", "notes", "tags", "backup_person_id")
UNIT_CONTACT_FIELDS = ("duty_phone", "fax", "address", "notes")
MAX_TAGS = 12
MAX_AWAY_DAYS = 366
_TAG_SPLIT = re.compile(r"[、,，;；/\s]+")


def clean_tags(tags: Any) -> list[str]:
    """Tags as a list: split text on 、，; and spaces, trim, drop duplicates, keep order."""
    items = _TAG_SPLIT.split(tags) if isinstance(tags, str) else list(tags or [])
    cleaned = list(dict.fromkeys(str(t).strip() for t in items if str(t).strip()))
    for tag in cleaned:
        if len(tag) > 20:
            raise ValidationError(f"标签“{tag[:20]}…”过长（最多20字）。", field="tags")
    if len(cleaned) > MAX_TAGS:
        raise ValidationError(f"标签太多（最多{MAX_TAGS}个）。", field="tags")
    return cleaned


def snapshot(tx: Tx, person_id: int) -> dict[str, Any]:
    """The person as the audit trail keeps it: the row, phones, duty roles and tags."""
    snap = org.person_snapshot(tx, person_id)
    snap["tags"] = tx.column("SELECT tag FROM person_tag WHERE person_id = ? ORDER BY sort_order, tag",
                             (person_id,))
    return snap


def tag_links(person_id: int, tags: list[str]) -> Links:
    return Links("person_tag", {"person_id": person_id},
                 [{"tag": tag, "sort_order": order} for order, tag in enumerate(tags)])


def _check_backup(tx: Tx, person_id: int | None, backup_id: int | None) -> None:
    if backup_id is None:
        return
    if backup_id == person_id:
        raise ValidationError("A/B角不能是本人。", field="backup_person_id")
    row = tx.row("SELECT voided_at FROM person WHERE id = ?", (backup_id,))
    if row is None:
        raise ValidationError("所选B角人员不存在。", field="backup_person_id")
    if row[0]:
        raise ValidationError("所选B角人员已作废，请另选。", field="backup_person_id")


def _split(values: dict[str, Any]) -> tuple[dict[str, Any], list[str] | None, tuple[bool, int | None]]:
    unknown = sorted(set(values) - set(CONTACT_FIELDS))
    if unknown:
        raise ValidationError(f"通讯录人员没有“{'、'.join(unknown)}”这一项。")
    tags = clean_tags(values.pop("tags")) if "tags" in values else None
    backup = (True, values.pop("backup_person_id")) if "backup_person_id" in values else (False, None)
    return values, tags, backup


def create_contact(session: Session, *, name: str, **values: Any) -> int:
    """A new person in the contact tree (not bureau staff: the roster adds those through ``org``)."""
    session.require("contacts.edit")
    values, tags, (has_backup, backup_id) = _split({"name": name, **values})
    row, phones, _roles = org.clean_person(values)
    with session.write() as tx:
        org.require_active_unit(tx, row.get("unit_id"), "所属单位")
        _check_backup(tx, None, backup_id)
        row["sort_order"] = tx.scalar(
            "SELECT COALESCE(MAX(sort_order), 0) + 1 FROM person WHERE unit_id IS ?", (row.get("unit_id"),))
        if has_backup:
            row["backup_person_id"] = backup_id
        person_id = tx.insert("person", {**row, "created_at": tx.at, "updated_at": tx.at})
        org.write_person_children(tx, person_id, phones, None)
        if tags:
            link = tag_links(person_id, tags)
            tx.replace_links(link.table, link.owner, link.rows)
        tx.audit("person.create", "person", person_id, after=snapshot(tx, person_id))
    return person_id


def update_contact(session: Session, person_id: int, *, verify_how: str | None = None, **changes: Any) -> bool:
    """Change a person's contact data in one audited step; with ``verify_how`` also mark it verified.

    Returns whether anything changed (an edit that changes nothing writes nothing).
    """
    session.require("contacts.edit")
    if verify_how is not None:
        session.require("contacts.verify")
        _check_method(verify_how)
    values, tags, (has_backup, backup_id) = _split(dict(changes))
    row, phones, _roles = org.clean_person(values)
    with session.write() as tx:
        before = snapshot(tx, person_id)
        if before["voided_at"]:
            raise ValidationError("该人员已作废，不能修改。")
        if "unit_id" in row:
            org.require_active_unit(tx, row["unit_id"], "所属单位")
        if has_backup:
            _check_backup(tx, person_id, backup_id)
            row["backup_person_id"] = backup_id
        links = org.person_links(person_id, phones, None)
        if tags is not None:
            links.append(tag_links(person_id, tags))
        changed = tx.update_audited("person", person_id, row, op="person.update", entity="person",
                                    links=links, before=before, snapshot=lambda: snapshot(tx, person_id))
        if verify_how is not None:
            _mark_verified(tx, person_id, verify_how, edited=changed)
    return changed


def void_contact(session: Session, person_id: int, reason: str) -> None:
    session.require("contacts.manage")
    with session.write() as tx:
        if tx.row("SELECT is_staff FROM person WHERE id = ?", (person_id,)) is None:
            raise ValidationError("人员不存在。")
        tx.void("person", person_id, reason, op="person.void", entity="person")


# -- verification ------------------------------------------------------------------------------------

def _check_method(how: str) -> None:
    if how not in VERIFY_METHODS:
        raise ValidationError(f"未知的核实方式：{how}", field="verify_how")


def _mark_verified(tx: Tx, person_id: int, how: str, *, edited: bool = False, note: str = "") -> None:
    before = tx.row("SELECT verified_on, verified_by, verified_how, voided_at FROM person WHERE id = ?",
                    (person_id,))
    if before is None:
        raise ValidationError("人员不存在。")
    if before["voided_at"]:
        raise ValidationError("该人员已作废，不能核实。")
    label = VERIFY_METHODS[how] + ("，已更正" if edited else "") + (f"（{note}）" if note else "")
    values = {"verified_on": tx.now.date().isoformat(), "verified_by": tx.actor.display_name, "verified_how": label}
    tx.update("person", person_id, values)
    tx.audit("contacts.verify", "person", person_id,
             before={k: before[k] for k in ("verified_on", "verified_by", "verified_how")}, after=values)


def verify_contact(session: Session, person_id: int, how: str = "phone", note: str = "") -> None:
    """Record that the entry was checked today (by the acting account, in the given way)."""
    session.require("contacts.verify")
    _check_method(how)
    note = str(note or "").strip()
    if len(note) > 100:
        raise ValidationError("核实说明过长（最多100字）。", field="note")
    with session.write() as tx:
        _mark_verified(tx, person_id, how, note=note)


def verify_unit(session: Session, unit_id: int, how: str = "phone") -> None:
    """Record that a unit's duty phone and fax were checked today."""
    session.require("contacts.verify")
    _check_method(how)
    with session.write() as tx:
        before = tx.snapshot("org_unit", unit_id)
        if before["voided_at"]:
            raise ValidationError("该单位已作废，不能核实。")
        values = {"verified_on": tx.now.date().isoformat(), "verified_by": tx.actor.display_name,
                  "verified_how": VERIFY_METHODS[how]}
        tx.update("org_unit", unit_id, values)
        tx.audit("contacts.verify", "org_unit", unit_id,
                 before={k: before[k] for k in values}, after=values)


def update_unit_contact(session: Session, unit_id: int, **changes: Any) -> bool:
    """A unit's duty phone, fax, address and notes (its place in the tree stays with ``org.edit``).

    Returns whether anything changed.
    """
    session.require("contacts.edit")
    unknown = sorted(set(changes) - set(UNIT_CONTACT_FIELDS))
    if unknown:
        raise ValidationError(f"单位联系方式没有“{'、'.join(unknown)}”这一项。")
    values = org.clean_unit(changes)
    with session.write() as tx:
        before = tx.snapshot("org_unit", unit_id)
        if before["voided_at"]:
            raise ValidationError("该单位已作废，不能修改。")
        return tx.update_audited("org_unit", unit_id, values, op="unit.update", entity="org_unit",
                                 before=before)


# -- away status (外出报备) -----------------------------------------------------------------------------

def set_away(session: Session, person_id: int, start: date, end: date, note: str = "") -> bool:
    session.require("contacts.edit")
    note = str(note or "").strip()
    if end < start:
        raise ValidationError("外出结束日期不能早于开始日期。", field="away_until")
    if (end - start) > timedelta(days=MAX_AWAY_DAYS):
        raise ValidationError("外出报备最长一年，请核对日期。", field="away_until")
    if len(note) > 100:
        raise ValidationError("外出事由过长（最多100字）。", field="away_note")
    with session.write() as tx:
        before = snapshot(tx, person_id)
        if before["voided_at"]:
            raise ValidationError("该人员已作废。")
        values = {"away_from": start.isoformat(), "away_until": end.isoformat(), "away_note": note}
        return tx.update_audited("person", person_id, values, op="contacts.away", entity="person",
                                 stamp=False, snapshot=lambda: {k: tx.get("person", person_id)[k] for k in values})


def clear_away(session: Session, person_id: int) -> None:
    session.require("contacts.edit")
    with session.write() as tx:
        before = snapshot(tx, person_id)
        if not before["away_from"]:
            return
        values = {"away_from": None, "away_until": None, "away_note": ""}
        tx.update("person", person_id, values)
        tx.audit("contacts.away_clear", "person", person_id,
                 before={k: before[k] for k in values}, after=values)


def is_away(row: Any, today: date) -> bool:
    """Whether a person row (with away_from/away_until) is away on ``today``."""
    start, end = row["away_from"], row["away_until"]
    return bool(start and end and start <= today.isoformat() <= end)
