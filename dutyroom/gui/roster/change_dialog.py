"""串班/代班: a request to exchange a published duty with another (串班) or to have someone cover it (代班);
the office may enter and approve it at once."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget

from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dialogs import ToolDialog
from dutyroom.gui.kit.fields import form_layout, set_available
from dutyroom.gui.kit.ops import confirm, run_op
from dutyroom.gui.kit.widgets import button
from dutyroom.roster.model import SHIFT_LABELS, slot_label


class ChangeDialog(ToolDialog):
    """串班 (exchange with another published duty of the same role) or 代班 (someone covers)."""

    def __init__(self, ctx: AppContext, assignment: dict[str, Any], parent: QWidget | None = None) -> None:
        from dutyroom.roster.planning import candidates

        super().__init__(ctx, parent, "串班/代班")
        self.assignment = assignment
        day = date.fromisoformat(assignment["duty_date"])
        shift = assignment.get("shift", "full")
        self.layout_.addWidget(QLabel(f"{day.month}月{day.day}日 {slot_label(assignment['role'], shift)}："
                                      f"{assignment['name']}"))
        form = form_layout(messages=False)
        self.kind = QComboBox()
        self.kind.addItem("代班（他人替班）", "substitution")
        self.kind.addItem("串班（与他人互换班次）", "swap")
        self.kind.currentIndexChanged.connect(self._switch)
        form.addRow("类型", self.kind)
        self.substitute = QComboBox()
        for c in candidates(ctx.store, day, assignment["role"], assignment["position"], shift):
            if c.person_id != assignment["person_id"]:
                self.substitute.addItem(f"{c.name}" + (f"（{c.conflict}）" if c.conflict else ""), c.person_id)
        form.addRow("代班人", self.substitute)
        self.other = QComboBox()
        rows = ctx.store.rows(
            "SELECT a.id, a.duty_date, a.shift, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
            " WHERE a.voided_at IS NULL AND a.role = ? AND a.person_id <> ? AND a.duty_date BETWEEN ? AND ?"
            " ORDER BY a.duty_date, a.shift", (assignment["role"], assignment["person_id"],
                                               day.replace(day=1).isoformat(),
                                               date(day.year + (day.month == 12), day.month % 12 + 1, 28).isoformat()))
        for row in rows:
            part = f" {SHIFT_LABELS[row['shift']]}" if row["shift"] != "full" else ""
            self.other.addItem(f"{row['duty_date'][5:]}{part} {row['name']}", row["id"])
        form.addRow("互换的班次", self.other)
        self.reason = QLineEdit()
        form.addRow("原因", self.reason)
        self.approve = QCheckBox("同时批准（办公室录入）")
        self.approve.setVisible(ctx.session.can("roster.approve"))
        self.approve.setChecked(ctx.session.can("roster.approve"))
        form.addRow("", self.approve)
        self.layout_.addLayout(form)
        self.layout_.addWidget(button("提交", self.submit, primary=True))
        self.finish_layout()
        self._switch()

    def _switch(self) -> None:
        """Only the field of the chosen kind is open; the other shows no stale choice."""
        swap = self.kind.currentData() == "swap"
        set_available(self.other, swap, "串班时选择")
        set_available(self.substitute, not swap, "代班时选择")

    def submit(self) -> bool:
        from dutyroom.roster import changes

        approve = self.approve.isVisible() and self.approve.isChecked()

        def call(accept: bool) -> None:
            if self.kind.currentData() == "swap":
                changes.request_swap(self.ctx.session, self.assignment["id"], self.other.currentData(),
                                     self.reason.text(), approve=approve, accept_conflicts=accept)
            else:
                changes.request_substitution(self.ctx.session, self.assignment["id"], self.substitute.currentData(),
                                             self.reason.text(), approve=approve, accept_conflicts=accept)

        refusals: list[DutyRoomError] = []
        if not run_op(self, call, False, message=self.message, on_refusal=refusals.append):
            conflict = refusals[0] if isinstance(refusals[0], ValidationError) else None
            if conflict is None or not conflict.message.startswith("存在冲突"):
                return False
            if not confirm(self, "确认冲突", conflict.message.replace("确认后再批准。", "确定仍然批准吗？")):
                return False
            if not self.run(lambda: call(True), "已提交。"):
                return False
        self.accept()
        return True
