"""Finding the person on the line: by a name or phone fragment, over the shared people model.

The entry form asks ``find_people`` through ``PEOPLE_SEARCH``; it uses the contacts area's lookup, so pinyin
initials and phone fragments work here as in 通讯录.
"""

from __future__ import annotations

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
    """Active persons by name, pinyin, phone fragment or unit (the contacts area's lookup)."""
    from dutyroom.contacts.lookup import find_people as lookup

    return [PersonMatch(f.person_id, f.name, f.unit_name, f.position, f.phone) for f in lookup(store, text, limit)]


PeopleSearch = Callable[[Store, str, int], list[PersonMatch]]
#: what the entry form's person picker calls; the contacts module may point this at its own index
PEOPLE_SEARCH: list[PeopleSearch] = [find_people]


def search_people(store: Store, text: str, limit: int = DEFAULT_LIMIT) -> list[PersonMatch]:
    return PEOPLE_SEARCH[-1](store, text, limit)
