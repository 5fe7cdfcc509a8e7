"""Finding the person on the line: by a name or phone fragment, over the shared people model.

The entry form asks ``find_people`` through ``PEOPLE_SEARCH`` so that the contacts module's own index can
replace this small search after merging (same signature, same ``PersonMatch``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dutyroom.store import Store

DEFAULT_LIMIT = 12


@dataclass(frozen=True)
class PersonMatch:
    person_id: int
    name: str
    unit_name: str
    title: str
    phone: str          # the number that matched, else the first one

    @property
    def label(self) -> str:
        return "　".join(part for part in (self.name, self.unit_name, self.title, self.phone) if part)


def find_people(store: Store, text: str, limit: int = DEFAULT_LIMIT) -> list[PersonMatch]:
    """Active persons whose name contains ``text`` or one of whose phone numbers contains its digits."""
    text = (text or "").strip()
    if not text:
        return []
    digits = re.sub(r"\D", "", text)
    by_phone = len(digits) >= 3 and len(digits) >= len(re.sub(r"\s", "", text)) - 1
    if by_phone:
        rows = store.rows(
            "SELECT p.id, p.name, p.position, u.name AS unit_name, ph.number FROM person_phone ph"
            " JOIN person p ON p.id = ph.person_id LEFT JOIN org_unit u ON u.id = p.unit_id"
            " WHERE p.voided_at IS NULL AND instr(replace(ph.number, '-', ''), ?) > 0"
            " ORDER BY p.is_staff DESC, p.sort_order, p.id, ph.sort_order LIMIT ?", (digits, limit * 3))
    else:
        rows = store.rows(
            "SELECT p.id, p.name, p.position, u.name AS unit_name,"
            " (SELECT number FROM person_phone WHERE person_id = p.id ORDER BY sort_order, id LIMIT 1) AS number"
            " FROM person p LEFT JOIN org_unit u ON u.id = p.unit_id"
            " WHERE p.voided_at IS NULL AND (instr(p.name, ?) > 0 OR instr(COALESCE(u.name, ''), ?) > 0)"
            " ORDER BY instr(p.name, ?) = 0, instr(p.name, ?), length(p.name), p.sort_order, p.id LIMIT ?",
            (text, text, text, text, limit))
    seen: set[int] = set()
    out: list[PersonMatch] = []
    for row in rows:
        if row["id"] in seen:
            continue
        seen.add(row["id"])
        out.append(PersonMatch(row["id"], row["name"], row["unit_name"] or "", row["position"], row["number"] or ""))
        if len(out) >= limit:
            break
    return out


PeopleSearch = Callable[[Store, str, int], list[PersonMatch]]
#: what the entry form's person picker calls; the contacts module may point this at its own index
PEOPLE_SEARCH: list[PeopleSearch] = [find_people]


def search_people(store: Store, text: str, limit: int = DEFAULT_LIMIT) -> list[PersonMatch]:
    return PEOPLE_SEARCH[-1](store, text, limit)
