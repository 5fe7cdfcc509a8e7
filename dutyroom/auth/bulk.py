"""Accounts for the whole duty staff in one step, with printed slips instead of forty dialogs.

Every duty staff member with a role and no account gets one: the user name is their name in full pinyin
(the surname table respected: 曾 → zeng, 单 → shan), made unique (zhangwei, zhangwei2 …); the account role
follows their highest duty role (带班领导 → 带班领导, 值班长 → 值班长, otherwise 值班员); the initial password is
random, from letters and digits that cannot be misread (no 0/O, 1/l/I), and must be changed at first login.

The clear passwords exist only in memory and on the slips: ``create_staff_accounts`` hands them to
``deliver`` (which prints the slips) inside the transaction that creates the accounts, so either the slips
were made and the accounts exist, or neither. The database and the audit trail keep only hashes.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from dutyroom.auth.accounts import hash_password, insert_account
from dutyroom.auth.permissions import ROLE_LABELS
from dutyroom.contacts.pinyin import name_keys
from dutyroom.errors import ValidationError
from dutyroom.roster.staff import StaffMember, staff_list
from dutyroom.session import Session
from dutyroom.store import Reader, Store
from dutyroom.tasks import TaskState

READABLE = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no 0 O o 1 l I
PASSWORD_LENGTH = 10
USERNAME_ROOM = 28          # leaves room for a number within the 32 characters a user name may have


def new_password(length: int = PASSWORD_LENGTH) -> str:
    """A random password of readable characters with at least two letters and two digits."""
    while True:
        password = "".join(secrets.choice(READABLE) for _ in range(length))
        if sum(c.isdigit() for c in password) >= 2 and sum(c.isalpha() for c in password) >= 2:
            return password


def base_username(name: str) -> str:
    """"曾晓军" → "zengxiaojun": the first reading of the name in full pinyin, letters and digits only."""
    reading = name_keys(name).pinyin.split("|")[0]
    base = re.sub(r"[^a-z0-9]", "", reading.lower())[:USERNAME_ROOM]
    return base if len(base) >= 2 else "user"


def account_role(duty_roles: Iterable[str]) -> str:
    """The account role of a person from the highest duty role they may take."""
    roles = set(duty_roles)
    return "leader" if "leader" in roles else "chief" if "chief" in roles else "officer"


@dataclass(frozen=True)
class PlannedAccount:
    person_id: int
    name: str
    unit: str
    username: str
    role: str

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]

    def as_json(self) -> dict[str, object]:
        return {"person_id": self.person_id, "name": self.name, "unit": self.unit, "user": self.username,
                "role": self.role, "role_label": self.role_label}


@dataclass(frozen=True)
class NewAccount(PlannedAccount):
    account_id: int = 0
    password: str = field(default="", repr=False)


def _taken(reader: Reader) -> set[str]:
    return {u.lower() for u in reader.column("SELECT username FROM account")}


def _unique(base: str, taken: set[str]) -> str:
    name, number = base, 1
    while name.lower() in taken:
        number += 1
        name = f"{base}{number}"
    taken.add(name.lower())
    return name


def without_account(store: Store, person_ids: Iterable[int] | None = None) -> list[StaffMember]:
    """Duty staff holding a role and no active account (of ``person_ids`` when given)."""
    wanted = None if person_ids is None else set(person_ids)
    return [m for m in staff_list(store) if m.roles and m.account_id is None
            and (wanted is None or m.id in wanted)]


def plan_staff_accounts(store: Store, person_ids: Iterable[int] | None = None) -> list[PlannedAccount]:
    """The accounts ``create_staff_accounts`` would make (user names and roles), for the preview."""
    taken = _taken(store)
    return [PlannedAccount(m.id, m.name, m.unit, _unique(base_username(m.name), taken), account_role(m.roles))
            for m in without_account(store, person_ids)]


Deliver = Callable[[list[NewAccount]], None]


def create_staff_accounts(session: Session, deliver: Deliver, *, person_ids: Iterable[int] | None = None,
                          state: TaskState | None = None) -> list[NewAccount]:
    """Create the planned accounts in one transaction and hand them, with their passwords, to ``deliver``
    before it commits (a ``deliver`` that raises leaves no account behind)."""
    session.require("account.manage")
    planned = plan_staff_accounts(session.store, person_ids)
    if not planned:
        raise ValidationError("所有有值班岗位的值班人员都已有账户，没有需要创建的账户。")
    passwords, hashes = [], []
    for done, _account in enumerate(planned):      # hashing is slow on purpose: before the write, with progress
        if state is not None:
            state.progress(done, len(planned), "正在生成初始密码…")
        passwords.append(new_password())
        hashes.append(hash_password(passwords[-1]))
    made: list[NewAccount] = []
    with session.write() as tx:
        taken = _taken(tx)
        for account, password, hashed in zip(planned, passwords, hashes, strict=True):
            if account.username.lower() in taken:
                raise ValidationError(f"用户名“{account.username}”刚被占用，请重新操作。")
            if tx.scalar("SELECT 1 FROM account WHERE person_id = ? AND voided_at IS NULL", (account.person_id,)):
                raise ValidationError(f"{account.name}刚有了账户，请重新操作。")
            account_id = insert_account(tx, account.username, "", account.name, [account.role], account.person_id,
                                        True, password_hash=hashed)
            made.append(NewAccount(account.person_id, account.name, account.unit, account.username, account.role,
                                   account_id, password))
        tx.audit("account.create_for_staff", "account", None,
                 after={"accounts": [[a.username, a.name, a.role] for a in made]})
        if state is not None:
            state.progress(len(planned), len(planned), "正在打印账户通知单…")
        deliver(made)
    return made
