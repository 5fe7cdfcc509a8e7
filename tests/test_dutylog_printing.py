"""值班日志, 交接班记录 and 值班日报 as real PDFs (read back with pypdf) and a real .docx; the CLI commands."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from dutyroom.cli import main
from dutyroom.dutylog.entries import correct_entry
from dutyroom.dutylog.report import body_blocks, current_report, draft_report, save_report
from dutyroom.errors import ValidationError
from dutyroom.printing.daily_report import render_report_docx, render_report_pdf, report_doc
from dutyroom.printing.dutylog_print import handover_doc, log_doc, month_log_docs, render_handover, render_log
from dutyroom.session import SYSTEM_ACTOR, Session
from tests.conftest import NOW
from tests.pdfcheck import read_pdf, squeeze


def test_shift_log_pdf(demo_store) -> None:
    facts = read_pdf(render_log([log_doc(demo_store, date(2026, 11, 23), NOW)]))
    text = squeeze(facts.text)
    assert all(size == (210, 297) for size in facts.sizes_mm) and all(facts.fonts.values())
    assert "值班日志" in text and "2026年11月23日（星期一）08:30至11月24日08:30" in text
    for summary, recorder in demo_store.rows("SELECT summary, recorded_by_name FROM duty_log_entry"
                                             " WHERE duty_date = '2026-11-23'"):
        assert squeeze(summary)[:20] in text and recorder in text
    record = demo_store.row("SELECT * FROM handover WHERE outgoing_date = '2026-11-23'")
    for label in ("交班人", "接班人", "带班领导", "签名"):
        assert label in text
    assert f"交班人：{record['outgoing_name']}（11月24日08:18）" in text
    assert f"接班人：{record['incoming_name']}（11月24日08:33）" in text and "未办结事项" in text


def test_amendments_are_printed_with_the_original(demo_store, clock) -> None:
    entry_id = demo_store.scalar("SELECT id FROM duty_log_entry WHERE duty_date = '2026-11-23' ORDER BY id LIMIT 1")
    original = demo_store.scalar("SELECT summary FROM duty_log_entry WHERE id = ?", (entry_id,))
    correct_entry(Session(demo_store, SYSTEM_ACTOR, clock), entry_id, summary="更正后的摘要", reason="核对录音后更正")
    text = squeeze(read_pdf(render_log([log_doc(demo_store, date(2026, 11, 23), NOW)])).text)
    assert "更正后的摘要" in text and "补正记录" in text and squeeze(original)[:15] in text
    assert "原因：核对录音后更正" in text


def test_month_log_has_every_shift_on_its_own_pages(demo_store) -> None:
    docs = month_log_docs(demo_store, 2026, 11, NOW)
    facts = read_pdf(render_log(docs))
    assert len(docs) == 30 and len(facts.pages) >= 30
    starts = [n for n, page in enumerate(facts.pages) if "值班日志" in squeeze(page)]
    assert len(starts) == 30
    assert "本班次无值班记录" in squeeze(facts.pages[0])


def test_handover_pdf(demo_store) -> None:
    facts = read_pdf(render_handover(handover_doc(demo_store, date(2026, 11, 23), NOW)))
    text = squeeze(facts.text)
    assert "交接班记录" in text and "交班人员" in text and "接班人员" in text
    for heading in ("本班值班情况", "未办结事项（待办）", "仍在执行的领导批示", "设备检查", "注意事项"):
        assert heading in text
    for name in ("电话", "传真", "卫星电话", "视频会商", "电脑网络"):
        assert name in text
    assert "已知悉" in text and "带班领导" in text and all(facts.fonts.values())
    # A shift not handed over yet prints as such.
    live = squeeze(read_pdf(render_handover(handover_doc(demo_store, date(2026, 11, 24), NOW))).text)
    assert "（待交班）" in live and "接班人未确认" in live


def test_daily_report_draft_and_zero_report(demo_store) -> None:
    draft = draft_report(demo_store, date(2026, 11, 21), NOW)   # no incident received that day
    assert draft.title == "值班日报（零报告）" and draft.zero_report
    assert "一、值班情况" in draft.body and "三、突发事件" in draft.body and "无新接报的突发事件" in draft.body
    assert "四、上级查岗点名" in draft.body and "查岗点名" in draft.body
    assert [style for style, _ in body_blocks("一、值班情况\n（一）人员\n正文")] == ["heading", "subheading", "body"]
    blank = draft_report(demo_store, date(2026, 11, 1), NOW)
    assert "本时段未收到预警信息" in blank.body and "本时段无上级查岗点名" in blank.body


def test_saving_the_edited_report(demo_store, clock) -> None:
    session = Session(demo_store, SYSTEM_ACTOR, clock)
    with pytest.raises(ValidationError, match="正文不能为空"):
        save_report(session, date(2026, 11, 24), title="值班日报", body="  ", zero_report=True)
    with pytest.raises(ValidationError, match="将来的日期"):
        save_report(session, date(2026, 11, 30), title="值班日报", body="一、值班情况\n正常", zero_report=True)
    save_report(session, date(2026, 11, 24), title="值班日报", body="一、值班情况\n值班员在岗。", zero_report=True)
    save_report(session, date(2026, 11, 24), title="值班日报", body="一、值班情况\n值班员苏宇琪在岗。", zero_report=True)
    report = current_report(demo_store, date(2026, 11, 24), NOW)
    assert report.body == "一、值班情况\n值班员苏宇琪在岗。" and report.saved["revision"] == 1


def test_report_pdf_and_docx(demo_store) -> None:
    doc = report_doc(demo_store, current_report(demo_store, date(2026, 11, 21), NOW), NOW)
    text = squeeze(read_pdf(render_report_pdf(doc)).text)
    assert "值班日报（零报告）" in text and "示例县应急管理局" in text and "无新接报的突发事件" in text
    document = Document(io.BytesIO(render_report_docx(doc)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "值班日报（零报告）" and "一、值班情况" in paragraphs
    assert any("无新接报的突发事件" in p for p in paragraphs)
    assert round(document.sections[0].top_margin.mm) == 37 and round(document.sections[0].left_margin.mm) == 28
    heading = document.paragraphs[paragraphs.index("一、值班情况")]
    assert heading.runs[0].font.name == "黑体"


def _demo_db(demo_store) -> str:
    demo_store.checkpoint()
    return str(demo_store.path)


def test_cli_prints(demo_store, tmp_path: Path, capsys) -> None:
    db = _demo_db(demo_store)
    assert main(["--db", db, "print", "handover", "--shift", "2026-11-23", "--out", str(tmp_path / "h.pdf")]) == 0
    assert main(["--db", db, "print", "log", "--shift", "2026-11-23", "--out", str(tmp_path / "l.pdf")]) == 0
    assert main(["--db", db, "print", "log", "--month", "2026-11", "--out", str(tmp_path / "m.pdf")]) == 0
    assert main(["--db", db, "print", "daily-report", "--date", "2026-11-23", "--out", str(tmp_path / "r.pdf")]) == 0
    assert "交接班记录" in squeeze(read_pdf((tmp_path / "h.pdf").read_bytes()).text)
    assert len(read_pdf((tmp_path / "m.pdf").read_bytes()).pages) >= 30
    assert main(["--db", db, "print", "log", "--shift", "2026-13-01", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "格式不对" in capsys.readouterr().err
    assert main(["--db", db, "print", "log", "--month", "2026-13", "--out", str(tmp_path / "x.pdf")]) == 2


def test_cli_search_and_report(demo_store, tmp_path: Path, capsys) -> None:
    db = _demo_db(demo_store)
    capsys.readouterr()
    assert main(["--db", db, "log", "search", "--text", "寒潮", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["total"] >= 1 and all("寒潮" in json.dumps(r, ensure_ascii=False) for r in found["rows"])
    assert main(["--db", db, "daily-report", "show", "--date", "2026-11-23", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    # the demo's saved report of 11-23 carries that day's two incidents
    assert shown["saved"] and not shown["zero_report"] and shown["title"] == "值班日报" and "透水" in shown["body"]
    assert main(["--db", db, "daily-report", "export", "--date", "2026-11-23", "--out", str(tmp_path / "r.docx")]) == 0
    assert Document(str(tmp_path / "r.docx")).paragraphs[0].text == "值班日报"
    assert main(["--db", db, "daily-report", "export", "--date", "2026-11-23", "--out", str(tmp_path / "r.txt")]) == 2
