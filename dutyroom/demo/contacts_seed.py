"""The demo county's contact tree made lifelike: tags from the positions, verifications spread over the
past months (some long overdue, some never), a few people away, A/B pairs in the villages, the groups the
warning relay will use, and the duty desk's phone list. Deterministic, and added once.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from dutyroom import settings
from dutyroom.clock import Clock, FixedClock
from dutyroom.contacts import desk, groups, people
from dutyroom.paths import app_path
from dutyroom.session import SYSTEM_ACTOR, Actor, Session
from dutyroom.store import Store

CONTACTS_SEED_VERSION = 1


def load_contacts_plan() -> dict[str, Any]:
    return json.loads(app_path("resources", "demo", "contacts.json").read_text(encoding="utf-8"))


def _tags_for(position: str, unit_kind: str, rules: list[dict[str, Any]]) -> list[str]:
    found = []
    for rule in rules:
        if rule.get("unit_kind") and rule["unit_kind"] != unit_kind:
            continue
        if rule.get("position") and rule["position"] not in position:
            continue
        found.append(rule["tag"])
    return list(dict.fromkeys(found))


def _office_actor(store: Store) -> Actor:
    from dutyroom.auth import accounts

    row = store.row("SELECT id FROM account WHERE username = 'bangongshi'")
    return accounts.actor_for(store, row["id"]) if row else SYSTEM_ACTOR


def seed_contacts(store: Store, clock: Clock) -> bool:
    """Add the demo contact data once; returns whether anything was added."""
    if store.scalar("SELECT value FROM setting WHERE key = 'demo.contacts_seed_version'") is not None:
        return False
    plan = load_contacts_plan()
    now = clock.now()
    office = _office_actor(store)
    session = Session(store, office, clock)
    with store.transaction():
        rows = store.rows(
            "SELECT p.id, p.name, p.position, u.kind AS unit_kind, u.name AS unit_name, p.unit_id FROM person p"
            " LEFT JOIN org_unit u ON u.id = p.unit_id WHERE p.voided_at IS NULL ORDER BY p.id")
        for row in rows:
            tags = _tags_for(row["position"], row["unit_kind"] or "", plan["tag_rules"])
            if tags:
                people.update_contact(session, row["id"], tags=tags)
        # Verifications: most within the last two months, some overdue, some never (by a fixed pattern).
        for index, row in enumerate(rows):
            slot = index % 10
            if slot == 9:
                continue                                   # never verified
            days = 100 + (index * 7) % 120 if slot in (3, 7) else (index * 5) % 60
            past = Session(store, office, FixedClock(now - timedelta(days=days)))
            people.verify_contact(past, row["id"], "phone" if slot % 3 else "reported")
        for index, unit in enumerate(store.rows(
                "SELECT id FROM org_unit WHERE duty_phone <> '' AND voided_at IS NULL ORDER BY id")):
            if index % 4 != 3:
                past = Session(store, office, FixedClock(now - timedelta(days=(index * 11) % 80)))
                people.verify_unit(past, unit["id"])
        by_name = {row["name"]: row["id"] for row in rows}
        for away in plan["away"]:
            if away["name"] in by_name:
                start = now.date() + timedelta(days=away["from"])
                people.set_away(session, by_name[away["name"]], start, start + timedelta(days=away["days"]),
                                away["note"])
        _pair_villages(session, rows)
        _groups(session, store, plan, by_name)
        _desk_phones(session, store, plan)
        settings.set_value(Session(store, SYSTEM_ACTOR, clock), "demo.contacts_seed_version",
                           CONTACTS_SEED_VERSION)
    return True


def _pair_villages(session: Session, rows: list[Any]) -> None:
    """A/B角: in each village the 灾害信息员 and the secretary stand in for each other."""
    by_unit: dict[int, dict[str, int]] = {}
    for row in rows:
        if row["unit_kind"] != "village":
            continue
        role = "info" if row["position"] == "灾害信息员" else "secretary" if "书记" in row["position"] else None
        if role:
            by_unit.setdefault(row["unit_id"], {}).setdefault(role, row["id"])
    for pair in by_unit.values():
        if "info" in pair and "secretary" in pair:
            people.update_contact(session, pair["info"], backup_person_id=pair["secretary"])
            people.update_contact(session, pair["secretary"], backup_person_id=pair["info"])


def _groups(session: Session, store: Store, plan: dict[str, Any], by_name: dict[str, int]) -> None:
    for group in plan["groups"]:
        rule = groups.GroupRule(tuple(group.get("tags", ())), (), tuple(group.get("unit_kinds", ())))
        members = []
        if group.get("positions"):
            members = [r[0] for r in store.rows(
                "SELECT p.id FROM person p JOIN org_unit u ON u.id = p.unit_id WHERE p.voided_at IS NULL"
                " AND u.kind = 'department' AND p.position IN ({}) ORDER BY u.sort_order, p.sort_order".format(
                    ",".join("?" * len(group["positions"]))), group["positions"])]
        members += [by_name[n] for n in group.get("members", []) if n in by_name]
        groups.create_group(session, name=group["name"], description=group["description"], rule=rule,
                            member_ids=members)


def _desk_phones(session: Session, store: Store, plan: dict[str, Any]) -> None:
    units = {r["name"]: r["id"] for r in store.rows("SELECT id, name FROM org_unit WHERE voided_at IS NULL")}
    for line in plan["desk_phones"]:
        unit_id = units.get(line["unit"]) if line.get("unit") else None
        desk.create_desk_phone(session, section=line["section"], label=line["label"],
                               number=line.get("number", "") if unit_id is None else "", unit_id=unit_id,
                               note=line.get("note", ""))
