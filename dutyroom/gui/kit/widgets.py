"""Building blocks of screens: labels, buttons, rows and columns of widgets, panels, scroll areas, and a
one-line label that elides what does not fit.

A layout is written as what it holds — ``hbox(title, None, button)`` — instead of one ``addWidget`` a line;
``None`` in a row is the stretch that pushes the rest aside.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

Item = QWidget | QLayout | None


class ElidedLabel(QLabel):
    """A one-line label that ends in "…" when it does not fit; the whole text is its tooltip.

    Glance screens use it instead of word-wrapped labels, whose height a squeezed grid layout ignores.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(20)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_full_text(text)

    def full_text(self) -> str:
        return self._full

    def set_full_text(self, text: str) -> None:
        self._full = text
        self.setToolTip(text)
        self._elide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width() - 2, 10)
        super().setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))


def label(text: str = "", name: str = "", *, wrap: bool = False, selectable: bool = False) -> QLabel:
    """A label styled by its object ``name`` (ui/style.qss): sectionTitle, pageSubtitle, cardName …"""
    made = QLabel(text)
    if name:
        made.setObjectName(name)
    made.setWordWrap(wrap)
    if selectable:
        made.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return made


def hidden_unless(allowed: bool, *widgets: QWidget) -> None:
    """Hide what the user may not use. It only ever hides: a widget shown before it sits in its page is a window
    of its own for a moment (and takes the keyboard from the main window); one left alone shows with its page."""
    if not allowed:
        for widget in widgets:
            widget.hide()


def elided(text: str, name: str = "") -> ElidedLabel:
    made = ElidedLabel(text)
    if name:
        made.setObjectName(name)
    return made


def button(text: str, slot: Callable[..., Any] | None = None, *, primary: bool = False, tooltip: str = "",
           name: str = "") -> QPushButton:
    """A push button; ``primary`` is the screen's main action (filled blue). In a dialog only the primary
    button is pressed by Enter (others would be made "default" by Qt merely for coming first)."""
    made = QPushButton(text)
    made.setAutoDefault(primary)
    if primary or name:
        made.setObjectName("primaryButton" if primary else name)
    if tooltip:
        made.setToolTip(tooltip)
    if slot is not None:
        made.clicked.connect(slot)
    return made


def fill(layout: QBoxLayout, *items: Item) -> QBoxLayout:
    """Add widgets and layouts in order; ``None`` adds a stretch."""
    for item in items:
        if item is None:
            layout.addStretch(1)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return layout


def hbox(*items: Item, spacing: int | None = None, margins: tuple[int, int, int, int] | None = None,
         parent: QWidget | None = None) -> QHBoxLayout:
    """A row of widgets (``None``: stretch)."""
    return _box(QHBoxLayout, items, spacing, margins, parent)


def vbox(*items: Item, spacing: int | None = None, margins: tuple[int, int, int, int] | None = None,
         parent: QWidget | None = None) -> QVBoxLayout:
    """A column of widgets (``None``: stretch)."""
    return _box(QVBoxLayout, items, spacing, margins, parent)


def _box(kind: type[Any], items: tuple[Item, ...], spacing: int | None,
         margins: tuple[int, int, int, int] | None, parent: QWidget | None) -> Any:
    layout = kind(parent) if parent is not None else kind()
    _space(layout, spacing, margins)
    fill(layout, *items)
    return layout


def _space(layout: QLayout, spacing: int | None, margins: tuple[int, int, int, int] | None) -> None:
    if spacing is not None:
        layout.setSpacing(spacing)
    if margins is not None:
        layout.setContentsMargins(*margins)


def page_layout(page: QWidget, *, bottom: int = 18, spacing: int | None = 10) -> QVBoxLayout:
    """The outer column of a page: the margins every page keeps."""
    return vbox(parent=page, margins=(24, 18, 24, bottom), spacing=spacing)


def page_header(title: QLabel, subtitle: QLabel, *items: Item) -> QHBoxLayout:
    """A page's title over its subtitle on the left, then ``items`` (date pickers, buttons) on the right."""
    header = QHBoxLayout()
    header.addLayout(vbox(title, subtitle), 1)
    fill(header, *items)
    return header


def panel(title: str = "", *, name: str = "panel",
          margins: tuple[int, int, int, int] | None = (14, 10, 14, 12)) -> tuple[QFrame, QVBoxLayout]:
    """A white card (``QFrame#panel``) and its column, headed by ``title`` when given (``margins`` None: the
    style's)."""
    frame = QFrame()
    frame.setObjectName(name)
    layout = vbox(parent=frame, margins=margins)
    if title:
        layout.addWidget(label(title, "sectionTitle"))
    return frame, layout


def holder(layout: QLayout, *, margins: tuple[int, int, int, int] | None = (0, 0, 0, 0)) -> QWidget:
    """A plain widget around a layout (for splitters, tabs and scroll areas)."""
    widget = QWidget()
    widget.setLayout(layout)
    if margins is not None:
        layout.setContentsMargins(*margins)
    return widget


def scroll(widget: QWidget, *, name: str = "") -> QScrollArea:
    """A frameless scroll area around ``widget`` (long forms and sheets)."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    if name:
        area.setObjectName(name)
    else:
        area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def clear_layout(layout: QLayout) -> None:
    """Remove and delete everything a layout holds, nested layouts included."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()             # gone from the screen now, deleted when the event loop comes round
            widget.deleteLater()
        elif inner is not None:
            clear_layout(inner)


def grid(rows: list[list[QWidget | None]], *, spacing: tuple[int, int] | None = None) -> QGridLayout:
    """A grid from rows of widgets (``None`` leaves a cell empty)."""
    layout = QGridLayout()
    if spacing is not None:
        layout.setHorizontalSpacing(spacing[0])
        layout.setVerticalSpacing(spacing[1])
    for row, widgets in enumerate(rows):
        for column, widget in enumerate(widgets):
            if widget is not None:
                layout.addWidget(widget, row, column)
    return layout
