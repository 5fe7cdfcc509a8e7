"""Tampering done past DutyRoom, with sqlite3 on the real file, is found by ``dutyroom audit verify``.

Each test is one finding of issue 13 (all passed ``audit verify`` before record digests and anchors): the
attacker drops the guard triggers, edits with plain SQL and — where it says so — recomputes every hash with
DutyRoom's own functions. ``audit verify`` then exits 1 with a Chinese sentence naming the first bad record or
position.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from dutyroom import audit
from dutyroom.areas import recorded_tables
from dutyroom.audit import anchors
from dutyroom.audit.positions import head, parse_anchor
from dutyroom.cli import main
from dutyroom.clock import CST, FixedClock, iso
from dutyroom.dutylog import instructions, pending, templates
from dutyroom.dutylog.entries import correct_entry, record_entry
from dutyroom.incidents import obligations, rulebook
from dutyroom.roster import arrangements, leave, staffing, wishes
from dutyroom.roster.arrangements import HolidayRange
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store, open_store
from dutyroom.store.records import read_shape
from dutyroom.warnings import calls as warning_calls
from tests.incident_helpers import session_as

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=CST)
GUARDS = ("audit_log_no_update", "audit_log_no_delete", "audit_record_no_update", "audit_record_no_delete",
          "incident_report_sent_is_final", "incident_report_confirmed_once", "incident_report_never_deleted",
          "rule_set_is_immutable")


def _fill_every_table(path: Path) -> None:
    """The demo county plus one operation for each kind of record the demo leaves empty."""
    store = open_store(path)
    clock = FixedClock(NOW)
    system = Session(store, SYSTEM_ACTOR, clock)
    officer, admin = session_as(store, clock, "zhiban"), session_as(store, clock, "admin")
    entry = record_entry(officer, "instruction", summary="加强巡查", fields={"leader": "刘丽平"})
    correct_entry(officer, entry, summary="加强夜间巡查")
    instructions.lift(session_as(store, clock, "daiban"), entry, "已落实")    # a 带班领导 lifts an instruction
    pending.add_note(officer, pending.raise_pending(officer, "跟踪处置"), "已联系镇应急办")
    templates.save_template(session_as(store, clock, "zhibanzhang"), name="县水利局来电", kind="call_in")
    alert = store.scalar("SELECT id FROM incident_obligation WHERE status = 'open' ORDER BY id")
    obligations.acknowledge(officer, alert, "soon")
    warning_calls.acknowledge_alarm(officer, store.scalar("SELECT MIN(id) FROM warning_notice"), "all", "soon")
    rulebook.activate(admin, rulebook.adopt_shipped(admin, "henan"), "恢复河南从严")
    staffing.set_profile(system, store.scalar("SELECT MIN(person_id) FROM person_duty_role"), no_night=True)
    arrangements.save_year(system, 2028, [HolidayRange("元旦", date(2028, 1, 1), date(2028, 1, 1))], [])
    officers = store.column("SELECT person_id FROM person_duty_role WHERE role = 'officer' ORDER BY person_id LIMIT 2")
    wishes.add_wish(system, officers[0], weekdays=[5], note="接送孩子")
    wishes.add_pair(system, officers[0], officers[1], "夫妻")
    with system.write() as tx:        # a past roster imported (its workbook is the county's own; the row is what counts)
        imported = tx.insert("roster_import", {"file_name": "历史排班.xlsx", "first_date": "2025-01-01",
                                               "last_date": "2025-01-31", "months": "2025-01", "duties": 0,
                                               "imported_at": tx.at, "imported_by": "系统"})
        tx.audit("roster.history.import", "roster_import", imported, after=tx.snapshot("roster_import", imported))
    office = session_as(store, clock, "bangongshi")      # leave asked and approved: its duty flagged (issue 17)
    duty = store.one("SELECT person_id, duty_date FROM duty_assignment WHERE voided_at IS NULL AND role = 'officer'"
                     " AND duty_date > ? AND person_id NOT IN (SELECT person_id FROM leave_request) ORDER BY duty_date",
                     (NOW.date().isoformat(),))
    day = date.fromisoformat(duty["duty_date"])
    leave.approve_request(office, leave.request_leave(office, duty["person_id"], "leave", day, day, "家中有事"))
    position = head(store)
    anchors.add_anchor(admin, seq=position.seq, hash_prefix=position.hash[:16], source="2026-11-24 交接班记录")
    store.checkpoint()
    store.close()


@pytest.fixture(scope="module")
def full_template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("full") / "full.sqlite3"
    shutil.copyfile(demo_template, path)
    _fill_every_table(path)
    return path


@pytest.fixture
def data_file(full_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "room.sqlite3"
    shutil.copyfile(full_template, target)
    return target


@pytest.fixture
def shell(data_file: Path) -> Iterator[sqlite3.Connection]:
    """What someone with the sqlite3 shell could do: drop the guards, ignore checks and foreign keys."""
    conn = sqlite3.connect(data_file, isolation_level=None)
    for name in GUARDS:
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("BEGIN")
    yield conn
    conn.close()


def run(conn: sqlite3.Connection, sql: str, params: tuple = ()) -> None:
    conn.execute(sql, params)


def commit(conn: sqlite3.Connection) -> None:
    conn.execute("COMMIT")


def verify(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """``dutyroom audit verify`` through the command line's entry point: (exit code, what it printed)."""
    code = main(["audit", "verify", "--db", str(path), *args])
    printed = capsys.readouterr()
    return code, printed.out + printed.err


