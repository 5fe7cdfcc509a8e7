"""Pages refresh on the areas they show, and only on those: 今日值班 follows people, duties, the log and the
settings, not an incident report being edited or a desk phone being added."""

from __future__ import annotations

import json

from dutyroom import settings
from dutyroom.contacts import desk, people
from dutyroom.incidents import reports
from dutyroom.session import SYSTEM_ACTOR, Session
from tests.incident_helpers import session_as


def test_today_refreshes_on_what_it_shows_only(login_as, controller, clock, monkeypatch) -> None:
    window = login_as("bangongshi")
    page = window.page("today")
    assert window.current_key() == "today"
    reloads = []
    monkeypatch.setattr(page, "reload", lambda: reloads.append(1))
    store = controller.store
    office = Session(store, window.ctx.session.actor, clock)
    officer = session_as(store, clock, "zhiban")

    draft = dict(store.row("SELECT * FROM incident_report WHERE status = 'draft' AND voided_at IS NULL"))
    body = {**json.loads(draft["body_json"]), "measures": "县应急局工作组已到场。"}
    assert reports.update_report(officer, draft["id"], body=body) is True
    desk.create_desk_phone(office, label="县气象台", number="0000-7712121")
    assert reloads == []

    person = store.scalar("SELECT id FROM person WHERE is_staff = 1 AND voided_at IS NULL ORDER BY id")
    people.set_away(office, person, clock.now().date(), clock.now().date(), "外出开会")
    assert reloads == [1]
    settings.set_value(Session(store, SYSTEM_ACTOR, clock), "duty.phone", "0000-7700110")
    assert reloads == [1, 1]


def test_a_hidden_page_waits_until_it_is_shown(login_as, controller, clock, monkeypatch) -> None:
    window = login_as("bangongshi")
    settings_page = window.page("settings")
    assert window.current_key() != "settings"
    reloads = []
    monkeypatch.setattr(settings_page, "reload", lambda: reloads.append(1))
    settings.set_value(Session(controller.store, SYSTEM_ACTOR, clock), "duty.fax", "0000-7700119")
    assert reloads == []
    window.show_page("settings")
    assert reloads == [1]
