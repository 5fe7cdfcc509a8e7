"""Excel import and export with the messy sheets counties keep — real .xlsx files built with openpyxl."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from dutyroom import org
from dutyroom.clock import CST
from dutyroom.contacts import people
from dutyroom.contacts.exporter import export_contacts
from dutyroom.contacts.importer import import_contacts, preview_import
from dutyroom.contacts.tree import load_units
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.session import Session
from dutyroom.store import Store
from tests.conftest import actor_with

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=CST)


def messy_flood_sheet(path: Path) -> Path:
    """A township's 防汛责任人 list as it arrives: title, fill-in line, two header rows with merges,
    the unit merged down its block (and once only written on the first row), blank and subtotal rows,
    several numbers in a cell, full-width digits, numbers stored as numbers, a duplicate, bad rows."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "防汛责任人"
    ws.append(["石门镇2026年防汛责任人通讯录"])                                      # 1
    ws.merge_cells("A1:G1")
    ws.append(["填报单位：石门镇人民政府", None, None, None, "填报日期：2026年5月"])   # 2
    ws.append(["序号", "单位", "姓  名", "职务", "联系电话", None, "备注"])            # 3
    ws.append([None, None, None, None, "手机", "办公电话", None])                    # 4
    for column in "ABCDG":
        ws.merge_cells(f"{column}3:{column}4")
    ws.merge_cells("E3:F3")
    ws.append([1, "石门镇", "曾小贤", "党委书记", "138 0000 1111", "0000—7310001", None])    # 5
    ws.append([2, None, "单田芳", "镇长", "１３９００００２２２２", "0000-7310002", None])   # 6
    ws.append([3, None, "王五", "武装部长", 13700003333, None, "兼水利员"])                  # 7
    ws.merge_cells("B5:B7")
    ws.append([None] * 7)                                                                   # 8
    ws.append(["小计", None, "3人"])                                                         # 9
    ws.append(["二、村（社区）"])                                                            # 10
    ws.merge_cells("A10:G10")
    ws.append([4, "石门镇/关口村", "查良镛", "村支书", "13600004444/13600004445", None, None])   # 11
    ws.append([5, None, "李 四", "灾害信息员", "13500005555", None, None])                  # 12
    ws.append([6, None, "曾小贤", "党委书记", "13800001111", None, "重复"])                # 13 duplicate
    ws.append([7, None, "赵六", "村主任", "138OOOO6666", None, None])                      # 14 letters
    ws.append([8, None, None, "会计", "13400007777", None, None])                          # 15 no name
    ws.append([9, None, "钱七", "护林员", "无", None, None])                                # 16 no phone
    ws.append(["合计", None, "9人"])                                                         # 17
    book.save(path)
    return path


@pytest.fixture
def office(store: Store, clock) -> Session:
    return Session(store, actor_with("office", name="办公室"), clock)


def outcomes(plan) -> dict[int, tuple[str, str]]:
    return {r.row: (r.outcome, r.reason) for r in plan.rows}


def test_preview_of_a_messy_sheet_writes_nothing(tmp_path: Path, store: Store, system: Session) -> None:
    org.create_unit(system, name="石门镇", kind="township")
    plan = preview_import(store, messy_flood_sheet(tmp_path / "flood.xlsx"))
    got = outcomes(plan)
    assert got[5][0] == got[6][0] == got[7][0] == "new"
    assert got[8] == ("skipped", "空行")
    assert got[9] == ("skipped", "合计行")
    assert got[10] == ("skipped", "分组标题行：村（社区）")
    assert got[11][0] == got[12][0] == "new"
    assert got[13][0] == "merged" and "第5行" in got[13][1]
    assert got[14][0] == "rejected" and "含有字母" in got[14][1]
    assert got[15][0] == "rejected" and "缺少姓名" in got[15][1]
    assert got[16][0] == "new"
    assert got[17] == ("skipped", "合计行")
    assert plan.new_units == ["石门镇/关口村"]
    rows = {r.row: r for r in plan.rows}
    assert rows[5].phones == [("mobile", "13800001111"), ("office", "0000-7310001")]
    assert rows[6].phones[0] == ("mobile", "13900002222")      # full-width digits
    assert rows[7].phones == [("mobile", "13700003333")]         # a number cell
    assert rows[7].unit_path == "石门镇"                           # merged down the block
    assert rows[12].name == "李四" and rows[12].unit_path == "石门镇/关口村"   # filled down
    assert rows[11].phones == [("mobile", "13600004444"), ("mobile", "13600004445")]
    assert store.scalar("SELECT COUNT(*) FROM person") == 0
    assert store.scalar("SELECT COUNT(*) FROM audit_log WHERE op LIKE 'contacts.%'") == 0


