"""Printing base: font registry with system preference and glyph fallback; GB/T 9704 pages; 本周值班安排."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dutyroom import org
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.paths import app_path
from dutyroom.printing import page, sfnt
from dutyroom.printing.fonts import FontRegistry, registry
from dutyroom.printing.week import render_week_duty, week_duty_doc
from tests.conftest import NOW
from tests.fontfiles import renamed_font, windows_fonts_folder
from tests.pdfcheck import read_pdf, squeeze


def test_geometry_follows_gbt_9704() -> None:
    mm = 72 / 25.4
    assert round(page.PORTRAIT.text_width / mm) == 156 and round(page.PORTRAIT.text_height / mm) == 225
    assert (round(page.PORTRAIT.top / mm), round(page.PORTRAIT.left / mm)) == (37, 28)
    # landscape: the margins rotated, the foot 1 mm deeper so the page number stays 15 mm from the edge
    assert round(page.LANDSCAPE.text_width / mm) == 225 and round(page.LANDSCAPE.text_height / mm) == 155
    assert (round(page.LANDSCAPE.top / mm), round(page.LANDSCAPE.bottom / mm)) == (28, 27)
    assert round(page.BODY_LEADING, 1) == round(225 * mm / 22, 1)
    assert page.page_number_text(3) == "— 3 —"


def test_bundled_faces_when_no_system_fonts() -> None:
    fonts = FontRegistry(font_dirs=[])
    assert fonts.face_for("body").key == "song" and fonts.face_for("heading").key == "hei"
    assert all(p.exists() for p in fonts.qt_font_files())
    assert (app_path("resources", "fonts") / "LICENSE-WQY-MICROHEI.txt").exists()


def test_windows_faces_are_found_by_family_name(tmp_path: Path) -> None:
    # Real TrueType files whose name tables say 方正小标宋简体, 仿宋_GB2312, 楷体_GB2312, 黑体 — under file names that
    # say nothing — and a decoy called simfang.ttf that is some other face.
    folder = windows_fonts_folder(tmp_path / "Fonts")
    fonts = FontRegistry(font_dirs=[folder])
    chosen = {role: fonts.face_for(role) for role in ("title", "heading", "subheading", "body", "table",
                                                      "page_number")}
    assert {role: face.label for role, face in chosen.items()} == {
        "title": "方正小标宋简体", "heading": "黑体", "subheading": "楷体_GB2312", "body": "仿宋_GB2312",
        "table": "仿宋_GB2312", "page_number": "文鼎宋体（内置）"}
    assert chosen["body"].path.name == "font-a.ttf" and chosen["title"].path.name == "FZXBSJW--GB1-0.TTF"
    assert fonts.face_for("ui").bundled
    # the same choice names the faces in a .docx; a role left to a bundled face names the face Windows has
    assert [fonts.docx_font(role) for role in ("title", "heading", "subheading", "body", "page_number")] == [
        "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", "宋体"]
    # and the PDF embeds the face found by name
    styles = page.make_styles(fonts)
    facts = read_pdf(page.build_pdf([page.para("值班日志", styles.body, fonts), page.para("标题", styles.title, fonts)]))
    assert any("FangSong_GB2312" in name for name in facts.fonts) and all(facts.fonts.values())
    assert any("FZXiaoBiaoSong-B05S" in name for name in facts.fonts)


def test_plain_windows_faces_stand_in_for_the_gb2312_ones(tmp_path: Path) -> None:
    renamed_font(tmp_path / "simfang.ttf", "FangSong", "仿宋")
    renamed_font(tmp_path / "simkai.ttf", "KaiTi", "楷体")
    fonts = FontRegistry(font_dirs=[tmp_path])
    assert fonts.face_for("body").key == "simfang" and fonts.face_for("subheading").key == "simkai"
    assert fonts.docx_font("body") == "仿宋" and fonts.docx_font("title") == "黑体"


def test_no_system_faces_means_the_bundled_ones_and_windows_names_in_word() -> None:
    fonts = FontRegistry(font_dirs=[])
    assert fonts.face_for("title").bundled and fonts.face_for("body").bundled
    assert {role: fonts.docx_font(role) for role in ("title", "heading", "subheading", "body", "page_number")} == {
        "title": "黑体", "heading": "黑体", "subheading": "楷体", "body": "仿宋", "page_number": "宋体"}


def test_name_tables_are_read_in_every_language() -> None:
    song, = sfnt.read_faces(app_path("resources", "fonts", "gbsn00lp.ttf"))
    assert song.english_family == "AR PL SungtiL GB" and "文鼎ＰＬ简报宋" in song.families and song.truetype_outlines
    hei, mono = sfnt.read_faces(app_path("resources", "fonts", "wqy-microhei.ttc"))
    assert "文泉驿微米黑" in hei.families and mono.english_family == "WenQuanYi Micro Hei Mono"
    assert sfnt.read_faces(app_path("resources", "fonts", "LICENSE-WQY-MICROHEI.txt")) == []


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
