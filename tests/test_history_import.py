"""Past rosters into the ledger: the month tables counties kept in Excel become duties marked 导入 that the fairness
ledger and the rotation count exactly like published ones. Real .xlsx files, a real data file."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest

from dutyroom import settings
from dutyroom.demo.county_files import BUREAU, STAFF, make_history, write_history_workbook, write_staff_sheet
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.roster import planning, publishing
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.history import (
    import_history,
    imports,
    names_in,
    preview_history,
    void_import,
    void_imported_duty,
)
from dutyroom.roster.ledger import build_ledger
from dutyroom.roster.staff_import import import_staff
from dutyroom.session import Session
from tests.conftest import actor_with

MONTHS = [(2026, 9), (2026, 10), (2026, 11)]


@pytest.fixture
def county(system, tmp_path):
    settings.set_value(system, "org.name", BUREAU)
    import_staff(system, write_staff_sheet(tmp_path / "名单.xlsx"))
    return system


@pytest.fixture
def tables():
    return make_history(STAFF, MONTHS)


def person(store, name: str) -> int:
    return store.scalar("SELECT id FROM person WHERE name = ? AND is_staff = 1", (name,))


def test_names_as_cells_write_them() -> None:
    assert [(w.name, w.phone) for w in names_in("张三13800001111、李四")] == [("张三", "13800001111"), ("李四", "")]
    assert [(w.name, w.phone) for w in names_in("王五 138 0000 1111\n赵六（代）")] == [("王五", "13800001111"),
                                                                                   ("赵六", "")]
    assert [w.name for w in names_in("欧阳晓明/司马相如，带班：周建华")] == ["欧阳晓明", "司马相如", "周建华"]
    assert names_in(None) == [] and names_in("—") == [] and names_in("无") == []


def test_three_months_as_offices_keep_them(county, tables, tmp_path) -> None:
    phones = {s.name: s.mobile for s in STAFF}
    path = write_history_workbook(tmp_path / "历史.xlsx", tables, phones=phones,
                                  unknown={date(2026, 9, 3): "赵老六", date(2026, 10, 9): "赵老六",
                                           date(2026, 11, 2): "钱多多"})
    preview = preview_history(county.store, path)
    assert not preview.written and county.store.scalar("SELECT COUNT(*) FROM duty_assignment") == 0
    plan = import_history(county, path)
    result = plan.as_json()
    assert result["months"] == ["2026-09", "2026-10", "2026-11"] and result["written"]
    assert result["duties"] == len(preview.duties) == county.store.scalar(
        "SELECT COUNT(*) FROM duty_assignment WHERE source = 'import' AND voided_at IS NULL")
    unknown = {u["name"]: (u["count"], u["note"]) for u in result["unknown_names"]}
    assert unknown["赵老六"] == (2, "不是值班人员") and unknown["钱多多"] == (1, "不是值班人员")
    # Two 张伟 are told apart by the phone after the name; where a cell gives none, the name is listed, not guessed.
    assert "同名" in unknown["张伟"][1]
    written_plain = sum(1 for t in tables for d, slots in t.days.items() if d.day % 2 == 0
                        for names in slots.values() for n in names if n == "张伟")
    assert unknown["张伟"][0] == written_plain
    assert result["rejected"] == [] and result["first_date"] == "2026-09-01" and result["last_date"] == "2026-11-30"
    # Every day of the tables, as written (dates three ways, holiday names in the 星期 column).
    expected = {(d, role, n) for t in tables for d, slots in t.days.items() for role, names in slots.items()
                for n in names if n != "张伟" or d.day % 2}
    stored = {(date.fromisoformat(r[0]), r[1], r[2]) for r in county.store.rows(
        "SELECT a.duty_date, a.role, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
        " WHERE a.source = 'import'")}
    assert stored == expected
    assert imports(county.store)[0]["in_force"] == len(plan.duties)


def test_the_ledger_and_rotation_count_imports_like_published_duties(county, tables, tmp_path) -> None:
    import_history(county, write_history_workbook(tmp_path / "历史.xlsx", tables))
    ledger = build_ledger(county.store, date(2026, 12, 1), load_calendar(county.store))
    favourite = str(person(county.store, "周建华"))
    past = sum(1 for t in tables for slots in t.days.values() if "周建华" in slots["leader"])
    assert ledger.counts[favourite]["leader"]["total"] == past
    assert ledger.counts[favourite]["leader"]["国庆节"] == sum(
        1 for d, s in tables[1].days.items() if d.day <= 7 and "周建华" in s["leader"])
    last = max(d for t in tables for d, s in t.days.items() if "周建华" in s["leader"])
    assert ledger.last[favourite]["leader"] == last
    # December continues from it: the one with most past 带班 is not loaded again first.
    planning.generate(county, *planning.month_range(2026, 12))
    december = planning.draft(county.store, *planning.month_range(2026, 12))
    leaders = [c for c in december.values() if c.role == "leader"]
    mine = [c for c in leaders if c.person_id == int(favourite)]
    others = {c.person_id for c in leaders} - {int(favourite)}
    assert len(mine) < len(leaders) / max(1, len(others))
    assert all(c.person_id != int(favourite) for c in leaders if c.day <= date(2026, 12, 3))


def test_importing_again_changes_nothing_and_a_different_table_is_refused_per_day(county, tables, tmp_path) -> None:
    path = write_history_workbook(tmp_path / "历史.xlsx", tables)
    first = import_history(county, path)
    audit = county.store.scalar("SELECT COUNT(*) FROM audit_log")
    again = import_history(county, path)
    assert not again.written and again.unchanged == len(first.duties) and again.duties == []
    assert county.store.scalar("SELECT COUNT(*) FROM audit_log") == audit
    day = date(2026, 10, 5)
    tables[1].days[day]["chief"] = ["宋涛"] if tables[1].days[day]["chief"] != ["宋涛"] else ["高峰"]
    changed = import_history(county, write_history_workbook(tmp_path / "改.xlsx", tables))
    assert not changed.written and len(changed.rejected) == 1
    assert "2026-10-05的值班长已有排班" in changed.rejected[0][2] and "请先作废原排班" in changed.rejected[0][2]


def test_published_duties_are_kept(county, tables, tmp_path) -> None:
    settings.set_value(county, "roster.slots", {"leader": 1, "chief": 1, "officer": 2, "standby": 2})
    planning.generate(county, *planning.month_range(2026, 11))
    publishing.publish(county, *planning.month_range(2026, 11), accept_issues=True)
    plan = import_history(county, write_history_workbook(tmp_path / "历史.xlsx", tables))
    assert plan.months == ["2026-09", "2026-10", "2026-11"]
    assert all(d.day < date(2026, 11, 1) for d in plan.duties)
    assert plan.rejected and all("已有排班" in why or "已排" in why for _s, _r, why in plan.rejected)


def test_void_an_import_or_one_duty(county, store, clock, tables, tmp_path) -> None:
    plan = import_history(county, write_history_workbook(tmp_path / "历史.xlsx", tables))
    one = store.scalar("SELECT id FROM duty_assignment WHERE import_id = ? ORDER BY id", (plan.import_id,))
    void_imported_duty(county, one, "表中写错")
    assert store.scalar("SELECT void_reason FROM duty_assignment WHERE id = ?", (one,)) == "表中写错"
    voided = void_import(county, plan.import_id, "导入了错误的文件")
    assert voided == len(plan.duties) - 1
    assert store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE voided_at IS NULL") == 0
    assert imports(store)[0]["voided_at"] and imports(store)[0]["in_force"] == 0
    assert store.scalar("SELECT COUNT(*) FROM duty_assignment") == len(plan.duties)     # nothing deleted
    planning.generate(county, *planning.month_range(2026, 12))
    publishing.publish(county, *planning.month_range(2026, 12), accept_issues=True)
    published = store.scalar("SELECT id FROM duty_assignment WHERE voided_at IS NULL ORDER BY id")
    with pytest.raises(ValidationError, match="不是导入的历史值班"):
        void_imported_duty(county, published, "试试")
    officer = Session(store, actor_with("officer"), clock)
    with pytest.raises(PermissionDenied):
        import_history(officer, tmp_path / "历史.xlsx")


def test_sheets_without_a_year_and_rows_without_a_date(county, tmp_path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "10月"
    sheet.append(["值班表"])
    sheet.append(["日期", "带班领导", "值班员"])
    sheet.append(["10月1日", "周建华", "赵磊"])
    other = book.create_sheet("2026.9")
    other.append(["日期", "星期", "带班领导", "值班员", "备勤"])
    other.append([1, "星期二", "周建华", "赵磊、吴敏", "徐丽"])
    other.append(["第二天", "星期三", "曾晓军", "孙浩", "何鹏"])
    other.append([datetime(2026, 9, 3), "星期四", "单立新", "赵磊", ""])
    other.append(["9月4日", "星期五", "曾晓军", "赵磊", ""])
    book.save(tmp_path / "杂.xlsx")
    plan = preview_history(county.store, tmp_path / "杂.xlsx")
    reasons = [why for _s, _r, why in plan.rejected]
    assert any("没有年份" in why for why in reasons) and any("日期“第二天”无法识别" in why for why in reasons)
    assert plan.months == ["2026-09"] and {d.day for d in plan.duties} == {date(2026, 9, n) for n in (1, 3, 4)}
    assert [d.name for d in plan.duties if d.day == date(2026, 9, 1)] == ["周建华", "赵磊", "吴敏", "徐丽"]
    assert plan.by_role() == {"leader": 3, "chief": 0, "officer": 4, "standby": 1}


def test_a_file_with_no_month_table_is_refused(county, tmp_path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "电话"])
    book.save(tmp_path / "x.xlsx")
    with pytest.raises(ValidationError, match="没有找到可识别的值班表表头"):
        preview_history(county.store, tmp_path / "x.xlsx")
