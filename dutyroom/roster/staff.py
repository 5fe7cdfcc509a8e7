"""值班人员 (duty staff): the one model of who may be rostered, as what, and when.

A person is duty staff when ``person.is_staff`` is set; the roles they may take (带班领导, 值班长, 值班员,
备勤 — any combination) are ``person_duty_role``; "不值夜班", the join and leave dates and a monthly maximum
are ``roster_profile``; their login is the ``account`` linked to the person. The roster reads people only
through ``roster_people`` here, the 值班人员 screen and ``dutyroom staff`` through ``staff_list`` and
``update_staff``, so what the office sets is exactly what generation uses.

``staffing_problems`` says in the office's words why a role cannot be covered ("没有可担任值班长的人员：
请在值班人员中设置"), for generation, the quality report, the grid and the setup guide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from dutyroom import settings
from dutyroom.duty.roles import DUTY_ROLES, ROLE_ORDER, duty_role_label
from dutyroom.errors import NotFound, ValidationError
from dutyroom.roster.model import Person, Scenario
from dutyroom.session import Links, Session, Tx
from dutyroom.store import Reader, Store

# Who may be chosen for what, in the words counties use (values accepted by ``parse_roles``).
ROLE_WORDS: dict[str, str] = {
    **{label: role for role, label in DUTY_ROLES.items()}, **{role: role for role in DUTY_ROLES},
}
MAX_PER_MONTH = 31
STAFF_SCREEN = "值班人员"


class _Keep:
    """A field left as it is (``None`` means "clear" for the dates and the monthly maximum)."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()


@dataclass(frozen=True)
class StaffMember:
    id: int
    name: str
    unit_id: int | None
    unit: str                    # the unit's own name (a 股室 of the bureau)
    unit_path: str
    position: str
    roles: tuple[str, ...]       # in the order 带班领导, 值班长, 值班员, 备勤
    no_night: bool
    join_date: date | None
    leave_date: date | None
    max_per_month: int | None
    account_id: int | None
    account: str | None          # the user name of their account
    phone: str
    is_staff: bool = True
    sort_order: int = 0

    @property
    def role_labels(self) -> list[str]:
        return [DUTY_ROLES[r] for r in self.roles]

    def serves_on(self, day: date) -> bool:
        return (self.join_date is None or self.join_date <= day) and (self.leave_date is None or day <= self.leave_date)

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "unit": self.unit, "unit_path": self.unit_path,
                "position": self.position, "roles": list(self.roles), "role_labels": self.role_labels,
                "no_night": self.no_night, "join_date": _iso(self.join_date), "leave_date": _iso(self.leave_date),
                "max_per_month": self.max_per_month, "account": self.account, "phone": self.phone,
                "is_staff": self.is_staff}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


# -- reading ------------------------------------------------------------------------------------------

def bureau_unit_id(store: Store) -> int | None:
    """The unit of the bureau itself (本单位): the active unit named like the ``org.name`` setting (a 本局 unit
    first), else the only 本局 unit."""
    name = settings.get(store, "org.name")
    found = store.column("SELECT id FROM org_unit WHERE name = ? AND voided_at IS NULL"
                         " ORDER BY kind <> 'bureau', parent_id IS NOT NULL, id", (name,))
    if found:
        return int(found[0])
    bureaus = store.column("SELECT id FROM org_unit WHERE kind = 'bureau' AND voided_at IS NULL ORDER BY id")
    return int(bureaus[0]) if len(bureaus) == 1 else None


def _subtree(store: Reader, unit_id: int) -> list[int]:
    return store.column(
        "WITH RECURSIVE down(id, depth) AS (SELECT ?, 0 UNION ALL SELECT u.id, down.depth + 1 FROM org_unit u"
        " JOIN down ON u.parent_id = down.id WHERE down.depth < 64) SELECT id FROM down", (unit_id,))


def _roles_by_person(store: Reader) -> dict[int, tuple[str, ...]]:
    found: dict[int, set[str]] = defaultdict(set)
    for person_id, role in store.rows("SELECT person_id, role FROM person_duty_role"):
        found[person_id].add(role)
    return {pid: tuple(r for r in ROLE_ORDER if r in roles) for pid, roles in found.items()}


