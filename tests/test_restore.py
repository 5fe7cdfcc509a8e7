"""Restore: a verified copy back in one step, by an administrator of the copy, the current file kept first."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from dutyroom import audit
from dutyroom.auth import accounts
from dutyroom.backup import restore as restoring
from dutyroom.clock import FixedClock
from dutyroom.dutylog.entries import record_entry
from dutyroom.errors import AuthError, PermissionDenied, StoreBusy, StoreError
from dutyroom.session import Session
from dutyroom.store import backup as copies
from dutyroom.store import open_store
from dutyroom.store.integrity import FileReader
from tests.conftest import NOW
from tests.damage import flip_btree_page

ROOT = Path(__file__).resolve().parent.parent


def counts(path: Path) -> dict[str, int]:
    return restoring.facts_of(path).counts


def write_some_entries(path: Path, n: int = 3) -> None:
    store = open_store(path)
    clock = FixedClock(NOW)
    session = Session(store, accounts.actor_for(store, store.scalar("SELECT id FROM account WHERE username = 'zhiban'")),
                      clock)
    for i in range(n):
        clock.advance(minutes=1)
        record_entry(session, "other", summary=f"恢复测试后写入的记录{i}")
    store.close()


def copy_of(path: Path) -> copies.Copy:
    return copies.take_copy(path, copies.folder_for(path), "manual", now=NOW)


def test_round_trip_brings_back_the_copy_and_keeps_the_current_file(demo_file: Path) -> None:
    copy = copy_of(demo_file)
    at_copy = counts(demo_file)
    write_some_entries(demo_file)
    changed = counts(demo_file)
    assert changed["值班日志"] == at_copy["值班日志"] + 3
    admin = restoring.actor_in_copy(copy.path, "admin", "demo1234")
    result = restoring.restore(demo_file, copy.path, admin, now=NOW + timedelta(hours=1))
    after = counts(demo_file)
    assert after == {**at_copy, "审计记录": at_copy["审计记录"] + 1}           # + the restore's own audit row
    conn = sqlite3.connect(demo_file)
    try:
        assert audit.verify(FileReader(conn)).ok
        last = conn.execute("SELECT op, actor_name, before_json, after_json FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    assert last[0] == "backup.restore" and last[1] == admin.display_name
    assert json.loads(last[3])["copy_audit_seq"] == copy.audit.seq
    assert json.loads(last[2])["replaced_copy"] == result.previous.name
    assert result.audit.seq == copy.audit.seq + 1
    assert counts(result.previous) == changed                     # what the restore replaced is kept
    assert copies.read_manifest(result.previous).kind == "pre-restore"
    assert not demo_file.with_name(demo_file.name + "-wal").exists()
    assert [p.name for p in demo_file.parent.iterdir() if p.name.startswith(".")] == []
    reopened = open_store(demo_file)                              # and the app opens it as usual
    assert reopened.scalar("SELECT COUNT(*) FROM duty_log_entry") == at_copy["值班日志"]
    reopened.close()


def test_the_password_is_checked_against_the_copy(demo_file: Path) -> None:
    copy = copy_of(demo_file)
    store = open_store(demo_file)
    admin_id = store.scalar("SELECT id FROM account WHERE username = 'admin'")
    session = Session(store, accounts.actor_for(store, admin_id), FixedClock(NOW))
    accounts.change_own_password(session, "demo1234", "NewPass2026")
    store.close()
    with pytest.raises(AuthError):
        restoring.actor_in_copy(copy.path, "admin", "NewPass2026")
    assert restoring.actor_in_copy(copy.path, "admin", "demo1234").username == "admin"
    with pytest.raises(AuthError):
        restoring.actor_in_copy(copy.path, "nobody", "demo1234")


def test_only_an_administrator_restores(demo_file: Path) -> None:
    copy = copy_of(demo_file)
    before = demo_file.read_bytes()
    officer = restoring.actor_in_copy(copy.path, "zhiban", "demo1234")
    with pytest.raises(PermissionDenied, match="只有管理员"):
        restoring.restore(demo_file, copy.path, officer, now=NOW)
    assert demo_file.read_bytes() == before


def test_a_damaged_copy_is_refused_and_nothing_changes(demo_file: Path) -> None:
    copy = copy_of(demo_file)
    admin = restoring.actor_in_copy(copy.path, "admin", "demo1234")
    flip_btree_page(copy.path, "person")
    before = demo_file.read_bytes()
    seen = restoring.preview(demo_file, copy.path)
    assert "未通过校验" in seen.refusal
    with pytest.raises(StoreError, match="未通过校验"):
        restoring.restore(demo_file, copy.path, admin, now=NOW)
    assert demo_file.read_bytes() == before
    assert len(list(copies.folder_for(demo_file).glob("*pre-restore*"))) == 0


def test_a_damaged_current_file_is_kept_byte_for_byte_and_replaced(demo_file: Path) -> None:
    copy = copy_of(demo_file)
    flip_btree_page(demo_file, "person")
    damaged = demo_file.read_bytes()
    seen = restoring.preview(demo_file, copy.path)
    assert seen.refusal == "" and seen.current.problem
    admin = restoring.actor_in_copy(copy.path, "admin", "demo1234")
    result = restoring.restore(demo_file, copy.path, admin, now=NOW, seen=seen)
    assert result.previous_damaged and result.previous.read_bytes() == damaged
    open_store(demo_file).close()                                # whole again


def test_a_file_still_open_elsewhere_is_not_replaced(demo_file: Path) -> None:
    copy = copy_of(demo_file)
    write_some_entries(demo_file, 1)
    other = open_store(demo_file)
    other.scalar("SELECT COUNT(*) FROM person")
    before = counts(demo_file)
    admin = restoring.actor_in_copy(copy.path, "admin", "demo1234")
    with pytest.raises(StoreBusy, match="先关闭"):
        restoring.restore(demo_file, copy.path, admin, now=NOW)
    other.close()
    assert counts(demo_file) == before


def test_preview_compares_the_areas(demo_file: Path) -> None:
    copy = copy_of(demo_file)
    write_some_entries(demo_file, 2)
    seen = restoring.preview(demo_file, copy.path)
    rows = {area: (now, then) for area, now, then in seen.rows()}
    assert rows["值班日志"][0] == rows["值班日志"][1] + 2
    assert seen.candidate.audit == copy.audit and seen.current.audit.seq > copy.audit.seq
    assert seen.current.newest_entry["summary"] == "恢复测试后写入的记录1"
    assert seen.as_json()["areas"][0]["area"] == "值班日志"


def test_cli_restore(demo_file: Path, tmp_path: Path) -> None:
    copy = copy_of(demo_file)
    write_some_entries(demo_file, 1)
    env = {**os.environ, "DUTYROOM_PASSWORD": "demo1234", "DUTYROOM_DATA_DIR": str(tmp_path / "ud")}
    run = [sys.executable, "-m", "dutyroom", "restore", str(copy.path), "--user", "admin", "--db", str(demo_file)]
    done = subprocess.run([*run, "--json"], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["restored_from"] == str(copy.path) and result["audit"]["seq"] == copy.audit.seq + 1
    refused = subprocess.run(run, capture_output=True, text=True, env={**env, "DUTYROOM_PASSWORD": "wrong1234"},
                             cwd=ROOT, timeout=120)
    assert refused.returncode == 2 and "用户名或密码不正确" in refused.stderr and "Traceback" not in refused.stderr
