"""Application-wide look: the bundled CJK fonts registered with Qt, the UI face, the stylesheet, and the
colours code paints with (the same values ui/style.qss uses)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QWidget

from dutyroom.paths import app_path
from dutyroom.printing.fonts import registry

TEXT = "#1F2329"          # body text
SECONDARY = "#5A6472"     # secondary text, labels of values
MUTED = "#7A8699"         # ended or not applicable
VOIDED = "#9AA3AF"        # voided records, kept in lists
ALERT = "#B3261E"         # overdue, refused, errors
WARNING = "#B26A00"       # due soon
DONE = "#2E7D32"          # done in time
COMPUTED = "#F2F4F7"      # cells the program fills in
GRADE_COLOURS = {"I": "#B3261E", "II": "#D9822B", "III": "#A07D00", "IV": "#2E6FD8"}   # 特别重大 … 一般


def install_fonts(app: QApplication) -> str:
    """Register the bundled faces with Qt and make the UI face the application font. Returns its family."""
    fonts = registry()
    for path in fonts.qt_font_files():
        QFontDatabase.addApplicationFont(str(path))
    face = fonts.face_for("ui")
    font = QFont(face.family)
    font.setPointSizeF(10.5)
    # Any glyph the UI face lacks falls back to the bundled all-round face, never to a box.
    QFont.insertSubstitution(face.family, fonts.fallback.family)
    app.setFont(font)
    return face.family


def install_stylesheet(app: QApplication) -> None:
    app.setStyleSheet(app_path("ui", "style.qss").read_text(encoding="utf-8"))


def repolish(widget: QWidget) -> None:
    """Re-apply the stylesheet after a dynamic property used in a selector changed.

    A widget not yet polished gets its style when first shown, with the property already set: skipping
    it keeps building a page (dozens of cards and rows) off the start-up path.
    """
    if not widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        return
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def polish_tree(widget: QWidget) -> None:
    """Apply the stylesheet to a widget and everything in it now (not when first shown), so that its size
    hints are the styled ones — for code that measures what it has just built."""
    widget.ensurePolished()
    for child in widget.findChildren(QWidget):
        child.ensurePolished()
