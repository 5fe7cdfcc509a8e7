"""The officer day/night split as a setting, end to end on a real database: the draft, publishing, swaps,
toggling the setting, 今日值班, the duty-log sheets and every printout and export."""

from __future__ import annotations

import io
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dutyroom import org, settings
from dutyroom.clock import CST
from dutyroom.duty.board import today_board
from dutyroom.dutylog.handover import assemble_sheet, roster_lines
from dutyroom.dutylog.report import staff_line
from dutyroom.errors import ValidationError
from dutyroom.printing.dutylog_print import log_doc
from dutyroom.printing.roster import render_holiday_duty, render_month_roster
from dutyroom.printing.week import render_week_duty, week_duty_doc
from dutyroom.roster import changes, planning, publishing
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.exports import holiday_duty_xlsx, month_roster_xlsx, statistics_xlsx
from dutyroom.roster.ics import person_calendar
from dutyroom.roster.ledger import build_ledger
from dutyroom.roster.model import Cell
from dutyroom.roster.stats import statistics
from dutyroom.roster.views import holiday_duty, month_roster
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import open_store
from tests.pdfcheck import read_pdf, squeeze

D = date.fromisoformat
DEC = planning.month_range(2026, 12)
OCT = planning.month_range(2026, 10)
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=CST)


@pytest.fixture
def county(system) -> dict[str, list[int]]:
    """6 leaders, 6 chiefs (also standby), 24 officers (also standby); one officer takes no nights."""
    people: dict[str, list[int]] = {"leader": [], "chief": [], "officer": []}
    for role, count in (("leader", 6), ("chief", 6), ("officer", 24)):
        for n in range(count):
            roles = [role] if role == "leader" else [role, "standby"]
            word = {"leader": "领", "chief": "长", "officer": "员"}[role]
            people[role].append(org.create_person(system, name=f"{word}{n + 1}号", is_staff=True, duty_roles=roles,
                                                  phones=[("mobile", f"1000001{len(people[role]):04d}")]))
    from dutyroom.roster.staffing import set_profile

    set_profile(system, people["officer"][0], no_night=True)
    return people


def split_on(system, on: bool = True) -> None:
    settings.set_many(system, {"roster.officer_split": on})


def _active(store, first: date, last: date) -> list:
    return store.rows("SELECT * FROM duty_assignment WHERE voided_at IS NULL AND duty_date BETWEEN ? AND ?"
                      " ORDER BY duty_date, role, shift, position", (first.isoformat(), last.isoformat()))


def test_split_draft_publishes_day_and_night_parts(system, county) -> None:
    store = system.store
    split_on(system)
    _, quality = planning.generate(system, *DEC)
    assert not quality.uncovered and not quality.violations and not quality.warnings
    assert quality.spread["officer"]["night"] <= 1
    cells = planning.draft(store, *DEC)
    assert len(cells) == 31 * 8          # leader, chief, 2 白班, 2 夜班, 2 standby
    assert {k.shift for k in cells if k.role == "officer"} == {"day", "night"}
    no_night = county["officer"][0]
    assert any(c.person_id == no_night for c in cells.values())
    assert all(k.shift == "day" for k, c in cells.items() if c.person_id == no_night and k.role == "officer")
    publishing.publish(system, *DEC)
    rows = _active(store, *DEC)
    assert len(rows) == 31 * 8 and {r["shift"] for r in rows if r["role"] == "officer"} == {"day", "night"}
    assert {r["shift"] for r in rows if r["role"] != "officer"} == {"full"}
    assert planning.compare(store, *DEC) == []
    # The ledger counts 夜班 as its own category, beside the officer totals.
    ledger = build_ledger(store, D("2027-01-01"), load_calendar(store))
    nights = [ledger.counts.get(str(p), {}).get("officer", {}).get("night", 0) for p in county["officer"][1:]]
    assert sum(nights) == 31 * 2 and max(nights) - min(nights) <= 1
    assert ledger.counts[str(no_night)]["officer"].get("night", 0) == 0


