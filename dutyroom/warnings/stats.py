"""Statistics of warnings and 叫应 for any date range — the monthly 预警叫应情况统计 and the statistics view.

    stats = warning_stats(store, date(2026, 7, 1), date(2026, 7, 31), now)
    stats.by_type_level["暴雨"]["orange"]   # warnings received (as first issued)
    stats.median_seconds, stats.p90_seconds  # time from receipt to a person answering (B角 included)
    stats.in_time_share                      # share of people reached by their list's deadline
    stats.silent_by_township                 # people never reached, by township

What counts: notices (the warning, each change, the lift) received in the range, of warnings not voided.
A person to reach is a ``primary`` target of a call list (the 带班领导, B角 and escalation calls are how they
are reached, not people to reach). Reached: answered, or answered for by their B角; the time to answer
runs from the notice's receipt. Lists still running (deadline ahead, not everyone reached) are ``pending``:
neither silent nor late yet. Notice-only lists count people told, not answered.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from dutyroom.clock import CST, iso
from dutyroom.store import Reader
from dutyroom.warnings.catalog import LEVEL_LABELS, LEVELS

REACHED = ("answered", "arrived")


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (the smallest value with at least ``share`` of the values at or below it)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class WarningRow:
    warning_id: int
    number: str
    title: str              # type and level of the first notice in the range: 暴雨橙色
    received_at: str
    notices: int
    targets: int
    answered: int
    in_time: int
    silent: int
    escalated: int
    median_seconds: float | None


@dataclass
class WarningStats:
    first: date
    last: date
    warnings: int = 0
    notices: int = 0
    by_type_level: dict[str, dict[str, int]] = field(default_factory=dict)   # type -> level code -> warnings
    by_level: dict[str, int] = field(default_factory=dict)
    raised: int = 0                  # notices raising a level
    lifted: int = 0
    targets: int = 0                 # people to reach on call lists
    answered: int = 0
    by_backup: int = 0
    answered_in_time: int = 0
    late: int = 0                    # reached after the deadline
    silent: int = 0                  # never reached, list over or deadline past
    pending: int = 0                 # list still running, not reached yet
    escalated: int = 0
    notified: int = 0                # people on notice-only lists told
    answer_seconds: list[float] = field(default_factory=list, repr=False)
    silent_by_township: dict[str, int] = field(default_factory=dict)
    rows: list[WarningRow] = field(default_factory=list)

    @property
    def median_seconds(self) -> float | None:
        return statistics.median(self.answer_seconds) if self.answer_seconds else None

    @property
    def p90_seconds(self) -> float | None:
        return percentile(self.answer_seconds, 0.9)

    @property
    def counted(self) -> int:
        """People whose outcome is known: reached (in time or late) or silent with the deadline past."""
        return self.answered_in_time + self.late + self.silent

    @property
    def in_time_share(self) -> float | None:
        return self.answered_in_time / self.counted if self.counted else None

    def as_json(self) -> dict[str, Any]:
        return {
            "from": self.first.isoformat(), "to": self.last.isoformat(), "warnings": self.warnings,
            "notices": self.notices, "by_type_level": self.by_type_level, "by_level": self.by_level,
            "raised": self.raised, "lifted": self.lifted, "targets": self.targets, "answered": self.answered,
            "by_backup": self.by_backup, "answered_in_time": self.answered_in_time, "late": self.late,
            "silent": self.silent, "pending": self.pending, "escalated": self.escalated, "notified": self.notified,
            "median_seconds": self.median_seconds, "p90_seconds": self.p90_seconds,
            "in_time_share": None if self.in_time_share is None else round(self.in_time_share, 4),
            "silent_by_township": self.silent_by_township,
            "warnings_list": [r.__dict__ for r in self.rows],
        }


def _bounds(first: date, last: date) -> tuple[str, str]:
    return iso(datetime.combine(first, time(0), tzinfo=CST)), iso(datetime.combine(last + timedelta(days=1), time(0),
                                                                                  tzinfo=CST))


def warning_stats(reader: Reader, first: date, last: date, now: datetime) -> WarningStats:
    """The statistics of notices received from ``first`` to ``last`` (whole days, inclusive)."""
    start, end = _bounds(first, last)
    now_iso = iso(now)
    stats = WarningStats(first, last)
    notices = {r["id"]: r for r in reader.rows(
        "SELECT n.id, n.warning_id, n.kind, n.level, n.mode, n.received_at, n.deadline_at, n.closed_at,"
        " w.type, w.year, w.serial FROM warning_notice n JOIN warning w ON w.id = n.warning_id"
        " WHERE w.voided_at IS NULL AND n.received_at >= ? AND n.received_at < ? ORDER BY n.received_at, n.id",
        (start, end))}
    per_warning: dict[int, dict[str, Any]] = {}
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for notice in notices.values():
        stats.notices += 1
        stats.raised += notice["kind"] == "raise"
        stats.lifted += notice["kind"] == "lift"
        if notice["kind"] == "issue":
            table[notice["type"]][notice["level"]] += 1
        row = per_warning.setdefault(notice["warning_id"], {"notice": notice, "notices": 0, "targets": 0, "answered": 0,
                                                            "in_time": 0, "silent": 0, "escalated": 0, "seconds": []})
        row["notices"] += 1
    stats.by_type_level = {kind: {code: counts[code] for code in LEVELS if counts[code]}
                           for kind, counts in sorted(table.items(), key=lambda item: -sum(item[1].values()))}
    stats.by_level = {code: sum(c.get(code, 0) for c in stats.by_type_level.values()) for code in LEVELS}
    stats.warnings = sum(stats.by_level.values())
    silent_by_township: Counter[str] = Counter()
    received = {notice_id: datetime.fromisoformat(n["received_at"]) for notice_id, n in notices.items()}
    ids = list(notices)
    for offset in range(0, len(ids), 500):
        chunk = ids[offset:offset + 500]
        # One row per person to reach, with the answer of the B角 who answered for them (if one did).
        for person in reader.rows(
                "SELECT t.notice_id, t.status, t.answered_at, t.escalated_at, t.township, t.unit,"
                " b.status, b.answered_at FROM warning_target t LEFT JOIN warning_target b ON b.id = t.covered_by"
                f" WHERE t.notice_id IN ({','.join('?' * len(chunk))}) AND t.kind = 'primary'", chunk):
            notice = notices[person[0]]
            _count(stats, per_warning[notice["warning_id"]], person, notice, received[person[0]], now_iso,
                   silent_by_township)
    stats.silent_by_township = dict(silent_by_township.most_common())
    for warning_id, row in per_warning.items():
        notice = row["notice"]
        stats.rows.append(WarningRow(
            warning_id, f"{notice['year']}-{notice['serial']:03d}", f"{notice['type']}{LEVEL_LABELS[notice['level']]}",
            notice["received_at"], row["notices"],
            row["targets"], row["answered"], row["in_time"], row["silent"], row["escalated"],
            statistics.median(row["seconds"]) if row["seconds"] else None))
    return stats


def target_outcome(notice: Any, status: str, answered_at: str | None, backup_status: str | None,
                   backup_answered: str | None, now_iso: str) -> tuple[str, str | None]:
    """What became of one person to reach on a call list (``notice`` has ``deadline_at`` and ``closed_at``):
    ("in_time" | "late", when they or the B角 who answered for them answered), or ("pending" | "silent", None)."""
    if status in REACHED:
        when = answered_at
    elif backup_status in REACHED:
        when = backup_answered
    else:
        when = None
    deadline = notice["deadline_at"]
    if when is not None:
        return ("in_time" if deadline is None or when <= deadline else "late"), when
    if notice["closed_at"] is None and deadline is not None and deadline > now_iso:
        return "pending", None
    return "silent", None


def _count(stats: WarningStats, row: dict[str, Any], target: Any, notice: Any, received: datetime, now_iso: str,
           silent_by_township: Counter[str]) -> None:
    """One person to reach: ``target`` is (notice, status, answered at, escalated at, township, unit, the B角's
    status, the B角's answer)."""
    _notice, status, answered_at, escalated_at, township, unit, backup_status, backup_answered = target
    if notice["mode"] == "notice":
        stats.notified += status != "pending"
        return
    stats.targets += 1
    row["targets"] += 1
    if escalated_at:
        stats.escalated += 1
        row["escalated"] += 1
    outcome, when = target_outcome(notice, status, answered_at, backup_status, backup_answered, now_iso)
    if when is not None:
        stats.by_backup += status not in REACHED
        stats.answered += 1
        row["answered"] += 1
        seconds = max(0.0, (datetime.fromisoformat(when) - received).total_seconds())   # both stored +08:00
        stats.answer_seconds.append(seconds)
        row["seconds"].append(seconds)
        if outcome == "in_time":
            stats.answered_in_time += 1
            row["in_time"] += 1
        else:
            stats.late += 1
    elif outcome == "pending":
        stats.pending += 1
    else:
        stats.silent += 1
        row["silent"] += 1
        silent_by_township[township_of(township, unit)] += 1


def township_of(township: str | None, unit: str | None) -> str:
    """Where a person to reach is counted among the silent: their township, else their unit."""
    return township or unit or "其他"


def month_stats(reader: Reader, year: int, month: int, now: datetime) -> WarningStats:
    first = date(year, month, 1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return warning_stats(reader, first, last, now)
