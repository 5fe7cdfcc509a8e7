"""请假审批 (the office): requests from 我的值班 to approve or refuse, the duties an approved leave hits with the
代班 proposed for each (approved here in one click, through the 串班/代班 workflow), 补休 entered by hand, and
the next seven days' duties whose holder has no phone number or has leave pending."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QSplitter

from dutyroom.changes import Area
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import run_op, run_with_reason
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table, selected_record
from dutyroom.gui.kit.widgets import button, hbox, holder, label, page_header, page_layout, panel

CENTRE = Qt.AlignmentFlag.AlignCenter
SINCE_DAYS = 60          # decided requests stay listed while they ended less than this long ago

COLUMNS = (
    Column("id", "编号", lambda r: str(r["view"].id), lambda r: r["view"].id, align=CENTRE),
    Column("name", "姓名", lambda r: r["view"].name),
    Column("kind", "类型", lambda r: r["view"].kind_label, align=CENTRE),
    Column("span", "日期", lambda r: r["view"].span, lambda r: r["view"].start),
    Column("reason", "事由", lambda r: r["view"].reason, tooltip=lambda r: r["view"].reason),
    Column("status", "状态", lambda r: r["view"].status_label, lambda r: f"{r['view'].status != 'pending':d}{999999 - r['view'].id:06d}",
           align=CENTRE),
    Column("duties", "涉及值班", lambda r: _duties_text(r["view"]), tooltip=lambda r: _duties_text(r["view"])),
    Column("asked", "申请", lambda r: f"{r['view'].requested_by} {r['view'].requested_at[5:16].replace('T', ' ')}"),
)


def _duties_text(view: Any) -> str:
    if view.status == "pending":
        return f"{view.pending_duties}个已发布的值班" if view.pending_duties else "无"
    return "；".join(f.text for f in view.flagged) or ("无" if view.status == "approved" else "")


class LeavePage(Page):
    areas = frozenset({Area.ROSTER, Area.DUTY, Area.ORG})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        outer = page_layout(self)
        self.summary = subtitle_label()
        self.approve_button = button("批准", self.approve, primary=True,
                                     tooltip="批准所选申请：登记为请假/外出，并为所涉值班建议代班人员")
        self.refuse_button = button("不批准…", self.refuse)
        self.cancel_button = button("取消已批准…", self.cancel, tooltip="撤销所选的已批准申请：作废其请假登记")
        self.cover_button = button("批准建议的代班", self.approve_cover,
                                   tooltip="按建议的代班人员调整所选申请涉及的值班（串班/代班审批）")
        self.record_button = button("登记补休…", self.record_comp_leave, tooltip="登记已休的补休，从补休结余中扣除")
        outer.addLayout(page_header(title_label("请假审批"), self.summary, self.approve_button, self.refuse_button,
                                    self.cancel_button, self.cover_button, self.record_button))
        self.model = RecordTableModel(COLUMNS, self)
        self.model.muted = lambda r: r["view"].status in ("refused", "withdrawn", "cancelled")
        self.view = record_table(self.model, columns="user", widths=(50, 80, 50, 200, 180, 70, 300))
        self.view.sortByColumn(5, Qt.SortOrder.AscendingOrder)      # pending first, newest first
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.view.doubleClicked.connect(lambda _index: self.approve())
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        panels = hbox(*self._build_panels(), spacing=12)
        panels.setStretch(0, 1)
        panels.setStretch(1, 1)
        split.addWidget(holder(panels))
        split.setSizes([320, 260])
        outer.addWidget(split, 1)
        self.message = subtitle_label()
        outer.addWidget(self.message)

    def _build_panels(self) -> tuple[Any, Any]:
        detail, detail_layout = panel("所选申请")
        self.detail = label("请在上方选择一条申请。", wrap=True, selectable=True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        detail_layout.addWidget(self.detail, 1)
        watch, watch_layout = panel("今后7天值班提醒")
        self.watch_hint = label("", "pageSubtitle", wrap=True)
        self.watch = QListWidget()
        watch_layout.addWidget(self.watch_hint)
        watch_layout.addWidget(self.watch, 1)
        return detail, watch

    def reload(self) -> None:
        from datetime import timedelta

        from dutyroom.roster.leave import leave_views
        from dutyroom.roster.reminders import WATCH_DAYS, office_watch

        today = self.ctx.session.now().date()
        views = leave_views(self.ctx.store, since=today - timedelta(days=SINCE_DAYS), today=today)
        self.model.set_records([{"view": v} for v in views])
        pending = sum(1 for v in views if v.status == "pending")
        self.summary.setText(f"待审批 {pending} 件。批准后登记为请假/外出，所涉已发布的值班按排班的公平规则建议代班人员，"
                             "在此或“值班排班 → 串班/代班”批准。" if pending else "没有待审批的申请。")
        items = office_watch(self.ctx.store, today)
        self.watch.clear()
        self.watch.addItems([item.text for item in items])
        self.watch_hint.setText(f"{today.month}月{today.day}日起{WATCH_DAYS}天内的值班人员：" +
                                ("缺少联系电话或有请假的如下。" if items else "电话齐全，没有请假。"))
        self._show_selected()

    def _selected(self) -> Any:
        record = selected_record(self.view)
        return record["view"] if record else None

    def _show_selected(self) -> None:
        view = self._selected()
        pending_cover = bool(view and any(f.change_status == "待审批" for f in view.flagged))
        self.approve_button.setEnabled(bool(view and view.status == "pending"))
        self.refuse_button.setEnabled(bool(view and view.status == "pending"))
        self.cancel_button.setEnabled(bool(view and view.status == "approved"))
        self.cover_button.setEnabled(pending_cover)
        if view is None:
            self.detail.setText("请在上方选择一条申请。")
            return
        lines = [f"第{view.id}号　{view.name}　{view.kind_label}　{view.span}　{view.status_label}", f"事由：{view.reason}"]
        if view.decided_by:
            lines.append(f"处理：{view.decided_by} {view.decided_at[:16].replace('T', ' ')}"
                         + (f"　{view.decision_note}" if view.decision_note else ""))
        if view.status == "pending":
            lines.append(f"涉及已发布的值班 {view.pending_duties} 个；批准时为每个值班建议代班人员。"
                         if view.pending_duties else "所选日期没有本人已发布的值班。")
        lines.extend(f"· {f.text}" for f in view.flagged)
        self.detail.setText("\n".join(lines))

    # -- acts ----------------------------------------------------------------------------------
    def approve(self) -> None:
        from dutyroom.roster import leave

        view = self._selected()
        if view is None or view.status != "pending":
            return
        outcome = run_op(self, leave.approve_request, self.ctx.session, view.id, message=self.message)
        if outcome and outcome.value is not None:
            flagged, proposed = outcome.value.flagged, len(outcome.value.changes)
            rest = "；其余见“所选申请”的说明" if proposed < len(flagged) else ""
            set_message(self.message, f"第{view.id}号申请已批准。" + (
                f"涉及值班{len(flagged)}个，已建议代班{proposed}个{rest}，确认后点“批准建议的代班”。" if flagged else ""))
            self._select(view.id)

    def refuse(self) -> None:
        from dutyroom.roster import leave

        view = self._selected()
        if view is not None and view.status == "pending":
            run_with_reason(self, "不批准", f"不批准第{view.id}号申请（{view.name}{view.kind_label} {view.span}）的理由：",
                            leave.refuse_request, self.ctx.session, view.id, message=self.message,
                            done=f"第{view.id}号申请未批准。")

    def cancel(self) -> None:
        from dutyroom.roster import leave

        view = self._selected()
        if view is not None and view.status == "approved":
            run_with_reason(self, "取消已批准的申请", f"取消第{view.id}号申请（{view.name}{view.kind_label}）的原因：",
                            leave.cancel_request, self.ctx.session, view.id, message=self.message,
                            done=f"第{view.id}号申请已取消，请假登记已作废。")

    def approve_cover(self) -> None:
        """Approve every pending 代班 proposed for the selected leave, one change at a time."""
        from dutyroom.roster import changes

        view = self._selected()
        if view is None:
            return
        done = 0
        for flagged in view.flagged:
            if flagged.change_id and flagged.change_status == "待审批":
                if not run_op(self, changes.approve_change, self.ctx.session, flagged.change_id, message=self.message):
                    return
                done += 1
        set_message(self.message, f"已批准代班{done}个，值班表已调整（标“调”）。")
        self._select(view.id)

    def record_comp_leave(self) -> None:
        from dutyroom.gui.roster.leave_dialog import LeaveDialog

        dialog = LeaveDialog(self.ctx, self, record=True)
        if dialog.exec():
            set_message(self.message, f"补休已登记（第{dialog.request_id}号）。")

    def _select(self, request_id: int) -> None:
        for row in range(self.view.model().rowCount()):
            index = self.view.model().index(row, 0)
            if index.data() == str(request_id):
                self.view.selectRow(row)
                return

    def go_to(self, **target: Any) -> None:
        if "request_id" in target:
            self._select(int(target["request_id"]))