def verify_in_process(path: Path) -> tuple[int, str]:
    """The same check without the command line's own costs (its page check on opening): for the tests run
    once per business table."""
    store = Store(path)
    try:
        result = audit.verify(store)
    finally:
        store.close()
    return (0 if result.ok else 1), result.message()


def scalar(path: Path, sql: str, params: tuple = ()) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def position(path: Path) -> str:
    """The head as printed on paper (序号:16 hex digits), read before the tampering."""
    conn = sqlite3.connect(path)
    try:
        seq, digest = conn.execute("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return f"{seq}:{digest[:16]}"


def rehash_from(conn: sqlite3.Connection, first: int) -> None:
    """The attacker who has DutyRoom's source: every link from ``first`` on recomputed, the head fixed."""
    prev = conn.execute("SELECT hash FROM audit_log WHERE id = ?", (first - 1,)).fetchone()
    prev_hash = prev[0] if prev else audit.GENESIS
    rows = conn.execute("SELECT id, at, actor_id, actor_name, op, entity, entity_id, before_json, after_json,"
                        " record_digest FROM audit_log WHERE id >= ? ORDER BY id", (first,)).fetchall()
    last = first - 1
    for row in rows:
        digest = audit.link_hash(*row[:9], prev_hash, row[9])
        conn.execute("UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", (prev_hash, digest, row[0]))
        prev_hash, last = digest, row[0]
    conn.execute("UPDATE audit_head SET last_id = ?, last_hash = ?", (last, prev_hash))


# -- the intact file -------------------------------------------------------------------------------------

def test_the_untouched_file_verifies_with_its_anchors(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = verify(data_file, capsys, "--anchor", position(data_file))
    assert code == 0, out
    assert "审计链完整" in out and "业务记录与其最新审计记录一致" in out and "3 个校验点全部相符" in out


def test_every_business_table_is_filled_in_the_fixture(data_file: Path) -> None:
    empty = [t for t in recorded_tables() if not scalar(data_file, f"SELECT COUNT(*) FROM {t}")]
    assert empty == []


# -- the chain rewritten ----------------------------------------------------------------------------------

def test_cutting_the_last_rows_and_fixing_the_head(data_file: Path, shell: sqlite3.Connection,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    paper = position(data_file)
    last = int(paper.split(":")[0])
    keep = last - 5
    run(shell, "DELETE FROM audit_record WHERE audit_id > ?", (keep,))
    run(shell, "DELETE FROM audit_log WHERE id > ?", (keep,))
    run(shell, "UPDATE audit_head SET last_id = ?, last_hash = (SELECT hash FROM audit_log WHERE id = ?)",
        (keep, keep))
    commit(shell)
    code, out = verify(data_file, capsys)
    assert code == 1
    assert "业务记录与审计不符" in out          # what the cut rows wrote is still there, now unaccounted for
    code, out = verify(data_file, capsys, "--anchor", paper)
    assert code == 1
    assert f"校验点第 {last} 条" in out and f"审计链只有 {keep} 条记录，已到不了该位置，记录被截去" in out


def test_deleting_every_audit_row(data_file: Path, shell: sqlite3.Connection,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    run(shell, "DELETE FROM audit_record")
    run(shell, "DELETE FROM audit_log")
    run(shell, "DELETE FROM audit_head")
    commit(shell)
    code, out = verify(data_file, capsys, "--quick")
    assert code == 1     # the kept anchor names a position the chain no longer reaches
    code, out = verify(data_file, capsys)
    assert code == 1
    first = recorded_tables()[0]
    key = scalar(data_file, f"SELECT MIN(id) FROM {first}")
    assert f"{audit.entity_label(first)} #{key} 没有任何审计记录，是在DutyRoom之外添加的" in out


def test_edit_and_rehash_is_found_against_the_anchor(data_file: Path, shell: sqlite3.Connection,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    paper = position(data_file)
    victim = shell.execute("SELECT MIN(id) FROM audit_log WHERE op = 'report.sign'").fetchone()[0]
    run(shell, "UPDATE audit_log SET actor_name = '别人' WHERE id = ?", (victim,))
    rehash_from(shell, victim)
    run(shell, "DELETE FROM audit_anchor")            # the kept anchor goes too: only the paper is left
    run(shell, "DELETE FROM audit_record WHERE tbl = 'audit_anchor'")
    commit(shell)
    assert verify(data_file, capsys, "--quick")[0] == 0    # the chain alone holds together
    code, out = verify(data_file, capsys, "--quick", "--anchor", paper)
    seq = paper.split(":")[0]
    assert code == 1
    assert f"校验点第 {seq} 条 {paper.split(':')[1]}（命令行）与审计链不符" in out and "被改写" in out


def test_edit_and_rehash_is_found_against_the_kept_anchor(data_file: Path, shell: sqlite3.Connection,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    victim = shell.execute("SELECT MIN(id) FROM audit_log WHERE op = 'report.sign'").fetchone()[0]
    run(shell, "UPDATE audit_log SET actor_name = '别人' WHERE id = ?", (victim,))
    rehash_from(shell, victim)
    commit(shell)
    code, out = verify(data_file, capsys, "--quick")
    assert code == 1
    assert "（2026-11-24 交接班记录，系统管理员录入）与审计链不符" in out


def test_delete_and_renumber(data_file: Path, shell: sqlite3.Connection, capsys: pytest.CaptureFixture[str]) -> None:
    paper = position(data_file)
    victim = shell.execute("SELECT audit_id FROM audit_record WHERE tbl = 'pending_note'").fetchone()[0]
    run(shell, "DELETE FROM audit_record WHERE audit_id = ?", (victim,))
    run(shell, "DELETE FROM audit_log WHERE id = ?", (victim,))
    for (later,) in shell.execute("SELECT id FROM audit_log WHERE id > ? ORDER BY id", (victim,)).fetchall():
        run(shell, "UPDATE audit_record SET audit_id = audit_id - 1 WHERE audit_id = ?", (later,))
        run(shell, "UPDATE audit_log SET id = id - 1 WHERE id = ?", (later,))
    rehash_from(shell, victim)
    commit(shell)
    code, out = verify(data_file, capsys, "--anchor", paper)
    assert code == 1
    assert f"校验点第 {paper.split(':')[0]} 条" in out and "到不了该位置" in out
    report = json.loads(main_json(data_file, capsys))
    assert [f["table"] for f in report["findings"]] == ["pending_note"]    # what the deleted row wrote


def main_json(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    main(["audit", "verify", "--db", str(path), "--json"])
    return capsys.readouterr().out


def test_a_forged_signoff_row(data_file: Path, shell: sqlite3.Connection,
                              capsys: pytest.CaptureFixture[str]) -> None:
    """As before record digests: a 签发 row appended with a valid link, the report marked signed."""
    draft = shell.execute("SELECT id FROM incident_report WHERE status = 'draft' ORDER BY id").fetchone()[0]
    leader = shell.execute("SELECT id, display_name FROM account WHERE username = 'daiban'").fetchone()
    last_id, last_hash = shell.execute("SELECT last_id, last_hash FROM audit_head").fetchone()
    at, after = iso(NOW + timedelta(minutes=5)), json.dumps({"status": "signed"}, ensure_ascii=False)
    forged = audit.link_hash(last_id + 1, at, leader[0], leader[1], "report.sign", "incident_report", str(draft),
                             None, after, last_hash)
    run(shell, "INSERT INTO audit_log (id, at, actor_id, actor_name, op, entity, entity_id, after_json, prev_hash,"
               " hash) VALUES (?, ?, ?, ?, 'report.sign', 'incident_report', ?, ?, ?, ?)",
        (last_id + 1, at, leader[0], leader[1], str(draft), after, last_hash, forged))
    run(shell, "UPDATE audit_head SET last_id = ?, last_hash = ?", (last_id + 1, forged))
    run(shell, "UPDATE incident_report SET status = 'signed', signed_by = ?, signed_by_name = ?, signed_at = ?,"
               " issue_no = 99 WHERE id = ?", (leader[0], leader[1], at, draft))
    commit(shell)
    code, out = verify(data_file, capsys)
    assert code == 1
    assert f"审计链在第 {last_id + 1} 条记录处断裂：该记录没有业务记录摘要" in out and "伪造" in out
    assert f"信息报告 #{draft} 的内容与第" in out


# -- business records edited directly ------------------------------------------------------------------

def _id(path: Path, sql: str) -> int:
    return int(scalar(path, sql))  # type: ignore[arg-type]


EDITS = {
    "log entry": ("SELECT MAX(id) FROM duty_log_entry", "UPDATE duty_log_entry SET summary = '已删改' WHERE id = ?",
                  "值班记录 #{}"),
    "password hash": ("SELECT id FROM account WHERE username = 'zhiban'",
                      "UPDATE account SET password_hash = 'scrypt$16384$8$1$AAAA$BBBB' WHERE id = ?", "账户 #{}"),
    "sent report": ("SELECT MIN(id) FROM incident_report WHERE status = 'sent'",
                    "UPDATE incident_report SET body_json = '{}' WHERE id = ?", "信息报告 #{}"),
    "duty assignment": ("SELECT MIN(id) FROM duty_assignment WHERE voided_at IS NULL",
                        "UPDATE duty_assignment SET person_id = person_id + 1 WHERE id = ?", "值班安排 #{}"),
    "incident grade": ("SELECT MIN(id) FROM incident WHERE grade <> '一般' AND voided_at IS NULL",
                       "UPDATE incident SET grade = '一般' WHERE id = ?", "突发事件 #{}"),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_direct_edit_is_found(name: str, data_file: Path, shell: sqlite3.Connection,
                                capsys: pytest.CaptureFixture[str]) -> None:
    find, change, named = EDITS[name]
    victim = _id(data_file, find)
    run(shell, change, (victim,))
    commit(shell)
    code, out = verify(data_file, capsys)
    assert code == 1
    assert f"业务记录与审计不符：{named.format(victim)} 的内容与第" in out and "在DutyRoom之外被改动" in out


def test_an_admin_role_given_to_a_duty_officer(data_file: Path, shell: sqlite3.Connection,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    officer = _id(data_file, "SELECT id FROM account WHERE username = 'zhiban'")
    run(shell, "INSERT INTO account_role (account_id, role) VALUES (?, 'admin')", (officer,))
    commit(shell)
    code, out = verify(data_file, capsys)
    assert code == 1
    assert f"账户角色（{officer}，admin）没有任何审计记录，是在DutyRoom之外添加的" in out


def test_the_cli_runs_as_a_program_too(data_file: Path, shell: sqlite3.Connection) -> None:
    entry = _id(data_file, "SELECT MAX(id) FROM duty_log_entry")
    run(shell, "UPDATE duty_log_entry SET summary = '已删改' WHERE id = ?", (entry,))
    commit(shell)
    done = subprocess.run([sys.executable, "-m", "dutyroom", "audit", "verify", "--db", str(data_file)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and f"值班记录 #{entry} 的内容与第" in done.stdout


# -- delete / insert in every business table ----------------------------------------------------------------

def _shape(path: Path, table: str):  # noqa: ANN202 - the store's TableShape
    conn = sqlite3.connect(path)
    try:
        return read_shape(conn.execute, table)
    finally:
        conn.close()


@pytest.mark.parametrize("table", recorded_tables())
def test_a_row_deleted_directly_is_found(table: str, data_file: Path, shell: sqlite3.Connection) -> None:
    shape = _shape(data_file, table)
    row = shell.execute(f"SELECT * FROM {table} ORDER BY {', '.join(shape.key_columns)} DESC LIMIT 1").fetchone()
    where = " AND ".join(f"{c} = ?" for c in shape.key_columns)
    run(shell, f"DELETE FROM {table} WHERE {where}", tuple(row[i] for i in shape.key_positions))
    commit(shell)
    code, out = verify_in_process(data_file)
    assert code == 1
    assert audit.record_name(table, shape.key_of(row)) in out and "在DutyRoom之外被删除" in out


@pytest.mark.parametrize("table", recorded_tables())
def test_a_row_inserted_directly_is_found(table: str, data_file: Path, shell: sqlite3.Connection) -> None:
    shape = _shape(data_file, table)
    for (index,) in shell.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
                                  " AND sql IS NOT NULL", (table,)).fetchall():
        run(shell, f"DROP INDEX {index}")            # unique rules are no obstacle to the shell either
    copy = [value + 999999 if isinstance(value, int) else f"{value}（伪造）" if isinstance(value, str) else value
            for value in shell.execute(f"SELECT * FROM {table} LIMIT 1").fetchone()]    # unique in every column
    run(shell, f"INSERT INTO {table} VALUES ({', '.join('?' * len(copy))})", tuple(copy))
    commit(shell)
    code, out = verify_in_process(data_file)
    assert code == 1
    assert f"{audit.record_name(table, shape.key_of(copy))}" in out and "在DutyRoom之外添加的" in out


# -- the anchor on paper ------------------------------------------------------------------------------------

def test_a_malformed_anchor_is_refused_in_chinese(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = verify(data_file, capsys, "--anchor", "12:xyz")
    assert code == 2 and "十六进制" in out
    code, out = verify(data_file, capsys, "--anchor", "12:abc")
    assert code == 2 and "16到64位" in out


def test_audit_head_prints_the_position(data_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "head", "--db", str(data_file), "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    seq, prefix = position(data_file).split(":")
    assert found["seq"] == int(seq) and found["hash"].startswith(prefix) and len(found["hash"]) == 64
    assert main(["audit", "head", "--db", str(data_file)]) == 0
    assert f"审计校验：第{seq}条 {prefix}" in capsys.readouterr().out


def test_anchor_typed_as_printed_is_accepted() -> None:
    assert parse_anchor("第1234条 0123456789ABCDEF") == parse_anchor("1234:0123456789abcdef")
