"""The warnings area (预警叫应): warnings and their notices, the call lists, every call, the 应急广播 used,
who may relay and who may change the relay rules, and the settings of the call screen and its alarms."""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission, Setting
from dutyroom.auth.permissions import DUTY_STAFF
from dutyroom.changes import Area
from dutyroom.settings.parse import whole

DECLARATION = Declaration(
    tables={
        Area.WARNINGS: ("warning", "warning_notice", "warning_notice_area", "warning_target", "warning_attempt",
                        "warning_broadcast", "warning_alarm_ack"),
    },
    permissions={
        "warning.relay": Permission("登记预警和记录叫应", DUTY_STAFF),
        "warning.manage": Permission("作废预警或叫应记录", frozenset({"chief", "leader"})),
        "warnings.rules": Permission("修改预警叫应规则", frozenset({"admin"})),
    },
    settings=(
        Setting("warnings.backdate_minutes", 30, "叫应补记时间（分钟）",
                "登记预警、叫应、到岗和广播时，最多可以补记多少分钟以前的时间（--at）。",
                whole("叫应补记时间（分钟）", 0, 240)),
        Setting("warnings.claim_seconds", 120, "叫应锁定时长（秒）",
                "一名值班员打开某个叫应对象后，其他值班员在这段时间内不会再拨打同一人。",
                whole("叫应锁定时长（秒）", 15, 900)),
        Setting("warnings.alarm_minutes", 2, "叫应时限提前提醒（分钟）",
                "叫应时限到期前多少分钟开始声音和闪烁提醒。", whole("叫应时限提前提醒（分钟）", 1, 30)),
        Setting("warnings.alarm_repeat_seconds", 60, "叫应提醒重复间隔（秒）",
                "未确认的叫应时限提醒每隔多少秒重复一次。", whole("叫应提醒重复间隔（秒）", 15, 600)),
    ),
    audit_ops={
        "warning.new": "登记预警", "warning.change": "预警变更", "warning.lift": "解除预警", "warning.void": "作废预警",
        "warning.claim": "开始叫应", "warning.release": "放下叫应对象", "warning.call": "记录叫应",
        "warning.arrive": "登记到岗", "warning.backup": "加入B角", "warning.escalate": "未叫醒上报",
        "warning.attempt_void": "作废叫应记录", "warning.broadcast": "登记应急广播",
        "warning.broadcast_void": "作废应急广播记录", "warning.alarm_ack": "确认叫应提醒",
    },
    entities={
        "warning": "预警", "warning_notice": "预警通知", "warning_target": "叫应对象", "warning_attempt": "叫应记录",
        "warning_broadcast": "应急广播",
    },
    fields={
        "source_unit": "发布单位", "issued_at": "发布时间", "valid_until": "有效期至", "received_at": "接收时间",
        "content": "预警内容", "measures": "防御措施", "lifted_at": "解除时间", "tries": "叫应次数",
        "next_try_at": "再次叫应时间", "answered_at": "应答时间", "answered_by": "应答人", "arrived_at": "到岗时间",
        "covered_by": "B角代应", "escalated_at": "上报时间", "claimed_by_name": "叫应人", "claim_until": "锁定至",
        "deadline_at": "叫应时限", "closed_reason": "结束原因", "areas": "影响乡镇",
        "targets": "叫应对象", "channel": "方式", "operator": "操作人", "area": "广播地点",
    },
    quiet_fields=frozenset({"plan_json", "phones_json", "claimed_by"}),
)
