"""The report editor: a draft's sections (信息专报) or township figures (灾情, ``disaster_editor``), then
签发 → 报送 → 电话确认.

What a user may press follows the report's state and the user's role; the core enforces it anyway.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom.errors import Problems
from dutyroom.gui.context import AppContext
from dutyroom.gui.incidents.act_dialogs import confirm_dialog, send_dialog
from dutyroom.gui.kit.fields import (
    FieldChecks,
    add_field,
    enter_moves_on,
    form_label,
    form_layout,
    message_line,
)
from dutyroom.gui.kit.ops import run_op, run_with_reason
from dutyroom.gui.kit.output import deliver
from dutyroom.gui.kit.page import set_message
from dutyroom.gui.kit.text import when
from dutyroom.gui.kit.theme import repolish
from dutyroom.gui.kit.widgets import button, hbox, label, scroll
from dutyroom.incidents import reports
from dutyroom.incidents.models import ReportRow

ACTIONS = (("save", "保存草稿 (Ctrl+S)"), ("refresh", "采用最新要素"), ("pdf", "打印…"), ("docx", "导出Word…"),
           ("sign", "签发"), ("withdraw", "撤回签发"), ("send", "记录报送…"), ("confirm", "电话确认…"),
           ("correct", "起草更正"), ("void", "作废草稿"))


def _when(text: str | None) -> str:
    return when(text, sep="")


def status_text(report: ReportRow) -> str:
    parts = [reports.STATUS_LABELS[report["status"]]]
    if report["issue_no"]:
        parts.append(f"第{report['issue_no']}期")
    if report["signed_by_name"]:
        parts.append(f"{report['signed_by_name']}签发于{_when(report['signed_at'])}")
    if report["sent_at"]:
        parts.append(f"{_when(report['sent_at'])}经{report['sent_channel']}报{report['sent_to']}（{report['sent_by_name']}）")
    if report["confirmed_at"]:
        parts.append(f"{report['confirmed_by_name']}于{_when(report['confirmed_at'])}与{report['confirmed_with']}电话确认")
    elif report["status"] == "sent":
        parts.append("尚未电话确认")
    if report["voided_at"]:
        parts = [f"已作废：{report['void_reason']}"]
    return "；".join(parts)


class ReportEditor(QDialog):
    """Both report forms share the state row and the buttons; the body differs.

    Each form's subclass provides the body (a QDialog cannot enforce abstract methods, so they are
    declared here and defined only there).
    """

    build_body: Callable[[], QWidget]                    # the body's widgets, built once
    load_body: Callable[[dict[str, Any]], None]          # show a stored body
    body: Callable[[], dict[str, Any]]                   # the body as typed, to save
    set_body_editable: Callable[[bool], None]            # drafts are editable, the rest read-only

    def __init__(self, ctx: AppContext, report_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.report_id = ctx, report_id
        self.report = reports.get_report(ctx.store, report_id)
        self.setWindowTitle(f"{reports.FORM_LABELS[self.report['form']]} — {self.kind_label()}")
        self.resize(1060, 760)
        outer = QVBoxLayout(self)
        self.kind = label(self.kind_label(), "pageTitle")
        self.state = label("", "reportState", wrap=True)
        top = hbox(self.kind)
        top.addWidget(self.state, 1)
        outer.addLayout(top)
        self.message = label(wrap=True)
        self.checks = FieldChecks(self, message=self.message, check=self.check)
        head = form_layout()
        self.title = QLineEdit()
        self.addressee = QLineEdit()
        add_field(head, form_label("标题", required=True), self.title, key="title", checks=self.checks)
        add_field(head, "主送", self.addressee, key="addressee", checks=self.checks)
        outer.addLayout(head)
        self.body_host = QWidget()
        outer.addWidget(self.build_body(), 1)
        outer.addWidget(self.message)
        outer.addLayout(self._build_buttons())
        QShortcut(QKeySequence("Ctrl+S"), self).activated.connect(lambda: self.save())
        enter_moves_on(self, save=lambda: self.save())
        self.correction_id: int | None = None
        self.load()

    def _build_buttons(self) -> Any:
        slots: dict[str, Callable[[], object]] = {
            "save": lambda: self.save(), "refresh": self.refresh_facts, "pdf": self.print_pdf,
            "docx": self.export_docx, "sign": self.sign, "withdraw": self.withdraw, "send": self.send,
            "confirm": self.confirm, "correct": self.correct, "void": self.void}
        self.buttons: dict[str, QPushButton] = {key: button(text, slots[key], primary=key == "sign")
                                                for key, text in ACTIONS}
        return hbox(*self.buttons.values(), None, button("关闭", self.accept))

    # -- subclasses ------------------------------------------------------------------------------
    def kind_label(self) -> str:
        return reports.kind_label(self.report["form"], self.report["kind"], self.report["seq"])

    # -- state ---------------------------------------------------------------------------------
    def load(self) -> None:
        self.report = reports.get_report(self.ctx.store, self.report_id)
        report = self.report
        self.title.setText(report["title"])
        self.addressee.setText(report["addressee"])
        self.load_body(json.loads(report["body_json"]))
        draft = report["status"] == "draft" and not report["voided_at"]
        self.title.setReadOnly(not draft)
        self.addressee.setReadOnly(not draft)
        self.set_body_editable(draft)
        self.state.setText(status_text(report))
        self.state.setProperty("status", report["status"])
        repolish(self.state)
        can_sign = self.ctx.session.can("incident.signoff")
        live = not report["voided_at"]
        visible = {"save": draft, "refresh": draft, "pdf": live, "docx": live and report["form"] == "special",
                   "sign": draft and can_sign, "withdraw": live and report["status"] == "signed" and can_sign,
                   "send": live and report["status"] == "signed",
                   "confirm": report["status"] == "sent" and not report["confirmed_at"],
                   "correct": report["status"] == "sent", "void": live and report["status"] != "sent"}
        for key, action in self.buttons.items():
            action.setVisible(visible[key])
        if draft and not can_sign:
            problems = reports.missing_sections(report, self.ctx.store)
            hint = "；".join(problems) if problems else "内容齐全，请带班领导登录后签发。"
            set_message(self.message, f"草稿须由带班领导签发后才能报送。{hint}")

    def check(self) -> None:
        """What saving or signing the draft as typed would refuse (for the messages under the fields)."""
        problems = Problems()
        problems.check(reports.clean_draft, self.report, body=self.body(), title=self.title.text(),
                       addressee=self.addressee.text(), default=None)
        typed = {**self.report, "body_json": json.dumps(self.body(), ensure_ascii=False)}
        for problem in reports.signoff_problems(typed, self.ctx.store):
            problems.add(problem)
        problems.raise_any()

    def _run(self, action: Callable[[], Any], done: str | Callable[[Any], str]) -> bool:
        outcome = run_op(self, action, message=self.message, on_refusal=self.checks.show)
        if outcome:
            self.load()
            set_message(self.message, done(outcome.value) if callable(done) else done)
        return bool(outcome)

    def save(self, quiet: bool = False) -> bool:
        if self.report["status"] != "draft":
            return True
        changed = (self.title.text() != self.report["title"] or self.addressee.text() != self.report["addressee"]
                   or self.body() != json.loads(self.report["body_json"]))
        if not changed:
            if not quiet:
                set_message(self.message, "没有需要保存的修改。")
            return True
        return self._run(lambda: reports.update_report(self.ctx.session, self.report_id, body=self.body(),
                                                       title=self.title.text(), addressee=self.addressee.text()),
                         "草稿已保存。")

    def refresh_facts(self) -> None:
        if self.save(quiet=True):
            self._run(lambda: reports.update_report(self.ctx.session, self.report_id, refresh_facts=True),
                      "已采用事件的最新要素。")

    def sign(self) -> None:
        if self.save(quiet=True):
            self._run(lambda: reports.sign_off(self.ctx.session, self.report_id), "已签发。请打印后报送，并记录报送情况。")

    def withdraw(self) -> None:
        self._run_with_reason("撤回签发", "撤回原因：", reports.withdraw_signoff, "已撤回签发，可以修改。")

    def _run_with_reason(self, title: str, prompt: str, operation: Callable[..., Any], done: str) -> None:
        if run_with_reason(self, title, prompt, operation, self.ctx.session, self.report_id, message=self.message):
            self.load()
            set_message(self.message, done)

    def send(self) -> None:
        dialog = send_dialog(self.ctx, self.report, self)
        if dialog.exec():
            met: list[str] = dialog.result_value or []
            self.load()
            set_message(self.message, "已记录报送" + (f"，完成：{'、'.join(met)}。" if met else "。") + "请电话确认对方收到。")

    def confirm(self) -> None:
        if confirm_dialog(self.ctx, self.report, self).exec():
            self.load()
            set_message(self.message, "已记录电话确认。")

    def correct(self) -> None:
        outcome = run_op(self, reports.correct_report, self.ctx.session, self.report_id, message=self.message,
                         done="已起草更正报告，请在报告列表中打开修改。")
        if outcome:
            self.correction_id = outcome.value

    def void(self) -> None:
        self._run_with_reason("作废报告", "作废原因：", reports.void_report, "报告已作废。")

    # -- output --------------------------------------------------------------------------------
    def print_pdf(self) -> None:
        if not self.save(quiet=True):
            return
        store, report_id, now = self.ctx.store, self.report_id, self.ctx.session.now()

        def render() -> bytes:
            from dutyroom.printing.incident_report import render_report

            return render_report(store, report_id, now)

        deliver(self.ctx, self, render, f"{self.kind_label()}-{self.report['title'][:20]}", message=self.message)

    def export_docx(self) -> None:
        if not self.save(quiet=True):
            return
        store, report_id, now = self.ctx.store, self.report_id, self.ctx.session.now()

        def render() -> bytes:
            from dutyroom.printing.incident_docx import render_special_report_docx
            from dutyroom.printing.incident_report import special_report_doc

            return render_special_report_docx(special_report_doc(store, report_id, now))

        deliver(self.ctx, self, render, f"{self.kind_label()}-{self.report['title'][:20]}", suffix="docx",
                message=self.message, done="已导出：{path}", error_title="导出失败")


class SpecialReportEditor(ReportEditor):
    """信息专报: one box per section of the report definition; fact sections shown as they will print."""

    def build_body(self) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        self.sections: dict[str, QPlainTextEdit] = {}
        self.fact_labels: list[tuple[dict[str, Any], QLabel]] = []
        for spec in reports.kind_spec(self.report["kind"])["sections"]:
            layout.addWidget(label((spec.get("heading") or "结尾") + ("＊" if spec.get("required") else ""),
                                   "sectionTitle"))
            if spec.get("type") == "facts":
                facts = label("", "factsPreview", wrap=True, selectable=True)
                self.fact_labels.append((spec, facts))
                layout.addWidget(facts)
                continue
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(70 if spec.get("heading") else 44)
            edit.setMaximumHeight(170 if spec.get("heading") else 60)
            self.sections[spec["key"]] = edit
            line = message_line()
            layout.addWidget(edit)
            layout.addWidget(line)
            self.checks.add(spec["key"], edit, line)
        layout.addStretch(1)
        return scroll(host)

    def load_body(self, body: dict[str, Any]) -> None:
        from dutyroom.printing.incident_report import fact_paragraphs, previous_facts_of

        for key, edit in self.sections.items():
            edit.setPlainText(str(body.get(key, "")))
        previous = previous_facts_of(self.ctx.store, self.report)
        for spec, facts in self.fact_labels:
            lines = fact_paragraphs(spec, self.report, previous)
            facts.setText("\n".join(lines) if lines else "（与上次报告相比没有变化）")

    def body(self) -> dict[str, Any]:
        return {key: edit.toPlainText().strip() for key, edit in self.sections.items()}

    def set_body_editable(self, editable: bool) -> None:
        for edit in self.sections.values():
            edit.setReadOnly(not editable)


def open_editor(ctx: AppContext, report_id: int, parent: QWidget | None = None) -> ReportEditor:
    from dutyroom.gui.incidents.disaster_editor import DisasterReportEditor

    form = reports.get_report(ctx.store, report_id)["form"]
    editor_class = DisasterReportEditor if form == "disaster" else SpecialReportEditor
    return editor_class(ctx, report_id, parent)