def test_manual_cells_and_candidates_know_the_part(system, county) -> None:
    store = system.store
    split_on(system)
    planning.generate(system, *DEC)
    day = D("2026-12-10")
    no_night = county["officer"][0]
    night = {c.person_id: c.conflict for c in planning.candidates(store, day, "officer", 0, "night")}
    assert night[no_night] == "不值夜班"
    by_day = {c.person_id: c.conflict for c in planning.candidates(store, day, "officer", 0, "day")}
    assert by_day[no_night] != "不值夜班"
    with pytest.raises(ValidationError, match="没有值班员（全天）|没有值班员"):
        planning.assign(system, day, "officer", 0, county["officer"][3])          # "full" is no slot now
    holder = planning.draft(store, *DEC)[Cell(day, "officer", 0, "day")].person_id
    with pytest.raises(ValidationError, match="当日已任值班员（白班）"):
        planning.clear(system, day, "officer", 1, shift="night")
        planning.assign(system, day, "officer", 1, holder, shift="night", accept_conflicts=True)
    planning.set_pinned(system, day, "officer", 0, True, shift="day")
    assert planning.draft(store, *DEC)[Cell(day, "officer", 0, "day")].pinned


def test_switching_the_setting_never_reinterprets_what_is_stored(system, county) -> None:
    store = system.store
    planning.generate(system, *DEC)
    publishing.publish(system, *DEC)
    before = [dict(r) for r in _active(store, *DEC)]
    split_on(system)
    # Published rows still say what was published: 24-hour officers, shown as such everywhere.
    assert [dict(r) for r in _active(store, *DEC)] == before
    board = today_board(store, datetime(2026, 12, 5, 20, 0, tzinfo=CST))
    assert not board.current.split and len(board.current.by_role("officer")) == 2
    assert board.current.part_at(datetime(2026, 12, 5, 20, 0, tzinfo=CST)) == "full"
    doc = month_roster(store, 2026, 12, NOW)
    assert not doc.split and [c.header for c in doc.columns()] == ["带班领导", "值班长", "值班员", "备勤"]
    # The draft of the other mode is flagged, not reinterpreted; generating replaces it.
    quality = planning.draft_quality(store, *DEC)
    assert any("值班员24小时一班" in w and "重新生成" in w for w in quality.warnings)
    assert len(quality.uncovered) == 31 * 4
    with pytest.raises(ValidationError, match="草稿仍有问题"):
        publishing.publish(system, *DEC)
    planning.generate(system, *DEC)
    assert not planning.draft_quality(store, *DEC).warnings
    voided = store.rows("SELECT void_reason FROM roster_draft WHERE voided_at IS NOT NULL AND shift = 'full'"
                        " AND role = 'officer'")
    assert voided and all("班制已改为值班员分白班、夜班" in r[0] for r in voided)
    publishing.publish(system, *DEC)
    assert {r["shift"] for r in _active(store, *DEC) if r["role"] == "officer"} == {"day", "night"}
    old = store.rows("SELECT shift, void_reason FROM duty_assignment WHERE voided_at IS NOT NULL AND role = 'officer'")
    assert old and {r[0] for r in old} == {"full"} and all("由排班第2版取代" in r[1] for r in old)
    # Switching back leaves the split publication as it is.
    split_on(system, False)
    assert {r["shift"] for r in _active(store, *DEC) if r["role"] == "officer"} == {"day", "night"}
    assert month_roster(store, 2026, 12, NOW).split


def test_swap_of_a_night_duty_round_trips_with_undo(system, county) -> None:
    store = system.store
    split_on(system)
    planning.generate(system, *DEC)
    publishing.publish(system, *DEC)
    night = store.row("SELECT * FROM duty_assignment WHERE voided_at IS NULL AND duty_date = '2026-12-12'"
                      " AND role = 'officer' AND shift = 'night' AND position = 0")
    others = store.rows("SELECT * FROM duty_assignment WHERE voided_at IS NULL AND role = 'officer'"
                        " AND duty_date BETWEEN '2026-12-20' AND '2026-12-28' AND shift = 'day'"
                        " AND person_id <> ? ORDER BY duty_date", (night["person_id"],))
    change_id = None
    for other in others:
        try:
            change_id = changes.request_swap(system, night["id"], other["id"], "家中有事", approve=True,
                                             accept_conflicts=True)
            break
        except ValidationError:
            continue
    assert change_id is not None
    moved_night = store.row("SELECT * FROM duty_assignment WHERE voided_at IS NULL AND duty_date = '2026-12-12'"
                            " AND role = 'officer' AND shift = 'night' AND position = 0")
    assert moved_night["person_id"] == other["person_id"] and moved_night["note"] == "调"
    moved_day = store.row("SELECT * FROM duty_assignment WHERE voided_at IS NULL AND duty_date = ? AND role ="
                          " 'officer' AND shift = 'day' AND position = ?", (other["duty_date"], other["position"]))
    assert moved_day["person_id"] == night["person_id"]
    view = changes.change_views(store, ids=[change_id])[0]
    assert "值班员（夜班）" in view.summary and "值班员（白班）" in view.summary
    drafted = planning.draft(store, *DEC)[Cell(D("2026-12-12"), "officer", 0, "night")]
    assert drafted.person_id == other["person_id"] and drafted.source == "change"
    changes.undo_change(system, change_id, "恢复")
    back = store.row("SELECT * FROM duty_assignment WHERE voided_at IS NULL AND duty_date = '2026-12-12'"
                     " AND role = 'officer' AND shift = 'night' AND position = 0")
    assert back["person_id"] == night["person_id"] and back["shift"] == "night"
    assert planning.compare(store, *DEC) == []


