"""The read models' TypedDicts are honest: on the demo county every typed read function returns exactly the keys
its type names, each value of the type named (a vocabulary key holds one of its StrEnum's values).

A column added to a query without adding it to the type, or a key in the type the query no longer gives,
fails here.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest

from dutyroom import org
from dutyroom.audit import anchors
from dutyroom.audit import models as audit_models
from dutyroom.audit import recent as audit_recent
from dutyroom.auth import accounts
from dutyroom.backup import restore
from dutyroom.clock import FixedClock
from dutyroom.contacts import directory
from dutyroom.dutylog import entries, instructions, pending, rollcalls
from dutyroom.dutylog import handover as ho
from dutyroom.dutylog import models as log_models
from dutyroom.dutylog import report as daily_report
from dutyroom.incidents import disaster, intake, queries, reports
from dutyroom.incidents import models as incident_models
from dutyroom.incidents.obligations import ObligationStatus
from dutyroom.incidents.queries import IncidentStatus
from dutyroom.incidents.reports import ReportForm, ReportKind, ReportStatus
from dutyroom.org import models as org_models
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store
from tests.conftest import NOW

# The vocabularies incidents/models.py imports only for the type checker (their modules read through it).
_LATE_NAMES = {"IncidentStatus": IncidentStatus, "ObligationStatus": ObligationStatus, "ReportForm": ReportForm,
               "ReportKind": ReportKind, "ReportStatus": ReportStatus}


def _hints(model: type) -> dict[str, Any]:
    return typing.get_type_hints(model, localns=_LATE_NAMES)


def _is_typeddict(annotation: Any) -> bool:
    return isinstance(annotation, type) and typing.is_typeddict(annotation)


def _problems(value: Any, annotation: Any, where: str) -> list[str]:
    """What in ``value`` does not fit ``annotation`` (empty when it fits)."""
    if annotation is Any:
        return []
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(annotation)
        tried = [_problems(value, option, where) for option in options]
        return [] if any(not found for found in tried) else [f"{where}: {value!r} is not {annotation}"]
    if annotation is type(None):
        return [] if value is None else [f"{where}: {value!r} is not None"]
    if _is_typeddict(annotation):
        return check_row(value, annotation, where)
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__} is not a list"]
        (item,) = typing.get_args(annotation)
        return [p for n, element in enumerate(value) for p in _problems(element, item, f"{where}[{n}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: {type(value).__name__} is not a dict"]
        key_type, item = typing.get_args(annotation)
        return [p for key, element in value.items()
                for p in _problems(key, key_type, f"{where} key") + _problems(element, item, f"{where}[{key!r}]")]
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        return [] if value in {member.value for member in annotation} else [
            f"{where}: {value!r} is not a {annotation.__name__}"]
    if annotation is bool:
        return [] if isinstance(value, bool) else [f"{where}: {value!r} is not a bool"]
    if annotation is float:
        return [] if isinstance(value, int | float) and not isinstance(value, bool) else [
            f"{where}: {value!r} is not a number"]
    if isinstance(annotation, type):
        return [] if isinstance(value, annotation) else [
            f"{where}: {value!r} is a {type(value).__name__}, not {annotation.__name__}"]
    raise AssertionError(f"{where}: the check does not know {annotation!r}")


def check_row(row: Any, model: type, where: str = "") -> list[str]:
    """The keys of ``row`` against the keys of ``model``, then every value against its annotation."""
    where = where or model.__name__
    if not isinstance(row, dict):
        return [f"{where}: {type(row).__name__} is not a dict"]
    expected = model.__required_keys__ | model.__optional_keys__     # type: ignore[attr-defined]
    problems = []
    if set(row) != expected:
        missing, extra = sorted(expected - set(row)), sorted(set(row) - expected)
        problems.append(f"{where}: keys differ from {model.__name__}: missing {missing}, not in the type {extra}")
    hints = _hints(model)
    for key in sorted(expected & set(row)):
        problems += _problems(row[key], hints[key], f"{where}[{key!r}]")
    return problems


def assert_rows(rows: Any, model: type) -> None:
    rows = rows if isinstance(rows, list) else [rows]
    assert rows, f"the demo county gives no {model.__name__} to check"
    problems = [p for n, row in enumerate(rows) for p in check_row(row, model, f"{model.__name__} #{n}")]
    assert not problems, "\n".join(problems[:20])


# -- the checker itself ----------------------------------------------------------------------------

def test_the_check_finds_a_missing_key_an_extra_key_and_a_wrong_value() -> None:
    good = {"id": 1, "name": "青石镇"}
    assert check_row(good, incident_models.Township) == []
    assert check_row({"id": 1}, incident_models.Township)
    assert check_row({**good, "kind": "township"}, incident_models.Township)
    assert check_row({"id": "1", "name": "青石镇"}, incident_models.Township)
    anchor = {"id": 1, "seq": 5, "hash_prefix": "ab12", "source": "", "entered_at": "2026-11-24T10:00:00+08:00",
              "entered_by": None, "entered_by_name": "管理员", "voided_at": None, "void_reason": None,
              "matches": True, "reached": True}
    assert check_row(anchor, audit_models.AnchorRow) == []
    assert check_row({**anchor, "matches": 1}, audit_models.AnchorRow)          # an int is not a bool
    assert check_row({**anchor, "entered_by": "7"}, audit_models.AnchorRow)
    summary = {"id": 1, "outgoing_date": "2026-11-23", "shift": "full", "incoming_date": "2026-11-24"}
    assert any("ShiftPart" in p for p in check_row({**summary, "shift": "evening"}, log_models.HandoverRecord))


# -- the demo county -------------------------------------------------------------------------------

@pytest.fixture
def demo(demo_store: Store) -> Session:
    return Session(demo_store, SYSTEM_ACTOR, FixedClock(NOW))


def _first(store: Store, sql: str, params: tuple[Any, ...] = ()) -> Any:
    found = store.scalar(sql, params)
    assert found is not None, sql
    return found


def test_duty_log_entries(demo: Session) -> None:
    store = demo.store
    entry_id = _first(store, "SELECT id FROM duty_log_entry WHERE voided_at IS NULL ORDER BY id LIMIT 1")
    assert_rows(entries.get_entry(store, entry_id), log_models.EntryDetail)
    duty_date = _first(store, "SELECT duty_date FROM duty_log_entry GROUP BY duty_date ORDER BY COUNT(*) DESC")
    assert_rows(entries.shift_entries(store, duty_date), log_models.ShiftEntry)
    assert_rows(entries.decorate(store.one(f"SELECT {entries.ENTRY_COLUMNS} FROM duty_log_entry e WHERE e.id = ?",
                                           (entry_id,))), log_models.LogEntry)
    # An entry of a shift already handed over, amended (补正): its earlier version, and the printed log's list.
    closed = _first(store, "SELECT e.id FROM duty_log_entry e JOIN handover h ON h.outgoing_date = e.duty_date"
                           " WHERE h.status = 'accepted' AND e.voided_at IS NULL ORDER BY e.id LIMIT 1")
    current = entries.get_entry(store, closed)
    entries.correct_entry(demo, closed, summary=current["summary"] + "（补正）", reason="核对原始记录")
    assert_rows(entries.entry_revisions(store, closed), log_models.EntryRevision)
    assert_rows(entries.shift_amendments(store, current["duty_date"]), log_models.Amendment)
    assert entries.get_entry(store, closed)["amended"] is True


def test_pending_items(demo: Session) -> None:
    store = demo.store
    assert_rows(pending.open_items(store, NOW), log_models.PendingItem)
    assert_rows(pending.items_between(store, "2026-11-01", "9999-12-31", NOW), log_models.PendingItem)
    item_id = pending.open_items(store, NOW)[0]["id"]
    pending.add_note(demo, item_id, "已电话催办。")
    item = pending.get_item(store, item_id, NOW)
    assert_rows(item, log_models.PendingDetail)
    assert_rows(item["notes"], log_models.PendingNote)
    duty_date = _first(store, "SELECT raised_shift FROM pending_item ORDER BY id LIMIT 1")
    seen = pending.items_of_shift(store, duty_date, f"{duty_date}T08:30:00+08:00", "2026-11-24T08:30:00+08:00")
    assert_rows(seen, log_models.ShiftPendingItems)
    assert_rows(seen["raised"] + seen["closed"] + seen["open"], log_models.PendingRow)


def test_instructions_and_roll_calls(demo: Session) -> None:
    store = demo.store
    standing = instructions.in_force(store, NOW)
    assert_rows(standing, log_models.InstructionInForce)
    instructions.lift(demo, standing[0]["id"], "已落实完毕")
    assert_rows(instructions.lift_of(store, standing[0]["id"]), log_models.InstructionLift)
    register = rollcalls.roll_calls(store)
    assert_rows(register, log_models.RollCall)
    assert_rows(rollcalls.statistics(register), log_models.RollCallStatistics)


def test_handover_and_daily_report(demo: Session) -> None:
    store = demo.store
    assert_rows(ho.recent_handovers(store), log_models.HandoverSummary)
    accepted = _first(store, "SELECT outgoing_date FROM handover WHERE status = 'accepted' ORDER BY id LIMIT 1")
    state = ho.handover_state(store, date.fromisoformat(accepted), NOW)
    assert_rows(state.record, log_models.HandoverRecord)
    assert_rows(list(state.acks.values()), log_models.HandoverAck)
    saved = _first(store, "SELECT report_date FROM daily_report WHERE voided_at IS NULL")
    assert_rows(daily_report.get_saved(store, date.fromisoformat(saved)), log_models.DailyReport)


def test_incidents(demo: Session) -> None:
    store = demo.store
    listed = queries.IncidentQuery().page(store, 0, 50)
    assert_rows(listed, incident_models.IncidentListRow)
    assert_rows(list(queries.rows_by_id(store, [r["id"] for r in listed]).values()), incident_models.IncidentListRow)
    for incident_id in (r["id"] for r in listed):
        assert_rows(intake.get_incident(store, incident_id), incident_models.IncidentRow)
        detail = queries.incident_detail(store, incident_id)
        assert_rows(detail, incident_models.IncidentDetail)
        assert_rows(intake.grading_of(detail), incident_models.IncidentGrading)
    with_reports = _first(store, "SELECT incident_id FROM incident_report GROUP BY incident_id"
                                 " ORDER BY COUNT(*) DESC LIMIT 1")
    chain = reports.reports_of(store, with_reports)
    assert_rows(chain, incident_models.ReportRow)
    assert_rows(reports.get_report(store, chain[-1]["id"]), incident_models.ReportRow)
    assert_rows(reports.previous_report(store, with_reports, chain[-1]["form"]), incident_models.ReportRow)
    assert_rows(disaster.townships(store), incident_models.Township)


def test_an_incident_detail_covers_calls_clocks_and_reports(demo: Session) -> None:
    """The nested lists are checked only when the demo has rows in them: make sure it does."""
    store = demo.store
    with_reports = _first(store, "SELECT incident_id FROM incident_report GROUP BY incident_id"
                                 " ORDER BY COUNT(*) DESC LIMIT 1")
    detail = queries.incident_detail(store, with_reports)
    assert detail["calls"] and detail["obligations"] and detail["reports"]
    assert_rows(detail["calls"], incident_models.IncidentCall)
    assert_rows(detail["obligations"], incident_models.ObligationView)
    # the obligation as the deadline panel reads it for 完成登记
    assert_rows([dict(r) for r in store.rows("SELECT * FROM incident_obligation")], incident_models.ObligationRow)


def test_org_accounts_audit(demo: Session) -> None:
    store = demo.store
    assert_rows(org.units(store), org_models.UnitRow)
    assert_rows(org.duty_staff(store), org_models.PersonRow)
    assert_rows(org.duty_staff(store, "officer"), org_models.PersonRow)
    assert_rows(accounts.list_accounts(store), accounts.AccountSummary)
    assert_rows(audit_recent(store, limit=200), audit_models.AuditRow)
    assert_rows(anchors.anchor_rows(store), audit_models.AnchorRow)
    person = _first(store, "SELECT entity_id FROM audit_log WHERE entity = 'person' ORDER BY id LIMIT 1")
    assert_rows(directory.person_history(store, int(person)), audit_models.DescribedAuditRow)


def test_backup_file_facts(demo_file: Path) -> None:
    assert_rows(restore.facts_of(demo_file).newest_entry, restore.NewestEntry)


def test_every_model_is_checked_here() -> None:
    """A TypedDict added to an area's models without a check above fails here."""
    source = open(__file__, encoding="utf-8").read()
    modules = (log_models, incident_models, org_models, audit_models)
    declared = {f"{m.__name__.split('.')[-2]}.{name}" for m in modules for name, value in vars(m).items()
                if _is_typeddict(value) and value.__module__ == m.__name__ and not name.startswith("_")}
    prefixes = {"dutylog": "log_models", "incidents": "incident_models", "org": "org_models", "audit": "audit_models"}
    unchecked = sorted(d for d in declared if f"{prefixes[d.split('.')[0]]}.{d.split('.')[1]}" not in source)
    assert not unchecked, f"read models without a check in this file: {unchecked}"
