"""Drafts of entries being typed: written atomically beside the data file, per account, offered back."""

from __future__ import annotations

from pathlib import Path

import pytest

from dutyroom.dutylog.drafts import DraftStore, drafts_folder


def test_save_pending_discard(tmp_path: Path) -> None:
    db = tmp_path / "duty.sqlite3"
    mine, theirs = DraftStore(db, "zhiban"), DraftStore(db, "other")
    first, second = DraftStore.new_id(), DraftStore.new_id()
    mine.save(first, "2026-11-24T10:00:00+08:00", {"kind": "call_in", "summary": "县水利局来电"})
    mine.save(second, "2026-11-24T10:05:00+08:00", {"kind": "other", "summary": "例行检查"})
    mine.save(first, "2026-11-24T10:06:00+08:00", {"kind": "call_in", "summary": "县水利局来电：水位正常"})
    assert drafts_folder(db) == tmp_path / "duty-drafts"
    assert [d.summary for d in mine.pending()] == ["例行检查", "县水利局来电：水位正常"]
    assert theirs.pending() == []
    mine.discard(first)
    mine.discard(first)                       # discarding twice is harmless
    assert [d.draft_id for d in mine.pending()] == [second]
    assert not list(drafts_folder(db).glob("*.tmp"))


def test_a_torn_file_is_skipped_not_fatal(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "duty.sqlite3", "zhiban")
    store.save(DraftStore.new_id(), "2026-11-24T10:00:00+08:00", {"summary": "完整的草稿"})
    (store.folder / f"{store.prefix}abc.json").write_text('{"draft_id": "abc", "saved', encoding="utf-8")
    assert [d.summary for d in store.pending()] == ["完整的草稿"]


def test_draft_ids_cannot_escape_the_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        DraftStore(tmp_path / "duty.sqlite3", "zhiban").save("../../etc", "x", {})
