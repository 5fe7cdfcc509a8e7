"""我的值班: the signed-in person's published duties ahead, their leave and 串班/代班 requests, their 补休 balance,
and a calendar file.

Duty staff ask for leave (请假/出差/培训/补休), a swap or a substitute here (for themselves; the office approves on
值班排班)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTabWidget

from dutyroom.changes import Area
from dutyroom.clock import short_date
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import run_op, run_with_reason
from dutyroom.gui.kit.output import save_as
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.tables import RECORD_ROLE, Column, RecordTableModel, record_table
from dutyroom.gui.kit.widgets import button, hbox, page_layout

CENTRE = Qt.AlignmentFlag.AlignCenter

DUTY_COLUMNS = (
    Column("day", "日期", lambda r: f"{r['day'].year}年{short_date(r['day'])}", lambda r: r["day"]),
    Column("day_label", "星期/节日", align=CENTRE),
    Column("day_kind", "日期类型", align=CENTRE),
    Column("role_label", "岗位", align=CENTRE),
    Column("note", "说明"),
)
LEAVE_COLUMNS = (
    Column("id", "编号", align=CENTRE),
    Column("kind_label", "类型", align=CENTRE),
    Column("span", "日期"),
    Column("status_label", "状态", align=CENTRE),
    Column("reason", "事由"),
    Column("decided", "处理", tooltip=lambda r: r["decided"]),
)
CHANGE_COLUMNS = (
    Column("id", "编号", align=CENTRE),
    Column("kind_label", "类型", align=CENTRE),
    Column("summary", "调整"),
    Column("status_label", "状态", align=CENTRE),
    Column("reason", "原因"),
    Column("decided", "处理"),
)


class MyDutiesPage(Page):
    areas = frozenset({Area.DUTY, Area.ROSTER, Area.ACCOUNTS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        outer = page_layout(self, bottom=14)
        outer.addWidget(title_label("我的值班"))
        self.summary = subtitle_label()
        outer.addWidget(self.summary)
        self.change_button = button("申请串班/代班…", self.request_change, primary=True,
                                    tooltip="选中一个班次，申请与他人互换（串班）或请他人替班（代班），由办公室审批")
        self.leave_button = button("请假/补休申请…", self.request_leave,
                                   tooltip="申请请假、出差、培训或补休，由办公室审批；批准后所涉值班由办公室安排代班")
        self.withdraw_button = button("撤回申请…", self.withdraw, tooltip="撤回下方所选的待审批申请")
        self.calendar_button = button("导出到日历 (.ics)…", self.export_calendar,
                                      tooltip="本人今年的值班导出为日历文件，可导入手机或 Outlook，值班前一晚提醒")
        outer.addLayout(hbox(self.change_button, self.leave_button, self.withdraw_button, self.calendar_button, None))
        outer.addWidget(QLabel("今后90天的值班（已发布）"))
        self.duties = RecordTableModel(DUTY_COLUMNS, self)
        self.duty_view = record_table(self.duties, columns="user", widths=(150, 110, 100, 90))
        self.duty_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)     # soonest duty first
        outer.addWidget(self.duty_view, 3)
        self.requests = QTabWidget()
        self.leaves = RecordTableModel(LEAVE_COLUMNS, self)
        self.leaves.muted = lambda record: record["status"] in ("refused", "withdrawn", "cancelled")
        self.leave_view = record_table(self.leaves, columns="user", widths=(50, 60, 200, 70, 200))
        self.leave_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.changes = RecordTableModel(CHANGE_COLUMNS, self)
        self.changes.muted = lambda record: record["status"] in ("rejected", "withdrawn", "undone")
        self.change_view = record_table(self.changes, columns="user", widths=(50, 60, 330, 70, 200))
        self.change_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)   # newest request first
        self.requests.addTab(self.change_view, "与本人有关的串班/代班")
        self.requests.addTab(self.leave_view, "我的请假、出差、培训、补休")
        outer.addWidget(self.requests, 2)
        self.message = subtitle_label()
        outer.addWidget(self.message)
        self.requests.currentChanged.connect(lambda *_: self._enable())
        for view in (self.duty_view, self.change_view, self.leave_view):
            view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.duty_view.doubleClicked.connect(lambda _index: self.request_change())

    @property
    def person_id(self) -> int | None:
        return self.ctx.session.actor.person_id

    def reload(self) -> None:
        from dutyroom.roster.mine import DAYS_AHEAD, my_changes, my_duties

        today = self.ctx.session.now().date()
        if self.person_id is None:
            self.duties.set_records([])
            self.changes.set_records([])
            self.leaves.set_records([])
            self.summary.setText("本账户没有关联到通讯录中的人员，无法列出本人的值班。请管理员在“账户管理”中关联人员。")
            self._enable()
            return
        duties = my_duties(self.ctx.store, self.person_id, today)
        away = self._load_leave(today)
        self.duties.set_records([{
            "day": d.day, "day_label": d.day_label, "day_kind": d.day_kind, "role_label": d.role_label,
            "note": "；".join(filter(None, (f"代{d.substitute_for}值班" if d.substitute_for else "",
                                           f"第{d.pending_change}号申请待审批" if d.pending_change else "",
                                           *(f"第{v.id}号{v.kind_label}{v.status_label}" for v in away
                                             if v.start <= d.day <= v.end)))),
            "duty": d} for d in duties])
        self.changes.set_records([{
            "id": c.id, "kind_label": c.kind_label, "summary": c.summary, "status": c.status,
            "status_label": c.status_label, "reason": c.reason, "requested_by": c.requested_by,
            "decided": "　".join(filter(None, (c.decided_by, c.decided_at[:16].replace("T", " "), c.decision_note))),
            "change": c} for c in my_changes(self.ctx.store, self.person_id, today)])
        rest = sum(1 for d in duties if d.day_kind in ("休息日", "法定节假日"))
        first = f"，最近一次：{duties[0].day.month}月{duties[0].day.day}日（{duties[0].day_label}）{duties[0].role_label}" \
            if duties else ""
        self.summary.setText((f"今后{DAYS_AHEAD}天共 {len(duties)} 个班次，其中休息日和节假日 {rest} 个{first}。"
                              if duties else f"今后{DAYS_AHEAD}天没有已发布的值班。") + self._comp_text(today))
        self._enable()

    def _load_leave(self, today: Any) -> list[Any]:
        """Fill the leave tab; returns the requests pending or approved (their duties say so)."""
        from dutyroom.roster.leave import leave_views

        assert self.person_id is not None
        views = leave_views(self.ctx.store, person_id=self.person_id, since=today - timedelta(days=60), today=today)
        self.leaves.set_records([{
            "id": v.id, "kind_label": v.kind_label, "span": v.span, "status": v.status,
            "status_label": v.status_label, "reason": v.reason,
            "decided": "　".join(filter(None, (v.decided_by, v.decided_at[:16].replace("T", " "), v.decision_note,
                                               "；".join(f.text for f in v.flagged)))),
            "view": v} for v in views])
        return [v for v in views if v.status in ("pending", "approved")]

    def _comp_text(self, today: Any) -> str:
        from dutyroom.roster.balance import comp_balance

        assert self.person_id is not None
        left = comp_balance(self.ctx.store, self.person_id, today, pending=False)
        return f"补休结余 {left:g} 天。" if left else ""

    def _selected_duty(self) -> Any:
        record = self.duty_view.currentIndex().data(RECORD_ROLE)
        return record["duty"] if record else None

    def _selected_change(self) -> Any:
        record = self.change_view.currentIndex().data(RECORD_ROLE)
        return record["change"] if record else None

    def _selected_leave(self) -> Any:
        record = self.leave_view.currentIndex().data(RECORD_ROLE)
        return record["view"] if record else None

    def _enable(self) -> None:
        duty = self._selected_duty()
        chosen = self._selected_leave() if self.requests.currentWidget() is self.leave_view else self._selected_change()
        linked = self.person_id is not None
        self.change_button.setEnabled(linked and duty is not None and not duty.pending_change)
        self.leave_button.setEnabled(linked)
        self.withdraw_button.setEnabled(linked and chosen is not None and chosen.status == "pending")
        self.calendar_button.setEnabled(linked)

    # -- acts ----------------------------------------------------------------------------------
    def request_change(self) -> None:
        from dutyroom.gui.roster.change_dialog import ChangeDialog

        duty = self._selected_duty()
        if duty is None or duty.pending_change:
            return
        row = self.ctx.store.row(
            "SELECT a.*, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id WHERE a.id = ?",
            (duty.assignment_id,))
        if row is None:
            return
        if ChangeDialog(self.ctx, dict(row), self).exec():
            set_message(self.message, "申请已提交，等待办公室审批。")

    def request_leave(self) -> None:
        from dutyroom.gui.roster.leave_dialog import LeaveDialog

        if self.person_id is None:
            return
        dialog = LeaveDialog(self.ctx, self, person_id=self.person_id)
        if dialog.exec():
            self.requests.setCurrentWidget(self.leave_view)
            set_message(self.message, f"第{dialog.request_id}号申请已提交，等待办公室审批。")

    def withdraw(self) -> None:
        from dutyroom.roster import changes, leave

        if self.requests.currentWidget() is self.leave_view:
            asked = self._selected_leave()
            if asked is not None and asked.status == "pending":
                run_with_reason(self, "撤回申请", f"撤回第{asked.id}号{asked.kind_label}申请（{asked.span}）的原因：",
                                leave.withdraw_request, self.ctx.session, asked.id, message=self.message,
                                done=f"第{asked.id}号申请已撤回。")
            return
        change = self._selected_change()
        if change is None or change.status != "pending":
            return
        run_with_reason(self, "撤回申请", f"撤回第{change.id}号申请（{change.summary}）的原因：", changes.withdraw_change,
                        self.ctx.session, change.id, message=self.message, done=f"第{change.id}号申请已撤回。")

    def export_calendar(self) -> None:
        from dutyroom.roster.ics import person_calendar

        if self.person_id is None:
            return
        now = self.ctx.session.now()
        outcome = run_op(self, person_calendar, self.ctx.store, self.person_id, year=now.year, now=now,
                         message=self.message)
        path = save_as(self, outcome.value, f"我的值班{now.year}", "ics") if outcome.value is not None else None
        if path is not None:
            set_message(self.message, f"已导出：{path}")
