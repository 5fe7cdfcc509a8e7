"""The 开通 steps as the guide and the today board read them, and the new county commands: their JSON, and every
refusal one Chinese sentence with exit 2 that changes nothing."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date
from pathlib import Path

import pytest

from dutyroom import org, settings
from dutyroom.cli import main
from dutyroom.demo.county_files import calendar_2027
from dutyroom.errors import ValidationError
from dutyroom.roster import planning
from dutyroom.roster.calendar_file import arrangement_from_json, calendar_json, import_calendar
from dutyroom.setup.steps import STEP_KEYS, next_roster_month, setup_progress, skip_step
from tests.conftest import NOW

TODAY = NOW.date()


def statuses(store, today: date = TODAY) -> dict[str, str]:
    return {s.key: s.status for s in setup_progress(store, today).steps}


def test_an_empty_file_lists_every_step(store) -> None:
    progress = setup_progress(store, date(2026, 12, 20))
    assert [s.key for s in progress.steps] == list(STEP_KEYS) and progress.month == (2026, 12)
    assert not progress.finished and len(progress.remaining) == 6
    assert progress.step("calendar").status == "done"
    assert "单位名称仍是默认的“县应急管理局”" in progress.step("unit").detail
    assert [s.optional for s in progress.steps] == [False, True, False, False, False, True, False]


def test_steps_follow_the_data(system, store) -> None:
    settings.set_many(system, {"org.name": "临江县应急管理局", "duty.phone": "0000-6600110"})
    bureau = org.create_unit(system, name="临江县应急管理局", kind="bureau")
    org.create_person(system, name="周建华", unit_id=bureau, is_staff=True, duty_roles=["leader"])
    progress = setup_progress(store, NOW.date())
    assert progress.step("unit").status == "done" and "值班电话0000-6600110" in progress.step("unit").detail
    staff = progress.step("staff")
    assert staff.status == "todo" and "没有可担任值班长的人员" in staff.detail and "带班领导1人" in staff.detail
    assert progress.step("contacts").status == "todo"          # the bureau's own people are not a contact sheet
    town = org.create_unit(system, name="青石镇", kind="township")
    org.create_person(system, name="镇长甲", unit_id=town)
    assert statuses(store)["contacts"] == "done"
    # 2027: the month after a December that already has duties touches a year the calendar lacks.
    assert next_roster_month(store, date(2026, 12, 20)) == (2026, 12)
    from dutyroom.duty.assignments import SlotAssignment, assign_many

    person = store.scalar("SELECT id FROM person WHERE name = '周建华'")
    assign_many(system, [SlotAssignment(date(2026, 12, 28), "leader", 0, person)])
    assert next_roster_month(store, date(2026, 12, 20)) == (2027, 1)
    calendar = setup_progress(store, date(2026, 12, 20)).step("calendar")
    assert calendar.status == "todo" and "2027年节假日安排尚未录入" in calendar.detail
    history = setup_progress(store, date(2026, 12, 20)).step("history")
    assert history.status == "done" and history.detail == "已有以往的值班记录1人次。"


def test_a_step_put_off_and_back(system, store) -> None:
    assert skip_step(system, "contacts") == ["contacts"]
    assert skip_step(system, "history") == ["contacts", "history"]
    assert statuses(store)["contacts"] == "skipped"
    assert skip_step(system, "contacts", later=False) == ["history"]
    with pytest.raises(ValidationError, match="没有名为“wizard”的开通步骤"):
        skip_step(system, "wizard")
    with pytest.raises(ValidationError, match="开通步骤"):
        settings.set_value(system, "setup.skipped", ["nope"])


def test_the_demo_county_has_nothing_left_to_set_up(demo_store) -> None:
    progress = setup_progress(demo_store, NOW.date())
    assert progress.finished and progress.step("accounts").status == "skipped"
    assert progress.step("first_month").status == "done"


# -- the calendar file --------------------------------------------------------------------------------------

def test_calendar_file_round_trip(system, store) -> None:
    year, _ = import_calendar(system, calendar_2027())
    shown = calendar_json(store, 2027)
    assert year == 2027 and shown["entered"] and shown["source"] == "测试数据（非正式通知）"
    assert shown["holidays"] == calendar_2027()["holidays"] and shown["workdays"] == calendar_2027()["workdays"]
    assert {r["name"]: r["days"] for r in shown["ranges"]}["春节"] == 9
    _, ranges, workdays, _ = arrangement_from_json(shown)
    assert dict(workdays)[date(2027, 2, 20)] == "春节" and dict(workdays)[date(2027, 10, 9)] == "国庆节"
    audit = store.scalar("SELECT COUNT(*) FROM audit_log")
    import_calendar(system, shown)                               # the same again: nothing written
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == audit
    assert planning.scenario_from_store(store, date(2027, 1, 1), date(2027, 1, 31)).warnings() == []
    unknown = calendar_json(store, 2031)
    assert not unknown["known"] and unknown["holidays"] == {} and unknown["origin"] == "尚未录入"


@pytest.mark.parametrize(("data", "message"), [
    ([], "应为 JSON 对象"),
    ({"year": 1999, "holidays": {}}, "2000到2100"),
    ({"year": 2027}, "缺少“holidays”"),
    ({"year": 2027, "holidays": {"2027-13-01": "元旦"}}, "日期“2027-13-01”格式不对"),
    ({"year": 2027, "holidays": {"2028-01-01": "元旦"}}, "不在2027年内"),
    ({"year": 2027, "holidays": {"2027-01-01": "元旦"}, "workdays": ["2027-01-01"]}, "不能既放假又上班"),
    ({"year": 2027, "holidays": {"2027-01-01": "元旦"}, "extra": 1}, "无法识别的项：extra"),
])
def test_bad_calendar_files_change_nothing(system, store, data, message) -> None:
    with pytest.raises(ValidationError, match=message):
        import_calendar(system, data)
    assert store.scalar("SELECT COUNT(*) FROM holiday_year") == 0


# -- the commands ---------------------------------------------------------------------------------------------

def dutyroom(db: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--db", str(db)])
    return code, out.getvalue(), err.getvalue()


def refused(db: Path, *args: str, message: str) -> None:
    audit_before = _audit(db)
    code, out, err = dutyroom(db, *args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert _audit(db) == audit_before


def _audit(db: Path) -> int | None:
    """Audit rows of changes in the file, or None while there is no file (a refused first run makes none)."""
    from dutyroom.store import open_store

    if not db.exists():
        return None
    store = open_store(db)
    try:
        return store.scalar("SELECT COUNT(*) FROM audit_log WHERE op NOT LIKE 'auth.%'")   # sign-ins are recorded
    finally:
        store.close()


def test_refusals_are_one_sentence_and_change_nothing(tmp_path, monkeypatch) -> None:
    db = tmp_path / "new.sqlite3"
    monkeypatch.setenv("DUTYROOM_PASSWORD", "Admin2026ok")
    refused(db, "accounts", "create-admin", "--user", "坏名字", message="用户名应为")
    monkeypatch.setenv("DUTYROOM_PASSWORD", "short")
    refused(db, "accounts", "create-admin", "--user", "admin", message="密码至少需要8位")
    monkeypatch.setenv("DUTYROOM_PASSWORD", "Admin2026ok")
    assert dutyroom(db, "accounts", "create-admin", "--user", "admin")[0] == 0
    refused(db, "accounts", "create-admin", "--user", "admin2", message="已有管理员账户（admin）")
    refused(db, "staff", "import", str(tmp_path / "无.xlsx"), "--user", "admin", message="找不到文件")
    refused(db, "staff", "set", "无此人", "--roles", "leader", "--user", "admin", message="没有名为“无此人”的人员")
    refused(db, "roster", "import-history", str(tmp_path / "无.xlsx"), "--user", "admin", message="找不到文件")
    refused(db, "roster", "generate", "--month", "2027-13", "--user", "admin", message="月份“2027-13”格式不对")
    refused(db, "roster", "publish", "--month", "2027-01", "--user", "admin", message="2027年节假日安排尚未录入")
    refused(db, "accounts", "create-from-staff", "--out", str(tmp_path / "无此目录" / "a.pdf"), "--user", "admin",
            message="输出文件夹不存在")
    refused(db, "accounts", "create-from-staff", "--out", str(tmp_path / "a.pdf"), "--user", "admin",
            message="没有需要创建的账户")
    assert not (tmp_path / "a.pdf").exists()
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    refused(db, "calendar", "import", str(tmp_path / "bad.json"), "--user", "admin",
            message="节假日安排文件不是有效的JSON")
    refused(db, "setup", "skip", "wizard", "--user", "admin", message="没有名为“wizard”的开通步骤")
    refused(db, "setup", "unit", "--user", "admin", message="请至少给出一项")
    refused(db, "roster", "generate", "--month", "2027-01", "--user", "ghost", message="用户名或密码错误")
    refused(db, "roster", "generate", "--month", "2027-01", message="须用 --user 指定办理的账户")


def test_staff_commands_json(tmp_path, monkeypatch) -> None:
    from dutyroom.demo.county_files import write_staff_sheet

    db = tmp_path / "c.sqlite3"
    monkeypatch.setenv("DUTYROOM_PASSWORD", "Admin2026ok")
    assert dutyroom(db, "accounts", "create-admin", "--user", "admin")[0] == 0   # the first run makes the file
    sheet = write_staff_sheet(tmp_path / "名单.xlsx")
    code, out, _ = dutyroom(db, "staff", "import", str(sheet), "--dry-run", "--json")
    preview = json.loads(out)
    assert code == 0 and set(preview) >= {"created", "updated", "unchanged", "merged", "rejected", "warnings",
                                          "roles", "no_night", "written"} and not preview["written"]
    assert set(preview["rejected"][0]) >= {"row", "sheet", "reason"}
    assert dutyroom(db, "staff", "list", "--json")[1].strip() == "[]"
    dutyroom(db, "staff", "import", str(sheet), "--user", "admin")
    code, out, _ = dutyroom(db, "staff", "set", "--id", "1", "--roles", "带班领导,值班长", "--no-night",
                            "--leave", "2027-06-30", "--json", "--user", "admin")
    member = json.loads(out)
    assert member["roles"] == ["leader", "chief"] and member["no_night"] and member["leave_date"] == "2027-06-30"
    code, out, _ = dutyroom(db, "staff", "set", "--id", "1", "--roles", "leader,chief", "--no-night", "--user",
                            "admin")
    assert out.startswith("没有变化")
    code, out, _ = dutyroom(db, "staff", "set", "--id", "1", "--max-per-month", "6", "--json", "--user", "admin")
    assert json.loads(out)["max_per_month"] == 6
    assert dutyroom(db, "staff", "set", "--id", "1", "--max-per-month", "六", "--user", "admin")[0] == 2
    code, _out, err = dutyroom(db, "staff", "set", "张伟", "--roles", "officer", "--user", "admin")
    assert code == 2 and "有2人名为“张伟”" in err and "--id" in err
    code, out, _ = dutyroom(db, "staff", "list")
    assert "周建华" in out and "带班领导、值班长，不值夜班，2027-06-30调离" in out