def test_import_writes_accepted_rows_in_one_transaction(tmp_path: Path, store: Store, system: Session,
                                                        office: Session) -> None:
    org.create_unit(system, name="石门镇", kind="township")
    plan = import_contacts(office, messy_flood_sheet(tmp_path / "flood.xlsx"), default_tags=["防汛责任人"])
    result = plan.as_json()
    assert (result["created"], result["updated"], result["merged"]) == (6, 0, 1)
    assert sorted(r["row"] for r in result["rejected"]) == [14, 15]
    village = [u for u in load_units(store).values() if u.name == "关口村"][0]
    assert village.kind == "village" and village.path == ("石门镇", "关口村")
    zeng = store.row("SELECT * FROM person WHERE name = '曾小贤'")
    assert zeng["position"] == "党委书记"
    assert [r[0] for r in store.rows("SELECT tag FROM person_tag WHERE person_id = ?", (zeng["id"],))] == ["防汛责任人"]
    ops = [r[0] for r in store.rows("SELECT op FROM audit_log ORDER BY id")]
    assert ops.count("contacts.import_create") == 6 and ops[-1] == "contacts.import"
    # the same file again: nothing new, nothing changed
    again = import_contacts(office, tmp_path / "flood.xlsx", default_tags=["防汛责任人"]).as_json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 6)
    assert not again["written"]


def test_update_adds_phones_and_position_never_removes(tmp_path: Path, store: Store, system: Session,
                                                       office: Session) -> None:
    town = org.create_unit(system, name="石门镇", kind="township")
    existing = people.create_contact(system, name="曾小贤", unit_id=town, position="镇长",
                                     phones=[("mobile", "13800001111"), ("home", "0000-1234567")])
    plan = import_contacts(office, messy_flood_sheet(tmp_path / "flood.xlsx"))
    row = next(r for r in plan.rows if r.row == 5)
    assert row.outcome == "update" and row.person_id == existing
    assert "职务：镇长 → 党委书记" in row.reason and "新增电话：0000-7310001" in row.reason
    numbers = [r[0] for r in store.rows("SELECT number FROM person_phone WHERE person_id = ? ORDER BY sort_order",
                                        (existing,))]
    assert numbers == ["13800001111", "0000-1234567", "0000-7310001"]
    assert store.scalar("SELECT COUNT(*) FROM person WHERE name = '曾小贤'") == 1


def test_township_and_village_columns_fill_down(tmp_path: Path, store: Store, office: Session) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["乡镇（街道）", "村（社区）", "名字", "职位", "移动电话", "人员类别"])
    ws.append(["青石镇", None, "甲", "镇长", "13000000001", "防汛责任人"])
    ws.append([None, "上坪村", "乙", "村支书", "13000000002", "防汛责任人、灾害信息员"])
    ws.append([None, None, "丙", "信息员", "13000000003", "灾害信息员"])
    ws.append(["白沙镇", None, "丁", "镇长", "13000000004", None])
    ws.append([None, "上坪村", "戊", "村支书", "13000000005", None])   # another 上坪村, under 白沙镇
    book.save(tmp_path / "towns.xlsx")
    plan = import_contacts(office, tmp_path / "towns.xlsx")
    paths = {r.name: r.unit_path for r in plan.rows}
    assert paths == {"甲": "青石镇", "乙": "青石镇/上坪村", "丙": "青石镇/上坪村", "丁": "白沙镇", "戊": "白沙镇/上坪村"}
    tags = store.rows("SELECT p.name, t.tag FROM person_tag t JOIN person p ON p.id = t.person_id ORDER BY p.id, "
                      "t.sort_order")
    assert [tuple(r) for r in tags][:3] == [("甲", "防汛责任人"), ("乙", "防汛责任人"), ("乙", "灾害信息员")]
    # a bare village name that exists twice is ambiguous: rejected with the reason
    ws2 = openpyxl.Workbook()
    sheet = ws2.active
    sheet.append(["单位", "姓名", "手机"])
    sheet.append(["上坪村", "己", "13000000006"])
    ws2.save(tmp_path / "ambiguous.xlsx")
    row = preview_import(store, tmp_path / "ambiguous.xlsx").rows[0]
    assert row.outcome == "rejected" and "同名单位" in row.reason


