"""What the audit page and verify call operations, records and fields: each area declares its own words."""

from __future__ import annotations

import json
from collections.abc import Mapping

from dutyroom import areas
from dutyroom.areas import Collected

OP_LABELS: Mapping[str, str] = Collected(areas.audit_ops)
ENTITY_LABELS: Mapping[str, str] = Collected(areas.entities)
FIELD_LABELS: Mapping[str, str] = Collected(areas.field_labels)
VALUE_LABELS: Mapping[str, str] = Collected(areas.value_labels)


def op_label(op: str) -> str:
    return OP_LABELS.get(op, op)


def entity_label(entity: str) -> str:
    return ENTITY_LABELS.get(entity, entity)


def record_name(table: str, key: str) -> str:
    """A record as a sentence names it: 值班记录 #123, 账户角色（5，admin）."""
    try:
        values = json.loads(key)
    except ValueError:
        values = [key]
    label = entity_label(table)
    if len(values) == 1 and isinstance(values[0], int):
        return f"{label} #{values[0]}"
    return f"{label}（{'，'.join(str(v) for v in values)}）"
