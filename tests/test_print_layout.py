"""Every printout read back from its PDF by the proofreader's checker (tests/printcheck.py): no line starts or
ends with a forbidden mark, nothing leaves the text block or its cell, no short term of a table is split — on the
demo county and on a long-text fixture. And the documents read right: titles, page counts, keep rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table

from dutyroom.clock import chinese_date
from dutyroom.dutylog.handover import handover_state
from dutyroom.incidents import queries
from dutyroom.printing import page
from dutyroom.printing.dutylog_print import handover_doc, render_handover
from dutyroom.printing.incident_report import (
    phone_card,
    render_phone_card,
    render_special_report,
    special_report_doc,
)
from dutyroom.printing.roster import render_month_roster
from dutyroom.roster.views import month_roster
from tests.conftest import NOW
from tests.pdfcheck import read_pdf, squeeze
from tests.print_samples import demo_printouts, long_text_printouts
from tests.printcheck import check_pdf, read_layout, text_lines


def _clean(printouts: dict) -> dict[str, list[str]]:
    found = {}
    for name, render in printouts.items():
        problems = check_pdf(render())
        if problems:
            found[name] = [str(p) for p in problems[:5]]
    return found


def test_every_printout_of_the_demo_county_passes_the_proofreader(demo_store) -> None:
    printouts = demo_printouts(demo_store, NOW)
    assert len(printouts) >= 25
    assert _clean(printouts) == {}


def test_long_texts_break_by_the_rules_everywhere(demo_store) -> None:
    printouts = long_text_printouts(demo_store, NOW)
    assert _clean(printouts) == {}


# -- the checker can fail ------------------------------------------------------------------------------------

def _reportlab_paragraphs(texts: list[str], cell_texts: list[str]) -> bytes:
    """What the printouts looked like before: reportlab's own CJK wrapping, in the body and in narrow cells."""
    styles = page.make_styles()
    size = page.PORTRAIT.text_width / 28                 # 28 characters fill a line exactly
    style = page.derive(styles.body_left, "before_body", wordWrap="CJK", fontSize=size, leading=size * 1.5)
    cell = page.derive(styles.table_cell, "before_cell", wordWrap="CJK")
    plain = [Paragraph(text, style) for text in texts]
    narrow = Table([[Paragraph(text, cell) for text in cell_texts]], colWidths=[16 * mm] * len(cell_texts),
                   style=[("GRID", (0, 0), (-1, -1), 0.5, "black")])
    return page.build_pdf([*plain, narrow])


def test_the_checker_catches_what_reportlab_wrapping_does() -> None:
    width = 28                                           # characters on a line
    hanging = "应" * width + "。值班"                     # reportlab hangs the full stop past the line end
    comma = "应" * width + "，值班"                       # and starts the next line with the comma
    opening = "应" * (width - 1) + "（管理）"             # the bracket falls on the last position
    data = _reportlab_paragraphs([hanging, comma, opening], ["预警信息", "星期四"])
    rules = {problem.rule for problem in check_pdf(data)}
    assert rules == {"outside", "line-start", "line-end", "split-term"}, rules


def test_the_checker_reads_lines_cells_and_page_numbers() -> None:
    styles = page.make_styles()
    cell = page.table([[page.para("预警信息", styles.table_cell), page.para("张三", styles.table_cell)]],
                      [40 * mm, 30 * mm], [("GRID", (0, 0), (-1, -1), 0.5, "black")])
    data = page.build_pdf([page.para("第一行文字", styles.body), cell])
    layout = read_layout(data)
    lines = {line.text: line for line in text_lines(layout[0])}
    assert set(lines) == {"第一行文字", "预警信息", "张三", "—1—"}
    assert lines["预警信息"].cell is not None and lines["第一行文字"].cell is None
    assert check_pdf(data) == []


# -- line breaking in practice -------------------------------------------------------------------------------

def test_a_narrow_column_widens_for_its_terms() -> None:
    styles = page.make_styles()
    rows = [[page.para(t, styles.table_header) for t in ("序号", "预警信息", "内容")]]
    made = page.table(rows, [8 * mm, 12 * mm, 100 * mm], [("GRID", (0, 0), (-1, -1), 0.5, "black")])
    widths = made._colWidths
    assert widths[0] >= 2 * 12 + 12 and widths[1] >= 4 * 12 + 12
    assert abs(sum(widths) - 120 * mm) < 0.01
    assert check_pdf(page.build_pdf([made])) == []


def test_titles_break_between_words_into_even_lines() -> None:
    styles = page.make_styles()
    title = "龙潭镇黄泥村示例县顺达运输有限公司发生道路交通事故，造成2人死亡、1人受伤，处置工作已结束（终报）"
    block = page.para(title, styles.title)
    block.wrap(page.PORTRAIT.text_width, 1000)
    lines = [title[line.start:line.end] for line in block.lines_for(page.PORTRAIT.text_width)]
    assert lines[0] == "龙潭镇黄泥村示例县顺达运输有限公司" and lines[1].startswith("发生道路交通事故")
    assert not any(line.endswith("道") for line in lines)


