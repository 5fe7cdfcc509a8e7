"""Application-wide look: the bundled CJK fonts registered with Qt, the UI face (with a face for the symbols it
cannot draw), one widget style and palette on every platform, the stylesheet, and the colours code paints
with (the same values ui/style.qss uses)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
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
WINDOW = "#F5F6F8"        # window and dialog background
PLACEHOLDER = "#8C97A8"   # placeholder text in an empty field
DISABLED_TEXT = "#9AA3AF"  # text of a disabled field or button
DISABLED_BASE = "#EEF0F3"  # background of a disabled field
GRADE_COLOURS = {"I": "#B3261E", "II": "#D9822B", "III": "#A07D00", "IV": "#2E6FD8"}   # 特别重大 … 一般


SYMBOLS_FONT = ("resources", "fonts", "dutyroom-symbols.ttf")   # packaging/make_symbols_font.py


def install_fonts(app: QApplication) -> str:
    """Register the bundled faces with Qt and make the UI face the application font. Returns its family."""
    fonts = registry()
    for path in fonts.qt_font_files():
        QFontDatabase.addApplicationFont(str(path))
    face = fonts.face_for("ui")
    font = QFont(face.family)
    font.setPointSizeF(10.5)
    font.setFamilies(ui_families(face.family, bundled=face.bundled))
    # Any glyph the UI face lacks falls back to the bundled all-round face, never to a box.
    QFont.insertSubstitution(face.family, fonts.fallback.family)
    app.setFont(font)
    return face.family


def ui_families(family: str, *, bundled: bool) -> list[str]:
    """The GUI's family list. The bundled WenQuanYi maps ℃ (and Ⅴ, Ⅹ) to empty outlines, and Qt takes a
    character from the first family that maps it: a small face with just those symbols goes first. (微软雅黑 on
    Windows draws them itself.)"""
    if not bundled:
        return [family]
    added = QFontDatabase.addApplicationFont(str(app_path(*SYMBOLS_FONT)))
    symbols = QFontDatabase.applicationFontFamilies(added) if added >= 0 else []
    return [*symbols[:1], family]


def install_stylesheet(app: QApplication) -> None:
    """Fusion on every platform (so Windows and Linux look alike and nothing keeps a native bevel), the palette
    for what the stylesheet does not name, then ui/style.qss (``@icons`` is the icon folder)."""
    app.setStyle("Fusion")
    app.setPalette(palette())
    icons = app_path("resources", "icons").as_posix()
    app.setStyleSheet(app_path("ui", "style.qss").read_text(encoding="utf-8").replace("@icons", icons))


def palette() -> QPalette:
    """The colours of every widget state, disabled ones grey and flat."""
    made = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, WINDOW), (roles.WindowText, TEXT), (roles.Base, "#FFFFFF"),
                         (roles.AlternateBase, "#F7F8FA"), (roles.Text, TEXT), (roles.Button, "#FFFFFF"),
                         (roles.ButtonText, TEXT), (roles.Highlight, "#2E5283"), (roles.HighlightedText, "#FFFFFF"),
                         (roles.ToolTipBase, "#FFFFFF"), (roles.ToolTipText, TEXT), (roles.PlaceholderText, PLACEHOLDER),
                         (roles.Link, "#2E5283"), (roles.Mid, "#B8C2D1"), (roles.Midlight, "#E3E7ED"),
                         (roles.Dark, "#8C97A8"), (roles.Light, "#FFFFFF"), (roles.Shadow, "#5A6472")):
        made.setColor(role, QColor(colour))
    disabled = QPalette.ColorGroup.Disabled
    for role, colour in ((roles.WindowText, DISABLED_TEXT), (roles.Text, DISABLED_TEXT),
                         (roles.ButtonText, DISABLED_TEXT), (roles.Base, DISABLED_BASE), (roles.Button, DISABLED_BASE),
                         (roles.PlaceholderText, DISABLED_TEXT), (roles.Highlight, "#B8C2D1")):
        made.setColor(disabled, role, QColor(colour))
    return made


def style_property(widget: QObject, name: str, default: Any = None) -> Any:
    """A dynamic property the stylesheet selects on (error, stage …), ``default`` while never set.

    PySide6 6.12 returns None for an unset property without taking a reference to it: every such call drains
    None's count until Python aborts ("deallocating None"). So unset properties are never asked for."""
    if name.encode() not in {key.data() for key in widget.dynamicPropertyNames()}:
        return default
    return widget.property(name)


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