def staff_list(store: Store, *, include_bureau: bool = False, person_ids: Iterable[int] | None = None
               ) -> list[StaffMember]:
    """Every active duty staff member, by unit and the unit's order; with ``include_bureau`` also the bureau's
    other people (``is_staff`` False), so the 值班人员 screen can make them duty staff."""
    where = "p.is_staff = 1"
    params: list[Any] = []
    if include_bureau:
        bureau = bureau_unit_id(store)
        if bureau is not None:
            units = _subtree(store, bureau)
            where = f"(p.is_staff = 1 OR p.unit_id IN ({','.join('?' * len(units))}))"
            params = list(units)
    if person_ids is not None:
        wanted = list(person_ids)
        if not wanted:
            return []
        where += f" AND p.id IN ({','.join('?' * len(wanted))})"
        params += wanted
    rows = store.rows(
        "SELECT p.id, p.name, p.unit_id, p.position, p.is_staff, p.sort_order, u.name AS unit_name, r.join_date, r.leave_date,"
        " r.no_night, r.max_per_month,"
        " (SELECT a.id FROM account a WHERE a.person_id = p.id AND a.voided_at IS NULL ORDER BY a.id) AS account_id,"
        " (SELECT a.username FROM account a WHERE a.person_id = p.id AND a.voided_at IS NULL ORDER BY a.id)"
        " AS username,"
        " (SELECT ph.number FROM person_phone ph WHERE ph.person_id = p.id ORDER BY ph.sort_order, ph.id) AS phone"
        " FROM person p LEFT JOIN org_unit u ON u.id = p.unit_id LEFT JOIN roster_profile r ON r.person_id = p.id"
        f" WHERE p.voided_at IS NULL AND {where}"
        " ORDER BY u.parent_id IS NOT NULL, u.sort_order, u.id, p.sort_order, p.id", params)
    roles = _roles_by_person(store)
    paths = _unit_paths(store)
    return [StaffMember(
        r["id"], r["name"], r["unit_id"], r["unit_name"] or "", paths.get(r["unit_id"], ""), r["position"],
        roles.get(r["id"], ()), bool(r["no_night"]), _day(r["join_date"]), _day(r["leave_date"]),
        r["max_per_month"], r["account_id"], r["username"], r["phone"] or "", bool(r["is_staff"]), r["sort_order"])
        for r in rows]


def _unit_paths(store: Reader) -> dict[int, str]:
    units = {r[0]: (r[1], r[2]) for r in store.rows("SELECT id, name, parent_id FROM org_unit")}
    out: dict[int, str] = {}
    for unit_id in units:
        names, current, seen = [], unit_id, set()
        while current is not None and current in units and current not in seen:
            seen.add(current)
            names.append(units[current][0])
            current = units[current][1]
        out[unit_id] = " / ".join(reversed(names))
    return out


def staff_member(store: Store, person_id: int) -> StaffMember:
    found = staff_list(store, include_bureau=True, person_ids=[person_id])
    if not found:
        row = store.row("SELECT voided_at FROM person WHERE id = ?", (person_id,))
        if row is None or row[0]:
            raise NotFound("该人员不存在或已作废。")
        found = _any_person(store, person_id)
    return found[0]


def _any_person(store: Store, person_id: int) -> list[StaffMember]:
    """A person outside the bureau who is not duty staff (yet), shown the same way."""
    row = store.row("SELECT p.id, p.name, p.unit_id, p.position, u.name AS unit_name FROM person p"
                    " LEFT JOIN org_unit u ON u.id = p.unit_id WHERE p.id = ?", (person_id,))
    if row is None:
        raise NotFound("该人员不存在。")
    phone = store.scalar("SELECT number FROM person_phone WHERE person_id = ? ORDER BY sort_order, id", (person_id,))
    return [StaffMember(row["id"], row["name"], row["unit_id"], row["unit_name"] or "",
                        _unit_paths(store).get(row["unit_id"], ""), row["position"],
                        _roles_by_person(store).get(person_id, ()), False, None, None, None, None, None,
                        phone or "", False)]


def find_staff(store: Store, name: str) -> list[StaffMember]:
    """Duty staff (else any bureau person, else any person) called ``name``."""
    name = "".join((name or "").split())
    members = [m for m in staff_list(store, include_bureau=True) if m.name == name]
    staff = [m for m in members if m.is_staff]
    if staff or members:
        return staff or members
    ids = store.column("SELECT id FROM person WHERE name = ? AND voided_at IS NULL ORDER BY id", (name,))
    return [staff_member(store, pid) for pid in ids]


