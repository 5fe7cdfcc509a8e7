"""统计分析: a period, five views (值班, 信息报送, 预警叫应, 值班日志, 通讯录), each a set of charts with the table
of their numbers; hover for exact values, click for the records behind them; print the 月度/年度值班工作统计,
export a chart as PNG and its numbers as .xlsx.

The figures are read off the UI thread (one task per period). pyqtgraph and numpy are imported when the page
is first opened — in the background, while the figures are read — never at start-up.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea, QSplitter, QTabBar

from dutyroom.changes import Area
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.output import ask_save_path, deliver
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.tables import record_table
from dutyroom.gui.kit.widgets import button, hbox, label, page_header, page_layout
from dutyroom.gui.stats.period_picker import PeriodPicker
from dutyroom.gui.stats.table_model import PanelTableModel
from dutyroom.stats.charts import Drill, Panel, View
from dutyroom.stats.period import Period
from dutyroom.stats.views import VIEW_TITLES

REPORT_PERMISSION = "stats.report"


class StatsPage(Page):
    # 统计分析 owns no table (and so no Area): it reads these
    areas = frozenset({Area.DUTY, Area.ROSTER, Area.ORG, Area.CONTACTS, Area.INCIDENTS, Area.WARNINGS, Area.DUTYLOG,
                       Area.SETTINGS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        today = ctx.session.now().date()
        self.period = Period.month(today.year, today.month)
        self.report: Any = None
        self.views: dict[str, View] = {}
        self.chart: Any = None            # the ChartView, once pyqtgraph is loaded
        self.dialog: Any = None           # the last records dialog opened (kept for tests)
        self._generation = 0
        self._charts_requested = False
        self._build()
        self.picker.changed.connect(self._period_changed)

    # -- layout --------------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = page_layout(self)
        self.subtitle = subtitle_label("")
        may_report = self.ctx.session.can(REPORT_PERMISSION)
        self.picker = PeriodPicker(self.period.first)
        self.print_button = button("打印统计表", self.print_report, primary=True,
                                   tooltip="月度/年度值班工作统计（PDF，图表和统计表）")
        self.export_button = button("导出全部（Excel）", self.export_report)
        for made in (self.print_button, self.export_button):
            made.setEnabled(may_report)
            if not may_report:
                made.setToolTip("只有办公室和带班领导可以打印和导出统计")
        layout.addLayout(page_header(title_label("统计分析"), self.subtitle, self.picker, self.print_button,
                                     self.export_button))
        self.view_bar = QTabBar()
        for key, title in VIEW_TITLES.items():
            self.view_bar.addTab(title)
            self.view_bar.setTabData(self.view_bar.count() - 1, key)
        self.view_bar.currentChanged.connect(lambda _index: self.show_view(self.view_key()))
        self.panel_bar = QTabBar()
        self.panel_bar.currentChanged.connect(lambda _index: self._show_panel())
        self.summary = label("", "shiftLabel", wrap=True)
        self.chart_area = QScrollArea()
        self.chart_area.setWidgetResizable(True)
        self.chart_area.setWidget(label("正在统计…", "pageSubtitle"))
        self.model = PanelTableModel(self)
        self.table = record_table(self.model, sortable=False)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setResizeContentsPrecision(20)   # a switch of view measures 20 rows, not 60
        self.table.doubleClicked.connect(lambda index: self.open_row(index.row()))
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart_area)
        self.splitter.addWidget(self.table)
        self.splitter.setSizes([420, 200])
        self.png_button = button("导出图片（PNG）", self.export_png)
        self.xlsx_button = button("导出数据（Excel）", self.export_panel)
        for made in (self.png_button, self.xlsx_button):
            made.setEnabled(may_report)
        self.message = label("", "formMessage", wrap=True)
        # The exports sit beside the sentence, so that both tab rows keep every tab in sight at 1366×768
        # (值班 has six charts).
        self.view_bar.setUsesScrollButtons(False)
        layout.addLayout(hbox(self.view_bar, self.panel_bar, None))
        row = hbox(self.summary, self.png_button, self.xlsx_button)
        row.setStretch(0, 1)
        layout.addLayout(row)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.message)

    # -- reading the figures -------------------------------------------------------------------------
    def reload(self) -> None:
        self._load_charts()
        self._generation += 1
        generation, period, store, now = self._generation, self.period, self.ctx.store, self.ctx.session.now()
        self.subtitle.setText(f"{period.label}：正在统计…")

        def work(state: Any) -> Any:
            from dutyroom.stats.report import stats_report

            return stats_report(store, period, now, state)

        self.ctx.tasks.run(work, on_done=lambda report: self._figures_ready(generation, report),
                           on_error=lambda error: self._failed(generation, error))

    def _load_charts(self) -> None:
        """Import pyqtgraph (and numpy) in the background, once, while the first figures are read."""
        if self._charts_requested:
            return
        self._charts_requested = True

        def work(_state: Any) -> None:
            import pyqtgraph  # noqa: F401  - the import is the work

        self.ctx.tasks.run(work, on_done=lambda _result: self._charts_ready(),
                           on_error=lambda error: set_message(self.message, f"无法显示图表：{error}", error=True))

    def _charts_ready(self) -> None:
        from dutyroom.gui.stats.chart_view import ChartView

        self.chart = ChartView()
        self.chart.activated.connect(self.open_drill)
        self.chart_area.setWidget(self.chart)
        if self.report is not None:
            self._show_panel()

    def _figures_ready(self, generation: int, report: Any) -> None:
        if generation != self._generation:
            return                      # a later period was asked for meanwhile
        self.report = report
        self.views = {}
        self.subtitle.setText(f"{report.title}（{report.period.range_text}）")
        self.show_view(self.view_key())

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation == self._generation:
            set_message(self.message, f"统计失败：{error}", error=True)

    def _period_changed(self, period: Period) -> None:
        self.period = period
        self.refresh()

    # -- views and panels ----------------------------------------------------------------------------
    def view_key(self) -> str:
        return str(self.view_bar.tabData(self.view_bar.currentIndex()))

    def view(self, key: str) -> View | None:
        if self.report is None:
            return None
        if key not in self.views:
            from dutyroom.stats.views import build_view

            self.views[key] = build_view(self.report, key)
        return self.views[key]

    def show_view(self, key: str) -> None:
        keys = list(VIEW_TITLES)
        if self.view_key() != key:
            self.view_bar.setCurrentIndex(keys.index(key))       # calls back here
            return
        view = self.view(key)
        if view is None:
            return
        self.panel_bar.blockSignals(True)
        while self.panel_bar.count():
            self.panel_bar.removeTab(0)
        for panel in view.panels:
            self.panel_bar.addTab(panel.name)
        self.panel_bar.setCurrentIndex(0)
        self.panel_bar.blockSignals(False)
        self._show_panel()

    def show_panel(self, index: int) -> None:
        self.panel_bar.setCurrentIndex(index)

    def current_panel(self) -> Panel | None:
        view = self.view(self.view_key())
        if view is None or not view.panels:
            return None
        return view.panels[max(0, min(self.panel_bar.currentIndex(), len(view.panels) - 1))]

    def _show_panel(self) -> None:
        panel = self.current_panel()
        self.png_button.setVisible(panel is not None)
        self.xlsx_button.setVisible(panel is not None)
        if panel is None:
            return
        self.summary.setText(panel.summary)
        self.model.set_table(panel.table)
        if self.chart is not None:
            if self.chart_area.widget() is not self.chart:
                self.chart_area.setWidget(self.chart)
            self.chart.show_chart(panel.chart)

    # -- the records behind a point ------------------------------------------------------------------
    def open_row(self, row: int) -> None:
        panel = self.current_panel()
        drill = panel.table.drills[row] if panel is not None and row < len(panel.table.drills) else None
        if drill is not None:
            self.open_drill(drill)

    def open_drill(self, drill: Drill) -> None:
        from dutyroom.gui.kit.ops import show_error
        from dutyroom.gui.stats.records_dialog import RecordsDialog
        from dutyroom.stats.records import records

        try:
            found = records(self.ctx.store, self.period, drill, self.ctx.session.now())
        except Exception as exc:  # noqa: BLE001 - shown to the user, nothing was changed
            show_error(self, exc, "无法显示明细")
            return
        self.dialog = RecordsDialog(self.ctx, found, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.show()

    def go_to(self, view: str | None = None, month: str | None = None, year: int | None = None,
              **_target: object) -> None:
        """Another page's link: ``view`` (duties, incidents, warnings, log, contacts), a month or a year."""
        if month:
            self.picker.set_period(Period.month(int(month[:4]), int(month[5:7])))
        elif year:
            self.picker.set_period(Period.year(int(year)))
        if view in VIEW_TITLES:
            self.show_view(view)

    # -- print and export ----------------------------------------------------------------------------
    def print_primary(self) -> bool:
        if not self.print_button.isEnabled():
            return False
        self.print_report()
        return True

    def print_report(self) -> None:
        report, now = self.report, self.ctx.session.now()
        if report is None:
            return

        def render() -> bytes:
            from dutyroom.printing.statistics import render_statistics
            from dutyroom.stats.views import build_views

            return render_statistics(report, build_views(report), now)

        deliver(self.ctx, self, render, report.title, message=self.message, busy="正在生成统计表…")

    def export_report(self) -> None:
        report = self.report
        if report is None:
            return

        def render() -> bytes:
            from dutyroom.stats.export import report_xlsx

            return report_xlsx(report)

        deliver(self.ctx, self, render, f"{report.title}", save=True, suffix="xlsx", message=self.message)

    def export_panel(self) -> None:
        view, panel, report = self.view(self.view_key()), self.current_panel(), self.report
        if view is None or panel is None or report is None:
            return

        def render() -> bytes:
            from dutyroom.stats.export import panel_xlsx

            return panel_xlsx(report.title, view, panel)

        deliver(self.ctx, self, render, f"{report.title}-{view.title}-{panel.name}", save=True, suffix="xlsx",
                message=self.message)

    def export_png(self) -> None:
        view, panel, report = self.view(self.view_key()), self.current_panel(), self.report
        if self.chart is None or view is None or panel is None or report is None:
            return
        path = ask_save_path(self, f"{report.title}-{view.title}-{panel.name}", "png", "导出图片")
        if path is not None:
            self.chart.export_png(path)
            set_message(self.message, f"已导出：{path}")

