"""The Qt part of ``dutyroom selftest``: start Qt without a display, load the bundled fonts and Qt's Chinese."""

from __future__ import annotations

import os

from dutyroom.printing.fonts import registry


def check_qt() -> str:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY") and os.name != "nt":
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtGui import QFontDatabase, QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["dutyroom-selftest"])
    families = []
    for path in registry().qt_font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise RuntimeError(f"Qt无法加载字体 {path.name}")
        families += QFontDatabase.applicationFontFamilies(font_id)
    from dutyroom.gui.kit.locale import install_chinese

    if not install_chinese(app):
        raise RuntimeError("找不到Qt中文翻译 qtbase_zh_CN.qm（标准按钮和打印对话框将显示英文）")
    _keep_alive.append(app)
    return (f"PySide6 {pyside_version}（{QGuiApplication.platformName()}），已加载字体：{'、'.join(families)}；"
            "Qt中文翻译已加载")


_keep_alive: list[object] = []
