"""Sent is final (every column, delete too; the receipt confirmation once); a failed login keeps no typed text
unless it names an account (issue 13, deliverables 5 and 6)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from dutyroom.auth import accounts
from dutyroom.errors import AuthError, LoginThrottled, ValidationError
from dutyroom.incidents import reports
from dutyroom.session import Session
from dutyroom.store import Store
from tests.incident_helpers import session_as

PASSWORD = "Duty2026ok"


def shell(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection: the triggers in the file are all that stands in the way."""
    return sqlite3.connect(path, isolation_level=None)


def sent_report(store: Store) -> int:
    return int(store.scalar("SELECT MIN(id) FROM incident_report WHERE status = 'sent'"))


@pytest.mark.parametrize(("column", "value"), [
    ("confirmed_at", "2026-11-24T09:00:00+08:00"), ("confirmed_by_name", "别人"), ("confirmed_with", "别处"),
    ("signed_on_duty", 0), ("created_at", "2026-01-01T00:00:00+08:00"), ("updated_at", "2026-01-01T00:00:00+08:00"),
    ("body_json", "{}"), ("status", "draft"),
])
def test_no_column_of_a_sent_report_changes(demo_store: Store, column: str, value: object) -> None:
    report = sent_report(demo_store)
    conn = shell(demo_store.path)
    with pytest.raises(sqlite3.IntegrityError, match="不可"):
        conn.execute(f"UPDATE incident_report SET {column} = ? WHERE id = ?", (value, report))
    conn.close()


def test_a_report_is_never_deleted(demo_store: Store) -> None:
    conn = shell(demo_store.path)
    for report in (sent_report(demo_store), demo_store.scalar("SELECT MIN(id) FROM incident_report"
                                                              " WHERE status = 'draft'")):
        with pytest.raises(sqlite3.IntegrityError, match="报告不可删除"):
            conn.execute("DELETE FROM incident_report WHERE id = ?", (report,))
    conn.close()
    assert demo_store.scalar("SELECT COUNT(*) FROM incident_report WHERE id = ?", (sent_report(demo_store),)) == 1


def test_the_receipt_is_confirmed_once_after_sending(demo_store: Store, clock) -> None:
    officer, leader = session_as(demo_store, clock, "zhiban"), session_as(demo_store, clock, "daiban")
    report = demo_store.scalar("SELECT MIN(id) FROM incident_report WHERE status = 'draft'")
    conn = shell(demo_store.path)
    with pytest.raises(sqlite3.IntegrityError, match="只能在报送后登记"):
        conn.execute("UPDATE incident_report SET confirmed_at = 'x', confirmed_by_name = 'x', confirmed_with = 'x'"
                     " WHERE id = ?", (report,))
    reports.sign_off(leader, report)
    reports.mark_sent(officer, report, to="市应急管理局总值班室", channel="传真")
    reports.confirm_receipt(officer, report, confirmed_with="市应急管理局总值班室 张明")
    with pytest.raises(ValidationError, match="电话确认"):
        reports.confirm_receipt(officer, report, confirmed_with="别人")
    with pytest.raises(sqlite3.IntegrityError, match="登记后不可更改"):
        conn.execute("UPDATE incident_report SET confirmed_with = '别人' WHERE id = ?", (report,))
    conn.close()


# -- failed logins ------------------------------------------------------------------------------------------

@pytest.fixture
def admin(store, clock) -> Session:
    actor = accounts.create_first_admin(store, clock, username="admin", password=PASSWORD, display_name="管理员")
    return Session(store, actor, clock)


def _everything_text(store: Store) -> str:
    """Every value of every table, as text: what someone reading the file would see."""
    tables = store.column("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%'")
    return json.dumps([[list(r) for r in store.rows(f"SELECT * FROM {t}")] for t in tables], ensure_ascii=False,
                      default=str)


def test_a_password_typed_as_the_user_name_is_not_kept(store: Store, clock, admin: Session) -> None:
    with pytest.raises(AuthError):
        accounts.login(store, "Geheim2026pw", "admin", clock)
    assert "Geheim2026pw" not in _everything_text(store)
    failed = store.row("SELECT * FROM audit_log WHERE op = 'auth.login_failed'")
    assert json.loads(failed["after_json"]) == {"failures": 1} and failed["entity_id"] is None
    store.checkpoint()
    assert b"Geheim2026pw" not in store.path.read_bytes()


def test_a_failure_on_an_account_names_it(store: Store, clock, admin: Session) -> None:
    with pytest.raises(AuthError):
        accounts.login(store, "ADMIN", "wrong-pass1", clock)
    failed = store.row("SELECT * FROM audit_log WHERE op = 'auth.login_failed'")
    assert json.loads(failed["after_json"]) == {"username": "admin", "failures": 1}
    assert failed["entity_id"] == str(admin.actor.account_id)


def test_an_unknown_name_is_still_throttled_by_itself(store: Store, clock, admin: Session) -> None:
    for typed in ("nobody", "NoBody", "nobody"):
        with pytest.raises(AuthError):
            accounts.login(store, typed, "bad-pass-1", clock)
    with pytest.raises(LoginThrottled):
        accounts.login(store, "NOBODY", "bad-pass-1", clock)
    assert accounts.login(store, "admin", PASSWORD, clock).username == "admin"    # another name: not slowed
    assert "nobody" not in _everything_text(store).lower()
