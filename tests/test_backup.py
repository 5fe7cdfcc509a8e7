"""Backups: online, verified copies with their manifest; rotation, a second place, the schedule and warnings."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from dutyroom import audit, settings
from dutyroom.backup import service
from dutyroom.clock import CST, FixedClock, iso
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store, open_store
from dutyroom.store import backup as copies
from dutyroom.store.integrity import FileReader
from tests.conftest import NOW


def audit_rows(path: Path) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        assert audit.verify(FileReader(conn)).ok
        return int(conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0])
    finally:
        conn.close()


def test_copy_is_verified_and_described_by_its_manifest(demo_file: Path) -> None:
    copy = copies.take_copy(demo_file, copies.folder_for(demo_file), "manual", now=NOW)
    assert copy.verified and copy.path.exists() and copy.bytes == copy.path.stat().st_size
    manifest = json.loads(copy.manifest_path.read_text(encoding="utf-8"))
    assert manifest["source"] == "dutyroom.sqlite3" and manifest["verified"] is True
    assert manifest["audit"]["seq"] == audit_rows(demo_file) == copy.audit.seq
    assert copies.list_copies([copy.path.parent], "dutyroom.sqlite3") == [copy]
    assert not list(copy.path.parent.glob("*.partial"))
    # reading the copy leaves no -wal/-shm: it is kept in rollback-journal mode
    listed, found = copies.verify_copy(copy.path)
    assert found.ok and listed == copy
    assert sorted(p.name for p in copy.path.parent.iterdir()) == [copy.path.name, copy.manifest_path.name]


def test_backup_while_another_connection_writes(demo_file: Path) -> None:
    """Copies taken while another connection commits continuously: each is whole, its chain intact and at a
    position the writer really passed through; the writer is never blocked for long."""
    writer_store = open_store(demo_file)
    session = Session(writer_store, SYSTEM_ACTOR, FixedClock(NOW))
    stop, positions, longest = threading.Event(), [], [0.0]

    def write() -> None:
        import time

        n = 0
        while not stop.is_set():
            started = time.perf_counter()
            settings.set_value(session, "report.send_to", f"第{n}次")
            longest[0] = max(longest[0], time.perf_counter() - started)
            positions.append(writer_store.scalar("SELECT last_id FROM audit_head"))
            n += 1

    thread = threading.Thread(target=write)
    thread.start()
    try:
        made = [copies.take_copy(demo_file, copies.folder_for(demo_file), "manual", now=NOW + timedelta(seconds=i))
                for i in range(4)]
    finally:
        stop.set()
        thread.join()
        writer_store.close()
    assert len(positions) > 4
    first = positions[0] - 1
    for copy in made:
        assert copy.verified and audit_rows(copy.path) == copy.audit.seq
        assert first <= copy.audit.seq <= positions[-1]
    assert len({c.audit.seq for c in made}) > 1          # the copies really saw the writes going on
    assert longest[0] < 2.0


def test_a_copy_changed_afterwards_fails_verification(demo_file: Path) -> None:
    copy = copies.take_copy(demo_file, copies.folder_for(demo_file), "manual", now=NOW)
    conn = sqlite3.connect(copy.path)
    conn.execute("UPDATE setting SET value = value")
    conn.execute("INSERT INTO setting(key, value, updated_at) VALUES ('forged', '1', 'now')")
    conn.commit()
    conn.close()
    _listed, found = copies.verify_copy(copy.path)
    assert not found.ok and "校验值不符" in found.problem


def test_a_broken_audit_chain_is_kept_as_evidence_but_not_counted(demo_file: Path) -> None:
    conn = sqlite3.connect(demo_file)
    conn.execute("DROP TRIGGER audit_log_no_update")           # someone with the file and a SQLite tool
    conn.execute("UPDATE audit_log SET actor_name = '某人' WHERE id = 5")
    conn.commit()
    conn.close()
    copy = copies.take_copy(demo_file, copies.folder_for(demo_file), "manual", now=NOW)
    assert not copy.verified and "第 5 条" in copy.problem
    assert copies.newest_verified([copy.path.parent], demo_file.name) is None
    with pytest.raises(copies.BackupFailed):
        copies.take_copy(demo_file, copies.folder_for(demo_file), "manual", now=NOW, require_audit=True)


def test_a_bare_file_in_the_folder_is_listed_unverified(demo_file: Path) -> None:
    folder = copies.folder_for(demo_file)
    folder.mkdir()
    shutil.copyfile(demo_file, folder / "dutyroom-old.sqlite3")
    listed = copies.list_copies([folder], demo_file.name)
    assert len(listed) == 1 and not listed[0].verified and not listed[0].has_manifest


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    path = tmp_path / "small" / "dutyroom.sqlite3"
    path.parent.mkdir()
    open_store(path).close()
    return path


def test_rotation_keeps_the_newest_of_each_day_week_and_month(small_file: Path) -> None:
    folder = copies.folder_for(small_file)
    start = datetime(2026, 1, 1, 3, 0, tzinfo=CST)
    made = [copies.take_copy(small_file, folder, "daily", now=start + timedelta(days=d)) for d in range(0, 120, 4)]
    manual = copies.take_copy(small_file, folder, "manual", now=start)
    removed = copies.rotate(folder, small_file.name, copies.Retention(daily=3, weekly=2, monthly=3))
    kept = {c.path for c in copies.list_copies([folder], small_file.name)}
    assert manual.path in kept                                      # manual copies are never rotated away
    assert {c.path for c in made[-3:]} <= kept                      # the newest of the last 3 days with copies
    newest_of_month = {}
    for copy in made:
        newest_of_month[(copy.created.year, copy.created.month)] = copy.path
    assert list(newest_of_month.values())[-3:] == [p for p in newest_of_month.values() if p in kept]
    weeks = {}
    for copy in made:
        weeks[copy.created.isocalendar()[:2]] = copy.path
    assert set(list(weeks.values())[-2:]) <= kept
    assert kept == {manual.path, *(c.path for c in made[-3:]), *list(weeks.values())[-2:],
                    *list(newest_of_month.values())[-3:]}
    assert sorted(removed) == sorted(c.path for c in made if c.path not in kept)
    for path in removed:
        assert not path.exists() and not copies.manifest_path(path).exists()


def test_only_the_last_upgrade_copies_are_kept(small_file: Path) -> None:
    folder = copies.folder_for(small_file)
    for n in range(5):
        copies.take_copy(small_file, folder, "pre-upgrade", now=NOW + timedelta(minutes=n), label=f"before-v{n:04d}")
    copies.prune_upgrade_copies(folder, small_file.name, keep=3)
    left = sorted(p.name for p in folder.glob("*.sqlite3"))
    assert [name[-20:] for name in left] == [f"before-v{n:04d}.sqlite3" for n in (2, 3, 4)]


def test_second_place_gets_a_checked_copy_and_an_unreachable_one_is_reported(demo_file: Path, tmp_path: Path) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    policy = service.BackupPolicy(second_folder=stick)
    result = service.create_backup(demo_file, policy, now=NOW, kind="daily")
    assert result.mirrored is not None and result.mirror_problem == ""
    assert result.mirrored.path.read_bytes() == result.copy.path.read_bytes()
    assert copies.read_manifest(result.mirrored.path).sha256 == result.copy.sha256
    shutil.rmtree(stick)
    result = service.create_backup(demo_file, policy, now=NOW + timedelta(hours=1), kind="daily")
    assert result.copy.verified and result.mirrored is None and "无法访问" in result.mirror_problem


def backup_session(store: Store, clock: FixedClock) -> Session:
    return Session(store, SYSTEM_ACTOR, clock)


def test_schedule_daily_and_after_handover(demo_store: Store, clock: FixedClock) -> None:
    settings.set_many(backup_session(demo_store, clock), {"backup.daily_time": "03:00"})
    due = service.due_backup(demo_store, clock.now())
    assert due is not None                       # no copy yet: the first one is due at once
    scheduler = service.BackupScheduler(demo_store, clock)
    made = scheduler.run_if_due()
    assert made is not None and made.copy.kind == due.kind and made.copy.verified
    assert service.due_backup(demo_store, clock.now()) is None
    clock.advance(hours=2)
    with Session(demo_store, SYSTEM_ACTOR, clock).write() as tx:      # a handover accepted after the copy
        tx.audit("handover.accept", "handover", tx.insert("handover", {
            "outgoing_date": "2026-11-24", "incoming_date": "2026-11-25", "status": "accepted", "sheet_json": "{}",
            "equipment_json": "[]", "outgoing_name": "甲", "confirmed_at": iso(clock.now()), "incoming_name": "乙",
            "accepted_at": iso(clock.now()), "created_at": iso(clock.now())}))
    assert service.due_backup(demo_store, clock.now()).kind == "handover"
    clock.advance(minutes=1)
    assert scheduler.run_if_due().copy.kind == "handover"
    assert service.due_backup(demo_store, clock.now()) is None
    clock.set(datetime(2026, 11, 25, 3, 0, 1, tzinfo=CST))        # past the next daily time
    assert service.due_backup(demo_store, clock.now()).kind == "daily"
    settings.set_many(backup_session(demo_store, clock), {"backup.after_handover": False})


def test_an_automatic_backup_that_fails_never_raises_and_waits_before_trying_again(demo_store: Store,
                                                                                     clock: FixedClock) -> None:
    folder = copies.folder_for(demo_store.path)
    folder.write_text("not a folder")                # backups/ cannot be made
    scheduler = service.BackupScheduler(demo_store, clock)
    assert scheduler.run_if_due() is None and scheduler.last_error
    assert scheduler.due() is None                   # not again at the next tick
    assert any("自动备份失败" in w for w in service.board_warnings(demo_store, clock.now(), scheduler))
    folder.unlink()
    clock.advance(minutes=31)
    assert scheduler.run_if_due() is not None and scheduler.last_error == ""


def test_board_warnings(demo_store: Store, clock: FixedClock, tmp_path: Path) -> None:
    assert service.board_warnings(demo_store, clock.now()) == ["还没有校验通过的数据备份。请管理员在“系统设置 → 数据备份”中立即备份。"]
    service.backup_now(backup_session(demo_store, clock))
    assert service.board_warnings(demo_store, clock.now()) == []
    clock.advance(days=2, hours=1)
    assert "2 天前" in service.board_warnings(demo_store, clock.now())[0]
    settings.set_many(backup_session(demo_store, clock), {"backup.warn_days": 3,
                                                         "backup.second_folder": str(tmp_path / "stick")})
    assert service.board_warnings(demo_store, clock.now()) == [
        f"第二备份位置“{tmp_path / 'stick'}”无法访问（U盘未插入或网络共享不可用），备份目前只保存在本机。"]


def test_only_an_administrator_backs_up_by_hand(demo_store: Store, clock: FixedClock) -> None:
    from dutyroom.errors import PermissionDenied
    from tests.conftest import actor_with

    with pytest.raises(PermissionDenied):
        service.backup_now(Session(demo_store, actor_with("office"), clock))
    assert service.backup_now(Session(demo_store, actor_with("admin"), clock)).copy.verified


def test_cli_backup_create_list_verify(demo_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dutyroom.cli import main

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert main(["backup", "create", "--json", "--db", str(demo_file)]) == 0
    made = json.loads(capsys.readouterr().out)
    assert set(made) >= {"path", "bytes", "seconds", "verified", "audit"} and made["verified"] is True
    assert set(made["audit"]) == {"seq", "hash"}
    assert main(["backup", "create", "--to", str(elsewhere), "--db", str(demo_file)]) == 0
    assert "已备份" in capsys.readouterr().out and len(list(elsewhere.glob("*.sqlite3"))) == 1
    assert main(["backup", "list", "--json", "--db", str(demo_file)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["path"] for c in listed] == [made["path"]]
    assert set(listed[0]) >= {"path", "created_at", "bytes", "verified", "audit"}
    assert main(["backup", "verify", made["path"], "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["verified"] is True
    Path(made["path"]).write_bytes(b"SQLite format 3\x00" + bytes(200))
    assert main(["backup", "verify", made["path"]]) == 1
    assert main(["backup", "verify", str(tmp_path / "none.sqlite3")]) == 2


def test_cli_scheduled_kind_is_rotated(small_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`backup create --kind daily` (a scheduled task, or the app's background process) rotates like the app."""
    from dutyroom.cli import main

    assert main(["backup", "create", "--kind", "daily", "--json", "--db", str(small_file)]) == 0
    made = json.loads(capsys.readouterr().out)
    assert made["kind"] == "daily" and made["verified"] is True and made["removed"] == []


def test_a_backup_made_in_a_child_process(demo_store: Store, clock: FixedClock, tmp_path: Path) -> None:
    """The GUI's way: ``dutyroom backup create --json --progress`` in a child process, its steps heard as they
    begin, the result read back from the copies' manifests; a refusal comes back as the child's sentence."""
    from dutyroom.backup.process import make_in_child
    from dutyroom.errors import PermissionDenied
    from tests.conftest import actor_with

    stages: list[str] = []
    made = service.backup_now(Session(demo_store, actor_with("admin"), clock), make=make_in_child,
                              stage=stages.append)
    assert made.copy.verified and made.copy.kind == "manual" and made.copy.path.is_file()
    assert stages == ["正在检查数据文件…", copies.COPYING, copies.CHECKING]
    assert service.counted_copies(demo_store.path, service.policy_of(demo_store)) == [made.copy]
    with pytest.raises(PermissionDenied):       # the permission is checked before any child starts
        service.backup_now(Session(demo_store, actor_with("officer"), clock), make=make_in_child)
    with pytest.raises(copies.BackupFailed, match="数据文件不存在"):
        make_in_child(tmp_path / "missing.sqlite3", "daily")
    assert not (tmp_path / "missing.sqlite3").exists()
