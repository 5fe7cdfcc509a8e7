"""Issue 13 budgets, on 10 years of duty logs (≈200,000 entries) each written with its audit row and record
digest, built here, seeded and deterministic: ``audit verify`` (the chain, every business record against its
latest audit row) ≤ 10 s, ``audit verify --quick`` (the chain alone) ≤ 2 s; adding an entry, now with the
digests sealed under its audit row, p99 ≤ 50 ms."""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

from tests.bench.bench_dutylog import bench_add
from tests.bench.bench_dutylog import build as build_log
from tests.bench.common import bulk_load, median, report

BENCH = "audit"
AUDITED = ("duty_log_entry", "handover", "pending_item")      # what the bulk build writes
OPS = {"duty_log_entry": "log.record", "handover": "handover.accept", "pending_item": "pending.raise"}


def seal_history(path: Path) -> int:
    """One audit row per record the bulk build wrote, in time order, each sealing that record's digest —
    what ten years of operations would have left (the chain made with the store's own functions)."""
    from dutyroom.store.chain import PendingAudit, append_links
    from dutyroom.store.records import read_shape

    with bulk_load(path) as conn:
        entries, records = [], []
        rows = []
        for table in AUDITED:
            shape = read_shape(conn.execute, table)
            columns = shape.columns
            stamp = columns.index("created_at")
            rows += [(row[stamp], table, shape, row) for row in conn.execute(shape.select_all)]
        rows.sort(key=lambda item: (item[0], item[1]))
        for at, table, shape, row in rows:
            snapshot = json.dumps(dict(zip(shape.columns, row, strict=True)), ensure_ascii=False, sort_keys=True,
                                  separators=(",", ":"))
            entries.append(PendingAudit(at, 1, "苏宇琪", OPS[table], table, str(row[0]), None, snapshot))
            records.append([(table, shape.key_of(row), shape.digest(row))])
        append_links(conn, entries, records)
        conn.execute("ANALYZE")
    return len(entries)


def bench_verify(path: Path) -> None:
    from dutyroom import audit
    from dutyroom.store import open_store

    store = open_store(path)
    for quick, budget in ((True, 2), (False, 10)):
        times, cpu, result = [], [], None
        for _ in range(5):
            started, started_cpu = time.perf_counter(), time.process_time()
            result = audit.verify(store, quick=quick)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        assert result is not None and result.ok, result.message() if result else ""
        # On a shared machine the wall time waits for the CPU too: the CPU time says what the check costs.
        report(BENCH, "verify_quick" if quick else "verify_full", median(times), "s", budget,
               best=round(min(times), 3), cpu_median=round(median(cpu), 3), load=round(os.getloadavg()[0], 1),
               audit_rows=result.count, records_checked=result.records_checked)
    store.close()


def add_account(path: Path, now: datetime) -> None:
    from dutyroom.auth import accounts
    from dutyroom.clock import FixedClock
    from dutyroom.session import SYSTEM_ACTOR, Session
    from dutyroom.store import open_store

    store = open_store(path)
    accounts.create_account(Session(store, SYSTEM_ACTOR, FixedClock(now)), username="bench", password="Bench2026x",
                            display_name="苏宇琪", roles=["officer"], must_change=False)
    store.close()


def bench_upgrade(folder: Path, today: date) -> None:
    """A file of ten years written before record digests, upgraded: the copy taken first, then the migration
    with its 基线 over every record — the one slow opening a county sees."""
    from dutyroom import audit
    from dutyroom.store import migrations, open_store

    digests = next(m for m in migrations.available() if m.name == "record_digests")
    path = folder / "before-digests.sqlite3"
    build_log(path, today, stop_before=digests.number)
    started = time.perf_counter()
    store = open_store(path)
    seconds = time.perf_counter() - started
    baseline = json.loads(store.one("SELECT after_json FROM audit_log WHERE op = 'audit.baseline'")[0])
    result = audit.verify(store)
    assert result.ok, result.message()
    report(BENCH, "upgrade_with_baseline", seconds, "s", None, records=baseline["records"],
           file_mb=round(path.stat().st_size / 1e6, 1), note="includes the copy taken before the upgrade")
    store.close()


def main() -> None:
    from dutyroom.clock import CST

    today = date(2026, 11, 24)
    now = datetime(2026, 11, 24, 10, 0, tzinfo=CST)
    with tempfile.TemporaryDirectory(prefix="bench-audit-") as tmp:
        path = Path(tmp) / "tenyears.sqlite3"
        entries, seconds = build_log(path, today)
        started = time.perf_counter()
        sealed = seal_history(path)
        add_account(path, now)
        report(BENCH, "build_audited_records", sealed, "count", None, entries=entries,
               seconds=round(seconds + time.perf_counter() - started, 1), file_mb=round(path.stat().st_size / 1e6, 1))
        bench_verify(path)
        bench_add(path, now, bench=BENCH)
        path.unlink()
        bench_upgrade(Path(tmp), today)


if __name__ == "__main__":
    sys.exit(main())
