"""今日值班: the current shift's 1+1+2+N people with units and phones, the reporting clocks, the next shift,
this shift's log, the warnings in force (预警叫应), a clock — sized for the screen it is on.

The board fits its page: type scales with the space (``board_layout``), the cards go on one row when the width
allows, the panels below show as many lines as their height holds, and a card shows fewer phone numbers
before anything is drawn over anything else. A large screen shows 待办 and leader instructions in force too;
the wall mode (F11, ``set_wall``) is the board alone in large type for the room's big screen. The cards' free
corner (the second row shorter than the first) holds the warnings in force, or the next shift while none is.
On a new data file whose shift is not yet rostered, the 开通清单 stands where the shift would.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from dutyroom import settings
from dutyroom.changes import Area
from dutyroom.clock import chinese_date, weekday_name
from dutyroom.duty.board import DutyMember, ShiftRoster, TodayBoard, today_board
from dutyroom.duty.log import LOG_KINDS
from dutyroom.duty.roles import ROLE_ORDER
from dutyroom.gui.context import AppContext
from dutyroom.gui.duty.board_layout import board_scale, card_columns, font_sheet
from dutyroom.gui.duty.board_parts import Cell, DutyCard, Line, LinesPanel
from dutyroom.gui.incidents.deadline_panel import DeadlinePanel
from dutyroom.gui.kit.page import Page, subtitle_label, title_label
from dutyroom.gui.kit.theme import polish_tree
from dutyroom.gui.kit.widgets import button, elided, hbox, label, page_layout, vbox
from dutyroom.gui.warnings.board_panel import WarningBoard
from dutyroom.roster.model import DEFAULT_SLOTS

EMPTY_SHIFT_TEXT = ("本班次尚未排班。请联系办公室在排班表中安排本班次的带班领导、值班长、值班员和备勤人员；"
                    "在安排之前，请按单位值班制度落实临时值守。")
LOG_LIMIT = 40
WIDE_PAGE = 1500          # from this page width on, 待办 and leader instructions have their own panel
WALL_NOTICES, WALL_LOG = 1200, 1700       # the same on the wall screen, and this shift's log there too
NARROW_PAGE = 1000        # below it the log gives its width to the clocks (it is on 值班日志 too)


class TodayPage(Page):
    areas = frozenset({Area.DUTY, Area.ORG, Area.DUTYLOG, Area.HANDOVER, Area.SETTINGS, Area.ROSTER})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.board: TodayBoard | None = None
        self.part = "full"      # the officer part on duty when the board was read ("day"/"night" when split)
        self.day_note = ""     # " · 春节" on a holiday, " · 调休上班" on a make-up workday
        self.wall = False
        self.scale = 0.0
        self.phones = 3         # phone lines a card shows (fewer when the height is short)
        self.notices_read = False       # read when their panel shows (a wide page), not for a narrower one
        self.setObjectName("todayPage")
        self.outer = page_layout(self, spacing=12)
        self.outer.addLayout(self._build_header())
        self.checklist: Any = None          # the 开通清单 (dutyroom.gui.setup.checklist), made when needed
        self.checklist_host = vbox(margins=(0, 0, 0, 0))
        self.outer.addLayout(self.checklist_host)
        self.empty_label = label(EMPTY_SHIFT_TEXT, "emptyState", wrap=True)
        self.outer.addWidget(self.empty_label)
        self.cards_host = QWidget()
        self.cards_host.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.cards_layout = QGridLayout(self.cards_host)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_layout.setHorizontalSpacing(12)
        self.cards_layout.setVerticalSpacing(12)
        self.outer.addWidget(self.cards_host)
        # 预警叫应: in the cards' free corner when there is one, else under the cards; hidden while none is in force
        self.warnings = WarningBoard(ctx, self.cards_host)       # with a parent before it shows itself
        self.warnings.changed.connect(self.fit)
        self.board_strip = QVBoxLayout()
        self.board_strip.setContentsMargins(0, 0, 0, 0)
        self.board_strip.addWidget(self.warnings)
        self.outer.addLayout(self.board_strip)
        self.panels = self._build_panels()
        self.outer.addLayout(self.panels, 1)
        self.outer.addLayout(self._build_buttons())
        keeper = self.ctx.backups
        if keeper is not None:        # once the warning sits in the page: shown alone it would be a window
            keeper.warnings_changed.connect(self.show_backup_warnings)
            self.show_backup_warnings(keeper.warnings)
        self._layout_timer = QTimer(self)
        self._layout_timer.setSingleShot(True)
        self._layout_timer.timeout.connect(self.fit)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        self.tick()

    def _build_header(self) -> QHBoxLayout:
        self.shift_label = label("", "shiftLabel")
        self.phone_label = label("", "dutyPhone", selectable=True)
        self.wall_hint = label("大屏显示 · 按 Esc 或 F11 退出", "wallHint")
        self.wall_hint.hide()
        self.clock_label = label("", "clockLabel")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.date_label = label("", "dateLabel")
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.title = title_label("今日值班")
        header = QHBoxLayout()
        header.addLayout(vbox(self.title, self.shift_label), 1)
        header.addLayout(vbox(self.phone_label, self.wall_hint, spacing=2))
        header.addSpacing(24)
        header.addLayout(vbox(self.clock_label, self.date_label))
        return header

    def _build_panels(self) -> QHBoxLayout:
        lower = QHBoxLayout()
        lower.setSpacing(12)
        self.deadlines = DeadlinePanel(self.ctx, fit_height=True)  # 报送时限: open clocks and their alarms
        self.notices_panel = LinesPanel("待办事项和领导批示", "没有未办结的待办事项，也没有在执行期内的领导批示。")
        self.next_panel = LinesPanel("下一班次", "下一班次尚未排班。", subtitle=True)
        self.log_panel = LinesPanel("本班值班记录", "本班次还没有值班记录。", more="另有 {n} 条，请到“值班日志”查看")
        for widget, stretch in ((self.deadlines, 4), (self.notices_panel, 3), (self.next_panel, 3),
                                (self.log_panel, 4)):
            lower.addWidget(widget, stretch)
        return lower

    def _build_buttons(self) -> QHBoxLayout:
        self.print_button = button("打印本周值班安排 (Ctrl+P)", lambda: self.print_week(save=False), primary=True)
        self.export_button = button("导出PDF…", lambda: self.print_week(save=True))
        self.wall_button = button("大屏显示 (F11)", self.toggle_wall, tooltip="全屏只显示值班看板，供值班室大屏使用")
        self.status_label = subtitle_label()
        buttons = hbox(self.print_button, self.export_button, self.wall_button)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self._backup_warning(), 3)
        return buttons

    def _backup_warning(self) -> QFrame:
        """Backups falling behind (none verified lately, the second place unreachable, a failed copy): said
        here for everyone on duty, with the way to 数据备份 for those who may act on it."""
        self.warning_frame = QFrame()
        self.warning_frame.setObjectName("boardWarning")
        self.warning_label = elided("", "boardWarningText")       # one line; all of it in the tooltip
        actions: list[QWidget] = [self.warning_label]
        if self.ctx.session.can("backup.manage"):
            actions.append(button("数据备份…", lambda: self.ctx.navigate("settings", tab="backup")))
        hbox(*actions, margins=(10, 2, 4, 2), parent=self.warning_frame).setStretch(0, 1)
        self.warning_frame.hide()
        return self.warning_frame

    def show_backup_warnings(self, warnings: list[str]) -> None:
        self.warning_label.set_full_text("⚠ " + "；".join(w.rstrip("。") for w in warnings) + "。" if warnings else "")
        self.warning_frame.setVisible(bool(warnings))

    # -- the wall screen -----------------------------------------------------------------------
    def toggle_wall(self) -> None:
        """Ask the window for the wall mode (it hides everything around the board and goes full screen)."""
        window: Any = self.window()
        if hasattr(window, "toggle_wall"):
            window.toggle_wall()

    def set_wall(self, on: bool) -> None:
        self.wall = on
        self.wall_hint.setVisible(on)
        for widget in (self.print_button, self.export_button, self.wall_button, self.status_label):
            widget.setVisible(not on)
        self.deadlines.set_display_only(on)
        self.warnings.set_display_only(on)
        self.title.setText("今日值班 · " + settings.get(self.ctx.store, "org.name") if on else "今日值班")
        self.scale = 0.0
        self.fit()

    # -- fitting the page ------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self._layout_timer.start(0)

    def fit(self) -> None:
        """Type scale for the page's size, which panels show, and cards that leave the panels room."""
        self._layout_timer.stop()         # a fit asked for by a resize before this one is this one
        width, height = self.width(), self.height()
        scale = board_scale(width, height, wall=self.wall)
        if scale != self.scale:
            self.scale = scale
            self.setStyleSheet(font_sheet(scale))
        self.notices_panel.setVisible(width >= (WALL_NOTICES if self.wall else WIDE_PAGE))
        if not self.notices_panel.isHidden() and not self.notices_read:
            self.notices_read = True
            self.notices_panel.set_lines(self._notice_lines(self.now()))
        self.log_panel.setVisible(width >= (WALL_LOG if self.wall else NARROW_PAGE))
        self.phone_label.setVisible(bool(self.phone_label.text()) and (self.wall or width >= NARROW_PAGE + 100))
        if self.board is not None:
            self._fit_cards(height)

    def _fit_cards(self, height: int) -> None:
        """The most phone numbers per card (3, 2, then 1) with which the panels below keep three lines."""
        for phones in (3, 2, 1):
            self.phones = phones
            self._fill_cards()
            wanted = max(self.log_panel.minimum_height(3), self.deadlines.minimum_height(3))
            if self._room_below(height) >= wanted:
                return

    def _room_below(self, height: int) -> int:
        """The height the panels get: the page less its margins and every other row that shows."""
        self.cards_layout.invalidate()            # measured as just made, not as last laid out
        margins = self.outer.contentsMargins()
        used, rows = margins.top() + margins.bottom(), 0
        for index in range(self.outer.count()):
            item = self.outer.itemAt(index)
            widget = item.widget() if item is not None else None
            if item is None or item.isEmpty() or (widget is not None and widget.isHidden()):
                continue
            rows += 1
            if item.layout() is not self.panels:
                used += _height(widget) if widget is not None else item.sizeHint().height()
        return height - used - self.outer.spacing() * (rows - 1)

    # -- data ----------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.ctx.session.now()

    def tick(self) -> None:
        now = self.now()
        self._show_time(now)
        if self.board is not None and (not self.board.current.shift.contains(now)
                                       or self.board.current.part_at(now) != self.part):
            self.refresh()

    def _show_time(self, now: datetime) -> None:
        self.clock_label.setText(now.strftime("%H:%M:%S"))
        self.date_label.setText(f"{chinese_date(now.date())} {weekday_name(now.date())}{self.day_note}")

    def reload(self) -> None:
        from dutyroom.roster.arrangements import load_calendar

        now = self.now()
        info = load_calendar(self.ctx.store).info(now.date())
        self.day_note = {"holiday": f" · {info.holiday}", "makeup": " · 调休上班"}.get(info.kind, "")
        self._show_time(now)          # the date with the board it belongs to, not a second later
        self.board = today_board(self.ctx.store, now, log_limit=LOG_LIMIT)
        current = self.board.current
        self.part = current.part_at(now)
        text = f"本班次：{current.shift.label}（交接班 {current.shift.start:%H:%M}）"
        if current.split:
            text += (f"\n值班员白班 {current.part_hours('day')}、夜班 {current.part_hours('night')}，"
                     f"现为{'白班' if self.part == 'day' else '夜班'}")
        self.shift_label.setText(text)
        phone = settings.get(self.ctx.store, "duty.phone")
        self.phone_label.setText(f"值班电话 {phone}" if phone else "")
        setup = self._show_setup(current.empty)
        self.empty_label.setVisible(current.empty and not setup)
        self.cards_host.setVisible(not setup)
        self.next_panel.subtitle.set_full_text(self.board.next.shift.label)
        self.next_panel.set_lines(_next_lines(self.board.next))
        self.log_panel.set_lines(_log_lines(self.board.log_entries))
        self.notices_read = False
        self.fit()

    def _show_setup(self, empty: bool) -> bool:
        """The 开通清单 instead of an empty shift while the county's setup has steps left."""
        progress = None
        if empty:         # its module (with the roster's planning) only for a shift not yet rostered
            from dutyroom.setup.steps import setup_progress

            progress = setup_progress(self.ctx.store, self.now().date())
        shown = progress is not None and not progress.finished
        if shown and self.checklist is None:
            from dutyroom.gui.setup.checklist import SetupChecklist

            self.checklist = SetupChecklist(self.ctx)
            self.checklist_host.addWidget(self.checklist)
        if self.checklist is not None:
            self.checklist.setVisible(shown)
            if shown:
                self.checklist.show_progress(progress)
        return shown

    def _notice_lines(self, now: datetime) -> list[Line]:
        from dutyroom.dutylog.instructions import in_force
        from dutyroom.dutylog.pending import open_items

        lines: list[Line] = []
        for item in in_force(self.ctx.store, now):
            until = item["fields"].get("valid_until")
            lines.append([Cell("批示", "logKind"), Cell(f"{item['summary']}（{item['counterpart'] or '领导'}）",
                                                        "noticeLine", stretch=True, tooltip=item["summary"]),
                          Cell(f"至{until[5:]}" if until else "", "logKind")])
        for pending in open_items(self.ctx.store, now):
            due = pending["due_at"]
            lines.append([Cell("待办", "logKind"), Cell(pending["title"], "noticeLine", stretch=True,
                                                          tooltip=pending["detail"] or pending["title"]),
                          Cell(("已超期" if pending["overdue"] else f"{due[5:10]} {due[11:16]}前") if due else "",
                               "logKind")])
        return lines

    def _fill_cards(self) -> None:
        assert self.board is not None
        self._take_back_next_panel()
        self.cards_layout.removeWidget(self.warnings)       # kept: only the cards are made anew
        if self.board_strip.indexOf(self.warnings) < 0:
            self.board_strip.addWidget(self.warnings)
        while (item := self.cards_layout.takeAt(0)) is not None:
            card = item.widget()
            if card is not None:      # gone now: the fit tries up to three sets of cards in one go
                card.hide()
                card.setParent(None)
                card.deleteLater()
        roster = self.board.current
        if self.cards_host.isHidden():
            return
        if roster.split:
            self._fill_split_cards(roster)
        else:
            self._fill_plain_cards(roster)
        polish_tree(self.cards_host)

    def _card(self, role: str, member: Any, *, standby: bool = False, **part: Any) -> DutyCard:
        return DutyCard(role, member, phones=max(1, self.phones - 1) if standby else self.phones,
                        compact=self.phones == 1, **part)

    def _fill_plain_cards(self, roster: ShiftRoster) -> None:
        row_one = [("leader", 0), ("chief", 0)] + [("officer", i) for i in range(_count(roster, "officer"))]
        standby = roster.by_role("standby")
        extra = roster.by_role("leader")[1:] + roster.by_role("chief")[1:]
        row_two = [self._card("standby", _nth(standby, i), standby=True) for i in range(_count(roster, "standby"))]
        row_two += [self._card(member.role, member, standby=True) for member in extra]
        cards = [self._card(role, _nth(roster.by_role(role), index)) for role, index in row_one]
        self._place_cards(cards, row_two)

    def _fill_split_cards(self, roster: ShiftRoster) -> None:
        """Row one: leader, 值班长, the 白班 officers; row two: the 夜班 officers, standby, extra leaders."""
        day, night = roster.by_part("officer", "day"), roster.by_part("officer", "night")
        count = max(DEFAULT_SLOTS["officer"], len(day), len(night))

        def officer(members: list[Any], shift: str, index: int, second_row: bool) -> DutyCard:
            name = "白班" if shift == "day" else "夜班"
            return self._card("officer", _nth(members, index), standby=second_row,
                              part=f"{name} {roster.part_hours(shift)}", on_now=self.part == shift)

        leaders, chiefs = roster.by_role("leader"), roster.by_role("chief")
        row_one = [self._card("leader", leaders[0] if leaders else None),
                   self._card("chief", chiefs[0] if chiefs else None)]
        row_one += [officer(day, "day", index, False) for index in range(count)]
        standby = roster.by_role("standby")
        row_two = [officer(night, "night", index, True) for index in range(count)]
        row_two += [self._card("standby", _nth(standby, i), standby=True) for i in range(_count(roster, "standby"))]
        row_two += [self._card(member.role, member, standby=True) for member in leaders[1:] + chiefs[1:]]
        self._place_cards(row_one, row_two)

    def _place_cards(self, row_one: list[DutyCard], row_two: list[DutyCard]) -> None:
        """All cards on one row when the width allows, else the two rows, else as many to a row as fit."""
        cards = row_one + row_two
        columns = card_columns(len(cards), self.width() - self.outer.contentsMargins().left()
                               - self.outer.contentsMargins().right(), self.scale)
        if columns >= len(cards):
            rows = [cards]
        elif columns >= max(len(row_one), len(row_two)):
            rows = [row_one, row_two]
        else:
            rows = [cards[i:i + columns] for i in range(0, len(cards), columns)]
        for row, line in enumerate(rows):
            for column, card in enumerate(line):
                self.cards_layout.addWidget(card, row, column)
                card.show()           # counted by the layout (measured next) at once, not when the page repaints
        self._place_corner(rows)

    def _place_corner(self, rows: list[list[DutyCard]]) -> None:
        """The warnings in force, or else the next shift, in the cards' free corner (two columns at least)."""
        free = len(rows[0]) - len(rows[-1]) if len(rows) == 2 else 0
        self.board_strip.removeWidget(self.warnings)
        if free >= 2 and self.warnings.items:
            self.cards_layout.addWidget(self.warnings, 1, len(rows[-1]), 1, free)
            self.warnings.set_compact(True)
        else:
            self.board_strip.addWidget(self.warnings)
            self.warnings.set_compact(False)
        self.warnings.setVisible(bool(self.warnings.items))
        if free >= 2 and not self.warnings.items:          # the next shift there, two to a line
            self.panels.removeWidget(self.next_panel)
            self.cards_layout.addWidget(self.next_panel, 1, len(rows[-1]), 1, free)
            self.next_panel.show()        # moving it hid it: shown, the layout counts it now
            self.next_panel.set_columns(2)
            self.next_panel.show_all(True)

    def _take_back_next_panel(self) -> None:
        """The next shift back in the row of panels (before the cards are made anew)."""
        if self.cards_layout.indexOf(self.next_panel) >= 0:
            self.cards_layout.removeWidget(self.next_panel)
            self.panels.insertWidget(2, self.next_panel, 3)
            self.next_panel.show()
            self.next_panel.set_columns(1)
            self.next_panel.show_all(False)

    # -- printing ------------------------------------------------------------------------------
    def print_primary(self) -> bool:
        self.print_week(save=False)
        return True

    def print_week(self, *, save: bool) -> None:
        from dutyroom.gui.kit.output import deliver

        now, store = self.now(), self.ctx.store

        def render() -> bytes:
            from dutyroom.printing.week import render_week_duty, week_duty_doc

            return render_week_duty(week_duty_doc(store, now.date(), now))

        deliver(self.ctx, self, render, f"本周值班安排-{now:%Y%m%d}", save=save, message=self.status_label,
                busy="正在生成本周值班安排…")


def _height(widget: QWidget) -> int:
    return max(widget.sizeHint().height(), widget.minimumSizeHint().height(), widget.minimumHeight())


def _next_lines(roster: ShiftRoster) -> list[Line]:
    return [[Cell(member.role_label, "nextRole"), Cell(member.name, "nextName"), Cell(member.main_phone, "nextPhone")]
            for role in ROLE_ORDER for member in roster.by_role(role)]


def _log_lines(entries: list[dict[str, Any]]) -> list[Line]:
    return [[Cell(entry["occurred_at"][11:16], "logTime"), Cell(LOG_KINDS.get(entry["kind"], entry["kind"]), "logKind"),
             Cell(f"{entry['summary']}（{entry['recorded_by_name']}）", "logLine", stretch=True)]
            for entry in entries]


def _nth(members: list[DutyMember], index: int) -> DutyMember | None:
    return members[index] if index < len(members) else None


def _count(roster: ShiftRoster, role: str) -> int:
    return max(DEFAULT_SLOTS[role], len(roster.by_role(role))) if role in ("officer", "standby") else 1
