"""Who is acting, on which store, at what time — and the write transaction every operation uses."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dutyroom.auth.permissions import SYSTEM_ROLE, allowed, permission_label, roles_label
from dutyroom.clock import Clock, SystemClock, iso
from dutyroom.errors import PermissionDenied, ValidationError
from dutyroom.store import Store, Writer
from dutyroom.store.chain import PendingAudit, to_json


@dataclass(frozen=True)
class Actor:
    account_id: int | None
    username: str
    display_name: str
    roles: frozenset[str]
    person_id: int | None = None
    must_change_password: bool = False      # a temporary password: nothing but changing it is allowed

    @property
    def is_system(self) -> bool:
        return SYSTEM_ROLE in self.roles

    @property
    def roles_label(self) -> str:
        return "系统" if self.is_system else roles_label(self.roles)


SYSTEM_ACTOR = Actor(None, "system", "系统", frozenset({SYSTEM_ROLE}))


@dataclass
class Session:
    store: Store
    actor: Actor
    clock: Clock = field(default_factory=SystemClock)

    def can(self, permission: str) -> bool:
        return not self.actor.must_change_password and allowed(self.actor.roles, permission)

    def require(self, permission: str) -> None:
        self._refuse_temporary_password()
        if not self.can(permission):
            raise PermissionDenied(
                f"当前账户（{self.actor.display_name}，{self.actor.roles_label}）无权{permission_label(permission)}。"
            )

    def require_own_or(self, permission: str, owner_id: int | None, refusal: str) -> None:
        """One's own record (written under this account) needs nothing more; another's needs ``permission``,
        and without it is refused with ``refusal``, which says whose record it is and who may change it."""
        self._refuse_temporary_password()
        own = owner_id is not None and owner_id == self.actor.account_id
        if not own and not self.can(permission):
            raise PermissionDenied(refusal)

    def _refuse_temporary_password(self) -> None:
        if self.actor.must_change_password:
            raise PermissionDenied(f"账户“{self.actor.username}”使用的是管理员设置的临时密码：请先修改密码，"
                                   "修改之前不能进行其他操作。")

    def now(self) -> datetime:
        return self.clock.now()

    @contextlib.contextmanager
    def write(self, *, own_account: bool = False) -> Iterator[Tx]:
        """One operation's transaction. Any change without an audit row is a programming error.

        An account on a temporary password writes nothing but its own sign-in and password change
        (``own_account``): the rule holds here, for every operation, not only in the GUI.
        """
        if not own_account:
            self._refuse_temporary_password()
        with self.store.transaction() as writer:
            tx = Tx(self, writer, self.clock.now())
            yield tx
            if tx.rows_changed and not tx.audited:
                raise RuntimeError("a write transaction changed data without an audit row")


class Tx(Writer):
    """An operation's transaction: the Writer, with who acts and when, and the audit trail."""

    def __init__(self, session: Session, writer: Writer, now: datetime) -> None:
        super().__init__(*writer._parts())
        self.session = session
        self.now = now
        self.at = iso(now)
        self.audited = False

    @property
    def actor(self) -> Actor:
        return self.session.actor

    def snapshot(self, table: str, row_id: int) -> dict[str, Any]:
        return self.get(table, row_id)

    def void(self, table: str, row_id: int, reason: str, *, op: str, entity: str) -> dict[str, Any]:
        """Mark a record void with a reason; it stays in the database and its history."""
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError("作废必须填写原因。", field="reason")
        before = self.snapshot(table, row_id)
        if before.get("voided_at"):
            raise ValidationError("该记录已作废。")
        self.update(table, row_id, {"voided_at": self.at, "void_reason": reason})
        self.audit(op, entity, row_id, before=before, after=self.snapshot(table, row_id))
        return before

    def update_audited(self, table: str, row_id: int, values: Mapping[str, Any], *, op: str, entity: str,
                       links: Sequence[Links] = (), snapshot: Callable[[], dict[str, Any]] | None = None,
                       before: dict[str, Any] | None = None, stamp: bool = True) -> bool:
        """Change a record in one audited step; when nothing would change, write nothing and return False.

        Only the columns whose value differs are written (with ``updated_at`` when the table has one and
        ``stamp``), and ``links`` (the record's phones, roles, members …) only when they differ. The audit
        row keeps the record as ``snapshot`` shows it (the row itself by default) before and after.
        """
        current = self.get(table, row_id)
        changed = {column: value for column, value in values.items() if current[column] != value}
        differing = [link for link in links if self.links_differ(link.table, link.owner, link.rows)]
        if not changed and not differing:
            return False
        show = snapshot or (lambda: self.get(table, row_id))
        before = show() if before is None else before
        if stamp and "updated_at" in current:
            changed["updated_at"] = self.at
        self.update(table, row_id, changed)
        for link in differing:
            self.rewrite_links(link.table, link.owner, link.rows)
        self.audit(op, entity, row_id, before=before, after=show())
        return True

    def audit(self, op: str, entity: str, entity_id: Any = None, *, before: Any = None, after: Any = None) -> int:
        """State what the operation did; the row is chained, with the records written, when the transaction
        commits. Returns the audit row's id."""
        self.audited = True
        return self.log(PendingAudit(self.at, self.actor.account_id, self.actor.display_name, op, entity,
                                     None if entity_id is None else str(entity_id), to_json(before), to_json(after)))


@dataclass(frozen=True)
class Links:
    """The rows of a child table that belong to one record and are written as a whole (its phones …)."""

    table: str
    owner: Mapping[str, Any]                # e.g. {"person_id": 7}
    rows: Sequence[Mapping[str, Any]]       # without the owner's columns
