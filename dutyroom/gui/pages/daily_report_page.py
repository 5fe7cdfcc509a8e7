"""值班日报 / 零报告: drafted from the day's data, edited by the officer, saved, printed, exported (PDF, Word)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from dutyroom.changes import Area
from dutyroom.clock import chinese_date
from dutyroom.duty.shifts import handover_time, shift_at
from dutyroom.dutylog.report import ReportDraft, current_report, draft_report, save_report
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.dialogs import show_error
from dutyroom.gui.pages.base import Page, set_message, subtitle_label, title_label


class DailyReportPage(Page):
    areas = frozenset({Area.DAILY_REPORT})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.report: ReportDraft | None = None
        self._loaded_text: tuple[str, str, bool] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(10)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(title_label("值班日报"))
        self.period_label = subtitle_label()
        titles.addWidget(self.period_label)
        header.addLayout(titles, 1)
        header.addWidget(QLabel("班次日期"))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        today = self._default_date()
        self.date_edit.setDate(QDate(today.year, today.month, today.day))
        self.date_edit.dateChanged.connect(lambda _d: self.load_date())
        header.addWidget(self.date_edit)
        layout.addLayout(header)

        title_row = QHBoxLayout()
        title_row.addWidget(QLabel("标题"))
        self.title_edit = QLineEdit()
        self.zero_check = QCheckBox("零报告（本时段无突发事件）")
        title_row.addWidget(self.title_edit, 1)
        title_row.addWidget(self.zero_check)
        layout.addLayout(title_row)
        self.body = QPlainTextEdit()
        self.body.setObjectName("reportBody")
        layout.addWidget(self.body, 1)
        layout.addWidget(subtitle_label("正文中以“一、”开头的行按一级标题（黑体）排版，“（一）”为二级标题，其余为正文段落。"))

        buttons = QHBoxLayout()
        self.redraft_button = QPushButton("按当日数据重新生成草稿")
        self.redraft_button.clicked.connect(self.redraft)
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(self.save)
        self.print_button = QPushButton("打印 (Ctrl+P)")
        self.print_button.clicked.connect(lambda: self.export("pdf", view=True))
        self.pdf_button = QPushButton("导出PDF…")
        self.pdf_button.clicked.connect(lambda: self.export("pdf", view=False))
        self.docx_button = QPushButton("导出Word…")
        self.docx_button.clicked.connect(lambda: self.export("docx", view=False))
        self.status = subtitle_label()
        for button in (self.redraft_button, self.save_button, self.print_button, self.pdf_button, self.docx_button):
            buttons.addWidget(button)
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
        return self.date_edit.date().toPython()

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
        if self.report and self.report.saved or self.dirty():
            answer = QMessageBox.question(self, "重新生成草稿", "按当日数据重新生成会替换编辑框中的文字（已保存的日报在保存前不变）。继续吗？",
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        fresh = draft_report(self.ctx.store, self.report_date, self.ctx.session.now())
        fresh.saved = self.report.saved if self.report else None
        self.title_edit.setText(fresh.title)
        self.body.setPlainText(fresh.body)
        self.zero_check.setChecked(fresh.zero_report)
        set_message(self.status, "已按当日数据重新生成，尚未保存。")

    def save(self) -> bool:
        title, body, zero = self._texts()
        try:
            save_report(self.ctx.session, self.report_date, title=title, body=body, zero_report=zero)
        except DutyRoomError as exc:
            set_message(self.status, exc.message, error=True)
            return False
        self.load_date()
        return True

    def print_primary(self) -> bool:
        self.export("pdf", view=True)
        return True

    def export(self, kind: str, *, view: bool) -> None:
        from dutyroom.gui import pdf_output
        from dutyroom.printing.daily_report import render_report_docx, render_report_pdf, report_doc

        title, body, zero = self._texts()
        base = current_report(self.ctx.store, self.report_date, self.ctx.session.now())
        base.title, base.body, base.zero_report = title, body, zero
        doc = report_doc(self.ctx.store, base, self.ctx.session.now())
        name = f"值班日报-{self.report_date:%Y%m%d}"

        def render(state: object) -> bytes:
            return render_report_docx(doc) if kind == "docx" else render_report_pdf(doc)

        def done(data: bytes) -> None:
            if kind == "docx":
                target, _ = QFileDialog.getSaveFileName(self, "导出Word", str(Path.home() / f"{name}.docx"),
                                                        "Word 文档 (*.docx)")
                if not target:
                    return
                path = Path(target) if target.lower().endswith(".docx") else Path(target + ".docx")
                path.write_bytes(data)
            else:
                path = pdf_output.open_in_viewer(data, name) if view else pdf_output.save_as(self, data, name)
            if path is not None:
                set_message(self.status, f"已生成：{path}" + ("（含未保存的修改）" if self.dirty() else ""))

        self.ctx.tasks.run(render, on_done=done, on_error=lambda exc: show_error(self, exc, "导出失败"))
