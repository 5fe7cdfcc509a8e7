"""Leave on screen: an officer asks on 我的值班, the office approves on 请假审批 and approves the proposed 代班 in one
click; the signed-in person's duty reminder at login and by the clock."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

from dutyroom.clock import CST
from dutyroom.gui.kit import ops
from dutyroom.gui.kit.dates import to_qdate
from dutyroom.gui.roster.leave_dialog import LeaveDialog
from dutyroom.roster import changes, leave
from dutyroom.roster.reminders import duty_reminder

ROOT = Path(__file__).resolve().parents[2]


def next_duty(store, person_id: int, after: date) -> dict:
    return dict(store.one("SELECT * FROM duty_assignment WHERE person_id = ? AND voided_at IS NULL AND duty_date > ?"
                          " ORDER BY duty_date", (person_id, after.isoformat())))


def test_officer_asks_office_approves_and_covers(login_as, demo_store, clock, monkeypatch) -> None:
    window = login_as("zhiban")
    window.show_page("mine")
    page = window.page("mine")
    person = window.ctx.session.actor.person_id
    duty = next_duty(demo_store, person, clock.now().date())
    day = date.fromisoformat(duty["duty_date"])
    for pending in demo_store.column("SELECT id FROM roster_change WHERE status = 'pending' AND ? IN"
                                     " (first_assignment_id, second_assignment_id)", (duty["id"],)):
        changes.withdraw_change(window.ctx.session, pending, "改为请假")     # the demo's own 代班 request

    def fill_and_submit(dialog: LeaveDialog) -> int:
        assert not dialog.person.isEnabled()              # staff ask for themselves
        dialog.start.setDate(to_qdate(day))
        dialog.end.setDate(to_qdate(day))
        assert "涉及已发布的值班" in dialog.effect.text() and f"{day.month}月{day.day}日" in dialog.effect.text()
        dialog.submit()
        assert "请填写事由" in dialog.checks.shown.get("reason", "")   # refused: the reason is missing
        dialog.reason.setPlainText("家中老人住院")
        dialog.submit()
        return dialog.result()

    monkeypatch.setattr(LeaveDialog, "exec", fill_and_submit)
    page.request_leave()
    request = demo_store.one("SELECT * FROM leave_request ORDER BY id DESC LIMIT 1")
    assert (request["status"], request["person_id"], request["reason"]) == ("pending", person, "家中老人住院")
    assert page.requests.currentWidget() is page.leave_view and page.leaves.record(0)["status_label"] == "待审批"
    assert "已提交" in page.message.text()
    window.close()

    office = login_as("bangongshi")
    assert "leave" in office.page_keys()
    office.show_page("leave")
    approvals = office.page("leave")
    waiting = demo_store.scalar("SELECT COUNT(*) FROM leave_request WHERE status = 'pending'")
    assert waiting >= 2 and f"待审批 {waiting} 件" in approvals.summary.text()      # the demo's own and this one
    approvals._select(request["id"])
    assert approvals.approve_button.isEnabled() and "涉及已发布的值班 1 个" in approvals.detail.text()
    approvals.approve()
    assert demo_store.scalar("SELECT status FROM leave_request WHERE id = ?", (request["id"],)) == "approved"
    assert "已建议代班1个" in approvals.message.text()
    assert "建议" in approvals.detail.text() and approvals.cover_button.isEnabled()
    change_id = demo_store.scalar("SELECT change_id FROM leave_duty WHERE leave_request_id = ?", (request["id"],))
    approvals.approve_cover()
    assert demo_store.scalar("SELECT status FROM roster_change WHERE id = ?", (change_id,)) == "approved"
    assert demo_store.scalar("SELECT voided_at FROM duty_assignment WHERE id = ?", (duty["id"],))
    assert "已批准代班1个" in approvals.message.text() and not approvals.cover_button.isEnabled()
    # A refusal asks for the reason.
    second = leave.request_leave(office.ctx.session, person, "training", day + timedelta(days=10),
                                 day + timedelta(days=11), "市局培训")
    approvals._select(second)
    monkeypatch.setattr(ops, "ask_reason", lambda *_: "12月人手紧")
    approvals.refuse()
    assert demo_store.one("SELECT status, decision_note FROM leave_request WHERE id = ?", (second,))[:] == \
        ("refused", "12月人手紧")
    assert "未批准" in approvals.message.text()


def test_reminder_bar_and_tray_by_the_clock(login_as, demo_store, clock, qtbot) -> None:
    person = demo_store.scalar("SELECT person_id FROM account WHERE username = 'zhiban'")
    duty = next_duty(demo_store, person, clock.now().date() + timedelta(days=1))
    day = date.fromisoformat(duty["duty_date"])
    clock.set(datetime.combine(day - timedelta(days=1), datetime.min.time(), CST).replace(hour=9))
    window = login_as("zhiban")
    reminder = window.reminder
    assert not reminder.alarm.rung                       # looked at just after the first paint, not before
    qtbot.waitUntil(lambda: bool(reminder.alarm.rung))
    assert reminder.banner.isVisibleTo(window) and reminder.text.text().startswith("明天您值班（")
    assert reminder.status.text() == duty_reminder(demo_store, person, clock.now()).text
    assert len(reminder.alarm.rung) == 1 and reminder.alarm.rung[0].title == "值班提醒"
    window.update_status()                               # the status timer: the same reminder rings once
    assert len(reminder.alarm.rung) == 1
    reminder.dismiss()
    window.update_status()
    assert not reminder.banner.isVisibleTo(window) and reminder.status.isVisibleTo(window)
    clock.set(datetime.combine(day, datetime.min.time(), CST).replace(hour=7))
    window.update_status()                               # the morning of: a new reminder, the bar again
    assert reminder.text.text().startswith("今天您值班（") and reminder.banner.isVisibleTo(window)
    assert len(reminder.alarm.rung) == 2
    clock.set(datetime.combine(day, datetime.min.time(), CST).replace(hour=12))
    window.update_status()
    assert not reminder.banner.isVisibleTo(window) and not reminder.status.isVisibleTo(window)


def test_meal_and_callout_rates_are_set_with_the_other_rates(login_as, demo_store) -> None:
    from dutyroom import settings
    from dutyroom.gui.roster.setup_dialogs import RulesDialog

    window = login_as("bangongshi")
    dialog = RulesDialog(window.ctx, window)
    meal, callout = dialog.rates[("roster.meal_allowance", "")], dialog.rates[("roster.callout_allowance", "")]
    assert (meal.text(), callout.text()) == ("30", "50")          # the demo's rates
    meal.setText("三十")
    assert not dialog.save() and "误餐补助" in dialog.message.text()
    assert settings.get(demo_store, "roster.meal_allowance") == 30
    meal.setText("40")
    callout.setText("60")
    assert dialog.save()
    assert settings.get_many(demo_store, "roster.meal_allowance", "roster.callout_allowance") == \
        {"roster.meal_allowance": 40, "roster.callout_allowance": 60}


def test_the_reminder_and_the_login_forms_are_off_the_path_to_the_first_paint(demo_file, tmp_path) -> None:
    """The duty reminder (with the roster's leave, changes and planning) is read just after the first paint,
    the login forms only when a login is asked for: a window opened for a signed-in person has loaded neither
    when it is first painted; the reminder is loaded a moment later."""
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from dutyroom.gui.app import AppController, create_application, ui_state_settings\n"
        "from dutyroom.store import open_store\n"
        "from dutyroom.auth import accounts\n"
        "app = create_application([])\n"
        f"store = open_store(Path({str(demo_file)!r}))\n"
        f"controller = AppController(store, demo=True, ui_state=ui_state_settings(Path({str(tmp_path / 'ui.ini')!r})),"
        " automatic_backups=False)\n"
        "actor = accounts.actor_for(store, store.scalar(\"SELECT id FROM account WHERE username = 'zhiban'\"))\n"
        "window = controller.open_window(actor)\n"
        "loaded = lambda: sorted(m for m in ('dutyroom.roster.reminders', 'dutyroom.roster.leave',"
        " 'dutyroom.gui.auth.login') if m in sys.modules)\n"
        "print(loaded())\n"
        "deadline = time.monotonic() + 10\n"
        "while 'dutyroom.roster.reminders' not in sys.modules and time.monotonic() < deadline: app.processEvents()\n"
        "for _ in range(20): app.processEvents()\n"
        "print(window.after_first_paint.done, loaded())\n"
        "window.close(); controller.tasks.wait_all(); store.close()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    before, after = result.stdout.strip().splitlines()[-2:]
    assert before == "[]"
    assert after == "True ['dutyroom.roster.leave', 'dutyroom.roster.reminders']"
