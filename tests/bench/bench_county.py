"""A new county's imports (issue 11): a staff list of 300 rows ≤ 1 s, 24 months of past rosters ≤ 3 s.

Both are measured end to end as the office runs them — reading the .xlsx, planning every row, writing in one
transaction with its audit rows. The files (the messy kind counties keep, ``dutyroom.demo.county_files``) are written
first; each import is then timed in a fresh interpreter that has loaded nothing but DutyRoom's core, so the
first import pays for loading openpyxl and pypinyin as it does in the app. Each line gives the wall-clock time
(held to the budget) and the process's CPU time, which a machine busy with other work does not inflate.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from dutyroom.clock import CST

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=CST)
STAFF_ROWS = 300
MONTHS = [(2025 + (m - 1) // 12, (m - 1) % 12 + 1) for m in range(1, 25)]      # 2025-01 … 2026-12


def _timed(call: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def measure(folder: Path) -> None:
    """In a fresh process: the imports, cold first, then again on the same data."""
    from dutyroom import settings
    from dutyroom.clock import FixedClock
    from dutyroom.demo.county_files import BUREAU
    from dutyroom.roster.history import import_history, preview_history
    from dutyroom.roster.staff_import import import_staff, preview_staff_import
    from dutyroom.session import SYSTEM_ACTOR, Session
    from dutyroom.store import open_store
    from tests.bench.common import report

    store = open_store(folder / "county.sqlite3")
    session = Session(store, SYSTEM_ACTOR, FixedClock(NOW))
    settings.set_value(session, "org.name", BUREAU)
    sheet, history = folder / "staff.xlsx", folder / "history.xlsx"
    load = round(os.getloadavg()[0], 1)

    wall, cpu, plan = _timed(lambda: import_staff(session, sheet))
    report("county_import", "staff_import_300_rows_cold", wall, "s", 1, cpu_s=round(cpu, 3), load=load,
           created=plan.count("new"), merged=plan.count("merged"), rejected=plan.count("rejected"))
    wall, cpu, plan = _timed(lambda: preview_staff_import(store, sheet))
    report("county_import", "staff_preview_300_rows", wall, "s", 1, cpu_s=round(cpu, 3),
           unchanged=plan.count("unchanged"))
    wall, cpu, plan = _timed(lambda: import_staff(session, sheet))
    report("county_import", "staff_reimport_300_rows_unchanged", wall, "s", 1, cpu_s=round(cpu, 3),
           written=plan.written)

    wall, cpu, plan = _timed(lambda: preview_history(store, history))
    report("county_import", "history_preview_24_months", wall, "s", 3, cpu_s=round(cpu, 3), duties=len(plan.duties))
    wall, cpu, plan = _timed(lambda: import_history(session, history))
    report("county_import", "history_import_24_months", wall, "s", 3, cpu_s=round(cpu, 3), load=load,
           duties=len(plan.duties), months=len(plan.months), unknown=sum(plan.unknown.values()))
    wall, cpu, plan = _timed(lambda: import_history(session, history))
    report("county_import", "history_reimport_24_months_unchanged", wall, "s", 3, cpu_s=round(cpu, 3),
           unchanged=plan.unchanged)
    store.close()


def main() -> None:
    from dutyroom.demo.county_files import (
        generated_staff,
        make_history,
        write_history_workbook,
        write_staff_sheet,
    )

    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        staff = generated_staff(STAFF_ROWS)
        write_staff_sheet(folder / "staff.xlsx", staff)
        write_history_workbook(folder / "history.xlsx", make_history(staff, MONTHS, favourite=staff[0].name))
        subprocess.run([sys.executable, "-m", "tests.bench.bench_county", "--measure", str(folder)], check=True,
                       cwd=Path(__file__).resolve().parent.parent.parent)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--measure":
        measure(Path(sys.argv[2]))
    else:
        main()
