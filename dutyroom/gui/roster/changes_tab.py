"""串班/代班 on 值班排班: every request with its state; the office approves, rejects, undoes and prints the
notice of a change."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import confirm, run_op, run_with_reason
from dutyroom.gui.kit.output import deliver
from dutyroom.gui.kit.page import set_message
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table, selected_record
from dutyroom.gui.kit.widgets import button, hbox, vbox

COLUMNS = (
    Column("id", "编号", lambda r: str(r["view"].id)),
    Column("kind", "类型", lambda r: r["view"].kind_label),
    Column("summary", "调整", lambda r: r["view"].summary),
    Column("status", "状态", lambda r: r["view"].status_label),
    Column("reason", "原因", lambda r: r["view"].reason,
           tooltip=lambda r: "\n".join(r["view"].conflicts) or r["view"].reason),
)


class ChangesTab(QWidget):
    def __init__(self, ctx: AppContext, message: QLabel) -> None:
        super().__init__()
        self.ctx, self.message = ctx, message
        self.model = RecordTableModel(COLUMNS, self)
        self.view = record_table(self.model, sortable=False, single_selection=False)
        self.approve_button = button("批准", self.approve_selected)
        self.reject_button = button("驳回…", self.reject_selected)
        self.undo_button = button("撤销…", self.undo_selected)
        self.notice_button = button("打印调整通知", self.print_selected_notice)
        for act in (self.approve_button, self.reject_button, self.undo_button):
            act.setEnabled(ctx.session.can("roster.approve"))
        layout = vbox(parent=self, margins=(0, 6, 0, 0))
        layout.addWidget(self.view, 1)
        layout.addLayout(hbox(self.approve_button, self.reject_button, self.undo_button, self.notice_button))

    def reload(self) -> None:
        from dutyroom.roster.changes import change_views

        self.model.set_records([{"view": v} for v in change_views(self.ctx.store)])

    def selected_change(self) -> Any:
        record = selected_record(self.view)
        if record is None:
            set_message(self.message, "请先在列表中选择一条串班/代班。", error=True)
        return record["view"] if record else None

    def approve_selected(self) -> bool:
        from dutyroom.roster import changes

        view = self.selected_change()
        if view is None:
            return False
        accept = bool(view.conflicts)
        if accept and not confirm(self, "确认冲突", "该调整存在冲突：\n" + "\n".join(view.conflicts) + "\n确定批准吗？"):
            return False
        return bool(run_op(self, changes.approve_change, self.ctx.session, view.id, accept_conflicts=accept,
                           message=self.message, done=f"已批准：{view.summary}"))

    def reject_selected(self) -> bool:
        from dutyroom.roster import changes

        view = self.selected_change()
        return view is not None and bool(run_with_reason(
            self, "驳回", "驳回理由：", changes.reject_change, self.ctx.session, view.id, blank_cancels=True,
            message=self.message, done="已驳回。"))

    def undo_selected(self) -> bool:
        from dutyroom.roster import changes

        view = self.selected_change()
        return view is not None and bool(run_with_reason(
            self, "撤销串班/代班", "撤销原因（恢复原安排）：", changes.undo_change, self.ctx.session, view.id,
            blank_cancels=True, message=self.message, done="已撤销，恢复原安排。"))

    def print_selected_notice(self) -> None:
        view = self.selected_change()
        if view is None:
            return
        store, now = self.ctx.store, self.ctx.session.now()

        def render() -> bytes:
            from dutyroom.printing.roster import render_change_notice
            from dutyroom.roster.views import change_notice

            return render_change_notice(change_notice(store, now, ids=[view.id]))

        deliver(self.ctx, self, render, f"值班调整通知{view.id}", message=self.message, busy="正在生成…",
                error_title="生成失败")
