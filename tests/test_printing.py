"""Printing base: font registry with system preference and glyph fallback; GB/T 9704 pages; 本周值班安排."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from dutyroom import org
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.paths import app_path
from dutyroom.printing import page
from dutyroom.printing.fonts import FontRegistry, registry
from dutyroom.printing.week import render_week_duty, week_duty_doc
from tests.conftest import NOW
from tests.pdfcheck import read_pdf, squeeze


def test_geometry_follows_gbt_9704() -> None:
    mm = 72 / 25.4
    assert round(page.PORTRAIT.text_width / mm) == 156 and round(page.PORTRAIT.text_height / mm) == 225
    assert (round(page.PORTRAIT.top / mm), round(page.PORTRAIT.left / mm)) == (37, 28)
    assert round(page.LANDSCAPE.text_width / mm) == 225 and round(page.LANDSCAPE.text_height / mm) == 156
    assert round(page.BODY_LEADING, 1) == round(225 * mm / 22, 1)
    assert page.page_number_text(3) == "— 3 —"


def test_bundled_faces_when_no_system_fonts() -> None:
    fonts = FontRegistry(font_dirs=[])
    assert fonts.face_for("body").key == "song" and fonts.face_for("heading").key == "hei"
    assert all(p.exists() for p in fonts.qt_font_files())
    assert (app_path("resources", "fonts") / "LICENSE-WQY-MICROHEI.txt").exists()


def test_windows_system_faces_are_preferred(tmp_path: Path) -> None:
    # A real TrueType file under the name Windows gives 仿宋 stands in for the system face.
    shutil.copyfile(app_path("resources", "fonts", "gbsn00lp.ttf"), tmp_path / "SIMFANG.TTF")
    fonts = FontRegistry(font_dirs=[tmp_path])
    assert fonts.face_for("body").key == "simfang" and fonts.face_for("title").key == "hei"
    assert fonts.pdf_font("body") == "DR-simfang"


def test_missing_glyphs_fall_back_instead_of_boxes() -> None:
    fonts = registry()
    assert not fonts.covers("body", "堃") and fonts.covers("body", "张")
    runs = fonts.runs("王堃值班", "body")
    assert runs == [("DR-song", "王"), ("DR-hei", "堃"), ("DR-song", "值班")]
    assert fonts.markup("A&B<堃>", "body") == 'A&amp;B&lt;<font face="DR-hei">堃</font>&gt;'


def test_a_glyph_a_face_maps_but_cannot_draw_comes_from_another_face() -> None:
    fonts = registry()
    # WenQuanYi maps ℃ and the pinyin tone letters to empty glyphs; the Song face has them
    assert not fonts.covers("heading", "℃") and fonts.covers("body", "℃")
    assert fonts.runs("气温−5℃", "heading") == [("DR-hei", "气温−5"), ("DR-song", "℃")]
    assert fonts.runs("lǚ", "table_header") == [("DR-hei", "l"), ("DR-song", "ǚ")]
    # the Song face lacks the minus sign: it comes from WenQuanYi
    assert fonts.runs("−5℃", "body") == [("DR-hei", "−"), ("DR-song", "5℃")]


@pytest.fixture
def week_pdf(demo_store) -> bytes:
    return render_week_duty(week_duty_doc(demo_store, NOW.date(), NOW))


def test_week_pdf_content(demo_store, week_pdf: bytes) -> None:
    facts = read_pdf(week_pdf)
    text = squeeze(facts.text)
    assert facts.sizes_mm == [(297, 210)]
    assert "示例县应急管理局本周值班安排" in text and "2026年11月23日至11月29日" in text
    for heading in ("日期", "星期", "带班领导", "值班长", "值班员", "备勤"):
        assert heading in text
    rows = demo_store.rows("SELECT p.name, ph.number FROM duty_assignment a JOIN person p ON p.id = a.person_id"
                           " JOIN person_phone ph ON ph.person_id = p.id AND ph.sort_order = 0"
                           " WHERE a.duty_date BETWEEN '2026-11-23' AND '2026-11-29' AND a.voided_at IS NULL")
    assert len(rows) == 42
    for name, number in rows:
        assert name in text and number in text
    assert "值班电话：0000-6600110" in text and "—1—" in text
    assert "示例县应急管理局办公室" in text and "2026年11月24日" in text


def test_every_font_is_embedded(week_pdf: bytes) -> None:
    fonts = read_pdf(week_pdf).fonts
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name or "STSong" in name for name in fonts)


def test_rare_name_prints_with_fallback_font(system) -> None:
    person = org.create_person(system, name="王堃", is_staff=True, duty_roles=["leader"],
                               phones=[("mobile", "10000009999")])
    assign_many(system, [SlotAssignment(date(2026, 11, 24), "leader", 0, person)])
    facts = read_pdf(render_week_duty(week_duty_doc(system.store, NOW.date(), NOW)))
    assert "王堃" in squeeze(facts.text)
    assert any("WenQuanYi" in name for name in facts.fonts) and all(facts.fonts.values())


def test_empty_week_says_so(store) -> None:
    text = squeeze(read_pdf(render_week_duty(week_duty_doc(store, NOW.date(), NOW))).text)
    assert text.count("未排班") == 28


def test_a_heightened_week_still_fits_one_page(demo_store) -> None:
    # 汛期 in the demo county: three officers a day, so the table needs smaller type to stay on one page
    doc = week_duty_doc(demo_store, date(2026, 7, 15), NOW)
    assert max(len(row.column("officer")) for row in doc.rows) == 3
    facts = read_pdf(render_week_duty(doc))
    text = squeeze(facts.text)
    assert facts.sizes_mm == [(297, 210)]
    names = [r[0] for r in demo_store.rows(
        "SELECT p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
        " WHERE a.duty_date BETWEEN '2026-07-13' AND '2026-07-19' AND a.voided_at IS NULL")]
    assert len(names) == 7 * 7 and all(name in text for name in names)
    assert "示例县应急管理局办公室" in text


def test_long_document_gets_numbered_pages() -> None:
    styles = page.make_styles()
    story = [page.para("应急值班工作要求。" * 30, styles.body) for _ in range(12)]
    facts = read_pdf(page.build_pdf(story, title="测试"))
    assert len(facts.pages) > 2 and all(size == (210, 297) for size in facts.sizes_mm)
    for number, text in enumerate(facts.pages, start=1):
        assert f"—{number}—" in squeeze(text)
