"""统计分析: every figure checked against a direct count on the demo county (ten months of duties, incidents, log
entries, roll calls and verifications). Expected values are counted here, row by row in Python from plain
SELECTs, never by the functions under test; the .xlsx and the JSON carry the page's numbers."""

from __future__ import annotations

import io
import json
import math
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

import chinese_calendar
import openpyxl
import pytest

from dutyroom.clock import CST
from dutyroom.errors import ValidationError
from dutyroom.stats.charts import Drill
from dutyroom.stats.export import report_xlsx
from dutyroom.stats.period import Period, parse_period
from dutyroom.stats.records import records
from dutyroom.stats.report import stats_report
from dutyroom.stats.views import build_views
from tests.conftest import NOW

YEAR = Period.year(2026)
MONTH = Period.month(2026, 11)
RATES = {"comp": {"workday": 0, "weekend": 1, "holiday": 1}}


@pytest.fixture(scope="module")
def demo(demo_history_template):
    from dutyroom.store import open_store

    store = open_store(demo_history_template)
    yield store
    store.close()


@pytest.fixture(scope="module")
def year(demo):
    return stats_report(demo, YEAR, NOW)


def day_kind(day: date) -> str:
    """Independent of the app's calendar: chinese-calendar's own answer (2026 is not entered in the demo)."""
    on_holiday, name = chinese_calendar.get_holiday_detail(day)
    if on_holiday and name:
        return "holiday"
    return "weekend" if on_holiday else "workday"


# -- 值班 ---------------------------------------------------------------------------------------------------
def test_duties_per_person_role_and_day_type_are_the_duties_in_force(demo, year) -> None:
    expected: dict[int, Counter] = defaultdict(Counter)
    for day, role, person in demo.rows("SELECT duty_date, role, person_id FROM duty_assignment"
                                       " WHERE voided_at IS NULL AND duty_date LIKE '2026-%'"):
        expected[person][(role, day_kind(date.fromisoformat(day)))] += 1
    got = {p.person_id: p for p in year.duties.people}
    assert set(got) == set(expected) and len(got) >= 40
    for person, counts in expected.items():
        for (role, kind), n in counts.items():
            assert got[person].count(role, kind) == n, (person, role, kind)
        assert got[person].total == sum(counts.values())
    assert year.duties.total == demo.scalar("SELECT COUNT(*) FROM duty_assignment WHERE voided_at IS NULL"
                                            " AND duty_date BETWEEN '2026-01-01' AND '2026-12-31'")


def test_comp_leave_and_allowance_follow_the_configured_rates(demo, year) -> None:
    rates = {key: json.loads(demo.scalar("SELECT value FROM setting WHERE key = ?", (f"roster.{key}",)) or "null")
             for key in ("comp_leave", "allowance")}
    for person in year.duties.people:
        kinds = Counter(day_kind(date.fromisoformat(d)) for (d,) in demo.rows(
            "SELECT duty_date FROM duty_assignment WHERE voided_at IS NULL AND person_id = ? AND role <> 'standby'"
            " AND duty_date LIKE '2026-%'", (person.person_id,)))
        allowance = rates["allowance"] or {"workday": 0, "weekend": 0, "holiday": 0}
        comp = rates["comp_leave"] or RATES["comp"]
        assert person.allowance == pytest.approx(sum(n * allowance[k] for k, n in kinds.items()))
        assert person.comp_leave == pytest.approx(sum(n * comp[k] for k, n in kinds.items()))
    assert year.duties.allowance > 0


