"""信息接报: the incident list (virtual, filter and sort in SQL), 新接报 from a call, and one incident in
detail — grade and reasons, clocks, calls, the report chain."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom import settings
from dutyroom.changes import Area
from dutyroom.clock import parse_iso
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.dialogs import ask_reason, show_error
from dutyroom.gui.incident_dialogs import (
    FactsDialog,
    IntakeDialog,
    close_dialog,
    grade_badge,
    grade_dialog,
    meet_dialog,
    verification_dialog,
)
from dutyroom.gui.incident_models import COLUMNS, ID_ROLE, IncidentListModel
from dutyroom.gui.pages.base import Page, set_message, subtitle_label, title_label
from dutyroom.incidents import forms, intake, obligations, queries, reports
from dutyroom.incidents.obligations import STATUS_LABELS as OBLIGATION_STATUS
from dutyroom.incidents.queries import IncidentFilter, IncidentQuery, countdown_text
from dutyroom.incidents.rules import GRADE_LABELS, GRADES
from dutyroom.incidents.taxonomy import taxonomy

STATUS_FILTERS = (("全部事件", "all"), ("处置中", "open"), ("有未完成时限", "due"), ("已超时", "overdue"),
                  ("处置结束", "closed"))


def _when(text: str | None) -> str:
    if not text:
        return ""
    moment = parse_iso(text)
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    table.setWordWrap(True)
    return table


def _item(text: str, data: Any = None, colour: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if colour:
        item.setForeground(QColor(colour))
    return item


class IncidentDetail(QWidget):
    """One incident: header with grade, actions, and tabs for clocks, reports, calls and facts."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 0, 0, 0)
        self.empty = subtitle_label("在左侧选择一个事件，或按 Ctrl+N 新接报。")
        layout.addWidget(self.empty)
        self.body = QWidget()
        columns = QHBoxLayout(self.body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.setSpacing(14)
        info = QWidget()
        info.setMaximumWidth(520)
        body = QVBoxLayout(info)
        body.setContentsMargins(0, 0, 0, 0)
        columns.addWidget(info, 2)
        top = QHBoxLayout()
        self.badge = QLabel()
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        self.title = QLabel()
        self.title.setObjectName("incidentTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        top.addWidget(self.title, 1)
        body.addLayout(top)
        self.meta = QLabel()
        self.meta.setObjectName("pageSubtitle")
        self.meta.setWordWrap(True)
        body.addWidget(self.meta)
        self.reasons = QLabel()
        self.reasons.setObjectName("reasonText")
        self.reasons.setWordWrap(True)
        body.addWidget(self.reasons)
        self.actions = actions = QGridLayout()
        actions.setHorizontalSpacing(6)
        actions.setVerticalSpacing(6)
        self.buttons: dict[str, QPushButton] = {}
        for index, (key, text) in enumerate((("call", "续接来电…"), ("facts", "修改要素…"), ("card", "电话报告要点"),
                                             ("verify", "核报要求…"), ("grade", "调整等级…"), ("close", "处置结束…"),
                                             ("reopen", "重新开启…"), ("void", "作废…"))):
            button = QPushButton(text)
            self.buttons[key] = button
            actions.addWidget(button, index // 4, index % 4)
        self.buttons["call"].setObjectName("primaryButton")
        body.addLayout(actions)
        self.message = subtitle_label()
        body.addWidget(self.message)
        body.addStretch(1)
        self.tabs = QTabWidget()
        self.obligation_table = _table(["环节", "时限", "剩余/状态", "完成情况"])
        self.obligation_table.itemDoubleClicked.connect(lambda *_: self.meet())
        clocks = QWidget()
        clocks_layout = QVBoxLayout(clocks)
        clocks_layout.addWidget(self.obligation_table, 1)
        row = QHBoxLayout()
        self.meet_button = QPushButton("记录完成…")
        self.meet_button.setObjectName("primaryButton")
        self.waive_button = QPushButton("免报…")
        row.addWidget(self.meet_button)
        row.addWidget(self.waive_button)
        row.addStretch(1)
        clocks_layout.addLayout(row)
        self.tabs.addTab(clocks, "报送时限")
        self.report_table = _table(["报告", "期号", "状态", "标题"])
        self.report_table.itemDoubleClicked.connect(lambda *_: self.open_report())
        report_page = QWidget()
        report_layout = QVBoxLayout(report_page)
        report_layout.addWidget(self.report_table, 1)
        row = QHBoxLayout()
        self.new_report = QToolButton()
        self.new_report.setText("起草信息专报 ▾")
        self.new_report.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.new_report)
        for kind, label in reports.KIND_LABELS.items():
            menu.addAction(label, lambda kind=kind: self.draft("special", kind))
        self.new_report.setMenu(menu)
        self.new_disaster = QToolButton()
        self.new_disaster.setText("起草灾情报告 ▾")
        self.new_disaster.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.new_disaster)
        for kind, label in reports.DISASTER_KIND_LABELS.items():
            menu.addAction(label, lambda kind=kind: self.draft("disaster", kind))
        self.new_disaster.setMenu(menu)
        self.open_button = QPushButton("打开…")
        row.addWidget(self.new_report)
        row.addWidget(self.new_disaster)
        row.addWidget(self.open_button)
        row.addStretch(1)
        report_layout.addLayout(row)
        self.tabs.addTab(report_page, "信息报告")
        self.call_table = _table(["来电时间", "方式", "来电人", "内容", "记录人"])
        self.tabs.addTab(self.call_table, "来电记录")
        self.facts_view = QLabel()
        self.facts_view.setWordWrap(True)
        self.facts_view.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.facts_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts_view.setObjectName("factsPreview")
        self.tabs.addTab(self.facts_view, "事件要素")
        columns.addWidget(self.tabs, 3)
        layout.addWidget(self.body, 1)
        self.body.hide()
        self.buttons["call"].clicked.connect(lambda: self._facts_dialog(True))
        self.buttons["facts"].clicked.connect(lambda: self._facts_dialog(False))
        self.buttons["grade"].clicked.connect(lambda: self._quick(grade_dialog, "等级已调整，报送时限已重新计算。"))
        self.buttons["close"].clicked.connect(lambda: self._quick(close_dialog, "已记录处置结束，终报开始计时。"))
        self.buttons["reopen"].clicked.connect(self.reopen)
        self.buttons["verify"].clicked.connect(lambda: self._quick(verification_dialog, "核报要求已登记并开始计时。"))
        self.buttons["card"].clicked.connect(self.print_card)
        self.buttons["void"].clicked.connect(self.void)
        self.meet_button.clicked.connect(self.meet)
        self.waive_button.clicked.connect(self.waive)
        self.open_button.clicked.connect(self.open_report)

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
        number = intake.incident_number(detail["year"], detail["serial"])
        status = queries.STATUS_LABELS[detail["status"]]
        if detail["voided_at"]:
            status = f"已作废（{detail['void_reason']}）"
        self.meta.setText(f"编号 {number}　接报 {_when(detail['received_at'])}　事发 {_when(detail['occurred_at'])}　"
                          f"{detail['place']}　{status}　记录人 {detail['created_by_name']}")
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
        self.reasons.setText("\n".join(lines))
        live = not detail["voided_at"]
        session = self.ctx.session
        can_intake, can_manage = session.can("incident.intake"), session.can("incident.manage")
        visible = {"call": live and can_intake, "facts": live and can_intake, "grade": live and can_manage,
                   "close": live and can_intake and detail["status"] == "open",
                   "reopen": live and can_manage and detail["status"] == "closed", "verify": live and can_intake,
                   "card": live, "void": live and can_manage}
        shown = [button for key, button in self.buttons.items() if visible[key]]
        for button in self.buttons.values():
            self.actions.removeWidget(button)
            button.setVisible(button in shown)
        for index, button in enumerate(shown):
            self.actions.addWidget(button, index // 4, index % 4)
        self.meet_button.setVisible(can_intake)
        self.waive_button.setVisible(can_manage)
        self.new_report.setVisible(live and can_intake)
        self.new_disaster.setVisible(live and can_intake and detail["category"] == "自然灾害")
        self._fill_obligations()
        self._fill_reports()
        self._fill_calls()
        self.facts_view.setText("\n".join(f"{line.label}：{line.text}" for line in
                                          forms.print_lines(intake.intake_form(), detail["facts"])) +
                                f"\n\n简要经过：{detail['facts'].get('description', '')}")

    def _fill_obligations(self) -> None:
        assert self.detail is not None
        table, now = self.obligation_table, self.ctx.session.now()
        table.setRowCount(0)
        for row in self.detail["obligations"]:
            index = table.rowCount()
            table.insertRow(index)
            label = row["label"] + (f"（{row['seq']}）" if row["recurring"] and row["seq"] > 1 else "")
            table.setItem(index, 0, _item(label, row))
            table.setItem(index, 1, _item(_when(row["due_at"]) + "前"))
            if row["status"] == "open":
                left = (parse_iso(row["due_at"]) - now).total_seconds()
                colour = "#B3261E" if left < 0 else ("#B26A00" if left <= 300 else "#1F2329")
                table.setItem(index, 2, _item(countdown_text(left), colour=colour))
                table.setItem(index, 3, _item(f"报{row['recipient']}（{row['how']}）"
                                              + (f"；{row['note']}" if row["note"] else "")))
            elif row["status"] == "met":
                late = parse_iso(row["met_at"]) > parse_iso(row["due_at"])
                table.setItem(index, 2, _item("超时完成" if late else "按时完成", colour="#B3261E" if late else "#2E7D32"))
                table.setItem(index, 3, _item(f"{_when(row['met_at'])} {row['met_by_name']}以{row['met_how']}报{row['met_to']}"
                                              + (f"；{row['met_note']}" if row["met_note"] else "")))
            else:
                table.setItem(index, 2, _item(OBLIGATION_STATUS[row["status"]], colour="#7A8699"))
                table.setItem(index, 3, _item(f"{row['ended_by_name']}：{row['ended_reason']}", colour="#7A8699"))
        table.resizeRowsToContents()

    def _fill_reports(self) -> None:
        assert self.detail is not None
        table = self.report_table
        table.setRowCount(0)
        for report in self.detail["reports"]:
            index = table.rowCount()
            table.insertRow(index)
            label = reports.kind_label(report["form"], report["kind"], report["seq"])
            if report["corrects_id"]:
                label += "（更正）"
            status = "已作废" if report["voided_at"] else reports.STATUS_LABELS[report["status"]]
            if report["status"] == "sent" and not report["confirmed_at"]:
                status += "，待电话确认"
            table.setItem(index, 0, _item(label, report["id"]))
            table.setItem(index, 1, _item(f"第{report['issue_no']}期" if report["issue_no"] else ""))
            table.setItem(index, 2, _item(status, colour="#7A8699" if report["voided_at"] else None))
            table.setItem(index, 3, _item(report["title"]))

    def _fill_calls(self) -> None:
        assert self.detail is not None
        table = self.call_table
        table.setRowCount(0)
        for call in self.detail["calls"]:
            index = table.rowCount()
            table.insertRow(index)
            who = "".join(p for p in (call["reporter_unit"], call["reporter_name"]) if p)
            if call["reporter_phone"]:
                who += f"（{call['reporter_phone']}）"
            table.setItem(index, 0, _item(_when(call["received_at"])))
            table.setItem(index, 1, _item(call["channel"]))
            table.setItem(index, 2, _item(who))
            table.setItem(index, 3, _item(call["summary"]))
            table.setItem(index, 4, _item(call["recorded_by_name"]))
        table.resizeRowsToContents()

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
                item.setForeground(QColor("#B3261E" if left < 0 else ("#B26A00" if left <= 300 else "#1F2329")))

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
        if self.detail is None:
            return
        reason = ask_reason(self, "重新开启", "重新开启的原因（如事态反复、出现新险情）：")
        if reason is None:
            return
        try:
            intake.reopen_incident(self.ctx.session, self.detail["id"], reason)
        except DutyRoomError as exc:
            self._say(exc.message, error=True)
            return
        self._say("事件已重新开启，续报重新计时。")

    def void(self) -> None:
        if self.detail is None:
            return
        reason = ask_reason(self, "作废事件", "作废原因（如重复录入、误报）：")
        if reason is None:
            return
        try:
            intake.void_incident(self.ctx.session, self.detail["id"], reason)
        except DutyRoomError as exc:
            self._say(exc.message, error=True)
            return
        self._say("事件已作废，其时限已停止。")

    def selected_obligation(self) -> dict[str, Any] | None:
        rows = self.obligation_table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.obligation_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def meet(self) -> None:
        row = self.selected_obligation()
        if row is None or row["status"] != "open":
            self._say("请先在列表中选择一项待完成的时限。", error=True)
            return
        if meet_dialog(self.ctx, row, self).exec():
            self._say(f"已记录：{row['label']}。")

    def waive(self) -> None:
        row = self.selected_obligation()
        if row is None or row["status"] != "open":
            self._say("请先在列表中选择一项待完成的时限。", error=True)
            return
        reason = ask_reason(self, "免报", f"“{row['label']}”免报的理由（如上级同意的意见）：")
        if reason is None:
            return
        try:
            obligations.waive(self.ctx.session, row["id"], reason)
        except DutyRoomError as exc:
            self._say(exc.message, error=True)
            return
        self._say(f"“{row['label']}”已免报。")

    def draft(self, form: str, kind: str) -> None:
        if self.detail is None:
            return
        from dutyroom.incidents import disaster

        try:
            if form == "disaster":
                report_id = disaster.create_disaster_report(self.ctx.session, self.detail["id"], kind)
            else:
                report_id = reports.create_report(self.ctx.session, self.detail["id"], kind)
        except DutyRoomError as exc:
            self._say(exc.message, error=True)
            return
        self.open_report(report_id)

    def open_report(self, report_id: int | None = None) -> None:
        from dutyroom.gui.report_editor import open_editor

        if report_id is None:
            rows = self.report_table.selectionModel().selectedRows()
            if not rows:
                self._say("请先在列表中选择一份报告。", error=True)
                return
            report_id = self.report_table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        editor = open_editor(self.ctx, report_id, self)
        editor.exec()
        if editor.correction_id:
            self.open_report(editor.correction_id)

    def print_card(self) -> None:
        from dutyroom.gui import pdf_output

        if self.detail is None:
            return
        store, incident_id, now = self.ctx.store, self.detail["id"], self.ctx.session.now()
        officer = self.ctx.session.actor.display_name
        number = intake.incident_number(self.detail["year"], self.detail["serial"])

        def render(state: object) -> bytes:
            from dutyroom.printing.incident_report import phone_card, render_phone_card

            return render_phone_card(phone_card(store, incident_id, officer, now))

        def done(data: bytes) -> None:
            self._say(f"已生成：{pdf_output.open_in_viewer(data, f'电话报告要点-{number}')}")

        self.ctx.tasks.run(render, on_done=done, on_error=lambda exc: show_error(self, exc, "打印失败"))


class TimelinessDialog(QDialog):
    """及时率 by month: by grade and by step, and the late items; printable."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from dutyroom.incidents import stats

        self.ctx = ctx
        self.setWindowTitle("信息报送及时率统计")
        self.resize(860, 620)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.month = QComboBox()
        now = ctx.session.now()
        months = {(now.year, now.month)} | {(d.year, d.month) for d in stats.months_with_data(ctx.store)}
        for year, month in sorted(months, reverse=True):
            self.month.addItem(f"{year}年{month}月", (year, month))
        self.month.currentIndexChanged.connect(self.reload)
        row.addWidget(QLabel("月份"))
        row.addWidget(self.month)
        print_button = QPushButton("打印")
        print_button.clicked.connect(self.print_pdf)
        row.addStretch(1)
        row.addWidget(print_button)
        layout.addLayout(row)
        self.summary = QLabel()
        self.summary.setObjectName("shiftLabel")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.grade_table = _table(["事件等级", "按时", "超时", "未到期", "免报", "及时率"])
        self.step_table = _table(["报送环节", "按时", "超时", "未到期", "免报", "及时率"])
        self.late_table = _table(["编号", "事件", "环节", "时限", "完成", "超时"])
        for heading, table in (("按事件等级", self.grade_table), ("按报送环节", self.step_table), ("超时明细", self.late_table)):
            label = QLabel(heading)
            label.setObjectName("sectionTitle")
            layout.addWidget(label)
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
                index = table.rowCount()
                table.insertRow(index)
                for col, text in enumerate((name, tally.on_time, tally.late, tally.pending, tally.waived,
                                            tally.rate_text)):
                    table.setItem(index, col, _item(str(text)))
        self.late_table.setRowCount(0)
        for late in result.late_items:
            index = self.late_table.rowCount()
            self.late_table.insertRow(index)
            for col, text in enumerate((late["number"], late["title"], late["step"], _when(late["due_at"]),
                                        _when(late["met_at"]) or "未完成", f"{late['late_minutes']}分钟")):
                self.late_table.setItem(index, col, _item(text))

    def print_pdf(self) -> None:
        from dutyroom.gui import pdf_output

        data, now = self.data(), self.ctx.session.now()

        def render(state: object) -> bytes:
            from dutyroom.printing.timeliness import render_timeliness

            return render_timeliness(data, now)

        self.ctx.tasks.run(render, on_done=lambda pdf: pdf_output.open_in_viewer(pdf, data.title),
                           on_error=lambda exc: show_error(self, exc, "打印失败"))


class IncidentsPage(Page):
    areas = frozenset({Area.INCIDENTS, Area.INCIDENT_REPORTS, Area.RULES, Area.SETTINGS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.filter = IncidentFilter(status="open")
        self.sort_key, self.descending = "received", True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 12)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(title_label("信息接报"))
        self.count_label = subtitle_label()
        titles.addWidget(self.count_label)
        header.addLayout(titles, 1)
        self.new_button = QPushButton("新接报 (Ctrl+N)")
        self.new_button.setObjectName("primaryButton")
        self.new_button.clicked.connect(self.new_incident)
        self.new_button.setVisible(ctx.session.can("incident.intake"))
        self.stats_button = QPushButton("及时率统计…")
        self.stats_button.clicked.connect(lambda: TimelinessDialog(self.ctx, self).exec())
        header.addWidget(self.stats_button)
        header.addWidget(self.new_button)
        outer.addLayout(header)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("查找：地点、单位、报告人、标题或编号（如 2026-012）")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        for label, key in STATUS_FILTERS:
            self.status.addItem(label, key)
        self.status.setCurrentIndex(1)
        self.grade = QComboBox()
        self.grade.addItem("全部等级", None)
        for code in GRADES:
            self.grade.addItem(GRADE_LABELS[code], code)
        self.category = QComboBox()
        self.category.addItem("全部类别", None)
        for name in taxonomy().categories:
            self.category.addItem(name, name)
        self.show_voided = QCheckBox("含已作废")
        self.show_voided.setToolTip("列出已作废的事件（标“【作废】”，灰色），以便查阅作废原因")
        bar.addWidget(self.search, 2)
        for combo in (self.status, self.grade, self.category):
            bar.addWidget(combo)
        bar.addWidget(self.show_voided)
        outer.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = IncidentListModel(ctx.store, ctx.session.now,
                                       int(settings.get(ctx.store, "incidents.warning_minutes")), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setSortingEnabled(False)
        header_view = self.table.horizontalHeader()
        header_view.setSectionsClickable(True)
        header_view.setSortIndicatorShown(True)
        header_view.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        header_view.sectionClicked.connect(self.sort_by)
        for column, width in enumerate((70, 88, 58, 190, 62, 96, 150)):
            self.table.setColumnWidth(column, width)
        header_view.setStretchLastSection(True)
        header_view.setMinimumSectionSize(40)
        self.table.setWordWrap(False)
        splitter.addWidget(self.table)
        self.detail = IncidentDetail(ctx)
        detail_frame = QFrame()
        detail_layout = QVBoxLayout(detail_frame)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.detail)
        splitter.addWidget(detail_frame)
        splitter.setSizes([260, 400])
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)
        self.message = subtitle_label()
        outer.addWidget(self.message)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.requery)
        self.search.textChanged.connect(lambda *_: self._search_timer.start())
        for combo in (self.status, self.grade, self.category):
            combo.currentIndexChanged.connect(self.requery)
        self.show_voided.toggled.connect(lambda *_: self.requery())
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self.tick)
        self._tick.start(1000)
        self.selected_id: int | None = None

    # -- list ----------------------------------------------------------------------------------
    def current_filter(self) -> IncidentFilter:
        return IncidentFilter(text=self.search.text(), status=self.status.currentData(),
                              grade=self.grade.currentData(), category=self.category.currentData(),
                              include_voided=self.show_voided.isChecked())

    def requery(self, *, resort_only: bool = False) -> None:
        from dutyroom.clock import iso

        flt = self.current_filter()
        query = IncidentQuery(flt, self.sort_key, self.descending, iso(self.ctx.session.now()))
        keep = self.selected_id
        self.model.set_query(query, data_changed=not resort_only)
        total = self.model.total
        self.count_label.setText(f"共 {total} 个事件" + ("（已按条件筛选）" if flt != IncidentFilter() else ""))
        if keep is not None:
            self.select_incident(keep, requery=False)
        elif total:
            self.table.selectRow(0)
        else:
            self.detail.show_incident(None)

    def sort_by(self, column: int) -> None:
        key = COLUMNS[column][2]
        if key is None:
            return
        if key == self.sort_key:
            self.descending = not self.descending
        else:
            self.sort_key, self.descending = key, key in ("received", "number")
        self.table.horizontalHeader().setSortIndicator(
            column, Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder)
        self.requery(resort_only=True)

    def reload(self) -> None:
        self.requery()
        if self.selected_id is not None:
            self.detail.show_incident(self.selected_id)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        self.selected_id = current.data(ID_ROLE)
        self.detail.show_incident(self.selected_id)

    def select_incident(self, incident_id: int, requery: bool = True) -> None:
        """Show one incident (from 今日值班's clocks): widen the filter if it hides it."""
        row = self.model.row_of(incident_id)
        if row < 0 and requery:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            for combo in (self.status, self.grade, self.category):
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
            self.selected_id = incident_id
            self.requery()
            row = self.model.row_of(incident_id)
            if row < 0 and not self.show_voided.isChecked():
                self.show_voided.blockSignals(True)
                self.show_voided.setChecked(True)
                self.show_voided.blockSignals(False)
                self.requery()
                row = self.model.row_of(incident_id)
        if row >= 0:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        self.selected_id = incident_id
        self.detail.show_incident(incident_id)

    def tick(self) -> None:
        if self.isVisible():
            self.model.tick()
            self.detail.tick()

    # -- acts ----------------------------------------------------------------------------------
    def new_incident(self) -> None:
        if not self.ctx.session.can("incident.intake"):
            return
        dialog = IntakeDialog(self.ctx, self)
        if dialog.exec() and dialog.incident_id is not None:
            incident = intake.get_incident(self.ctx.store, dialog.incident_id)
            set_message(self.message, f"已接报：{incident['title']}（{GRADE_LABELS[incident['grade']]}），"
                                      f"首个时限：{incident['next_due_label']} {_when(incident['next_due_at'])}前。")
            self.select_incident(dialog.incident_id)

    def print_primary(self) -> bool:
        if self.detail.detail is None:
            return False
        self.detail.print_card()
        return True

