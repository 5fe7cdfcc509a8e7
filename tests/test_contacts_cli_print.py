"""The contacts CLI (import/export/search) and the two printouts (通讯录 book, 值班台常用电话), read back."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from dutyroom.cli import main
from dutyroom.clock import CST
from dutyroom.contacts import desk, people
from dutyroom.demo.seed import demo_password
from dutyroom.printing.contacts_book import chinese_number, contacts_book_doc, render_contacts_book
from dutyroom.printing.desk_phones import desk_phones_doc, render_desk_phones
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store
from tests.pdfcheck import read_pdf, squeeze

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=CST)


@pytest.fixture
def demo_file(demo_store: Store, tmp_path: Path) -> Path:
    demo_store.checkpoint()
    path = tmp_path / "cli.sqlite3"
    shutil.copyfile(demo_store.path, path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_search_json_is_the_ranked_search_box(demo_file: Path, capsys) -> None:
    code, out, _err = run(capsys, "--db", str(demo_file), "contacts", "search", "青石 防汛", "--json")
    assert code == 0
    found = json.loads(out)
    assert found and all("防汛" in (r["position"] + "".join(r["tags"])) for r in found)
    assert all(r["unit_path"].startswith("青石镇") for r in found)
    assert {"name", "unit_path", "phones", "rank", "matched"} <= set(found[0])
    assert found[0]["phones"][0]["number"].startswith("1000000")
    code, out, _err = run(capsys, "--db", str(demo_file), "contacts", "search", "没有这样的人", "--json")
    assert json.loads(out) == []


def test_cli_import_dry_run_then_import_json_shape(demo_file: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某镇村级防汛责任人名单"])
    sheet.append(["序号", "单位", "姓名", "职务", "手机号码"])
    sheet.append([1, "青石镇/青石村", "新来的", "村干部", "1000000 9991"])
    sheet.append([2, None, "错号码", "村干部", "13800O01111"])
    book.save(tmp_path / "in.xlsx")
    before = Store(demo_file)
    persons_before = before.scalar("SELECT COUNT(*) FROM person")
    before.close()
    code, out, _err = run(capsys, "--db", str(demo_file), "contacts", "import", str(tmp_path / "in.xlsx"),
                          "--dry-run", "--json")
    result = json.loads(out)
    assert code == 0 and result["created"] == 1 and result["written"] is False
    assert result["rejected"][0]["row"] == 4 and "字母" in result["rejected"][0]["reason"]
    monkeypatch.setenv("DUTYROOM_PASSWORD", demo_password())
    code, out, _err = run(capsys, "--db", str(demo_file), "contacts", "import", str(tmp_path / "in.xlsx"), "--json",
                          "--user", "bangongshi", "--tag", "防汛责任人")
    result = json.loads(out)
    assert (result["created"], result["updated"], result["merged"]) == (1, 0, 0) and result["written"]
    after = Store(demo_file)
    assert after.scalar("SELECT COUNT(*) FROM person") == persons_before + 1
    assert after.scalar("SELECT actor_name FROM audit_log WHERE op = 'contacts.import'") == "孔静"
    from datetime import date

    from dutyroom.contacts.index_cache import load_saved

    saved = load_saved(after, date.today())   # the import left a current index for the app's next start
    assert saved is not None and [saved.entry(p).name for p in saved.search("新来的").positions] == ["新来的"]
    after.close()
    code, _out, err = run(capsys, "--db", str(demo_file), "contacts", "import", str(tmp_path / "in.xlsx"),
                          "--user", "zhiban")
    assert code == 2 and "无权" in err
    code, _out, err = run(capsys, "--db", str(demo_file), "contacts", "import", str(tmp_path / "nope.xlsx"),
                          "--user", "bangongshi")
    assert code == 2 and "找不到文件" in err


def test_cli_export_then_import_changes_nothing(demo_file: Path, tmp_path: Path, capsys, monkeypatch) -> None:
    code, out, _err = run(capsys, "--db", str(demo_file), "contacts", "export", str(tmp_path / "out.xlsx"))
    assert code == 0 and "已导出" in out
    monkeypatch.setenv("DUTYROOM_PASSWORD", demo_password())
    code, out, _err = run(capsys, "--db", str(demo_file), "contacts", "import", str(tmp_path / "out.xlsx"), "--json",
                          "--user", "bangongshi")
    result = json.loads(out)
    assert (result["created"], result["updated"], result["merged"], result["rejected"]) == (0, 0, 0, [])


def test_print_commands_write_pdfs(demo_file: Path, tmp_path: Path, capsys) -> None:
    code, _out, _err = run(capsys, "--db", str(demo_file), "print", "contacts", "--out", str(tmp_path / "b.pdf"),
                           "--unit", "青石镇")
    assert code == 0
    text = squeeze(read_pdf((tmp_path / "b.pdf").read_bytes()).text)
    assert "青石镇" in text and "白沙镇" not in text
    code, _out, _err = run(capsys, "--db", str(demo_file), "print", "desk-phones", "--out", str(tmp_path / "d.pdf"))
    assert code == 0 and len(read_pdf((tmp_path / "d.pdf").read_bytes()).pages) == 1
    code, _out, err = run(capsys, "--db", str(demo_file), "print", "contacts", "--out", str(tmp_path / "x.pdf"),
                          "--unit", "火星镇")
    assert code == 2 and "没有找到单位" in err


def test_contacts_book_content(demo_store: Store, clock) -> None:
    system = Session(demo_store, SYSTEM_ACTOR, clock)
    person = demo_store.scalar("SELECT id FROM person WHERE name = '刘丽平'")
    people.verify_contact(system, person)
    doc = contacts_book_doc(demo_store, NOW)
    pdf = read_pdf(render_contacts_book(doc))
    text = squeeze(pdf.text)
    assert len(pdf.pages) > 3 and all(pdf.fonts.values())
    assert set(pdf.sizes_mm) == {(210, 297)}
    assert "示例县应急管理局通讯录" in text
    assert "印制日期：2026年11月24日" in text and "最近核实：2026年11月24日" in text
    assert "—1—" in text and "内部资料" in text
    assert "值班电话0000-8800018" in text        # the bureau's duty phone on its unit row
    assert "刘丽平" in text and "刘丽平＊" not in text    # verified today: not marked
    assert 0 < doc.stale_count < doc.person_count
    tagged = contacts_book_doc(demo_store, NOW, tag="灾害信息员")
    assert 0 < tagged.person_count < doc.person_count
    assert chinese_number(1) == "一" and chinese_number(12) == "十二" and chinese_number(23) == "二十三"


def test_desk_phones_one_page_and_live_numbers(store: Store, system: Session) -> None:
    from dutyroom import org

    unit = org.create_unit(system, name="市应急管理局", kind="superior", duty_phone="0000-8800003")
    desk.create_desk_phone(system, section="上级", label="市应急局总值班室", unit_id=unit)
    for n in range(40):
        desk.create_desk_phone(system, section=f"分类{n // 10}", label=f"成员单位{n}", number=f"0000-66{n:05d}")
    data = render_desk_phones(desk_phones_doc(store, NOW))
    pdf = read_pdf(data)
    assert len(pdf.pages) == 1 and all(pdf.fonts.values())
    text = squeeze(pdf.text)
    assert "值班台常用电话" in text and "市应急局总值班室" in text and "0000-8800003" in text
    assert "成员单位39" in text
    for line in desk.desk_phones(store):
        desk.void_desk_phone(system, line.id)
    empty = read_pdf(render_desk_phones(desk_phones_doc(store, NOW)))
    assert len(empty.pages) == 1
