"""系统设置's anchors (administrator only) and the audit page naming records changed past DutyRoom."""

from __future__ import annotations

import sqlite3

import pytest

from dutyroom.audit.positions import head
from dutyroom.errors import Cancelled
from dutyroom.gui.admin import anchor_list


def test_the_administrator_sees_and_enters_anchors(login_as) -> None:
    window = login_as("admin")
    window.show_page("settings")
    page = window.page("settings")
    listed = page.anchors.model.records
    assert [(r["source"], r["matches"]) for r in listed] == [("2026-11-23 交接班记录（装订册）", True)]
    assert anchor_list._check(listed[0]) == "相符"
    now = head(window.ctx.store)
    page.anchors._keep({"line": f"第{now.seq}条 {now.hash[:16].upper()}", "source": "2026-11-24 值班日报"})
    page.anchors.reload()
    assert [r["seq"] for r in page.anchors.model.records][-1] == now.seq


def test_an_anchor_that_does_not_match_is_kept_only_when_confirmed(login_as, monkeypatch) -> None:
    window = login_as("admin")
    window.show_page("settings")
    page = window.page("settings")
    asked: list[str] = []
    monkeypatch.setattr(anchor_list, "confirm", lambda parent, title, text, default=None: asked.append(text) or False)
    with pytest.raises(Cancelled):
        page.anchors._keep({"line": "3:0000000000000000", "source": "抄错的一张"})
    assert "第3条现在的校验值" in asked[0]
    assert window.ctx.store.scalar("SELECT COUNT(*) FROM audit_anchor WHERE seq = 3") == 0


def test_the_office_edits_settings_but_no_anchors(login_as) -> None:
    window = login_as("bangongshi")
    window.show_page("settings")
    assert window.page("settings").anchors is None


def test_the_audit_page_names_a_record_changed_past_dutyroom(login_as, qtbot) -> None:
    window = login_as("admin")
    store = window.ctx.store
    entry = store.scalar("SELECT MAX(id) FROM duty_log_entry")
    shell = sqlite3.connect(store.path)
    shell.execute("UPDATE duty_log_entry SET summary = '被改动' WHERE id = ?", (entry,))
    shell.commit()
    shell.close()
    window.show_page("audit")
    page = window.page("audit")
    page.verify()
    qtbot.waitUntil(lambda: page.findings.rowCount() == 1, timeout=15000)
    assert f"值班记录 #{entry} 的内容与第" in page.message.text() and page.message.property("error") is True
    assert page.findings.record(0)["kind"] == "changed"
