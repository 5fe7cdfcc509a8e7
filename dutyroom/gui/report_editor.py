"""The report editor: a draft's sections (信息专报) or township figures (灾情), then 签发 → 报送 → 电话确认.

What a user may press follows the report's state and the user's role; the core enforces it anyway.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dutyroom.clock import parse_iso
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.context import AppContext
from dutyroom.gui.dialogs import ask_reason, show_error
from dutyroom.gui.form_builder import FormWidget
from dutyroom.gui.incident_dialogs import _scroll, confirm_dialog, send_dialog
from dutyroom.gui.pages.base import set_message
from dutyroom.gui.theme import repolish
from dutyroom.incidents import disaster, forms, reports


def _when(text: str | None) -> str:
    if not text:
        return ""
    moment = parse_iso(text)
    return f"{moment.month}月{moment.day}日{moment:%H:%M}"


def status_text(report: dict[str, Any]) -> str:
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
        top = QHBoxLayout()
        self.kind = QLabel(self.kind_label())
        self.kind.setObjectName("pageTitle")
        top.addWidget(self.kind)
        self.state = QLabel()
        self.state.setObjectName("reportState")
        self.state.setWordWrap(True)
        top.addWidget(self.state, 1)
        outer.addLayout(top)
        head = QFormLayout()
        self.title = QLineEdit()
        self.addressee = QLineEdit()
        head.addRow("标题", self.title)
        head.addRow("主送", self.addressee)
        outer.addLayout(head)
        self.body_host = QWidget()
        outer.addWidget(self.build_body(), 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text in (("save", "保存草稿 (Ctrl+S)"), ("refresh", "采用最新要素"), ("pdf", "打印/预览PDF"),
                          ("docx", "导出Word…"), ("sign", "签发"), ("withdraw", "撤回签发"), ("send", "记录报送…"),
                          ("confirm", "电话确认…"), ("correct", "起草更正"), ("void", "作废草稿")):
            button = QPushButton(text)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        outer.addLayout(row)
        self.buttons["sign"].setObjectName("primaryButton")
        self.buttons["save"].clicked.connect(lambda: self.save())
        self.buttons["refresh"].clicked.connect(self.refresh_facts)
        self.buttons["pdf"].clicked.connect(self.print_pdf)
        self.buttons["docx"].clicked.connect(self.export_docx)
        self.buttons["sign"].clicked.connect(self.sign)
        self.buttons["withdraw"].clicked.connect(self.withdraw)
        self.buttons["send"].clicked.connect(self.send)
        self.buttons["confirm"].clicked.connect(self.confirm)
        self.buttons["correct"].clicked.connect(self.correct)
        self.buttons["void"].clicked.connect(self.void)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=lambda: self.save())
        self.correction_id: int | None = None
        self.load()

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
        for key, button in self.buttons.items():
            button.setVisible(visible[key])
        if draft and not can_sign:
            problems = reports.missing_sections(report, self.ctx.store)
            hint = "；".join(problems) if problems else "内容齐全，请带班领导登录后签发。"
            set_message(self.message, f"草稿须由带班领导签发后才能报送。{hint}")

    def _run(self, action: Any, done: str) -> bool:
        try:
            result = action()
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return False
        self.load()
        set_message(self.message, done if not callable(done) else done(result))
        return True

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
        reason = ask_reason(self, "撤回签发", "撤回原因：")
        if reason is not None:
            self._run(lambda: reports.withdraw_signoff(self.ctx.session, self.report_id, reason), "已撤回签发，可以修改。")

    def send(self) -> None:
        dialog = send_dialog(self.ctx, self.report, self)
        if dialog.exec():
            met = dialog.result_value or []
            self.load()
            set_message(self.message, "已记录报送" + (f"，完成：{'、'.join(met)}。" if met else "。") + "请电话确认对方收到。")

    def confirm(self) -> None:
        if confirm_dialog(self.ctx, self.report, self).exec():
            self.load()
            set_message(self.message, "已记录电话确认。")

    def correct(self) -> None:
        try:
            self.correction_id = reports.correct_report(self.ctx.session, self.report_id)
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return
        set_message(self.message, "已起草更正报告，请在报告列表中打开修改。")

    def void(self) -> None:
        reason = ask_reason(self, "作废报告", "作废原因：")
        if reason is not None:
            self._run(lambda: reports.void_report(self.ctx.session, self.report_id, reason), "报告已作废。")

    # -- output --------------------------------------------------------------------------------
    def print_pdf(self) -> None:
        from dutyroom.gui import pdf_output

        if not self.save(quiet=True):
            return
        store, report_id, now = self.ctx.store, self.report_id, self.ctx.session.now()
        name = f"{self.kind_label()}-{self.report['title'][:20]}"

        def render(state: object) -> bytes:
            from dutyroom.printing.incident_report import render_report

            return render_report(store, report_id, now)

        def done(data: bytes) -> None:
            path = pdf_output.open_in_viewer(data, name)
            set_message(self.message, f"已生成：{path}")

        self.ctx.tasks.run(render, on_done=done, on_error=lambda exc: show_error(self, exc, "打印失败"))

    def export_docx(self) -> None:
        if not self.save(quiet=True):
            return
        from pathlib import Path

        suggested = str(Path.home() / f"{self.kind_label()}-{self.report['title'][:20]}.docx")
        target, _ = QFileDialog.getSaveFileName(self, "导出Word", suggested, "Word 文档 (*.docx)")
        if not target:
            return
        store, report_id, now = self.ctx.store, self.report_id, self.ctx.session.now()

        def render(state: object) -> bytes:
            from dutyroom.printing.incident_docx import render_special_report_docx
            from dutyroom.printing.incident_report import special_report_doc

            return render_special_report_docx(special_report_doc(store, report_id, now))

        def done(data: bytes) -> None:
            path = Path(target) if target.lower().endswith(".docx") else Path(target + ".docx")
            path.write_bytes(data)
            set_message(self.message, f"已导出：{path}")

        self.ctx.tasks.run(render, on_done=done, on_error=lambda exc: show_error(self, exc, "导出失败"))


class SpecialReportEditor(ReportEditor):
    """信息专报: one box per section of the report definition; fact sections shown as they will print."""

    def build_body(self) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        self.sections: dict[str, QPlainTextEdit] = {}
        self.fact_labels: list[tuple[dict[str, Any], QLabel]] = []
        for spec in reports.kind_spec(self.report["kind"])["sections"]:
            heading = QLabel((spec.get("heading") or "结尾") + ("＊" if spec.get("required") else ""))
            heading.setObjectName("sectionTitle")
            layout.addWidget(heading)
            if spec.get("type") == "facts":
                label = QLabel()
                label.setWordWrap(True)
                label.setObjectName("factsPreview")
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.fact_labels.append((spec, label))
                layout.addWidget(label)
                continue
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(70 if spec.get("heading") else 44)
            edit.setMaximumHeight(170 if spec.get("heading") else 60)
            self.sections[spec["key"]] = edit
            layout.addWidget(edit)
        layout.addStretch(1)
        return _scroll(host)

    def load_body(self, body: dict[str, Any]) -> None:
        from dutyroom.printing.incident_report import fact_paragraphs, previous_facts_of

        for key, edit in self.sections.items():
            edit.setPlainText(str(body.get(key, "")))
        previous = previous_facts_of(self.ctx.store, self.report)
        for spec, label in self.fact_labels:
            lines = fact_paragraphs(spec, self.report, previous)
            label.setText("\n".join(lines) if lines else "（与上次报告相比没有变化）")

    def body(self) -> dict[str, Any]:
        return {key: edit.toPlainText().strip() for key, edit in self.sections.items()}

    def set_body_editable(self, editable: bool) -> None:
        for edit in self.sections.values():
            edit.setReadOnly(not editable)


class DisasterReportEditor(ReportEditor):
    """灾情: header fields, townships × indicators with the previous report beside, jumps to explain."""

    def build_body(self) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        form = disaster.disaster_form()
        self.fields = FormWidget(form, store=self.ctx.store, now=self.ctx.session.now, groups=["fields"],
                                 fold_optional=False)
        layout.addWidget(self.fields)
        self.indicators = disaster.indicators()
        self.towns = disaster.townships(self.ctx.store)
        self.grid = QTableWidget(len(self.towns) + 3, len(self.indicators))
        self.grid.setHorizontalHeaderLabels([f"{m.short or m.label}\n（{m.unit}）" for m in self.indicators])
        for col, measure in enumerate(self.indicators):
            self.grid.horizontalHeaderItem(col).setToolTip(measure.label)
        self.grid.setVerticalHeaderLabels([t["name"] for t in self.towns] + ["合计", "上次报告", "增减"])
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setMinimumHeight(60 + 30 * (len(self.towns) + 3))
        self.grid.verticalHeader().setDefaultSectionSize(28)
        self.grid.itemChanged.connect(lambda *_: self.recompute())
        layout.addWidget(self.grid)
        note = QLabel("合计自动计算；单元格悬停显示该乡镇上次报告的数字。数据大幅增加或任何减少，须在下方填写说明后才能签发。")
        note.setObjectName("pageSubtitle")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.jump_box = QFrame()
        self.jump_box.setObjectName("panel")
        self.jump_layout = QFormLayout(self.jump_box)
        layout.addWidget(self.jump_box)
        self.explanations: dict[str, QLineEdit] = {}
        self._loading = False
        return _scroll(host)

    def _cell(self, text: str, editable: bool, tooltip: str = "") -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if not editable:
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            item.setBackground(QBrush(QColor("#F2F4F7")))
        if tooltip:
            item.setToolTip(tooltip)
        return item

    def load_body(self, body: dict[str, Any]) -> None:
        self._loading = True
        self.view = disaster.view(self.ctx.store, self.report)
        self.fields.set_values(body.get("fields", {}))
        previous = self.view.previous or {}
        for row, town in enumerate(self.towns):
            figures = body.get("figures", {}).get(str(town["id"]), {})
            before = previous.get(str(town["id"]), {})
            for col, measure in enumerate(self.indicators):
                value = figures.get(measure.key) or 0
                tip = f"上次报告：{forms.decimal_text(before.get(measure.key) or 0, measure.decimals)}{measure.unit}" \
                    if self.view.previous is not None else "首次报告"
                self.grid.setItem(row, col, self._cell(forms.decimal_text(value, measure.decimals) if value else "",
                                                       True, tip))
        self._stored_explanations = dict(body.get("explanations", {}))
        self._loading = False
        self.recompute()

    def figures(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for row, town in enumerate(self.towns):
            values = {}
            for col, measure in enumerate(self.indicators):
                item = self.grid.item(row, col)
                text = item.text().strip() if item else ""
                if text:
                    values[measure.key] = text
            if values:
                out[str(town["id"])] = values
        return out

    def _numeric(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for town, values in self.figures().items():
            row = {}
            for measure in self.indicators:
                try:
                    row[measure.key] = forms.clean_value(measure, values.get(measure.key))
                except ValidationError:
                    row[measure.key] = 0
            out[town] = row
        return out

    def recompute(self) -> None:
        if self._loading:
            return
        self._loading = True
        totals = disaster.totals(self._numeric())
        before = self.view.previous_totals
        base = len(self.towns)
        for col, measure in enumerate(self.indicators):
            self.grid.setItem(base, col, self._cell(forms.decimal_text(totals[measure.key], measure.decimals), False))
            old = (before or {}).get(measure.key)
            self.grid.setItem(base + 1, col, self._cell("—" if before is None else
                                                        forms.decimal_text(old or 0, measure.decimals), False))
            delta = totals[measure.key] - (old or 0)
            text = "—" if before is None or not delta else ("+" if delta > 0 else "") + forms.decimal_text(
                delta, measure.decimals)
            self.grid.setItem(base + 2, col, self._cell(text, False))
        self._loading = False
        current = {k: e.text() for k, e in self.explanations.items()}
        while self.jump_layout.rowCount():
            self.jump_layout.removeRow(0)
        self.explanations = {}
        jumps = disaster.jumps(before, totals)
        for jump in jumps:
            edit = QLineEdit(current.get(jump.key) or self._stored_explanations.get(jump.key, ""))
            edit.setPlaceholderText("须说明原因，如 新增受灾村组、核实后更正")
            edit.setReadOnly(self.report["status"] != "draft")
            self.explanations[jump.key] = edit
            self.jump_layout.addRow(jump.text + "：", edit)
        self.jump_box.setVisible(bool(jumps))

    def body(self) -> dict[str, Any]:
        header = {f.key: f for f in disaster.header_fields()}
        fields = {key: value for key, value in self.fields.values().items() if key in header}
        explanations = {k: e.text().strip() for k, e in self.explanations.items() if e.text().strip()}
        body = {"fields": fields, "figures": self.figures(), "explanations": explanations}
        try:
            return disaster.clean_body(body)
        except ValidationError:
            return body   # the save reports the problem

    def set_body_editable(self, editable: bool) -> None:
        self.fields.setEnabled(editable)
        triggers = QAbstractItemView.EditTrigger.AllEditTriggers if editable else \
            QAbstractItemView.EditTrigger.NoEditTriggers
        self.grid.setEditTriggers(triggers)


def open_editor(ctx: AppContext, report_id: int, parent: QWidget | None = None) -> ReportEditor:
    form = reports.get_report(ctx.store, report_id)["form"]
    editor_class = DisasterReportEditor if form == "disaster" else SpecialReportEditor
    return editor_class(ctx, report_id, parent)
