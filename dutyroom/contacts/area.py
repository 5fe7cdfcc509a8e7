"""The contacts area: what the contact book adds to the people model (tags, groups, desk phones),
and who may correct, verify and curate it."""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission, Setting
from dutyroom.auth.permissions import DUTY_STAFF
from dutyroom.changes import Area
from dutyroom.settings.parse import whole

DECLARATION = Declaration(
    # change_mark is kept by triggers on the contact tree's tables; the saved search index is keyed on it.
    tables={Area.CONTACTS: ("person_tag", "contact_group", "contact_group_member", "desk_phone", "change_mark")},
    # Duty staff correct and verify numbers as they call; the office curates the book.
    permissions={
        "contacts.edit": Permission("修改通讯录人员和电话", DUTY_STAFF | {"office", "admin"}),
        "contacts.verify": Permission("核实通讯录", DUTY_STAFF | {"office", "admin"}),
        "contacts.manage": Permission("管理通讯录（导入导出、分组、常用电话、作废）", frozenset({"office", "admin"})),
    },
    settings=(
        Setting("contacts.stale_days", 90, "通讯录核实周期（天）",
                "超过这么多天未核实的通讯录条目标为“待核实”，列入核实清单。", whole("通讯录核实周期", 7, 3650)),
    ),
    audit_ops={
        "contacts.import": "导入通讯录", "contacts.import_create": "导入新建人员",
        "contacts.import_update": "导入更新人员", "contacts.verify": "核实通讯录", "contacts.away": "外出报备",
        "contacts.away_clear": "取消外出报备", "contacts.backup": "设置A/B角", "contacts.tags": "设置标签",
        "group.create": "新建分组", "group.update": "修改分组", "group.void": "作废分组",
        "desk_phone.create": "新增常用电话", "desk_phone.update": "修改常用电话", "desk_phone.void": "删除常用电话",
        "desk_phone.reorder": "调整常用电话顺序",
    },
    entities={"contact_group": "通讯录分组", "contact_group_member": "分组成员", "desk_phone": "常用电话",
              "person_tag": "人员标签", "contacts": "通讯录"},
    bookkeeping=frozenset({"change_mark"}),     # the search cache's validity mark, renewed by triggers
    fields={
        "tags": "标签", "backup_person_id": "B角", "away_from": "外出自", "away_until": "外出至",
        "away_note": "外出事由", "verified_on": "核实日期", "verified_by": "核实人", "verified_how": "核实方式",
        "description": "说明", "rule": "筛选条件", "members": "固定成员", "section": "分类", "label": "名称",
        "number": "号码",
    },
)