def test_export_reads_back_unchanged(tmp_path: Path, demo_store: Store, clock, tmp_path_factory) -> None:
    out = export_contacts(demo_store, tmp_path / "export.xlsx", NOW)
    assert out.persons == demo_store.scalar("SELECT COUNT(*) FROM person WHERE voided_at IS NULL")
    same = preview_import(demo_store, out.path).as_json()
    assert (same["created"], same["updated"], same["merged"], same["rejected"]) == (0, 0, 0, [])
    assert same["unchanged"] == out.persons and same["units_created"] == 0
    # into an empty file: the same people, units, numbers and tags
    from dutyroom.store import open_store

    fresh = open_store(tmp_path / "fresh.sqlite3")
    from dutyroom.session import SYSTEM_ACTOR

    plan = import_contacts(Session(fresh, SYSTEM_ACTOR, clock), out.path)
    assert plan.count("new") == out.persons and not plan.as_json()["rejected"]

    def content(store: Store) -> set[tuple]:
        units = load_units(store)
        rows = store.rows("SELECT id, name, unit_id, position, notes FROM person WHERE voided_at IS NULL")
        found = set()
        for row in rows:
            numbers = tuple(sorted((r[0], r[1]) for r in store.rows(
                "SELECT kind, number FROM person_phone WHERE person_id = ?", (row["id"],))))
            tags = tuple(sorted(r[0] for r in store.rows("SELECT tag FROM person_tag WHERE person_id = ?",
                                                         (row["id"],))))
            found.add((row["name"], units[row["unit_id"]].path if row["unit_id"] else (), row["position"],
                       row["notes"], numbers, tags))
        return found

    def unit_content(store: Store) -> set[tuple]:
        return {(u.path, u.kind, u.duty_phone, u.fax, u.address) for u in load_units(store).values()}

    assert content(fresh) == content(demo_store)
    assert unit_content(fresh) == unit_content(demo_store)
    fresh.close()


def test_bad_files_are_refused_in_chinese_and_change_nothing(tmp_path: Path, store: Store, office: Session) -> None:
    before = store.scalar("SELECT COUNT(*) FROM audit_log")
    broken = tmp_path / "broken.xlsx"
    good = io.BytesIO()
    openpyxl.Workbook().save(good)
    broken.write_bytes(good.getvalue()[:300])
    with pytest.raises(ValidationError, match="已损坏"):
        import_contacts(office, broken)
    text = tmp_path / "notes.xlsx"
    text.write_text("姓名,手机\n张三,138", encoding="utf-8")
    with pytest.raises(ValidationError, match="不是Excel"):
        import_contacts(office, text)
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO()
    book = openpyxl.Workbook()
    book.active.append(["姓名", "手机"])
    book.active.append(["张三", "13800001111"])
    book.save(plain)
    plain.seek(0)
    locked = io.BytesIO()
    OOXMLFile(plain).encrypt("secret", locked)
    (tmp_path / "locked.xlsx").write_bytes(locked.getvalue())
    with pytest.raises(ValidationError, match="设置了打开密码"):
        import_contacts(office, tmp_path / "locked.xlsx")
    headerless = openpyxl.Workbook()
    headerless.active.append(["张三", "13800001111"])
    headerless.active.append(["李四", "13900002222"])
    headerless.save(tmp_path / "headerless.xlsx")
    with pytest.raises(ValidationError, match="没有找到可识别的通讯录表头"):
        import_contacts(office, tmp_path / "headerless.xlsx")
    with pytest.raises(ValidationError, match="找不到文件"):
        import_contacts(office, tmp_path / "missing.xlsx")
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == before
    assert store.scalar("SELECT COUNT(*) FROM person") == 0


def test_sheets_without_header_are_listed_and_others_imported(tmp_path: Path, store: Store, office: Session) -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表由各乡镇填报"])
    sheet = book.create_sheet("名单")
    sheet.append(["姓名", "职务", "手机"])
    sheet.append(["张三", "镇长", "13800001111"])
    book.save(tmp_path / "two.xlsx")
    plan = import_contacts(office, tmp_path / "two.xlsx")
    assert plan.count("new") == 1
    assert plan.as_json()["skipped_sheets"][0]["sheet"] == "说明"


def test_import_requires_the_manage_permission(tmp_path: Path, store: Store, clock) -> None:
    officer = Session(store, actor_with("officer"), clock)
    with pytest.raises(PermissionDenied):
        import_contacts(officer, messy_flood_sheet(tmp_path / "flood.xlsx"))


def test_backup_column_links_a_and_b(tmp_path: Path, store: Store, office: Session) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["单位", "姓名", "职务", "手机", "B角"])
    ws.append(["关口村", "甲", "灾害信息员", "13000000001", "乙"])
    ws.append(["关口村", "乙", "灾害信息员", "13000000002", "甲"])
    ws.append(["关口村", "丙", "村主任", "13000000003", "查无此人"])
    book.save(tmp_path / "ab.xlsx")
    plan = import_contacts(office, tmp_path / "ab.xlsx")
    pairs = dict(store.rows("SELECT p.name, b.name FROM person p JOIN person b ON b.id = p.backup_person_id"))
    assert pairs == {"甲": "乙", "乙": "甲"}
    assert plan.as_json()["warnings"][0]["warning"].startswith("B角“查无此人”")
