"""The 预警叫应 commands exactly as documented (names and JSON shapes), refusals that change nothing, the two
printouts from the command line, and the 台账 read back: every call recorded is printed, and printing again
prints the same document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dutyroom.cli import main
from dutyroom.demo.seed import demo_password
from dutyroom.store import Store
from tests.pdfcheck import read_pdf, squeeze

WARNING_TABLES = ("warning", "warning_notice", "warning_target", "warning_attempt", "warning_broadcast",
                  "duty_log_entry")


@pytest.fixture(autouse=True)
def signed_in(monkeypatch) -> None:
    """The write commands sign --user in: the demo accounts' password, as a script would hand it over."""
    monkeypatch.setenv("DUTYROOM_PASSWORD", demo_password())


def counts(store: Store) -> dict[str, int]:
    """Rows of the warning records and the audit of changes (a sign-in is recorded as in the GUI)."""
    found = {t: int(store.scalar(f"SELECT COUNT(*) FROM {t}")) for t in WARNING_TABLES}
    return {**found, "audit": int(store.scalar("SELECT COUNT(*) FROM audit_log WHERE op NOT LIKE 'auth.%'"))}


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def db(demo_store) -> str:
    return str(demo_store.path)


def test_the_commands_walk_a_warning_as_documented(capsys, db, demo_store, tmp_path: Path) -> None:
    code, out, err = run(capsys, "warning", "new", "--type", "暴雨", "--level", "橙色", "--source", "县气象局",
                         "--areas", "青石镇,白沙镇", "--content", "预计未来3小时累计降雨量50毫米以上。",
                         "--user", "zhiban", "--json", "--db", db)
    assert code == 0, err
    created = json.loads(out)
    assert {"id", "targets", "deadline"} <= set(created) and created["targets"] >= 15
    warning_id = str(created["id"])
    code, out, _ = run(capsys, "warning", "show", warning_id, "--json", "--db", db)
    shown = json.loads(out)
    assert {"id", "type", "level", "status", "targets", "summary", "broadcasts"} <= set(shown)
    assert (shown["type"], shown["level"], shown["status"]) == ("暴雨", "橙色", "active")
    target = next(t for t in shown["targets"] if t["role"] == "A" and t["kind"] == "primary")
    assert {"id", "name", "unit", "phone", "role", "status", "attempts"} <= set(target)
    assert set(shown["summary"]) >= {"total", "answered", "arrived", "silent", "escalated"}
    tid = str(target["id"])
    code, out, _ = run(capsys, "warning", "call", warning_id, "--target", tid, "--result", "no_answer",
                       "--user", "zhiban", "--db", db)
    assert code == 0 and "已叫未应" in out
    code, out, _ = run(capsys, "warning", "call", warning_id, "--target", tid, "--result", "answered",
                       "--by", "其爱人", "--channel", "电话", "--user", "zhibanzhang", "--json", "--db", db)
    called = json.loads(out)["target"]
    assert called["status"] == "answered" and [a["result"] for a in called["attempts"]] == ["no_answer", "answered"]
    assert {"at", "channel", "number", "result", "answered_by"} <= set(called["attempts"][1])
    assert called["attempts"][1]["answered_by"] == "其爱人"
    assert run(capsys, "warning", "arrive", warning_id, "--target", tid, "--user", "zhiban", "--db", db)[0] == 0
    code, _, _ = run(capsys, "warning", "broadcast", warning_id, "--area", "青石镇/上坪村", "--content", "请注意防范",
                     "--user", "zhiban", "--db", db)
    assert code == 0
    code, out, _ = run(capsys, "warning", "list", "--open", "--json", "--db", db)
    assert any(str(w["id"]) == warning_id and w["status"] == "active" for w in json.loads(out))
    code, out, _ = run(capsys, "warning", "lift", warning_id, "--user", "zhiban", "--json", "--db", db)
    assert code == 0 and json.loads(out)["id"] == int(warning_id)
    shown = json.loads(run(capsys, "warning", "show", warning_id, "--json", "--db", db)[1])
    assert shown["status"] == "lifted" and [n["kind"] for n in shown["notices"]] == ["issue", "lift"]
    assert shown["broadcasts"][0]["area"] == "青石镇上坪村"
    ledger = tmp_path / "ledger.pdf"
    assert run(capsys, "print", "warning-ledger", "--id", warning_id, "--out", str(ledger), "--db", db)[0] == 0
    text = squeeze(read_pdf(ledger.read_bytes()).text)
    assert "预警叫应台账" in text and "接听人：其爱人" in text and "已到岗" in text
    month = shown["received_at"][:7]
    stats = tmp_path / "stats.pdf"
    assert run(capsys, "print", "warning-stats", "--month", month, "--out", str(stats), "--db", db)[0] == 0
    assert "预警叫应情况统计" in squeeze(read_pdf(stats.read_bytes()).text)
    code, out, _ = run(capsys, "warning", "stats", "--month", month, "--json", "--db", db)
    assert {"by_type_level", "median_seconds", "p90_seconds", "in_time_share", "silent_by_township"} <= set(json.loads(out))


@pytest.mark.parametrize("args", [
    ["new", "--type", "高温", "--level", "蓝色", "--content", "x"],
    ["new", "--type", "暴雨", "--level", "橙色", "--content", "x", "--areas", "没有这个镇"],
    ["new", "--type", "暴雨", "--level", "橙色", "--content", "x", "--at", "2020-01-01 08:00"],
    ["call", "1", "--target", "999999", "--result", "answered"],
    ["call", "1", "--target", "1", "--result", "maybe"],
    ["lift", "999"],
])
def test_refusals_exit_2_and_change_nothing(capsys, db, demo_store, args) -> None:
    before = counts(demo_store)
    code, _out, err = run(capsys, "warning", *args, "--user", "zhiban", "--db", db)
    assert code == 2 and err.strip() and "Traceback" not in err
    assert counts(demo_store) == before


def test_the_ledger_prints_every_call_and_the_same_document_twice(demo_store, clock) -> None:
    from dutyroom.printing.warning_ledger import ledger_doc, render_ledger

    warning_id = demo_store.scalar("SELECT warning_id FROM warning_target WHERE escalated_at IS NOT NULL LIMIT 1")
    first = render_ledger(ledger_doc(demo_store, warning_id, clock.now()))
    assert render_ledger(ledger_doc(demo_store, warning_id, clock.now())) == first
    text = squeeze(read_pdf(first).text)
    attempts = demo_store.rows(
        "SELECT a.* FROM warning_attempt a JOIN warning_target t ON t.id = a.target_id WHERE t.warning_id = ?"
        " AND a.voided_at IS NULL", (warning_id,))
    labels = {"answered": "接通", "no_answer": "无人接听", "busy": "占线", "off": "关机"}
    assert attempts
    for attempt in attempts:
        line = squeeze(f"{attempt['at'][11:16]} {attempt['channel']} {attempt['number']} {labels[attempt['result']]}")
        assert line in text, line
    assert "未叫醒上报情况" in text and "应急广播（村村响）" in text
