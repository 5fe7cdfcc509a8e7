"""今日值班: the current shift's 1+1+2+N people with units and phones, the next shift, a clock, the log.

On a day published with the officer day/night split, the officers show as 白班 and 夜班 cards with their
hours, and the part on duty now is marked.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from dutyroom.changes import Area
from dutyroom.clock import chinese_date, weekday_name
from dutyroom.duty.board import DutyMember, ShiftRoster, TodayBoard, today_board
from dutyroom.duty.log import LOG_KINDS
from dutyroom.duty.roles import ROLE_ORDER, duty_role_label
from dutyroom.gui.context import AppContext
from dutyroom.gui.incidents.deadline_panel import DeadlinePanel
from dutyroom.gui.kit.page import Page, subtitle_label, title_label
from dutyroom.gui.kit.theme import repolish
from dutyroom.gui.kit.widgets import (
    button,
    clear_layout,
    elided,
    hbox,
    label,
    page_header,
    page_layout,
    panel,
    vbox,
)
from dutyroom.gui.warnings.board_panel import WarningBoard
from dutyroom.roster.model import DEFAULT_SLOTS

EMPTY_SHIFT_TEXT = ("本班次尚未排班。请联系办公室在排班表中安排本班次的带班领导、值班长、值班员和备勤人员；"
                    "在安排之前，请按单位值班制度落实临时值守。")


class DutyCard(QFrame):
    """One slot: role, name, unit and position, every phone number (selectable for copying). A part of a
    split officer day names its hours; ``on_now`` marks the part on duty (True) or not (False)."""

    def __init__(self, role: str, member: DutyMember | None, *, compact: bool = False, part: str = "",
                 on_now: bool | None = None) -> None:
        super().__init__()
        self.setObjectName("dutyCard")
        self.setProperty("role", role)
        if on_now is not None:
            self.setProperty("part", "on" if on_now else "off")
        self.member = member
        self.on_now = on_now
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(3)
        if part:
            heading = QHBoxLayout()
            heading.setSpacing(6)
            heading.addWidget(label(f"{duty_role_label(role)} · {part}", "cardRole"))
            heading.addStretch(1)
            if on_now:
                heading.addWidget(label("当班", "cardOnNow"))
            layout.addLayout(heading)
        else:
            layout.addWidget(label(duty_role_label(role), "cardRole"))
        if member is None:
            layout.addWidget(label("未安排", "cardEmpty"))
            layout.addStretch(1)
        else:
            layout.addWidget(label(member.name, "cardName", selectable=True))
            unit = "　".join(part for part in (member.unit_name, member.title) if part)
            layout.addWidget(elided(unit, "cardUnit"))
            for phone in member.phones[: 2 if compact else 3]:
                layout.addWidget(label(f"{phone.kind_label}  {phone.number}", "cardPhone", selectable=True))
            layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        repolish(self)


class TodayPage(Page):
    areas = frozenset({Area.DUTY, Area.ORG, Area.DUTYLOG, Area.HANDOVER, Area.SETTINGS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.board: TodayBoard | None = None
        self.part = "full"      # the officer part on duty when the board was read ("day"/"night" when split)
        self.day_note = ""     # " · 春节" on a holiday, " · 调休上班" on a make-up workday
        outer = page_layout(self, spacing=12)
        self.shift_label = label("", "shiftLabel")
        self.clock_label = label("", "clockLabel")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.date_label = label("", "dateLabel")
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        outer.addLayout(page_header(title_label("今日值班"), self.shift_label, vbox(self.clock_label, self.date_label)))

        self.empty_label = label(EMPTY_SHIFT_TEXT, "emptyState", wrap=True)
        outer.addWidget(self.empty_label)
        self.cards_host = QWidget()
        self.cards_layout = QGridLayout(self.cards_host)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_layout.setHorizontalSpacing(12)
        self.cards_layout.setVerticalSpacing(12)
        outer.addWidget(self.cards_host)
        # 预警叫应: warnings in force, answered x/y, the silent — in the cards' free corner when there is one
        # (the page stays readable at 1366×768), else under the cards; hidden while none is in force.
        self.warnings = WarningBoard(ctx)
        self.board_strip = QVBoxLayout()
        self.board_strip.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self.board_strip)

        lower = QHBoxLayout()
        lower.setSpacing(12)
        self.next_panel, self.next_body = self._panel("下一班次")
        self.log_panel, self.log_body = self._panel("本班值班记录")
        self.deadlines = DeadlinePanel(ctx)  # 报送时限: open clocks and their alarms (incident reporting)
        lower.addWidget(self.deadlines, 4)
        lower.addWidget(self.next_panel, 2)
        lower.addWidget(self.log_panel, 3)
        outer.addLayout(lower, 1)

        self.print_button = button("打印本周值班安排 (Ctrl+P)", lambda: self.print_week(save=False), primary=True)
        self.export_button = button("导出PDF…", lambda: self.print_week(save=True))
        self.status_label = subtitle_label()
        buttons = hbox(self.print_button, self.export_button)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self._backup_warning(), 3)
        outer.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        self.tick()

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
        keeper = self.ctx.backups
        if keeper is not None:
            keeper.warnings_changed.connect(self.show_backup_warnings)
            self.show_backup_warnings(keeper.warnings)
        return self.warning_frame

    def show_backup_warnings(self, warnings: list[str]) -> None:
        self.warning_label.set_full_text("⚠ " + "；".join(w.rstrip("。") for w in warnings) + "。" if warnings else "")
        self.warning_frame.setVisible(bool(warnings))

    def _panel(self, title: str) -> tuple[QFrame, QVBoxLayout]:
        frame, layout = panel(title)
        body = vbox(spacing=4)
        layout.addLayout(body)
        layout.addStretch(1)
        return frame, body

    # -- data ----------------------------------------------------------------------------------
    def now(self) -> datetime:
        return self.ctx.session.now()

    def tick(self) -> None:
        now = self.now()
        self.clock_label.setText(now.strftime("%H:%M:%S"))
        self.date_label.setText(f"{chinese_date(now.date())} {weekday_name(now.date())}{self.day_note}")
        if self.board is not None and (not self.board.current.shift.contains(now)
                                       or self.board.current.part_at(now) != self.part):
            self.refresh()

    def reload(self) -> None:
        from dutyroom.roster.arrangements import load_calendar

        info = load_calendar(self.ctx.store).info(self.now().date())
        self.day_note = {"holiday": f" · {info.holiday}", "makeup": " · 调休上班"}.get(info.kind, "")
        now = self.now()
        self.board = today_board(self.ctx.store, now)
        current = self.board.current
        self.part = current.part_at(now)
        text = f"本班次：{current.shift.label}（交接班 {current.shift.start:%H:%M}）"
        if current.split:
            text += (f"　值班员白班 {current.part_hours('day')}、夜班 {current.part_hours('night')}，"
                     f"现为{'白班' if self.part == 'day' else '夜班'}")
        self.shift_label.setText(text)
        self.empty_label.setVisible(current.empty)
        self._fill_cards(current)
        self._fill_next(self.board.next)
        self._fill_log(self.board.log_entries)

    def _fill_cards(self, roster: ShiftRoster) -> None:
        self.cards_layout.removeWidget(self.warnings)      # kept: only the cards are made anew
        clear_layout(self.cards_layout)
        if roster.split:
            self._fill_split_cards(roster)
        else:
            self._fill_plain_cards(roster)
        self._place_board()

    def _place_board(self) -> None:
        """The warnings board spans the free columns at the end of the second row of cards (two at least)."""
        columns = max(self.cards_layout.columnCount(), 1)
        used = sum(1 for c in range(columns) if self.cards_layout.itemAtPosition(1, c) is not None)
        self.board_strip.removeWidget(self.warnings)
        if columns - used >= 2:
            self.warnings.compact = True
            self.cards_layout.addWidget(self.warnings, 1, used, 1, columns - used)
        else:
            self.warnings.compact = False
            self.board_strip.addWidget(self.warnings)
        self.warnings.reload()

    def _fill_plain_cards(self, roster: ShiftRoster) -> None:
        row_one = [("leader", 0), ("chief", 0)] + [("officer", i) for i in range(_count(roster, "officer"))]
        for column, (role, index) in enumerate(row_one):
            members = roster.by_role(role)
            self.cards_layout.addWidget(DutyCard(role, members[index] if index < len(members) else None), 0, column)
        standby = roster.by_role("standby")
        for column in range(_count(roster, "standby")):
            card = DutyCard("standby", standby[column] if column < len(standby) else None, compact=True)
            self.cards_layout.addWidget(card, 1, column)
        extra_leaders = roster.by_role("leader")[1:] + roster.by_role("chief")[1:]
        for offset, member in enumerate(extra_leaders):
            self.cards_layout.addWidget(DutyCard(member.role, member, compact=True), 1,
                                        _count(roster, "standby") + offset)

    def _fill_split_cards(self, roster: ShiftRoster) -> None:
        """Row one: leader, 值班长, the 白班 officers; row two: the 夜班 officers, standby, extra leaders."""
        day, night = roster.by_part("officer", "day"), roster.by_part("officer", "night")
        count = max(DEFAULT_SLOTS["officer"], len(day), len(night))

        def officer(members: list[DutyMember], shift: str, index: int, compact: bool) -> DutyCard:
            name = "白班" if shift == "day" else "夜班"
            return DutyCard("officer", members[index] if index < len(members) else None, compact=compact,
                            part=f"{name} {roster.part_hours(shift)}", on_now=self.part == shift)

        leaders, chiefs = roster.by_role("leader"), roster.by_role("chief")
        self.cards_layout.addWidget(DutyCard("leader", leaders[0] if leaders else None), 0, 0)
        self.cards_layout.addWidget(DutyCard("chief", chiefs[0] if chiefs else None), 0, 1)
        for index in range(count):
            self.cards_layout.addWidget(officer(day, "day", index, False), 0, 2 + index)
        column = 0
        for index in range(count):
            self.cards_layout.addWidget(officer(night, "night", index, True), 1, column)
            column += 1
        standby = roster.by_role("standby")
        for index in range(_count(roster, "standby")):
            self.cards_layout.addWidget(DutyCard("standby", standby[index] if index < len(standby) else None,
                                                 compact=True), 1, column)
            column += 1
        for member in leaders[1:] + chiefs[1:]:
            self.cards_layout.addWidget(DutyCard(member.role, member, compact=True), 1, column)
            column += 1

    def _fill_next(self, roster: ShiftRoster) -> None:
        clear_layout(self.next_body)
        self.next_body.addWidget(label(roster.shift.label, "pageSubtitle"))
        if roster.empty:
            self.next_body.addWidget(label("下一班次尚未排班。", "pageSubtitle", wrap=True))
            return
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        for row, member in enumerate(m for role in ROLE_ORDER for m in roster.by_role(role)):
            grid.addWidget(label(member.role_label, "cardRole"), row, 0)
            grid.addWidget(label(member.name, "shiftLabel", selectable=True), row, 1)
            grid.addWidget(label(member.main_phone, "shiftLabel", selectable=True), row, 2)
        grid.setColumnStretch(3, 1)
        self.next_body.addLayout(grid)

    def _fill_log(self, entries: list[dict]) -> None:
        clear_layout(self.log_body)
        if not entries:
            self.log_body.addWidget(label("本班次还没有值班记录。", "pageSubtitle"))
            return
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        for row, entry in enumerate(entries):
            kind = LOG_KINDS.get(entry["kind"], entry["kind"])
            grid.addWidget(label(entry["occurred_at"][11:16], "shiftLabel"), row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label(kind, "cardRole"), row, 1, Qt.AlignmentFlag.AlignTop)
            text = f"{entry['summary']}（{entry['recorded_by_name']}）"
            grid.addWidget(elided(text, "logLine"), row, 2)
        grid.setColumnStretch(2, 1)
        self.log_body.addLayout(grid)

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


def _count(roster: ShiftRoster, role: str) -> int:
    return max(DEFAULT_SLOTS[role], len(roster.by_role(role))) if role in ("officer", "standby") else 1
