"""Read models of the incidents area: an incident (whole, in the list, in full detail), its calls, obligations
and reports, and the grading record.

Each is a ``TypedDict``: the rows stay the plain dicts they always were (the GUI, printing and the JSON the CLI
writes see exactly the same keys and values) while mypy checks every key a caller reads. A key holding a closed
vocabulary is typed with its ``StrEnum``; the row holds the stored string, which equals (and hashes like) the
member. ``tests/test_read_models.py`` checks every type against what its read function returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypedDict

from dutyroom.incidents.rules import Grade

if TYPE_CHECKING:       # the modules defining these vocabularies read incidents through these types
    from dutyroom.incidents.obligations import ObligationStatus
    from dutyroom.incidents.queries import IncidentStatus
    from dutyroom.incidents.reports import ReportForm, ReportKind, ReportStatus

# An incident's facts and a report's body are the values of the fields resources/forms/*.json define (the
# intake form, the 信息专报 and 灾情 forms), so their keys are open: they stay a dict[str, Any].
FormValues = dict[str, Any]


class IncidentListRow(TypedDict):
    """An incident as the list shows it (``queries.LIST_COLUMNS``: ``IncidentQuery.page``, ``rows_by_id``)."""
    id: int
    year: int
    serial: int
    title: str
    status: IncidentStatus
    received_at: str
    occurred_at: str
    category: str
    subtype: str
    place: str
    dead: int
    missing: int
    serious_injuries: int
    injured: int
    trapped: int
    grade: Grade
    computed_grade: Grade
    grade_override_reason: str | None
    level: Grade            # the reporting level: the grade raised by flags
    flags: str              # comma-separated flag keys
    must_report: int
    next_due_at: str | None
    next_due_label: str | None
    open_obligations: int
    closed_at: str | None
    voided_at: str | None


class IncidentRow(IncidentListRow):
    """An incident row as stored (``intake.get_incident``): the list's columns and the rest."""
    title_custom: int
    township_id: int | None
    at_risk: int
    evacuated: int
    loss_yuan: int
    grading_json: str
    rule_set_id: int | None
    facts_json: str
    search_text: str
    close_note: str | None
    created_at: str
    updated_at: str
    created_by: int | None
    created_by_name: str
    void_reason: str | None


class IncidentGrading(TypedDict):
    """Why an incident has its grade (``incident.grading_json``, ``intake.grading_of``)."""
    reasons: list[str]
    flag_reasons: list[str]
    flag_labels: list[str]
    rules: str              # the rule set's label


class IncidentCall(TypedDict):
    """One call (来电/来文) about an incident."""
    id: int
    incident_id: int
    received_at: str
    channel: str
    reporter_unit: str
    reporter_name: str
    reporter_phone: str
    reporter_person_id: int | None
    summary: str
    changes_json: str
    log_entry_id: int | None
    recorded_by: int | None
    recorded_by_name: str
    created_at: str
    voided_at: str | None
    void_reason: str | None


class ObligationRow(TypedDict):
    """One deadline obligation as stored."""
    id: int
    incident_id: int
    step: str
    label: str
    seq: int
    level: Grade
    meet: str
    how: str
    recipient: str
    recurring: int
    window_start: str
    due_at: str
    rule_text: str
    source: str
    note: str
    rule_set_id: int | None
    status: ObligationStatus
    planned_at: str
    met_at: str | None
    met_by: int | None
    met_by_name: str | None
    met_how: str | None
    met_to: str | None
    met_note: str | None
    report_id: int | None
    ended_at: str | None
    ended_by_name: str | None
    ended_reason: str | None


class ObligationView(ObligationRow):
    """An obligation in the incident's detail, with the alarms acknowledged on it."""
    acks: str | None        # "stage:name:at" joined by ";"


class ReportRow(TypedDict):
    """A report (信息专报 or 灾情报告) as stored (``reports.get_report``, ``reports_of``, ``previous_report``)."""
    id: int
    incident_id: int
    form: ReportForm
    kind: ReportKind
    seq: int
    title: str
    addressee: str
    body_json: str
    facts_json: str
    previous_id: int | None
    corrects_id: int | None
    status: ReportStatus
    drafted_by: int | None
    drafted_by_name: str
    created_at: str
    updated_at: str
    signed_by: int | None
    signed_by_name: str | None
    signed_at: str | None
    signed_on_duty: int | None
    issue_year: int | None
    issue_no: int | None
    sent_at: str | None
    sent_by: int | None
    sent_by_name: str | None
    sent_to: str | None
    sent_channel: str | None
    confirmed_at: str | None
    confirmed_by_name: str | None
    confirmed_with: str | None
    voided_at: str | None
    void_reason: str | None


class IncidentDetail(IncidentRow):
    """One incident in full (``queries.incident_detail``): parsed facts and grading, calls, clocks, reports."""
    facts: FormValues
    grading: IncidentGrading
    calls: list[IncidentCall]
    obligations: list[ObligationView]
    reports: list[ReportRow]
    rule_label: str


class Township(TypedDict):
    """A township the 灾情 report counts by (``disaster.townships``)."""
    id: int
    name: str
