"""Accounts: scrypt hashes, login with slow-down, first-run admin, password rules, last-admin guard."""

from __future__ import annotations

import pytest

from dutyroom.auth import accounts
from dutyroom.errors import AuthError, LoginThrottled, PermissionDenied, ValidationError
from dutyroom.session import Session
from tests.conftest import actor_with

PASSWORD = "Duty2026ok"


@pytest.fixture
def admin(store, clock) -> Session:
    actor = accounts.create_first_admin(store, clock, username="admin", password=PASSWORD, display_name="管理员")
    return Session(store, actor, clock)


def test_hash_is_salted_scrypt_and_checkable() -> None:
    first, second = accounts.hash_password(PASSWORD), accounts.hash_password(PASSWORD)
    assert first.startswith("scrypt$16384$8$1$") and first != second
    assert accounts.check_password(PASSWORD, first) and not accounts.check_password("wrong123", first)
    assert not accounts.check_password(PASSWORD, "garbage")


def test_password_never_stored_in_clear(store, clock, admin) -> None:
    accounts.create_account(admin, username="zhiban", password="Secret2026x", display_name="值班员甲",
                            roles=["officer"])
    store.checkpoint()
    raw = store.path.read_bytes()
    assert b"Secret2026x" not in raw and PASSWORD.encode() not in raw
    assert "Secret2026x" not in str([dict(r) for r in store.rows("SELECT * FROM audit_log")])


def test_first_admin_only_once(store, clock, admin) -> None:
    assert not accounts.needs_first_admin(store)
    with pytest.raises(ValidationError, match="已有账户"):
        accounts.create_first_admin(store, clock, username="admin2", password=PASSWORD, display_name="又一个")


def test_needs_first_admin_on_new_database(store) -> None:
    assert accounts.needs_first_admin(store)


def test_login_success_and_wrong_password(store, clock, admin) -> None:
    actor = accounts.login(store, "ADMIN", PASSWORD, clock)
    assert actor.username == "admin" and actor.roles == frozenset({"admin", "office"})
    with pytest.raises(AuthError, match="用户名或密码错误"):
        accounts.login(store, "admin", "wrong-pass1", clock)


@pytest.mark.parametrize("username", ["admin", "nobody"])
def test_repeated_failures_slow_down(store, clock, admin, username: str) -> None:
    for _ in range(3):
        with pytest.raises(AuthError):
            accounts.login(store, username, "bad-pass-1", clock)
    with pytest.raises(LoginThrottled) as waited:
        accounts.login(store, username, PASSWORD, clock)
    assert waited.value.wait_seconds == 5
    clock.advance(seconds=5)
    with pytest.raises(AuthError):
        accounts.login(store, username, "bad-pass-1", clock)
    with pytest.raises(LoginThrottled) as longer:
        accounts.login(store, username, PASSWORD, clock)
    assert longer.value.wait_seconds == 10
    clock.advance(seconds=10)
    if username == "admin":
        accounts.login(store, username, PASSWORD, clock)
        with pytest.raises(AuthError):  # counter reset: a wrong password is an ordinary failure again
            accounts.login(store, username, "bad-pass-1", clock)


def test_wait_grows_and_is_capped() -> None:
    assert [accounts.wait_seconds(n) for n in range(3)] == [0, 0, 0]
    assert accounts.wait_seconds(3) == 5 and accounts.wait_seconds(4) == 10
    assert accounts.wait_seconds(50) == accounts.MAX_WAIT_SECONDS


@pytest.mark.parametrize(("password", "message"), [
    ("short1", "至少需要8位"), ("onlyletters", "字母和数字"), ("12345678", "字母和数字")])
