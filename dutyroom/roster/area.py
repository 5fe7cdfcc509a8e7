"""The roster area: drafts and published versions, the holiday calendar, availability, heightened periods
and swaps. (What a published roster puts on duty is the duty area's ``duty_assignment``.)"""

from __future__ import annotations

from dutyroom.areas import Declaration, Permission, Setting
from dutyroom.auth.permissions import DUTY_STAFF
from dutyroom.changes import Area
from dutyroom.roster.model import DEFAULT_HOLIDAY_SLOTS, DEFAULT_REST_DAYS, DEFAULT_SLOTS
from dutyroom.settings.parse import clock_time, rates, role_counts, switch, whole

DECLARATION = Declaration(
    tables={Area.ROSTER: ("roster_draft", "roster_version", "roster_change", "roster_absence",
                          "roster_period", "roster_profile", "holiday_year", "holiday_day", "roster_import",
                          "leave_request", "leave_duty")},
    permissions={
        "roster.plan": Permission("编排排班草稿", frozenset({"office", "admin"})),
        "roster.publish": Permission("发布排班", frozenset({"office"})),
        "roster.calendar": Permission("录入节假日安排", frozenset({"office", "admin"})),
        "roster.availability": Permission("登记请假、出差和培训", frozenset({"office", "admin"})),
        "roster.staff": Permission("维护值班人员及其值班岗位", frozenset({"office", "admin"})),
        "roster.history": Permission("导入和作废历史排班", frozenset({"office", "admin"})),
        "roster.request": Permission("提出串班或代班申请", DUTY_STAFF | {"office"}),
        "roster.approve": Permission("审批串班和代班", frozenset({"office"})),
        "roster.leave.request": Permission("申请请假、出差、培训或补休", DUTY_STAFF | {"office"}),
        "roster.leave.approve": Permission("审批请假并登记补休", frozenset({"office"})),
    },
    settings=(
        Setting("roster.slots", DEFAULT_SLOTS, "每班岗位人数",
                "1+1+2+N：带班领导、值班长、值班员、备勤的人数。", role_counts("每班岗位人数")),
        Setting("roster.holiday_slots", DEFAULT_HOLIDAY_SLOTS, "节假日岗位人数",
                "法定节假日当天至少的人数（如双带班），高于平日时生效。", role_counts("节假日岗位人数")),
        Setting("roster.rest_days", DEFAULT_REST_DAYS, "值班后休息天数",
                "各岗位值班后至少间隔的天数。", role_counts("值班后休息天数", maximum=14)),
        Setting("roster.max_per_month", 0, "每人每月值班上限", "0表示不限。", whole("每人每月值班上限", 0, 31)),
        Setting("roster.ledger_months", 12, "公平统计月数",
                "生成排班时计入多少个月的历史值班次数（春节、国庆不受此限）。", whole("公平统计月数", 1, 60)),
        Setting("roster.comp_leave", {"workday": 0, "weekend": 1, "holiday": 1}, "补休天数（每次值班）",
                "按工作日、休息日、法定节假日分别计算应补休天数。", rates("补休天数")),
        Setting("roster.allowance", {"workday": 0, "weekend": 0, "holiday": 0}, "值班补助标准（元/次）",
                "不能补休时按次发放的补助，按日期类型分别设置（各地标准不同）。", rates("值班补助标准")),
        Setting("roster.meal_allowance", 0, "误餐补助（元/次）",
                "在岗值班每次（分白夜班时白班、夜班各一次）的误餐补助；备勤不计，被召回到岗的另计。",
                whole("误餐补助", 0, 10000)),
        Setting("roster.callout_allowance", 0, "备勤召回补助（元/次）",
                "值班日志中记有去电召回当日备勤人员的，每人每天计一次。", whole("备勤召回补助", 0, 10000)),
        Setting("roster.standby_reach_minutes", 30, "备勤到岗时限（分钟）", "印在排班表上的备勤人员到岗要求。",
                whole("备勤到岗时限", 5, 240)),
        Setting("roster.officer_split", False, "值班员分白班、夜班",
                "开启后值班员每天分白班（交接班时间起）和夜班（夜班开始时间起至次日交接班），各按每班值班员人数安排；"
                "带班领导、值班长、备勤仍为24小时。已发布的排班按发布时的班制显示。", switch),
        Setting("roster.night_from", "17:30", "夜班开始时间",
                "值班员分白夜班时，白班从交接班时间到此时刻，夜班从此时刻到次日交接班。", clock_time("夜班开始时间")),
    ),
    audit_ops={
        "roster.calendar.save": "录入节假日安排", "roster.calendar.void": "作废节假日安排",
        "roster.absence.add": "登记请假/外出", "roster.absence.void": "作废请假/外出",
        "roster.profile.set": "修改排班属性",
        "roster.staff.set": "修改值班人员", "roster.staff.import": "导入值班人员名单",
        "roster.history.import": "导入历史排班", "roster.history.void": "作废导入的历史排班",
        "roster.history.void_duty": "作废一条导入的值班",
        "roster.period.add": "新增重要时段", "roster.period.void": "作废重要时段",
        "roster.draft.assign": "排班草稿指定人员", "roster.draft.pin": "固定/取消固定",
        "roster.draft.clear": "清空排班草稿格", "roster.draft.generate": "自动生成排班",
        "roster.publish": "发布排班",
        "roster.change.request": "提出串班/代班", "roster.change.approve": "批准串班/代班",
        "roster.change.reject": "驳回串班/代班", "roster.change.undo": "撤销串班/代班",
        "roster.change.withdraw": "撤回串班/代班申请",
        "roster.leave.request": "申请请假/出差/培训/补休", "roster.leave.approve": "批准请假/出差/培训/补休",
        "roster.leave.refuse": "不批准请假/出差/培训/补休", "roster.leave.withdraw": "撤回请假申请",
        "roster.leave.cancel": "取消已批准的请假", "roster.leave.comp_record": "登记补休",
    },
    entities={
        "holiday_year": "节假日安排", "roster_absence": "请假/外出", "roster_profile": "排班属性",
        "roster_period": "重要时段", "roster_draft": "排班草稿", "roster_version": "排班版本",
        "roster_change": "串班/代班", "roster_import": "历史排班导入", "roster_staff": "值班人员名单",
        "holiday_day": "节假日日期",
        "leave_request": "请假/补休申请", "leave_duty": "请假涉及的值班",
    },
    fields={
        "year": "年份", "start_date": "开始日期", "end_date": "结束日期", "join_date": "到岗日期",
        "leave_date": "调离日期", "no_night": "不值夜班", "max_per_month": "每月上限", "pinned": "固定",
        "reason": "原因", "status": "状态", "substitute_id": "代班人", "decision_note": "审批意见",
        "slots_json": "岗位人数", "first_date": "起始日期", "last_date": "截止日期",
        "officer_split": "值班员分白夜班", "replaced_other_mode": "按原班制作废的草稿格",
        "decided_at": "处理时间", "decided_by": "处理人",
        "file_name": "文件", "months": "月份", "duties": "值班条数",
        "days": "补休天数", "absence_id": "请假登记", "requested_by_name": "申请人", "requested_at": "申请时间",
        "decided_by_name": "审批人",
    },
    value_labels={"roster_change.status": "dutyroom.roster.changes:STATUS_LABELS",
                  "leave_request.status": "dutyroom.roster.leave:STATUS_LABELS",
                  "leave_request.kind": "dutyroom.roster.leave:KIND_LABELS",
                  "shift": "dutyroom.roster.model:SHIFT_LABELS"},
)
