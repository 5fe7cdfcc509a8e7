"""Roster printouts and exports on the demo county: PDF and .xlsx show what the grid shows."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dutyroom.clock import FixedClock
from dutyroom.demo.seed import seed_demo
from dutyroom.errors import ValidationError
from dutyroom.printing.roster import render_change_notice, render_holiday_duty, render_month_roster
from dutyroom.printing.week import render_week_duty, week_duty_doc
from dutyroom.roster import arrangements, planning, publishing
from dutyroom.roster.arrangements import HolidayRange
from dutyroom.roster.changes import change_views
from dutyroom.roster.exports import holiday_duty_xlsx, month_roster_xlsx, statistics_xlsx
from dutyroom.roster.ics import person_calendar
from dutyroom.roster.stats import statistics
from dutyroom.roster.views import change_notice, holiday_duty, month_roster
from dutyroom.session import SYSTEM_ACTOR, Session
from tests.conftest import NOW
from tests.pdfcheck import read_pdf, squeeze

ROOT = Path(__file__).resolve().parent.parent
D = date.fromisoformat


def _cells(sheet) -> list[str]:
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_demo_publishes_engine_versions_with_history(demo_store) -> None:
    versions = publishing.versions(demo_store)
    assert len(versions) == 11 and versions[-1]["first_date"] == "2026-01-01"
    assert versions[0]["first_date"] == "2026-11-01" and versions[0]["in_force"] > 0
    rows = demo_store.rows("SELECT source, roster_version_id FROM duty_assignment WHERE voided_at IS NULL"
                           " AND duty_date BETWEEN '2026-11-01' AND '2026-11-30'")
    assert {r["source"] for r in rows} <= {"roster", "swap"} and all(r["roster_version_id"] for r in rows)
    # 春节 2026 had 双带班: two leaders on each of its nine days.
    leaders = demo_store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE voided_at IS NULL AND role = 'leader'"
                                " AND duty_date BETWEEN '2026-02-15' AND '2026-02-23'")
    assert leaders == 18
    # The ledger means something: ten months of history, spreads at most 1 for on-site roles.
    quality = planning.draft_quality(demo_store, D("2026-11-01"), D("2026-11-30"))
    assert all(quality.spread[role]["total"] <= 1 for role in ("leader", "chief", "officer"))
    assert [c.status for c in change_views(demo_store)] == ["pending", "approved"]


def test_month_pdf_and_xlsx_show_the_grid(demo_store) -> None:
    doc = month_roster(demo_store, 2026, 11, NOW)
    assert doc.source == "published" and "第11版" in doc.subtitle
    pdf = read_pdf(render_month_roster(doc))
    text = squeeze(pdf.text)
    assert pdf.sizes_mm[0] == (297, 210) and all(pdf.fonts.values())
    assert "示例县应急管理局2026年11月值班表" in text
    grid = planning.published(demo_store, D("2026-11-01"), D("2026-11-30"))
    for (day, role, _, _), row in grid.items():
        assert row["name"] in text, (day, role)
    leader = next(r for k, r in grid.items() if k[1] == "leader")
    phone = demo_store.scalar("SELECT number FROM person_phone WHERE person_id = ? ORDER BY sort_order LIMIT 1",
                              (leader["person_id"],))
    assert phone in text
    assert "（调）" in text      # the demo's approved swap is marked
    book = load_workbook(io.BytesIO(month_roster_xlsx(doc)))
    cells = " ".join(_cells(book.active))
    assert "示例县应急管理局2026年11月值班表" in cells
    for day in doc.days:
        row = next(r for r in book.active.iter_rows(values_only=True) if r[0] == f"{day.day.month}月{day.day.day}日")
        assert row[1] == day.label
        for role, duties in day.slots.items():
            for duty in duties:
                assert duty.text in " ".join(str(v) for v in row if v), (day.day, role)


def test_week_printout_names_the_day_type(demo_store) -> None:
    text = squeeze(read_pdf(render_week_duty(week_duty_doc(demo_store, D("2026-10-01"), NOW))).text)
    assert text.count("国庆节") == 4
    doc = week_duty_doc(demo_store, D("2026-09-30"), NOW)
    labels = [r.day_label for r in doc.rows]
    assert labels == ["星期一", "星期二", "星期三", "国庆节", "国庆节", "国庆节", "国庆节"]
    assert [r.rest_day for r in doc.rows] == [False, False, False, True, True, True, True]
    september = week_duty_doc(demo_store, D("2026-09-20"), NOW)
    assert september.rows[-1].day_label == "星期日（上班）" and not september.rows[-1].rest_day


def test_holiday_duty_for_national_day(demo_store) -> None:
    doc = holiday_duty(demo_store, "2026-国庆", NOW)
    assert doc.title == "示例县应急管理局2026年国庆节值班安排表" and len(doc.days) == 7
    text = squeeze(read_pdf(render_holiday_duty(doc)).text)
    assert "2026年10月1日至10月7日，共7天" in text and "值班电话：0000-6600110" in text and "传真：0000-6600119" in text
    for day in doc.days:
        for duty in day.slots["leader"]:
            assert duty.name in text and duty.title.split("、")[0] in text and duty.phone in text
    cells = " ".join(_cells(load_workbook(io.BytesIO(holiday_duty_xlsx(doc))).active))
    assert all(d.name in cells for day in doc.days for d in day.slots["officer"])


def test_holiday_duty_2027_needs_the_arrangement(demo_store) -> None:
    with pytest.raises(ValidationError, match="2027年节假日安排尚未录入"):
        holiday_duty(demo_store, "2027-春节", NOW)
    system = Session(demo_store, SYSTEM_ACTOR, FixedClock(NOW))
    # Test-only arrangement (not the official one): a 春节 break of 8 days.
    arrangements.save_year(system, 2027, [HolidayRange("春节", D("2027-02-06"), D("2027-02-13"))],
                           [(D("2027-02-20"), "春节")], source="测试")
    with pytest.raises(ValidationError, match="还没有排班"):
        holiday_duty(demo_store, "2027-春节", NOW)
    planning.generate(system, D("2027-02-01"), D("2027-02-28"))
    publishing.publish(system, D("2027-02-01"), D("2027-02-28"))
    doc = holiday_duty(demo_store, "2027-春节", NOW)
    assert [d.day for d in doc.days][0] == D("2027-02-06") and all(len(d.slots["leader"]) == 2 for d in doc.days)


def test_statistics_with_leave_and_allowance(demo_store) -> None:
    doc = statistics(demo_store, 2026)
    assert doc.title == "示例县应急管理局2026年度个人值班统计"
    total = demo_store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE voided_at IS NULL AND role <> 'standby'"
                              " AND duty_date LIKE '2026-%'")
    assert sum(p.on_duty for p in doc.people) == total
    someone = max(doc.people, key=lambda p: (p.by_kind.get("holiday", 0), p.person_id))
    calendar = arrangements.load_calendar(demo_store)
    expected = leave = 0
    for (day,) in demo_store.rows("SELECT duty_date FROM duty_assignment WHERE voided_at IS NULL AND person_id = ?"
                                  " AND role <> 'standby' AND duty_date LIKE '2026-%'", (someone.person_id,)):
        info = calendar.info(D(day))
        expected += 150 if info.is_holiday else 100 if info.kind == "weekend" else 60
        leave += 1 if info.is_rest else 0
    assert someone.allowance == expected and someone.comp_leave == leave
    sheet = load_workbook(io.BytesIO(statistics_xlsx(doc))).active
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r[0]}
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "姓名")
    shown = dict(zip(header, rows[someone.name], strict=True))
    assert shown["值班补助（元）"] == round(someone.allowance, 2) and shown["应补休（天）"] == someone.comp_leave
    assert shown["补助合计（元）"] == someone.money and shown["补休结余（天）"] == someone.comp_balance
    assert "计算标准" in " ".join(_cells(sheet))


def test_person_calendar_is_valid_ics(demo_store) -> None:
    data = person_calendar(demo_store, "苏宇琪", year=2026, now=NOW).decode("utf-8")
    assert data.startswith("BEGIN:VCALENDAR\r\n") and data.endswith("END:VCALENDAR\r\n")
    events = data.count("BEGIN:VEVENT")
    duties = demo_store.scalar("SELECT COUNT(*) FROM duty_assignment a JOIN person p ON p.id = a.person_id"
                               " WHERE p.name = '苏宇琪' AND a.voided_at IS NULL AND a.duty_date LIKE '2026-%'")
    assert events == duties > 0
    assert all(len(line.encode("utf-8")) <= 75 for line in data.split("\r\n"))
    assert "T003000Z" in data        # 08:30 +08:00 is 00:30 UTC
    with pytest.raises(ValidationError, match="找不到人员"):
        person_calendar(demo_store, "无此人", now=NOW)


def test_change_notice_lists_everyone_moved(demo_store) -> None:
    doc = change_notice(demo_store, NOW)
    text = squeeze(read_pdf(render_change_notice(doc)).text)
    change = doc.changes[0]
    assert "示例县应急管理局值班调整通知" in text and "串班" in text and change.reason in text
    assert all(who in text for who, _, _ in change.moved)


def test_reseeding_next_month_publishes_it(demo_store) -> None:
    later = FixedClock(NOW + timedelta(days=10))
    report = seed_demo(demo_store, later)
    assert report.assignments_added > 0
    assert publishing.versions(demo_store)[0]["first_date"] == "2026-12-01"
    assert seed_demo(demo_store, later).assignments_added == 0


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DUTYROOM_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([sys.executable, "-m", "dutyroom", *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env=env)


def test_cli_prints_and_exports(demo_store, tmp_path: Path) -> None:
    db = str(demo_store.path)
    demo_store.checkpoint()
    out = tmp_path / "roster.pdf"
    result = _cli("print", "roster", "--month", "2026-11", "--out", str(out), "--db", db, data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2026年11月值班表" in squeeze(read_pdf(out.read_bytes()).text)
    result = _cli("print", "holiday-duty", "--holiday", "2027-春节", "--out", str(tmp_path / "h.pdf"), "--db", db,
                  data_dir=tmp_path)
    assert result.returncode == 2 and "2027年节假日安排尚未录入" in result.stderr
    result = _cli("print", "roster", "--month", "2026-13", "--out", str(out), "--db", db, data_dir=tmp_path)
    assert result.returncode == 2 and "格式不对" in result.stderr
    for args in (["roster", "export", "--month", "2026-11", "--out", str(tmp_path / "m.xlsx")],
                 ["roster", "stats", "--year", "2026", "--out", str(tmp_path / "s.xlsx")],
                 ["roster", "ics", "--person", "苏宇琪", "--out", str(tmp_path / "p.ics")],
                 ["print", "change-notice", "--month", "2026-11", "--out", str(tmp_path / "c.pdf")]):
        result = _cli(*args, "--db", db, data_dir=tmp_path)
        assert result.returncode == 0, (args, result.stderr)