def roster_people(store: Store) -> list[Person]:
    """The people the roster plans with: active duty staff holding at least one role (in their own order, which
    breaks the engine's ties)."""
    members = sorted((m for m in staff_list(store) if m.roles), key=lambda m: (m.sort_order, m.id))
    return [Person(str(m.id), m.name, frozenset(m.roles), m.no_night, m.join_date, m.leave_date, m.max_per_month)
            for m in members]


def roles_of_staff(store: Store) -> dict[str, frozenset[str]]:
    """person id (as the roster names them) -> the roles they may take."""
    return {p.id: p.roles for p in roster_people(store)}


# -- writing ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StaffChange:
    """What to set for each selected person; ``KEEP`` (the default) leaves a field as it is.

    ``roles`` replaces the roles; ``add_roles``/``remove_roles`` tick or untick some for everyone selected
    (the screen's "select rows → tick a role"). ``staff`` makes people duty staff (True) or takes them off
    the roster (False; their history stays)."""

    roles: Any = KEEP
    add_roles: Sequence[str] = ()
    remove_roles: Sequence[str] = ()
    no_night: Any = KEEP
    join_date: Any = KEEP
    leave_date: Any = KEEP
    max_per_month: Any = KEEP
    staff: Any = KEEP
    new_officer: Any = KEEP          # a new 值班长/值班员, never on a shift without an experienced one


def parse_roles(values: Iterable[str] | str | None) -> list[str]:
    """Role names (leader, 带班领导 …) or one text "leader,chief" into role codes in their order."""
    if values is None:
        return []
    items = values.replace("，", ",").replace("、", ",").split(",") if isinstance(values, str) else list(values)
    wanted = set()
    for item in items:
        word = "".join(str(item).split())
        if not word:
            continue
        if word not in ROLE_WORDS:
            raise ValidationError(f"未知的值班岗位“{word}”（可用：带班领导 leader、值班长 chief、值班员 officer、"
                                  "备勤 standby）。", field="roles")
        wanted.add(ROLE_WORDS[word])
    return [r for r in ROLE_ORDER if r in wanted]


def validate(change: StaffChange) -> None:
    for roles in (change.add_roles, change.remove_roles, [] if change.roles is KEEP else change.roles):
        parse_roles(roles)
    if change.max_per_month is not KEEP and change.max_per_month is not None and not (
            isinstance(change.max_per_month, int) and 0 <= change.max_per_month <= MAX_PER_MONTH):
        raise ValidationError(f"每月上限应在0到{MAX_PER_MONTH}之间。", field="max_per_month")
    for key in ("join_date", "leave_date"):
        value = getattr(change, key)
        if value is not KEEP and value is not None and not isinstance(value, date):
            raise ValidationError("到岗、调离日期应为日期。", field=key)


def snapshot(reader: Reader, person_id: int) -> dict[str, Any]:
    """A person as the staff screen and its audit rows show them."""
    row = reader.row("SELECT p.name, p.is_staff, p.voided_at, r.join_date, r.leave_date, r.no_night, r.max_per_month,"
                     " r.new_officer FROM person p LEFT JOIN roster_profile r ON r.person_id = p.id WHERE p.id = ?", (person_id,))
    if row is None:
        raise NotFound("该人员不存在。")
    roles = set(reader.column("SELECT role FROM person_duty_role WHERE person_id = ?", (person_id,)))
    return {"name": row["name"], "is_staff": row["is_staff"], "duty_roles": [r for r in ROLE_ORDER if r in roles],
            "no_night": row["no_night"] or 0, "join_date": row["join_date"], "leave_date": row["leave_date"],
            "max_per_month": row["max_per_month"], "new_officer": row["new_officer"] or 0, "voided_at": row["voided_at"]}


def target(before: dict[str, Any], change: StaffChange) -> dict[str, Any]:
    """The snapshot ``before`` with the change made (refuses a leave date before the join date)."""
    roles = set(before["duty_roles"] if change.roles is KEEP else parse_roles(change.roles))
    roles |= set(parse_roles(change.add_roles))
    roles -= set(parse_roles(change.remove_roles))
    after = {**before, "duty_roles": [r for r in ROLE_ORDER if r in roles]}
    for key in ("join_date", "leave_date"):
        value = getattr(change, key)
        if value is not KEEP:
            after[key] = _iso(value)
    if change.no_night is not KEEP:
        after["no_night"] = 1 if change.no_night else 0
    if change.max_per_month is not KEEP:
        after["max_per_month"] = change.max_per_month
    if change.new_officer is not KEEP:
        after["new_officer"] = 1 if change.new_officer else 0
    if change.staff is not KEEP:
        after["is_staff"] = 1 if change.staff else 0
    elif after["duty_roles"] and not before["is_staff"]:
        after["is_staff"] = 1        # giving someone a duty role makes them duty staff
    if after["join_date"] and after["leave_date"] and after["leave_date"] < after["join_date"]:
        raise ValidationError(f"{before['name']}的调离日期早于到岗日期。", field="leave_date")
    return after


