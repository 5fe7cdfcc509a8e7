"""Screenshots of 今日值班 at the sizes duty rooms have (called by ``dutyroom.gui.screenshots``): a 1366×768
laptop, the same screen maximized under a taskbar, a 1920×1080 monitor, and the wall mode on both screens.

Offscreen there is no real screen to fill: the wall mode is entered as F11 enters it (the board alone), then
given the size of the screen it would fill."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

Save = Callable[[QWidget, QApplication, Path, list[Path]], None]
SIZES = ((1366, 768, "1366x768"), (1366, 697, "1366x768-maximized"), (1920, 1080, "1920x1080"))
WALL_SIZES = ((1366, 768, "1366x768"), (1920, 1080, "1920x1080"))


def take(window: Any, app: QApplication, outdir: Path, shots: list[Path], save: Save) -> None:
    """The board of an open window (an officer's, on the demo data) at each size, then on the wall."""
    old = window.size()
    window.show_page("today")
    for width, height, name in SIZES:
        window.resize(width, height)
        save(window, app, outdir / f"today-{name}.png", shots)
    window.enter_wall()
    for width, height, name in WALL_SIZES:
        window.setWindowState(Qt.WindowState.WindowNoState)
        window.resize(width, height)
        save(window, app, outdir / f"wall-{name}.png", shots)
    window.leave_wall()
    window.resize(old)