def test_comp_leave_taken_balance_meals_and_callouts_are_the_roster_records(demo, year) -> None:
    meal = float(json.loads(demo.scalar("SELECT value FROM setting WHERE key = 'roster.meal_allowance'") or "0"))
    callout = float(json.loads(demo.scalar("SELECT value FROM setting WHERE key = 'roster.callout_allowance'") or "0"))
    taken: Counter[int] = Counter()
    for person, days in demo.rows("SELECT person_id, days FROM leave_request WHERE kind = 'comp_leave'"
                                  " AND status = 'approved' AND start_date LIKE '2026-%'"):
        taken[person] += days
    standby = {(p, d) for p, d in demo.rows("SELECT person_id, duty_date FROM duty_assignment WHERE voided_at IS NULL"
                                            " AND role = 'standby' AND duty_date LIKE '2026-%'")}
    names = dict(demo.rows("SELECT id, name FROM person"))
    called: Counter[int] = Counter()
    for person, _day in {(p, d) for p, d in standby
                         for entry_person, name in demo.rows(
                             "SELECT person_id, json_extract(fields_json, '$.name') FROM duty_log_entry"
                             " WHERE duty_date = ? AND kind = 'call_out' AND voided_at IS NULL", (d,))
                         if entry_person == p or (entry_person is None and name == names[p])}:
        called[person] += 1
    got = {p.person_id: p for p in year.duties.people}
    assert set(taken) <= set(got)
    for person in year.duties.people:
        on_site = demo.scalar("SELECT COUNT(*) FROM duty_assignment WHERE voided_at IS NULL AND person_id = ?"
                              " AND role <> 'standby' AND duty_date LIKE '2026-%'", (person.person_id,))
        assert person.comp_taken == pytest.approx(taken[person.person_id])
        assert person.comp_balance == pytest.approx(person.comp_opening + person.comp_leave - person.comp_taken)
        assert person.meals == pytest.approx(on_site * meal)
        assert person.callouts == called[person.person_id]
        assert person.money == pytest.approx(person.allowance + person.meals + called[person.person_id] * callout)
    assert year.duties.money == pytest.approx(sum(p.money for p in year.duties.people))
    panels = {p.key: p.table for v in build_views(year) for p in v.panels}
    leave = dict(zip(panels["duties.leave"].headers, panels["duties.leave"].rows[-1], strict=True))
    money = dict(zip(panels["duties.allowance"].headers, panels["duties.allowance"].rows[-1], strict=True))
    assert leave["已补休"] == pytest.approx(sum(taken.values()))
    assert money["合计"] == pytest.approx(year.duties.money)


def test_spring_festival_and_national_day_duties_per_year(demo, year) -> None:
    spring = [d for d in (date(2026, 2, 1) + timedelta(n) for n in range(40))
              if chinese_calendar.get_holiday_detail(d) == (True, "Spring Festival")]
    national = [d for d in (date(2026, 9, 25) + timedelta(n) for n in range(20))
                if chinese_calendar.get_holiday_detail(d) == (True, "National Day")]
    found = {(h.year, h.holiday): h.total for h in year.duties.holidays}
    for days, name in ((spring, "春节"), (national, "国庆节")):
        count = demo.scalar(f"SELECT COUNT(*) FROM duty_assignment WHERE voided_at IS NULL AND duty_date IN"
                            f" ({','.join('?' * len(days))})", [d.isoformat() for d in days])
        assert found[(2026, name)] == count > 0


def test_fairness_spread_is_most_minus_fewest_of_those_who_hold_the_role(demo, year) -> None:
    holders = {r[0] for r in demo.rows("SELECT r.person_id FROM person_duty_role r JOIN person p ON p.id = r.person_id"
                                       " WHERE r.role = 'officer' AND p.is_staff = 1 AND p.voided_at IS NULL")}
    for month in ("2026-03", "2026-11"):
        counts = Counter({person: 0 for person in holders})
        counts.update(r[0] for r in demo.rows("SELECT person_id FROM duty_assignment WHERE voided_at IS NULL"
                                              " AND role = 'officer' AND duty_date LIKE ?", (f"{month}-%",)))
        spread = next(s for s in year.duties.spreads if s.month == month and s.role == "officer")
        assert (spread.fewest, spread.most, spread.people) == (min(counts.values()), max(counts.values()), len(counts))


# -- 信息报送 -------------------------------------------------------------------------------------------------
def test_incidents_per_month_by_category_and_grade(demo, year) -> None:
    by_month: dict[str, Counter] = defaultdict(Counter)
    for received, category, grade in demo.rows("SELECT received_at, category, grade FROM incident"
                                               " WHERE voided_at IS NULL"):
        moment = datetime.fromisoformat(received).astimezone(CST)
        if moment.year == 2026:
            by_month[f"{moment:%Y-%m}"][category] += 1
            by_month[f"{moment:%Y-%m}"][f"grade:{grade}"] += 1
    figures = year.incidents
    assert figures.incidents == sum(n for c in by_month.values() for k, n in c.items() if not k.startswith("grade"))
    assert figures.incidents >= 40 and len([m for m in by_month if by_month[m]]) >= 9
    for month, counts in by_month.items():
        for key, n in counts.items():
            if key.startswith("grade:"):
                assert figures.by_grade[month][key[6:]] == n
            else:
                assert figures.by_category[month][key] == n


def _outcome(status: str, due: str, met: str | None) -> str:
    due_at = datetime.fromisoformat(due)
    if status == "waived":
        return "waived"
    if status == "met":
        return "on_time" if datetime.fromisoformat(met) <= due_at else "late"
    return "late" if due_at < NOW else "pending"


