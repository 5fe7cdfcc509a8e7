"""Each closed vocabulary is defined once, as a StrEnum of the stored codes, and agrees with every other
place that names the same codes: its Chinese labels, the data files in resources/, the schema's CHECKs."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path

import pytest

from dutyroom.auth.permissions import PERMISSIONS, ROLE_LABELS, AccountRole
from dutyroom.duty.log import LOG_KINDS
from dutyroom.duty.roles import DUTY_ROLES, PART_NAMES, DutyRole, ShiftPart
from dutyroom.dutylog import rollcalls
from dutyroom.dutylog.kinds import LogKind, entry_kinds
from dutyroom.incidents import obligations, queries, reports
from dutyroom.incidents.rules import GRADE_LABELS, Grade
from dutyroom.roster import changes, leave
from dutyroom.roster.calendar import DAY_TYPE_LABELS, DayType
from dutyroom.roster.model import (
    ABSENCE_KINDS,
    DEFAULT_HOLIDAY_SLOTS,
    DEFAULT_REST_DAYS,
    DEFAULT_SLOTS,
    AbsenceKind,
)
from dutyroom.roster.staffing import PERIOD_KINDS, PeriodKind
from dutyroom.warnings import calls as warning_calls
from dutyroom.warnings import records as warning_records
from dutyroom.warnings.catalog import LEVEL_LABELS, Level
from dutyroom.warnings.relay import MODES, RelayMode

ROOT = Path(__file__).resolve().parent.parent

LABELLED: list[tuple[type[StrEnum], dict[str, str]]] = [
    (AccountRole, ROLE_LABELS), (DutyRole, DUTY_ROLES), (ShiftPart, PART_NAMES), (Grade, GRADE_LABELS),
    (LogKind, LOG_KINDS), (reports.ReportStatus, reports.STATUS_LABELS), (reports.ReportForm, reports.FORM_LABELS),
    (queries.IncidentStatus, queries.STATUS_LABELS), (obligations.ObligationStatus, obligations.STATUS_LABELS),
    (obligations.AlertStage, obligations.STAGES), (changes.ChangeKind, changes.CHANGE_KINDS),
    (changes.ChangeStatus, changes.STATUS_LABELS), (DayType, DAY_TYPE_LABELS), (AbsenceKind, ABSENCE_KINDS),
    (PeriodKind, PERIOD_KINDS), (Level, LEVEL_LABELS), (warning_records.WarningStatus, warning_records.STATUS_LABELS),
    (warning_records.NoticeKind, warning_records.NOTICE_KINDS), (RelayMode, MODES),
    (warning_calls.TargetKind, warning_calls.KIND_LABELS), (warning_calls.TargetRole, warning_calls.ROLE_LABELS),
    (warning_calls.TargetStatus, warning_calls.STATUS_LABELS), (warning_calls.CallResult, warning_calls.RESULTS),
    (warning_calls.Channel, warning_calls.CHANNEL_LABELS),
    (leave.LeaveKind, leave.KIND_LABELS), (leave.LeaveStatus, leave.STATUS_LABELS),
]

# table.column -> the vocabulary its CHECK (column IN (...)) must list
COLUMNS: dict[str, type[StrEnum]] = {
    "account_role.role": AccountRole, "duty_assignment.role": DutyRole, "person_duty_role.role": DutyRole,
    "roster_draft.role": DutyRole, "roster_draft.shift": ShiftPart,
    "incident.status": queries.IncidentStatus, "incident.grade": Grade, "incident.computed_grade": Grade,
    "incident.level": Grade, "incident_obligation.level": Grade,
    "incident_obligation.status": obligations.ObligationStatus, "obligation_alert.stage": obligations.AlertStage,
    "incident_report.form": reports.ReportForm, "incident_report.kind": reports.ReportKind,
    "incident_report.status": reports.ReportStatus, "roster_change.kind": changes.ChangeKind,
    "roster_change.status": changes.ChangeStatus,
    "leave_request.kind": leave.LeaveKind, "leave_request.status": leave.LeaveStatus,
    "warning.level": Level, "warning.status": warning_records.WarningStatus, "warning_notice.level": Level,
    "warning_notice.kind": warning_records.NoticeKind, "warning_notice.mode": RelayMode,
    "warning_target.kind": warning_calls.TargetKind, "warning_target.role": warning_calls.TargetRole,
    "warning_target.status": warning_calls.TargetStatus, "warning_attempt.channel": warning_calls.Channel,
    "warning_attempt.result": warning_calls.CallResult, "warning_alarm_ack.stage": obligations.AlertStage,
}


def schema_checks() -> dict[str, tuple[str, ...]]:
    """table.column -> the values of its ``CHECK (column IN ('a', 'b'))`` in db/schema.sql."""
    found: dict[str, tuple[str, ...]] = {}
    table = ""
    for line in (ROOT / "db" / "schema.sql").read_text(encoding="utf-8").splitlines():
        if created := re.match(r"\s*CREATE TABLE (\w+)", line):
            table = created.group(1)
        for column, values in re.findall(r"CHECK \((\w+) IN \(('[^)]*')\)\)", line):
            found[f"{table}.{column}"] = tuple(re.findall(r"'([^']*)'", values))
    return found


@pytest.mark.parametrize(("vocabulary", "labels"), LABELLED, ids=[v.__name__ for v, _ in LABELLED])
def test_every_code_has_one_label_and_every_label_a_code(vocabulary: type[StrEnum], labels: dict[str, str]) -> None:
    assert list(labels) == list(vocabulary)
    assert all(re.search(r"[\u4e00-\u9fff]", label) for label in labels.values())
    assert all(member == member.value and str(member) == member.value for member in vocabulary)


@pytest.mark.parametrize("column", sorted(COLUMNS))
def test_the_schema_allows_exactly_the_vocabulary(column: str) -> None:
    checks = schema_checks()
    assert column in checks, f"{column} has no CHECK (… IN …) in db/schema.sql"
    assert set(checks[column]) == set(COLUMNS[column])


def test_every_vocabulary_check_of_the_schema_is_mapped() -> None:
    yes_no = {("0", "1")}
    unmapped = {c for c, values in schema_checks().items() if c not in COLUMNS and values not in yes_no}
    # handover.status, holiday_day.kind and rule_set.origin are one module's own two-value flags
    assert unmapped <= {"handover.status", "holiday_day.kind", "rule_set.origin"}, unmapped


def test_warning_levels_and_types_are_the_catalogue() -> None:
    data = json.loads((ROOT / "resources" / "warnings" / "types.json").read_text(encoding="utf-8"))
    assert all(set(kind["levels"]) <= set(Level) for kind in data["types"])
    relay = json.loads((ROOT / "resources" / "warnings" / "relay-local.json").read_text(encoding="utf-8"))
    assert set(relay["levels"]) == set(Level)
    assert all(set(rule.get("levels", ())) <= set(Level) and rule.get("mode", RelayMode.CALL) in set(RelayMode)
               for rule in relay["relay"])


def test_log_kinds_are_the_entry_types_file() -> None:
    data = json.loads((ROOT / "resources" / "dutylog" / "entry_types.json").read_text(encoding="utf-8"))
    assert [k["key"] for k in data["kinds"]] == list(LogKind) == list(entry_kinds())
    assert LOG_KINDS == {k["key"]: k["label"] for k in data["kinds"]}
    roll_call = next(k for k in data["kinds"] if k["key"] == LogKind.ROLL_CALL)
    choices = {f["key"]: tuple(f.get("choices", ())) for f in roll_call["fields"]}
    assert rollcalls.CHANNELS == choices["channel"] and rollcalls.RESULTS == choices["result"]


def test_report_kinds_are_the_form_files() -> None:
    def kinds(name: str) -> dict[str, str]:
        data = json.loads((ROOT / "resources" / "forms" / f"{name}.json").read_text(encoding="utf-8"))
        return {kind: spec["label"] for kind, spec in data["kinds"].items()}

    assert list(kinds("report")) == list(reports.ReportKind)
    assert reports.KIND_LABELS == kinds("report")
    assert reports.DISASTER_KIND_LABELS == {k: "灾情" + label for k, label in kinds("disaster").items()}
    assert set(reports.DISASTER_KIND_LABELS) < set(reports.ReportKind)


def test_roles_named_anywhere_are_known() -> None:
    for name, permission in PERMISSIONS.items():
        assert permission.roles <= set(AccountRole), name
    for defaults in (DEFAULT_SLOTS, DEFAULT_REST_DAYS, DEFAULT_HOLIDAY_SLOTS):
        assert set(defaults) <= set(DutyRole)
    assert {ROLE_LABELS[r] for r in (AccountRole.OFFICER, AccountRole.CHIEF, AccountRole.LEADER)} == {
        DUTY_ROLES[r] for r in (DutyRole.OFFICER, DutyRole.CHIEF, DutyRole.LEADER)}


def test_grading_rules_name_known_grades() -> None:
    for name in ("national", "henan"):
        data = json.loads((ROOT / "resources" / "rules" / f"{name}.json").read_text(encoding="utf-8"))
        for criterion in data["grading"]["criteria"]:
            assert set(criterion["thresholds"]) <= set(Grade), (name, criterion["key"])
        for flag in data["grading"]["flags"]:
            assert flag.get("report_as", Grade.IV) in set(Grade), (name, flag["key"])
