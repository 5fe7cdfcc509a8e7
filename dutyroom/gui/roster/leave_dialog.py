"""请假/出差/培训/补休: a person asks on 我的值班 (the office may ask for anyone, and enters 补休 already taken).

While the dates are chosen the dialog says which published duties the leave would hit and, for 补休, how many
days it takes and what is left."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QComboBox, QDialog, QPlainTextEdit, QVBoxLayout, QWidget

from dutyroom.clock import short_date
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dates import date_edit, from_qdate
from dutyroom.gui.kit.fields import FieldChecks, add_field, enter_moves_on, form_layout
from dutyroom.gui.kit.ops import dialog_buttons, run_op
from dutyroom.gui.kit.widgets import label
from dutyroom.roster.model import slot_label


class LeaveDialog(QDialog):
    """``record``: the office enters 补休 already taken (any dates, approved at once)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, person_id: int | None = None,
                 record: bool = False) -> None:
        from dutyroom import org
        from dutyroom.roster.leave import KIND_LABELS

        super().__init__(parent)
        self.ctx, self.record = ctx, record
        self.request_id: int | None = None
        self.setWindowTitle("登记补休" if record else "请假、出差、培训或补休申请")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(label("办公室登记已休的补休，从补休结余中扣除。" if record else
                               "提交后由办公室审批；批准后，所涉及的值班由办公室安排代班。", "pageSubtitle", wrap=True))
        self.message = label(wrap=True)
        self.checks = FieldChecks(self, message=self.message)
        form = form_layout()
        self.person = QComboBox()
        office = ctx.session.can("roster.leave.approve")
        for p in org.duty_staff(ctx.store):
            if office or p["id"] == ctx.session.actor.person_id:
                self.person.addItem(f"{p['name']}　{p['position'] or ''}".strip(), p["id"])
        if person_id is not None:
            self.person.setCurrentIndex(max(0, self.person.findData(person_id)))
        self.person.setEnabled(office)
        add_field(form, "人员", self.person, key="person", checks=self.checks)
        self.kind = QComboBox()
        for key, text in KIND_LABELS.items():
            if not record or key == "comp_leave":
                self.kind.addItem(text, key)
        add_field(form, "类型", self.kind, key="kind", checks=self.checks)
        tomorrow = ctx.session.now().date() + timedelta(days=0 if record else 1)
        self.start, self.end = date_edit(tomorrow), date_edit(tomorrow)
        add_field(form, "开始日期", self.start, key="start", checks=self.checks, required=True)
        add_field(form, "结束日期", self.end, key="end", checks=self.checks, required=True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(70)
        self.reason.setPlaceholderText("如：家中有事、参加省厅培训")
        add_field(form, "备注" if record else "事由", self.reason, key="note" if record else "reason",
                  checks=self.checks, required=not record)
        layout.addLayout(form)
        self.effect = label(wrap=True)
        self.effect.setObjectName("hintLabel")
        layout.addWidget(self.effect)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons("登记 (Ctrl+Enter)" if record else "提交申请 (Ctrl+Enter)", dialog=self,
                                        on_ok=self.submit))
        enter_moves_on(self, save=self.submit)
        for signal in (self.person.currentIndexChanged, self.kind.currentIndexChanged, self.start.dateChanged,
                       self.end.dateChanged):
            signal.connect(self.describe)
        self.describe()

    def dates(self) -> tuple[date, date]:
        return from_qdate(self.start.date()), from_qdate(self.end.date())

    def describe(self) -> None:
        """What the chosen dates mean: the duties they hit, the 补休 days and the balance."""
        from dutyroom.roster.balance import comp_balance
        from dutyroom.roster.leave import comp_days, hit_duties

        person = self.person.currentData()
        if person is None:
            self.effect.setText("")
            return
        start, end = self.dates()
        today = self.ctx.session.now().date()
        parts = []
        if end >= start:
            hit = hit_duties(self.ctx.store, person, start, end, today)
            parts.append("涉及已发布的值班：" + "、".join(
                f"{short_date(date.fromisoformat(d['duty_date']))}{slot_label(d['role'], d['shift'])}" for d in hit)
                if hit else "所选日期没有本人已发布的值班。")
            if self.kind.currentData() == "comp_leave":
                parts.append(f"补休{comp_days(self.ctx.store, start, end):g}个工作日；当前补休结余"
                             f"{comp_balance(self.ctx.store, person, max(today, end)):g}天（已扣除待审批的补休）。")
        self.effect.setText("\n".join(parts))

    def submit(self) -> None:
        from dutyroom.roster import leave

        start, end = self.dates()
        text = self.reason.toPlainText()
        if self.record:
            outcome = run_op(self, leave.record_comp_leave, self.ctx.session, self.person.currentData(), start, end,
                             text, message=self.message, on_refusal=self._point_at)
        else:
            outcome = run_op(self, leave.request_leave, self.ctx.session, self.person.currentData(),
                             self.kind.currentData(), start, end, text, message=self.message,
                             on_refusal=self._point_at)
        if outcome:
            self.request_id = outcome.value
            self.accept()

    def _point_at(self, exc: DutyRoomError) -> None:
        self.checks.show(exc)
