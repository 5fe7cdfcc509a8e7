"""Issue 16 budget: no printout slower than before the line-breaking work by more than 20%.

Every printout the app makes (the ``dutyroom print`` kinds and the two .docx) is rendered from the demo
county, each the median of nine runs after one warm-up (fonts registered once per process). The budget
of each is 1.2 × the figure measured on the reference machine before issue 16 (``BEFORE_S``, median of
three runs of this script on commit c63dc5f); the month log has its own budget (issue 5: 2 s at 200k
entries, see bench_dutylog)."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from tests.bench.common import median, report, time_ms

BENCH = "printing"
RUNS = 9
ALLOWED_SLOWDOWN = 1.2

# Seconds per printout before issue 16 (c63dc5f, this machine class: 2 cores).
BEFORE_S: dict[str, float] = {
    "week": 0.026, "week_heightened": 0.041, "roster_month_holidays": 0.043, "roster_month": 0.039,
    "holiday_duty": 0.035, "change_notice": 0.012, "contacts_book": 0.314, "desk_phones": 0.026, "log_shift": 0.03,
    "log_month": 0.195, "handover": 0.031, "daily_report": 0.018, "special_report": 0.015, "disaster_report": 0.019,
    "phone_card": 0.017, "timeliness": 0.018, "special_report_docx": 0.032, "daily_report_docx": 0.018,
}


def cases() -> dict[str, tuple[str, dict[str, object]]]:
    """metric -> (print kind, its arguments)."""
    return {
        "week": ("week", {"date": "2026-11-24"}),
        "week_heightened": ("week", {"date": "2026-07-15"}),
        "roster_month_holidays": ("roster", {"month": "2026-10", "draft": False}),
        "roster_month": ("roster", {"month": "2026-11", "draft": False}),
        "holiday_duty": ("holiday-duty", {"holiday": "2026-国庆"}),
        "change_notice": ("change-notice", {"month": None, "id": None}),
        "contacts_book": ("contacts", {"unit": None, "tag": None}),
        "desk_phones": ("desk-phones", {}),
        "log_shift": ("log", {"shift": "2026-11-23", "month": None}),
        "log_month": ("log", {"shift": None, "month": "2026-11"}),
        "handover": ("handover", {"shift": "2026-11-22"}),
        "daily_report": ("daily-report", {"date": "2026-11-23"}),
        "special_report": ("report", {"id": 3}),
        "disaster_report": ("report", {"id": 5}),
        "phone_card": ("phone-card", {"id": 3, "officer": "张伟"}),
        "timeliness": ("timeliness", {"month": "2026-11"}),
    }


def main() -> None:
    from dutyroom.cli.print_cmd import PRINT_KINDS
    from dutyroom.clock import CST, FixedClock
    from dutyroom.demo.seed import seed_demo
    from dutyroom.dutylog.report import current_report
    from dutyroom.printing.daily_report import render_report_docx, report_doc
    from dutyroom.store import open_store

    now = datetime(2026, 11, 24, 10, 0, tzinfo=CST)
    with tempfile.TemporaryDirectory(prefix="bench-printing-") as tmp:
        store = open_store(Path(tmp) / "demo.sqlite3")
        seed_demo(store, FixedClock(now))
        renders: dict[str, Callable[[], bytes]] = {}
        for metric, (kind, values) in cases().items():
            args = argparse.Namespace(**values)
            renders[metric] = lambda kind=kind, args=args: PRINT_KINDS[kind].render(store, args, now)
        special = argparse.Namespace(id=3)
        renders["special_report_docx"] = lambda: PRINT_KINDS["report"].docx(store, special, now)
        day = datetime(2026, 11, 23).date()
        renders["daily_report_docx"] = lambda: render_report_docx(report_doc(store, current_report(store, day, now),
                                                                             now))
        for metric, render in renders.items():
            render()                                  # warm-up: fonts and modules once per process
            samples = time_ms(render, RUNS)
            value = median(samples) / 1000
            before = BEFORE_S.get(metric)
            budget = round(before * ALLOWED_SLOWDOWN, 3) if before else None
            # the best run as well: on a shared machine it is the steadiest measure of the work itself
            report(BENCH, metric, value, "s", budget, before_s=before,
                   ratio=round(value / before, 2) if before else None, best_s=round(min(samples) / 1000, 4))
        store.close()


if __name__ == "__main__":
    sys.exit(main())
