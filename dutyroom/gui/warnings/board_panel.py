"""预警叫应 on 今日值班: each warning whose calls still run on one line — level, answered x/y, time left, who is
still silent — with 叫应 (F9 opens the first) and, when a clock is near or past its time, the alarm (sound,
taskbar, tray) and a flashing line until someone presses 知道了. Hidden while no warning is in force, so the
board keeps its room at 1366×768.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import QFrame, QWidget

from dutyroom import settings
from dutyroom.changes import Area, ChangeSet
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.theme import repolish
from dutyroom.gui.kit.widgets import ElidedLabel, button, clear_layout, hbox, hidden_unless, label, vbox
from dutyroom.warnings.catalog import level_text
from dutyroom.warnings.queries import BoardItem, board, duration_text

AREAS = frozenset({Area.WARNINGS, Area.ORG, Area.DUTY, Area.SETTINGS})
MAX_ROWS = 3              # under the cards
MAX_ROWS_COMPACT = 2      # in the cards' corner: two lines each
STAGE_TITLES = {"soon": "叫应时限即将到期", "overdue": "叫应时限已过"}
STAGE_ORDER = {"overdue": 0, "soon": 1, "running": 2, "met": 3}


class WarningRow(QFrame):
    """One warning: badge, what it is, answered x/y, the clock that matters most, the silent, acts."""

    call = Signal(int)              # notice id
    acknowledge = Signal(object)    # the row

    def __init__(self, item: BoardItem, can_act: bool, *, compact: bool = False) -> None:
        super().__init__()
        self.item = item
        self.setObjectName("clockRow")
        self.setMinimumHeight(34)
        badge = label(level_text(item.level)[:2], "levelBadge")
        badge.setProperty("level", item.level)
        kind = {"lift": "（解除）", "raise": "（升级）", "lower": "（降级）", "update": "（变更）"}.get(item.kind, "")
        self.what = label(f"{item.title[:-2]}{kind}", "clockWhat")
        self.count = label("", "clockWhat")
        self.countdown = label("", "countdown")
        self.countdown.setMinimumWidth(150)
        self.silent = ElidedLabel("")
        self.silent.setObjectName("clockIncident")
        self.ack = button("知道了", tooltip="确认已看到提醒（记入记录），提醒停止；未应答的人仍须继续叫应")
        self.ack.setVisible(False)
        self.ack.clicked.connect(self._acknowledge)
        self.call_button = button("叫应", self._call)
        if compact:             # what and how far on the first line, the silent on the second
            vbox(hbox(badge, self.what, self.count, self.countdown, None, self.ack, self.call_button, spacing=8),
                 self.silent, parent=self, margins=(8, 3, 6, 3), spacing=2)
        else:
            row = hbox(badge, self.what, self.count, self.countdown, parent=self, margins=(8, 3, 6, 3), spacing=10)
            row.addWidget(self.silent, 1)
            row.addWidget(self.ack)
            row.addWidget(self.call_button)
        hidden_unless(can_act and not item.summary.complete, self.call_button)
        self.can_act = can_act
        s = item.summary
        self.count.setText(f"已应答 {s.answered}/{s.total}" if item.mode == "call" else f"通知 {s.total} 人")
        silent = item.silent_text
        self.silent.set_full_text(f"未应答：{silent}" if silent else ("全部应答" if item.mode == "call" else ""))
        self.stage = ""

    def _acknowledge(self) -> None:
        self.acknowledge.emit(self)

    def _call(self) -> None:
        self.call.emit(self.item.notice_id)

    def alarming(self, now: datetime, warn_minutes: int) -> list[tuple[Any, str, str]]:
        """(key, stage, text) of this warning's clocks near or past their time and not acknowledged."""
        out = []
        for clock in self.item.clocks:
            stage = clock.stage(now, warn_minutes)
            if stage in ("soon", "overdue") and stage not in clock.acked:
                left = clock.seconds_left(now)
                text = f"{self.item.title}：{clock.label}" + (f"剩{duration_text(left)}" if left >= 0 else
                                                              f"已超时{duration_text(-left)}")
                out.append(((clock.notice_id, clock.key), stage, text))
        return out

    def show_state(self, now: datetime, warn_minutes: int, flash: bool) -> None:
        clocks = [c for c in self.item.clocks if c.stage(now, warn_minutes) != "met"]
        clocks.sort(key=lambda c: (STAGE_ORDER[c.stage(now, warn_minutes)], c.due_at))
        main = clocks[0] if clocks else None
        stage = main.stage(now, warn_minutes) if main else "met"
        if main is None:
            self.countdown.setText("全部应答" if self.item.mode == "call" else "")
        else:
            left = main.seconds_left(now)
            self.countdown.setText(f"{main.short} " + (f"剩{duration_text(left)}" if left >= 0 else
                                                         f"超{duration_text(-left)}"))
        alarms = self.alarming(now, warn_minutes)
        flashing = bool(alarms) and flash
        if stage != self.stage or self.property("flash") != flashing:
            self.stage = stage
            self.setProperty("stage", stage)
            self.setProperty("flash", flashing)
            self.countdown.setProperty("stage", stage)
            repolish(self)
            repolish(self.countdown)
        self.ack.setVisible(bool(alarms) and self.can_act)


