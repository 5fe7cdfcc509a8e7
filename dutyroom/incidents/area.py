"""The incident areas: incidents with their calls and reporting deadlines (信息接报), the reports sent
upward (信息专报, 灾情报告), and the grading and deadline rules."""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission, Setting
from dutyroom.auth.permissions import DUTY_STAFF
from dutyroom.changes import Area
from dutyroom.settings.parse import switch, text, whole

DECLARATION = Declaration(
    tables={
        Area.INCIDENTS: ("incident", "incident_call", "incident_obligation", "obligation_alert",
                         "incident_fts"),
        Area.INCIDENT_REPORTS: ("incident_report",),
        Area.RULES: ("rule_set", "rule_activation"),
    },
    permissions={
        "incident.intake": Permission("接报和记录突发事件信息", DUTY_STAFF),
        "incident.manage": Permission("调整事件等级、免报时限或作废事件", frozenset({"chief", "leader"})),
        "incident.signoff": Permission("签发信息报告", frozenset({"leader"})),
        "rules.edit": Permission("修改定级和报送时限规则", frozenset({"admin"})),
    },
    settings=(
        Setting("incidents.addressee", "市应急管理局", "信息专报主送单位", "信息专报默认主送的上级单位。",
                text("信息专报主送单位")),
        Setting("incidents.upper_unit", "市应急管理局总值班室", "上级值班室", "电话报告、报送的默认对象。",
                text("上级值班室")),
        Setting("incidents.warning_minutes", 5, "时限提醒提前分钟数", "报送时限到期前多少分钟开始提醒。",
                whole("时限提醒提前分钟数", 1, 60)),
        Setting("incidents.alarm_repeat_seconds", 60, "提醒重复间隔（秒）", "未确认的时限提醒每隔多少秒重复一次。",
                whole("提醒重复间隔（秒）", 15, 600)),
        Setting("incidents.signoff_on_duty_only", False, "仅本班带班领导可签发",
                "开启后，只有当班的带班领导可以签发信息报告。", switch),
    ),
    audit_ops={
        "incident.open": "接报事件", "incident.call": "续接来电", "incident.update": "修改事件要素",
        "incident.title": "修改事件标题", "incident.grade": "调整事件等级", "incident.close": "处置结束",
        "incident.reopen": "重新开启事件", "incident.void": "作废事件",
        "obligation.meet": "完成报送时限", "obligation.waive": "免报", "obligation.ack": "确认时限提醒",
        "obligation.request": "登记核报要求",
        "report.draft": "起草信息报告", "report.edit": "修改报告草稿", "report.sign": "签发报告",
        "report.withdraw": "撤回签发", "report.send": "报送报告", "report.confirm": "电话确认接收",
        "report.void": "作废报告", "report.correct": "起草更正报告",
        "rules.store": "保存规则版本", "rules.activate": "启用规则",
    },
    entities={
        "incident": "突发事件", "incident_obligation": "报送时限", "incident_report": "信息报告", "rule_set": "报送规则",
        "incident_call": "事件来电", "obligation_alert": "时限提醒确认", "rule_activation": "规则启用",
    },
    bookkeeping=frozenset({"incident_fts"}),    # search tokens, made again from the incidents
    fields={
        "grade": "等级", "computed_grade": "计算等级", "level": "报送等级", "grade_override_reason": "认定理由",
        "flags": "研判标记", "next_due_at": "下一时限", "next_due_label": "下一时限事项",
        "open_obligations": "待完成时限", "close_note": "处置结束情况",
        "dead": "死亡", "missing": "失踪", "serious_injuries": "重伤", "injured": "轻伤", "trapped": "被困",
        "at_risk": "涉险", "evacuated": "紧急疏散", "loss_yuan": "直接经济损失", "place": "地点",
        "category": "事件类别", "subtype": "事件子类",
        "met_at": "完成时间", "met_how": "完成方式", "met_to": "报告对象", "met_by_name": "完成人",
        "signed_by_name": "签发人", "signed_at": "签发时间", "issue_no": "期号", "sent_at": "报送时间",
        "sent_to": "报送对象", "sent_channel": "报送方式", "confirmed_with": "对方接收人", "body_json": "报告内容",
        "ended_reason": "结束原因", "stage": "提醒阶段", "changes": "变化", "plan_changes": "时限调整",
        "call_summary": "来电摘要", "met_note": "完成说明", "met": "完成的时限", "sent_by_name": "报送人",
        "signed_on_duty": "当班签发", "issue_year": "期号年度", "confirmed_by_name": "电话确认人",
        "incident_report.confirmed_at": "电话确认时间",
    },
    quiet_fields=frozenset({"facts_json", "grading_json", "search_text", "obligations", "rule_set_id", "call_id",
                            "met_by", "sent_by", "signed_by", "grade_label"}),
    value_labels={
        "incident.status": "dutyroom.incidents.queries:STATUS_LABELS",
        "grade": "dutyroom.incidents.clocks:GRADE_LABELS", "computed_grade": "dutyroom.incidents.clocks:GRADE_LABELS",
        "level": "dutyroom.incidents.clocks:GRADE_LABELS",
        "incident_obligation.status": "dutyroom.incidents.obligations:STATUS_LABELS",
        "incident_report.status": "dutyroom.incidents.reports:STATUS_LABELS",
        "incident_report.kind": "dutyroom.incidents.reports:KIND_LABELS",
        "incident_report.form": "dutyroom.incidents.reports:FORM_LABELS",
        "signed_on_duty": "dutyroom.audit:YES_NO",
    },
)
