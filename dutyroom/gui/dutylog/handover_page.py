"""交接班: the outgoing shift's sheet assembles itself; the outgoing officer checks the equipment and
confirms; the incoming officer logs in under their own account, acknowledges each open item and accepts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom.changes import Area
from dutyroom.clock import parse_iso, short_date
from dutyroom.dutylog import handover as ho
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dates import date_edit, from_qdate, to_qdate
from dutyroom.gui.kit.ops import run_op, run_with_reason
from dutyroom.gui.kit.output import deliver
from dutyroom.gui.kit.page import Page, subtitle_label, title_label
from dutyroom.gui.kit.theme import repolish
from dutyroom.gui.kit.widgets import (
    button,
    clear_layout,
    hbox,
    holder,
    label,
    page_header,
    page_layout,
    panel,
    scroll,
)


def _sheet_label(text: str, name: str = "") -> QLabel:
    """Everything on the handover sheet wraps and can be selected for copying."""
    return label(text, name, wrap=True, selectable=True)


def _when(text: str | None) -> str:
    if not text:
        return ""
    moment = parse_iso(text)
    return f"{short_date(moment.date())} {moment:%H:%M}"


class EquipmentRow:
    def __init__(self, name: str, grid: QGridLayout, row: int) -> None:
        self.name = name
        self.ok = QRadioButton("正常")
        self.bad = QRadioButton("异常")
        self.group = QButtonGroup()
        self.group.addButton(self.ok)
        self.group.addButton(self.bad)
        self.note = QLineEdit()
        self.note.setPlaceholderText("异常时须说明情况和已采取的措施")
        grid.addWidget(QLabel(name), row, 0)
        grid.addWidget(self.ok, row, 1)
        grid.addWidget(self.bad, row, 2)
        grid.addWidget(self.note, row, 3)

    def answer(self) -> tuple[bool | None, str]:
        state = True if self.ok.isChecked() else False if self.bad.isChecked() else None
        return state, self.note.text()

    def set(self, ok: bool | None, note: str, editable: bool) -> None:
        self.group.setExclusive(False)
        self.ok.setChecked(ok is True)
        self.bad.setChecked(ok is False)
        self.group.setExclusive(True)
        self.note.setText(note)
        for widget in (self.ok, self.bad, self.note):
            widget.setEnabled(editable)


class HandoverPage(Page):
    areas = frozenset({Area.HANDOVER, Area.DUTYLOG, Area.DUTY, Area.SETTINGS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.viewing: date | None = None     # None: the shift due for handover now
        self.state: ho.HandoverState | None = None
        self.ack_boxes: dict[str, QCheckBox] = {}
        outer = page_layout(self)
        self.shift_label = subtitle_label()
        self.date_edit = date_edit()
        self.date_edit.dateChanged.connect(self._date_picked)
        self.current_button = button("当前交接", self.show_current)
        outer.addLayout(page_header(title_label("交接班"), self.shift_label, QLabel("查看班次"), self.date_edit,
                                    self.current_button))
        self.banner = _sheet_label("", "handoverBanner")
        outer.addWidget(self.banner)
        self.sheet_host = QWidget()
        self.sheet_layout = QVBoxLayout(self.sheet_host)
        self.sheet_layout.setContentsMargins(14, 10, 14, 10)
        body = hbox(spacing=12)
        body.addWidget(scroll(self.sheet_host, name="panel"), 3)
        body.addWidget(self._build_side(), 2)
        outer.addLayout(body, 1)

    def _build_side(self) -> QWidget:
        """Equipment checks, 注意事项, signatures, the handover acts and the printouts."""
        side, side_layout = panel()
        side_layout.addWidget(_sheet_label("设备检查（逐项确认）", "sectionTitle"))
        self.equipment_host = QWidget()
        side_layout.addWidget(self.equipment_host)
        self.equipment_rows: list[EquipmentRow] = []
        self._build_equipment(ho.equipment_items(self.ctx.store))
        side_layout.addWidget(_sheet_label("注意事项（交班人填写）", "sectionTitle"))
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setPlaceholderText("需要下一班注意的情况、遗留问题等")
        self.notes.setFixedHeight(90)
        side_layout.addWidget(self.notes)
        self.signatures = _sheet_label("", "shiftLabel")
        side_layout.addWidget(self.signatures)
        self.confirm_button = button("确认交班", self.confirm, primary=True)
        self.withdraw_button = button("撤回交班…", self.withdraw)
        self.accept_button = button("确认接班", self.accept, primary=True)
        side_layout.addLayout(hbox(self.confirm_button, self.withdraw_button, self.accept_button))
        self.print_button = button("打印交接班记录 (Ctrl+P)", lambda: self.print_sheet("handover", save=False))
        self.print_log_button = button("打印值班日志", lambda: self.print_sheet("log", save=False))
        self.export_button = button("导出PDF…", lambda: self.print_sheet("handover", save=True))
        side_layout.addLayout(hbox(self.print_button, self.print_log_button, self.export_button))
        self.message = _sheet_label("", "messageLabel")
        side_layout.addWidget(self.message)
        side_layout.addStretch(1)
        return side

    def _build_equipment(self, names: list[str]) -> None:
        """One row per item of the setting 交接班设备检查项目 (rebuilt when an administrator changes it)."""
        old = self.equipment_host.layout()
        if old is not None:
            clear_layout(old)
            QWidget().setLayout(old)       # detach the old layout so a new one can be set
        grid = QGridLayout(self.equipment_host)
        grid.setContentsMargins(0, 0, 0, 0)
        self.equipment_rows = [EquipmentRow(name, grid, row) for row, name in enumerate(names)]
        grid.setColumnStretch(3, 1)

    # -- which shift -------------------------------------------------------------------------------
    def outgoing_date(self) -> date:
        if self.viewing is not None:
            return self.viewing
        return ho.handover_target(self.ctx.store, self.ctx.session.now()).outgoing.duty_date

    def _date_picked(self, value: QDate) -> None:
        picked = from_qdate(value)
        target = ho.handover_target(self.ctx.store, self.ctx.session.now()).outgoing.duty_date
        self.viewing = None if picked == target else picked
        self.reload()

    def show_current(self) -> None:
        self.viewing = None
        self.reload()

    # -- showing -----------------------------------------------------------------------------------
    def reload(self) -> None:
        store, now = self.ctx.store, self.ctx.session.now()
        names = ho.equipment_items(store)
        if names != [row.name for row in self.equipment_rows]:
            self._build_equipment(names)
        target = ho.handover_target(store, now)
        day = self.outgoing_date()
        self.state = state = ho.handover_state(store, day, now)
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(to_qdate(day))
        self.date_edit.setMaximumDate(to_qdate(target.outgoing.duty_date))
        self.date_edit.blockSignals(False)
        sheet = state.sheet
        self.shift_label.setText(f"交班班次：{sheet.outgoing.label}　→　接班班次：{sheet.incoming.label}"
                                 f"　·　{state.status_label}")
        actor = self.ctx.session.actor
        record = state.record
        is_outgoing = record is not None and ho._same_person(actor, record["outgoing_by"], record["outgoing_name"])
        may = self.ctx.session.can("handover.do")
        current = self.viewing is None
        if record is None:
            banner = target.message if current else "该班次没有交接班记录。"
            if current and not target.due:
                banner += "　可先核对下面的交接单内容。"
        elif record["status"] == "confirmed":
            banner = (f"{record['outgoing_name']}已于 {_when(record['confirmed_at'])} 确认交班。"
                      + ("请接班人用本人账户登录（Ctrl+L 注销后登录），逐项确认知悉未办结事项后确认接班。"
                         if is_outgoing else "请逐项阅读并勾选“已知悉”，然后确认接班。"))
        else:
            banner = f"已完成交接：{record['outgoing_name']}交班，{record['incoming_name']}于 {_when(record['accepted_at'])} 接班。"
        self.banner.setText(banner)
        self.banner.setProperty("state", state.status)
        repolish(self.banner)
        can_ack = may and record is not None and record["status"] == "confirmed" and not is_outgoing
        self._fill_sheet(state, can_ack)
        editable = may and record is None and current and target.due
        checks = {c.name: c for c in state.equipment}
        for row in self.equipment_rows:
            check = checks.get(row.name)
            if check is not None or not editable:
                row.set(check.ok if check else None, check.note if check else "", editable)
            else:   # keep what the outgoing officer is filling in when the page refreshes
                row.set(*row.answer(), editable)
        if record is not None or not editable:
            self.notes.setPlainText(record["notes"] if record else "")
        self.notes.setReadOnly(not editable)
        self.confirm_button.setVisible(record is None)
        self.confirm_button.setEnabled(editable)
        self.withdraw_button.setVisible(record is not None and record["status"] == "confirmed")
        self.withdraw_button.setEnabled(may)
        self.accept_button.setVisible(record is not None and record["status"] == "confirmed")
        waiting = len(state.unacknowledged())
        self.accept_button.setEnabled(can_ack and waiting == 0)
        self.accept_button.setText("确认接班" if not waiting else f"确认接班（还有 {waiting} 项未确认知悉）")
        sign = [f"带班领导：{record['leader_name'] if record else '、'.join(m.name for m in sheet.outgoing_roster.by_role('leader')) or '—'}"]
        if record is not None:
            sign.insert(0, f"交班人：{record['outgoing_name']}（{_when(record['confirmed_at'])}）")
            sign.insert(1, f"接班人：{record['incoming_name'] or '待确认'}"
                        + (f"（{_when(record['accepted_at'])}）" if record["accepted_at"] else ""))
        self.signatures.setText("\n".join(sign))

    def _fill_sheet(self, state: ho.HandoverState, can_ack: bool) -> None:
        clear_layout(self.sheet_layout)
        self.ack_boxes = {}
        sheet = state.sheet
        self.sheet_layout.addWidget(_sheet_label("交班人员", "sectionTitle"))
        self.sheet_layout.addWidget(_sheet_label("；".join(ho.roster_lines(sheet.outgoing_roster)) or "未排班", "logLine"))
        self.sheet_layout.addWidget(_sheet_label("接班人员", "sectionTitle"))
        self.sheet_layout.addWidget(_sheet_label("；".join(ho.roster_lines(sheet.incoming_roster)) or "未排班", "logLine"))
        for section in sheet.sections:
            if section.key == "duty_staff":
                continue
            self.sheet_layout.addWidget(_sheet_label(section.title, "sectionTitle"))
            for line in section.lines:
                self.sheet_layout.addWidget(_sheet_label(line, "logLine"))
            for item in section.items:
                row = hbox()
                text = item.text + (f"\n{item.detail}" if item.detail else "")
                label = _sheet_label(text, "logLine")
                if item.alert:
                    label.setProperty("error", True)
                    repolish(label)
                row.addWidget(label, 1)
                if item.needs_ack:
                    ack = state.acks.get(item.key)
                    box = QCheckBox(f"{ack['acknowledged_by_name']} 已知悉" if ack else "已知悉")
                    box.setChecked(ack is not None)
                    box.setEnabled(can_ack and ack is None)
                    box.toggled.connect(self._acknowledger(item.key))
                    self.ack_boxes[item.key] = box
                    row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
                self.sheet_layout.addWidget(holder(row, margins=None))
            if section.empty:
                self.sheet_layout.addWidget(_sheet_label(section.empty_text, "pageSubtitle"))
        self.sheet_layout.addStretch(1)

    # -- actions -----------------------------------------------------------------------------------
    def confirm(self) -> None:
        answers = {row.name: row.answer() for row in self.equipment_rows}
        run_op(self, ho.confirm_handover, self.ctx.session, self.outgoing_date(), equipment=answers,
               notes=self.notes.toPlainText(), message=self.message,
               done="已确认交班。请接班人用本人账户登录后逐项确认并接班。")

    def _acknowledger(self, key: str) -> Callable[[bool], None]:
        def toggled(on: bool) -> None:
            if on:
                self.acknowledge(key)
        return toggled

    def acknowledge(self, key: str) -> None:
        record = self.state.record if self.state else None
        if record is not None and not run_op(self, ho.acknowledge, self.ctx.session, record["id"], [key],
                                             message=self.message):
            self.reload()

    def accept(self) -> None:
        record = self.state.record if self.state else None
        if record is not None:
            run_op(self, ho.accept_handover, self.ctx.session, record["id"], message=self.message,
                   done="交接班完成，上一班次已关闭，未办结事项已移交本班次。")

    def withdraw(self) -> None:
        record = self.state.record if self.state else None
        if record is not None:
            run_with_reason(self, "撤回交班", "撤回原因（如：交班后又接到来电，需补记后重新交班）：", ho.withdraw_handover,
                            self.ctx.session, record["id"], message=self.message, modal=True, error_title="未能撤回",
                            done="已撤回交班，可补充记录后重新确认。")

    def print_primary(self) -> bool:
        self.print_sheet("handover", save=False)
        return True

    def print_sheet(self, which: str, *, save: bool) -> None:
        store, day, now = self.ctx.store, self.outgoing_date(), self.ctx.session.now()

        def render() -> bytes:
            from dutyroom.printing.dutylog_print import handover_doc, log_doc, render_handover, render_log

            if which == "handover":
                return render_handover(handover_doc(store, day, now))
            return render_log([log_doc(store, day, now)])

        deliver(self.ctx, self, render, f"{'交接班记录' if which == 'handover' else '值班日志'}-{day:%Y%m%d}",
                save=save, message=self.message)