def test_no_night_person_cannot_cover_a_night(system, county) -> None:
    store = system.store
    split_on(system)
    planning.generate(system, *DEC)
    publishing.publish(system, *DEC)
    no_night = county["officer"][0]
    night = store.row("SELECT * FROM duty_assignment WHERE voided_at IS NULL AND role = 'officer'"
                      " AND shift = 'night' AND duty_date = '2026-12-15' AND position = 0")
    with pytest.raises(ValidationError, match="不值夜班"):
        changes.request_substitution(system, night["id"], no_night, "替班", approve=True)


def test_today_board_and_duty_sheets_name_the_parts(system, county) -> None:
    store = system.store
    split_on(system)
    planning.generate(system, *DEC)
    publishing.publish(system, *DEC)
    noon = datetime(2026, 12, 5, 12, 0, tzinfo=CST)
    board = today_board(store, noon)
    current = board.current
    assert current.split and current.part_at(noon) == "day"
    assert current.part_at(datetime(2026, 12, 5, 23, 0, tzinfo=CST)) == "night"
    assert current.part_at(datetime(2026, 12, 6, 8, 0, tzinfo=CST)) == "night"
    assert current.part_hours("day") == "08:30–17:30" and current.part_hours("night") == "17:30–次日08:30"
    labels = [label for label, _ in current.groups()]
    assert labels == ["带班领导", "值班长", "值班员（白班）", "值班员（夜班）", "备勤"]
    assert [m.role_label for m in current.by_part("officer", "night")] == ["值班员（夜班）"] * 2
    lines = roster_lines(current)
    assert any(line.startswith("值班员（夜班，17:30–次日08:30）：") for line in lines)
    sheet = assemble_sheet(store, current.shift, noon)
    assert sheet.outgoing_roster.split
    staff = dict(log_doc(store, current.shift.duty_date, noon).staff)
    assert set(staff) == {"带班领导", "值班长", "值班员（白班）", "值班员（夜班）", "备勤"}
    assert staff["值班员（夜班）"] == "、".join(m.name for m in current.by_part("officer", "night"))
    assert any(line.startswith("值班员（白班）：") for line in staff_line(store, current.shift))
    # The night part's start is a setting; it must not equal the handover time.
    settings.set_many(system, {"roster.night_from": "18:00"})
    assert today_board(store, noon).current.part_hours("night") == "18:00–次日08:30"
    with pytest.raises(ValidationError, match="夜班开始时间不能与交接班时间"):
        settings.set_many(system, {"roster.night_from": "08:30"})