PROFILE_DEFAULTS: dict[str, Any] = {"join_date": None, "leave_date": None, "no_night": 0, "max_per_month": None,
                                    "new_officer": 0}


def apply_change(tx: Tx, person_id: int, change: StaffChange, *, op: str = "roster.staff.set") -> bool:
    """Set one person's staff facts inside an open write; nothing written (and False) when nothing differs."""
    before = snapshot(tx, person_id)
    if before["voided_at"]:
        raise ValidationError(f"{before['name']}已作废，不能修改。")
    after = target(before, change)
    owner = {"person_id": person_id}
    # The profile row is written as a link: it differs (and is rewritten, stamped now) only when a value does.
    existing = tx.row("SELECT updated_at FROM roster_profile WHERE person_id = ?", (person_id,))
    profile: list[dict[str, Any]] = []
    if existing is not None or any(after[k] != PROFILE_DEFAULTS[k] for k in PROFILE_DEFAULTS):
        unchanged = existing is not None and all(after[k] == before[k] for k in PROFILE_DEFAULTS)
        profile = [{**{k: after[k] for k in PROFILE_DEFAULTS},
                    "updated_at": existing["updated_at"] if existing is not None and unchanged else tx.at}]
    links = [Links("person_duty_role", owner, [{"role": r} for r in after["duty_roles"]]),
             Links("roster_profile", owner, profile)]
    return tx.update_audited("person", person_id, {"is_staff": after["is_staff"]}, op=op, entity="person",
                             links=links, before=before, snapshot=lambda: snapshot(tx, person_id))


def update_staff(session: Session, person_ids: Iterable[int], change: StaffChange) -> list[int]:
    """Set roles, 不值夜班, dates or the monthly maximum of one or many people in one transaction (one audit row
    per person changed). Returns the ids of the people that changed; an unchanged save writes nothing."""
    session.require("roster.staff")
    ids = list(dict.fromkeys(int(p) for p in person_ids))
    if not ids:
        raise ValidationError("请先选择人员。")
    validate(change)
    with session.write() as tx:
        return [pid for pid in ids if apply_change(tx, pid, change)]


# -- can the roster be covered? ----------------------------------------------------------------------

def nobody_for(role: str) -> str:
    return f"没有可担任{duty_role_label(role)}的人员：请在“{STAFF_SCREEN}”中设置。"


def _serves(person: Person, first: date, last: date) -> bool:
    return (person.join_date is None or person.join_date <= last) and (
        person.leave_date is None or person.leave_date >= first)


def role_pool(scenario: Scenario, role: str) -> list[Person]:
    """Who may take the role at all in the period (nights excluded for those who do not take them)."""
    night_bound = role in scenario.night_roles and not (scenario.officer_split and role == "officer")
    return [p for p in scenario.people if role in p.roles and _serves(p, scenario.first, scenario.last)
            and not (night_bound and p.no_night)]


def staffing_problems(scenario: Scenario) -> dict[str, str]:
    """Role -> why the period's slots of that role cannot all be covered by the staff as set (empty: they can)."""
    needed: dict[str, int] = {}
    for info in scenario.days():
        for role, count in scenario.slots_on(info).items():
            needed[role] = max(needed.get(role, 0), count)
    out: dict[str, str] = {}
    for role in ROLE_ORDER:
        if not needed.get(role):
            continue
        label = duty_role_label(role)
        holders = [p for p in scenario.people if role in p.roles and _serves(p, scenario.first, scenario.last)]
        pool = role_pool(scenario, role)
        if not holders:
            out[role] = nobody_for(role)
        elif not pool:
            out[role] = (f"可担任{label}的{len(holders)}人都不值夜班：请在“{STAFF_SCREEN}”中增加可值夜班的{label}。")
        else:
            rest = scenario.rest_days.get(role, 0)
            least = needed[role] * (rest + 1)
            if len(pool) < least:
                out[role] = (f"可担任{label}的只有{len(pool)}人，每天最多需要{needed[role]}人、值班后休息{rest}天，"
                             f"至少需要{least}人，部分岗位将无人值班：请在“{STAFF_SCREEN}”中增加。")
    return out
