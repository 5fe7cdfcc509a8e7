"""The hash-chained audit trail: written with every change, and any tampering is found."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from dutyroom import audit, org, settings
from dutyroom.errors import PermissionDenied
from dutyroom.session import Session
from dutyroom.store import Store
from tests.conftest import actor_with


def make_changes(system: Session, count: int = 5) -> None:
    for i in range(count):
        org.create_unit(system, name=f"测试单位{i}", kind="department")


def tamper(path: Path, sql: str, params: tuple = ()) -> None:
    """What someone with the sqlite3 shell could do: drop the guards and edit rows."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    conn.execute(sql, params)
    conn.commit()
    conn.close()


def verify_file(path: Path) -> audit.VerifyResult:
    store = Store(path)
    try:
        return audit.verify(store)
    finally:
        store.close()


def test_every_change_writes_one_row_in_its_transaction(system: Session) -> None:
    before = system.store.scalar("SELECT COUNT(*) FROM audit_log")
    unit_id = org.create_unit(system, name="县水利局", kind="department")
    rows = system.store.rows("SELECT * FROM audit_log WHERE id > ?", (before,))
    assert len(rows) == 1
    assert rows[0]["op"] == "unit.create" and rows[0]["entity_id"] == str(unit_id)
    assert rows[0]["actor_name"] == "系统" and rows[0]["before_json"] is None
    assert "县水利局" in rows[0]["after_json"]


def test_before_and_after_are_recorded(system: Session) -> None:
    settings.set_value(system, "org.name", "甲县应急管理局")
    settings.set_value(system, "org.name", "乙县应急管理局")
    row = system.store.row("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")
    assert "甲县" in row["before_json"] and "乙县" in row["after_json"]
    assert audit.describe(dict(row)) == "值：甲县应急管理局 → 乙县应急管理局"


def test_refused_operation_leaves_no_audit_row(system: Session, clock) -> None:
    before = system.store.scalar("SELECT COUNT(*) FROM audit_log")
    officer = Session(system.store, actor_with("officer"), clock)
    with pytest.raises(PermissionDenied):
        org.create_unit(officer, name="不该出现", kind="department")
    assert system.store.scalar("SELECT COUNT(*) FROM audit_log") == before


def test_write_without_audit_is_a_programming_error(system: Session) -> None:
    with pytest.raises(RuntimeError, match="without an audit row"), system.write() as tx:
        tx.insert("setting", {"key": "x", "value": "1", "updated_at": "now"})
    assert system.store.scalar("SELECT COUNT(*) FROM setting WHERE key = 'x'") == 0


def test_intact_chain_verifies(system: Session) -> None:
    make_changes(system)
    result = audit.verify(system.store)
    assert result.ok and result.count == 5


def test_triggers_forbid_update_and_delete(system: Session) -> None:
    make_changes(system, 2)
    with pytest.raises(sqlite3.IntegrityError, match="不可修改"), system.store.transaction() as writer:
        writer.update("audit_log", 1, {"actor_name": "x"})
    with pytest.raises(sqlite3.IntegrityError, match="不可删除"), system.store.transaction() as writer:
        writer.delete("audit_log", {"id": 1})


@pytest.mark.parametrize(("sql", "bad_id"), [
    ("UPDATE audit_log SET after_json = replace(after_json, '测试单位2', '篡改单位') WHERE id = 3", 3),
    ("UPDATE audit_log SET actor_name = '别人' WHERE id = 1", 1),
    ("DELETE FROM audit_log WHERE id = 2", 2),
    ("DELETE FROM audit_log WHERE id = 5", 5),
    ("UPDATE audit_log SET id = 99 WHERE id = 4", 4),
])
def test_tampering_is_detected(system: Session, sql: str, bad_id: int) -> None:
    make_changes(system)
    path = system.store.path
    system.store.close()
    tamper(path, sql)
    result = verify_file(path)
    assert not result.ok
    assert result.first_bad_id == bad_id
    assert f"第 {bad_id} 条" in result.message()


def test_rehashed_edit_still_breaks_the_next_link(system: Session) -> None:
    make_changes(system)
    path = system.store.path
    system.store.close()
    conn = sqlite3.connect(path)
    row = conn.execute("SELECT id, at, actor_id, actor_name, op, entity, entity_id, before_json, after_json,"
                       " prev_hash, record_digest FROM audit_log WHERE id = 2").fetchone()
    forged = list(row)
    forged[8] = row[8].replace("测试单位1", "伪造单位")
    new_hash = audit.link_hash(*forged)
    conn.close()
    tamper(path, "UPDATE audit_log SET after_json = ?, hash = ? WHERE id = 2", (forged[8], new_hash))
    result = verify_file(path)
    assert not result.ok and result.first_bad_id == 3


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dutyroom", *args], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parent.parent)


def test_cli_audit_verify_exit_codes(system: Session) -> None:
    make_changes(system)
    path = system.store.path
    system.store.close()
    ok = run_cli("audit", "verify", "--db", str(path))
    assert ok.returncode == 0, ok.stderr
    assert "审计链完整" in ok.stdout
    tamper(path, "DELETE FROM audit_log WHERE id = 3")
    broken = run_cli("audit", "verify", "--db", str(path), "--json")
    assert broken.returncode == 1
    assert '"first_bad_id": 3' in broken.stdout


def test_the_audit_page_reads_in_words() -> None:
    """Times, codes and documents as people say them; labels from the areas' declarations."""
    from dutyroom import areas

    assert audit.moment_text("2026-12-04T09:31:07+08:00") == "2026年12月4日 09:31"
    row = {"op": "report.sign", "entity": "incident_report", "entity_id": "6",
           "before_json": '{"status": "draft", "signed_at": null, "signed_by": null, "body_json": "{\\"a\\": 1}"}',
           "after_json": '{"status": "signed", "signed_at": "2026-12-05T10:28:31+08:00", "signed_by": 3,'
                         ' "body_json": "{\\"a\\": 2}", "duty_date": "2026-12-03"}'}
    text = audit.describe(row)
    assert "状态：草稿 → 已签发" in text and "签发时间：空 → 2026年12月5日 10:28" in text
    assert "报告内容有修改" in text and "2026年12月3日" in text and "signed_by" not in text and "{" not in text
    assert audit.entity_text(row) == "信息报告 6"
    assert audit.entity_text({"entity": "setting", "entity_id": "org.name"}) == "设置“单位名称”"
    assert audit.entity_text({"entity": "roster_draft", "entity_id": None}) == "排班草稿"
    for reference in areas.value_labels().values():          # every declared label table exists
        module, name = reference.split(":")
        assert isinstance(getattr(__import__(module, fromlist=[name]), name), dict), reference
