"""One warning on the 预警叫应 page: level, source, times, townships, content; how its calls stand; the call list of
each notice with every call; the 应急广播 register; the notices; and the acts (叫应, 变更, 解除, 广播, 台账, 作废)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QTabWidget, QWidget

from dutyroom.clock import parse_iso
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import run_op, run_with_reason
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table, selected_record
from dutyroom.gui.kit.text import when
from dutyroom.gui.kit.theme import repolish
from dutyroom.gui.kit.widgets import button, hbox, hidden_unless, holder, label, vbox
from dutyroom.warnings.catalog import level_text
from dutyroom.warnings.queries import duration_text, short_unit


def _hm(text: str | None) -> str:
    return parse_iso(text).strftime("%H:%M") if text else ""


def _state(target: dict[str, Any]) -> str:
    if target["covered_by"]:
        return "B角代应"
    text = target["status_label"]
    if target["escalated_at"]:
        text += "（已上报）"
    if target["claimed_by"] and target["status"] not in ("answered", "arrived"):
        text += f"〔{target['claimed_by']}叫应中〕"
    return text


def _calls(target: dict[str, Any]) -> str:
    return "；".join(f"{_hm(a['at'])} {a['channel']} {a['result_label']}"
                    + (f"（{a['answered_by']}）" if a["answered_by"] else "") for a in target["attempts"])


TARGET_COLUMNS = (
    Column("seq", "序", lambda t: str(t["row"]), sort=lambda t: t["row"]),
    Column("name", "叫应对象", lambda t: t["name"]),
    Column("unit", "单位、职务", lambda t: "　".join(p for p in (short_unit(t), t["position"]) if p),
           tooltip=lambda t: t["reason"] + (f"\n外出：{t['away']}" if t["away"] else "")),
    Column("phone", "电话", lambda t: t["phone"], tooltip=lambda t: "\n".join(t["phones"])),
    Column("kind", "身份", lambda t: t["kind_label"] if t["kind"] != "primary" else t["reason"][:12],
           tooltip=lambda t: t["reason"]),
    Column("status", "状态", _state),
    Column("tries", "次数", lambda t: str(t["tries"]) if t["tries"] else "", sort=lambda t: t["tries"]),
    Column("calls", "叫应经过", _calls, tooltip=_calls),
    Column("answered", "应答", lambda t: _hm(t["answered_at"])),
    Column("took", "用时", lambda t: t.get("took", "")),
)
BROADCAST_COLUMNS = (
    Column("at", "时间", lambda b: when(b["at"])), Column("area", "乡镇（村）"), Column("content", "广播内容"),
    Column("operator", "操作人"), Column("recorded_by", "登记人"),
)
NOTICE_COLUMNS = (
    Column("seq", "号", lambda n: f"第{n['seq']}号"), Column("kind", "通知", lambda n: f"{n['kind_label']}（{n['level']}）"),
    Column("received", "接收", lambda n: when(n["received_at"])),
    Column("summary", "叫应", lambda n: f"已应答 {n['summary']['answered']}/{n['summary']['total']}"),
    Column("rule", "叫应规则", lambda n: n["rule"]),
    Column("closed", "结束", lambda n: f"{when(n['closed_at'])} {n['closed_reason'] or ''}".strip()),
)


class WarningDetail(QWidget):
    start_calls = Signal(int)          # notice id: open the call screen
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.warning: dict[str, Any] | None = None
        can = ctx.session.can("warning.relay")
        self.badge = label("", "levelBadge")
        self.title = label("", "incidentTitle")
        self.meta = label("", "flagText", wrap=True)
        self.call_button = button("开始叫应 (F9)", self.start, primary=True)
        self.change_button = button("变更…", self.change)
        self.lift_button = button("解除…", self.lift)
        self.broadcast_button = button("应急广播…", self.broadcast)
        self.print_button = button("打印台账 (Ctrl+P)", lambda: self.print_ledger(save=False))
        self.export_button = button("导出PDF…", lambda: self.print_ledger(save=True))
        self.void_button = button("作废…", self.void)
        hidden_unless(can, self.call_button, self.change_button, self.lift_button, self.broadcast_button)
        hidden_unless(ctx.session.can("warning.manage"), self.void_button)
        self.summary = label("", "planText", wrap=True)
        self.content = label("", "reasonText", wrap=True, selectable=True)
        self.notice_choice = QComboBox()
        self.notice_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.notice_choice.currentIndexChanged.connect(self._show_notice)
        self.targets = RecordTableModel(TARGET_COLUMNS, self)
        self.target_view = record_table(self.targets, columns="user", widths=(30, 64, 150, 100, 120, 120, 40, 220, 48))
        self.target_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)      # the list's own order
        self.arrive_button = button("登记到岗", self.arrive, tooltip="所选对象已应答后，登记其已到岗")
        hidden_unless(can, self.arrive_button)
        self.broadcasts = RecordTableModel(BROADCAST_COLUMNS, self)
        self.notices = RecordTableModel(NOTICE_COLUMNS, self)
        self.tabs = QTabWidget()
        self.tabs.addTab(holder(vbox(hbox(label("叫应名单："), self.notice_choice, None, self.arrive_button),
                                     self.target_view)), "叫应名单")
        self.tabs.addTab(record_table(self.broadcasts, columns="user", widths=(110, 140, 420, 80)), "应急广播")
        self.tabs.addTab(record_table(self.notices, columns="user", widths=(50, 120, 110, 100, 420)), "通知记录")
        self.message = subtitle_label()
        layout = vbox(hbox(self.badge, self.title, None, self.call_button, self.change_button, self.lift_button,
                           self.broadcast_button, self.print_button, self.export_button, self.void_button),
                      self.meta, self.summary, self.content, parent=self, margins=(0, 4, 0, 0), spacing=6)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.show_warning(None)

    # -- showing ---------------------------------------------------------------------------------
    def show_warning(self, warning_id: int | None) -> None:
        from dutyroom.warnings.queries import warning_json

        self.warning = warning_json(self.ctx.store, warning_id, self.ctx.session.now()) if warning_id else None
        w = self.warning
        for shown in (self.badge, self.title, self.meta, self.summary, self.content, self.tabs):
            shown.setVisible(w is not None)
        open_acts = w is not None and w["status"] == "active"
        self.change_button.setEnabled(open_acts)
        self.lift_button.setEnabled(open_acts)
        self.call_button.setEnabled(w is not None and self._running(w))
        for act in (self.broadcast_button, self.print_button, self.export_button):
            act.setEnabled(w is not None)
        self.void_button.setEnabled(w is not None and w["status"] != "voided")
        if w is None:
            self.targets.set_records([])
            return
        self.badge.setText(level_text(w["level_code"]))
        self.badge.setProperty("level", w["level_code"])
        repolish(self.badge)
        self.title.setText(f"{w['type']}{w['level']}预警　{w['number']}　{w['status_label']}")
        until = f"，有效期至{when(w['valid_until'])}" if w["valid_until"] else ""
        self.meta.setText(f"{w['source']}发布于{when(w['issued_at'])}{until}；值班室{when(w['received_at'])}接收；"
                          f"影响：{'、'.join(w['areas'])}")
        self.content.setText(w["content"] + (f"\n防御措施：{w['measures']}" if w["measures"] else "")
                             + (f"\n作废原因：{w['void_reason']}" if w["void_reason"] else ""))
        self.notice_choice.blockSignals(True)
        self.notice_choice.clear()
        for notice in w["notices"]:
            self.notice_choice.addItem(f"第{notice['seq']}号通知（{notice['kind_label']}，{notice['level']}）")
        self.notice_choice.setCurrentIndex(len(w["notices"]) - 1)
        self.notice_choice.blockSignals(False)
        self._show_notice(len(w["notices"]) - 1)
        self.broadcasts.set_records(w["broadcasts"])
        self.notices.set_records(w["notices"])
        self.tabs.setTabText(1, f"应急广播（{len(w['broadcasts'])}）")
        self.tick()

    def _running(self, w: dict[str, Any]) -> bool:
        """Whether the latest list is still to be called: the warning in force, or its lift just received."""
        latest = w["notices"][-1]
        if latest["closed_at"] or w["status"] in ("voided", "expired"):
            return False
        if latest["kind"] != "lift":
            return True
        from datetime import timedelta

        from dutyroom.warnings.queries import LIFT_RELAY_HOURS

        return parse_iso(latest["received_at"]) + timedelta(hours=LIFT_RELAY_HOURS) > self.ctx.session.now()

    def _show_notice(self, index: int) -> None:
        if self.warning is None or not 0 <= index < len(self.warning["notices"]):
            return
        notice = self.warning["notices"][index]
        received = parse_iso(notice["received_at"])
        rows = []
        for row, target in enumerate(notice["targets"], start=1):
            took = duration_text((parse_iso(target["answered_at"]) - received).total_seconds()) \
                if target["answered_at"] else ""
            rows.append({**target, "row": row, "took": took})
        self.targets.set_records(rows)

    def tick(self) -> None:
        if self.warning is None:
            return
        notice = self.warning["notices"][-1]
        s = notice["summary"]
        text = f"应叫应 {s['total']} 人　已应答 {s['answered']}" + (f"（B角代应 {s['by_backup']}）" if s["by_backup"] else "")
        text += f"　到岗 {s['arrived']}　未应答 {s['silent']}" + (f"　已上报 {s['escalated']}" if s["escalated"] else "")
        if notice["deadline"]:
            left = (parse_iso(notice["deadline"]) - self.ctx.session.now()).total_seconds()
            if s["silent"] == 0:
                text += "　全部应答"
            elif notice["closed_at"] or left < -3600:
                text += f"　时限 {when(notice['deadline'])}，未全部应答"
            else:
                text += f"　时限 {_hm(notice['deadline'])}（" + (f"剩{duration_text(left)}" if left >= 0 else
                                                                 f"已超时{duration_text(-left)}") + "）"
        if s["leader_told"] is False:
            text += "　带班领导尚未报告"
        self.summary.setText(f"{notice['rule']}\n{text}")

    # -- acts ------------------------------------------------------------------------------------
    def start(self) -> None:
        if self.warning is not None and self.call_button.isEnabled():
            self.start_calls.emit(self.warning["notice_id"])

    def change(self) -> None:
        from dutyroom.gui.warnings.warning_dialogs import ChangeDialog

        if self.warning is not None and ChangeDialog(self.ctx, self.warning, self).exec():
            set_message(self.message, "已登记变更：原名单结束，已按新级别生成叫应名单。")

    def lift(self) -> None:
        from dutyroom.gui.warnings.warning_dialogs import lift_dialog

        if self.warning is not None and lift_dialog(self.ctx, self.warning, self).exec():
            set_message(self.message, "已解除：请按名单逐一告知原叫应对象。")

    def broadcast(self) -> None:
        from dutyroom.gui.warnings.warning_dialogs import broadcast_dialog

        if self.warning is not None and broadcast_dialog(self.ctx, self.warning, self).exec():
            set_message(self.message, "已登记应急广播。")

    def arrive(self) -> None:
        from dutyroom.warnings.calls import mark_arrived

        target = selected_record(self.target_view)
        if target is None:
            set_message(self.message, "请先在名单中选择已应答的对象。", error=True)
            return
        run_op(self, mark_arrived, self.ctx.session, target["id"], message=self.message,
               done=f"已登记：{target['name']}已到岗。")

    def void(self) -> None:
        from dutyroom.warnings.records import void_warning

        if self.warning is not None:
            run_with_reason(self, "作废预警", "作废原因（如：重复录入）：", void_warning, self.ctx.session,
                            self.warning["id"], message=self.message, done="已作废，叫应已停止。")

    def print_ledger(self, *, save: bool) -> None:
        from dutyroom.gui.kit.output import deliver

        if self.warning is None:
            return
        store, warning_id, now = self.ctx.store, self.warning["id"], self.ctx.session.now()

        def render() -> bytes:
            from dutyroom.printing.warning_ledger import ledger_doc, render_ledger

            return render_ledger(ledger_doc(store, warning_id, now))

        deliver(self.ctx, self, render, f"预警叫应台账-{self.warning['number']}", save=save, message=self.message,
                busy="正在生成预警叫应台账…")
