"""Printouts read back from real files: 信息专报 PDF and .docx, 电话报告要点, 灾情报告, 及时率."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document
from docx.oxml.ns import qn

from dutyroom.incidents import intake, reports, stats
from dutyroom.printing.fonts import registry
from dutyroom.printing.incident_docx import render_special_report_docx
from dutyroom.printing.incident_report import (
    phone_card,
    render_disaster_report,
    render_phone_card,
    render_special_report,
    special_report_doc,
)
from dutyroom.printing.timeliness import render_timeliness
from tests.incident_helpers import first_call, session_as
from tests.pdfcheck import read_pdf, squeeze


@pytest.fixture
def signed_report(demo_store, clock):
    officer, leader = session_as(demo_store, clock, "zhiban"), session_as(demo_store, clock, "daiban")
    incident_id = intake.open_incident(officer, first_call(
        demo_store, clock.now(), dead=3, trapped=2, measures="县应急局、消防救援大队赶赴现场救援。",
        commander_name="李振华", commander_title="副县长", requests="请求市矿山救护队支援。"))
    report_id = reports.create_report(officer, incident_id, "initial")
    body = json.loads(reports.get_report(demo_store, report_id)["body_json"])
    reports.update_report(officer, report_id, body={**body, "trend": "井下水位仍在上涨。"})
    reports.sign_off(leader, report_id)
    return report_id


def test_special_report_pdf(demo_store, clock, signed_report) -> None:
    doc = special_report_doc(demo_store, signed_report, clock.now())
    facts = read_pdf(render_special_report(doc))
    text = squeeze(facts.text)
    assert facts.sizes_mm[0] == (210, 297) and all(facts.fonts.values())
    for expected in ("突发事件信息专报", f"第{doc.issue_text[1:-1]}期（首报）", "签发人：刘丽平", "示例县应急管理局",
                     "市应急管理局：", "一、基本情况", "二、事件经过", "三、已采取的措施", "四、发展趋势", "五、请求事项",
                     "人员伤亡：死亡3人，被困2人。", "现场指挥：李振华（副县长）。", "2026年11月24日", "—1—", "报送：",
                     "联系人：苏宇琪"):
        assert expected in text, expected
    assert "草稿" not in text


def test_a_draft_prints_as_a_draft(demo_store, clock) -> None:
    officer = session_as(demo_store, clock, "zhiban")
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now()))
    report_id = reports.create_report(officer, incident_id, "initial")
    text = squeeze(read_pdf(render_special_report(special_report_doc(demo_store, report_id, clock.now()))).text)
    assert "未签发，无期号" in text and "签发人：（待签发）" in text and "草稿未签发" in text


def test_docx_has_the_same_content_geometry_and_fonts(demo_store, clock, signed_report) -> None:
    doc = special_report_doc(demo_store, signed_report, clock.now())
    document = Document(io.BytesIO(render_special_report_docx(doc)))
    section = document.sections[0]
    margins = [round(m.mm) for m in (section.top_margin, section.left_margin, section.bottom_margin,
                                     section.right_margin, section.page_width, section.page_height)]
    assert margins == [37, 28, 35, 26, 210, 297]
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "突发事件信息专报" and doc.title in texts and "一、基本情况" in texts
    assert any(t.endswith("签发人：刘丽平") for t in texts)
    fonts = {p.text: p.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) for p in document.paragraphs if p.runs}
    chosen = registry()     # the faces the PDF uses, named as Word knows them (on Linux: what Windows has)
    assert fonts["突发事件信息专报"] == chosen.docx_font("title") == "黑体"
    assert fonts["一、基本情况"] == chosen.docx_font("heading") and fonts[doc.title] == chosen.docx_font("title")
    assert fonts["人员伤亡：死亡3人，被困2人。"] == chosen.docx_font("body") == "仿宋"
    footer_xml = section.footer._element.xml + section.even_page_footer._element.xml
    assert footer_xml.count("PAGE") == 2 and "— " in section.footer.paragraphs[0].text
    assert document.settings.odd_and_even_pages_header_footer


def test_phone_card(demo_store, clock) -> None:
    officer = session_as(demo_store, clock, "zhiban")
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), dead=3, at_risk=12))
    card = phone_card(demo_store, incident_id, "苏宇琪", clock.now())
    facts = read_pdf(render_phone_card(card))
    text = squeeze(facts.text)
    assert len(facts.pages) == 1 and all(facts.fonts.values())
    for expected in ("电话报告要点", "报告对象", "市应急管理局总值班室", "11月24日10:25前（电话报告上级）",
                     "较大（死亡3人→较大）", "涉险12人→较大涉险", "事发地点", "青石镇上坪村示例煤矿主井", "对方接听人"):
        assert expected in text, expected


def test_disaster_report_and_timeliness_pdfs(demo_store, clock) -> None:
    loss = demo_store.scalar("SELECT id FROM incident_report WHERE form = 'disaster' ORDER BY id DESC LIMIT 1")
    facts = read_pdf(render_disaster_report(demo_store, loss, clock.now()))
    text = squeeze(facts.text)
    assert facts.sizes_mm[0] == (297, 210) and all(facts.fonts.values())
    assert "灾情续报" in text and "松溪乡" in text and "合计" in text and "上次报告（灾情初报）" in text
    with pytest.raises(Exception, match="灾情报告"):
        special_report_doc(demo_store, loss, clock.now())
    data = stats.timeliness(demo_store, 2026, 11, clock.now())
    text = squeeze(read_pdf(render_timeliness(data, clock.now())).text)
    assert "2026年11月信息报送及时率" in text and "按事件等级" in text and "报告带班领导" in text
