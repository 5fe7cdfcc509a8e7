"""The signed-in person's duty reminder, lent to the main window: a card under the navigation from login until
知道了, a line in the status bar while it stands, and a tray notice ("明天您值班（带班领导）…" the day before,
"今天您值班…" that day until the duty starts). What to say and when is
``dutyroom.roster.reminders.duty_reminder`` on the session's clock; this only shows it, each notice once."""

from __future__ import annotations

from collections.abc import Hashable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFrame, QLabel, QMainWindow

from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.alarm import Alarm
from dutyroom.gui.kit.widgets import button, hbox, label, vbox

if TYPE_CHECKING:
    from dutyroom.roster.reminders import Reminder

STAGE = "reminder"
ONCE = 10 ** 9          # seconds: a reminder rings once while it stands


class DutyReminder(QObject):
    def __init__(self, ctx: AppContext, window: QMainWindow) -> None:
        """``banner`` and ``status`` are the window's to place."""
        super().__init__(window)
        self.ctx, self.window = ctx, window
        self.status = QLabel()
        self.status.setObjectName("dutyReminder")
        self.status.setVisible(False)
        self.banner = QFrame()
        self.banner.setObjectName("dutyReminderCard")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.banner.setLayout(vbox(label("值班提醒", "dutyReminderTitle"), self.text,
                                   hbox(None, button("知道了", self.dismiss)), spacing=6, margins=(14, 10, 14, 10)))
        self.banner.setVisible(False)
        self.alarm = Alarm(lambda: self.window, repeat_seconds=ONCE, parent=self, titles={STAGE: "值班提醒"},
                           tooltip="值班室：值班提醒")
        self.current: Reminder | None = None
        self.dismissed: Hashable | None = None

    def check(self) -> Reminder | None:
        """Look again (just after login's first paint and on the status bar's timer) and show the reminder
        standing now, if any."""
        # the roster's leave and changes come with it: loaded after the first paint, not before
        from dutyroom.roster.reminders import duty_reminder

        self.current = duty_reminder(self.ctx.store, self.ctx.session.actor.person_id, self.ctx.session.now())
        text = self.current.text if self.current else ""
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.text.setText(text)
        self.banner.setVisible(self.current is not None and self.current.key != self.dismissed)
        self.alarm.update([(self.current.key, STAGE, text)] if self.current else [])
        return self.current

    def dismiss(self) -> None:
        """知道了: the card goes until the next reminder (the status bar keeps the line)."""
        self.dismissed = self.current.key if self.current else None
        self.banner.setVisible(False)

    def close(self) -> None:
        self.alarm.close()
