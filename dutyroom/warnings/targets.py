"""From relay rules to people: who is on a notice's call list, read from the contact tree.

A selector names people by tag, position and kind of unit, by contact group, or as the duty staff on duty
now; a selector scoped to the affected townships keeps only people in those townships and their villages.
Each person is listed once, in the order the rule names the selectors (township leaders before village
flood-control persons), in tree order within a selector. A person away on report (外出报备) whose B角 is
in the book has the B角 listed first, right before them.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dutyroom.contacts.people import is_away
from dutyroom.contacts.tree import UnitInfo, load_units, subtree_ids
from dutyroom.store import Reader
from dutyroom.warnings.relay import Plan, Selector

_PARTS = re.compile(r"[、，,；;/]+")
_NOTE = re.compile(r"[（(][^）)]*[）)]")


def position_parts(position: str) -> set[str]:
    """"党委委员、副镇长（分管应急）" → {"党委委员", "副镇长"}: the titles a position is made of."""
    return {part.strip() for part in _PARTS.split(_NOTE.sub("", position or "")) if part.strip()}


@dataclass
class Person:
    id: int
    name: str
    unit_id: int | None
    position: str
    sort_order: int
    backup_person_id: int | None
    away: bool
    away_note: str
    tags: set[str] = field(default_factory=set)


@dataclass
class TargetDraft:
    """One row of a call list before it is written (``warning_target`` columns)."""
    kind: str                    # leader, primary, backup, escalation
    role: str                    # A or B
    person: Person
    reason: str
    unit: str = ""
    township_id: int | None = None
    township: str = ""
    phones: list[tuple[str, str]] = field(default_factory=list)
    due_at: str | None = None
    backup: TargetDraft | None = None             # this person's B角 on the same list
    escalation_for: str = ""                      # ids of the silent targets an escalation is about


class Tree:
    """The contact tree read once for one list: units, active persons with tags, each unit's township."""

    def __init__(self, store: Reader, today: Any, units: dict[int, UnitInfo] | None = None) -> None:
        self.store = store
        self.units = units if units is not None else load_units(store)  # type: ignore[arg-type]
        self.persons: dict[int, Person] = {}
        for row in store.rows(
                "SELECT id, name, unit_id, position, sort_order, backup_person_id, away_from, away_until, away_note"
                " FROM person WHERE voided_at IS NULL"):
            self.persons[row["id"]] = Person(row["id"], row["name"], row["unit_id"], row["position"], row["sort_order"],
                                             row["backup_person_id"], is_away(row, today), row["away_note"])
        for person_id, tag in store.rows("SELECT person_id, tag FROM person_tag"):
            if person_id in self.persons:
                self.persons[person_id].tags.add(tag)
        self._township: dict[int, UnitInfo | None] = {}

    def township_of(self, unit_id: int | None) -> UnitInfo | None:
        """The township (乡镇/街道) a unit is, or lies in."""
        if unit_id is None or unit_id not in self.units:
            return None
        if unit_id not in self._township:
            unit, seen = self.units.get(unit_id), 0
            while unit is not None and unit.kind != "township" and seen < 64:
                unit, seen = self.units.get(unit.parent_id) if unit.parent_id else None, seen + 1
            self._township[unit_id] = unit
        return self._township[unit_id]

    def order(self, person: Person) -> tuple[int, int, int]:
        unit = self.units.get(person.unit_id) if person.unit_id else None
        return (unit.order if unit else len(self.units), person.sort_order, person.id)

    def unit_text(self, person: Person) -> str:
        unit = self.units.get(person.unit_id) if person.unit_id else None
        if unit is None:
            return ""
        township = self.township_of(unit.id)
        if township is not None and township.id != unit.id:
            return f"{township.name}{unit.name}"
        return unit.name

    def phones(self, person_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
        ids = list(dict.fromkeys(person_ids))
        found: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for person_id, kind, number in self.store.rows(
                    f"SELECT person_id, kind, number FROM person_phone WHERE person_id IN ({','.join('?' * len(chunk))})"
                    " AND kind <> 'fax' ORDER BY person_id, sort_order, id", chunk):
                found[person_id].append((kind, number))
        return found

    # -- selectors -------------------------------------------------------------------------------------
    def select(self, selector: Selector, within: set[int] | None, now: datetime) -> list[Person]:
        """The persons a selector names; ``within``: the unit ids they must sit in (None: anywhere)."""
        if selector.duty_roles:
            return self._on_duty(selector.duty_roles, now)
        if selector.group:
            chosen = self._group(selector.group)
        else:
            chosen = list(self.persons.values())
        if selector.tags:
            chosen = [p for p in chosen if p.tags & set(selector.tags)]
        if selector.unit_kinds:
            kinds = set(selector.unit_kinds)
            chosen = [p for p in chosen if p.unit_id in self.units and self.units[p.unit_id].kind in kinds]
        if selector.positions:
            wanted = set(selector.positions)
            chosen = [p for p in chosen if position_parts(p.position) & wanted]
        if selector.scope == "affected" and within is not None:
            chosen = [p for p in chosen if p.unit_id in within]
        return sorted(chosen, key=self.order)

    def _group(self, name: str) -> list[Person]:
        from dutyroom.contacts.groups import get_group, member_ids

        row = self.store.row("SELECT id FROM contact_group WHERE name = ? AND voided_at IS NULL", (name,))
        if row is None:
            return []
        return [self.persons[i] for i in member_ids(self.store, get_group(self.store, row[0]), self.units)  # type: ignore[arg-type]
                if i in self.persons]

    def _on_duty(self, roles: Sequence[str], now: datetime) -> list[Person]:
        from dutyroom.duty.board import shift_roster
        from dutyroom.duty.shifts import handover_time, shift_at

        roster = shift_roster(self.store, shift_at(now, handover_time(self.store)))  # type: ignore[arg-type]
        return [self.persons[m.person_id] for role in roles for m in roster.by_role(role)
                if m.person_id in self.persons]


def affected_units(tree: Tree, townships: Sequence[int]) -> set[int]:
    found: set[int] = set()
    for township_id in townships:
        found |= subtree_ids(tree.units, township_id)
    return found


def _draft(tree: Tree, kind: str, role: str, person: Person, reason: str) -> TargetDraft:
    township = tree.township_of(person.unit_id)
    return TargetDraft(kind, role, person, reason, unit=tree.unit_text(person),
                       township_id=township.id if township else None, township=township.name if township else "")


def build_list(tree: Tree, selectors: dict[str, Selector], plan: Plan, townships: Sequence[int], now: datetime,
               *, persons: Sequence[int] | None = None) -> list[TargetDraft]:
    """The call list of a notice: the duty leader first, then everyone the plan's selectors name (or, for a
    lift, the ``persons`` told before), each away person's B角 right before them."""
    within = affected_units(tree, townships)
    drafts: list[TargetDraft] = []
    listed: dict[int, TargetDraft] = {}
    if plan.leader_selector and plan.leader_selector in selectors and plan.calls:
        for person in tree.select(selectors[plan.leader_selector], within, now):
            if person.id not in listed:
                listed[person.id] = _draft(tree, "leader", "A", person, f"首先报告{selectors[plan.leader_selector].label}")
                drafts.append(listed[person.id])
    reasons: dict[int, list[str]] = defaultdict(list)
    ordered: list[Person] = []
    if persons is not None:
        ordered = [tree.persons[i] for i in persons if i in tree.persons]
        for person in ordered:
            reasons[person.id].append("原叫应对象")
    else:
        for key in plan.selectors:
            for person in tree.select(selectors[key], within, now):
                if person.id not in reasons:
                    ordered.append(person)
                reasons[person.id].append(selectors[key].label)
    for person in ordered:
        if person.id in listed:
            continue
        primary = _draft(tree, "primary", "A", person, "、".join(reasons[person.id]))
        backup = tree.persons.get(person.backup_person_id) if person.backup_person_id else None
        if person.away and backup is not None and backup.id != person.id:
            if backup.id not in listed:      # the B角 first: on the list in their own right, or as the stand-in
                listed[backup.id] = _draft(tree, "primary", "A", backup, "、".join(reasons[backup.id])) \
                    if backup.id in reasons else \
                    _draft(tree, "backup", "B", backup, f"B角（代{person.name}，{person.name}外出报备）")
                drafts.append(listed[backup.id])
            primary.backup = listed[backup.id]
        listed[person.id] = primary
        drafts.append(primary)
    phones = tree.phones(d.person.id for d in drafts)
    for draft in drafts:
        draft.phones = phones.get(draft.person.id, [])
    return drafts


def phones_json(phones: list[tuple[str, str]]) -> str:
    return json.dumps([list(p) for p in phones], ensure_ascii=False, separators=(",", ":"))