def test_timeliness_per_step_and_month(demo, year) -> None:
    expected: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for step, status, due, met, voided in demo.rows(
            "SELECT o.step, o.status, o.due_at, o.met_at, i.voided_at FROM incident_obligation o"
            " JOIN incident i ON i.id = o.incident_id"):
        if voided or status == "superseded" or step not in ("phone_report", "written_initial", "followup", "final"):
            continue
        moment = datetime.fromisoformat(due).astimezone(CST)
        if moment.year == 2026:
            expected[(step, f"{moment:%Y-%m}")][_outcome(status, due, met)] += 1
    late = 0
    for (step, month), counts in expected.items():
        tally = year.incidents.timeliness[step][month]
        assert (tally.on_time, tally.late, tally.pending, tally.waived) == (
            counts["on_time"], counts["late"], counts["pending"], counts["waived"]), (step, month)
        late += counts["late"]
    assert late == len(year.incidents.late) > 0      # the demo has late reports to show
    point = next(p for p in year.incidents.late)
    rows = records(demo, YEAR, Drill.of("late", bucket=point["due_at"][:7], step=point["step"]), NOW).rows
    assert rows and all(r[2] for r in rows)
    assert len(rows) == year.incidents.timeliness[point["step"]][point["due_at"][:7]].late


# -- 预警叫应 -------------------------------------------------------------------------------------------------
def _people_to_reach(demo) -> list[dict]:
    """Each person on a call list of a notice received in 2026, with when they (or their B角) answered."""
    rows = demo.rows(
        "SELECT w.id AS warning_id, w.type, n.kind, n.level, n.mode, n.received_at, n.deadline_at, n.closed_at,"
        " t.kind AS target_kind, t.status, t.answered_at, t.township, t.unit, t.covered_by FROM warning_target t"
        " JOIN warning_notice n ON n.id = t.notice_id JOIN warning w ON w.id = n.warning_id"
        " WHERE w.voided_at IS NULL AND n.received_at LIKE '2026-%'")
    answers = {r[0]: (r[1], r[2]) for r in demo.rows("SELECT id, status, answered_at FROM warning_target")}
    out = []
    for r in rows:
        if r["target_kind"] != "primary" or r["mode"] != "call":
            continue
        when = r["answered_at"] if r["status"] in ("answered", "arrived") else None
        if when is None and r["covered_by"] and answers[r["covered_by"]][0] in ("answered", "arrived"):
            when = answers[r["covered_by"]][1]
        out.append({**dict(r), "when": when})
    return out


def test_warnings_by_type_and_level_and_silent_people_by_township(demo, year) -> None:
    issued: Counter = Counter()
    for kind, level in demo.rows("SELECT w.type, n.level FROM warning_notice n JOIN warning w ON w.id = n.warning_id"
                                 " WHERE w.voided_at IS NULL AND n.kind = 'issue' AND n.received_at LIKE '2026-%'"):
        issued[(kind, level)] += 1
    view = next(v for v in build_views(year) if v.key == "warnings")
    types = next(p for p in view.panels if p.key == "warnings.types")
    levels = ("red", "orange", "yellow", "blue")
    assert [row[:5] for row in types.table.rows[:-1]] == [
        [kind, *(issued[(kind, level)] for level in levels)] for kind in types.chart.categories]
    assert types.table.rows[-1][-1] == sum(issued.values()) >= 30
    assert {kind for kind, _level in issued} == set(types.chart.categories)
    silent: Counter = Counter()
    now = NOW.isoformat()
    for person in _people_to_reach(demo):
        running = person["closed_at"] is None and person["deadline_at"] and person["deadline_at"] > now
        if person["when"] is None and not running:
            silent[person["township"] or person["unit"]] += 1
    silent_panel = next(p for p in view.panels if p.key == "warnings.silent")
    assert dict(zip(silent_panel.chart.categories, silent_panel.chart.series[0].values, strict=True)) == dict(silent)
    assert silent_panel.table.rows[-1] == ["合计", sum(silent.values())] and sum(silent.values()) > 5
    for township, count in list(silent.items())[:3]:
        assert len(records(demo, YEAR, Drill.of("silent", township=township), NOW).rows) == count


