"""Which shifts still take entries: a shift closes when its handover is accepted.

New entries go into a shift that is still open: the current one, or an earlier one whose handover has
not been completed and which ended less than ``LOCK_AFTER`` ago (the outgoing team may still be writing
up the night). Everything else changes only by amendment.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from dutyroom.clock import FUTURE_TOLERANCE, short_date, to_cst
from dutyroom.duty.shifts import Shift, shift_at, shift_on
from dutyroom.errors import ValidationError
from dutyroom.store import Reader

LOCK_AFTER = timedelta(hours=24)


def is_closed(reader: Reader, duty_date: date | str) -> bool:
    day = duty_date if isinstance(duty_date, str) else duty_date.isoformat()
    return reader.row("SELECT 1 FROM handover WHERE outgoing_date = ? AND status = 'accepted'"
                      " AND voided_at IS NULL", (day,)) is not None


def closed_dates(reader: Reader, first: date, last: date) -> set[str]:
    return {r[0] for r in reader.rows(
        "SELECT outgoing_date FROM handover WHERE status = 'accepted' AND voided_at IS NULL"
        " AND outgoing_date BETWEEN ? AND ?", (first.isoformat(), last.isoformat()))}


def is_locked(reader: Reader, shift: Shift, now: datetime) -> bool:
    """True when entries of ``shift`` change only by amendment."""
    return to_cst(now) >= shift.end + LOCK_AFTER or is_closed(reader, shift.duty_date)


def moment_text(moment: datetime) -> str:
    return f"{short_date(moment.date())} {moment:%H:%M}"


def check_entry_time(reader: Reader, occurred: datetime, now: datetime, handover: object) -> Shift:
    """The shift a new entry at ``occurred`` belongs to, or a Chinese refusal."""
    occurred, now = to_cst(occurred), to_cst(now)
    if occurred > now + FUTURE_TOLERANCE:
        raise ValidationError(f"记录时间（{moment_text(occurred)}）晚于当前时间，请核对。", field="occurred_at")
    shift = shift_at(occurred, handover)  # type: ignore[arg-type]
    if is_locked(reader, shift, now):
        current = shift_at(now, handover)  # type: ignore[arg-type]
        raise ValidationError(
            f"记录时间（{moment_text(occurred)}）早于本班次开始时间（{moment_text(current.start)}），"
            "该时间所在班次已交接班或已结束超过24小时，不能再补记。请核对时间；"
            "如需更正已交班班次的记录，请对原记录办理补正。", field="occurred_at")
    return shift


def shift_of(duty_date: date, handover: object) -> Shift:
    return shift_on(duty_date, handover)  # type: ignore[arg-type]
