"""The tabs of 值班日志 beside the shift's own log: search across all logs, pending items, the roll-call
register, and the room's templates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QTableView, QWidget

from dutyroom.clock import parse_iso, short_date
from dutyroom.dutylog import pending, rollcalls
from dutyroom.dutylog import templates as template_defs
from dutyroom.dutylog.kinds import entry_kinds, kind_label, seconds_text
from dutyroom.dutylog.models import LogEntry, PendingItem
from dutyroom.dutylog.search import LogQuery, search
from dutyroom.gui.context import AppContext
from dutyroom.gui.dutylog.entry_actions import open_new_entry
from dutyroom.gui.kit.dates import date_edit, from_qdate
from dutyroom.gui.kit.ops import ask_text, run_op, run_with_reason
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table, selected_record
from dutyroom.gui.kit.widgets import button, hbox, vbox

ROLL_CALL_DAYS = 90
TAB_MARGINS = (0, 8, 0, 0)

SEARCH_COLUMNS = (
    Column("when", "时间", text=lambda r: r["occurred_at"][:16].replace("T", " "), sort=lambda r: r["occurred_at"]),
    Column("kind", "类型", text=lambda r: r["kind_label"]),
    Column("counterpart", "对方"),
    Column("summary", "内容摘要", tooltip=lambda r: r["summary"]),
    Column("recorder", "记录人", text=lambda r: r["recorded_by_name"]),
)
PENDING_COLUMNS = (
    Column("status", "状态"),
    Column("title", "待办事项", tooltip=lambda r: r["title"]),
    Column("raised", "列入", text=lambda r: f"{short_date(parse_iso(r['raised_at']).date())} {r['raised_by_name']}",
           sort=lambda r: r["raised_at"]),
    Column("due", "期限", text=lambda r: r["due_at"][5:16].replace("T", " ") if r["due_at"] else "",
           sort=lambda r: r["due_at"] or ""),
    Column("last_note", "最新进展", text=lambda r: r["last_note"] or "", tooltip=lambda r: r["last_note"] or ""),
    Column("result", "办理结果", text=lambda r: r["result"] or ""),
)
ROLL_CALL_COLUMNS = (
    Column("when", "时间", text=lambda r: r["occurred_at"][:16].replace("T", " "), sort=lambda r: r["occurred_at"]),
    Column("checker_unit", "查岗单位"),
    Column("channel", "方式"),
    Column("answered_by", "应答人"),
    Column("delay", "应答用时", text=lambda r: seconds_text(r["answer_seconds"]),
           sort=lambda r: r["answer_seconds"] if r["answer_seconds"] is not None else -1),
    Column("asked", "询问内容", text=lambda r: r["asked"] or "", tooltip=lambda r: r["asked"] or ""),
    Column("result", "结果"),
    Column("follow_up", "后续处理", text=lambda r: r["follow_up"] or ""),
)
TEMPLATE_COLUMNS = (
    Column("name", "模板名称"), Column("kind", "类型", text=lambda r: kind_label(r["kind"])),
    Column("summary", "摘要"), Column("origin", "来源", text=lambda r: "内置" if r["builtin"] else "本单位"),
)


def log_table(model: RecordTableModel) -> QTableView:
    """A log table: one line per row, columns sized by the page after each load and then the user's."""
    view = record_table(model, columns="user")
    view.setWordWrap(False)
    return view


def current_duty_date(ctx: AppContext) -> date:
    from dutyroom.duty.shifts import handover_time, shift_at

    return shift_at(ctx.session.now(), handover_time(ctx.store)).duty_date


