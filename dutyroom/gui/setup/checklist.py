"""开通清单 on 今日值班: while the county's setup has steps left and the shift is not rostered, the board says
what is left instead of an empty shift — each step a link that opens the 开通向导 on it."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QGridLayout, QWidget

from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.widgets import button, clear_layout, hbox, label, vbox
from dutyroom.setup.steps import STEP_KEYS, SetupProgress


class SetupChecklist(QFrame):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("setupChecklist")
        self.can_open = ctx.session.can("settings.edit")
        self.heading = label("", "sectionTitle")
        self.intro = label("", "pageSubtitle", wrap=True)
        self.steps = QGridLayout()
        self.steps.setHorizontalSpacing(14)
        self.steps.setVerticalSpacing(6)
        self.steps.setColumnStretch(1, 1)
        self.later = label("", "pageSubtitle", wrap=True)
        self.open_button = button("打开开通向导…", lambda: self.open_step(None), primary=True)
        self.open_button.setVisible(self.can_open)
        vbox(hbox(self.heading, None, self.open_button), self.intro, self.steps, self.later, parent=self,
             margins=(18, 12, 18, 14), spacing=8)
        self.links: dict[str, QWidget] = {}

    def show_progress(self, progress: SetupProgress) -> None:
        remaining = progress.remaining
        self.heading.setText(f"开通清单：还有{len(remaining)}步")
        who = "" if self.can_open else "请办公室或管理员在“系统设置 → 开通向导”中完成。"
        self.intro.setText("本班次尚未排班。本单位开始使用前还要完成下面几步，完成后这里显示本班次的值班人员；"
                           "点击一步即可打开。" + who)
        clear_layout(self.steps)
        self.links = {}
        for row, step in enumerate(remaining):
            number = STEP_KEYS.index(step.key) + 1
            text = f"第{number}步　{step.title}"
            link: QWidget = (button(text, lambda _=False, key=step.key: self.open_step(key), name="linkButton")
                             if self.can_open else label(text, "sectionTitle"))
            self.links[step.key] = link
            self.steps.addWidget(link, row, 0)
            self.steps.addWidget(label(step.detail, "setupDetail", wrap=True), row, 1)
        later = [s.title for s in progress.steps if s.status == "skipped"]
        self.later.setText(f"以后再做：{'、'.join(later)}（随时可在开通向导中完成）。" if later else "")
        self.later.setVisible(bool(later))

    def open_step(self, key: str | None) -> QWidget:
        from dutyroom.gui.setup.guide import open_guide

        return open_guide(self.ctx, self.window(), step=key)
