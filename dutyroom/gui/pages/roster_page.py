"""值班排班: the month grid (days × slots) with day types, pins, generation, comparison, publishing,
the quality report, swap/substitution requests, and the editors for holidays, absences and periods."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QAction, QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom.changes import Area
from dutyroom.clock import weekday_name
from dutyroom.duty.roles import ROLE_ORDER, duty_role_label
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.models import Column, RecordTableModel
from dutyroom.gui.pages.base import Page, set_message, subtitle_label, title_label
from dutyroom.roster.model import SHIFT_LABELS, SPLIT_ROLE, Cell, slot_label

Index = QModelIndex | QPersistentModelIndex
HOLIDAY_BG, REST_BG, MAKEUP_BG = QColor("#FDECEA"), QColor("#F1F3F6"), QColor("#EAF2FB")
CHANGED_BG, EMPTY_FG, NA_FG = QColor("#FFE9A8"), QColor("#B3261E"), QColor("#B8C0CC")
OTHER_MODE_BG = QColor("#ECEEF2")
PIN_MARK = "◆"


class RosterGridModel(QAbstractTableModel):
    """Rows are days, columns are 日期 | 星期/节日 | one column per slot (带班领导1, 带班领导2, …); with the
    officer day/night split the officer slot shows as 白班1…N and 夜班1…N. Keys are ``Cell``s.

    Cells stored under the other officer setting (a draft or publication made before it was switched) keep
    their own columns, shown as they are ("other mode"): nothing stored is reinterpreted."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.days: list[Any] = []               # DayInfo
        self.counts: dict[date, dict[str, int]] = {}
        self.slots: list[tuple[str, str, int]] = []  # (role, shift, position) per slot column
        self.cells: dict[Cell, Any] = {}
        self.current: dict[Cell, dict[str, Any]] = {}
        self.compare = True
        self.split = False

    def load(self, days: list[Any], counts: dict[date, dict[str, int]], cells: dict, current: dict, *,
             split: bool = False) -> None:
        self.beginResetModel()
        self.days, self.counts, self.cells, self.current, self.split = days, counts, cells, current, split
        widest = {role: max([c.get(role, 0) for c in counts.values()] or [0]) for role in ROLE_ORDER}
        stored = {(k.role, k.shift) for k in (*cells, *current)}
        self.slots = []
        for role in ROLE_ORDER:
            for shift in ("full", "day", "night"):
                if shift in self.shifts_of(role) or (role, shift) in stored:
                    count = max([widest[role], *(k.index + 1 for k in (*cells, *current)
                                                 if k.role == role and k.shift == shift)])
                    self.slots += [(role, shift, i) for i in range(count)]
        self.endResetModel()

    def shifts_of(self, role: str) -> tuple[str, ...]:
        return ("day", "night") if self.split and role == SPLIT_ROLE else ("full",)

    def other_mode(self, key: Cell) -> bool:
        """A cell stored under the other officer setting (kept as stored, replaced by generation)."""
        return key.shift not in self.shifts_of(key.role)

    # -- lookups -------------------------------------------------------------------------------------
    def slot_at(self, index: Index) -> Cell | None:
        if not index.isValid() or index.column() < 2:
            return None
        role, shift, position = self.slots[index.column() - 2]
        day = self.days[index.row()].day
        cell = Cell(day, role, position, shift)
        if shift not in self.shifts_of(role):
            return cell if cell in self.cells or cell in self.current else None
        if position >= self.counts[day].get(role, 0):
            return None
        return cell

    def differs(self, key: Cell) -> bool:
        drafted = self.cells.get(key)
        now = self.current.get(key)
        return (drafted.person_id if drafted else None) != (now["person_id"] if now else None)

    # -- Qt model ------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.days)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2 + len(self.slots)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and 2 <= section < 2 + len(self.slots):
            slot_role, shift, _ = self.slots[section - 2]
            return slot_label(slot_role, shift)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == 0:
            return "日期"
        if section == 1:
            return "星期/节日"
        if 2 <= section < 2 + len(self.slots):
            slot_role, shift, position = self.slots[section - 2]
            if shift in ("day", "night"):
                return SHIFT_LABELS[shift] + str(position + 1)      # 白班1 … 夜班2, as the real template
            many = sum(1 for r, s, _ in self.slots if r == slot_role and s == shift) > 1
            return duty_role_label(slot_role) + (str(position + 1) if many else "")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() >= 2 and self.slot_at(index) is None:
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.days):
            return None
        info = self.days[index.row()]
        column = index.column()
        key = self.slot_at(index)
        cell = self.cells.get(key) if key else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return f"{info.day.month}月{info.day.day}日"
            if column == 1:
                return info.label if info.known else weekday_name(info.day) + "（未录入）"
            if key is None:
                return "—"
            if cell is None:
                return "（空）"
            if cell.source == "change":
                return cell.name + "·调"
            return (PIN_MARK if cell.pinned else "") + cell.name
        if role == Qt.ItemDataRole.BackgroundRole:
            if key is not None and self.other_mode(key):
                return QBrush(OTHER_MODE_BG)
            if key is not None and self.compare and self.current and self.differs(key):
                return QBrush(CHANGED_BG)
            if info.is_holiday:
                return QBrush(HOLIDAY_BG)
            if info.kind == "makeup":
                return QBrush(MAKEUP_BG)
            if info.is_rest:
                return QBrush(REST_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column >= 2 and key is None:
                return QBrush(NA_FG)
            if key is not None and cell is None:
                return QBrush(EMPTY_FG)
            return None
        if role == Qt.ItemDataRole.FontRole and cell is not None and cell.pinned:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == 1:
                return f"{info.kind_label}" + (f"（{info.holiday}）" if info.holiday else "")
            if key is None:
                return "当日无此岗位"
            lines = []
            if self.other_mode(key):
                lines.append("按原班制（" + ("值班员24小时一班" if key.shift == "full" else "值班员分白班、夜班")
                             + "）保存的格，按原样显示；草稿中的此类格在“生成其余”时按当前班制替换。")
            if cell is not None:
                lines.append(f"{cell.name}：{cell.reason or '—'}" + ("（已固定，自动生成时保留）" if cell.pinned else ""))
            now = self.current.get(key)
            if now and (cell is None or now["person_id"] != cell.person_id):
                lines.append(f"已发布：{now['name']}")
            return "\n".join(lines) or "点击安排人员"
        return None


class RosterPage(Page):
    areas = frozenset({Area.ROSTER, Area.DUTY, Area.SETTINGS, Area.ORG})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        today = ctx.session.now().date()
        following = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
        self.year, self.month = following.year, following.month
        self.quality: Any = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 18)
        outer.setSpacing(10)

        header = QHBoxLayout()
        header.addWidget(title_label("值班排班"))
        header.addSpacing(18)
        self.prev_button = QPushButton("◀ 上月")
        self.prev_button.clicked.connect(lambda: self.move_month(-1))
        self.month_label = QLabel()
        self.month_label.setObjectName("sectionTitle")
        self.next_button = QPushButton("下月 ▶")
        self.next_button.clicked.connect(lambda: self.move_month(1))
        for widget in (self.prev_button, self.month_label, self.next_button):
            header.addWidget(widget)
        header.addStretch(1)
        self.generate_button = QPushButton("生成其余")
        self.generate_button.setObjectName("primaryButton")
        self.generate_button.setToolTip("保留已固定（◆）的格，其余按轮转和公平规则自动安排")
        self.generate_button.clicked.connect(self.generate)
        self.publish_button = QPushButton("发布…")
        self.publish_button.clicked.connect(self.publish)
        self.compare_box = QCheckBox("标出与已发布的不同")
        self.compare_box.setChecked(True)
        self.compare_box.toggled.connect(self._toggle_compare)
        self.print_button = QToolButton()
        self.print_button.setText("打印/导出")
        self.print_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.print_button.setMenu(self._print_menu())
        self.setup_button = QToolButton()
        self.setup_button.setText("排班设置")
        self.setup_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setup_button.setMenu(self._setup_menu())
        for widget in (self.compare_box, self.generate_button, self.publish_button, self.print_button,
                       self.setup_button):
            header.addWidget(widget)
        outer.addLayout(header)

        self.status_label = subtitle_label()
        outer.addWidget(self.status_label)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("emptyState")
        self.warning_label.setWordWrap(True)
        outer.addWidget(self.warning_label)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.model = RosterGridModel(self)
        self.grid = QTableView()
        self.grid.setModel(self.model)
        self.grid.verticalHeader().setVisible(False)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for column in (0, 1):     # 日期 and 星期/节日 stay readable however many slot columns there are
            self.grid.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.grid.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.grid.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.grid.clicked.connect(self._cell_clicked)
        split.addWidget(self.grid)

        self.side = QTabWidget()
        self.quality_text = QPlainTextEdit()
        self.quality_text.setReadOnly(True)
        self.side.addTab(self.quality_text, "质量报告")
        self.side.addTab(self._changes_tab(), "串班/代班")
        self.versions_model = RecordTableModel([
            Column("number", "版本", lambda r: f"第{r['number']}版"),
            Column("range", "期间", lambda r: f"{r['first_date'][5:]}至{r['last_date'][5:]}"),
            Column("published_at", "发布时间", lambda r: r["published_at"][:16].replace("T", " ")),
            Column("published_by", "发布人"),
            Column("in_force", "有效格数"),
        ], self)
        versions = QTableView()
        versions.setModel(self.versions_model)
        versions.verticalHeader().setVisible(False)
        versions.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.side.addTab(versions, "发布记录")
        split.addWidget(self.side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 380])
        outer.addWidget(split, 1)
        self.message = subtitle_label()
        outer.addWidget(self.message)
        can = ctx.session.can
        self.generate_button.setEnabled(can("roster.plan"))
        self.publish_button.setVisible(can("roster.publish"))

    # -- menus ---------------------------------------------------------------------------------------
    def _print_menu(self) -> QMenu:
        menu = QMenu(self)
        for text, slot in (("打印月值班表（PDF）", lambda: self.print_month(save=False)),
                           ("导出月值班表PDF…", lambda: self.print_month(save=True)),
                           ("导出月值班表Excel…", self.export_month_xlsx),
                           ("节假日值班安排表…", self.print_holiday),
                           ("个人值班统计Excel（本年）…", self.export_stats),
                           ("个人值班日历（.ics）…", self.export_ics),
                           ("值班调整通知（本月）", self.print_notice)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            menu.addAction(action)
        return menu

    def _setup_menu(self) -> QMenu:
        from dutyroom.gui.pages import roster_dialogs as dialogs

        menu = QMenu(self)
        for text, factory, permission in (
                ("节假日安排（按年录入）…", dialogs.HolidayDialog, "roster.calendar"),
                ("请假、出差、培训…", dialogs.AbsenceDialog, "roster.availability"),
                ("重要时段（加强值班）…", dialogs.PeriodDialog, "roster.plan"),
                ("排班规则和补助标准…", dialogs.RulesDialog, "settings.edit")):
            action = QAction(text, self)
            action.setEnabled(self.ctx.session.can(permission))
            action.triggered.connect(lambda _=False, f=factory: f(self.ctx, self).exec())
            menu.addAction(action)
        return menu

    # -- state ---------------------------------------------------------------------------------------
    @property
    def first_last(self) -> tuple[date, date]:
        from dutyroom.roster.planning import month_range

        return month_range(self.year, self.month)

    def move_month(self, step: int) -> None:
        month = self.month + step
        self.year, self.month = self.year + (month - 1) // 12, (month - 1) % 12 + 1
        self.refresh()

    def set_month(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.refresh()

    def _toggle_compare(self, on: bool) -> None:
        self.model.compare = on
        self.grid.viewport().update()

    def reload(self) -> None:
        from dutyroom.roster import planning
        from dutyroom.roster.publishing import versions

        store = self.ctx.store
        first, last = self.first_last
        self.month_label.setText(f"{self.year}年{self.month}月")
        if self.ctx.session.can("roster.plan") and not planning.draft(store, first, last):
            try:
                planning.ensure_draft(self.ctx.session, first, last)
            except DutyRoomError:
                pass
        scenario = planning.scenario_from_store(store, first, last, pins=False)
        days = scenario.days()
        counts = {info.day: scenario.slots_on(info) for info in days}
        self.model.load(days, counts, planning.draft(store, first, last), planning.published(store, first, last),
                        split=scenario.officer_split)
        self.quality = planning.draft_quality(store, first, last)
        self._show_quality(len(planning.compare(store, first, last)))
        self.versions_model.set_records(versions(store))
        self._reload_changes()

    def _show_quality(self, differences: int) -> None:
        q = self.quality
        first, last = self.first_last
        drafted = len(self.model.cells)
        published = len(self.model.current)
        state = (f"草稿{drafted}格，已发布{published}格，" +
                 (f"与已发布不同{differences}处（黄色）" if published else "本月尚未发布"))
        self.status_label.setText(f"{state}。◆ 为固定格（生成时保留），点击格子安排人员。")
        self.warning_label.setText("\n".join(q.warnings))
        self.warning_label.setVisible(bool(q.warnings))
        lines = [*q.summary_lines()]
        if q.loaded:
            lines.append("")
            lines.append("本期值班最多的人员：")
            lines += [f"  {x.text}" for x in q.loaded]
        if q.imbalance:
            lines.append("")
            lines += q.imbalance
        if q.uncovered:
            lines.append("")
            lines.append("无人值班的岗位：")
            lines += [f"  {u.cell.day.month}月{u.cell.day.day}日 {u.cell.label}：{u.why}" for u in q.uncovered[:30]]
        if q.violations:
            lines.append("")
            lines.append("违反规则：")
            lines += [f"  {v.message}" for v in q.violations[:30]]
        self.quality_text.setPlainText("\n".join(lines))

    # -- cells ---------------------------------------------------------------------------------------
    def _cell_clicked(self, index: QModelIndex) -> None:
        key = self.model.slot_at(index)
        if key is None or not self.ctx.session.can("roster.plan"):
            return
        menu = self.cell_menu(key)
        menu.popup(self.grid.viewport().mapToGlobal(self.grid.visualRect(index).bottomLeft() + QPoint(0, 2)))

    def cell_menu(self, key: Cell) -> QMenu:
        from dutyroom.roster.planning import candidates

        day = key.day
        menu = QMenu(self)
        menu.setObjectName("cellMenu")
        title = menu.addAction(f"{day.month}月{day.day}日 {key.label}")
        title.setEnabled(False)
        cell = self.model.cells.get(key)
        if self.model.other_mode(key):
            note = menu.addAction("按原班制保存的格：生成其余时按当前班制替换")
            note.setEnabled(False)
            if cell is not None:
                menu.addAction("清空此格").triggered.connect(lambda: self.clear(key))
            current = self.model.current.get(key)
            if current and self.ctx.session.can("roster.request"):
                menu.addAction("串班/代班（已发布的班次）…").triggered.connect(lambda: self.request_change(key))
            return menu
        found = candidates(self.ctx.store, day, key.role, key.index, key.shift)
        free = [c for c in found if c.free]
        busy = [c for c in found if not c.free]
        for candidate in free[:14]:
            nights = f"，夜班{candidate.nights}次" if key.shift != "full" else ""
            action = menu.addAction(f"{candidate.name}　（本岗已值{candidate.total}次，节假日{candidate.holidays}次"
                                    f"{nights}）")
            action.triggered.connect(lambda _=False, c=candidate: self.assign(key, c.person_id))
        if len(free) > 14:
            more = menu.addMenu(f"其他可安排人员（{len(free) - 14}）")
            for candidate in free[14:]:
                action = more.addAction(f"{candidate.name}　（{candidate.total}次）")
                action.triggered.connect(lambda _=False, c=candidate: self.assign(key, c.person_id))
        if busy:
            conflicted = menu.addMenu(f"有冲突的人员（{len(busy)}）")
            for candidate in busy:
                action = conflicted.addAction(f"{candidate.name}：{candidate.conflict}")
                action.triggered.connect(lambda _=False, c=candidate: self.assign(key, c.person_id, conflict=c.conflict))
        menu.addSeparator()
        if cell is not None:
            pin = menu.addAction("取消固定" if cell.pinned else "固定（生成时保留）")
            pin.triggered.connect(lambda: self.toggle_pin(key))
            clear = menu.addAction("清空此格")
            clear.triggered.connect(lambda: self.clear(key))
            current = self.model.current.get(key)
            if current and self.ctx.session.can("roster.request"):
                swap = menu.addAction("串班/代班（已发布的班次）…")
                swap.triggered.connect(lambda: self.request_change(key))
        return menu

    def _run(self, call: Any, done: str) -> bool:
        try:
            call()
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return False
        set_message(self.message, done)
        return True

    def assign(self, key: Cell, person_id: int, *, conflict: str = "") -> bool:
        from dutyroom.roster import planning

        if conflict:
            answer = QMessageBox.question(self, "确认冲突", f"该人员存在冲突：{conflict}。\n确定仍然安排吗？")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self._run(lambda: planning.assign(self.ctx.session, key.day, key.role, key.index, person_id,
                                                 shift=key.shift, accept_conflicts=bool(conflict)), "已安排并固定。")

    def toggle_pin(self, key: Cell) -> bool:
        from dutyroom.roster import planning

        cell = self.model.cells.get(key)
        return cell is not None and self._run(
            lambda: planning.set_pinned(self.ctx.session, key.day, key.role, key.index, not cell.pinned,
                                        shift=key.shift), "已取消固定。" if cell.pinned else "已固定。")

    def clear(self, key: Cell) -> bool:
        from dutyroom.roster import planning

        return self._run(lambda: planning.clear(self.ctx.session, key.day, key.role, key.index, shift=key.shift),
                         "已清空。")

    # -- generation and publishing -----------------------------------------------------------------------
    def generate(self) -> None:
        from dutyroom.gui.dialogs import show_error
        from dutyroom.roster import planning

        session, (first, last) = self.ctx.session, self.first_last
        self.generate_button.setEnabled(False)
        self.message.setText("正在生成排班…")

        def done(result: Any) -> None:
            self.generate_button.setEnabled(True)
            _, quality = result
            set_message(self.message, f"已生成。无人岗位{len(quality.uncovered)}个，违反规则{len(quality.violations)}处。")

        def failed(exc: BaseException) -> None:
            self.generate_button.setEnabled(True)
            show_error(self, exc, "生成失败")

        self.ctx.tasks.run(lambda state: planning.generate(session, first, last, state), on_done=done,
                           on_error=failed, title="生成排班")

    def publish(self) -> bool:
        from dutyroom.roster import publishing

        first, last = self.first_last
        blockers = publishing.publish_blockers(self.ctx.store, first, last)
        if blockers:
            QMessageBox.warning(self, "不能发布", "\n".join(blockers))
            return False
        issues = self.quality.blocking if self.quality else []
        text = f"发布{self.year}年{self.month}月排班？发布后今日值班和打印件即按新版本执行，旧版本保留在发布记录中。"
        if issues:
            text += "\n\n注意：" + "".join(issues) + "\n仍要发布吗？"
        if QMessageBox.question(self, "发布排班", text) != QMessageBox.StandardButton.Yes:
            return False
        return self._run(lambda: publishing.publish(self.ctx.session, first, last, accept_issues=bool(issues)),
                         "已发布。")

    # -- changes -------------------------------------------------------------------------------------
    def _changes_tab(self) -> QWidget:
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 6, 0, 0)
        self.changes_model = RecordTableModel([
            Column("id", "编号", lambda r: str(r["view"].id)),
            Column("kind", "类型", lambda r: r["view"].kind_label),
            Column("summary", "调整", lambda r: r["view"].summary),
            Column("status", "状态", lambda r: r["view"].status_label),
            Column("reason", "原因", lambda r: r["view"].reason,
                   tooltip=lambda r: "\n".join(r["view"].conflicts) or r["view"].reason),
        ], self)
        self.changes_view = QTableView()
        self.changes_view.setModel(self.changes_model)
        self.changes_view.verticalHeader().setVisible(False)
        self.changes_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.changes_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.changes_view, 1)
        buttons = QHBoxLayout()
        self.approve_button = QPushButton("批准")
        self.approve_button.clicked.connect(self.approve_selected)
        self.reject_button = QPushButton("驳回…")
        self.reject_button.clicked.connect(self.reject_selected)
        self.undo_button = QPushButton("撤销…")
        self.undo_button.clicked.connect(self.undo_selected)
        self.notice_button = QPushButton("打印调整通知")
        self.notice_button.clicked.connect(self.print_selected_notice)
        for button in (self.approve_button, self.reject_button, self.undo_button, self.notice_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        allowed = self.ctx.session.can("roster.approve")
        for button in (self.approve_button, self.reject_button, self.undo_button):
            button.setEnabled(allowed)
        return host

    def _reload_changes(self) -> None:
        from dutyroom.roster.changes import change_views

        self.changes_model.set_records([{"view": v} for v in change_views(self.ctx.store)])

    def selected_change(self) -> Any:
        rows = self.changes_view.selectionModel().selectedRows()
        if not rows:
            set_message(self.message, "请先在列表中选择一条串班/代班。", error=True)
            return None
        return self.changes_model.record(rows[0].row())["view"]

    def approve_selected(self) -> bool:
        from dutyroom.roster import changes

        view = self.selected_change()
        if view is None:
            return False
        accept = False
        if view.conflicts:
            text = "该调整存在冲突：\n" + "\n".join(view.conflicts) + "\n确定批准吗？"
            if QMessageBox.question(self, "确认冲突", text) != QMessageBox.StandardButton.Yes:
                return False
            accept = True
        return self._run(lambda: changes.approve_change(self.ctx.session, view.id, accept_conflicts=accept),
                         f"已批准：{view.summary}")

    def reject_selected(self) -> bool:
        from dutyroom.gui.dialogs import ask_reason
        from dutyroom.roster import changes

        view = self.selected_change()
        note = ask_reason(self, "驳回", "驳回理由：") if view else None
        return bool(note) and self._run(lambda: changes.reject_change(self.ctx.session, view.id, note), "已驳回。")

    def undo_selected(self) -> bool:
        from dutyroom.gui.dialogs import ask_reason
        from dutyroom.roster import changes

        view = self.selected_change()
        reason = ask_reason(self, "撤销串班/代班", "撤销原因（恢复原安排）：") if view else None
        return bool(reason) and self._run(lambda: changes.undo_change(self.ctx.session, view.id, reason), "已撤销，恢复原安排。")

    def request_change(self, key: Cell) -> None:
        from dutyroom.gui.pages.roster_dialogs import ChangeDialog

        current = self.model.current.get(key)
        if current:
            ChangeDialog(self.ctx, current, self).exec()

    # -- printing ------------------------------------------------------------------------------------
    def print_primary(self) -> bool:
        self.print_month(save=False)
        return True

    def _render(self, render: Any, name: str, *, save: bool, suffix: str = "pdf") -> None:
        from dutyroom.gui import pdf_output
        from dutyroom.gui.dialogs import show_error

        def done(data: bytes) -> None:
            if suffix == "pdf":
                path = pdf_output.save_as(self, data, name) if save else pdf_output.open_in_viewer(data, name)
            else:
                path = save_file(self, data, name, suffix)
            if path is not None:
                set_message(self.message, f"已生成：{path}")

        self.message.setText("正在生成…")
        self.ctx.tasks.run(lambda state: render(), on_done=done, on_error=lambda exc: show_error(self, exc, "生成失败"))

    def print_month(self, *, save: bool) -> None:
        from dutyroom.printing.roster import render_month_roster
        from dutyroom.roster.views import month_roster

        store, now, year, month = self.ctx.store, self.ctx.session.now(), self.year, self.month
        self._render(lambda: render_month_roster(month_roster(store, year, month, now, source="draft")),
                     f"{year}年{month}月值班表", save=save)

    def export_month_xlsx(self) -> None:
        from dutyroom.roster.exports import month_roster_xlsx
        from dutyroom.roster.views import month_roster

        store, now, year, month = self.ctx.store, self.ctx.session.now(), self.year, self.month
        self._render(lambda: month_roster_xlsx(month_roster(store, year, month, now, source="draft")),
                     f"{year}年{month}月值班表", save=True, suffix="xlsx")

    def print_holiday(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from dutyroom.printing.roster import render_holiday_duty
        from dutyroom.roster.arrangements import load_calendar
        from dutyroom.roster.views import holiday_duty

        calendar = load_calendar(self.ctx.store)
        keys = [p.key for y in (self.year - 1, self.year, self.year + 1) for p in calendar.periods(y)]
        if not keys:
            set_message(self.message, f"{self.year}年节假日安排尚未录入。", error=True)
            return
        default = next((i for i, k in enumerate(keys) if k.startswith(str(self.year))), 0)
        key, ok = QInputDialog.getItem(self, "节假日值班安排表", "节假日：", keys, default, False)
        if ok:
            store, now = self.ctx.store, self.ctx.session.now()
            self._render(lambda: render_holiday_duty(holiday_duty(store, key, now)), f"{key}值班安排表", save=False)

    def export_stats(self) -> None:
        from dutyroom.roster.exports import statistics_xlsx
        from dutyroom.roster.stats import statistics

        store, year = self.ctx.store, self.year
        self._render(lambda: statistics_xlsx(statistics(store, year)), f"{year}年个人值班统计", save=True, suffix="xlsx")

    def export_ics(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        from dutyroom import org
        from dutyroom.roster.ics import person_calendar

        people = org.duty_staff(self.ctx.store)
        names = [f"{p['name']}（{p['id']}）" for p in people]
        choice, ok = QInputDialog.getItem(self, "个人值班日历", "人员：", names, 0, False)
        if ok:
            person = people[names.index(choice)]
            store, now = self.ctx.store, self.ctx.session.now()
            self._render(lambda: person_calendar(store, str(person["id"]), now=now), f"{person['name']}的值班",
                         save=True, suffix="ics")

    def print_notice(self) -> None:
        from dutyroom.printing.roster import render_change_notice
        from dutyroom.roster.views import change_notice

        store, now, (first, last) = self.ctx.store, self.ctx.session.now(), self.first_last
        self._render(lambda: render_change_notice(change_notice(store, now, first=first, last=last)),
                     f"{self.year}年{self.month}月值班调整通知", save=False)

    def print_selected_notice(self) -> None:
        from dutyroom.printing.roster import render_change_notice
        from dutyroom.roster.views import change_notice

        view = self.selected_change()
        if view is not None:
            store, now = self.ctx.store, self.ctx.session.now()
            self._render(lambda: render_change_notice(change_notice(store, now, ids=[view.id])),
                         f"值班调整通知{view.id}", save=False)


def save_file(parent: QWidget, data: bytes, name: str, suffix: str) -> Any:
    from pathlib import Path

    from PySide6.QtWidgets import QFileDialog

    from dutyroom.gui.pdf_output import _safe_name

    kinds = {"xlsx": "Excel 文件 (*.xlsx)", "ics": "日历文件 (*.ics)"}
    target, _ = QFileDialog.getSaveFileName(parent, "导出", str(Path.home() / f"{_safe_name(name)}.{suffix}"),
                                            kinds.get(suffix, "*"))
    if not target:
        return None
    path = Path(target)
    if path.suffix.lower() != f".{suffix}":
        path = path.with_suffix(f".{suffix}")
    path.write_bytes(data)
    return path
