"""通讯录 figures: the share of contact entries verified within the cycle (``contacts.stale_days``), by unit.

An entry is a person, or a unit with a duty phone or fax (what the verification queue lists). The figure is
taken on the period's last day (today when the period runs on): an entry counts as verified when its last
verification on or before that day is at most the cycle old. A verification made after that day hides the
one before it in the entry, so those earlier dates are read from the audit trail. Entries are grouped by
their top unit in the tree (a department, a township, the bureau …).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from dutyroom.contacts.tree import UnitInfo, load_units, stale_days
from dutyroom.stats.period import Period
from dutyroom.store import Store

NO_UNIT = "（未归属单位）"


@dataclass
class UnitVerification:
    unit_id: int | None
    name: str
    entries: int = 0
    verified: int = 0
    never: int = 0

    @property
    def share(self) -> float | None:
        return self.verified / self.entries if self.entries else None

    @property
    def overdue(self) -> int:
        return self.entries - self.verified - self.never

    def as_json(self) -> dict[str, Any]:
        return {"unit_id": self.unit_id, "unit": self.name, "entries": self.entries, "verified": self.verified,
                "overdue": self.overdue, "never": self.never,
                "share": None if self.share is None else round(self.share, 4)}


@dataclass
class VerificationFigures:
    as_of: date
    cycle_days: int
    units: list[UnitVerification]

    @property
    def total(self) -> UnitVerification:
        total = UnitVerification(None, "合计")
        for unit in self.units:
            total.entries += unit.entries
            total.verified += unit.verified
            total.never += unit.never
        return total

    def as_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "cycle_days": self.cycle_days, "total": self.total.as_json(),
                "by_unit": [u.as_json() for u in self.units]}


def as_of_day(period: Period, today: date) -> date:
    return min(period.last, today)


def top_units(units: dict[int, UnitInfo]) -> dict[int, int]:
    """unit id -> the id of its top unit."""
    top: dict[int, int] = {}
    for unit in units.values():            # depth first: a parent comes before its children
        top[unit.id] = top[unit.parent_id] if unit.parent_id is not None and unit.parent_id in top else unit.id
    return top


@dataclass(frozen=True)
class Entry:
    kind: str                   # person or org_unit
    id: int
    top: int | None             # its top unit (None: a person in no unit)
    name: str
    unit_path: str
    last: str | None            # the last verification on or before the day
    state: str                  # 已核实 / 超期未核实 / 从未核实


def entries_as_of(store: Store, day: date, units: dict[int, UnitInfo] | None = None) -> list[Entry]:
    """Every contact entry that existed on ``day`` with its last verification on or before it."""
    units = load_units(store) if units is None else units
    top = top_units(units)
    cycle = stale_days(store)
    day_text = day.isoformat()
    found: list[tuple[str, int, int | None, str, str, str | None]] = [
        ("person", r[0], r[1] if r[1] in units else None, r[2], units[r[1]].path_text if r[1] in units else "", r[3])
        for r in store.rows("SELECT id, unit_id, name, verified_on FROM person WHERE voided_at IS NULL"
                            " AND substr(created_at, 1, 10) <= ? ORDER BY sort_order, id", (day_text,))]
    found += [("org_unit", r[0], r[0], f"{units[r[0]].name}（值班电话）", units[r[0]].path_text, r[1])
              for r in store.rows("SELECT id, verified_on FROM org_unit WHERE voided_at IS NULL"
                                  " AND (duty_phone <> '' OR fax <> '') AND substr(created_at, 1, 10) <= ?", (day_text,))
              if r[0] in units]
    earlier = _earlier_verifications(store, [(kind, key) for kind, key, _u, _n, _p, on in found
                                             if on and on > day_text], day_text)
    out = []
    for kind, key, unit_id, name, path, verified_on in found:
        last = verified_on if verified_on and verified_on <= day_text else earlier.get((kind, key))
        state = ("从未核实" if last is None else
                 "已核实" if (day - date.fromisoformat(last)).days <= cycle else "超期未核实")
        out.append(Entry(kind, key, top.get(unit_id) if unit_id is not None else None, name, path, last, state))
    return out


def verification_figures(store: Store, period: Period, today: date) -> VerificationFigures:
    day = as_of_day(period, today)
    units = load_units(store)
    groups: dict[int | None, UnitVerification] = {}
    for entry in entries_as_of(store, day, units):
        item = groups.get(entry.top)
        if item is None:
            item = groups[entry.top] = UnitVerification(entry.top, units[entry.top].name if entry.top else NO_UNIT)
        item.entries += 1
        item.verified += entry.state == "已核实"
        item.never += entry.state == "从未核实"
    order = {unit.id: unit.order for unit in units.values()}
    ordered = sorted(groups.values(), key=lambda g: order.get(g.unit_id, len(order)) if g.unit_id else len(order))
    return VerificationFigures(day, stale_days(store), ordered)


def verification_entries(store: Store, day: date, top: int | None) -> list[dict[str, Any]]:
    """The entries of one top unit (None: people in no unit) as of ``day``, not verified ones first."""
    rank = {"从未核实": 0, "超期未核实": 1, "已核实": 2}
    chosen = [e for e in entries_as_of(store, day) if e.top == top]
    return [e.__dict__ for e in sorted(chosen, key=lambda e: (rank[e.state], e.last or ""))]


def _earlier_verifications(store: Store, wanted: list[tuple[str, int]], day_text: str) -> dict[tuple[str, int], str]:
    """The latest verification on or before ``day_text`` of entries verified again since, from the audit trail."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for kind, key in wanted:
        by_kind[kind].append(str(key))
    found: dict[tuple[str, int], str] = {}
    for kind, keys in by_kind.items():
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            for entity_id, verified_on in store.rows(
                    "SELECT entity_id, MAX(json_extract(after_json, '$.verified_on')) FROM audit_log"
                    f" WHERE entity = ? AND entity_id IN ({','.join('?' * len(chunk))}) AND op = 'contacts.verify'"
                    " AND json_extract(after_json, '$.verified_on') <= ? GROUP BY entity_id", (kind, *chunk, day_text)):
                if verified_on:
                    found[(kind, int(entity_id))] = verified_on
    return found
