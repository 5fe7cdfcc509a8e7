"""值班排班: the month grid (days × slots, ``grid_model``) with day types, pins, generation, comparison,
publishing, the quality report, swap/substitution requests (``changes_tab``), the printouts, and the editors
for holidays, absences and periods (``setup_dialogs``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
)

from dutyroom.changes import Area
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import confirm, run_op, show_error
from dutyroom.gui.kit.output import deliver
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table
from dutyroom.gui.kit.widgets import button, fill, hbox, label, page_layout
from dutyroom.gui.roster.changes_tab import ChangesTab
from dutyroom.gui.roster.grid_model import RosterGridModel
from dutyroom.roster.model import Cell

VERSION_COLUMNS = (
    Column("number", "版本", lambda r: f"第{r['number']}版"),
    Column("range", "期间", lambda r: f"{r['first_date'][5:]}至{r['last_date'][5:]}"),
    Column("published_at", "发布时间", lambda r: r["published_at"][:16].replace("T", " ")),
    Column("published_by", "发布人"),
    Column("in_force", "有效格数"),
)


class RosterPage(Page):
    areas = frozenset({Area.ROSTER, Area.DUTY, Area.SETTINGS, Area.ORG})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        today = ctx.session.now().date()
        following = date(today.year + (today.month == 12), today.month % 12 + 1, 1)
        self.year, self.month = following.year, following.month
        self.quality: Any = None
        outer = page_layout(self)
        outer.addLayout(self._build_header())
        self.status_label = subtitle_label()
        outer.addWidget(self.status_label)
        self.warning_label = label("", "emptyState", wrap=True)
        outer.addWidget(self.warning_label)
        self.message = subtitle_label()
        self.changes = ChangesTab(ctx, self.message)
        self.side = QTabWidget()
        self.quality_text = QPlainTextEdit()
        self.quality_text.setReadOnly(True)
        self.side.addTab(self.quality_text, "质量报告")
        self.side.addTab(self.changes, "串班/代班")
        self.versions_model = RecordTableModel(VERSION_COLUMNS, self)
        versions = record_table(self.versions_model, sortable=False, single_selection=False)
        versions.setSelectionBehavior(QTableView.SelectionBehavior.SelectItems)
        self.side.addTab(versions, "发布记录")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._build_grid())
        split.addWidget(self.side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 380])
        outer.addWidget(split, 1)
        outer.addWidget(self.message)
        can = ctx.session.can
        self.generate_button.setEnabled(can("roster.plan"))
        self.publish_button.setVisible(can("roster.publish"))

    def _build_header(self) -> QHBoxLayout:
        """Title, the month and its arrows, then compare, generate, publish, printouts and settings."""
        self.prev_button = button("◀ 上月", lambda: self.move_month(-1))
        self.month_label = label("", "sectionTitle")
        self.next_button = button("下月 ▶", lambda: self.move_month(1))
        self.generate_button = button("生成其余", self.generate, primary=True,
                                      tooltip="保留已固定（◆）的格，其余按轮转和公平规则自动安排")
        self.publish_button = button("发布…", self.publish)
        self.compare_box = QCheckBox("标出与已发布的不同")
        self.compare_box.setChecked(True)
        self.compare_box.toggled.connect(self._toggle_compare)
        self.print_button = _menu_button("打印/导出", self._print_menu())
        self.setup_button = _menu_button("排班设置", self._setup_menu())
        header = hbox(title_label("值班排班"))
        header.addSpacing(18)
        fill(header, self.prev_button, self.month_label, self.next_button, None, self.compare_box,
             self.generate_button, self.publish_button, self.print_button, self.setup_button)
        return header

    def _build_grid(self) -> QTableView:
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
        return self.grid

    # -- menus ---------------------------------------------------------------------------------------
    def _print_menu(self) -> QMenu:
        menu = QMenu(self)
        for text, slot in (("打印月值班表…", lambda: self.print_month(save=False)),
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
        from dutyroom.gui.roster import setup_dialogs as dialogs
        from dutyroom.gui.roster.wishes_dialog import WishesDialog

        menu = QMenu(self)
        for text, factory, permission in (
                ("节假日安排（按年录入）…", dialogs.HolidayDialog, "roster.calendar"),
                ("请假、出差、培训…", dialogs.AbsenceDialog, "roster.availability"),
                ("重要时段（加强值班）…", dialogs.PeriodDialog, "roster.plan"),
                ("意愿与搭配（不愿值班、不同班、新任）…", WishesDialog, "roster.staff"),
                ("排班规则和补助标准…", dialogs.RulesDialog, "settings.edit")):
            action = QAction(text, self)
            action.setEnabled(self.ctx.session.can(permission))
            action.triggered.connect(lambda _=False, f=factory: f(self.ctx, self).exec())
            menu.addAction(action)
        menu.addSeparator()
        staff = menu.addAction("值班人员（岗位、不值夜班、导入名单）…")
        staff.setEnabled(self.ctx.session.can("roster.staff"))
        staff.triggered.connect(lambda: self.ctx.navigate("staff"))
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

    def go_to(self, **target: Any) -> None:
        """``year=…, month=…`` shows that month (the 开通向导's first month)."""
        year, month = target.get("year"), target.get("month")
        if isinstance(year, int) and isinstance(month, int):
            self.set_month(year, month)

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
        self.quality = planning.draft_quality(store, first, last)
        self.model.reasons = {u.cell: u.why for u in self.quality.uncovered}
        self.model.load(days, counts, planning.draft(store, first, last), planning.published(store, first, last),
                        split=scenario.officer_split)
        self._show_quality(len(planning.compare(store, first, last)))
        self.versions_model.set_records(versions(store))
        self.changes.reload()

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
        if not found:
            self._explain_empty(menu, key)
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

    def _explain_empty(self, menu: QMenu, key: Cell) -> None:
        """Nobody may take this slot: say why (the quality report's words) and where to set it."""
        from dutyroom.roster.staff import nobody_for

        why = self.model.reasons.get(key)
        reason = menu.addAction(why if why and why != "未安排" else nobody_for(key.role))
        reason.setEnabled(False)
        if self.ctx.session.can("roster.staff"):
            menu.addAction("打开“值班人员”设置…").triggered.connect(lambda: self.ctx.navigate("staff"))

    def _run(self, call: Callable[[], Any], done: str) -> bool:
        return bool(run_op(self, call, message=self.message, done=done))

    def assign(self, key: Cell, person_id: int, *, conflict: str = "") -> bool:
        from dutyroom.roster import planning

        if conflict and not confirm(self, "确认冲突", f"该人员存在冲突：{conflict}。\n确定仍然安排吗？"):
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
        if self.quality and self.quality.wishes_notice:
            text += "\n\n" + self.quality.wishes_notice
        if not confirm(self, "发布排班", text):
            return False
        return self._run(lambda: publishing.publish(self.ctx.session, first, last, accept_issues=bool(issues)),
                         "已发布。")

    # -- changes -------------------------------------------------------------------------------------
    def request_change(self, key: Cell) -> None:
        from dutyroom.gui.roster.change_dialog import ChangeDialog

        current = self.model.current.get(key)
        if current:
            ChangeDialog(self.ctx, current, self).exec()

    # -- printing ------------------------------------------------------------------------------------
    def print_primary(self) -> bool:
        self.print_month(save=False)
        return True

    def _render(self, render: Callable[[], bytes], name: str, *, save: bool, suffix: str = "pdf") -> None:
        deliver(self.ctx, self, render, name, save=save, suffix=suffix, message=self.message, busy="正在生成…",
                error_title="生成失败")

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



def _menu_button(text: str, menu: QMenu) -> QToolButton:
    tool = QToolButton()
    tool.setText(text)
    tool.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    tool.setMenu(menu)
    return tool
