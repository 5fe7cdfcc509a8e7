"""Read models of the contact tree: a person's card, the verification queue, a person's history, tags."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from dutyroom import audit, org
from dutyroom.audit.models import DescribedAuditRow
from dutyroom.contacts.people import is_away
from dutyroom.contacts.tree import is_stale, load_units, staleness_text, subtree_ids, verification_age
from dutyroom.store import Store


@dataclass(frozen=True)
class PersonRef:
    id: int
    name: str
    unit_name: str
    position: str
    main_phone: str
    away: bool


@dataclass
class ContactCard:
    person: org.PersonView
    tags: list[str]
    backup: PersonRef | None
    backs_up: list[PersonRef]
    away_from: str | None
    away_until: str | None
    away_note: str
    away_now: bool
    verified_on: str | None
    verified_by: str
    verified_how: str
    stale: bool
    staleness: str
    groups: list[str] = field(default_factory=list)

    @property
    def away_text(self) -> str:
        if not self.away_from:
            return ""
        until = self.away_until or ""
        span = f"{self.away_from[5:].replace('-', '月')}日至{until[5:].replace('-', '月')}日"
        state = "外出中" if self.away_now else "外出报备"
        return f"{state}：{span}" + (f"，{self.away_note}" if self.away_note else "")


def _ref(store: Store, person_id: int, today: date) -> PersonRef | None:
    row = store.row(
        "SELECT p.id, p.name, p.position, p.away_from, p.away_until, u.name AS unit_name,"
        " (SELECT number FROM person_phone WHERE person_id = p.id ORDER BY sort_order, id LIMIT 1) AS main_phone"
        " FROM person p LEFT JOIN org_unit u ON u.id = p.unit_id WHERE p.id = ?", (person_id,))
    if row is None:
        return None
    return PersonRef(row["id"], row["name"], row["unit_name"] or "", row["position"], row["main_phone"] or "",
                     is_away(row, today))


def contact_card(store: Store, person_id: int, today: date, threshold: int) -> ContactCard:
    view = org.get_person(store, person_id)
    row = store.one("SELECT * FROM person WHERE id = ?", (person_id,))
    tags = [r[0] for r in store.rows("SELECT tag FROM person_tag WHERE person_id = ? ORDER BY sort_order, tag",
                                     (person_id,))]
    backup = _ref(store, row["backup_person_id"], today) if row["backup_person_id"] else None
    backs_up = [ref for r in store.rows(
        "SELECT id FROM person WHERE backup_person_id = ? AND voided_at IS NULL ORDER BY id", (person_id,))
        if (ref := _ref(store, r[0], today)) is not None]
    from dutyroom.contacts.groups import groups_of

    return ContactCard(
        person=view, tags=tags, backup=backup, backs_up=backs_up, away_from=row["away_from"],
        away_until=row["away_until"], away_note=row["away_note"], away_now=is_away(row, today),
        verified_on=row["verified_on"], verified_by=row["verified_by"], verified_how=row["verified_how"],
        stale=is_stale(row["verified_on"], today, threshold),
        staleness=staleness_text(row["verified_on"], today, threshold),
        groups=groups_of(store, person_id),
    )


@dataclass(frozen=True)
class QueueItem:
    """One entry to verify: a person, or a unit's duty phone."""
    kind: str            # "person" | "unit"
    id: int
    name: str
    unit_path: str
    position: str
    phones: list[org.Phone]
    verified_on: str | None
    staleness: str
    age: int | None


def verification_queue(store: Store, today: date, threshold: int, *, unit_id: int | None = None,
                       tag: str | None = None, include_units: bool = True) -> list[QueueItem]:
    """Entries not verified within ``threshold`` days, in tree order (so the officer calls down the tree)."""
    units = load_units(store)
    allowed = subtree_ids(units, unit_id) if unit_id is not None else None
    items: list[tuple[tuple[int, int, int], QueueItem]] = []
    if include_units and tag is None:
        for unit in units.values():
            if allowed is not None and unit.id not in allowed:
                continue
            if not (unit.duty_phone or unit.fax) or not is_stale(unit.verified_on, today, threshold):
                continue
            phones = [org.Phone(k, n) for k, n in (("duty", unit.duty_phone), ("fax", unit.fax)) if n]
            items.append(((unit.order, 0, 0), QueueItem(
                "unit", unit.id, unit.name, unit.path_text, "值班电话", phones, unit.verified_on,
                staleness_text(unit.verified_on, today, threshold), verification_age(unit.verified_on, today))))
    params: list[Any] = []
    tag_join = ""
    if tag:
        tag_join = "JOIN person_tag t ON t.person_id = p.id AND t.tag = ?"
        params.append(tag)
    cutoff = date.fromordinal(today.toordinal() - threshold).isoformat()
    rows = store.rows(
        f"SELECT p.id, p.name, p.unit_id, p.position, p.verified_on, p.sort_order FROM person p {tag_join}"
        " WHERE p.voided_at IS NULL AND (p.verified_on IS NULL OR p.verified_on < ?)", (*params, cutoff))
    phones_of = _phones_of(store, [r["id"] for r in rows])
    for row in rows:
        home = units.get(row["unit_id"]) if row["unit_id"] is not None else None
        if allowed is not None and (home is None or home.id not in allowed):
            continue
        order = (home.order if home else len(units), 1, row["sort_order"])
        items.append((order, QueueItem(
            "person", row["id"], row["name"], home.path_text if home else "", row["position"],
            phones_of.get(row["id"], []), row["verified_on"], staleness_text(row["verified_on"], today, threshold),
            verification_age(row["verified_on"], today))))
    items.sort(key=lambda pair: (*pair[0], pair[1].id))
    return [item for _key, item in items]


def _phones_of(store: Store, person_ids: list[int]) -> dict[int, list[org.Phone]]:
    found: dict[int, list[org.Phone]] = {}
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start:start + 500]
        for row in store.rows(
                f"SELECT person_id, kind, number FROM person_phone WHERE person_id IN ({','.join('?' * len(chunk))})"
                " ORDER BY person_id, sort_order, id", chunk):
            found.setdefault(row[0], []).append(org.Phone(row[1], row[2]))
    return found


def stale_count(store: Store, today: date, threshold: int) -> int:
    cutoff = date.fromordinal(today.toordinal() - threshold).isoformat()
    return int(store.scalar(
        "SELECT COUNT(*) FROM person WHERE voided_at IS NULL AND (verified_on IS NULL OR verified_on < ?)",
        (cutoff,)))


def person_history(store: Store, person_id: int) -> list[DescribedAuditRow]:
    """Every audit row about this person, oldest first, with a Chinese description."""
    rows = [dict(r) for r in store.rows(
        "SELECT * FROM audit_log WHERE entity = 'person' AND entity_id = ? ORDER BY id", (str(person_id),))]
    for row in rows:
        row["op_label"] = audit.op_label(row["op"])
        row["description"] = _describe(row)
    return [cast(DescribedAuditRow, row) for row in rows]


def _describe(row: dict[str, Any]) -> str:
    if row["op"] == "contacts.verify":
        import json

        after = json.loads(row["after_json"] or "{}")
        return f"{after.get('verified_how', '')}（{after.get('verified_on', '')}）"
    return audit.describe(row)


def tags_in_use(store: Store) -> list[tuple[str, int]]:
    """Tags on active persons with how many carry each, most used first."""
    return [(r[0], r[1]) for r in store.rows(
        "SELECT t.tag, COUNT(*) FROM person_tag t JOIN person p ON p.id = t.person_id AND p.voided_at IS NULL"
        " GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag")]