def test_a_heading_never_ends_a_page() -> None:
    styles = page.make_styles()
    for extra in range(6):
        story = [page.para("补充。" * (extra * 5 + 1), styles.body)]
        story += [page.para("应急值班工作要求。" * 9, styles.body) for _ in range(6)]
        story += [page.para("一、处置情况", styles.heading), page.para("交警已到场处置。" * 12, styles.body)]
        data = page.build_pdf(story)
        for text in read_pdf(data).pages[:-1]:
            assert not squeeze(text).split("—")[0].endswith("一、处置情况")


def test_signatures_keep_with_the_last_lines(demo_store) -> None:
    report_id = demo_store.scalar("SELECT id FROM incident_report WHERE kind = 'final'")
    doc = special_report_doc(demo_store, report_id, NOW)
    day = chinese_date(doc.day)
    for extra in range(0, 24, 2):
        doc.sections[-1].paragraphs = ["事件应急处置工作已结束。"] * extra + ["此为终报。"]
        pages = [squeeze(text) for text in read_pdf(render_special_report(doc)).pages]
        signed = next(text for text in pages if day in text)
        assert "此为终报" in signed and signed.index("此为终报") < signed.index(day), extra


# -- documents that read right -------------------------------------------------------------------------------

def test_a_final_report_is_titled_as_ended(demo_store) -> None:
    title = demo_store.scalar("SELECT title FROM incident_report WHERE kind = 'final'")
    assert title.endswith("，处置工作已结束（终报）") and "正在处置" not in title
    followup = demo_store.scalar("SELECT title FROM incident_report WHERE kind = 'followup'")
    assert "正在处置（续报一）" in followup


def test_an_ordinary_handover_fits_two_pages_with_room_for_the_anchor(demo_store) -> None:
    for offset in range(1, 6):
        doc = handover_doc(demo_store, NOW.date() - timedelta(days=offset), NOW)
        data = render_handover(doc, anchor="审计校验：第12345条 0123456789abcdef")
        facts = read_pdf(data)
        assert len(facts.pages) <= 2, offset
        assert "审计校验：第12345条0123456789abcdef" in squeeze(facts.text)
        assert "签名" in squeeze(facts.pages[-1])
        assert "）（" not in squeeze(facts.text)


def test_past_handover_sheets_list_incidents_as_they_stood(demo_store) -> None:
    received = {row[0]: row[1] for row in demo_store.rows("SELECT id, received_at FROM incident")}
    shift_end = date(2026, 11, 23)
    state = handover_state(demo_store, shift_end - timedelta(days=1), NOW)
    end_text = state.sheet.outgoing.end.isoformat()
    listed = [int(item.key.split(":")[1]) for section in state.sheet.sections if section.key == "incidents"
              for item in section.items]
    assert all(received[i] <= end_text for i in listed)
    later = [i for i, when in received.items() if when > end_text]
    assert later and not set(later) & set(listed)
    now_items = {i.incident_id for i in queries.open_incidents_for_handover(demo_store, NOW)}
    assert set(later) & now_items          # the live sheet of today does list them


def test_the_phone_card_says_when_the_phone_report_was_made(demo_store) -> None:
    row = demo_store.row("SELECT incident_id, met_at FROM incident_obligation WHERE step = 'phone_report'"
                         " AND status = 'met' LIMIT 1")
    assert row is not None
    card = phone_card(demo_store, row["incident_id"], "张伟", NOW)
    assert card.due_text.startswith("已于") and "完成（电话报告" in card.due_text
    text = squeeze(read_pdf(render_phone_card(card)).text)
    assert "未列入电话报告时限" not in text and "已于" in text


@pytest.mark.parametrize("month", [(2026, 10), (2026, 5), (2026, 11), (2026, 2)])
def test_a_month_roster_is_one_landscape_sheet(demo_store, month) -> None:
    doc = month_roster(demo_store, *month, NOW)
    assert any(len(d.slots.get("leader", [])) == 2 for d in doc.days) or month != (2026, 10)
    facts = read_pdf(render_month_roster(doc))
    assert len(facts.pages) == 1 and facts.sizes_mm == [(297, 210)]
    text = squeeze(facts.text)
    for day in doc.days:
        for duties in day.slots.values():
            assert all(duty.name in text for duty in duties)


def test_landscape_page_numbers_keep_their_distances() -> None:
    styles = page.make_styles()
    data = page.build_pdf([page.para("值班表", styles.body)], landscape=True)
    number = next(line for line in text_lines(read_layout(data)[0]) if line.text == "—1—")
    em_foot = number.baseline - 0.12 * number.size
    em_top = number.baseline + 0.88 * number.size
    assert em_foot >= 15 * mm - 0.1
    assert abs((page.LANDSCAPE.bottom - em_top) - 7 * mm) < 0.3
