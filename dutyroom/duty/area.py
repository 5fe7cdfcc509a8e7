"""The duty area: who is on duty (published assignments), the daily handover time and the duty lines."""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission, Setting
from dutyroom.changes import Area
from dutyroom.settings.parse import clock_time, text

DECLARATION = Declaration(
    tables={Area.DUTY: ("duty_assignment",)},
    permissions={
        "duty.assign": Permission("安排值班人员", frozenset({"office", "admin"})),
    },
    settings=(
        Setting("duty.handover_time", "08:30", "交接班时间", "每日交接班时刻；班次从该时刻起算24小时。",
                clock_time("交接班时间")),
        Setting("duty.phone", "", "值班电话", "值班室对外值班电话，印在值班表上。", text("值班电话", False)),
        Setting("duty.fax", "", "传真", "值班室传真号码，印在值班表上。", text("传真", False)),
    ),
    audit_ops={"duty.assign": "安排值班"},
    entities={"duty_assignment": "值班安排"},
    fields={"duty_date": "值班日期", "role": "岗位", "shift": "班次", "source": "来源"},
)
