"""Both Word documents (值班日报, 信息专报) read back from real .docx files: page numbers "— n —" like the PDFs,
the faces the PDF uses, and Word's own Chinese line breaking switched on with our rules."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from dutyroom.dutylog.report import current_report
from dutyroom.printing import docx_base
from dutyroom.printing.daily_report import render_report_docx, report_doc
from dutyroom.printing.fonts import FontRegistry
from dutyroom.printing.incident_docx import render_special_report_docx
from dutyroom.printing.incident_report import special_report_doc
from dutyroom.printing.linebreak import NO_LINE_END, NO_LINE_START
from tests.conftest import NOW
from tests.fontfiles import windows_fonts_folder


@pytest.fixture
def documents(demo_store, tmp_path: Path) -> dict[str, dict[str, Document]]:
    """Each .docx made with the bundled faces only (as on Linux) and with a Windows fonts folder."""
    report_id = demo_store.scalar("SELECT id FROM incident_report WHERE form = 'special' AND status = 'sent'")
    special = special_report_doc(demo_store, report_id, NOW)
    daily = report_doc(demo_store, current_report(demo_store, date(2026, 11, 23), NOW), NOW)
    out = {}
    for name, fonts in (("bundled", FontRegistry(font_dirs=[])),
                        ("windows", FontRegistry(font_dirs=[windows_fonts_folder(tmp_path / "Fonts")]))):
        out[name] = {
            "special": Document(io.BytesIO(render_special_report_docx(special, fonts))),
            "daily": Document(io.BytesIO(render_report_docx(daily, anchor="审计校验：第7条 0123456789abcdef",
                                                            fonts=fonts))),
        }
    return out


def _east_asian_faces(document: Document) -> set[str]:
    return {run._element.rPr.rFonts.get(qn("w:eastAsia")) for p in document.paragraphs for run in p.runs}


def test_both_carry_page_numbers_odd_right_even_left(documents) -> None:
    for document in documents["bundled"].values():
        section = document.sections[0]
        assert document.settings.odd_and_even_pages_header_footer
        odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
        for footer in (odd, even):
            assert footer.text == "—  —" and "PAGE" in footer._p.xml and "fldChar" in footer._p.xml
        assert odd.alignment == 2 and even.alignment == 0          # right, left
        margins = [round(m.mm) for m in (section.top_margin, section.left_margin, section.bottom_margin,
                                         section.right_margin)]
        assert margins == [37, 28, 35, 26]


def test_the_faces_are_the_pdfs_faces(documents) -> None:
    bundled, windows = documents["bundled"], documents["windows"]
    # without Windows faces on this PC: the names every Windows has; with them: the very faces found by name
    assert _east_asian_faces(bundled["special"]) | _east_asian_faces(bundled["daily"]) <= {"黑体", "仿宋", "楷体", "宋体"}
    assert {"方正小标宋简体", "仿宋_GB2312", "黑体"} <= _east_asian_faces(windows["special"])
    assert {"方正小标宋简体", "仿宋_GB2312", "楷体_GB2312"} <= _east_asian_faces(windows["daily"])
    for document in windows.values():
        footer = document.sections[0].footer.paragraphs[0]
        assert {run.font.name for run in footer.runs} == {"宋体"}


def test_word_breaks_lines_by_our_rules(documents) -> None:
    for document in documents["bundled"].values():
        normal = document.styles["Normal"].element.pPr
        flags = {child.tag.split("}")[-1]: child.get(qn("w:val")) for child in normal}
        assert flags["kinsoku"] == "1" and flags["overflowPunct"] == "0"
        assert flags["autoSpaceDE"] == "0" and flags["autoSpaceDN"] == "0"
        order = [child.tag.split("}")[-1] for child in normal]
        assert order == sorted(order, key=docx_base.PPR_ORDER.index)
        settings = document.settings.element
        before = settings.find(qn("w:noLineBreaksBefore"))
        after = settings.find(qn("w:noLineBreaksAfter"))
        assert before.get(qn("w:lang")) == "zh-CN" and set("，。、；：？！）》」』”’") <= set(before.get(qn("w:val")))
        assert set("（《「『“‘") <= set(after.get(qn("w:val")))
        assert set(before.get(qn("w:val"))) <= NO_LINE_START and set(after.get(qn("w:val"))) <= NO_LINE_END
        assert settings.find(qn("w:characterSpacingControl")).get(qn("w:val")) == "compressPunctuation"
        known = [child.tag.split("}")[-1] for child in settings if child.tag.split("}")[-1] in docx_base.SETTINGS_ORDER]
        assert known == sorted(known, key=docx_base.SETTINGS_ORDER.index)


def test_the_daily_report_docx_prints_the_anchor_and_keeps_headings_with_text(documents) -> None:
    document = documents["bundled"]["daily"]
    texts = [p.text for p in document.paragraphs]
    assert "审计校验：第7条 0123456789abcdef" in texts
    heading = document.paragraphs[texts.index("一、值班情况")]
    assert heading.paragraph_format.keep_with_next
