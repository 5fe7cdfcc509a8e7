"""预警叫应: every warning received (in force first), 登记预警 with the call list the rules make, and one warning in
detail (``warning_detail``) with its calls; the call screen (``call_screen``) walks a list by keyboard."""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QSplitter

from dutyroom.changes import Area, ChangeSet
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.tables import RECORD_ROLE, Column, RecordTableModel, record_table
from dutyroom.gui.kit.text import when
from dutyroom.gui.kit.widgets import button, hidden_unless, page_header, page_layout
from dutyroom.gui.warnings.warning_detail import WarningDetail
from dutyroom.warnings.queries import warning_rows


def _answered(row: dict[str, Any]) -> str:
    s = row["summary"]
    if row["notice"] and row["notice"]["mode"] == "notice":
        return f"通知 {s.total} 人"
    return f"{s.answered}/{s.total}" + (f"（未应答 {s.silent}）" if s.silent else "")


LIST_COLUMNS = (
    Column("number", "编号"),
    Column("received", "接收时间", lambda r: when(r["received_at"]), sort=lambda r: r["received_at"]),
    Column("title", "预警", lambda r: r["title"]),
    Column("source", "发布单位", lambda r: r["source_unit"]),
    Column("state", "状态", lambda r: r["state_label"]),
    Column("answered", "已应答", _answered),
    Column("until", "有效期至", lambda r: when(r["valid_until"]) if r["valid_until"] else "未注明"),
)
FILTERS = (("生效中或仍在叫应", True), ("全部预警", False))


class WarningsPage(Page):
    areas = frozenset({Area.WARNINGS, Area.ORG, Area.CONTACTS, Area.DUTY, Area.RULES, Area.SETTINGS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.selected_id: int | None = None
        outer = page_layout(self, bottom=12, spacing=None)
        self.count_label = subtitle_label()
        self.filter = QComboBox()
        for text, open_only in FILTERS:
            self.filter.addItem(text, open_only)
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.new_button = button("登记预警 (Ctrl+Shift+W)", self.new_warning, primary=True)
        hidden_unless(ctx.session.can("warning.relay"), self.new_button)
        self.stats_button = button("月度统计…", self.print_stats)
        outer.addLayout(page_header(title_label("预警叫应"), self.count_label, self.filter, self.stats_button,
                                    self.new_button))
        self.model = RecordTableModel(LIST_COLUMNS, self)
        self.model.muted = lambda r: r["state"] in ("voided", "lifted", "expired")
        self.table = record_table(self.model, columns="user", widths=(80, 110, 150, 130, 90, 130))
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)          # newest first
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.detail = WarningDetail(ctx)
        self.detail.start_calls.connect(self.open_calls)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([170, 480])
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)
        self.message = subtitle_label()
        outer.addWidget(self.message)
        QShortcut(QKeySequence("F9"), self, self.detail.start)
        QShortcut(QKeySequence("Ctrl+Shift+W"), self, self.new_warning)
        self._later = QTimer(self, singleShot=True, interval=200)
        self._later.timeout.connect(self.refresh)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self.tick)
        self._tick.start(1000)

    def _on_changed(self, changes: ChangeSet) -> None:
        """A burst of calls (the call screen records one a keystroke) refreshes the page once."""
        if not changes.touches(self.areas):
            return
        if self.isVisible():
            self._later.start()
        else:
            self._stale = True

    def tick(self) -> None:
        if self.isVisible():
            self.detail.tick()

    def reload(self) -> None:
        rows = warning_rows(self.ctx.store, self.ctx.session.now(), open_only=bool(self.filter.currentData()))
        self.model.set_records(rows)
        running = sum(1 for r in rows if r["state"] == "active")
        self.count_label.setText(f"共 {len(rows)} 个预警，{running} 个生效中" if rows else "没有预警。")
        keep = self.selected_id if any(r["id"] == self.selected_id for r in rows) else (rows[0]["id"] if rows else None)
        self.select_warning(keep)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            record = current.data(RECORD_ROLE)
            self.selected_id = record["id"]
            self.detail.show_warning(self.selected_id)

    def select_warning(self, warning_id: int | None) -> None:
        self.selected_id = warning_id
        for row, record in enumerate(self.model.records):
            if record["id"] == warning_id:
                proxy = self.table.model()
                index = proxy.mapFromSource(self.model.index(row, 0))
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(index.row())
                self.table.selectionModel().blockSignals(False)
                break
        self.detail.show_warning(warning_id)

    def go_to(self, warning_id: int | None = None, **_target: object) -> None:
        if warning_id is not None:
            if not any(r["id"] == warning_id for r in self.model.records):
                self.filter.setCurrentIndex(1)
            self.select_warning(warning_id)

    # -- acts --------------------------------------------------------------------------------------
    def new_warning(self) -> None:
        from dutyroom.gui.warnings.warning_dialogs import NewWarningDialog

        if not self.ctx.session.can("warning.relay"):
            return
        dialog = NewWarningDialog(self.ctx, self)
        if dialog.exec() and dialog.relayed is not None:
            relayed = dialog.relayed
            set_message(self.message, f"已登记预警 {relayed.number}：叫应名单 {relayed.targets} 人，按F9开始叫应。")
            self.refresh()
            self.select_warning(relayed.warning_id)

    def open_calls(self, notice_id: int) -> None:
        from dutyroom.gui.warnings.call_screen import CallScreen

        CallScreen(self.ctx, notice_id, self).exec()
        self.refresh()

    def print_primary(self) -> bool:
        if self.detail.warning is None:
            return False
        self.detail.print_ledger(save=False)
        return True

    def print_stats(self) -> None:
        from dutyroom import settings
        from dutyroom.gui.kit.output import deliver
        from dutyroom.gui.warnings.warning_dialogs import month_dialog

        dialog = month_dialog(self.ctx, self)
        if not dialog.exec():
            return
        year, month = cast("tuple[int, int]", dialog.result_value)
        store, now = self.ctx.store, self.ctx.session.now()

        def render() -> bytes:
            from dutyroom.printing.warning_stats import render_warning_stats
            from dutyroom.warnings.stats import month_stats

            return render_warning_stats(month_stats(store, year, month, now), str(settings.get(store, "org.name")), now)

        deliver(self.ctx, self, render, f"预警叫应情况统计-{year}{month:02d}", message=self.message,
                busy="正在生成预警叫应情况统计…")
