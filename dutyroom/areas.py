"""Areas declare themselves beside their operations; this module only collects what they declare.

An area package ``dutyroom/<name>/`` has an ``area.py`` defining ``DECLARATION``: the tables it owns
(which make a write a change of that area), its permissions, settings, audit operation labels and the
labels of its entities and fields. ``auth.permissions``, ``settings`` and ``audit`` read the collection,
so adding an area means adding its package; no shared table is edited.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import pkgutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

import dutyroom
from dutyroom.changes import Area

DECLARATION_MODULE = "area"


class Permission(NamedTuple):
    label: str                 # what a refusal calls it: "无权" + label
    roles: frozenset[str]      # the account roles that hold it


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    label: str
    help: str
    parse: Callable[[Any], Any]


@dataclass(frozen=True)
class Declaration:
    tables: Mapping[Area, tuple[str, ...]] = field(default_factory=dict)
    permissions: Mapping[str, Permission] = field(default_factory=dict)
    settings: tuple[Setting, ...] = ()
    audit_ops: Mapping[str, str] = field(default_factory=dict)     # audit op -> the audit page's name for it
    entities: Mapping[str, str] = field(default_factory=dict)      # audited entity -> its name
    fields: Mapping[str, str] = field(default_factory=dict)        # field (or entity.field) -> its name
    quiet_fields: frozenset[str] = frozenset()                     # fields a change description leaves out
    # field (or entity.field) -> "module:NAME" of the dict naming its codes ("open" → "待完成"), imported only
    # when the audit page describes a change
    value_labels: Mapping[str, str] = field(default_factory=dict)
    # Tables of ``tables`` whose rows are not records the audit vouches for: search-index rows, counters and
    # caches, the chain itself. Every other declared table is a business record: each write of one of its
    # rows is digested under the audit chain, and ``audit verify`` checks the row against that digest.
    bookkeeping: frozenset[str] = frozenset()


def declaration_modules() -> list[str]:
    """``dutyroom.<package>.area`` for every core package that has one, in name order."""
    names = []
    for info in sorted(pkgutil.iter_modules(dutyroom.__path__), key=lambda i: i.name):
        if not info.ispkg or info.name == "gui":
            continue
        name = f"dutyroom.{info.name}.{DECLARATION_MODULE}"
        if importlib.util.find_spec(name) is not None:
            names.append(name)
    return names


@functools.cache
def declarations() -> tuple[Declaration, ...]:
    return tuple(importlib.import_module(name).DECLARATION for name in declaration_modules())


K = TypeVar("K")
V = TypeVar("V")


def _merged(pick: Callable[[Declaration], Mapping[K, V]], what: str) -> dict[K, V]:
    out: dict[K, V] = {}
    for declaration in declarations():
        for key, value in pick(declaration).items():
            if key in out and out[key] != value:
                raise RuntimeError(f"two areas declare {what} {key!r} differently")
            out[key] = value
    return out


class Collected(Mapping[K, V]):
    """A read-only mapping gathered from every area's declaration on first use.

    Gathering waits for first use because declarations import their areas' modules, and those import
    the central modules that hold a ``Collected``.
    """

    def __init__(self, gather: Callable[[], Mapping[K, V]]) -> None:
        self._gather = gather

    @functools.cached_property
    def _data(self) -> Mapping[K, V]:
        return self._gather()

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def permissions() -> dict[str, Permission]:
    return _merged(lambda d: d.permissions, "permission")


def settings() -> dict[str, Setting]:
    return _merged(lambda d: {s.key: s for s in d.settings}, "setting")


def audit_ops() -> dict[str, str]:
    return _merged(lambda d: d.audit_ops, "audit operation")


def entities() -> dict[str, str]:
    return _merged(lambda d: d.entities, "entity")


def field_labels() -> dict[str, str]:
    return _merged(lambda d: d.fields, "field label")


def value_labels() -> dict[str, str]:
    return _merged(lambda d: d.value_labels, "value labels")


@functools.cache
def quiet_fields() -> frozenset[str]:
    return frozenset().union(*(d.quiet_fields for d in declarations()))


@functools.cache
def table_areas() -> dict[str, Area]:
    return _merged(lambda d: {t: area for area, tables in d.tables.items() for t in tables}, "table")


@functools.cache
def recorded_tables() -> tuple[str, ...]:
    """Every declared table that is a business record (not bookkeeping), in declaration order."""
    bookkeeping = frozenset().union(*(d.bookkeeping for d in declarations()))
    undeclared = bookkeeping - set(table_areas())
    if undeclared:
        raise RuntimeError(f"bookkeeping tables no area declares: {sorted(undeclared)}")
    return tuple(t for d in declarations() for ts in d.tables.values() for t in ts if t not in bookkeeping)


def area_of(table: str) -> Area:
    try:
        return table_areas()[table]
    except KeyError:
        raise RuntimeError(f"table {table!r} belongs to no area: add it to the area.py of its area") from None
