"""Issue 15 budgets, on ten years of data built here (seeded, deterministic): the demo county plus 3,650 days of
duties, ≈200,000 log entries, ≈20,000 incidents with their reporting deadlines and ≈600 warnings with ≈15,000
people on their call lists. The 统计分析 page's first open
including the pyqtgraph import ≤ 1 s (in a fresh process, to the painted chart); switching views ≤ 200 ms; the
year's 值班工作统计 PDF ≤ 3 s. (Start-up against a bare window, ≤ 2.5, is bench_startup's.)"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from tests.bench.common import median, report

BENCH = "stats"
YEARS = 10
LOG_PER_DAY = 55                   # 3,650 × 55 ≈ 200,000
INCIDENTS_PER_DAY = 5.5            # ≈ 20,000
WARNINGS_PER_DAY = 0.165           # ≈ 600, each with a list of
LIST_LENGTH = 25                   # people to reach
TOWNSHIPS = ("青石镇", "白沙镇", "龙潭镇", "松溪乡", "桃源镇", "石门镇")
ROOT = Path(__file__).resolve().parents[2]
NOW = (2026, 11, 24, 10, 0)
STEPS = (("notify_leader", "报告带班领导", "act", 10), ("phone_report", "电话报告上级", "act", 30),
         ("written_initial", "书面首报", "report:initial", 60), ("final", "终报", "report:final", 1440))
CATEGORIES = (("事故灾难", "道路交通事故"), ("事故灾难", "火灾"), ("自然灾害", "地质灾害"), ("公共卫生事件", "食品安全事件"),
              ("社会安全事件", "群体性事件"))


def _iso(moment: datetime) -> str:
    from dutyroom.clock import iso

    return iso(moment)


def build(path: Path) -> dict[str, int]:
    """The demo county, then ten years of duties, log entries and incidents written straight into the file."""
    from dutyroom.clock import CST, FixedClock
    from dutyroom.demo.seed import seed_demo
    from dutyroom.store import open_store
    from dutyroom.store.database import connect

    now = datetime(*NOW, tzinfo=CST)
    store = open_store(path)
    seed_demo(store, FixedClock(now), history=True)
    staff = {role: [r[0] for r in store.rows("SELECT person_id FROM person_duty_role WHERE role = ? ORDER BY 1",
                                             (role,))] for role in ("leader", "chief", "officer", "standby")}
    first_demo = date.fromisoformat(store.scalar("SELECT MIN(duty_date) FROM duty_assignment"))
    store.close()
    rng = random.Random(15)
    start = now.date() - timedelta(days=365 * YEARS)
    conn = connect(path)       # ten years straight into the tables: the operations would take hours
    conn.execute("BEGIN")
    created = _iso(now)
    duties, entries, incidents, warnings = [], [], 0, 0
    day = start
    while day <= now.date():
        if day < first_demo:
            for role, count in (("leader", 1), ("chief", 1), ("officer", 2), ("standby", 2)):
                for position in range(count):
                    person = staff[role][(day.toordinal() * 3 + position) % len(staff[role])]
                    duties.append((day.isoformat(), role, position, person, "roster", created))
        for _ in range(LOG_PER_DAY):
            moment = datetime.combine(day, clock_time(rng.randrange(24), rng.randrange(60)), tzinfo=CST)
            kind = rng.choice(("call_in", "call_in", "call_out", "document", "warning", "other", "roll_call"))
            fields = json.dumps({"answer_seconds": rng.randint(3, 60), "result": "正常"}) if kind == "roll_call" else "{}"
            entries.append((day.isoformat(), _iso(moment), kind, "值班记录", "值班员", created, fields))
        for _ in range(int(INCIDENTS_PER_DAY) + (rng.random() < INCIDENTS_PER_DAY % 1)):
            incidents += 1
            _incident(conn, rng, day, incidents, created)
        if rng.random() < WARNINGS_PER_DAY:
            warnings += 1
            _warning(conn, rng, day, warnings, created)
        day += timedelta(days=1)
    conn.executemany("INSERT INTO duty_assignment (duty_date, role, position, person_id, source, created_at)"
                     " VALUES (?, ?, ?, ?, ?, ?)", duties)
    conn.executemany("INSERT INTO duty_log_entry (duty_date, occurred_at, kind, summary, recorded_by_name, created_at,"
                     " fields_json) VALUES (?, ?, ?, ?, ?, ?, ?)", entries)
    conn.execute("COMMIT")
    counts = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("duty_assignment", "duty_log_entry", "incident", "incident_obligation", "warning",
                        "warning_target")}
    conn.close()
    return counts


def _incident(conn, rng: random.Random, day: date, number: int, created: str) -> None:
    from dutyroom.clock import CST

    received = datetime.combine(day, clock_time(rng.randrange(24), rng.randrange(60)), tzinfo=CST)
    category, subtype = rng.choice(CATEGORIES)
    grade = rng.choice(("IV", "IV", "IV", "IV", "III"))
    cursor = conn.execute(
        "INSERT INTO incident (year, serial, title, received_at, occurred_at, category, subtype, computed_grade, grade,"
        " level, grading_json, facts_json, created_at, updated_at, created_by_name, status)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}', '{}', ?, ?, '值班员', 'closed')",
        (day.year, 100000 + number, f"{subtype}（基准数据{number}）", _iso(received), _iso(received), category, subtype,
         grade, grade, grade, created, created))
    for step, label, meet, minutes in STEPS:
        due = received + timedelta(minutes=minutes)
        met = due + timedelta(minutes=rng.randint(-minutes + 1, 20 if rng.random() < 0.1 else 0))
        conn.execute(
            "INSERT INTO incident_obligation (incident_id, step, label, level, meet, window_start, due_at, status,"
            " planned_at, met_at, met_by_name, met_how, met_to) VALUES (?, ?, ?, ?, ?, ?, ?, 'met', ?, ?, '值班员',"
            " '电话', '上级')", (cursor.lastrowid, step, label, grade, meet, _iso(received), _iso(due), created,
                                _iso(met)))


def _warning(conn, rng: random.Random, day: date, number: int, created: str) -> None:
    """One warning as first issued, its call list mostly answered within the deadline, a few late or silent."""
    from dutyroom.clock import CST

    received = datetime.combine(day, clock_time(rng.randrange(24), rng.randrange(60)), tzinfo=CST)
    kind, level = rng.choice((("暴雨", "blue"), ("暴雨", "yellow"), ("暴雨", "orange"), ("大风", "blue"),
                              ("雷电", "yellow"), ("地质灾害", "yellow")))
    warning = conn.execute(
        "INSERT INTO warning (year, serial, type, level, source_unit, issued_at, received_at, content, created_at,"
        " updated_at, created_by_name) VALUES (?, ?, ?, ?, '县气象局', ?, ?, '基准数据', ?, ?, '值班员')",
        (day.year, 100000 + number, kind, level, _iso(received), _iso(received), created, created)).lastrowid
    deadline = received + timedelta(minutes=5 if level == "orange" else 30)
    notice = conn.execute(
        "INSERT INTO warning_notice (warning_id, seq, kind, level, issued_at, received_at, content, mode, plan_json,"
        " deadline_at, closed_at, created_at, created_by_name) VALUES (?, 1, 'issue', ?, ?, ?, '基准数据', 'call', '{}',"
        " ?, ?, ?, '值班员')", (warning, level, _iso(received), _iso(received), _iso(deadline),
                                _iso(received + timedelta(hours=12)), created)).lastrowid
    targets = []
    for seq in range(LIST_LENGTH):
        roll = rng.random()
        answered = None if roll < 0.03 else received + timedelta(seconds=rng.randint(20, 2400 if roll < 0.1 else 900))
        targets.append((notice, warning, seq, f"叫应对象{seq}", rng.choice(TOWNSHIPS),
                        "answered" if answered else "no_answer", _iso(answered) if answered else None, created))
    conn.executemany("INSERT INTO warning_target (notice_id, warning_id, seq, kind, role, name, township, reason,"
                     " status, answered_at, created_at) VALUES (?, ?, ?, 'primary', 'A', ?, ?, '基准数据', ?, ?, ?)",
                     targets)


def child(db: str) -> None:
    """In a fresh process: open the window, then 统计分析 — the first open pays for pyqtgraph and numpy."""
    from PySide6.QtWidgets import QApplication

    from dutyroom.auth import accounts
    from dutyroom.clock import CST, FixedClock
    from dutyroom.gui.app import AppController, create_application, ui_state_settings
    from dutyroom.store import open_store

    app = create_application([])
    store = open_store(Path(db))
    clock = FixedClock(datetime(*NOW, tzinfo=CST))
    with tempfile.TemporaryDirectory() as tmp:
        controller = AppController(store, clock=clock, demo=True, ui_state=ui_state_settings(Path(tmp) / "ui.ini"),
                                   automatic_backups=False)
        window = controller.open_window(accounts.actor_for(
            store, store.scalar("SELECT id FROM account WHERE username = 'bangongshi'")))
        window.resize(1366, 768)
        window.show()
        for _ in range(5):
            app.processEvents()
        assert "pyqtgraph" not in sys.modules and "numpy" not in sys.modules
        started = time.perf_counter()
        window.show_page("stats")
        page = window.page("stats")
        while page.report is None or page.chart is None or page.ctx.tasks.busy:
            app.processEvents()
            page.ctx.tasks.wait_all(2)
        page.chart.widget.repaint()
        app.processEvents()
        first_open = time.perf_counter() - started
        switches = []
        for _round in range(3):
            for key in ("incidents", "log", "contacts", "duties", "warnings"):
                began = time.perf_counter()
                page.show_view(key)
                page.repaint()
                QApplication.processEvents()
                switches.append((time.perf_counter() - began) * 1000)
        print(json.dumps({"first_open": first_open, "switches": switches}), flush=True)
        window.close()
        controller.tasks.wait_all()
    store.close()


def year_pdf(path: Path) -> list[float]:
    from dutyroom.clock import CST
    from dutyroom.printing.statistics import render_statistics
    from dutyroom.stats.period import Period
    from dutyroom.stats.report import stats_report
    from dutyroom.stats.views import build_views
    from dutyroom.store import open_store

    store = open_store(path)
    now = datetime(*NOW, tzinfo=CST)
    samples = []
    for _ in range(3):
        began = time.perf_counter()
        report_ = stats_report(store, Period.year(2025), now)
        render_statistics(report_, build_views(report_), now)
        samples.append(time.perf_counter() - began)
    began = time.perf_counter()
    stats_report(store, Period.between(date(2016, 12, 1), date(2026, 11, 30)), now)
    report("stats", "ten_years_figures", time.perf_counter() - began, "s", None)
    store.close()
    return samples


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2])
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stats.sqlite3"
        began = time.perf_counter()
        counts = build(path)
        report(BENCH, "build_seconds", time.perf_counter() - began, "s", None, **counts)
        opens, switches = [], []
        for _ in range(3):
            result = subprocess.run([sys.executable, "-m", "tests.bench.bench_stats", "--child", str(path)],
                                    cwd=ROOT, capture_output=True, text=True, check=True,
                                    env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
            data = json.loads(result.stdout.strip().splitlines()[-1])
            opens.append(data["first_open"])
            switches += data["switches"]
        report(BENCH, "first_open_with_pyqtgraph_median", median(opens), "s", 1, runs=len(opens))
        report(BENCH, "switch_view_max", max(switches) if switches else 0, "ms", 200, runs=len(switches))
        report(BENCH, "switch_view_median", median(switches), "ms", None)
        report(BENCH, "year_pdf_median", median(year_pdf(path)), "s", 3)


if __name__ == "__main__":
    main()