class WarningBoard(QFrame):
    changed = Signal()      # reloaded: warnings came or went (今日值班 places the board anew)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("panel")
        self.can_act = ctx.session.can("warning.relay")
        self.summary = label("", "pageSubtitle")
        header = hbox(label("预警叫应", "sectionTitle"))
        header.addWidget(self.summary, 1)
        self.rows_box = vbox(spacing=4)
        self.more = label("", "pageSubtitle")
        vbox(header, self.rows_box, self.more, None, parent=self, margins=(14, 8, 14, 8), spacing=4)
        self.items: list[BoardItem] = []
        self.rows: list[WarningRow] = []
        self.compact = False      # in the corner of the duty cards (set by 今日值班)
        self.display_only = False     # the wall screen: no 叫应 or 知道了 (the alarm still rings at the desk)
        self._alarm: Any = None
        self._flash = False
        self._shortcut: QShortcut | None = None
        self.warn_minutes = int(settings.get(ctx.store, "warnings.alarm_minutes"))
        self._later = QTimer(self, singleShot=True, interval=250)
        self._later.timeout.connect(self.reload)
        ctx.events.changed.connect(self._on_changed)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        self.reload()

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(AREAS):
            self._later.start()      # a burst of calls refreshes the board once

    def reload(self) -> None:
        now = self.ctx.session.now()
        self.warn_minutes = int(settings.get(self.ctx.store, "warnings.alarm_minutes"))
        self.items = board(self.ctx.store, now)
        self._build_rows()
        self.changed.emit()

    def set_compact(self, on: bool) -> None:
        if on != self.compact:
            self.compact = on
            self._build_rows()

    def set_display_only(self, on: bool) -> None:
        if on != self.display_only:
            self.display_only = on
            self._build_rows()

    def _build_rows(self) -> None:
        clear_layout(self.rows_box)
        self.rows = []
        for item in self.items[:MAX_ROWS_COMPACT if self.compact else MAX_ROWS]:
            row = WarningRow(item, self.can_act and not self.display_only, compact=self.compact)
            row.call.connect(self.open_calls)
            row.acknowledge.connect(self.acknowledge)
            self.rows_box.addWidget(row)
            self.rows.append(row)
        hidden = len(self.items) - len(self.rows)
        self.more.setText(f"另有 {hidden} 个，请到“预警叫应”查看。" if hidden > 0 else "")
        self.more.setVisible(hidden > 0)
        self.setVisible(bool(self.items))
        silent = sum(i.summary.silent for i in self.items if i.mode == "call")
        self.summary.setText(f"{len(self.items)} 个预警生效中" + (f"，{silent} 人未应答" if silent else "，均已应答"))
        self.tick()

    def tick(self) -> None:
        if not self.items:
            return
        now = self.ctx.session.now()
        self._flash = not self._flash
        for row in self.rows:
            row.show_state(now, self.warn_minutes, self._flash)
        if self.can_act:
            pending = [alarm for row in self.rows for alarm in row.alarming(now, self.warn_minutes)]
            if pending or self._alarm is not None:
                self.alarm.update(pending)

    @property
    def alarm(self) -> Any:
        """Sound, taskbar and tray notice (``gui.kit.alarm``), made when first needed."""
        if self._alarm is None:
            from dutyroom.gui.kit.alarm import Alarm

            self._alarm = Alarm(self.window, float(settings.get(self.ctx.store, "warnings.alarm_repeat_seconds")),
                                parent=self, titles=STAGE_TITLES, tooltip="DutyRoom 预警叫应")
        return self._alarm

    # -- acts ------------------------------------------------------------------------------------
    def acknowledge(self, row: WarningRow) -> None:
        from dutyroom.gui.kit.ops import run_op
        from dutyroom.warnings.calls import acknowledge_alarm

        for (notice_id, clock), stage, _text in row.alarming(self.ctx.session.now(), self.warn_minutes):
            if not run_op(self, acknowledge_alarm, self.ctx.session, notice_id, clock, stage):
                return

    def open_calls(self, notice_id: int) -> None:
        from dutyroom.gui.warnings.call_screen import CallScreen

        CallScreen(self.ctx, notice_id, self.window()).exec()

    def call_first(self) -> None:
        waiting = [i for i in self.items if i.mode == "call" and not i.summary.complete]
        if waiting and self.can_act:
            self.open_calls(waiting[0].notice_id)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        # F9 starts calling while the board shows (a hidden widget's shortcut is off: no clash with the page's).
        if self._shortcut is None and self.can_act:
            self._shortcut = QShortcut(QKeySequence("F9"), self, self.call_first, Qt.ShortcutContext.WindowShortcut)
        super().showEvent(event)
