"""The audit area: the hash-chained trail, who may read it, and the words every area's changes share."""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission
from dutyroom.changes import Area

DECLARATION = Declaration(
    tables={Area.AUDIT: ("audit_log", "audit_head")},
    permissions={
        "audit.view": Permission("查看审计记录", frozenset({"admin", "office"})),
    },
    fields={
        "name": "名称", "notes": "备注", "kind": "类型", "person_id": "人员", "voided_at": "作废时间",
        "void_reason": "作废原因", "sort_order": "排序", "note": "说明",
    },
    quiet_fields=frozenset({"id", "updated_at", "created_at", "sort_order", "recorded_by"}),
)
