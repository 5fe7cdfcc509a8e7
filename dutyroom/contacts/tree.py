"""The unit tree in reading order (depth first, by sort order), with each unit's path — read once, used by
the search index, the tree view, the printed book and the Excel export."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from dutyroom import settings
from dutyroom.store import Store

PATH_SEPARATOR = " / "


@dataclass(frozen=True)
class UnitInfo:
    id: int
    name: str
    kind: str
    parent_id: int | None
    depth: int
    path: tuple[str, ...]
    order: int
    duty_phone: str
    fax: str
    address: str
    notes: str
    verified_on: str | None
    verified_by: str
    name_initials: str
    name_pinyin: str

    @property
    def path_text(self) -> str:
        return PATH_SEPARATOR.join(self.path)


def load_units(store: Store) -> dict[int, UnitInfo]:
    """Active units keyed by id, in depth-first reading order (a voided parent hides its subtree)."""
    rows = store.rows(
        "SELECT id, parent_id, name, kind, duty_phone, fax, address, notes, verified_on, verified_by,"
        " name_initials, name_pinyin FROM org_unit WHERE voided_at IS NULL ORDER BY sort_order, id")
    children: dict[int | None, list[Any]] = defaultdict(list)
    for row in rows:
        children[row["parent_id"]].append(row)
    known = {row["id"] for row in rows}
    out: dict[int, UnitInfo] = {}
    # Roots are units without a parent, or whose parent is voided (they would otherwise vanish).
    stack: list[tuple[Any, int, tuple[str, ...]]] = [(row, 0, ()) for row in reversed([r for r in rows if r["parent_id"] is None
                                               or r["parent_id"] not in known])]
    while stack:
        row, depth, parent_path = stack.pop()
        path = (*parent_path, row["name"])
        out[row["id"]] = UnitInfo(
            id=row["id"], name=row["name"], kind=row["kind"], parent_id=row["parent_id"] if depth else None,
            depth=depth, path=path, order=len(out), duty_phone=row["duty_phone"], fax=row["fax"],
            address=row["address"], notes=row["notes"], verified_on=row["verified_on"],
            verified_by=row["verified_by"], name_initials=row["name_initials"], name_pinyin=row["name_pinyin"])
        for child in reversed(children.get(row["id"], [])):
            if depth < 64:
                stack.append((child, depth + 1, path))
    return out


def subtree_ids(units: dict[int, UnitInfo], root_id: int) -> set[int]:
    """The unit and everything below it."""
    below: dict[int | None, list[int]] = defaultdict(list)
    for unit in units.values():
        below[unit.parent_id].append(unit.id)
    found, todo = set(), [root_id]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        found.add(current)
        todo.extend(below.get(current, []))
    return found


def stale_days(store: Store) -> int:
    return int(settings.get(store, "contacts.stale_days"))


def verification_age(verified_on: str | None, today: date) -> int | None:
    """Days since the last verification, None when never verified."""
    if not verified_on:
        return None
    return (today - date.fromisoformat(verified_on)).days


def is_stale(verified_on: str | None, today: date, threshold: int) -> bool:
    age = verification_age(verified_on, today)
    return age is None or age > threshold


def staleness_text(verified_on: str | None, today: date, threshold: int) -> str:
    age = verification_age(verified_on, today)
    if age is None:
        return "从未核实"
    if age > threshold:
        return f"超期 {age} 天未核实"
    return "今天已核实" if age == 0 else f"{age} 天前核实"


def find_unit(store: Store, text: str) -> int:
    """The unit a user names: its name, or a path "石门镇/关口村" (ending at the unit); refuses ambiguity."""
    from dutyroom.errors import ValidationError

    wanted = tuple(p.strip() for p in text.replace("／", "/").split("/") if p.strip())
    if not wanted:
        raise ValidationError("请填写单位名称。")
    units = load_units(store)
    found = [u for u in units.values() if u.path[-len(wanted):] == wanted]
    if not found:
        raise ValidationError(f"没有找到单位“{text}”。")
    if len(found) > 1:
        raise ValidationError(f"有{len(found)}个单位叫“{text}”，请写出上级，例如“乡镇/村”。")
    return found[0].id