def test_time_to_answer_and_share_in_time_per_warning(demo, year) -> None:
    import statistics

    seconds: dict[int, list[float]] = defaultdict(list)
    in_time: Counter = Counter()
    known: Counter = Counter()
    listed: Counter = Counter()
    now = NOW.isoformat()
    for person in _people_to_reach(demo):
        listed[person["warning_id"]] += 1
        if person["when"] is not None:
            seconds[person["warning_id"]].append(
                (datetime.fromisoformat(person["when"]) - datetime.fromisoformat(person["received_at"])).total_seconds())
            known[person["warning_id"]] += 1
            in_time[person["warning_id"]] += person["deadline_at"] is None or person["when"] <= person["deadline_at"]
        elif not (person["closed_at"] is None and person["deadline_at"] and person["deadline_at"] > now):
            known[person["warning_id"]] += 1
    everyone = sorted(s for values in seconds.values() for s in values)
    assert year.warnings.median_seconds == statistics.median(everyone)
    assert year.warnings.p90_seconds == everyone[math.ceil(0.9 * len(everyone)) - 1]
    view = next(v for v in build_views(year) if v.key == "warnings")
    answer = next(p for p in view.panels if p.key == "warnings.answer").chart
    by_warning = dict(zip(answer.series[0].drills, answer.series[0].values, strict=True))
    assert {d.get("warning_id"): v for d, v in by_warning.items()} == {
        w: round(statistics.median(values) / 60, 1) for w, values in seconds.items()}
    shares = next(p for p in view.panels if p.key == "warnings.in_time").chart.series[0]
    assert {d.get("warning_id"): v for d, v in zip(shares.drills, shares.values, strict=True)} == {
        w: in_time[w] / n for w, n in known.items() if n}
    assert 0 < min(shares.values) < 1 == max(shares.values)
    warning_id = max(listed, key=lambda w: listed[w])
    assert len(records(demo, YEAR, Drill.of("warning", warning_id=warning_id), NOW).rows) == listed[warning_id]


# -- 值班日志 -------------------------------------------------------------------------------------------------
def test_log_heat_map_calls_per_day_and_roll_calls(demo, year) -> None:
    heat = [[0] * 24 for _ in range(7)]
    calls: Counter = Counter()
    delays: list[int] = []
    problems = 0
    for occurred, kind, fields in demo.rows("SELECT occurred_at, kind, fields_json FROM duty_log_entry"
                                            " WHERE voided_at IS NULL"):
        moment = datetime.fromisoformat(occurred).astimezone(CST)
        if moment.year != 2026:
            continue
        heat[moment.weekday()][moment.hour] += 1
        if kind in ("call_in", "call_out"):
            calls[moment.date().isoformat()] += 1
        if kind == "roll_call":
            values = json.loads(fields)
            delays.append(values["answer_seconds"])
            problems += values.get("result") != "正常"
    log = year.log
    assert log.heat == heat and log.entries > 1000
    assert {d: sum(c.values()) for d, c in log.calls.items() if sum(c.values())} == dict(calls)
    total = log.roll_call_total
    assert (total.count, total.problems, total.longest) == (len(delays), problems, max(delays))
    assert total.mean == pytest.approx(sum(delays) / len(delays)) and total.count > 100


def test_a_heat_map_cell_opens_the_entries_it_counts(demo, year) -> None:
    weekday, hour = max(((w, h) for w in range(7) for h in range(24)), key=lambda c: year.log.heat[c[0]][c[1]])
    found = records(demo, YEAR, Drill.of("entries", weekday=weekday, hour=hour), NOW)
    assert len(found.rows) == year.log.heat[weekday][hour] > 0
    assert all(int(row[0][11:13]) == hour for row in found.rows)


# -- 通讯录 ---------------------------------------------------------------------------------------------------
def test_verified_share_by_top_unit(demo) -> None:
    report = stats_report(demo, MONTH, NOW)
    cycle = int(demo.scalar("SELECT value FROM setting WHERE key = 'contacts.stale_days'") or 90)
    parents = {r[0]: r[1] for r in demo.rows("SELECT id, parent_id FROM org_unit WHERE voided_at IS NULL")}

    def top(unit: int | None) -> int | None:
        while unit is not None and parents.get(unit) in parents:
            unit = parents[unit]
        return unit if unit in parents else None

    entries: Counter = Counter()
    verified: Counter = Counter()
    today = NOW.date()
    rows = [(r[0], r[1]) for r in demo.rows("SELECT unit_id, verified_on FROM person WHERE voided_at IS NULL")]
    rows += [(r[0], r[1]) for r in demo.rows("SELECT id, verified_on FROM org_unit WHERE voided_at IS NULL"
                                             " AND (duty_phone <> '' OR fax <> '')")]
    for unit, verified_on in rows:
        entries[top(unit)] += 1
        if verified_on and (today - date.fromisoformat(verified_on)).days <= cycle:
            verified[top(unit)] += 1
    got = {u.unit_id: u for u in report.contacts.units}
    assert {k: u.entries for k, u in got.items()} == dict(entries)
    assert {k: u.verified for k, u in got.items() if u.verified} == {k: n for k, n in verified.items() if n}
    assert 0 < report.contacts.total.share < 1


