"""A damaged data file is never used: refused on open, left exactly as found, the newest verified copy named."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from dutyroom.errors import DamagedFile
from dutyroom.store import backup as copies
from dutyroom.store import open_store
from dutyroom.store.integrity import header_problem, inspect, read_only
from tests.damage import DAMAGES, flip_btree_page, snapshot


def test_a_whole_file_passes_every_layer(demo_file: Path) -> None:
    assert header_problem(demo_file) == ""
    assert inspect(demo_file, full=False).ok and inspect(demo_file, full=True).ok


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_damaged_file_is_refused_and_left_exactly_as_found(demo_file: Path, damage: str) -> None:
    DAMAGES[damage](demo_file)
    before = snapshot(demo_file.parent)
    with pytest.raises(DamagedFile) as refused:
        open_store(demo_file)
    assert "已损坏" in refused.value.message and "未做任何改动" in refused.value.message
    assert snapshot(demo_file.parent) == before          # byte-identical, no -wal/-shm, no backups/ made


def test_the_refusal_names_the_newest_verified_copy(demo_file: Path, clock) -> None:
    older = copies.take_copy(demo_file, copies.folder_for(demo_file), "daily", now=clock.now())
    newer = copies.take_copy(demo_file, copies.folder_for(demo_file), "manual", now=clock.advance(hours=1))
    assert older.verified and newer.verified
    flip_btree_page(demo_file, "person")
    with pytest.raises(DamagedFile) as refused:
        open_store(demo_file)
    assert refused.value.newest_copy.path == newer.path
    assert str(newer.path) in refused.value.message and "dutyroom restore" in refused.value.message


def test_looking_at_a_file_with_a_crash_wal_leaves_no_new_side_file(demo_file: Path) -> None:
    """A -wal left by a crash must be read (it holds commits), and the -shm that needs is removed again."""
    conn = sqlite3.connect(demo_file, isolation_level=None)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO setting(key, value, updated_at) VALUES ('probe', '1', 'now')")
    wal = demo_file.with_name(demo_file.name + "-wal")
    crashed = {p: p.read_bytes() for p in (demo_file, wal)}       # the files as a kill -9 would leave them
    conn.close()
    for path, data in crashed.items():
        path.write_bytes(data)
    shm = demo_file.with_name(demo_file.name + "-shm")
    assert wal.exists() and not shm.exists()
    with read_only(demo_file) as reader:
        assert reader.execute("SELECT value FROM setting WHERE key = 'probe'").fetchone() == ("1",)
    assert not shm.exists()


def test_background_check_gates_the_first_write(demo_file: Path) -> None:
    """The GUI opens a big file at once (header and vital tables only) and the every-page check runs in a
    thread: a file damaged in a big table opens, but no write reaches it."""
    flip_btree_page(demo_file, "person")
    before = demo_file.read_bytes()
    store = open_store(demo_file, check="background")
    try:
        result = store.integrity.wait(30)
        assert result is not None and not result.ok
        with pytest.raises(DamagedFile), store.transaction() as writer:
            writer.insert("setting", {"key": "x", "value": "1", "updated_at": "now"})
    finally:
        store.close()
    assert demo_file.read_bytes() == before


def test_background_check_of_a_whole_file_lets_writes_through(demo_file: Path) -> None:
    store = open_store(demo_file, check="background")
    try:
        with store.transaction() as writer:
            writer.insert("login_state", {"username": "x", "failures": 1, "last_failure_at": "now"})
        assert store.integrity.wait(0).ok
    finally:
        store.close()
