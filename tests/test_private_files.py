"""Owner-only files whatever the umask: data file and its side files, copies, drafts, logs, contact index,
archives; and a contact index that was edited is rebuilt from the records."""

from __future__ import annotations

import logging
import os
import stat
from datetime import date
from pathlib import Path

import pytest

from dutyroom import org
from dutyroom.contacts import index_cache, people
from dutyroom.crashlog import install_crash_log
from dutyroom.dutylog.drafts import DraftStore
from dutyroom.session import Session
from dutyroom.store import Store, open_store
from dutyroom.store import backup as copies
from tests.conftest import NOW

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    previous = os.umask(0o002)                  # the most permissive umask a desktop has
    yield
    os.umask(previous)


def test_everything_beside_the_data_is_owner_only(open_umask: None, tmp_path: Path, clock) -> None:
    data_folder = tmp_path / "userdata" / "DutyRoom"
    store = open_store(data_folder / "dutyroom.sqlite3", create_folder=True)
    try:
        with store.transaction() as writer:
            writer.insert("login_state", {"username": "x", "failures": 1, "last_failure_at": "now"})
        path = store.path
        assert mode(data_folder) == 0o700 and mode(path) == 0o600
        assert mode(path.with_name(path.name + "-wal")) == 0o600 and mode(path.with_name(path.name + "-shm")) == 0o600
        copy = copies.take_copy(path, copies.folder_for(path), "manual", now=NOW)
        assert mode(copy.path.parent) == 0o700 and mode(copy.path) == 0o600 and mode(copy.manifest_path) == 0o600
        drafts = DraftStore(path, "zhiban")
        saved = drafts.save(drafts.new_id(), "2026-11-24T10:00:00+08:00", {"summary": "来电"})
        assert mode(saved.parent) == 0o700 and mode(saved) == 0o600
        index_cache.load_or_build(store, date(2026, 11, 24))
        assert mode(index_cache.cache_path(store)) == 0o600
        log = install_crash_log(path)
        try:
            logging.getLogger("dutyroom").info("probe")
            log.handler.flush()
            assert mode(log.path.parent) == 0o700 and mode(log.path) == 0o600
        finally:
            log.uninstall()
    finally:
        store.close()


def test_an_existing_world_readable_data_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(path).close()
    path.chmod(0o644)
    open_store(path).close()
    assert mode(path) == 0o600


@pytest.fixture
def contacts(system: Session) -> dict[str, int]:
    unit = org.create_unit(system, name="石门镇", kind="township")
    return {"li": people.create_contact(system, name="李四", unit_id=unit, phones=[("mobile", "10000002222")])}


def test_a_poisoned_contact_index_is_rebuilt_from_the_records(store: Store, contacts: dict[str, int],
                                                              caplog: pytest.LogCaptureFixture) -> None:
    today = date(2026, 11, 24)
    index_cache.load_or_build(store, today)
    path = index_cache.cache_path(store)
    poisoned = path.read_bytes().replace(b"10000002222", b"10000009999")
    assert poisoned != path.read_bytes()
    path.write_bytes(poisoned)
    assert index_cache.load_saved(store, today) is None               # not trusted
    with caplog.at_level(logging.WARNING, logger="dutyroom.contacts"):
        index = index_cache.load_or_build(store, today)
    assert "does not match its recorded digest" in caplog.text
    assert [index.entry(p).name for p in index.search("2222").positions] == ["李四"]
    assert index.search("9999").positions == []
    assert index_cache.load_saved(store, today) is not None          # rewritten, with its digest
    assert b"10000002222" in path.read_bytes()


def test_the_digest_is_bookkeeping_not_a_record(store: Store, contacts: dict[str, int]) -> None:
    before = store.scalar("SELECT COUNT(*) FROM audit_log")
    index_cache.load_or_build(store, date(2026, 11, 24))
    assert store.scalar("SELECT COUNT(*) FROM file_digest") == 1
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == before
