"""我的值班: a duty officer sees their own duties ahead, asks for a substitute, and withdraws the request."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from dutyroom.gui.kit import ops
from dutyroom.gui.roster.change_dialog import ChangeDialog
from dutyroom.roster import changes


def test_officer_requests_a_substitute_and_withdraws(login_as, demo_store, clock, qtbot, monkeypatch) -> None:
    window = login_as("zhiban")
    window.show_page("mine")
    page = window.page("mine")
    person_id = window.ctx.session.actor.person_id
    today = clock.now().date()
    expected = demo_store.scalar(
        "SELECT COUNT(*) FROM duty_assignment WHERE person_id = ? AND voided_at IS NULL AND duty_date BETWEEN ? AND ?",
        (person_id, today.isoformat(), (today + timedelta(days=90)).isoformat()))
    assert expected > 0 and page.duties.rowCount() == expected
    assert "共 " in page.summary.text()
    assert not page.change_button.isEnabled()          # nothing selected yet
    # The demo may already hold a pending request on the officer's next duty: take it back first.
    for pending in demo_store.rows("SELECT c.id FROM roster_change c JOIN duty_assignment a"
                                   " ON a.id = c.first_assignment_id WHERE c.status = 'pending' AND a.person_id = ?",
                                   (person_id,)):
        changes.withdraw_change(window.ctx.session, pending["id"], "改由本人重新申请")
    page.reload()
    first = next(r for r in range(page.duties.rowCount()) if not page.duties.record(r)["duty"].pending_change)
    # setCurrentIndex, not selectRow: selectRow picks the column at the viewport's left edge, which an
    # offscreen window not yet laid out may not have
    page.duty_view.setCurrentIndex(page.duty_view.model().index(first, 0))
    assert page.change_button.isEnabled()
    duty = page.duties.record(first)["duty"]

    def fill_and_submit(dialog: ChangeDialog) -> int:
        assert not dialog.approve.isVisible()            # staff ask; the office approves
        dialog.substitute.setCurrentIndex(0)
        dialog.reason.setText("当天赴市里参加培训")
        return int(dialog.submit())

    monkeypatch.setattr(ChangeDialog, "exec", fill_and_submit)
    page.request_change()
    change = demo_store.row("SELECT * FROM roster_change ORDER BY id DESC LIMIT 1")
    assert change["status"] == "pending" and change["first_assignment_id"] == duty.assignment_id
    assert "待审批" in page.duties.record(first)["note"] and not page.change_button.isEnabled()
    row = next(r for r in range(page.changes.rowCount()) if page.changes.record(r)["id"] == change["id"])
    assert page.changes.record(row)["status_label"] == "待审批"
    page.change_view.setCurrentIndex(page.change_view.model().index(row, 0))
    monkeypatch.setattr(ops, "ask_reason", lambda *_: "培训改期")
    page.withdraw()
    assert demo_store.scalar("SELECT status FROM roster_change WHERE id = ?", (change["id"],)) == "withdrawn"
    assert "已撤回" in page.message.text() and page.duties.record(first)["note"] == ""


def test_an_account_without_a_person_is_told_why(login_as, qtbot) -> None:
    window = login_as("bangongshi")
    window.ctx.session.actor = replace(window.ctx.session.actor, person_id=None)   # as if never linked
    window.show_page("mine")
    page = window.page("mine")
    assert page.duties.rowCount() == 0 and "没有关联" in page.summary.text()
    assert not page.calendar_button.isEnabled()