def test_printouts_and_exports_show_day_and_night(system, county) -> None:
    store = system.store
    split_on(system)
    planning.generate(system, *DEC)
    publishing.publish(system, *DEC)
    doc = month_roster(store, 2026, 12, NOW)
    assert doc.split and [c.header for c in doc.columns()] == \
        ["带班领导", "值班长", "值班员（白班）", "值班员（夜班）", "备勤"]
    pdf = read_pdf(render_month_roster(doc))
    text = squeeze(pdf.text)
    assert len(pdf.pages) <= 2 and pdf.sizes_mm[0] == (297, 210)
    assert "值班员（白班）" in text and "值班员（夜班）" in text and "夜班（17:30–次日08:30）" in text
    for day in doc.days:
        for duty in day.part("officer", "night"):
            assert duty.name in text
    book = load_workbook(io.BytesIO(month_roster_xlsx(doc)))
    header = next(r for r in book.active.iter_rows(values_only=True) if r[0] == "日期")
    assert "值班员（白班）（电话）" in header and "值班员（夜班）（电话）" in header
    night_col = header.index("值班员（夜班）（电话）")
    first = next(r for r in book.active.iter_rows(values_only=True) if r[0] == "12月1日")
    assert all(d.name in first[night_col] and d.phone in first[night_col] for d in doc.days[0].part("officer", "night"))
    week = week_duty_doc(store, D("2026-12-09"), NOW)
    week_text = squeeze(read_pdf(render_week_duty(week)).text)
    assert "值班员（白班）" in week_text and "08:30–17:30" in week_text
    assert all(p.name in week_text for r in week.rows for p in r.column("officer", "night"))
    stats = statistics(store, 2026, 12)
    nights = {p.person_id: p.nights for p in stats.people}
    assert sum(nights.values()) == 62 and nights.get(county["officer"][0], 0) == 0
    sheet = load_workbook(io.BytesIO(statistics_xlsx(stats))).active
    assert "值班员夜班" in [c.value for c in next(r for r in sheet.iter_rows() if r[0].value == "姓名")]
    someone = next(p for p in stats.people if p.nights)
    calendar = person_calendar(store, str(someone.person_id), year=2026, now=NOW).decode()
    assert "SUMMARY:值班员（夜班）" in calendar
    night_day = store.scalar("SELECT duty_date FROM duty_assignment WHERE voided_at IS NULL AND shift = 'night'"
                             " AND person_id = ? ORDER BY duty_date", (someone.person_id,)).replace("-", "")
    assert f"DTSTART:{night_day}T093000Z" in calendar      # 17:30 Beijing time


def test_holiday_duty_sheet_with_split(system, county) -> None:
    store = system.store
    split_on(system)
    planning.generate(system, *OCT)
    publishing.publish(system, *OCT)
    doc = holiday_duty(store, "2026-国庆", NOW)
    assert doc.split and [c.header for c in doc.staff_columns()] == ["值班员（白班）", "值班员（夜班）"]
    text = squeeze(read_pdf(render_holiday_duty(doc)).text)
    assert "值班员（夜班）（电话）" in text and "白班08:30–17:30" in text
    assert all(d.name in text for day in doc.days for d in day.part("officer", "night"))
    cells = " ".join(str(c.value) for row in load_workbook(io.BytesIO(holiday_duty_xlsx(doc))).active.iter_rows()
                     for c in row if c.value)
    assert all(d.name in cells for day in doc.days for d in day.part("officer", "day"))


def test_migration_keeps_old_draft_cells_as_24_hour_cells(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(path, stop_before=7).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO person(name, is_staff, created_at, updated_at) VALUES ('甲', 1, 'x', 'x')")
    conn.execute("INSERT INTO roster_draft(duty_date, role, position, person_id, created_at)"
                 " VALUES ('2026-12-01', 'officer', 0, 1, 'x')")
    conn.commit()
    conn.close()
    store = open_store(path)
    assert store.scalar("SELECT shift FROM roster_draft") == "full"
    night = {"duty_date": "2026-12-01", "role": "officer", "shift": "night", "position": 0, "person_id": 1,
             "created_at": "x"}
    system = Session(store, SYSTEM_ACTOR)
    with system.write() as tx:
        tx.insert("roster_draft", night)
        tx.audit("draft.assign", "roster_draft")
    with pytest.raises(sqlite3.IntegrityError), system.write() as tx:
        tx.insert("roster_draft", night)
    with pytest.raises(sqlite3.IntegrityError), system.write() as tx:
        tx.insert("roster_draft", {**night, "duty_date": "2026-12-02", "shift": "evening"})
    store.close()


def test_my_duties_name_the_part(system, county) -> None:
    from dutyroom.roster.mine import my_duties

    split_on(system)
    planning.generate(system, *DEC)
    publishing.publish(system, *DEC)
    officer = county["officer"][5]
    duties = my_duties(system.store, officer, DEC[0], days=30)
    assert duties and {d.role_label for d in duties} <= {"值班员（白班）", "值班员（夜班）", "备勤"}
    assert any(d.shift in ("day", "night") for d in duties)
