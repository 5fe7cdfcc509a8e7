"""值班日志 figures for a period: entries by hour of day and weekday, calls per day, and the roll calls received
(上级查岗/点名) with how long the room took to answer. Voided entries do not count; times are Beijing time as
stored (``occurred_at``)."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from dutyroom.dutylog.kinds import LogKind, kind_label
from dutyroom.stats.period import Period
from dutyroom.stats.reporting import bucket_sql
from dutyroom.store import Store

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
CALL_KINDS = (LogKind.CALL_IN, LogKind.CALL_OUT)
NORMAL = "正常"


@dataclass
class RollCallBucket:
    bucket: str
    normal: int = 0
    problems: int = 0
    delays: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.normal + self.problems

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.delays) if self.delays else None

    @property
    def median(self) -> float | None:
        return statistics.median(self.delays) if self.delays else None

    @property
    def longest(self) -> int | None:
        return max(self.delays) if self.delays else None

    def as_json(self) -> dict[str, Any]:
        return {"bucket": self.bucket, "count": self.count, "normal": self.normal, "problems": self.problems,
                "mean_seconds": None if self.mean is None else round(self.mean, 1), "median_seconds": self.median,
                "max_seconds": self.longest}


@dataclass
class LogFigures:
    period: Period
    heat: list[list[int]]                      # weekday (Monday first) -> hour -> entries
    by_kind: Counter[str]
    calls: dict[str, Counter[str]]             # date -> call_in / call_out -> entries
    roll_calls: list[RollCallBucket]

    @property
    def entries(self) -> int:
        return sum(self.by_kind.values())

    @property
    def roll_call_total(self) -> RollCallBucket:
        total = RollCallBucket("合计")
        for bucket in self.roll_calls:
            total.normal += bucket.normal
            total.problems += bucket.problems
            total.delays += bucket.delays
        return total

    def as_json(self) -> dict[str, Any]:
        return {"entries": self.entries, "by_kind": {kind_label(k): n for k, n in self.by_kind.items()},
                "by_hour_weekday": {"weekdays": list(WEEKDAYS), "hours": list(range(24)), "counts": self.heat},
                "calls_by_day": [{"date": day, "in": c[LogKind.CALL_IN], "out": c[LogKind.CALL_OUT]}
                                 for day, c in self.calls.items()],
                "roll_calls": {**self.roll_call_total.as_json(), "by_bucket": [b.as_json() for b in self.roll_calls]}}


def log_figures(store: Store, period: Period) -> LogFigures:
    # The shift date bounds the time (an entry belongs to the shift it falls in): it lets SQLite use the
    # (kind, duty_date) index instead of walking every entry of a kind.
    shifts = ((period.first - timedelta(days=1)).isoformat(), period.last.isoformat())
    span = (period.start_iso(), period.end_iso())
    heat = [[0] * 24 for _ in WEEKDAYS]
    by_kind: Counter[str] = Counter()
    for weekday, hour, kind, count in store.rows(
            "SELECT CAST(strftime('%w', substr(occurred_at, 1, 10)) AS INTEGER), CAST(substr(occurred_at, 12, 2)"
            " AS INTEGER), kind, COUNT(*) FROM duty_log_entry WHERE voided_at IS NULL AND occurred_at >= ?"
            " AND occurred_at < ? GROUP BY 1, 2, 3", span):
        heat[(weekday + 6) % 7][hour] += count        # SQLite's %w counts from Sunday
        by_kind[kind] += count
    calls: dict[str, Counter[str]] = {day: Counter() for day in period.dates()}
    for day, kind, count in store.rows(
            "SELECT substr(occurred_at, 1, 10), kind, COUNT(*) FROM duty_log_entry WHERE voided_at IS NULL"
            " AND occurred_at >= ? AND occurred_at < ? AND kind IN (?, ?) GROUP BY 1, 2", (*span, *CALL_KINDS)):
        calls[day][kind] += count
    buckets = {b: RollCallBucket(b) for b in period.buckets()}
    for bucket, seconds, result in store.rows(
            f"SELECT {bucket_sql('occurred_at', period)}, json_extract(fields_json, '$.answer_seconds'),"
            " json_extract(fields_json, '$.result') FROM duty_log_entry WHERE voided_at IS NULL AND kind = ?"
            " AND occurred_at >= ? AND occurred_at < ? AND duty_date BETWEEN ? AND ? ORDER BY occurred_at",
            (LogKind.ROLL_CALL, *span, *shifts)):
        item = buckets[bucket]
        if result in (None, NORMAL):
            item.normal += 1
        else:
            item.problems += 1
        if seconds is not None:
            item.delays.append(int(seconds))
    return LogFigures(period, heat, by_kind, calls, list(buckets.values()))
