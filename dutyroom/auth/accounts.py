"""Local accounts: scrypt password hashes, login with slow-down after failures, role management."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
from dataclasses import replace
from datetime import timedelta
from typing import Any, TypedDict, cast

from dutyroom.auth.permissions import ROLE_LABELS, AccountRole
from dutyroom.clock import Clock, parse_iso
from dutyroom.errors import AuthError, LoginThrottled, NotFound, ValidationError
from dutyroom.session import SYSTEM_ACTOR, Actor, Links, Session, Tx
from dutyroom.store import Reader, Store

# scrypt with n=2**14, r=8 needs 16 MiB per hash: memory-hard, ~50 ms on the duty-room PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_LEN = 2**14, 8, 1, 32
NAME_KEY_N = 2**11          # the unknown-name key: a few ms here, each guess as dear to anyone holding the file
FREE_ATTEMPTS = 3
MAX_WAIT_SECONDS = 300
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,32}$")
_DUMMY_HASH: str | None = None


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P,
                            maxmem=64 * 1024 * 1024, dklen=KEY_LEN)
    encode = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${encode(salt).decode()}${encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt_b64, digest_b64 = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest_b64)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt_b64), n=int(n), r=int(r),
                                p=int(p), maxmem=64 * 1024 * 1024, dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def validate_password(password: str) -> None:
    if len(password) < 8:
        raise ValidationError("密码至少需要8位。", field="password")
    if not (re.search(r"[A-Za-z]", password) and re.search(r"\d", password)):
        raise ValidationError("密码须同时包含字母和数字。", field="password")
    if len(password) > 128:
        raise ValidationError("密码过长（最多128位）。", field="password")


def validate_username(username: str) -> str:
    username = (username or "").strip()
    if not _USERNAME.match(username):
        raise ValidationError("用户名应为2到32位的字母、数字、下划线、点或短横线。", field="username")
    return username


def _validate_roles(roles: set[str] | frozenset[str] | list[str]) -> list[str]:
    wanted = set(roles)
    if not wanted:
        raise ValidationError("至少选择一个角色。", field="roles")
    unknown = wanted - set(ROLE_LABELS)
    if unknown:
        raise ValidationError(f"未知的角色：{'、'.join(sorted(unknown))}", field="roles")
    return [r for r in ROLE_LABELS if r in wanted]


def wait_seconds(failures: int) -> int:
    """How long a name must wait before the next try, after ``failures`` failures in a row."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(MAX_WAIT_SECONDS, 5 * 2 ** (failures - FREE_ATTEMPTS))


def _roles_of(reader: Reader, account_id: int) -> frozenset[str]:
    return frozenset(reader.column("SELECT role FROM account_role WHERE account_id = ?", (account_id,)))


def _snapshot(tx: Tx, account_id: int) -> dict[str, Any]:
    snap = tx.snapshot("account", account_id)
    snap.pop("password_hash")
    snap["roles"] = sorted(_roles_of(tx, account_id))
    return snap


def actor_for(store: Store, account_id: int) -> Actor:
    row = store.row("SELECT * FROM account WHERE id = ?", (account_id,))
    if row is None:
        raise NotFound("账户不存在。")
    return Actor(row["id"], row["username"], row["display_name"], _roles_of(store, account_id),
                 row["person_id"], must_change_password=bool(row["must_change_password"]))


def account_count(store: Store) -> int:
    return int(store.scalar("SELECT COUNT(*) FROM account WHERE voided_at IS NULL"))


def needs_first_admin(store: Store) -> bool:
    """A new database has no account yet: the first run asks for the administrator."""
    return int(store.scalar("SELECT COUNT(*) FROM account")) == 0


def insert_account(tx: Tx, username: str, password: str, display_name: str, roles: list[str],
                   person_id: int | None, must_change: bool, *, password_hash: str | None = None) -> int:
    """Write one account (validated by the caller) with its audit row; ``password_hash`` when the password was
    hashed before the transaction (``auth.bulk``)."""
    exists = tx.row("SELECT 1 FROM account WHERE username = ? COLLATE NOCASE", (username,))
    if exists:
        raise ValidationError(f"用户名“{username}”已被使用。", field="username")
    if person_id is not None:
        person = tx.row("SELECT voided_at FROM person WHERE id = ?", (person_id,))
        if person is None or person[0]:
            raise ValidationError("关联的人员不存在或已作废。", field="person_id")
    account_id = tx.insert("account", {
        "username": username, "display_name": display_name, "person_id": person_id,
        "password_hash": password_hash or hash_password(password), "must_change_password": int(must_change),
        "created_at": tx.at, "updated_at": tx.at,
    })
    tx.insert_many("account_role", [{"account_id": account_id, "role": role} for role in roles])
    tx.audit("account.create", "account", account_id, after=_snapshot(tx, account_id))
    return account_id


