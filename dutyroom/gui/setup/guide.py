"""开通向导: a new county's way from an empty data file to its first roster, one step at a time.

本单位 → 通讯录 (optional) → 值班人员 → 账户 → 节假日安排 → 历史排班 (optional) → 生成并发布排班. Each step says
what is already there (``setup_progress``, judged from the data, so work done elsewhere counts) and can be put
off (以后再做, ``skip_step``); the today board lists what is left (开通清单) until nothing is. Opens after the
administrator is created on a new file, and from 系统设置 and the 开通清单 later.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dutyroom.changes import ChangeSet
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import run_op
from dutyroom.gui.kit.page import subtitle_label
from dutyroom.gui.kit.theme import DONE, MUTED, WARNING
from dutyroom.gui.kit.widgets import button, hbox, label, vbox
from dutyroom.gui.setup.step_pages import STEP_BODIES, StepBody
from dutyroom.setup.steps import STEP_KEYS, SetupProgress, setup_progress, skip_step

STATUS_COLOURS = {"done": DONE, "todo": WARNING, "skipped": MUTED}
TITLE = "开通向导"


class StepFrame(QWidget):
    """A step's heading (title, what it is about, the facts) over its body."""

    def __init__(self, body: StepBody) -> None:
        super().__init__()
        self.body = body
        self.title = label("", "pageTitle")
        self.about = label("", "pageSubtitle", wrap=True)
        self.facts = label("", "setupFacts", wrap=True)
        layout = vbox(self.title, self.about, self.facts, parent=self, margins=(0, 0, 0, 0))
        layout.addWidget(body, 1)

    def show_step(self, number: int, step: Any) -> None:
        optional = "（可选）" if step.optional else ""
        self.title.setText(f"第{number}步　{step.title}{optional}")
        self.about.setText(step.about)
        self.facts.setText(f"{step.status_label}：{step.detail}")
        self.facts.setProperty("status", step.status)
        self.facts.style().unpolish(self.facts)
        self.facts.style().polish(self.facts)


class SetupGuide(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None, step: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(TITLE)
        self.setObjectName("setupGuide")
        self.progress: SetupProgress = setup_progress(ctx.store, ctx.session.now().date())
        self.message = subtitle_label()
        self.steps = QListWidget()
        self.steps.setObjectName("setupSteps")
        self.steps.setFixedWidth(200)
        self.stack = QStackedWidget()
        self.frames: list[StepFrame] = []
        for key in STEP_KEYS:
            frame = StepFrame(STEP_BODIES[key](ctx, self))
            self.frames.append(frame)
            self.stack.addWidget(frame)
            self.steps.addItem(QListWidgetItem())
        self.steps.currentRowChanged.connect(self._show)
        self.skip_button = button("以后再做", self.skip, tooltip="这一步先放一放：不再列在今日值班的开通清单上，随时可回到这里完成")
        self.back_button = button("上一步", lambda: self.go(self.current - 1))
        self.next_button = button("下一步", self.next, primary=True)
        self.close_button = button("关闭", self.reject)
        right = QFrame()
        right.setObjectName("panel")
        right_layout = vbox(self.stack, parent=right, margins=(18, 14, 18, 14))
        right_layout.setStretch(0, 1)
        body = hbox(self.steps, right, spacing=12)
        body.setStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        foot = hbox(self.message)
        foot.setStretch(0, 1)
        for widget in (self.skip_button, self.back_button, self.next_button, self.close_button):
            foot.addWidget(widget)
        layout.addLayout(foot)
        ctx.events.changed.connect(self._on_changed)
        self.refresh()
        self.go(STEP_KEYS.index(step) if step in STEP_KEYS else self._first_todo())
        self.resize(1200, 700)

    @property
    def current(self) -> int:
        return max(self.steps.currentRow(), 0)

    @property
    def current_key(self) -> str:
        return STEP_KEYS[self.current]

    def _first_todo(self) -> int:
        remaining = self.progress.remaining
        return STEP_KEYS.index(remaining[0].key) if remaining else 0

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes:
            self.refresh()

    def refresh(self) -> None:
        """The steps' status from the data as it is now."""
        self.progress = setup_progress(self.ctx.store, self.ctx.session.now().date())
        for number, step in enumerate(self.progress.steps, start=1):
            item = self.steps.item(number - 1)
            item.setText(f"{number}. {step.title}\n    {step.status_label}")
            item.setForeground(QColor(STATUS_COLOURS[step.status]))
            item.setToolTip(step.detail)
            frame = self.frames[number - 1]
            frame.show_step(number, step)
            frame.body.reload()
        self._buttons()

    def _show(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)
            self.message.setText("")
            self._buttons()

    def _buttons(self) -> None:
        step = self.progress.steps[self.current]
        last = self.current == len(STEP_KEYS) - 1
        self.back_button.setEnabled(self.current > 0)
        self.next_button.setText("完成" if last else "下一步")
        self.skip_button.setText("放回开通清单" if step.status == "skipped" else "以后再做")
        self.skip_button.setEnabled(step.status != "done" and self.ctx.session.can("settings.edit"))

    def go(self, index: int) -> None:
        self.steps.setCurrentRow(max(0, min(index, len(STEP_KEYS) - 1)))

    def next(self) -> bool:
        """下一步: the step's own save (the 本单位 form), then the next step; 完成 on the last one."""
        if not self.frames[self.current].body.save():
            return False
        if self.current == len(STEP_KEYS) - 1:
            self.accept()
        else:
            self.go(self.current + 1)
        return True

    def skip(self) -> bool:
        """以后再做 (or 放回开通清单 for a step put off before)."""
        step = self.progress.steps[self.current]
        later = step.status != "skipped"
        outcome = run_op(self, skip_step, self.ctx.session, step.key, later, message=self.message)
        if outcome and later and self.current < len(STEP_KEYS) - 1:
            self.go(self.current + 1)
        return bool(outcome)


def open_guide(ctx: AppContext, parent: QWidget | None = None, step: str | None = None) -> SetupGuide:
    """The guide, window-modal over ``parent``, at ``step`` (else the first step not done)."""
    guide = SetupGuide(ctx, parent, step)
    guide.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    guide.open()
    return guide
