"""The org area: units (a tree) and persons, the one people model every other area builds on."""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission, Setting
from dutyroom.changes import Area
from dutyroom.settings.parse import text

DECLARATION = Declaration(
    tables={Area.ORG: ("org_unit", "person", "person_phone", "person_duty_role")},
    permissions={
        "org.edit": Permission("维护单位和人员", frozenset({"office", "admin"})),
    },
    settings=(
        Setting("org.name", "县应急管理局", "单位名称", "打印件落款和标题中的单位名称。", text("单位名称")),
        Setting("org.county", "本县", "县（区）名称", "本级行政区划名称。", text("县（区）名称")),
    ),
    audit_ops={
        "unit.create": "新建单位", "unit.update": "修改单位", "unit.void": "作废单位",
        "person.create": "新建人员", "person.update": "修改人员", "person.void": "作废人员",
    },
    entities={"org_unit": "单位", "person": "人员", "person_phone": "人员电话", "person_duty_role": "人员值班岗位"},
    fields={
        "position": "职务", "unit_id": "所属单位", "phones": "电话", "duty_roles": "值班岗位", "is_staff": "可排班",
        "duty_phone": "值班电话", "fax": "传真", "address": "地址", "parent_id": "上级单位",
    },
    quiet_fields=frozenset({"name_initials", "name_pinyin"}),
)
