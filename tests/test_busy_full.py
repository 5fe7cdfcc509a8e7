"""A held write lock, a full disk and a read-only folder are named in Chinese; nothing is written half."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from dutyroom import settings
from dutyroom.demo.seed import demo_password
from dutyroom.errors import DiskFull, ReadOnlyStore, StoreBusy, StoreError
from dutyroom.session import Session
from dutyroom.store import Store, open_store
from dutyroom.store import backup as copies
from dutyroom.store import migrations as mig
from tests.conftest import NOW

ROOT = Path(__file__).resolve().parent.parent


def test_a_held_write_lock_is_named_within_seconds(store: Store, system: Session) -> None:
    other = sqlite3.connect(store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    started = time.monotonic()
    with pytest.raises(StoreBusy, match="数据文件正被另一程序使用") as refused:
        settings.set_value(system, "org.name", "新名称")
    waited = time.monotonic() - started
    assert 2.0 <= waited < 5.0
    assert "未保存任何内容" in refused.value.message and "请稍后重试" in refused.value.message
    other.execute("ROLLBACK")
    other.close()
    assert settings.get(store, "org.name") == "县应急管理局"
    settings.set_value(system, "org.name", "新名称")            # and works again once the lock is gone
    assert settings.get(store, "org.name") == "新名称"


def test_cli_write_meeting_a_lock_exits_2_without_a_traceback(demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "data.sqlite3"
    shutil.copyfile(demo_template, path)
    sheet = tmp_path / "sheet.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["序号", "单位", "姓名", "职务", "手机号码"])
    book.active.append([1, "青石镇/青石村", "新来的", "村干部", "1000000 9991"])
    book.save(sheet)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "dutyroom", "contacts", "import", str(sheet), "--db", str(path),
                               "--user", "bangongshi"], capture_output=True, text=True, cwd=ROOT, timeout=120,
                              env={**os.environ, "DUTYROOM_DATA_DIR": str(tmp_path / "ud"),
                                   "DUTYROOM_PASSWORD": demo_password()})
        elapsed = time.monotonic() - started
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert done.returncode == 2, done.stderr
    assert "数据文件正被另一程序使用" in done.stderr and "Traceback" not in done.stderr
    assert elapsed < 15
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM person WHERE name = '新来的'").fetchone()[0] == 0
    conn.close()


def test_a_full_database_names_the_cause_not_the_rollback(store: Store, system: Session) -> None:
    """SQLite rolls a transaction back itself when the disk is full; the old code's second ROLLBACK hid the
    cause behind "cannot rollback - no transaction is active". Here the limit is SQLite's page limit."""
    pages = store._db().execute("PRAGMA page_count").fetchone()[0]
    store._db().execute(f"PRAGMA max_page_count = {pages}")     # the store's own connection: its page limit
    with pytest.raises(DiskFull, match="磁盘空间已满") as refused, store.transaction() as writer:
        writer.insert("setting", {"key": "a", "value": "1", "updated_at": "now"})
        writer.insert("setting", {"key": "big", "value": "很长的内容" * 50000, "updated_at": "now"})
    assert "cannot rollback" not in refused.value.message
    assert isinstance(refused.value.__cause__, sqlite3.OperationalError)       # the original error is kept
    assert not store._db().in_transaction
    assert store.scalar("SELECT COUNT(*) FROM setting WHERE key IN ('a', 'big')") == 0


@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 3 MB tmpfs: a real full disk (ENOSPC from the kernel). Needs root on Linux."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0 or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=3m,mode=0755", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(folder: Path) -> Path:
    """Take every free byte of the file system with one file; returns it (remove it to free the disk)."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        with contextlib.suppress(OSError):
            while os.write(fd, b"\0" * 4096):
                pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_is_named_and_nothing_is_written_half(tiny_disk: Path) -> None:
    from dutyroom.clock import FixedClock
    from dutyroom.session import SYSTEM_ACTOR

    store = open_store(tiny_disk / "data.sqlite3")
    session = Session(store, SYSTEM_ACTOR, FixedClock(NOW))
    settings.set_value(session, "org.name", "甲县应急管理局")
    filler = fill(tiny_disk)
    with pytest.raises(DiskFull, match="磁盘空间已满") as refused:
        settings.set_many(session, {"org.name": "乙县应急管理局", "report.send_to": "市应急管理局" * 30})
    assert str(tiny_disk) in refused.value.message and "未保存任何内容" in refused.value.message
    filler.unlink()
    assert settings.get(store, "org.name") == "甲县应急管理局"
    store.close()
    check = sqlite3.connect(tiny_disk / "data.sqlite3")
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert check.execute("SELECT COUNT(*) FROM audit_log WHERE op = 'setting.set'").fetchone()[0] == 1
    check.close()


def test_a_backup_onto_a_full_disk_leaves_nothing(tiny_disk: Path, demo_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, path)                           # 2.7 MB: does not fit beside the filler
    filler = fill(tiny_disk)
    filler.unlink()
    (tiny_disk / "taken").write_bytes(b"\0" * (1024 * 1024))        # about 2 MB left
    with pytest.raises(copies.BackupFailed, match="磁盘空间已满") as refused:
        copies.take_copy(path, tiny_disk / "backups", "manual", now=NOW)
    assert "未留下不完整的副本" in refused.value.message
    assert list((tiny_disk / "backups").iterdir()) == []


def test_an_upgrade_whose_copy_cannot_be_made_does_not_happen(tiny_disk: Path, tmp_path: Path) -> None:
    extra = tmp_path / "migrations"
    shutil.copytree(mig.available()[0].path.parent, extra)
    path = tiny_disk / "data.sqlite3"
    open_store(path, migrations_dir=extra).close()
    newest = len(mig.available(extra))
    (extra / f"{newest + 1:04d}_add_test_column.sql").write_text("ALTER TABLE setting ADD COLUMN note TEXT;\n",
                                                                 encoding="utf-8")
    filler = fill(tiny_disk)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="无法先备份，因此未升级") as refused:
        open_store(path, migrations_dir=extra)
    assert "磁盘空间已满" in refused.value.message
    assert path.read_bytes() == before
    assert [p.name for p in (tiny_disk / "backups").iterdir()] == []       # no 0-byte or partial copy
    filler.unlink()
    store = open_store(path, migrations_dir=extra)                          # with room, the upgrade goes ahead
    assert store.schema_version == newest + 1
    store.close()


def test_a_backup_into_a_read_only_folder_is_named(store: Store, read_only_folder: Path) -> None:
    with pytest.raises(copies.BackupFailed, match="只读"):
        copies.take_copy(store.path, read_only_folder, "manual", now=NOW)
    assert list(read_only_folder.iterdir()) == []


def test_a_read_only_data_file_is_named(store: Store, system: Session) -> None:
    from dutyroom.store.failures import explain

    error = explain(sqlite3.OperationalError("attempt to write a readonly database"), store.path)
    assert isinstance(error, ReadOnlyStore) and "只读" in error.message
