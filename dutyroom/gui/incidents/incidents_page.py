"""信息接报: the incident list (virtual, filter and sort in SQL), 新接报 from a call, and one incident in
detail (``incident_detail``) — grade and reasons, clocks, calls, the report chain."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QSplitter,
    QTableView,
)

from dutyroom import settings
from dutyroom.changes import Area
from dutyroom.gui.context import AppContext
from dutyroom.gui.incidents.incident_detail import IncidentDetail
from dutyroom.gui.incidents.intake_dialogs import IntakeDialog
from dutyroom.gui.incidents.list_model import COLUMNS, ID_ROLE, IncidentListModel
from dutyroom.gui.incidents.timeliness_dialog import TimelinessDialog
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.tables import record_table
from dutyroom.gui.kit.text import when
from dutyroom.gui.kit.widgets import button, fill, hbox, hidden_unless, holder, page_header, page_layout, vbox
from dutyroom.incidents import intake
from dutyroom.incidents.queries import IncidentFilter, IncidentQuery
from dutyroom.incidents.rules import GRADE_LABELS, GRADES
from dutyroom.incidents.taxonomy import taxonomy

STATUS_FILTERS = (("全部事件", "all"), ("处置中", "open"), ("有未完成时限", "due"), ("已超时", "overdue"),
                  ("处置结束", "closed"))
COLUMN_WIDTHS = (70, 88, 58, 190, 62, 96, 150)


class IncidentsPage(Page):
    areas = frozenset({Area.INCIDENTS, Area.INCIDENT_REPORTS, Area.RULES, Area.SETTINGS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.filter = IncidentFilter(status="open")
        self.sort_key, self.descending = "received", True
        self.selected_id: int | None = None
        outer = page_layout(self, bottom=12, spacing=None)
        self.count_label = subtitle_label()
        self.new_button = button("新接报 (Ctrl+N)", self.new_incident, primary=True)
        hidden_unless(ctx.session.can("incident.intake"), self.new_button)
        self.stats_button = button("及时率统计…", lambda: TimelinessDialog(self.ctx, self).exec())
        outer.addLayout(page_header(title_label("信息接报"), self.count_label, self.stats_button, self.new_button))
        outer.addLayout(self._build_filters())
        self.table = self._build_list()
        self.detail = IncidentDetail(ctx)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(holder(vbox(self.detail)))
        splitter.setSizes([260, 400])
        splitter.setChildrenCollapsible(False)
        outer.addWidget(splitter, 1)
        self.message = subtitle_label()
        outer.addWidget(self.message)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        QShortcut(QKeySequence("Ctrl+F"), self).activated.connect(self.search.setFocus)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self.tick)
        self._tick.start(1000)

    def _build_filters(self) -> QHBoxLayout:
        """Search box, status, grade and category, 含已作废; each change queries again."""
        self.search = QLineEdit()
        self.search.setPlaceholderText("查找：地点、单位、报告人、标题或编号（如 2026-012）")
        self.search.setClearButtonEnabled(True)
        self.status = _combo(STATUS_FILTERS)
        self.status.setCurrentIndex(1)
        self.grade = _combo([("全部等级", None)] + [(GRADE_LABELS[code], code) for code in GRADES])
        self.category = _combo([("全部类别", None)] + [(name, name) for name in taxonomy().categories])
        self.show_voided = QCheckBox("含已作废")
        self.show_voided.setToolTip("列出已作废的事件（标“【作废】”，灰色），以便查阅作废原因")
        bar = hbox()
        bar.addWidget(self.search, 2)
        fill(bar, self.status, self.grade, self.category, self.show_voided)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self.requery)
        self.search.textChanged.connect(lambda *_: self._search_timer.start())
        for combo in (self.status, self.grade, self.category):
            combo.currentIndexChanged.connect(self.requery)
        self.show_voided.toggled.connect(lambda *_: self.requery())
        return bar

    def _build_list(self) -> QTableView:
        """The virtual list: sorted by SQL when a header is clicked, not by the view."""
        self.model = IncidentListModel(self.ctx.store, self.ctx.session.now,
                                       int(settings.get(self.ctx.store, "incidents.warning_minutes")), self)
        table = record_table(self.model, sortable=False, columns="user", widths=COLUMN_WIDTHS)
        table.verticalHeader().setDefaultSectionSize(26)
        header_view = table.horizontalHeader()
        header_view.setSectionsClickable(True)
        header_view.setSortIndicatorShown(True)
        header_view.setSortIndicator(1, Qt.SortOrder.DescendingOrder)
        header_view.sectionClicked.connect(self.sort_by)
        header_view.setMinimumSectionSize(40)
        table.setWordWrap(False)
        return table

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

    def go_to(self, incident_id: int | None = None, **_target: object) -> None:
        if incident_id is not None:
            self.select_incident(incident_id)

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
                                      f"首个时限：{incident['next_due_label']} {when(incident['next_due_at'])}前。")
            self.select_incident(dialog.incident_id)

    def print_primary(self) -> bool:
        if self.detail.detail is None:
            return False
        self.detail.print_card()
        return True


def _combo(items: object) -> QComboBox:
    combo = QComboBox()
    for text, data in items:  # type: ignore[attr-defined]
        combo.addItem(text, data)
    return combo
