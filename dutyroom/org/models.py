"""Read models of the organisation: units and persons as stored.

Each is a ``TypedDict``: the rows stay the plain dicts they always were while mypy checks every key a caller
reads. ``tests/test_read_models.py`` checks every type against what its read function returns.
"""

from __future__ import annotations

from typing import TypedDict


class _ContactRecord(TypedDict):
    """What units and persons both carry: a name with its pinyin keys, an order, stamps, the last verification."""
    id: int
    name: str
    notes: str
    sort_order: int
    created_at: str
    updated_at: str
    voided_at: str | None
    void_reason: str | None
    name_initials: str
    name_pinyin: str
    verified_on: str | None
    verified_by: str
    verified_how: str


class UnitRow(_ContactRecord):
    """An org unit as stored (``org.units``)."""
    parent_id: int | None
    kind: str               # one of org.UNIT_KINDS (county, township, village, …)
    duty_phone: str
    fax: str
    address: str


class PersonRow(_ContactRecord):
    """A person as stored (``org.duty_staff``)."""
    unit_id: int | None
    position: str
    is_staff: int
    backup_person_id: int | None
    away_from: str | None
    away_until: str | None
    away_note: str
