"""The incident commands exactly as documented: rules grade / deadlines, print report (PDF and .docx)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docx import Document

from dutyroom.cli import main
from dutyroom.clock import FixedClock
from dutyroom.demo.seed import seed_demo
from dutyroom.store import open_store
from tests.conftest import NOW
from tests.pdfcheck import read_pdf, squeeze

GRADE_ARGS = ["--dead", "3", "--missing", "0", "--serious-injuries", "0", "--injured", "0", "--at-risk", "12",
              "--trapped", "0", "--evacuated", "0", "--loss-yuan", "0"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(tmp_path: Path) -> str:
    from dutyroom.store import open_store

    open_store(tmp_path / "x.sqlite3").close()        # commands never make a data file (issue 12)
    return str(tmp_path / "x.sqlite3")


def test_rules_grade_json_is_the_documented_shape(capsys, db) -> None:
    code, out, _ = run(capsys, "rules", "grade", *GRADE_ARGS, "--json", "--db", db)
    result = json.loads(out)
    assert code == 0
    assert {k: result[k] for k in ("grade", "flags", "reasons", "must_report")} == {
        "grade": "较大", "flags": ["较大涉险"], "reasons": ["死亡3人 → 较大"], "must_report": True}
    assert list(result)[:4] == ["grade", "flags", "reasons", "must_report"]


def test_rules_grade_options(capsys, db) -> None:
    code, out, _ = run(capsys, "rules", "grade", "--sensitive", "--category", "群体性事件", "--json", "--db", db)
    result = json.loads(out)
    assert code == 0 and result["grade"] == "一般" and result["flags"] == ["敏感事件"] and result["must_report"]
    code, out, _ = run(capsys, "rules", "grade", "--loss-yuan", "60000000", "--json", "--rules", "henan", "--db", db)
    assert json.loads(out)["reasons"] == ["直接经济损失6000万元 → 重大"]
    code, out, _ = run(capsys, "rules", "grade", "--dead", "3", "--db", db)
    assert code == 0 and "依据：死亡3人 → 较大" in out


@pytest.mark.parametrize(("args", "message"), [
    (["--dead", "-1"], "不能为负数"), (["--dead", "99999"], "超出合理范围"), (["--injured", "x"], "应为整数"),
    (["--category", "外星事件"], "未知的事件类别"),
    # issue 13: these were a traceback, 100 dead, and 0 yuan
    (["--loss-yuan=1e999999"], "“直接经济损失”应为金额"), (["--dead", "9" * 5000], "“死亡”填写的数字过长"),
    (["--dead", "1，0，0"], "“死亡”的“1，0，0”不是正确的数字"), (["--loss-yuan=-0.4"], "“直接经济损失”不能为负数"),
    (["--dead=1e999999"], "“死亡”应为整数"),
])
def test_rules_grade_refuses_bad_input(capsys, db, args, message) -> None:
    code, out, err = run(capsys, "rules", "grade", *args, "--json", "--db", db)
    assert code == 2 and message in err and out == ""


def test_rules_deadlines(capsys, db) -> None:
    code, out, _ = run(capsys, "rules", "deadlines", "--grade", "较大", "--received", "2026-11-23T10:00:00+08:00",
                       "--json", "--db", db)
    items = json.loads(out)
    assert code == 0
    due = {i["step"]: i["due_at"] for i in items if i["due_at"]}
    assert due == {"notify_leader": "2026-11-23T10:10:00+08:00", "phone_report": "2026-11-23T10:30:00+08:00",
                   "written_initial": "2026-11-23T11:00:00+08:00", "followup": "2026-11-23T17:00:00+08:00"}
    assert {i["step"] for i in items if i["due_at"] is None} >= {"final", "verification"}
    code, out, _ = run(capsys, "rules", "deadlines", "--grade", "重大", "--received", "2026-11-23T10:00:00+08:00",
                       "--rules", "henan", "--json", "--db", db)
    henan = {i["step"]: i["due_at"] for i in json.loads(out) if i["due_at"]}
    assert henan["phone_report"] == "2026-11-23T10:15:00+08:00" and henan["direct_province"].endswith("10:35:00+08:00")
    code, _, err = run(capsys, "rules", "deadlines", "--grade", "很大", "--received", "2026-11-23T10:00", "--db", db)
    assert code == 2 and "未知的事件等级" in err


def test_print_report_pdf_and_docx(capsys, tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    store = open_store(path)
    seed_demo(store, FixedClock(NOW))
    report_id = store.scalar("SELECT id FROM incident_report WHERE form = 'special' AND status = 'sent' LIMIT 1")
    loss_id = store.scalar("SELECT id FROM incident_report WHERE form = 'disaster' LIMIT 1")
    store.close()
    pdf, docx = tmp_path / "r.pdf", tmp_path / "r.docx"
    code, out, _ = run(capsys, "print", "report", "--id", str(report_id), "--out", str(pdf), "--docx", str(docx),
                       "--db", str(path))
    assert code == 0 and out.count("已生成") == 2
    assert "突发事件信息专报" in squeeze(read_pdf(pdf.read_bytes()).text)
    assert Document(io.BytesIO(docx.read_bytes())).paragraphs[0].text == "突发事件信息专报"
    code, _, _ = run(capsys, "print", "report", "--id", str(loss_id), "--out", str(tmp_path / "l.pdf"),
                     "--db", str(path))
    assert code == 0 and "合计" in squeeze(read_pdf((tmp_path / "l.pdf").read_bytes()).text)
    code, _, err = run(capsys, "print", "report", "--id", str(report_id), "--db", str(path))
    assert code == 2 and "--out" in err
    code, _, err = run(capsys, "print", "report", "--id", "9999", "--out", str(tmp_path / "n.pdf"), "--db", str(path))
    assert code == 2 and "报告不存在" in err and not (tmp_path / "n.pdf").exists()
    code, _, _ = run(capsys, "print", "phone-card", "--id", "3", "--out", str(tmp_path / "c.pdf"), "--db", str(path))
    assert code == 0 and "电话报告要点" in squeeze(read_pdf((tmp_path / "c.pdf").read_bytes()).text)
    code, _, _ = run(capsys, "print", "timeliness", "--month", "2026-11", "--out", str(tmp_path / "t.pdf"),
                     "--db", str(path))
    assert code == 0
    code, _, err = run(capsys, "print", "timeliness", "--month", "11/2026", "--out", str(tmp_path / "t.pdf"),
                       "--db", str(path))
    assert code == 2 and "月份" in err
