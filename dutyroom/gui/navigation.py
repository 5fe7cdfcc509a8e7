"""The navigation: each page with its title, shortcut, and the permission needed to see it.

Pages are imported and built when first shown, so start-up pays only for 今日值班.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

from dutyroom.gui.context import AppContext


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    module: str
    class_name: str
    permission: str | None = None
    hint: str = ""

    def create(self, ctx: AppContext) -> QWidget:
        module = importlib.import_module(f"dutyroom.gui.{self.module}")
        return getattr(module, self.class_name)(ctx)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("today", "今日值班", "duty.today_page", "TodayPage", hint="本班次和下一班次的值班人员、本班记录"),
    PageSpec("incidents", "信息接报", "incidents.incidents_page", "IncidentsPage", hint="接报、定级、报送时限、信息专报和灾情报告"),
    PageSpec("warnings", "预警叫应", "warnings.warnings_page", "WarningsPage",
             hint="登记预警、逐一叫应到人、B角和上报、应急广播、叫应台账"),
    PageSpec("dutylog", "值班日志", "dutylog.log_page", "DutyLogPage", "log.view", "本班记录、查询、待办事项、查岗点名登记"),
    PageSpec("handover", "交接班", "dutylog.handover_page", "HandoverPage", "log.view", "交接单、设备检查、交班确认和接班确认"),
    PageSpec("report", "值班日报", "dutylog.daily_report_page", "DailyReportPage", "log.view", "值班日报/零报告的生成、编辑和导出"),
    PageSpec("contacts", "通讯录", "contacts.contacts_page", "ContactsPage", hint="查找人员和单位电话、核实、分组、导入导出"),
    PageSpec("mine", "我的值班", "roster.my_duties_page", "MyDutiesPage", "roster.request",
             "本人今后的值班、请假和串班代班申请及审批结果、补休结余、导出日历"),
    PageSpec("roster", "值班排班", "roster.roster_page", "RosterPage", "roster.plan",
             "按月排班、节假日安排、串班代班、发布和打印"),
    PageSpec("staff", "值班人员", "roster.staff_page", "StaffPage", "roster.staff",
             "每人可担任的值班岗位、不值夜班、到岗调离；导入名单、批量创建账户、历史排班"),
    PageSpec("leave", "请假审批", "roster.leave_page", "LeavePage", "roster.leave.approve",
             "审批请假、出差、培训和补休，为所涉值班安排代班；今后7天缺电话或请假的值班人员"),
    PageSpec("stats", "统计分析", "stats.stats_page", "StatsPage",
             hint="值班、信息报送及时率、预警叫应、值班日志和通讯录核实的图表和统计表"),
    PageSpec("rules", "报送规则", "incidents.rules_page", "RulesPage", "rules.edit", "定级标准和报送时限规则的版本"),
    PageSpec("relay_rules", "叫应规则", "warnings.relay_rules_page", "RelayRulesPage", "warnings.rules",
             "各种预警、各级别的叫应对象、时限、B角和上报规则的版本"),
    PageSpec("settings", "系统设置", "admin.settings_page", "SettingsPage", "settings.edit",
             "单位名称、交接班时间、值班电话；数据备份和恢复（管理员）"),
    PageSpec("accounts", "账户管理", "auth.accounts_page", "AccountsPage", "account.manage", "账户、角色和密码"),
    PageSpec("audit", "审计记录", "admin.audit_page", "AuditPage", "audit.view", "所有数据改动的记录和校验"),
)


def visible_pages(ctx: AppContext) -> list[PageSpec]:
    return [p for p in PAGES if p.permission is None or ctx.session.can(p.permission)]
