"""Kill -9 at random moments while every area writes; afterwards the file must be whole, its audit chain
intact, and every commit the writer reported must be there.

``python -m tests.crash_writes --runs 100`` runs it at length (the suite runs a few rounds through
``tests/test_crash.py``). The writer is this module run with ``--writer PATH``: it writes duty-log entries,
contacts, roster absences, incidents and settings in turn, each one operation (one transaction), and
prints ``AREA TOKEN`` only after the operation returned, i.e. after COMMIT.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AREAS = ("log", "contacts", "roster", "incident", "setting")

# Where each area's commit is found again: (SQL, parameter built from the token).
FOUND = {
    "log": ("SELECT COUNT(*) FROM duty_log_entry WHERE summary = ?", lambda t: f"崩溃测试记录{t}"),
    "contacts": ("SELECT COUNT(*) FROM person WHERE name = ?", lambda t: f"测试人员{t}"),
    "roster": ("SELECT COUNT(*) FROM roster_absence WHERE note = ?", lambda t: f"崩溃测试{t}"),
    "incident": ("SELECT COUNT(*) FROM incident WHERE instr(facts_json, ?) > 0", lambda t: f"崩溃测试事件第{t}号"),
    "setting": ("SELECT COUNT(*) FROM audit_log WHERE op = 'setting.set' AND instr(after_json, ?) > 0",
                lambda t: f"崩溃测试单位第{t}号"),
}


def write_forever(path: Path, start: int) -> None:
    from dutyroom import org, settings
    from dutyroom.clock import FixedClock
    from dutyroom.contacts import people
    from dutyroom.dutylog.entries import record_entry
    from dutyroom.incidents.intake import open_incident
    from dutyroom.roster.staffing import add_absence
    from dutyroom.session import SYSTEM_ACTOR, Session
    from dutyroom.store import open_store
    from tests.conftest import NOW
    from tests.incident_helpers import first_call

    store = open_store(path)
    clock = FixedClock(NOW + timedelta(seconds=start))
    session = Session(store, SYSTEM_ACTOR, clock)
    unit = org.create_unit(session, name=f"崩溃测试单位{start}", kind="department")
    staff = [r[0] for r in store.rows("SELECT id FROM person WHERE is_staff = 1 AND voided_at IS NULL ORDER BY id")]
    print("ready", flush=True)
    n = start
    while True:
        n += 1
        clock.advance(seconds=1)
        area = AREAS[n % len(AREAS)]
        token = str(n)
        if area == "log":
            record_entry(session, "other", summary=f"崩溃测试记录{token}")
        elif area == "contacts":
            people.create_contact(session, name=f"测试人员{token}", unit_id=unit, phones=[("mobile", f"1000{n:07d}")])
        elif area == "roster":
            day = date(2030, 1, 1) + timedelta(days=2 * n)
            add_absence(session, staff[n % len(staff)], "other", day, day, note=f"崩溃测试{token}")
        elif area == "incident":
            open_incident(session, first_call(store, clock.now(), description=f"崩溃测试事件第{token}号"))
        else:
            settings.set_value(session, "report.send_to", f"崩溃测试单位第{token}号")
        print(area, token, flush=True)


def one_round(path: Path, start: int, rng: random.Random) -> list[tuple[str, str]]:
    """Start the writer, let it write, kill -9; returns the commits it reported."""
    writer = subprocess.Popen([sys.executable, "-m", "tests.crash_writes", "--writer", str(path), "--start", str(start)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    if writer.stdout.readline().strip() != "ready":
        raise RuntimeError(f"the writer did not start: {writer.stderr.read() if writer.stderr else ''}")
    time.sleep(rng.uniform(0.05, 0.6))
    os.kill(writer.pid, signal.SIGKILL)
    out, err = writer.communicate()
    reported = [tuple(line.split()) for line in out.splitlines() if line.strip()]
    if not reported and "Traceback" in err:
        raise RuntimeError(err)
    return reported


def check(path: Path, reported: list[tuple[str, str]]) -> dict[str, int]:
    """The file opens (the integrity check on open passes), integrity_check and the audit chain pass, and
    every reported commit is there. Returns the commits found per area."""
    from dutyroom import audit
    from dutyroom.store import open_store
    from dutyroom.store.integrity import FileReader

    open_store(path).close()
    conn = sqlite3.connect(path)
    try:
        problems = conn.execute("PRAGMA integrity_check").fetchall()
        assert problems == [("ok",)], problems
        chain = audit.verify(FileReader(conn))
        assert chain.ok, chain.message()
        found: dict[str, int] = dict.fromkeys(AREAS, 0)
        for area, token in reported:
            sql, value = FOUND[area]
            assert conn.execute(sql, (value(token),)).fetchone()[0] == 1, f"lost commit: {area} {token}"
            found[area] += 1
        return found
    finally:
        conn.close()


def run(template: Path, runs: int, seed: int = 20261124) -> dict[str, int]:
    rng = random.Random(seed)
    total: dict[str, int] = dict.fromkeys(AREAS, 0)
    with tempfile.TemporaryDirectory(prefix="dutyroom-crash-") as tmp:
        path = Path(tmp) / "crash.sqlite3"
        shutil.copyfile(template, path)
        reported: list[tuple[str, str]] = []
        for n in range(runs):
            reported += one_round(path, n * 100_000, rng)
            for area, count in check(path, reported).items():
                total[area] = count
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writer", type=Path)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--template", type=Path, help="a seeded demo data file (default: seeded here)")
    args = parser.parse_args()
    if args.writer:
        write_forever(args.writer, args.start)
        return 0
    template = args.template
    with tempfile.TemporaryDirectory(prefix="dutyroom-crash-demo-") as tmp:
        if template is None:
            from dutyroom.clock import FixedClock
            from dutyroom.demo.seed import seed_demo
            from dutyroom.store import open_store
            from tests.conftest import NOW

            template = Path(tmp) / "demo.sqlite3"
            store = open_store(template)
            seed_demo(store, FixedClock(NOW))
            store.close()
        started = time.perf_counter()
        found = run(template, args.runs)
    print(json.dumps({"runs": args.runs, "commits_checked": found, "seconds": round(time.perf_counter() - started, 1),
                      "lost": 0}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
