"""Issue 14 budgets: a 500-target call list built ≤ 200 ms; one recorded call, key press to the next target shown
on the call screen, ≤ 50 ms; statistics for a year of warnings ≤ 1 s.

The county is the demo county with 540 more village flood-control persons (the book of a large county), so
a yellow rainstorm over the whole county lists 600 people; the year of warnings (320 warnings, their
changes and lifts, ~60,000 targets and ~95,000 calls) is written straight into the tables in a child process.
Run: QT_QPA_PLATFORM=offscreen python -m tests.bench.bench_warnings
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from tests.bench.common import bulk_load, median, p95, report, time_ms

BENCH = "warnings"
EXTRA_PEOPLE = 540
YEAR_WARNINGS = 320


def _now() -> datetime:
    from dutyroom.clock import CST

    return datetime(2026, 11, 24, 10, 0, tzinfo=CST)


def add_people(store, rng: random.Random) -> None:
    """More village flood-control persons, each with a mobile: a county of about 600 people to call."""
    villages = [r[0] for r in store.rows("SELECT id FROM org_unit WHERE kind = 'village'")]
    stamp = _now().isoformat()
    with bulk_load(store.path) as conn:
        for n in range(EXTRA_PEOPLE):
            cursor = conn.execute(
                "INSERT INTO person(name, unit_id, position, sort_order, created_at, updated_at)"
                " VALUES (?, ?, '村民小组长（防汛责任人）', ?, ?, ?)", (f"测试{n:04d}", rng.choice(villages), 100 + n, stamp, stamp))
            conn.execute("INSERT INTO person_phone(person_id, kind, number, sort_order) VALUES (?, 'mobile', ?, 0)",
                         (cursor.lastrowid, f"1000007{n:04d}"))
            conn.execute("INSERT INTO person_tag(person_id, tag) VALUES (?, '防汛责任人')", (cursor.lastrowid,))


def add_year(store, rng: random.Random) -> None:
    """A year of warnings with their notices, lists and calls, as the operations would have left them."""
    from dutyroom.clock import iso
    from dutyroom.warnings.catalog import catalogue

    towns = [(r[0], r[1]) for r in store.rows("SELECT id, name FROM org_unit WHERE kind = 'township'")]
    kinds = catalogue().types
    start = _now() - timedelta(days=365)
    with bulk_load(store.path) as conn:
        for n in range(YEAR_WARNINGS):
            kind = rng.choice(kinds)
            level = rng.choice(kind.levels)
            received = start + timedelta(minutes=rng.randint(0, 364 * 24 * 60))
            warning_id = conn.execute(
                "INSERT INTO warning(year, serial, type, level, source_unit, issued_at, received_at, content, status,"
                " created_at, updated_at, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, '测试预警', 'lifted', ?, ?, '基准')",
                (received.year, 10_000 + n, kind.name, level, kind.source, iso(received), iso(received), iso(received),
                 iso(received))).lastrowid
            for seq, notice_kind in enumerate(("issue", rng.choice(("raise", "lift", "lift"))), start=1):
                at = received + timedelta(hours=6 * (seq - 1))
                notice_id = conn.execute(
                    "INSERT INTO warning_notice(warning_id, seq, kind, level, issued_at, received_at, content, mode,"
                    " plan_json, deadline_at, created_at, created_by_name)"
                    " VALUES (?, ?, ?, ?, ?, ?, '测试', 'call', '{}', ?, ?, '基准')",
                    (warning_id, seq, notice_kind, level, iso(at), iso(at), iso(at + timedelta(minutes=30)),
                     iso(at))).lastrowid
                _targets(conn, rng, notice_id, warning_id, at, rng.sample(towns, k=rng.randint(2, 6)))


def _targets(conn, rng: random.Random, notice_id: int, warning_id: int, at: datetime,
             towns: list[tuple[int, str]]) -> None:
    from dutyroom.clock import iso

    for seq in range(rng.randint(60, 130)):
        town_id, town = rng.choice(towns)
        answered = rng.random() < 0.92
        answer_at = at + timedelta(seconds=rng.randint(30, 3600))
        target_id = conn.execute(
            "INSERT INTO warning_target(notice_id, warning_id, seq, kind, role, name, unit, township_id, township,"
            " reason, status, tries, answered_at, escalated_at, created_at)"
            " VALUES (?, ?, ?, 'primary', 'A', ?, ?, ?, ?, '测试', ?, ?, ?, ?, ?)",
            (notice_id, warning_id, seq, f"对象{seq}", town, town_id, town, "answered" if answered else "no_answer",
             0 if answered else 3, iso(answer_at) if answered else None,
             None if answered or rng.random() < 0.5 else iso(at + timedelta(minutes=9)), iso(at))).lastrowid
        tries = rng.randint(0, 2) if answered else 3
        for t in range(tries):
            conn.execute("INSERT INTO warning_attempt(target_id, at, channel, number, result, recorded_by_name,"
                         " recorded_at) VALUES (?, ?, '电话', '10000000000', 'no_answer', '基准', ?)",
                         (target_id, iso(at + timedelta(minutes=2 * t)), iso(at)))
        if answered:
            conn.execute("INSERT INTO warning_attempt(target_id, at, channel, number, result, recorded_by_name,"
                         " recorded_at) VALUES (?, ?, '电话', '10000000000', 'answered', '基准', ?)",
                         (target_id, iso(answer_at), iso(answer_at)))


def build_file(path: str) -> None:
    from dutyroom.clock import FixedClock
    from dutyroom.demo.seed import seed_demo
    from dutyroom.store import open_store

    store = open_store(Path(path))
    seed_demo(store, FixedClock(_now()))
    rng = random.Random(14)
    add_people(store, rng)
    add_year(store, rng)
    with bulk_load(store.path) as conn:
        conn.execute("ANALYZE")
    store.checkpoint()
    store.close()


def officer(store, clock):
    from dutyroom.auth import accounts
    from dutyroom.session import Session

    return Session(store, accounts.actor_for(store, store.scalar("SELECT id FROM account WHERE username = 'zhiban'")),
                   clock)


def measure_list(path: str) -> int:
    """Entering a yellow rainstorm over the whole county: the record, its duty-log entry, the list of 500+."""
    from dutyroom.clock import FixedClock
    from dutyroom.store import open_store
    from dutyroom.warnings import records

    store = open_store(Path(path))
    clock = FixedClock(_now())
    session = officer(store, clock)
    sizes: list[int] = []

    def enter() -> None:
        clock.advance(seconds=30)
        relayed = records.new_warning(session, type="暴雨", level="黄色", content="全县累计降雨量将达50毫米以上。", areas=[])
        sizes.append(relayed.targets)

    enter()     # the first use imports the relay rules and stores their version
    samples = time_ms(enter, 7)
    report(BENCH, "list_built_500_targets", median(samples), "ms", 200, targets=sizes[-1], p95=round(p95(samples), 1))
    notice = int(store.scalar("SELECT MAX(id) FROM warning_notice"))
    store.close()
    return notice


def measure_call(path: str, notice_id: int) -> None:
    """Key press (2 无人接听) to the next person on the call screen, offscreen, on a list of 500+."""
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from dutyroom.clock import FixedClock
    from dutyroom.gui.app import create_application
    from dutyroom.gui.context import AppContext
    from dutyroom.gui.events import StoreEvents
    from dutyroom.gui.kit.tasks import TaskRunner
    from dutyroom.gui.warnings.call_screen import CallScreen
    from dutyroom.store import open_store

    app = QApplication.instance() or create_application([])
    store = open_store(Path(path))
    clock = FixedClock(_now() + timedelta(minutes=10))        # after the lists were entered

    ctx = AppContext(officer(store, clock), StoreEvents(store), TaskRunner(), QSettings())
    screen = CallScreen(ctx, notice_id)
    screen.show()
    app.processEvents()
    samples, shown = [], []
    for n in range(60):
        started = time.perf_counter()
        QTest.keyClick(screen, Qt.Key.Key_2 if n % 3 else Qt.Key.Key_1)
        samples.append((time.perf_counter() - started) * 1000)
        shown.append(screen.name.text())
    assert len(set(shown)) > 50, "the screen did not move on"
    report(BENCH, "call_key_to_next_target", median(samples), "ms", 50, p95=round(p95(samples), 1),
           list_size=store.scalar("SELECT COUNT(*) FROM warning_target WHERE notice_id = ?", (notice_id,)))
    screen.reject()
    store.close()


def measure_stats(path: str) -> None:
    from dutyroom.store import open_store
    from dutyroom.warnings.stats import warning_stats

    store = open_store(Path(path))
    first, last = _now().date() - timedelta(days=365), _now().date()
    result = {}

    def run() -> None:
        result["stats"] = warning_stats(store, first, last, _now())

    samples = time_ms(run, 5)
    stats = result["stats"]
    report(BENCH, "stats_one_year", median(samples), "ms", 1000, warnings=stats.warnings, targets=stats.targets,
           notices=stats.notices)
    month = time_ms(lambda: warning_stats(store, date(2026, 7, 1), date(2026, 7, 31), _now()), 5)
    report(BENCH, "stats_one_month", median(month), "ms", None)
    store.close()


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "bench.sqlite3")
        subprocess.run([sys.executable, "-m", "tests.bench.bench_warnings", "--build", path], check=True)
        notice = measure_list(path)
        measure_call(path, notice)
        measure_stats(path)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--build":
        build_file(sys.argv[2])
    else:
        main()
