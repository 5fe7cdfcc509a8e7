"""The pieces of 今日值班: a duty card, and panels of lines that show as many lines as their height holds
(the next shift, this shift's log, open 待办 and leader instructions in force) — on a larger screen more lines,
never a line drawn over another."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from dutyroom.duty.board import DutyMember
from dutyroom.duty.roles import duty_role_label
from dutyroom.gui.kit.theme import repolish
from dutyroom.gui.kit.widgets import clear_layout, elided, hidden_unless, label


class DutyCard(QFrame):
    """One slot: role, name, unit and position, the first ``phones`` numbers (selectable for copying); ``compact``
    puts the role beside the name. A part of a split officer day names its hours; ``on_now`` marks the part on
    duty (True) or not (False)."""

    def __init__(self, role: str, member: DutyMember | None, *, phones: int = 3, compact: bool = False,
                 part: str = "", on_now: bool | None = None) -> None:
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
        compact = compact and not part
        if compact and member is not None:        # a short screen: the role beside the name
            heading = QHBoxLayout()
            heading.setSpacing(6)
            heading.addWidget(label(member.name, "cardName", selectable=True))
            heading.addStretch(1)
            heading.addWidget(label(duty_role_label(role), "cardRole"), 0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(heading)
        elif part:
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
        else:
            if not compact:
                layout.addWidget(label(member.name, "cardName", selectable=True))
            unit = "　".join(part for part in (member.unit_name, member.title) if part)
            layout.addWidget(elided(unit, "cardUnit"))
            for phone in member.phones[:max(phones, 1)]:
                layout.addWidget(label(f"{phone.kind_label}  {phone.number}", "cardPhone", selectable=True))
        layout.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        repolish(self)

    def text_labels(self) -> list[QLabel]:
        """The labels that must be read whole (name and phones)."""
        return [w for w in self.findChildren(QLabel) if w.objectName() in ("cardName", "cardPhone", "cardRole")]


@dataclass(frozen=True)
class Cell:
    """One cell of a line: its text, its style name, and whether it takes the rest of the line (elided)."""

    text: str
    name: str
    stretch: bool = False
    tooltip: str = ""


Line = list[Cell]


class LinesPanel(QFrame):
    """A white panel of lines (one grid row each) that shows as many lines as its height holds and says how
    many more there are; with no lines it says ``empty``. Its height is what the page gives it."""

    def __init__(self, title: str, empty: str, *, subtitle: bool = False, more: str = "另有 {n} 条") -> None:
        super().__init__()
        self.columns = 1            # lines side by side (row by row): 2 in a wide, short place
        self.all_lines = False
        self.setObjectName("panel")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.empty, self.more_text = empty, more
        self.lines: list[Line] = []
        self.shown = -1
        column = self.column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(4)
        self.title = label(title, "sectionTitle")
        column.addWidget(self.title)
        self.subtitle = elided("", "pageSubtitle")
        column.addWidget(self.subtitle)
        hidden_unless(subtitle, self.subtitle)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(5)
        column.addLayout(self.grid)
        self.more = label("", "pageSubtitle")
        column.addWidget(self.more)
        column.addStretch(1)

    def set_lines(self, lines: list[Line]) -> None:
        self.lines = lines
        self.shown = -1
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self._fit()

    def line_height(self) -> int:
        """The height of one line in the styles its cells use, as the stylesheet sizes them now."""
        names = {cell.name for line in self.lines[:1] for cell in line} or {"logLine"}
        heights = []
        for name in names:
            probe = label("国09", name)
            probe.setParent(self)
            probe.hide()
            probe.ensurePolished()
            heights.append(probe.sizeHint().height())
            probe.deleteLater()
        return max(heights) + self.grid.verticalSpacing()

    def capacity(self) -> int:
        """How many lines this height holds (the "另有" line kept free when not all fit)."""
        margins = self.column.contentsMargins()
        fixed = margins.top() + margins.bottom() + self.title.sizeHint().height() + 4
        if self.subtitle.isVisibleTo(self):
            fixed += self.subtitle.sizeHint().height() + 4
        room = self.height() - fixed
        each = self.line_height()
        fits = max(room // each, 0) * self.columns
        if fits < len(self.lines):
            fits = max((room - self.more.sizeHint().height() - 4) // each, 0) * self.columns
        return fits

    def set_columns(self, columns: int) -> None:
        if columns != self.columns:
            self.columns = columns
            self.shown = -1
            self._fit()

    def show_all(self, on: bool) -> None:
        """Every line, the panel as tall as they need (the next shift in the cards' corner); else what fits."""
        self.all_lines = on
        self.setMinimumHeight(0)
        # all lines: its own height counts where it stands; else it takes the height the page gives it
        vertical = QSizePolicy.Policy.Preferred if on else QSizePolicy.Policy.Ignored
        self.setSizePolicy(QSizePolicy.Policy.Preferred, vertical)
        self.shown = -1
        self._fit()
        if on:
            for index in range(self.grid.count()):
                item = self.grid.itemAt(index)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.show()
                    widget.ensurePolished()
            self.column.invalidate()
            self.setMinimumHeight(self.column.minimumSize().height())

    def minimum_height(self, lines: int = 1, *, more: bool = True) -> int:
        """The height that shows ``lines`` lines (and the 另有 line when ``more``)."""
        margins = self.column.contentsMargins()
        height = margins.top() + margins.bottom() + self.title.sizeHint().height() + 8 + lines * self.line_height()
        if self.subtitle.isVisibleTo(self):
            height += self.subtitle.sizeHint().height() + 4
        return height + (self.more.sizeHint().height() + 4 if more else 0)

    def _fit(self) -> None:
        count = len(self.lines) if self.all_lines else min(len(self.lines), self.capacity())
        if count == self.shown:
            return
        self.shown = count
        clear_layout(self.grid)
        for column in range(self.grid.columnCount()):
            self.grid.setColumnStretch(column, 0)
        if not self.lines:
            self.grid.addWidget(label(self.empty, "pageSubtitle", wrap=True), 0, 0)
        width = max((len(line) for line in self.lines), default=1) + 1      # a gap column between groups
        for number, line in enumerate(self.lines[:count]):
            row, first = number // self.columns, (number % self.columns) * width
            for offset, cell in enumerate(line):
                widget: QWidget = elided(cell.text, cell.name) if cell.stretch else label(cell.text, cell.name)
                if cell.tooltip:
                    widget.setToolTip(cell.tooltip)
                self.grid.addWidget(widget, row, first + offset, Qt.AlignmentFlag.AlignVCenter)
                if cell.stretch:
                    self.grid.setColumnStretch(first + offset, 1)
        if self.columns > 1:
            for group in range(1, self.columns):
                self.grid.setColumnMinimumWidth(group * width - 1, 18)
            self.grid.setColumnStretch(self.columns * width - 1, 1)
        hidden = len(self.lines) - count
        self.more.setText(self.more_text.format(n=hidden) if hidden > 0 else "")
        self.more.setVisible(hidden > 0)
