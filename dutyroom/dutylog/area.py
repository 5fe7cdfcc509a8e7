"""The duty-log areas: entries, pending items and instructions (值班日志), handovers (交接班) and the
daily report (值班日报), with who may write, amend, hand over and report."""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission, Setting
from dutyroom.auth.permissions import DUTY_STAFF
from dutyroom.changes import Area
from dutyroom.settings.parse import item_list, text, whole

DECLARATION = Declaration(
    tables={
        Area.DUTYLOG: ("duty_log_entry", "duty_log_revision", "duty_log_fts", "pending_item", "pending_note",
                       "instruction_lift", "log_template"),
        Area.HANDOVER: ("handover", "handover_ack"),
        Area.DAILY_REPORT: ("daily_report",),
    },
    permissions={
        "log.write": Permission("记录值班日志", DUTY_STAFF | {"office"}),
        "log.view": Permission("查看值班日志", DUTY_STAFF | {"office"}),
        "log.amend": Permission("补正已交接班班次的值班记录", frozenset({"chief", "leader", "office"})),
        "log.others": Permission("更正或作废他人的值班记录和待办事项", frozenset({"chief", "leader"})),
        "instruction.lift": Permission("解除他人所作的领导批示", frozenset({"leader"})),
        "log.templates": Permission("维护常用记录模板", frozenset({"chief", "office", "admin"})),
        "handover.do": Permission("办理交接班", DUTY_STAFF),
        "report.edit": Permission("编写值班日报", DUTY_STAFF | {"office"}),
    },
    settings=(
        Setting("handover.equipment", "电话、传真、卫星电话、视频会商、电脑网络", "交接班设备检查项目",
                "交接班时逐项检查的设备，用顿号分隔。", item_list("交接班设备检查项目")),
        Setting("handover.open_before_minutes", 120, "交接班可提前办理（分钟）",
                "交班人最早可在交接班时刻之前多少分钟确认交班。", whole("交接班可提前办理（分钟）", 0, 720)),
        Setting("report.send_to", "", "值班日报报送单位", "值班日报落款上方的“报送”单位，可留空。",
                text("值班日报报送单位", False)),
    ),
    audit_ops={
        "log.add": "值班记录",
        "log.correct": "更正值班记录", "log.amend": "补正值班记录", "log.void": "作废值班记录",
        "pending.raise": "列入待办", "pending.close": "办结待办", "pending.note": "待办进展", "pending.void": "作废待办",
        "instruction.lift": "解除领导批示", "template.create": "新建记录模板", "template.update": "修改记录模板",
        "template.void": "删除记录模板", "handover.confirm": "确认交班", "handover.withdraw": "撤回交班",
        "handover.ack": "接班确认知悉", "handover.accept": "确认接班", "report.save": "保存值班日报",
    },
    entities={
        "duty_log_entry": "值班记录", "pending_item": "待办事项", "log_template": "记录模板", "handover": "交接班",
        "daily_report": "值班日报", "duty_log_revision": "值班记录原稿", "pending_note": "待办进展",
        "instruction_lift": "批示解除", "handover_ack": "交接事项确认",
    },
    bookkeeping=frozenset({"duty_log_fts"}),    # search tokens, made again from the entries
    fields={
        "summary": "摘要", "detail": "详情", "occurred_at": "时间", "recorded_by_name": "记录人",
        "fields": "记录项目", "counterpart": "对方", "revision": "版本", "title": "标题",
        "result": "办理结果", "due_at": "办理期限", "closed_at": "办结时间", "closed_by_name": "办结人",
        "equipment": "设备检查", "incoming_name": "接班人",
        "outgoing_name": "交班人", "accepted_at": "接班时间", "confirmed_at": "交班时间", "leader_name": "带班领导",
        "item_key": "事项", "acknowledged_by_name": "确认人", "body": "正文", "zero_report": "零报告",
        "report_date": "日期", "lifted_by_name": "解除人", "fields_json": "记录项目",
    },
    value_labels={"handover.status": "dutyroom.dutylog.handover:STATUS_LABELS"},
)
