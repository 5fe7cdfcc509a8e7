"""One incident on the 信息接报 page: grade and reasons, the acts on it, and tabs for its clocks (报送时限),
its reports, its calls and its facts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTabWidget,
    QToolButton,
    QWidget,
)

from dutyroom.clock import parse_iso
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.incidents.act_dialogs import close_dialog, grade_dialog, meet_dialog, verification_dialog
from dutyroom.gui.incidents.intake_dialogs import FactsDialog, grade_badge
from dutyroom.gui.kit.ops import run_op, run_with_reason
from dutyroom.gui.kit.output import deliver
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import append_row, table_item, widget_table
from dutyroom.gui.kit.text import when
from dutyroom.gui.kit.theme import ALERT, DONE, MUTED, TEXT, WARNING
from dutyroom.gui.kit.widgets import button, hbox, holder, label, vbox
from dutyroom.incidents import forms, intake, obligations, queries, reports
from dutyroom.incidents.models import IncidentDetail as IncidentDetailRecord
from dutyroom.incidents.models import ObligationView
from dutyroom.incidents.obligations import STATUS_LABELS as OBLIGATION_STATUS
from dutyroom.incidents.queries import countdown_text
from dutyroom.incidents.rules import GRADE_LABELS

ACTS = (("call", "续接来电…"), ("facts", "修改要素…"), ("card", "电话报告要点"), ("verify", "核报要求…"),
        ("grade", "调整等级…"), ("close", "处置结束…"), ("reopen", "重新开启…"), ("void", "作废…"))
ACTS_PER_ROW = 4


def countdown_colour(seconds_left: float) -> str:
    return ALERT if seconds_left < 0 else (WARNING if seconds_left <= 300 else TEXT)


class IncidentDetail(QWidget):
    """One incident: header with grade, actions, and tabs for clocks, reports, calls and facts."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: IncidentDetailRecord | None = None
        layout = vbox(parent=self, margins=(8, 0, 0, 0))
        self.empty = subtitle_label("在左侧选择一个事件，或按 Ctrl+N 新接报。")
        layout.addWidget(self.empty)
        self.body = QWidget()
        columns = hbox(parent=self.body, margins=(0, 0, 0, 0), spacing=14)
        columns.addWidget(self._build_info(), 2)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_clocks_tab(), "报送时限")
        self.tabs.addTab(self._build_reports_tab(), "信息报告")
        self.call_table = widget_table(["来电时间", "方式", "来电人", "内容", "记录人"])
        self.tabs.addTab(self.call_table, "来电记录")
        self.facts_view = label("", "factsPreview", wrap=True, selectable=True)
        self.facts_view.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.tabs.addTab(self.facts_view, "事件要素")
        columns.addWidget(self.tabs, 3)
        layout.addWidget(self.body, 1)
        self.body.hide()

    # -- building ------------------------------------------------------------------------------
    def _build_info(self) -> QWidget:
        """Badge and title, the facts line, the grading reasons, the act buttons, the message line."""
        self.badge = QLabel()
        self.title = label("", "incidentTitle", wrap=True, selectable=True)
        top = QHBoxLayout()
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.title, 1)
        self.meta = label("", "pageSubtitle", wrap=True)
        self.reasons = label("", "reasonText", wrap=True)
        self.action_grid = QGridLayout()
        self.action_grid.setHorizontalSpacing(6)
        self.action_grid.setVerticalSpacing(6)
        slots: dict[str, Callable[[], None]] = {
            "call": lambda: self._facts_dialog(True), "facts": lambda: self._facts_dialog(False),
            "card": self.print_card, "verify": lambda: self._quick(verification_dialog, "核报要求已登记并开始计时。"),
            "grade": lambda: self._quick(grade_dialog, "等级已调整，报送时限已重新计算。"),
            "close": lambda: self._quick(close_dialog, "已记录处置结束，终报开始计时。"),
            "reopen": self.reopen, "void": self.void}
        self.buttons: dict[str, QPushButton] = {}
        for index, (key, text) in enumerate(ACTS):
            self.buttons[key] = button(text, slots[key], primary=key == "call")
            self.action_grid.addWidget(self.buttons[key], index // ACTS_PER_ROW, index % ACTS_PER_ROW)
        self.message = subtitle_label()
        info = holder(vbox(top, self.meta, self.reasons, self.action_grid, self.message, None))
        info.setMaximumWidth(520)
        return info

    def _build_clocks_tab(self) -> QWidget:
        self.obligation_table = widget_table(["环节", "时限", "剩余/状态", "完成情况"])
        self.obligation_table.itemDoubleClicked.connect(lambda *_: self.meet())
        self.meet_button = button("记录完成…", self.meet, primary=True)
        self.waive_button = button("免报…", self.waive)
        clocks = vbox(hbox(self.meet_button, self.waive_button, None))
        clocks.insertWidget(0, self.obligation_table, 1)
        return holder(clocks, margins=None)

    def _build_reports_tab(self) -> QWidget:
        self.report_table = widget_table(["报告", "期号", "状态", "标题"])
        self.report_table.itemDoubleClicked.connect(lambda *_: self.open_report())
        self.new_report = self._draft_menu("起草信息专报 ▾", "special", reports.KIND_LABELS)
        self.new_disaster = self._draft_menu("起草灾情报告 ▾", "disaster", reports.DISASTER_KIND_LABELS)
        self.open_button = button("打开…", lambda: self.open_report())
        page = vbox(hbox(self.new_report, self.new_disaster, self.open_button, None))
        page.insertWidget(0, self.report_table, 1)
        return holder(page, margins=None)

    def _draft_menu(self, text: str, form: str, kinds: dict[str, str]) -> QToolButton:
        tool = QToolButton()
        tool.setText(text)
        tool.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(tool)
        for kind, kind_label in kinds.items():
            menu.addAction(kind_label, self._drafter(form, kind))
        tool.setMenu(menu)
        return tool

    def _drafter(self, form: str, kind: str) -> Callable[[], None]:
        return lambda: self.draft(form, kind)

    # -- showing -------------------------------------------------------------------------------
    def show_incident(self, incident_id: int | None) -> None:
        if incident_id is None:
            self.detail = None
            self.body.hide()
            self.empty.show()
            return
        try:
            self.detail = queries.incident_detail(self.ctx.store, incident_id)
        except DutyRoomError:
            self.show_incident(None)
            return
        detail = self.detail
        self.empty.hide()
        self.body.show()
        grade_badge(self.badge, detail["grade"])
        self.title.setText(detail["title"])
        self.meta.setText(self._meta_text(detail))
        self.reasons.setText("\n".join(self._reason_lines(detail)))
        self._show_acts(detail)
        self._fill_obligations()
        self._fill_reports()
        self._fill_calls()
        self.facts_view.setText("\n".join(f"{line.label}：{line.text}" for line in
                                          forms.print_lines(intake.intake_form(), detail["facts"])) +
                                f"\n\n简要经过：{detail['facts'].get('description', '')}")

    @staticmethod
    def _meta_text(detail: IncidentDetailRecord) -> str:
        number = intake.incident_number(detail["year"], detail["serial"])
        status = queries.STATUS_LABELS[detail["status"]]
        if detail["voided_at"]:
            status = f"已作废（{detail['void_reason']}）"
        return (f"编号 {number}　接报 {when(detail['received_at'])}　事发 {when(detail['occurred_at'])}　"
                f"{detail['place']}　{status}　记录人 {detail['created_by_name']}")

    @staticmethod
    def _reason_lines(detail: IncidentDetailRecord) -> list[str]:
        grading = detail["grading"]
        lines = [f"定级依据：{'；'.join(grading.get('reasons', []))}"]
        if detail["grade_override_reason"]:
            lines.append(f"人工认定为{GRADE_LABELS[detail['grade']]}（计算为{GRADE_LABELS[detail['computed_grade']]}）："
                         f"{detail['grade_override_reason']}")
        if grading.get("flag_reasons"):
            lines.append("研判标记：" + "；".join(grading["flag_reasons"]))
        if detail["level"] != detail["grade"]:
            lines.append(f"按{GRADE_LABELS[detail['level']]}事件的时限报送")
        lines.append(("须向上级报告" if detail["must_report"] else "按规则只须报告带班领导") + f"　规则：{detail['rule_label']}")
        return lines

    def _show_acts(self, detail: IncidentDetailRecord) -> None:
        """Only the acts this user may take on this incident now, packed into the grid."""
        live = not detail["voided_at"]
        session = self.ctx.session
        can_intake, can_manage = session.can("incident.intake"), session.can("incident.manage")
        visible = {"call": live and can_intake, "facts": live and can_intake, "grade": live and can_manage,
                   "close": live and can_intake and detail["status"] == "open",
                   "reopen": live and can_manage and detail["status"] == "closed", "verify": live and can_intake,
                   "card": live, "void": live and can_manage}
        shown = [act for key, act in self.buttons.items() if visible[key]]
        for act in self.buttons.values():
            self.action_grid.removeWidget(act)
            act.setVisible(act in shown)
        for index, act in enumerate(shown):
            self.action_grid.addWidget(act, index // ACTS_PER_ROW, index % ACTS_PER_ROW)
        self.meet_button.setVisible(can_intake)
        self.waive_button.setVisible(can_manage)
        self.new_report.setVisible(live and can_intake)
        self.new_disaster.setVisible(live and can_intake and detail["category"] == "自然灾害")

    def _fill_obligations(self) -> None:
        assert self.detail is not None
        table, now = self.obligation_table, self.ctx.session.now()
        table.setRowCount(0)
        for row in self.detail["obligations"]:
            label_text = row["label"] + (f"（{row['seq']}）" if row["recurring"] and row["seq"] > 1 else "")
            cells = [table_item(label_text, row), when(row["due_at"]) + "前"]
            if row["status"] == "open":
                left = (parse_iso(row["due_at"]) - now).total_seconds()
                cells += [table_item(countdown_text(left), colour=countdown_colour(left)),
                          f"报{row['recipient']}（{row['how']}）" + (f"；{row['note']}" if row["note"] else "")]
            elif row["status"] == "met":
                late = row["met_at"] is not None and parse_iso(row["met_at"]) > parse_iso(row["due_at"])
                cells += [table_item("超时完成" if late else "按时完成", colour=ALERT if late else DONE),
                          f"{when(row['met_at'])} {row['met_by_name']}以{row['met_how']}报{row['met_to']}"
                          + (f"；{row['met_note']}" if row["met_note"] else "")]
            else:
                cells += [table_item(OBLIGATION_STATUS[row["status"]], colour=MUTED),
                          table_item(f"{row['ended_by_name']}：{row['ended_reason']}", colour=MUTED)]
            append_row(table, cells)
        table.resizeRowsToContents()

    def _fill_reports(self) -> None:
        assert self.detail is not None
        self.report_table.setRowCount(0)
        for report in self.detail["reports"]:
            kind = reports.kind_label(report["form"], report["kind"], report["seq"])
            if report["corrects_id"]:
                kind += "（更正）"
            status = "已作废" if report["voided_at"] else reports.STATUS_LABELS[report["status"]]
            if report["status"] == "sent" and not report["confirmed_at"]:
                status += "，待电话确认"
            append_row(self.report_table, [table_item(kind, report["id"]),
                                            f"第{report['issue_no']}期" if report["issue_no"] else "",
                                            table_item(status, colour=MUTED if report["voided_at"] else None),
                                            report["title"]])

    def _fill_calls(self) -> None:
        assert self.detail is not None
        self.call_table.setRowCount(0)
        for call in self.detail["calls"]:
            who = "".join(p for p in (call["reporter_unit"], call["reporter_name"]) if p)
            if call["reporter_phone"]:
                who += f"（{call['reporter_phone']}）"
            append_row(self.call_table, [when(call["received_at"]), call["channel"], who, call["summary"],
                                         call["recorded_by_name"]])
        self.call_table.resizeRowsToContents()

    def tick(self) -> None:
        if self.detail is None:
            return
        now = self.ctx.session.now()
        for index in range(self.obligation_table.rowCount()):
            row = self.obligation_table.item(index, 0).data(Qt.ItemDataRole.UserRole)
            if row["status"] == "open":
                left = (parse_iso(row["due_at"]) - now).total_seconds()
                item = self.obligation_table.item(index, 2)
                item.setText(countdown_text(left))
                item.setForeground(QColor(countdown_colour(left)))

    # -- acts ----------------------------------------------------------------------------------
    def _say(self, text: str, error: bool = False) -> None:
        set_message(self.message, text, error=error)

    def _facts_dialog(self, with_call: bool) -> None:
        if self.detail is None:
            return
        dialog = FactsDialog(self.ctx, self.detail, with_call=with_call, parent=self)
        if dialog.exec():
            changes = getattr(dialog, "plan_changes", [])
            self._say(("已记录来电。" if with_call else "要素已修改。") + ("时限调整：" + "；".join(changes) if changes else ""))

    def _quick(self, factory: Any, done: str) -> None:
        if self.detail is None:
            return
        if factory(self.ctx, self.detail, self).exec():
            self._say(done)

    def reopen(self) -> None:
        if self.detail is not None:
            run_with_reason(self, "重新开启", "重新开启的原因（如事态反复、出现新险情）：", intake.reopen_incident,
                            self.ctx.session, self.detail["id"], message=self.message,
                            done="事件已重新开启，续报重新计时。")

    def void(self) -> None:
        if self.detail is not None:
            run_with_reason(self, "作废事件", "作废原因（如重复录入、误报）：", intake.void_incident,
                            self.ctx.session, self.detail["id"], message=self.message, done="事件已作废，其时限已停止。")

    def selected_obligation(self) -> ObligationView | None:
        return _selected_data(self.obligation_table)

    def _open_obligation(self) -> ObligationView | None:
        row = self.selected_obligation()
        if row is None or row["status"] != "open":
            self._say("请先在列表中选择一项待完成的时限。", error=True)
            return None
        return row

    def meet(self) -> None:
        row = self._open_obligation()
        if row is not None and meet_dialog(self.ctx, row, self).exec():
            self._say(f"已记录：{row['label']}。")

    def waive(self) -> None:
        row = self._open_obligation()
        if row is not None:
            run_with_reason(self, "免报", f"“{row['label']}”免报的理由（如上级同意的意见）：", obligations.waive,
                            self.ctx.session, row["id"], message=self.message, done=f"“{row['label']}”已免报。")

    def draft(self, form: str, kind: str) -> None:
        if self.detail is None:
            return
        from dutyroom.incidents import disaster

        create = disaster.create_disaster_report if form == "disaster" else reports.create_report
        outcome = run_op(self, create, self.ctx.session, self.detail["id"], kind, message=self.message)
        if outcome:
            self.open_report(outcome.value)

    def open_report(self, report_id: int | None = None) -> None:
        from dutyroom.gui.incidents.report_editor import open_editor

        if report_id is None:
            report_id = _selected_data(self.report_table)
            if report_id is None:
                self._say("请先在列表中选择一份报告。", error=True)
                return
        editor = open_editor(self.ctx, report_id, self)
        editor.exec()
        if editor.correction_id:
            self.open_report(editor.correction_id)

    def print_card(self) -> None:
        if self.detail is None:
            return
        store, incident_id, now = self.ctx.store, self.detail["id"], self.ctx.session.now()
        officer = self.ctx.session.actor.display_name
        number = intake.incident_number(self.detail["year"], self.detail["serial"])

        def render() -> bytes:
            from dutyroom.printing.incident_report import phone_card, render_phone_card

            return render_phone_card(phone_card(store, incident_id, officer, now))

        deliver(self.ctx, self, render, f"电话报告要点-{number}", message=self.message)


def _selected_data(table: QTableWidget) -> Any:
    """What the first cell of a ``widget_table``'s selected row carries (None when nothing is selected)."""
    rows = table.selectionModel().selectedRows()
    item = table.item(rows[0].row(), 0) if rows else None
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

