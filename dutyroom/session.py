"""Who is acting, on which store, at what time — and the write transaction every operation uses."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from dutyroom import audit
from dutyroom.auth.permissions import SYSTEM_ROLE, allowed, permission_label, roles_label
from dutyroom.clock import Clock, SystemClock, iso
from dutyroom.errors import NotFound, PermissionDenied, ValidationError
from dutyroom.store import Store


@dataclass(frozen=True)
class Actor:
    account_id: int | None
    username: str
    display_name: str
    roles: frozenset[str]
    person_id: int | None = None

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
        return allowed(self.actor.roles, permission)

    def require(self, permission: str) -> None:
        if not self.can(permission):
            raise PermissionDenied(
                f"当前账户（{self.actor.display_name}，{self.actor.roles_label}）无权{permission_label(permission)}。"
            )

    def now(self) -> datetime:
        return self.clock.now()

    @contextlib.contextmanager
    def write(self) -> Iterator[Tx]:
        """One operation's transaction. Any change without an audit row is a programming error."""
        with self.store.transaction() as conn:
            tx = Tx(self, conn, self.clock.now())
            before = conn.total_changes
            yield tx
            if conn.total_changes != before and not tx.audited:
                raise RuntimeError("a write transaction changed data without an audit row")


class Tx:
    def __init__(self, session: Session, conn: sqlite3.Connection, now: datetime) -> None:
        self.session = session
        self.conn = conn
        self.now = now
        self.at = iso(now)
        self.audited = False

    @property
    def actor(self) -> Actor:
        return self.session.actor

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def touch(self, *topics: str) -> None:
        self.session.store.add_topics(*topics)

    def insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", tuple(values.values()))
        self.touch(table)
        return int(cursor.lastrowid)

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        if not values:
            return
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", (*values.values(), row_id))
        self.touch(table)

    def snapshot(self, table: str, row_id: int) -> dict[str, Any]:
        found = self.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
        if found is None:
            raise NotFound(f"记录不存在（{table} #{row_id}）。")
        return dict(found)

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

    def audit(self, op: str, entity: str, entity_id: Any = None, *, before: Any = None, after: Any = None) -> int:
        self.audited = True
        self.touch("audit_log")
        return audit.append(self.conn, at=self.at, actor_id=self.actor.account_id,
                            actor_name=self.actor.display_name, op=op, entity=entity, entity_id=entity_id,
                            before=before, after=after)