def _clean_display_name(display_name: str) -> str:
    display_name = (display_name or "").strip()
    if not display_name:
        raise ValidationError("姓名不能为空。", field="display_name")
    if len(display_name) > 30:
        raise ValidationError("姓名过长（最多30字）。", field="display_name")
    return display_name


FIRST_ADMIN_ROLES = ("admin", "office")


def create_first_admin(store: Store, clock: Clock, *, username: str, password: str, display_name: str,
                       person_id: int | None = None) -> Actor:
    """The administrator account of a brand-new database (only possible while there is no account). It holds
    管理员 and 办公室: in a county bureau the office usually sets the system up (the role can be dropped later)."""
    username = validate_username(username)
    validate_password(password)
    display_name = _clean_display_name(display_name)
    session = Session(store, SYSTEM_ACTOR, clock)
    with session.write() as tx:
        if tx.scalar("SELECT COUNT(*) FROM account"):
            raise ValidationError("系统中已有账户，不能再次创建初始管理员。")
        account_id = insert_account(tx, username, password, display_name, list(FIRST_ADMIN_ROLES), person_id, False)
    return actor_for(store, account_id)


def create_account(session: Session, *, username: str, password: str, display_name: str,
                   roles: set[str] | list[str], person_id: int | None = None, must_change: bool = True) -> int:
    session.require("account.manage")
    username = validate_username(username)
    validate_password(password)
    display_name = _clean_display_name(display_name)
    ordered = _validate_roles(roles)
    with session.write() as tx:
        return insert_account(tx, username, password, display_name, ordered, person_id, must_change)


def _active_admins(tx: Tx) -> set[int]:
    return set(tx.column(
        "SELECT a.id FROM account a JOIN account_role r ON r.account_id = a.id AND r.role = 'admin'"
        " WHERE a.voided_at IS NULL"))


def set_roles(session: Session, account_id: int, roles: set[str] | list[str]) -> bool:
    """Returns whether anything changed (the same roles again write nothing)."""
    session.require("account.manage")
    ordered = _validate_roles(roles)
    with session.write() as tx:
        before = _snapshot(tx, account_id)
        if before["voided_at"]:
            raise ValidationError("该账户已停用。")
        if "admin" not in ordered and _active_admins(tx) == {account_id}:
            raise ValidationError("这是最后一个管理员账户，不能取消其管理员角色。", field="roles")
        roles_links = Links("account_role", {"account_id": account_id}, [{"role": role} for role in ordered])
        return tx.update_audited("account", account_id, {}, op="account.set_roles", entity="account",
                                 links=[roles_links], before=before,
                                 snapshot=lambda: _snapshot(tx, account_id))


def update_account(session: Session, account_id: int, *, display_name: str | None = None,
                   person_id: int | None = None) -> bool:
    """Returns whether anything changed (a save that changes nothing writes nothing)."""
    session.require("account.manage")
    changes: dict[str, Any] = {}
    if display_name is not None:
        changes["display_name"] = _clean_display_name(display_name)
    changes["person_id"] = person_id
    with session.write() as tx:
        return tx.update_audited("account", account_id, changes, op="account.update", entity="account",
                                 snapshot=lambda: _snapshot(tx, account_id))


def reset_password(session: Session, account_id: int, new_password: str) -> None:
    """An administrator sets a temporary password; the user must change it at next login."""
    session.require("account.manage")
    validate_password(new_password)
    with session.write() as tx:
        before = _snapshot(tx, account_id)
        tx.update("account", account_id, {"password_hash": hash_password(new_password),
                                          "must_change_password": 1, "updated_at": tx.at})
        tx.delete("login_state", {"username": before["username"]})
        tx.audit("account.reset_password", "account", account_id, before=before, after=_snapshot(tx, account_id))


def change_own_password(session: Session, old_password: str, new_password: str) -> None:
    account_id = session.actor.account_id
    if account_id is None:
        raise ValidationError("系统账户没有密码。")
    row = session.store.row("SELECT password_hash FROM account WHERE id = ?", (account_id,))
    if row is None or not check_password(old_password, row["password_hash"]):
        raise AuthError("原密码不正确。")
    validate_password(new_password)
    if new_password == old_password:
        raise ValidationError("新密码不能与原密码相同。", field="password")
    with session.write(own_account=True) as tx:
        before = _snapshot(tx, account_id)
        tx.update("account", account_id, {"password_hash": hash_password(new_password),
                                          "must_change_password": 0, "updated_at": tx.at})
        tx.audit("account.change_password", "account", account_id, before=before,
                 after=_snapshot(tx, account_id))
    session.actor = replace(session.actor, must_change_password=False)


