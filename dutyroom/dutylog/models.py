"""Read models of the duty log, the pending items, instructions, roll calls, the handover and the daily report.

Each is a ``TypedDict``: the rows stay the plain dicts they always were (the GUI, printing and the JSON the CLI
writes see exactly the same keys and values) while mypy checks every key a caller reads. A key holding a closed
vocabulary is typed with its ``StrEnum``; the row holds the stored string, which equals (and hashes like) the
member. ``tests/test_read_models.py`` checks every type against what its read function returns.
"""

from __future__ import annotations

from typing import Any, TypedDict

from dutyroom.duty.roles import ShiftPart
from dutyroom.dutylog.kinds import LogKind

# An entry's own fields (来电单位, 批示内容, 执行期限 …) are defined per entry type by
# resources/dutylog/entry_types.json, so their keys are open: they stay a dict[str, Any].
EntryFields = dict[str, Any]


class LogEntry(TypedDict):
    """A duty-log entry as the views use it (``entries.decorate``): ``fields_json`` parsed into ``fields``."""
    id: int
    duty_date: str
    occurred_at: str
    kind: LogKind
    summary: str
    detail: str
    counterpart: str
    person_id: int | None
    source: str
    revision: int
    recorded_by: int | None
    recorded_by_name: str
    created_at: str
    updated_at: str | None
    voided_at: str | None
    void_reason: str | None
    fields: EntryFields
    kind_label: str


class EntryDetail(LogEntry):
    """One entry (``entries.get_entry``): whether it was ever amended after its shift closed."""
    amended: bool


class ShiftEntry(LogEntry):
    """An entry in its shift's list (``entries.shift_entries``) with its pending items and amendment mark."""
    pending_total: int
    pending_open: int
    amended: int            # SQL EXISTS: 0 or 1


class _Revision(TypedDict):
    """The columns of ``duty_log_revision`` both revision views keep."""
    id: int
    entry_id: int
    revision: int
    kind: LogKind
    occurred_at: str
    summary: str
    detail: str
    counterpart: str
    person_id: int | None
    written_at: str
    written_by_name: str
    replaced_at: str
    replaced_by: int | None
    replaced_by_name: str
    reason: str
    amendment: int


class EntryRevision(_Revision):
    """An earlier version of an entry (``entries.entry_revisions``): ``fields_json`` parsed into ``fields``."""
    fields: EntryFields
    kind_label: str


class Amendment(_Revision):
    """A 补正 of a closed shift's entry (``entries.shift_amendments``), for the printed log."""
    fields_json: str
    entry_time: str             # when the amended entry happened


class PendingRow(TypedDict):
    """A 待办 item with the entry that raised it and its latest progress note (``pending.items_of_shift``)."""
    id: int
    entry_id: int | None
    title: str
    detail: str
    due_at: str | None
    raised_shift: str
    raised_at: str
    raised_by: int | None
    raised_by_name: str
    closed_at: str | None
    closed_by: int | None
    closed_by_name: str | None
    result: str | None
    created_at: str
    voided_at: str | None
    void_reason: str | None
    entry_kind: LogKind | None
    entry_summary: str | None
    entry_time: str | None
    note_count: int
    last_note: str | None


class PendingItem(PendingRow):
    """A 待办 item in the lists (``pending.open_items``, ``items_between``) with where it stands."""
    overdue: bool
    status: str             # 未办结 / 已超期 / 已办结 / 已作废, shown as it is


class PendingNote(TypedDict):
    id: int
    item_id: int
    at: str
    duty_date: str
    written_by: int | None
    written_by_name: str
    text: str


class PendingDetail(PendingItem):
    """One 待办 item with every progress note (``pending.get_item``)."""
    notes: list[PendingNote]


class ShiftPendingItems(TypedDict):
    """Pending items seen from one shift (``pending.items_of_shift``)."""
    raised: list[PendingRow]
    closed: list[PendingRow]
    open: list[PendingRow]


class InstructionInForce(TypedDict):
    """A 领导批示 still in force (``instructions.in_force``)."""
    id: int
    duty_date: str
    occurred_at: str
    summary: str
    counterpart: str
    recorded_by_name: str
    fields: EntryFields


class InstructionLift(TypedDict):
    """How an instruction was lifted (``instructions.lift_of``)."""
    id: int
    entry_id: int
    lifted_at: str
    lifted_by: int | None
    lifted_by_name: str
    reason: str


class RollCall(TypedDict):
    """One roll call in the register (``rollcalls.roll_calls``): the entry with its fields spread out (a field
    the entry does not have is None)."""
    id: int
    duty_date: str
    occurred_at: str
    summary: str
    recorded_by_name: str
    checker_unit: str | None
    checker_name: str | None
    channel: str | None
    answered_by: str | None
    answer_seconds: int | None
    asked: str | None
    result: str | None
    follow_up: str | None


class RollCallStatistics(TypedDict):
    """``rollcalls.statistics``: how many, how many not normal, the slowest and the average answer."""
    count: int
    problems: int
    max_seconds: int | None
    mean_seconds: int | None


class HandoverRecord(TypedDict):
    """A handover row as stored (``HandoverState.record``)."""
    id: int
    outgoing_date: str
    shift: ShiftPart
    incoming_date: str
    status: str             # confirmed / accepted (``handover.STATUS_LABELS``)
    sheet_json: str
    equipment_json: str
    notes: str
    outgoing_by: int | None
    outgoing_name: str
    confirmed_at: str
    incoming_by: int | None
    incoming_name: str | None
    accepted_at: str | None
    leader_name: str
    created_at: str
    voided_at: str | None
    void_reason: str | None


class HandoverAck(TypedDict):
    """The incoming officer's 知悉 of one open item (``HandoverState.acks``)."""
    id: int
    handover_id: int
    item_key: str
    label: str
    acknowledged_at: str
    acknowledged_by: int | None
    acknowledged_by_name: str


class HandoverSummary(TypedDict):
    """A handover in the recent list (``handover.recent_handovers``)."""
    id: int
    outgoing_date: str
    incoming_date: str
    status: str
    outgoing_name: str
    confirmed_at: str
    incoming_name: str | None
    accepted_at: str | None
    leader_name: str
    voided_at: str | None
    void_reason: str | None


class DailyReport(TypedDict):
    """A saved 值班日报 (``report.get_saved``)."""
    id: int
    report_date: str
    title: str
    body: str
    zero_report: int
    revision: int
    created_at: str
    created_by_name: str
    updated_at: str
    updated_by: int | None
    updated_by_name: str
    voided_at: str | None
    void_reason: str | None
