"""值班日志: the shift's log with fast entry; the other tabs (``log_tabs``) search all logs, follow pending
items, list roll calls and the room's templates."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QTextBrowser, QWidget

from dutyroom.changes import Area
from dutyroom.clock import parse_iso, short_date, weekday_name
from dutyroom.duty.shifts import handover_time, shift_at, shift_on
from dutyroom.dutylog import instructions, pending
from dutyroom.dutylog.entries import get_entry, shift_entries, void_entry
from dutyroom.dutylog.models import LogEntry, ShiftEntry
from dutyroom.dutylog.shiftstate import is_closed, is_locked
from dutyroom.gui.context import AppContext
from dutyroom.gui.dutylog.entry_actions import open_new_entry
from dutyroom.gui.dutylog.entry_dialog import EntryDialog, draft_store
from dutyroom.gui.dutylog.entry_view import entry_html
from dutyroom.gui.dutylog.log_tabs import (
    PendingTab,
    RollCallTab,
    SearchTab,
    TemplatesTab,
    current_duty_date,
    log_table,
)
from dutyroom.gui.kit.dates import date_edit, from_qdate, to_qdate
from dutyroom.gui.kit.ops import ask_text, run_op, run_with_reason
from dutyroom.gui.kit.output import deliver
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, selected_record
from dutyroom.gui.kit.widgets import button, hbox, holder, page_header, page_layout, vbox


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
SEARCH_TAB, PENDING_TAB, ROLL_CALL_TAB, TEMPLATES_TAB = 1, 2, 3, 4


class DutyLogPage(Page):
    areas = frozenset({Area.DUTYLOG, Area.HANDOVER, Area.DUTY})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.duty_date: date = self._current_date()
        self._follow_current = True
        outer = page_layout(self)
        self.shift_label = subtitle_label()
        self.prev_button = button("◀ 前一班", lambda: self.show_shift(self.duty_date - timedelta(days=1)))
        self.date_edit = date_edit()
        self.date_edit.dateChanged.connect(lambda d: self.show_shift(from_qdate(d)))
        self.next_button = button("后一班 ▶", lambda: self.show_shift(self.duty_date + timedelta(days=1)))
        self.today_button = button("本班", lambda: self.show_shift(self._current_date()))
        outer.addLayout(page_header(title_label("值班日志"), self.shift_label, self.prev_button, self.date_edit,
                                    self.next_button, self.today_button))
        outer.addLayout(self._build_actions())
        self.message = subtitle_label()
        self.search = SearchTab(ctx, self.open_search_result)
        self.pending = PendingTab(ctx, self.message)
        self.roll_calls = RollCallTab(ctx)
        self.templates = TemplatesTab(ctx, self.message)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_shift_tab(), "班次记录")
        self.tabs.addTab(self.search, "查询")
        self.tabs.addTab(self.pending, "待办事项")
        self.tabs.addTab(self.roll_calls, "查岗点名登记")
        self.tabs.addTab(self.templates, "常用模板")
        self.tabs.currentChanged.connect(self._tab_changed)
        outer.addWidget(self.tabs, 1)
        outer.addWidget(self.message)
        self._stale_tabs: dict[int, Callable[[], None]] = {}

    def _build_actions(self) -> Any:
        self.new_button = button("新建记录 (F2)", lambda: open_new_entry(self.ctx, self.window()), primary=True)
        self.roll_call_button = button("登记查岗点名 (F3)",
                                       lambda: open_new_entry(self.ctx, self.window(), kind="roll_call"))
        self.print_button = button("打印本班值班日志 (Ctrl+P)", lambda: self.print_log(save=False))
        self.export_button = button("导出PDF…", lambda: self.print_log(save=True))
        self.drafts_button = button("", self.restore_drafts, name="warningButton")
        can_write = self.ctx.session.can("log.write")
        self.new_button.setEnabled(can_write)
        self.roll_call_button.setEnabled(can_write)
        return hbox(self.new_button, self.roll_call_button, self.drafts_button, None, self.print_button,
                    self.export_button)

    # -- shift tab ---------------------------------------------------------------------------------
    def _build_shift_tab(self) -> QWidget:
        self.shift_model = RecordTableModel(SHIFT_COLUMNS, self)
        self.shift_model.muted = lambda r: bool(r.get("voided_at"))
        self.shift_view = log_table(self.shift_model)
        self.shift_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)    # a log reads in time order
        self.shift_view.doubleClicked.connect(lambda _i: self.edit_selected())
        self.shift_view.selectionModel().selectionChanged.connect(lambda *_: self._show_detail())
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.edit_button = button("更正…", self.edit_selected)
        self.void_button = button("作废…", self.void_selected)
        self.raise_button = button("列入待办…", self.raise_from_selected)
        self.lift_button = button("解除批示…", self.lift_selected)
        detail = vbox(hbox(self.edit_button, self.void_button, self.raise_button, self.lift_button, None))
        detail.addWidget(self.detail, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.shift_view)
        splitter.addWidget(holder(detail))
        splitter.setSizes([420, 200])
        host = vbox(margins=(0, 8, 0, 0))
        host.addWidget(splitter, 1)
        return holder(host, margins=None)

    def _current_date(self) -> date:
        return current_duty_date(self.ctx)

    def show_shift(self, duty_date: date) -> None:
        if duty_date == self.duty_date and self.shift_model.records is not None and not self._stale:
            self._sync_date_edit()
            return
        self.duty_date = duty_date
        self._follow_current = duty_date == self._current_date()
        self.reload_shift()

    def _sync_date_edit(self) -> None:
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(to_qdate(self.duty_date))
        self.date_edit.blockSignals(False)

    def reload(self) -> None:
        if self._follow_current:
            self.duty_date = self._current_date()
        self.reload_shift()
        self.reload_pending()
        # the roll-call register and the templates are read when their tab is shown (a year of roll calls
        # costs tens of milliseconds that opening the log should not pay)
        self._stale_tabs = {ROLL_CALL_TAB: self.roll_calls.reload, TEMPLATES_TAB: self.templates.reload}
        self._reload_if_stale(self.tabs.currentIndex())
        if self.search.done_once:
            self.search.run_search()
        self._update_drafts_button()

    def reload_pending(self) -> None:
        self.pending.reload()
        count = self.pending.open_count
        self.tabs.setTabText(PENDING_TAB, f"待办事项（{count}）" if count else "待办事项")

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

    def _selected_entry(self) -> ShiftEntry | None:
        return selected_record(self.shift_view)

    def _show_detail(self) -> None:
        record = self._selected_entry()
        for act in (self.edit_button, self.void_button, self.raise_button):
            act.setEnabled(record is not None and not record["voided_at"] and self.ctx.session.can("log.write"))
        self.lift_button.setEnabled(record is not None and record["kind"] == "instruction" and not record["voided_at"]
                                    and instructions.lift_of(self.ctx.store, record["id"]) is None)
        if record is None:
            self.detail.setHtml("<p style='color:#5A6472'>选中一条记录查看详情；双击可更正。"
                                "F2 新建记录，F3 登记查岗点名。</p>")
            return
        self.detail.setHtml(entry_html(self.ctx.store, get_entry(self.ctx.store, record["id"])))

    def _locked(self, record: LogEntry) -> bool:
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
        if record is not None:
            run_with_reason(self, "作废值班记录", f"作废“{record['summary'][:30]}”的原因（记录仍保留）：", void_entry,
                            self.ctx.session, record["id"], message=self.message, modal=True, error_title="未能作废",
                            done="已作废。")

    def raise_from_selected(self) -> None:
        record = self._selected_entry()
        if record is None:
            return
        text = ask_text(self, "列入待办", f"根据“{record['summary'][:40]}”列入待办，写明需要后续办理的事项：")
        if text is not None:
            run_op(self, pending.raise_pending, self.ctx.session, text, entry_id=record["id"], message=self.message,
                   modal=True, error_title="未能列入待办", done="已列入待办，交接班时将逐班移交，直至办结。")

    def lift_selected(self) -> None:
        record = self._selected_entry()
        if record is not None:
            run_with_reason(self, "解除领导批示", "解除原因（如：已落实完毕、领导另有指示）：", instructions.lift,
                            self.ctx.session, record["id"], message=self.message, modal=True, error_title="未能解除",
                            done="批示已解除，交接班时不再列入。")

    # -- other tabs --------------------------------------------------------------------------------
    def open_search_result(self, record: LogEntry) -> None:
        self.show_shift(date.fromisoformat(record["duty_date"]))
        self.tabs.setCurrentIndex(0)
        for row in range(self.shift_model.rowCount()):
            if self.shift_model.record(row)["id"] == record["id"]:
                proxy = self.shift_view.model()
                assert isinstance(proxy, QSortFilterProxyModel)      # record_table sorts through one
                index = proxy.mapFromSource(self.shift_model.index(row, 0))
                self.shift_view.selectRow(index.row())
                break

    def _reload_if_stale(self, index: int) -> None:
        stale = self._stale_tabs.pop(index, None)
        if stale is not None:
            stale()

    def _tab_changed(self, index: int) -> None:
        self._reload_if_stale(index)
        if index == SEARCH_TAB and not self.search.done_once:
            self.search.run_search()
            self.search.text_filter.setFocus()

    # -- drafts and printing -----------------------------------------------------------------------
    def _update_drafts_button(self) -> None:
        count = len(draft_store(self.ctx).pending()) if self.ctx.session.can("log.write") else 0
        self.drafts_button.setText(f"恢复未保存的草稿（{count}）")
        self.drafts_button.setVisible(bool(count))

    def restore_drafts(self) -> None:
        from dutyroom.gui.dutylog.entry_actions import offer_drafts

        offer_drafts(self.ctx, self.window())
        self._update_drafts_button()

    def print_primary(self) -> bool:
        self.print_log(save=False)
        return True

    def print_log(self, *, save: bool) -> None:
        store, day, now = self.ctx.store, self.duty_date, self.ctx.session.now()

        def render() -> bytes:
            from dutyroom.printing.dutylog_print import log_doc, render_log

            return render_log([log_doc(store, day, now)])

        deliver(self.ctx, self, render, f"值班日志-{day:%Y%m%d}", save=save, message=self.message,
                busy="正在生成值班日志…")
