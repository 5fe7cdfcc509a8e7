"""值班日报 / 零报告: drafted from the day's data, edited by the officer, saved, printed, exported (PDF, Word)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit

from dutyroom.changes import Area
from dutyroom.clock import chinese_date
from dutyroom.duty.shifts import handover_time, shift_at
from dutyroom.dutylog.report import ReportDraft, current_report, draft_report, save_report
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dates import date_edit, from_qdate
from dutyroom.gui.kit.ops import confirm, run_op
from dutyroom.gui.kit.output import deliver
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.widgets import button, hbox, page_header, page_layout


class DailyReportPage(Page):
    areas = frozenset({Area.DAILY_REPORT})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.report: ReportDraft | None = None
        self._loaded_text: tuple[str, str, bool] | None = None
        layout = page_layout(self)
        self.period_label = subtitle_label()
        self.date_edit = date_edit(self._default_date())
        self.date_edit.dateChanged.connect(lambda _d: self.load_date())
        layout.addLayout(page_header(title_label("值班日报"), self.period_label, QLabel("班次日期"), self.date_edit))
        self.title_edit = QLineEdit()
        self.zero_check = QCheckBox("零报告（本时段无突发事件）")
        title_row = hbox(QLabel("标题"))
        title_row.addWidget(self.title_edit, 1)
        title_row.addWidget(self.zero_check)
        layout.addLayout(title_row)
        self.body = QPlainTextEdit()
        self.body.setObjectName("reportBody")
        layout.addWidget(self.body, 1)
        layout.addWidget(subtitle_label("正文中以“一、”开头的行按一级标题（黑体）排版，“（一）”为二级标题，其余为正文段落。"))
        self.redraft_button = button("按当日数据重新生成草稿", self.redraft)
        self.save_button = button("保存 (Ctrl+S)", self.save, primary=True)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save)
        self.print_button = button("打印 (Ctrl+P)", lambda: self.export("pdf", view=True))
        self.pdf_button = button("导出PDF…", lambda: self.export("pdf", view=False))
        self.docx_button = button("导出Word…", lambda: self.export("docx", view=False))
        self.status = subtitle_label()
        buttons = hbox(self.redraft_button, self.save_button, self.print_button, self.pdf_button, self.docx_button)
        buttons.addWidget(self.status, 1)
        layout.addLayout(buttons)
        editable = ctx.session.can("report.edit")
        for widget in (self.redraft_button, self.save_button, self.title_edit, self.zero_check):
            widget.setEnabled(editable)
        self.body.setReadOnly(not editable)

    def _default_date(self) -> date:
        """The shift that ended most recently: the one a morning report covers."""
        return shift_at(self.ctx.session.now(), handover_time(self.ctx.store)).duty_date - timedelta(days=1)

    @property
    def report_date(self) -> date:
        return from_qdate(self.date_edit.date())

    def _texts(self) -> tuple[str, str, bool]:
        return self.title_edit.text(), self.body.toPlainText(), self.zero_check.isChecked()

    def dirty(self) -> bool:
        return self._loaded_text is not None and self._texts() != self._loaded_text

    def reload(self) -> None:
        if not self.dirty():
            self.load_date()

    def load_date(self) -> None:
        self.report = current_report(self.ctx.store, self.report_date, self.ctx.session.now())
        self._show(self.report)

    def _show(self, report: ReportDraft) -> None:
        self.title_edit.setText(report.title)
        self.body.setPlainText(report.body)
        self.zero_check.setChecked(report.zero_report)
        self._loaded_text = self._texts()
        self.period_label.setText(f"{chinese_date(report.report_date)}班次（{report.period}）")
        if report.saved:
            saved = report.saved
            set_message(self.status, f"已保存：{saved['updated_by_name']} {saved['updated_at'][:16].replace('T', ' ')}"
                                     f"（第 {saved['revision'] + 1} 稿）")
        else:
            set_message(self.status, "自动生成的草稿，尚未保存：请核对、修改后保存。")

    def redraft(self) -> None:
        if (self.report and self.report.saved or self.dirty()) and not confirm(
                self, "重新生成草稿", "按当日数据重新生成会替换编辑框中的文字（已保存的日报在保存前不变）。继续吗？", default=False):
            return
        fresh = draft_report(self.ctx.store, self.report_date, self.ctx.session.now())
        fresh.saved = self.report.saved if self.report else None
        self.title_edit.setText(fresh.title)
        self.body.setPlainText(fresh.body)
        self.zero_check.setChecked(fresh.zero_report)
        set_message(self.status, "已按当日数据重新生成，尚未保存。")

    def save(self) -> bool:
        title, body, zero = self._texts()
        if not run_op(self, save_report, self.ctx.session, self.report_date, title=title, body=body, zero_report=zero,
                      message=self.status):
            return False
        self.load_date()
        return True

    def print_primary(self) -> bool:
        self.export("pdf", view=True)
        return True

    def export(self, kind: str, *, view: bool) -> None:
        from dutyroom.printing.daily_report import render_report_docx, render_report_pdf, report_doc

        title, body, zero = self._texts()
        base = current_report(self.ctx.store, self.report_date, self.ctx.session.now())
        base.title, base.body, base.zero_report = title, body, zero
        doc = report_doc(self.ctx.store, base, self.ctx.session.now())

        def render() -> bytes:
            return render_report_docx(doc) if kind == "docx" else render_report_pdf(doc)

        deliver(self.ctx, self, render, f"值班日报-{self.report_date:%Y%m%d}", save=not view, suffix=kind,
                message=self.status, error_title="导出失败",
                done=lambda path: f"已生成：{path}" + ("（含未保存的修改）" if self.dirty() else ""))
