"""报送时限 on 今日值班: every open clock counting down, alarms at 5 minutes left and when overdue.

Reads only open obligations (a partial index), so it costs 今日值班's start-up next to nothing. An alarm
rings (sound, taskbar, tray) and the row flashes until someone presses "知道了" — which is recorded and
silences that stage only; the clock itself keeps running until the obligation is met.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import QFrame, QSizePolicy, QWidget

from dutyroom import settings
from dutyroom.changes import Area, ChangeSet
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.theme import polish_tree, repolish, style_property
from dutyroom.gui.kit.widgets import ElidedLabel, button, fill, hbox, hidden_unless, label, vbox
from dutyroom.incidents.clocks import GRADE_LABELS, Clock, countdown_text, open_clocks
from dutyroom.incidents.models import ObligationRow

AREAS = frozenset({Area.INCIDENTS, Area.SETTINGS, Area.RULES})
STAGE_TITLES = {"soon": "报送时限即将到期", "overdue": "报送时限已超时"}
MAX_ROWS = 6
LONGEST_COUNTDOWN = "超时 88小时88分"
ROW_HEIGHT = 32


class IncidentLink(ElidedLabel):
    """The incident on a clock row: one elided line; a click opens the incident."""

    clicked = Signal()

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setMinimumWidth(40)
        self.setObjectName("clockIncident")
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt name
        self.clicked.emit()
        super().mousePressEvent(event)


class ClockRow(QFrame):
    """One clock on one line: countdown, what is due to whom, the incident (click to open), actions."""

    open_incident = Signal(int)

    def __init__(self, clock: Clock, can_act: bool) -> None:
        super().__init__()
        self.clock = clock
        self.setObjectName("clockRow")
        self.setMinimumHeight(ROW_HEIGHT)
        self.countdown = label("", "countdown")
        self.fit_countdown()
        incident = IncidentLink(f"［{clock.number}］{clock.title}（{GRADE_LABELS[clock.grade]}）→ 报{clock.recipient}")
        incident.clicked.connect(lambda: self.open_incident.emit(clock.incident_id))
        self.ack = button("知道了", tooltip="确认已看到提醒（记入记录），提醒停止；时限继续计时直到完成")
        self.meet = button("完成…", tooltip="记录完成：时间、方式、报告对象")
        row = hbox(self.countdown, label(clock.label, "clockWhat"), parent=self, margins=(8, 3, 6, 3), spacing=8)
        row.addWidget(incident, 1)
        fill(row, self.ack, self.meet)
        # only once in the row: a button shown while it has no parent is a window of its own for a moment,
        # which takes the focus from the main window
        self.ack.setVisible(False)
        self.meet.setVisible(can_act)
        self.can_act = can_act
        self.stage = ""

    def fit_countdown(self) -> None:
        """The countdown as wide as its longest text in its font as styled now (a larger board: larger type)."""
        self.countdown.ensurePolished()
        self.countdown.setFixedWidth(self.countdown.fontMetrics().horizontalAdvance(LONGEST_COUNTDOWN) + 10)
        self.setMinimumHeight(0)                  # then at least as tall as its text in that font
        self.setMinimumHeight(max(ROW_HEIGHT, self.minimumSizeHint().height()))

    def show_state(self, now: datetime, warning_minutes: int, flash: bool) -> str:
        stage = self.clock.stage(now, warning_minutes)
        self.countdown.setText(countdown_text(self.clock.seconds_left(now)))
        alarming = stage in ("soon", "overdue") and stage not in self.clock.acked
        if stage != self.stage or style_property(self, "flash") != (alarming and flash):
            self.stage = stage
            self.setProperty("stage", stage)
            self.setProperty("flash", alarming and flash)
            self.countdown.setProperty("stage", stage)
            repolish(self)
            repolish(self.countdown)
        self.ack.setVisible(alarming and self.can_act)
        return stage


class DeadlinePanel(QFrame):
    """With ``fit_height`` the panel shows as many clocks as the height the page gives it holds (今日值班 on a
    large screen shows more); ``set_display_only`` hides every action (the wall screen)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *, fit_height: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("panel")
        self.fit_height = fit_height
        self.capacity = MAX_ROWS
        self.display_only = False
        if fit_height:
            self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.can_act = ctx.session.can("incident.intake")
        self.summary = label("", "pageSubtitle")
        self.new_button = button("新接报 (Ctrl+N)", self.new_incident, primary=True)
        header = hbox(label("报送时限", "sectionTitle"))
        header.addWidget(self.summary, 1)
        header.addWidget(self.new_button)
        self.rows_box = vbox(spacing=4)
        self.more = label("", "pageSubtitle")
        self.column = vbox(header, self.rows_box, self.more, None, parent=self, margins=(14, 10, 14, 12))
        hidden_unless(self.can_act, self.new_button)
        self.rows: list[ClockRow] = []
        self.spare: list[ClockRow] = []     # rows the height left out, last one first: shown again when it grows
        self.clocks: list[Clock] = []
        self._alarm: Any = None   # made when first needed: its Qt classes cost start-up time
        self.warning_minutes = int(settings.get(ctx.store, "incidents.warning_minutes"))
        self._flash = False
        self._shortcut: QShortcut | None = None
        ctx.events.changed.connect(self._on_changed)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.tick)
        self._timer.start(1000)
        self.reload()

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(AREAS):
            self.reload()

    def reload(self) -> None:
        self.warning_minutes = int(settings.get(self.ctx.store, "incidents.warning_minutes"))
        if self._alarm is not None:
            self._alarm.repeat_seconds = float(settings.get(self.ctx.store, "incidents.alarm_repeat_seconds"))
        self.clocks = open_clocks(self.ctx.store)
        if self.fit_height:
            self.capacity = len(self.clocks)      # then as many as the height holds
        self._build_rows()

    def _build_rows(self) -> None:
        for row in self.rows + self.spare:
            self._drop(row)
        self.rows, self.spare = [], []
        acts = self.can_act and not self.display_only
        for clock in self.clocks[:self.capacity]:
            row = ClockRow(clock, acts)
            row.open_incident.connect(self.show_incident)
            row.ack.clicked.connect(lambda _=False, row=row: self.acknowledge(row))
            row.meet.clicked.connect(lambda _=False, row=row: self.meet(row))
            self.rows_box.addWidget(row)
            self.rows.append(row)
        if self.fit_height:
            self._trim_to_height()
        self._say_more()
        self.tick()

    def _drop(self, row: ClockRow) -> None:
        self._take_out(row)
        row.deleteLater()

    def _take_out(self, row: ClockRow) -> None:
        self.rows_box.removeWidget(row)       # out of the layout now: what is left is measured without it
        row.hide()

    def _say_more(self) -> None:
        hidden = len(self.clocks) - len(self.rows)
        self.more.setText(f"另有 {hidden} 项，请到“信息接报”查看。" if hidden > 0 else
                          ("" if self.clocks else "目前没有待完成的报送时限。"))

    def tick(self) -> None:
        now = self.ctx.session.now()
        self._flash = not self._flash
        overdue = soon = 0
        for row in self.rows:
            stage = row.show_state(now, self.warning_minutes, self._flash)
            overdue += stage == "overdue"
            soon += stage == "soon"
        for clock in self.clocks[self.capacity:]:
            stage = clock.stage(now, self.warning_minutes)
            overdue += stage == "overdue"
            soon += stage == "soon"
        parts = [f"{len(self.clocks)} 项待完成"] if self.clocks else []
        if overdue:
            parts.append(f"{overdue} 项已超时")
        if soon:
            parts.append(f"{soon} 项即将到期")
        self.summary.setText("　".join(parts))
        if self.can_act:
            pending = self.pending_alarms(now)
            if pending or self._alarm is not None:
                self.alarm.update(pending)

    def set_display_only(self, on: bool) -> None:
        """Only the clocks: no 新接报, 完成… or 知道了 (the wall screen; the alarm still rings at the desk)."""
        self.display_only = on
        self.new_button.setVisible(self.can_act and not on)
        self._build_rows()

    def minimum_height(self, rows: int) -> int:
        """The height that shows ``rows`` clocks (the header, the rows, the 另有 line)."""
        margins = self.column.contentsMargins()
        header = max(self.summary.sizeHint().height(), self.new_button.sizeHint().height())
        row = max((max(r.sizeHint().height(), r.minimumHeight()) for r in self.rows), default=32)
        spacing = self.rows_box.spacing()
        return (margins.top() + margins.bottom() + header + rows * (row + spacing) + self.more.sizeHint().height()
                + 2 * self.column.spacing())

    def _trim_to_height(self) -> None:
        """Drop clock rows from the end until the panel's content fits its height (the 另有 line says how many)."""
        layout = self.column
        for row in self.rows:
            row.show()            # a row added to a shown panel counts in its layout once it is shown itself
            polish_tree(row)
            row.fit_countdown()
        while len(self.rows) > 1:
            layout.invalidate()
            if layout.minimumSize().height() <= self.height():
                break
            row = self.rows.pop()
            self._take_out(row)
            self.spare.append(row)
            self.capacity = len(self.rows)
        self._say_more()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt name
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            for row in self.spare:            # set aside in the type as it was: made anew if needed again
                self._drop(row)
            self.spare = []
        super().changeEvent(event)

    def _take_back_spare(self) -> None:
        """The rows a smaller height left out, back in order; then as many as the new height holds."""
        while self.spare:
            row = self.spare.pop()
            self.rows_box.addWidget(row)
            self.rows.append(row)
        self.capacity = len(self.rows)
        self._trim_to_height()
        self.tick()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        if self.fit_height and self.clocks:
            grown = event.size().height() > event.oldSize().height()
            missing = len(self.clocks) - len(self.rows)
            if grown and missing and len(self.spare) == missing:
                self._take_back_spare()
            elif grown and missing:
                self.capacity = len(self.clocks)
                self._build_rows()
            else:
                self._trim_to_height()
                self.tick()

    @property
    def alarm(self) -> Any:
        """Sound, taskbar and tray notice (dutyroom.gui.kit.alarm), made on first use."""
        if self._alarm is None:
            from dutyroom.gui.kit.alarm import Alarm

            self._alarm = Alarm(self.window, float(settings.get(self.ctx.store, "incidents.alarm_repeat_seconds")),
                                parent=self, titles=STAGE_TITLES, tooltip="DutyRoom 报送时限")
        return self._alarm

    def pending_alarms(self, now: datetime) -> list[tuple[int, str, str]]:
        out = []
        for clock in self.clocks:
            stage = clock.stage(now, self.warning_minutes)
            if stage in ("soon", "overdue") and stage not in clock.acked:
                text = f"［{clock.number}］{clock.label}（报{clock.recipient}）{countdown_text(clock.seconds_left(now))}"
                out.append((clock.obligation_id, stage, text))
        return out

    # -- acts ----------------------------------------------------------------------------------
    def acknowledge(self, row: ClockRow) -> None:
        from dutyroom.gui.kit.ops import run_op
        from dutyroom.incidents import obligations

        run_op(self, obligations.acknowledge, self.ctx.session, row.clock.obligation_id, row.stage)

    def meet(self, row: ClockRow) -> None:
        from dutyroom.gui.incidents.act_dialogs import meet_dialog

        obligation = self.ctx.store.row("SELECT * FROM incident_obligation WHERE id = ?", (row.clock.obligation_id,))
        if obligation is not None and obligation["status"] == "open":
            meet_dialog(self.ctx, cast(ObligationRow, dict(obligation)), self).exec()

    def new_incident(self) -> None:
        from dutyroom.gui.incidents.intake_dialogs import IntakeDialog

        dialog = IntakeDialog(self.ctx, self)
        if dialog.exec() and dialog.incident_id is not None:
            self.show_incident(dialog.incident_id)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        # 新接报 is one keystroke from anywhere in the main window (once the panel sits in it).
        if self._shortcut is None and self.can_act and self.window() is not self:
            self._shortcut = QShortcut(QKeySequence("Ctrl+N"), self.window())
            self._shortcut.activated.connect(self.new_incident)
        super().showEvent(event)

    def show_incident(self, incident_id: int) -> None:
        """The incident on the 信息接报 page (through the navigator: this panel sits on 今日值班)."""
        self.ctx.navigate("incidents", incident_id=incident_id)
