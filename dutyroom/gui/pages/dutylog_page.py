"""值班日志: the shift's log with fast entry, search across all logs, pending items, the roll-call register
and the room's templates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dutyroom.changes import Area
from dutyroom.clock import parse_iso, short_date, weekday_name
from dutyroom.duty.shifts import handover_time, shift_at, shift_on
from dutyroom.dutylog import instructions, pending, rollcalls
from dutyroom.dutylog import templates as template_defs
from dutyroom.dutylog.entries import get_entry, shift_entries, void_entry
from dutyroom.dutylog.kinds import entry_kinds, kind_label, seconds_text
from dutyroom.dutylog.search import LogQuery, search
from dutyroom.dutylog.shiftstate import is_closed, is_locked
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.dialogs import ask_reason, show_error
from dutyroom.gui.dutylog.entry_dialog import EntryDialog, draft_store, open_new_entry
from dutyroom.gui.dutylog.entry_view import entry_html
from dutyroom.gui.models import RECORD_ROLE, Column, RecordTableModel, record_table
from dutyroom.gui.pages.base import Page, set_message, subtitle_label, title_label

ROLL_CALL_DAYS = 90


def _time(record: dict[str, Any]) -> str:
    return record["occurred_at"][11:16]


def _handling(record: dict[str, Any]) -> str:
    fields = record["fields"]
    parts = [fields[k] for k in ("instruction", "handling", "relayed_to", "feedback", "progress", "follow_up")
             if fields.get(k)]
    return "；".join(str(p) for p in parts)


def _state(record: dict[str, Any]) -> str:
    marks = []
    if record.get("voided_at"):
        marks.append("已作废")
    if record.get("pending_open"):
        marks.append("待办未结")
    elif record.get("pending_total"):
        marks.append("待办已结")
    if record.get("amended"):
        marks.append("已补正")
    elif record.get("revision"):
        marks.append("已更正")
    return "、".join(marks)


SHIFT_COLUMNS = (
    Column("time", "时间", text=_time, sort=lambda r: r["occurred_at"]),
    Column("kind", "类型", text=lambda r: r["kind_label"]),
    Column("counterpart", "对方"),
    Column("summary", "内容摘要", tooltip=lambda r: r["summary"]),
    Column("handling", "批示及处理", text=_handling, tooltip=_handling),
    Column("recorder", "记录人", text=lambda r: r["recorded_by_name"]),
    Column("state", "状态", text=_state),
)
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


ROLL_CALL_TAB, TEMPLATES_TAB = 3, 4


def _table(model: RecordTableModel) -> QTableView:
    """A log table: one line per row, columns sized by the page after each load and then the user's."""
    view = record_table(model, fit_columns=False)
    view.setWordWrap(False)
    return view


def _selected(view: QTableView) -> dict[str, Any] | None:
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].data(RECORD_ROLE) if rows else None


