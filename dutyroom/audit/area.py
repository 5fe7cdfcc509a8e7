"""The audit area: the hash-chained trail, who may read it, the anchors read from paper, and the words every
area's changes share."""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission
from dutyroom.changes import Area

DECLARATION = Declaration(
    tables={Area.AUDIT: ("audit_log", "audit_head", "audit_record"), Area.ANCHORS: ("audit_anchor",)},
    bookkeeping=frozenset({"audit_log", "audit_head", "audit_record"}),     # the chain itself
    permissions={
        "audit.view": Permission("查看审计记录", frozenset({"admin", "office"})),
        "audit.anchor": Permission("录入审计校验点", frozenset({"admin"})),
    },
    audit_ops={"audit.baseline": "基线", "audit.anchor_add": "录入校验点", "audit.anchor_void": "作废校验点"},
    entities={"audit": "审计记录", "audit_anchor": "审计校验点"},
    fields={
        "name": "名称", "notes": "备注", "kind": "类型", "person_id": "人员", "voided_at": "作废时间",
        "void_reason": "作废原因", "sort_order": "排序", "note": "说明", "seq": "序号", "hash_prefix": "校验值",
        "source": "来源",
    },
    quiet_fields=frozenset({"id", "updated_at", "created_at", "sort_order", "recorded_by"}),
)
