"""An .xlsx that would unpack past a set size is refused before openpyxl reads a cell of it."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from dutyroom.contacts.importer import import_contacts, preview_import
from dutyroom.errors import ValidationError
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store
from dutyroom.xlsx_guard import MAX_MEMBERS, MAX_UNPACKED_BYTES

PACKAGE = Path(__file__).resolve().parent.parent / "dutyroom"


def contact_sheet() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["姓名", "职务", "手机"])
    book.active.append(["张三", "主任", "13800001111"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rewritten(original: bytes, replace: dict[str, bytes], extra: int = 0) -> bytes:
    """The same workbook with some members replaced (and ``extra`` tiny members added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, replace.get(item.filename, source.read(item.filename)))
        for n in range(extra):
            target.writestr(f"xl/media/x{n}.bin", b"")
    return out.getvalue()


def bomb(rows: int) -> bytes:
    """A real workbook whose sheet holds ``rows`` identical rows: a few hundred KB that unpack to many MB."""
    row = b'<row><c t="inlineStr"><is><t>\xe5\xbc\xa0\xe4\xb8\x89</t></is></c><c t="inlineStr"><is><t>138</t></is></c></row>'
    sheet = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             + row * rows + b"</sheetData></worksheet>")
    return rewritten(contact_sheet(), {"xl/worksheets/sheet1.xml": sheet})


def counts(store: Store) -> tuple[int, int]:
    return store.scalar("SELECT COUNT(*) FROM person"), store.scalar("SELECT COUNT(*) FROM audit_log")


def test_a_zip_bomb_is_refused_at_once_and_nothing_is_written(tmp_path: Path, store: Store, clock) -> None:
    path = tmp_path / "名单.xlsx"
    path.write_bytes(bomb(400_000))          # 130 KB on disk, 36 MB of XML: 430 MB and 31 s in openpyxl before
    assert path.stat().st_size < 1_000_000
    before = counts(store)
    started = time.perf_counter()
    with pytest.raises(ValidationError, match=r"“名单.xlsx”(解压后有 \d+ MB，超过可读取的上限|中的.*压缩比异常)"):
        import_contacts(Session(store, SYSTEM_ACTOR, clock), path)
    assert time.perf_counter() - started < 1.0
    assert counts(store) == before


def test_size_and_ratio_are_checked_each(tmp_path: Path, store: Store) -> None:
    ratio_only = tmp_path / "ratio.xlsx"          # small unpacked, but compressed past any real sheet
    ratio_only.write_bytes(bomb(20_000))
    with pytest.raises(ValidationError, match="压缩比异常"):
        preview_import(store, ratio_only)
    varied = b"".join(f'<row r="{n}"><c t="inlineStr"><is><t>{n * 7919 % 1000003}</t></is></c></row>'.encode()
                      for n in range(1, MAX_UNPACKED_BYTES // 40))
    big = tmp_path / "big.xlsx"                  # ordinary compression, too large once unpacked
    big.write_bytes(rewritten(contact_sheet(), {"xl/worksheets/sheet1.xml": b"<worksheet><sheetData>" + varied
                                                + b"</sheetData></worksheet>"}))
    with pytest.raises(ValidationError, match="超过可读取的上限（32 MB）"):
        preview_import(store, big)
    many = tmp_path / "many.xlsx"
    many.write_bytes(rewritten(contact_sheet(), {}, extra=MAX_MEMBERS))
    with pytest.raises(ValidationError, match="部件过多"):
        preview_import(store, many)


def test_an_ordinary_sheet_reads(tmp_path: Path, store: Store) -> None:
    path = tmp_path / "ok.xlsx"
    path.write_bytes(contact_sheet())
    assert preview_import(store, path).count("new") == 1


def test_every_xlsx_reader_goes_through_the_guard() -> None:
    """openpyxl's load_workbook is called in one place, after the expansion check."""
    callers = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
                     if re.search(r"openpyxl\.load_workbook|from openpyxl(\.reader\.excel)? import .*load_workbook",
                                  path.read_text(encoding="utf-8")))
    assert callers == ["xlsx_guard.py"]