class SearchTab(QWidget):
    """Every log: dates, type, person or unit, words (two characters are enough); newest first."""

    def __init__(self, ctx: AppContext, open_result: Callable[[LogEntry], None]) -> None:
        super().__init__()
        self.ctx, self.open_result = ctx, open_result
        self.done_once = False
        self.first_edit, self.last_edit = self._open_date(), self._open_date()
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("全部类型", None)
        for key, spec in entry_kinds().items():
            self.kind_filter.addItem(spec.label, key)
        self.person_filter = QLineEdit()
        self.person_filter.setPlaceholderText("人员/单位")
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText("关键词（两个字即可，如：跳闸、滑坡；多个词用空格分隔）")
        self.text_filter.setClearButtonEnabled(True)
        self.search_button = button("查询", self.run_search, primary=True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.run_search)
        for edit in (self.text_filter, self.person_filter):
            edit.textChanged.connect(lambda _t: self._timer.start())
            edit.returnPressed.connect(self.run_search)
        for signal in (self.kind_filter.currentIndexChanged, self.first_edit.dateChanged, self.last_edit.dateChanged):
            signal.connect(lambda *_: self._timer.start())
        bar = hbox(QLabel("从"), self.first_edit, QLabel("至"), self.last_edit, self.kind_filter, self.person_filter)
        bar.addWidget(self.text_filter, 1)
        bar.addWidget(self.search_button)
        self.model = RecordTableModel(SEARCH_COLUMNS, self)
        self.model.muted = lambda r: bool(r.get("voided_at"))
        self.view = log_table(self.model)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first, as searched
        self.view.doubleClicked.connect(lambda _i: self._open_selected())
        self.status = subtitle_label()
        layout = vbox(bar, parent=self, margins=TAB_MARGINS)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

    @staticmethod
    def _open_date() -> QDateEdit:
        """A date bound of the search; its earliest value reads 不限."""
        edit = date_edit()
        edit.setSpecialValueText("不限")
        edit.setMinimumDate(QDate(2000, 1, 1))
        edit.setDate(edit.minimumDate())
        return edit

    def _date_or_none(self, edit: QDateEdit) -> date | None:
        return None if edit.date() == edit.minimumDate() else from_qdate(edit.date())

    def query(self) -> LogQuery:
        kind = self.kind_filter.currentData()
        return LogQuery(first=self._date_or_none(self.first_edit), last=self._date_or_none(self.last_edit),
                        kinds=frozenset({kind}) if kind else frozenset(), person=self.person_filter.text(),
                        text=self.text_filter.text())

    def run_search(self) -> None:
        self.done_once = True
        outcome = run_op(self, search, self.ctx.store, self.query(), message=self.status)
        result = outcome.value
        if result is None:       # refused: the reason is on the status line
            return
        self.model.set_records(result.rows)
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(3, min(self.view.columnWidth(3), 520))
        shown = f"共 {result.total} 条" + (f"，显示最近 {len(result.rows)} 条" if result.truncated else "")
        set_message(self.status, f"{shown}（{result.elapsed_ms:.0f} 毫秒）")

    def _open_selected(self) -> None:
        record = selected_record(self.view)
        if record is not None:
            self.open_result(record)


class PendingTab(QWidget):
    """待办事项: open items (and, on request, those closed in the last 30 days) with their acts."""

    def __init__(self, ctx: AppContext, message: QLabel) -> None:
        super().__init__()
        self.ctx, self.message = ctx, message
        self.add_button = button("新增待办…", self.add_pending)
        self.note_button = button("记录进展…", self.note_pending)
        self.close_button = button("办结…", self.close_pending, primary=True)
        self.void_button = button("作废…", self.void_pending)
        for act in (self.add_button, self.note_button, self.close_button, self.void_button):
            act.setEnabled(ctx.session.can("log.write"))
        self.show_closed = QCheckBox("含近30天已办结")
        self.show_closed.toggled.connect(lambda _on: self.reload())
        self.model = RecordTableModel(PENDING_COLUMNS, self)
        self.model.muted = lambda r: bool(r.get("closed_at") or r.get("voided_at"))
        self.view = log_table(self.model)
        self.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.view.doubleClicked.connect(lambda _i: self.note_pending())
        self.status = subtitle_label("未办结事项在交接班时逐项移交，接班人确认知悉后方可完成交接；办结须填写办理结果。")
        layout = vbox(hbox(self.add_button, self.note_button, self.close_button, self.void_button, None,
                           self.show_closed), parent=self, margins=TAB_MARGINS)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.open_count = 0

    def reload(self) -> None:
        now = self.ctx.session.now()
        if self.show_closed.isChecked():
            first = (current_duty_date(self.ctx) - timedelta(days=30)).isoformat()
            records = pending.items_between(self.ctx.store, first, "9999-12-31", now)
            records = [r for r in records if not r["voided_at"]]
        else:
            records = pending.open_items(self.ctx.store, now)
        self.model.set_records(records)
        self.view.resizeColumnsToContents()
        self.view.setColumnWidth(1, min(self.view.columnWidth(1), 420))
        self.open_count = sum(1 for r in records if not r["closed_at"])

    def _selected_open(self) -> PendingItem | None:
        record = selected_record(self.view)
        if record is None:
            set_message(self.message, "请先选中一项待办事项。", error=True)
        return None if record is None or record["closed_at"] else record

    def _run(self, operation: Callable[..., Any], *args: Any, done: str) -> None:
        run_op(self, operation, self.ctx.session, *args, message=self.message, modal=True, done=done)

    def add_pending(self) -> None:
        text = ask_text(self, "新增待办", "需要后续办理的事项（不依附于某条记录时在这里新增）：")
        if text is not None:
            self._run(pending.raise_pending, text, done="已列入待办。")

    def note_pending(self) -> None:
        record = self._selected_open()
        text = ask_text(self, "记录进展", f"“{record['title']}”的办理进展：") if record else None
        if record is not None and text is not None:
            self._run(pending.add_note, record["id"], text, done="已记录进展。")

    def close_pending(self) -> None:
        record = self._selected_open()
        text = ask_text(self, "办结待办事项", f"“{record['title']}”的办理结果（必填）：") if record else None
        if record is not None and text is not None:
            self._run(pending.close_pending, record["id"], text, done="已办结。")

    def void_pending(self) -> None:
        record = self._selected_open()
        if record is not None:
            run_with_reason(self, "作废待办事项", "作废原因（误列入时使用；真正办完的请“办结”）：", pending.void_pending,
                            self.ctx.session, record["id"], message=self.message, modal=True, done="已作废。")