class TextDialog(QDialog):
    """A short multi-line answer (办理结果, 进展)."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(label)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)
        self.resize(480, 220)

    @property
    def text(self) -> str:
        return self.edit.toPlainText()


class DutyLogPage(Page):
    areas = frozenset({Area.DUTYLOG, Area.HANDOVER, Area.DUTY})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.duty_date: date = self._current_date()
        self._follow_current = True
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(10)
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(title_label("值班日志"))
        self.shift_label = subtitle_label()
        titles.addWidget(self.shift_label)
        header.addLayout(titles, 1)
        self.prev_button = QPushButton("◀ 前一班")
        self.prev_button.clicked.connect(lambda: self.show_shift(self.duty_date - timedelta(days=1)))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.dateChanged.connect(lambda d: self.show_shift(d.toPython()))
        self.next_button = QPushButton("后一班 ▶")
        self.next_button.clicked.connect(lambda: self.show_shift(self.duty_date + timedelta(days=1)))
        self.today_button = QPushButton("本班")
        self.today_button.clicked.connect(lambda: self.show_shift(self._current_date()))
        for widget in (self.prev_button, self.date_edit, self.next_button, self.today_button):
            header.addWidget(widget)
        outer.addLayout(header)

        actions = QHBoxLayout()
        self.new_button = QPushButton("新建记录 (F2)")
        self.new_button.setObjectName("primaryButton")
        self.new_button.clicked.connect(lambda: open_new_entry(self.ctx, self.window()))
        self.roll_call_button = QPushButton("登记查岗点名 (F3)")
        self.roll_call_button.clicked.connect(lambda: open_new_entry(self.ctx, self.window(), kind="roll_call"))
        self.print_button = QPushButton("打印本班值班日志 (Ctrl+P)")
        self.print_button.clicked.connect(lambda: self.print_log(save=False))
        self.export_button = QPushButton("导出PDF…")
        self.export_button.clicked.connect(lambda: self.print_log(save=True))
        self.drafts_button = QPushButton()
        self.drafts_button.setObjectName("warningButton")
        self.drafts_button.clicked.connect(self.restore_drafts)
        can_write = ctx.session.can("log.write")
        self.new_button.setEnabled(can_write)
        self.roll_call_button.setEnabled(can_write)
        for widget in (self.new_button, self.roll_call_button, self.drafts_button):
            actions.addWidget(widget)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.export_button)
        outer.addLayout(actions)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_shift_tab(), "班次记录")
        self.tabs.addTab(self._build_search_tab(), "查询")
        self.tabs.addTab(self._build_pending_tab(), "待办事项")
        self.tabs.addTab(self._build_roll_call_tab(), "查岗点名登记")
        self.tabs.addTab(self._build_templates_tab(), "常用模板")
        self.tabs.currentChanged.connect(self._tab_changed)
        outer.addWidget(self.tabs, 1)
        self.message = subtitle_label()
        outer.addWidget(self.message)
        self._search_done_once = False
        self._stale_tabs: dict[int, Callable[[], None]] = {}

    # -- shift tab ---------------------------------------------------------------------------------
    def _build_shift_tab(self) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 8, 0, 0)
        self.shift_model = RecordTableModel(SHIFT_COLUMNS, self)
        self.shift_model.muted = lambda r: bool(r.get("voided_at"))
        self.shift_view = _table(self.shift_model)
        self.shift_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)    # a log reads in time order
        self.shift_view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.shift_view.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.shift_view)
        detail_host = QWidget()
        detail_layout = QVBoxLayout(detail_host)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton("更正…")
        self.edit_button.clicked.connect(self.edit_selected)
        self.void_button = QPushButton("作废…")
        self.void_button.clicked.connect(self.void_selected)
        self.raise_button = QPushButton("列入待办…")
        self.raise_button.clicked.connect(self.raise_from_selected)
        self.lift_button = QPushButton("解除批示…")
        self.lift_button.clicked.connect(self.lift_selected)
        for button in (self.edit_button, self.void_button, self.raise_button, self.lift_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        detail_layout.addLayout(buttons)
        detail_layout.addWidget(self.detail, 1)
        splitter.addWidget(detail_host)
        splitter.setSizes([420, 200])
        layout.addWidget(splitter, 1)
        return host

    def _current_date(self) -> date:
        return shift_at(self.ctx.session.now(), handover_time(self.ctx.store)).duty_date

    def show_shift(self, duty_date: date) -> None:
        if duty_date == self.duty_date and self.shift_model.records is not None and not self._stale:
            self._sync_date_edit()
            return
        self.duty_date = duty_date
        self._follow_current = duty_date == self._current_date()
        self.reload_shift()

    def _sync_date_edit(self) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(QDate(self.duty_date.year, self.duty_date.month, self.duty_date.day))
        self.date_edit.blockSignals(False)

    def reload(self) -> None:
        if self._follow_current:
            self.duty_date = self._current_date()
        self.reload_shift()
        self.reload_pending()
        # the roll-call register and the templates are read when their tab is shown (a year of roll calls
        # costs tens of milliseconds that opening the log should not pay)
        self._stale_tabs = {ROLL_CALL_TAB: self.reload_roll_calls, TEMPLATES_TAB: self.reload_templates}
        self._reload_if_stale(self.tabs.currentIndex())
        if self._search_done_once:
            self.run_search()
        self._update_drafts_button()

    def reload_shift(self) -> None:
        store = self.ctx.store
        shift = shift_on(self.duty_date, handover_time(store))
        self._sync_date_edit()
        records = shift_entries(store, self.duty_date.isoformat())
        self.shift_model.set_records(records)
        self.shift_view.resizeColumnsToContents()
        for column, width in ((3, 380), (4, 240)):
            self.shift_view.setColumnWidth(column, min(self.shift_view.columnWidth(column), width))
        now = self.ctx.session.now()
        closed = is_closed(store, self.duty_date)
        locked = is_locked(store, shift, now)
        status = "已交接班，记录只能补正" if closed else ("已结束超过24小时，记录只能补正" if locked else
                                                 ("本班次" if shift.contains(now) else "未交接班"))
        active = sum(1 for r in records if not r["voided_at"])
        self.shift_label.setText(f"{short_date(self.duty_date)}（{weekday_name(self.duty_date)}）班次："
                                 f"{shift.label}　·　{status}　·　{active} 条记录")
        self.edit_button.setText("补正…" if locked else "更正…")
        self.next_button.setEnabled(self.duty_date < self._current_date())
        self._show_detail()

    def _selected_entry(self) -> dict[str, Any] | None:
        return _selected(self.shift_view)

    def _show_detail(self) -> None:
        record = self._selected_entry()
        has = record is not None
        for button in (self.edit_button, self.void_button, self.raise_button):
            button.setEnabled(has and not record["voided_at"] and self.ctx.session.can("log.write"))
        self.lift_button.setEnabled(has and record["kind"] == "instruction" and not record["voided_at"]
                                    and instructions.lift_of(self.ctx.store, record["id"]) is None)
        if not has:
            self.detail.setHtml("<p style='color:#5A6472'>选中一条记录查看详情；双击可更正。"
                                "F2 新建记录，F3 登记查岗点名。</p>")
            return
        self.detail.setHtml(entry_html(self.ctx.store, get_entry(self.ctx.store, record["id"])))

    def _locked(self, record: dict[str, Any]) -> bool:
        shift = shift_at(parse_iso(record["occurred_at"]), handover_time(self.ctx.store))
        return is_locked(self.ctx.store, shift, self.ctx.session.now())

    def edit_selected(self) -> None:
        record = self._selected_entry()
        if record is None or record["voided_at"]:
            return
        locked = self._locked(record)
        if locked and not self.ctx.session.can("log.amend"):
            set_message(self.message, "该班次已交接班，记录只能由值班长、带班领导或办公室补正。", error=True)
            return
        dialog = EntryDialog(self.ctx, entry=get_entry(self.ctx.store, record["id"]), locked=locked, parent=self)
        if dialog.exec():
            set_message(self.message, "已补正，原记录已保留。" if locked else "已更正，原记录已保留。")

    def void_selected(self) -> None:
        record = self._selected_entry()
        if record is None:
            return
        reason = ask_reason(self, "作废值班记录", f"作废“{record['summary'][:30]}”的原因（记录仍保留）：")
        if reason is None:
            return
        try:
            void_entry(self.ctx.session, record["id"], reason)
        except DutyRoomError as exc:
            show_error(self, exc, "未能作废")
            return
        set_message(self.message, "已作废。")

    def raise_from_selected(self) -> None:
        record = self._selected_entry()
        if record is None:
            return
        dialog = TextDialog("列入待办", f"根据“{record['summary'][:40]}”列入待办，写明需要后续办理的事项：", self)
        if not dialog.exec():
            return
        try:
            pending.raise_pending(self.ctx.session, dialog.text, entry_id=record["id"])
        except DutyRoomError as exc:
            show_error(self, exc, "未能列入待办")
            return
        set_message(self.message, "已列入待办，交接班时将逐班移交，直至办结。")

    def lift_selected(self) -> None:
        record = self._selected_entry()
        if record is None:
            return
        reason = ask_reason(self, "解除领导批示", "解除原因（如：已落实完毕、领导另有指示）：")
        if reason is None:
            return
        try:
            instructions.lift(self.ctx.session, record["id"], reason)
        except DutyRoomError as exc:
            show_error(self, exc, "未能解除")
            return
        set_message(self.message, "批示已解除，交接班时不再列入。")

    # -- search tab --------------------------------------------------------------------------------
    def _build_search_tab(self) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        self.first_edit = QDateEdit()
        self.last_edit = QDateEdit()
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setSpecialValueText("不限")
        self.first_edit.setMinimumDate(QDate(2000, 1, 1))
        self.last_edit.setMinimumDate(QDate(2000, 1, 1))
        self.first_edit.setDate(self.first_edit.minimumDate())
        self.last_edit.setDate(self.last_edit.minimumDate())
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("全部类型", None)
        for key, spec in entry_kinds().items():
            self.kind_filter.addItem(spec.label, key)
        self.person_filter = QLineEdit()
        self.person_filter.setPlaceholderText("人员/单位")
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText("关键词（两个字即可，如：跳闸、滑坡；多个词用空格分隔）")
        self.text_filter.setClearButtonEnabled(True)
        self.search_button = QPushButton("查询")
        self.search_button.setObjectName("primaryButton")
        self.search_button.clicked.connect(self.run_search)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(250)
        self._search_timer.timeout.connect(self.run_search)
        for edit in (self.text_filter, self.person_filter):
            edit.textChanged.connect(lambda _t: self._search_timer.start())
            edit.returnPressed.connect(self.run_search)
        for signal in (self.kind_filter.currentIndexChanged, self.first_edit.dateChanged, self.last_edit.dateChanged):
            signal.connect(lambda *_: self._search_timer.start())
        for label, widget in (("从", self.first_edit), ("至", self.last_edit), ("", self.kind_filter),
                              ("", self.person_filter)):
            if label:
                bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.text_filter, 1)
        bar.addWidget(self.search_button)
        layout.addLayout(bar)
        self.search_model = RecordTableModel(SEARCH_COLUMNS, self)
        self.search_model.muted = lambda r: bool(r.get("voided_at"))
        self.search_view = _table(self.search_model)
        self.search_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first, as searched
        self.search_view.doubleClicked.connect(lambda _i: self.open_search_result())
        layout.addWidget(self.search_view, 1)
        self.search_status = subtitle_label()
        layout.addWidget(self.search_status)
        return host

    def _date_or_none(self, edit: QDateEdit) -> date | None:
        return None if edit.date() == edit.minimumDate() else edit.date().toPython()

    def search_query(self) -> LogQuery:
        kind = self.kind_filter.currentData()
        return LogQuery(first=self._date_or_none(self.first_edit), last=self._date_or_none(self.last_edit),
                        kinds=frozenset({kind}) if kind else frozenset(), person=self.person_filter.text(),
                        text=self.text_filter.text())

    def run_search(self) -> None:
        self._search_done_once = True
        try:
            result = search(self.ctx.store, self.search_query())
        except DutyRoomError as exc:
            set_message(self.search_status, exc.message, error=True)
            return
        self.search_model.set_records(result.rows)
        self.search_view.resizeColumnsToContents()
        self.search_view.setColumnWidth(3, min(self.search_view.columnWidth(3), 520))
        shown = f"共 {result.total} 条" + (f"，显示最近 {len(result.rows)} 条" if result.truncated else "")
        set_message(self.search_status, f"{shown}（{result.elapsed_ms:.0f} 毫秒）")

    def open_search_result(self) -> None:
        record = _selected(self.search_view)
        if record is None:
            return
        self.show_shift(date.fromisoformat(record["duty_date"]))
        self.tabs.setCurrentIndex(0)
        for row in range(self.shift_model.rowCount()):
            if self.shift_model.record(row)["id"] == record["id"]:
                proxy = self.shift_view.model()
                index = proxy.mapFromSource(self.shift_model.index(row, 0))
                self.shift_view.selectRow(index.row())
                break

    def _reload_if_stale(self, index: int) -> None:
        stale = self._stale_tabs.pop(index, None)
        if stale is not None:
            stale()

    def _tab_changed(self, index: int) -> None:
        self._reload_if_stale(index)
        if index == 1 and not self._search_done_once:
            self.run_search()
            self.text_filter.setFocus()

    # -- pending tab -------------------------------------------------------------------------------
    def _build_pending_tab(self) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        self.add_pending_button = QPushButton("新增待办…")
        self.add_pending_button.clicked.connect(self.add_pending)
        self.note_button = QPushButton("记录进展…")
        self.note_button.clicked.connect(self.note_pending)
        self.close_button = QPushButton("办结…")
        self.close_button.setObjectName("primaryButton")
        self.close_button.clicked.connect(self.close_pending)
        self.void_pending_button = QPushButton("作废…")
        self.void_pending_button.clicked.connect(self.void_pending)
        self.show_closed = QCheckBox("含近30天已办结")
        self.show_closed.toggled.connect(lambda _on: self.reload_pending())
        for widget in (self.add_pending_button, self.note_button, self.close_button, self.void_pending_button):
            widget.setEnabled(self.ctx.session.can("log.write"))
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.show_closed)
        layout.addLayout(bar)
        self.pending_model = RecordTableModel(PENDING_COLUMNS, self)
        self.pending_model.muted = lambda r: bool(r.get("closed_at") or r.get("voided_at"))
        self.pending_view = _table(self.pending_model)
        self.pending_view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
        self.pending_view.doubleClicked.connect(lambda _i: self.note_pending())
        layout.addWidget(self.pending_view, 1)
        self.pending_status = subtitle_label("未办结事项在交接班时逐项移交，接班人确认知悉后方可完成交接；办结须填写办理结果。")
        layout.addWidget(self.pending_status)
        return host

    def reload_pending(self) -> None:
        now = self.ctx.session.now()
        if self.show_closed.isChecked():
            first = (self._current_date() - timedelta(days=30)).isoformat()
            records = pending.items_between(self.ctx.store, first, "9999-12-31", now)
            records = [r for r in records if not r["voided_at"]]
        else:
            records = pending.open_items(self.ctx.store, now)
        self.pending_model.set_records(records)
        self.pending_view.resizeColumnsToContents()
        self.pending_view.setColumnWidth(1, min(self.pending_view.columnWidth(1), 420))
        open_count = sum(1 for r in records if not r["closed_at"])
        self.tabs.setTabText(2, f"待办事项（{open_count}）" if open_count else "待办事项")

    def _selected_pending(self) -> dict[str, Any] | None:
        record = _selected(self.pending_view)
        if record is None:
            set_message(self.message, "请先选中一项待办事项。", error=True)
        return record

    def add_pending(self) -> None:
        dialog = TextDialog("新增待办", "需要后续办理的事项（不依附于某条记录时在这里新增）：", self)
        if dialog.exec():
            self._run(lambda: pending.raise_pending(self.ctx.session, dialog.text), "已列入待办。")

    def note_pending(self) -> None:
        record = self._selected_pending()
        if record is None or record["closed_at"]:
            return
        dialog = TextDialog("记录进展", f"“{record['title']}”的办理进展：", self)
        if dialog.exec():
            self._run(lambda: pending.add_note(self.ctx.session, record["id"], dialog.text), "已记录进展。")

    def close_pending(self) -> None:
        record = self._selected_pending()
        if record is None or record["closed_at"]:
            return
        dialog = TextDialog("办结待办事项", f"“{record['title']}”的办理结果（必填）：", self)
        if dialog.exec():
            self._run(lambda: pending.close_pending(self.ctx.session, record["id"], dialog.text), "已办结。")

    def void_pending(self) -> None:
        record = self._selected_pending()
        if record is None or record["closed_at"]:
            return
        reason = ask_reason(self, "作废待办事项", "作废原因（误列入时使用；真正办完的请“办结”）：")
        if reason is not None:
            self._run(lambda: pending.void_pending(self.ctx.session, record["id"], reason), "已作废。")

    def _run(self, action: Any, done: str) -> None:
        try:
            action()
        except DutyRoomError as exc:
            show_error(self, exc)
            return
        set_message(self.message, done)

    # -- roll calls --------------------------------------------------------------------------------
    def _build_roll_call_tab(self) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 8, 0, 0)
        self.roll_call_model = RecordTableModel(ROLL_CALL_COLUMNS, self)
        self.roll_call_view = _table(self.roll_call_model)
        self.roll_call_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.roll_call_view, 1)
        self.roll_call_status = subtitle_label()
        layout.addWidget(self.roll_call_status)
        return host

    def reload_roll_calls(self) -> None:
        first = (self._current_date() - timedelta(days=ROLL_CALL_DAYS)).isoformat()
        records = rollcalls.roll_calls(self.ctx.store, first)
        self.roll_call_model.set_records(records)
        self.roll_call_view.resizeColumnsToContents()
        stats = rollcalls.statistics(records)
        slowest = f"，最长应答用时 {seconds_text(stats['max_seconds'])}" if stats["max_seconds"] is not None else ""
        mean = f"，平均 {seconds_text(stats['mean_seconds'])}" if stats["mean_seconds"] is not None else ""
        self.roll_call_status.setText(f"近{ROLL_CALL_DAYS}天共接受查岗点名 {stats['count']} 次，"
                                      f"结果非“正常”的 {stats['problems']} 次{slowest}{mean}。F3 随时登记。")

    # -- templates ---------------------------------------------------------------------------------
    def _build_templates_tab(self) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 8, 0, 0)
        self.template_model = RecordTableModel((
            Column("name", "模板名称"), Column("kind", "类型", text=lambda r: kind_label(r["kind"])),
            Column("summary", "摘要"), Column("origin", "来源", text=lambda r: "内置" if r["builtin"] else "本单位"),
        ), self)
        self.template_view = _table(self.template_model)
        self.template_view.doubleClicked.connect(lambda _i: self.use_template())
        bar = QHBoxLayout()
        use = QPushButton("用此模板新建记录")
        use.setObjectName("primaryButton")
        use.clicked.connect(self.use_template)
        use.setEnabled(self.ctx.session.can("log.write"))
        self.remove_template_button = QPushButton("删除本单位模板")
        self.remove_template_button.setEnabled(self.ctx.session.can("log.templates"))
        self.remove_template_button.clicked.connect(self.remove_template)
        bar.addWidget(use)
        bar.addWidget(self.remove_template_button)
        bar.addStretch(1)
        bar.addWidget(subtitle_label("新建记录时可按 Ctrl+T 选用模板；在记录窗口中点“存为模板”新增。"))
        layout.addLayout(bar)
        layout.addWidget(self.template_view, 1)
        return host

    def reload_templates(self) -> None:
        records = [{"key": t.key, "name": t.name, "kind": t.kind, "summary": t.summary, "builtin": t.builtin,
                    "template": t} for t in template_defs.templates(self.ctx.store)]
        self.template_model.set_records(records)
        self.template_view.resizeColumnsToContents()

    def use_template(self) -> None:
        record = _selected(self.template_view)
        if record is not None:
            open_new_entry(self.ctx, self.window(), kind=record["kind"], template_key=record["key"])

    def remove_template(self) -> None:
        record = _selected(self.template_view)
        if record is None or record["builtin"]:
            set_message(self.message, "请选中一个本单位模板（内置模板不能删除）。", error=True)
            return
        self._run(lambda: template_defs.remove_template(self.ctx.session, record["template"].db_id), "模板已删除。")

    # -- drafts and printing -----------------------------------------------------------------------
    def _update_drafts_button(self) -> None:
        count = len(draft_store(self.ctx).pending()) if self.ctx.session.can("log.write") else 0
        self.drafts_button.setText(f"恢复未保存的草稿（{count}）")
        self.drafts_button.setVisible(bool(count))

    def restore_drafts(self) -> None:
        from dutyroom.gui.dutylog.entry_dialog import offer_drafts

        offer_drafts(self.ctx, self.window())
        self._update_drafts_button()

    def print_primary(self) -> bool:
        self.print_log(save=False)
        return True

    def print_log(self, *, save: bool) -> None:
        from dutyroom.gui import pdf_output

        store, day, now = self.ctx.store, self.duty_date, self.ctx.session.now()
        name = f"值班日志-{day:%Y%m%d}"

        def render(state: object) -> bytes:
            from dutyroom.printing.dutylog_print import log_doc, render_log

            return render_log([log_doc(store, day, now)])

        def done(data: bytes) -> None:
            path = pdf_output.save_as(self, data, name) if save else pdf_output.open_in_viewer(data, name)
            if path is not None:
                set_message(self.message, f"已生成：{path}")

        set_message(self.message, "正在生成值班日志…")
        self.ctx.tasks.run(render, on_done=done, on_error=lambda exc: show_error(self, exc, "打印失败"))
