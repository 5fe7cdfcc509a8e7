"""The settings area: the ``setting`` table every area's settings are stored in, and who may edit it."""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission
from dutyroom.changes import Area

DECLARATION = Declaration(
    tables={Area.SETTINGS: ("setting",)},
    permissions={
        "settings.edit": Permission("修改系统设置", frozenset({"admin", "office"})),
    },
    audit_ops={"setting.set": "修改设置"},
    entities={"setting": "设置"},
    fields={"value": "值"},
)
