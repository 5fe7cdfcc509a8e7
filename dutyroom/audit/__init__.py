"""The hash-chained audit trail.

Every operation that changes data states an audit row in its own transaction; the row is chained when the
transaction commits, with the digests of the business records it wrote (``dutyroom.store.chain``). Each
row's hash covers its content, those digests and the previous row's hash, and ``audit_head`` remembers the
newest link, so editing, deleting, reordering or cutting off rows is detected by ``verify``, and so is a
business record changed past DutyRoom. A chain rebuilt from scratch is found against anchors: positions
printed on paper and kept with the backups (``dutyroom.audit.positions``).
"""

from __future__ import annotations

import functools
import importlib
import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from dutyroom import areas
from dutyroom.audit.models import AuditRow
from dutyroom.audit.verify import AnchorCheck, Finding, VerifyResult, verify
from dutyroom.audit.words import (
    ENTITY_LABELS,
    FIELD_LABELS,
    OP_LABELS,
    VALUE_LABELS,
    entity_label,
    op_label,
    record_name,
)
from dutyroom.duty.roles import duty_role_label
from dutyroom.store.chain import GENESIS, link_hash, to_json

if TYPE_CHECKING:
    from dutyroom.store import Reader

__all__ = [
    "ENTITY_LABELS", "FIELD_LABELS", "GENESIS", "OP_LABELS", "VALUE_LABELS", "YES_NO", "AnchorCheck", "Finding",
    "VerifyResult", "changed_fields", "describe", "entity_label", "entity_text", "field_label", "link_hash",
    "moment_text", "op_label", "recent", "record_name", "to_json", "verify",
]


def entity_text(row: Mapping[str, Any]) -> str:
    """What an audit row changed, in words: 值班记录 65, 设置“单位名称”, 排班草稿."""
    label, key = entity_label(row["entity"]), row.get("entity_id")
    if key in (None, "", "None"):
        return label
    if row["entity"] == "setting":
        declared = areas.settings().get(str(key))
        return f"{label}“{declared.label}”" if declared else f"{label}“{key}”"
    return f"{label} {key}"


def moment_text(at: str) -> str:
    """An audit time as people write it: 2026年12月4日 09:31."""
    moment = datetime.fromisoformat(at)
    return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"


YES_NO = {0: "否", 1: "是"}      # flags stored as 0/1 (value_labels: "dutyroom.audit:YES_NO")
ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _short(value: Any) -> str:
    if value is None or value == "":
        return "空"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(_short(v) if not isinstance(v, list) else "".join(map(str, v[1:])) for v in value) or "空"
    if isinstance(value, dict):
        return "（内容）"
    text = str(value)
    if ISO_MOMENT.match(text):
        return moment_text(text)
    date = ISO_DATE.match(text)
    if date:
        return f"{int(date[1])}年{int(date[2])}月{int(date[3])}日"
    return text if len(text) <= 24 else text[:23] + "…"


@functools.cache
def _codes(reference: str) -> Mapping[Any, str]:
    module, name = reference.split(":")
    return getattr(importlib.import_module(module), name)


def _value(entity: str, key: str, value: Any) -> str:
    """A stored value in words: a code by its area's labels (open → 待完成), times and dates as people write them."""
    reference = VALUE_LABELS.get(f"{entity}.{key}") or VALUE_LABELS.get(key)
    if reference and isinstance(value, str | int) and value in _codes(reference):
        return _codes(reference)[value]
    return _short(value)


def _structured(value: Any) -> bool:
    """A stored document (a report's body, a sheet) rather than a value: said to have changed, not quoted."""
    if isinstance(value, dict):
        return True
    if isinstance(value, str) and value.startswith("{"):
        try:
            return isinstance(json.loads(value), dict)
        except ValueError:
            return False
    return False


def field_label(entity: str, key: str) -> str:
    return FIELD_LABELS.get(f"{entity}.{key}") or FIELD_LABELS.get(key, key)


def changed_fields(before_json: str | None, after_json: str | None) -> list[str]:
    """Names of the fields an audit row changed (all fields for a creation)."""
    before = json.loads(before_json) if before_json else {}
    after = json.loads(after_json) if after_json else {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []
    quiet = areas.quiet_fields()
    return sorted(k for k in set(before) | set(after) if k not in quiet and before.get(k) != after.get(k))


def describe(row: dict[str, Any]) -> str:
    """A one-line Chinese account of what an audit row changed."""
    before = json.loads(row["before_json"]) if row.get("before_json") else None
    after = json.loads(row["after_json"]) if row.get("after_json") else None
    if row.get("op", "").startswith("auth.") and isinstance(after, dict):
        failures = f"，连续失败 {after['failures']} 次" if "failures" in after else ""
        typed = after.get("username") or "不是任何账户（所输内容不记录）"
        return f"用户名：{typed}{failures}"
    if row.get("op") == "audit.baseline" and isinstance(after, dict):
        return f"{after.get('records')} 条业务记录的现状记入审计（数据升级 {after.get('migration')}）"
    if row.get("entity") == "audit_anchor" and before is None and isinstance(after, dict):
        return f"第{after.get('seq')}条 {str(after.get('hash_prefix'))[:16]}，来源：{after.get('source')}"
    if row.get("entity") == "duty_assignment" and isinstance(after, dict) and before is None:
        return f"{_short(after.get('duty_date'))} {duty_role_label(str(after.get('role')))}：{after.get('person_name', '')}"
    if isinstance(after, dict) and after.get("voided_at") and not (before or {}).get("voided_at"):
        return f"作废，原因：{after.get('void_reason') or '未填写'}"
    if before is None and isinstance(after, dict):
        title = (after.get("name") or after.get("display_name") or after.get("summary") or after.get("username")
                 or after.get("title"))
        return f"新建“{_short(title)}”" if title else "新建"
    entity = str(row.get("entity") or "")
    parts = []
    for key in changed_fields(row.get("before_json"), row.get("after_json")):
        old, new = (before or {}).get(key), (after or {}).get(key)
        if _structured(old) or _structured(new):
            parts.append(f"{field_label(entity, key)}有修改")
        else:
            parts.append(f"{field_label(entity, key)}：{_value(entity, key, old)} → {_value(entity, key, new)}")
    return "；".join(parts)


def recent(reader: Reader, *, limit: int = 1000, text: str = "") -> list[AuditRow]:
    """Newest audit rows first, optionally only those whose actor, operation or content mention ``text``."""
    text = text.strip()
    if text:
        ops = [op for op, label in OP_LABELS.items() if text in label]
        marks = ",".join("?" * len(ops)) or "NULL"
        rows = reader.rows(
            f"SELECT * FROM audit_log WHERE instr(actor_name, ?) OR instr(op, ?) OR op IN ({marks})"
            " OR instr(COALESCE(after_json, ''), ?) OR instr(COALESCE(before_json, ''), ?)"
            " ORDER BY id DESC LIMIT ?", (text, text, *ops, text, text, limit))
    else:
        rows = reader.rows("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))
    return [cast(AuditRow, dict(r)) for r in rows]