class RollCallTab(QWidget):
    """查岗点名登记: the roll calls received in the last 90 days, with their statistics."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = RecordTableModel(ROLL_CALL_COLUMNS, self)
        self.view = log_table(self.model)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.status = subtitle_label()
        layout = vbox(parent=self, margins=TAB_MARGINS)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)

    def reload(self) -> None:
        first = (current_duty_date(self.ctx) - timedelta(days=ROLL_CALL_DAYS)).isoformat()
        records = rollcalls.roll_calls(self.ctx.store, first)
        self.model.set_records(records)
        self.view.resizeColumnsToContents()
        stats = rollcalls.statistics(records)
        slowest = f"，最长应答用时 {seconds_text(stats['max_seconds'])}" if stats["max_seconds"] is not None else ""
        mean = f"，平均 {seconds_text(stats['mean_seconds'])}" if stats["mean_seconds"] is not None else ""
        self.status.setText(f"近{ROLL_CALL_DAYS}天共接受查岗点名 {stats['count']} 次，"
                            f"结果非“正常”的 {stats['problems']} 次{slowest}{mean}。F3 随时登记。")


class TemplatesTab(QWidget):
    """常用模板: the built-in and the room's own; a new entry from one, removing the room's own."""

    def __init__(self, ctx: AppContext, message: QLabel) -> None:
        super().__init__()
        self.ctx, self.message = ctx, message
        self.model = RecordTableModel(TEMPLATE_COLUMNS, self)
        self.view = log_table(self.model)
        self.view.doubleClicked.connect(lambda _i: self.use_template())
        use = button("用此模板新建记录", self.use_template, primary=True)
        use.setEnabled(ctx.session.can("log.write"))
        self.remove_button = button("删除本单位模板", self.remove_template)
        self.remove_button.setEnabled(ctx.session.can("log.templates"))
        vbox(hbox(use, self.remove_button, None, subtitle_label("新建记录时可按 Ctrl+T 选用模板；在记录窗口中点“存为模板”新增。")),
             parent=self, margins=TAB_MARGINS).addWidget(self.view, 1)

    def reload(self) -> None:
        records = [{"key": t.key, "name": t.name, "kind": t.kind, "summary": t.summary, "builtin": t.builtin,
                    "template": t} for t in template_defs.templates(self.ctx.store)]
        self.model.set_records(records)
        self.view.resizeColumnsToContents()

    def use_template(self) -> None:
        record = selected_record(self.view)
        if record is not None:
            open_new_entry(self.ctx, self.window(), kind=record["kind"], template_key=record["key"])

    def remove_template(self) -> None:
        record = selected_record(self.view)
        if record is None or record["builtin"]:
            set_message(self.message, "请选中一个本单位模板（内置模板不能删除）。", error=True)
            return
        run_op(self, template_defs.remove_template, self.ctx.session, record["template"].db_id, message=self.message,
               modal=True, done="模板已删除。")