def void_account(session: Session, account_id: int, reason: str) -> None:
    session.require("account.manage")
    if account_id == session.actor.account_id:
        raise ValidationError("不能停用自己正在使用的账户。")
    with session.write() as tx:
        if _active_admins(tx) == {account_id}:
            raise ValidationError("这是最后一个管理员账户，不能停用。")
        tx.void("account", account_id, reason, op="account.void", entity="account")


def _dummy_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(8))
    return _DUMMY_HASH


def _unknown_name_key(store: Store, typed: str) -> str:
    """The failed-login counter of a name that is no account: a slow hash keyed by this file's salt, so the
    typed text (perhaps a password typed into the name box) cannot be read back, yet each name is throttled."""
    salt = store.scalar("SELECT salt FROM login_salt WHERE singleton = 1") or ""
    digest = hashlib.scrypt(typed.casefold().encode("utf-8"), salt=salt.encode("ascii"), n=NAME_KEY_N, r=8, p=1,
                            maxmem=64 * 1024 * 1024, dklen=16)
    return "?" + digest.hex()


def login(store: Store, username: str, password: str, clock: Clock) -> Actor:
    """Check a user name and password; repeated failures make the next try wait longer."""
    username = (username or "").strip()
    if not username or not password:
        raise AuthError("请输入用户名和密码。")
    now = clock.now()
    row = store.row("SELECT * FROM account WHERE username = ? COLLATE NOCASE", (username,))
    # Keyed even for known names, so that timing does not tell which names exist.
    unknown_key = _unknown_name_key(store, username)
    key = row["username"] if row else unknown_key
    state = store.row("SELECT failures, last_failure_at FROM login_state WHERE username = ?", (key,))
    failures = state["failures"] if state else 0
    if state and state["last_failure_at"]:
        ready_at = parse_iso(state["last_failure_at"]) + timedelta(seconds=wait_seconds(failures))
        if now < ready_at:
            raise LoginThrottled(max(1, int((ready_at - now).total_seconds() + 0.999)))
    # Hash even for unknown names so that timing does not tell which names exist.
    good = check_password(password, row["password_hash"] if row else _dummy_hash())
    if row is not None and row["voided_at"] and good:
        raise AuthError("该账户已停用，请联系管理员。")
    session = Session(store, SYSTEM_ACTOR, clock)
    if not good or row is None:
        # What was typed is kept only when it names an account: a password typed into the name box must
        # not stay in the file (the counter of an unknown name is kept under its keyed hash).
        attempt: dict[str, Any] = {"username": row["username"]} if row else {}
        with session.write() as tx:
            so_far = tx.scalar("SELECT failures FROM login_state WHERE username = ?", (key,)) or 0
            tx.upsert("login_state", {"username": key, "failures": so_far + 1, "last_failure_at": tx.at},
                      key=("username",))
            tx.audit("auth.login_failed", "account", row["id"] if row else None,
                     after={**attempt, "failures": failures + 1})
        wait = wait_seconds(failures + 1)
        hint = f"请在 {wait} 秒后再试。" if wait else f"还可再试 {FREE_ATTEMPTS - failures - 1} 次，之后每次失败都需等待。"
        raise AuthError(f"用户名或密码错误。{hint}")
    actor = actor_for(store, row["id"])
    with Session(store, actor, clock).write(own_account=True) as tx:
        tx.delete("login_state", {"username": key})
        tx.update("account", row["id"], {"last_login_at": tx.at})
        tx.audit("auth.login", "account", row["id"], after={"username": row["username"]})
    return actor


class AccountSummary(TypedDict):
    """An account in the administrator's list (``list_accounts``): never its password hash."""
    id: int
    username: str
    display_name: str
    person_id: int | None
    must_change_password: int
    last_login_at: str | None
    created_at: str
    voided_at: str | None
    void_reason: str | None
    person_name: str | None
    roles: list[AccountRole]


def list_accounts(store: Store, *, include_voided: bool = True) -> list[AccountSummary]:
    where = "" if include_voided else "WHERE a.voided_at IS NULL"
    rows = store.rows(
        f"SELECT a.id, a.username, a.display_name, a.person_id, a.must_change_password, a.last_login_at,"
        f" a.created_at, a.voided_at, a.void_reason, p.name AS person_name"
        f" FROM account a LEFT JOIN person p ON p.id = a.person_id {where} ORDER BY a.voided_at IS NOT NULL, a.id"
    )
    out = []
    for row in rows:
        item = dict(row)
        item["roles"] = [r for r in ROLE_LABELS if r in _roles_of(store, row["id"])]
        out.append(cast(AccountSummary, item))
    return out


def must_change_password(store: Store, account_id: int) -> bool:
    return bool(store.scalar("SELECT must_change_password FROM account WHERE id = ?", (account_id,)))