def test_password_rules(admin, password: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        accounts.create_account(admin, username="x1", password=password, display_name="某人", roles=["officer"])


def test_username_rules_and_uniqueness(admin) -> None:
    with pytest.raises(ValidationError, match="用户名"):
        accounts.create_account(admin, username="张三", password=PASSWORD, display_name="张三", roles=["officer"])
    with pytest.raises(ValidationError, match="已被使用"):
        accounts.create_account(admin, username="Admin", password=PASSWORD, display_name="重名", roles=["officer"])


def test_reset_forces_change_and_change_works(store, clock, admin) -> None:
    account_id = accounts.create_account(admin, username="zhiban", password=PASSWORD, display_name="值班员甲",
                                         roles=["officer"], must_change=False)
    accounts.reset_password(admin, account_id, "Temp2026ab")
    assert accounts.must_change_password(store, account_id)
    actor = accounts.login(store, "zhiban", "Temp2026ab", clock)
    own = Session(store, actor, clock)
    with pytest.raises(AuthError, match="原密码不正确"):
        accounts.change_own_password(own, "nope12345", "Fresh2026cd")
    accounts.change_own_password(own, "Temp2026ab", "Fresh2026cd")
    assert not accounts.must_change_password(store, account_id)
    accounts.login(store, "zhiban", "Fresh2026cd", clock)


def test_voided_account_cannot_log_in(store, clock, admin) -> None:
    account_id = accounts.create_account(admin, username="leaver", password=PASSWORD, display_name="调离人员",
                                         roles=["officer"])
    with pytest.raises(ValidationError, match="原因"):
        accounts.void_account(admin, account_id, "  ")
    accounts.void_account(admin, account_id, "调离本单位")
    with pytest.raises(AuthError, match="已停用"):
        accounts.login(store, "leaver", PASSWORD, clock)
    assert store.scalar("SELECT COUNT(*) FROM account WHERE id = ?", (account_id,)) == 1


def test_last_admin_is_protected(store, clock, admin) -> None:
    with pytest.raises(ValidationError, match="自己"):
        accounts.void_account(admin, admin.actor.account_id, "测试")
    with pytest.raises(ValidationError, match="最后一个管理员"):
        accounts.set_roles(admin, admin.actor.account_id, ["office"])
    second = accounts.create_account(admin, username="admin2", password=PASSWORD, display_name="管理员乙",
                                     roles=["admin"], must_change=False)
    accounts.set_roles(admin, admin.actor.account_id, ["office", "admin"])
    other = Session(store, accounts.actor_for(store, second), clock)
    accounts.void_account(other, admin.actor.account_id, "交接")
    with pytest.raises(ValidationError, match="最后一个管理员"):
        accounts.set_roles(other, second, ["office"])


def test_only_admin_manages_accounts(store, clock, admin) -> None:
    office = Session(store, actor_with("office"), clock)
    with pytest.raises(PermissionDenied, match="无权管理账户和角色"):
        accounts.create_account(office, username="x2", password=PASSWORD, display_name="某人", roles=["officer"])


def test_temporary_password_allows_nothing_but_changing_it(store, clock, admin) -> None:
    """In the core, not only in the GUI: every operation refuses an account on a temporary password."""
    from dutyroom import settings

    other = accounts.create_account(admin, username="admin2", password=PASSWORD, display_name="管理员乙",
                                    roles=["admin"])          # made with a temporary password (the default)
    actor = accounts.login(store, "admin2", PASSWORD, clock)   # signing in itself is allowed
    assert actor.must_change_password
    session = Session(store, actor, clock)
    audit_rows = store.scalar("SELECT COUNT(*) FROM audit_log")
    assert not session.can("account.manage")
    for attempt in (lambda: accounts.create_account(session, username="x3", password=PASSWORD, display_name="某人",
                                                    roles=["officer"]),
                    lambda: accounts.reset_password(session, admin.actor.account_id, "Temp2026xy"),
                    lambda: settings.set_value(session, "org.name", "改名")):
        with pytest.raises(PermissionDenied, match="临时密码"):
            attempt()
    with pytest.raises(PermissionDenied, match="临时密码"), session.write():
        pass                                                   # any write, even one that checks no permission
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == audit_rows
    accounts.change_own_password(session, PASSWORD, "Fresh2026cd")
    assert not session.actor.must_change_password and not accounts.must_change_password(store, other)
    accounts.create_account(session, username="x3", password=PASSWORD, display_name="某人", roles=["officer"])