# -- what the page, the .xlsx and the command line say ---------------------------------------------------------
def test_the_export_holds_the_numbers_the_page_shows(year) -> None:
    views = build_views(year)
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(year, views)))
    panels = [(v, p) for v in views for p in v.panels]
    assert len(book.sheetnames) == len(panels) + 1
    for (view, panel), name in zip(panels, book.sheetnames[1:], strict=True):
        sheet = book[name]
        rows = [list(r) for r in sheet.iter_rows(min_row=5, max_row=4 + len(panel.table.rows),
                                                 max_col=len(panel.table.headers), values_only=True)]
        assert [c.value for c in sheet[4]][:len(panel.table.headers)] == panel.table.headers
        assert rows == [[None if v == "" else v for v in row] for row in panel.table.rows], (view.key, panel.key)


def test_every_chart_point_opens_as_many_records_as_it_counts(demo) -> None:
    report = stats_report(demo, MONTH, NOW)
    checked = 0
    for view in build_views(report):
        for panel in view.panels:
            if panel.chart.percent or panel.chart.unit in ("秒", "分钟", "元", "天") or panel.key == "duties.spread":
                continue
            for line in panel.chart.series:
                hits = [(v, d) for v, d in zip(line.values, line.drills, strict=True) if v and d is not None]
                for value, drill in hits[:3]:
                    assert len(records(demo, MONTH, drill, NOW).rows) == value, (panel.key, drill)
                    checked += 1
    assert checked > 20


@pytest.fixture
def demo_file(demo_history_template, tmp_path):
    import shutil

    shutil.copyfile(demo_history_template, tmp_path / "demo.sqlite3")
    return tmp_path / "demo.sqlite3"


def test_the_statistics_printouts_pass_the_proofreader(demo) -> None:
    from tests.print_samples import demo_printouts
    from tests.printcheck import check_pdf

    printouts = demo_printouts(demo, NOW)
    for name in ("statistics-month", "statistics-year"):
        assert check_pdf(printouts[name]()) == [], name


def test_stats_show_json_has_the_documented_shape(demo_file, capsys) -> None:
    from dutyroom.cli import main

    assert main(["--db", str(demo_file), "stats", "show", "--month", "2026-11", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"period", "duties", "incidents", "warnings", "log", "contacts"} <= set(data)
    assert {"by_person", "spread"} <= set(data["duties"]) and data["duties"]["by_person"]
    assert "timeliness" in data["incidents"] and data["period"]["first"] == "2026-11-01"
    assert data["warnings"]["warnings"] >= 3 and data["warnings"]["silent_by_township"]
    assert {"median_seconds", "p90_seconds", "in_time_share", "by_type_level"} <= set(data["warnings"])
    assert main(["--db", str(demo_file), "stats", "show", "--from", "2026-03-01", "--to", "2026-04-15"]) == 0
    assert "值班工作统计" in capsys.readouterr().out


def test_print_and_export_commands_write_real_files(demo_file, tmp_path) -> None:
    from dutyroom.cli import main
    from tests.pdfcheck import read_pdf, squeeze

    assert main(["--db", str(demo_file), "print", "statistics", "--year", "2026", "--out", str(tmp_path / "y.pdf")]) == 0
    text = squeeze(read_pdf((tmp_path / "y.pdf").read_bytes()).text)
    assert "2026年值班工作统计" in text and "信息报送" in text and "通讯录" in text
    assert main(["--db", str(demo_file), "stats", "export", "--month", "2026-11", "--out", str(tmp_path / "m.xlsx")]) == 0
    assert "值班-按人员" in openpyxl.load_workbook(tmp_path / "m.xlsx").sheetnames


def test_periods_name_their_days_and_refuse_nonsense() -> None:
    assert (Period.quarter(2026, 4).first, Period.quarter(2026, 4).last) == (date(2026, 10, 1), date(2026, 12, 31))
    assert Period.month(2026, 2).last == date(2026, 2, 28) and Period.month(2026, 2).by_day
    assert not YEAR.by_day and len(YEAR.buckets()) == 12
    assert parse_period(month="2026-11") == MONTH and parse_period(year=2026) == YEAR
    for bad in ({"month": "2026-13"}, {"month": "11/2026"}, {}, {"month": "2026-11", "year": 2026},
                {"first": date(2026, 3, 1)}, {"first": date(2026, 3, 1), "last": date(2026, 2, 1)}):
        with pytest.raises(ValidationError):
            parse_period(**bad)
