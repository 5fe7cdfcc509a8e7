"""The copies as witnesses: ``audit verify`` checks the audit position each verified copy's manifest holds, and
after a restore leaves out the copies of the history the restore abandoned."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from dutyroom import audit
from dutyroom.backup import restore as restoring
from dutyroom.backup.witnesses import backup_anchors
from dutyroom.cli import main
from dutyroom.store import backup as copies
from dutyroom.store import open_store
from tests.conftest import NOW
from tests.test_restore import write_some_entries
from tests.test_tampering import rehash_from


def verify(path: Path) -> audit.VerifyResult:
    store = open_store(path)
    try:
        return audit.verify(store, anchors=backup_anchors(store))
    finally:
        store.close()


def test_a_rewrite_after_a_copy_is_found_against_its_manifest(demo_file: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    copy = copies.take_copy(demo_file, copies.folder_for(demo_file), "manual", now=NOW)
    write_some_entries(demo_file)
    assert verify(demo_file).ok
    conn = sqlite3.connect(demo_file, isolation_level=None)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("BEGIN")
    victim = conn.execute("SELECT MIN(id) FROM audit_log WHERE op = 'report.sign'").fetchone()[0]
    conn.execute("UPDATE audit_log SET actor_name = '别人' WHERE id = ?", (victim,))
    rehash_from(conn, victim)
    conn.execute("DELETE FROM audit_anchor")          # the kept anchor too: only the copy is left
    conn.execute("COMMIT")
    conn.close()
    code = main(["audit", "verify", "--db", str(demo_file), "--quick"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"校验点第 {copy.audit.seq} 条 {copy.audit.hash[:16]}（备份 backups/{copy.path.name}）与审计链不符" in out


def test_copies_of_a_history_a_restore_abandoned_are_not_asked_about(demo_file: Path) -> None:
    kept = copies.take_copy(demo_file, copies.folder_for(demo_file), "manual", now=NOW)
    write_some_entries(demo_file)
    later = copies.take_copy(demo_file, copies.folder_for(demo_file), "manual", now=NOW + timedelta(minutes=30))
    assert later.audit.seq > kept.audit.seq
    admin = restoring.actor_in_copy(kept.path, "admin", "demo1234")
    restoring.restore(demo_file, kept.path, admin, now=NOW + timedelta(hours=1))
    store = open_store(demo_file)
    try:
        asked = {a.source.rsplit("/", 1)[1] for a in backup_anchors(store)}
    finally:
        store.close()
    assert kept.path.name in asked and later.path.name not in asked
    assert verify(demo_file).ok
