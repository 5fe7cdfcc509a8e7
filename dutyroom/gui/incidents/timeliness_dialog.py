"""信息报送及时率: a month by grade and by step, and every late item; printable."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QLabel, QVBoxLayout, QWidget

from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.output import deliver
from dutyroom.gui.kit.tables import append_row, widget_table
from dutyroom.gui.kit.text import when
from dutyroom.gui.kit.widgets import button, hbox, label
from dutyroom.incidents.rules import GRADE_LABELS, GRADES

TALLY_HEADERS = ("按时", "超时", "未到期", "免报", "及时率")


class TimelinessDialog(QDialog):
    """及时率 by month: by grade and by step, and the late items; printable."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from dutyroom.incidents import stats

        self.ctx = ctx
        self.setWindowTitle("信息报送及时率统计")
        self.resize(860, 620)
        layout = QVBoxLayout(self)
        self.month = QComboBox()
        now = ctx.session.now()
        months = {(now.year, now.month)} | {(d.year, d.month) for d in stats.months_with_data(ctx.store)}
        for year, month in sorted(months, reverse=True):
            self.month.addItem(f"{year}年{month}月", (year, month))
        self.month.currentIndexChanged.connect(self.reload)
        layout.addLayout(hbox(QLabel("月份"), self.month, None, button("打印", self.print_pdf)))
        self.summary = label("", "shiftLabel", wrap=True)
        layout.addWidget(self.summary)
        self.grade_table = widget_table(["事件等级", *TALLY_HEADERS])
        self.step_table = widget_table(["报送环节", *TALLY_HEADERS])
        self.late_table = widget_table(["编号", "事件", "环节", "时限", "完成", "超时"])
        for heading, table in (("按事件等级", self.grade_table), ("按报送环节", self.step_table), ("超时明细", self.late_table)):
            layout.addWidget(label(heading, "sectionTitle"))
            layout.addWidget(table, 1)
        self.reload()

    def data(self) -> Any:
        from dutyroom.incidents import stats

        year, month = self.month.currentData()
        return stats.timeliness(self.ctx.store, year, month, self.ctx.session.now())

    def reload(self) -> None:
        result = self.data()
        total = result.total
        self.summary.setText(f"{result.title}：按时 {total.on_time} 项，超时 {total.late} 项，未到期 {total.pending} 项，"
                             f"免报 {total.waived} 项；及时率 {total.rate_text}")
        for table, items in ((self.grade_table, [(GRADE_LABELS[g], result.by_grade[g]) for g in GRADES]),
                             (self.step_table, sorted(result.by_step.items()))):
            table.setRowCount(0)
            for name, tally in items:
                append_row(table, [str(text) for text in (name, tally.on_time, tally.late, tally.pending,
                                                          tally.waived, tally.rate_text)])
        self.late_table.setRowCount(0)
        for late in result.late_items:
            append_row(self.late_table, [late["number"], late["title"], late["step"], when(late["due_at"]),
                                         when(late["met_at"]) or "未完成", f"{late['late_minutes']}分钟"])

    def print_pdf(self) -> None:
        data, now = self.data(), self.ctx.session.now()

        def render() -> bytes:
            from dutyroom.printing.timeliness import render_timeliness

            return render_timeliness(data, now)

        deliver(self.ctx, self, render, data.title)
