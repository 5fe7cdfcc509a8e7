"""Qt's own words in Chinese: standard buttons (确定, 取消, 是, 否), the printer and file dialogs, the
calendar popup. Qt ships them as ``qtbase_zh_CN.qm`` in PySide6's translations folder (the PyInstaller
bundle carries it there too)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

CHINESE = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
CATALOGUE = "qtbase"


def translation_folders() -> list[Path]:
    """Where Qt's catalogues may be: Qt's own idea, then PySide6's folder (what a frozen bundle has)."""
    import PySide6

    return [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
            Path(PySide6.__file__).resolve().parent / "Qt" / "translations"]


def install_chinese(app: QCoreApplication) -> bool:
    """Make Chinese the locale of every date, number and calendar, and install Qt's Chinese catalogue.
    False when the catalogue is missing (Qt then shows its English words)."""
    QLocale.setDefault(CHINESE)
    if getattr(app, "_dutyroom_translator", None) is not None:
        return True
    translator = QTranslator(app)
    for folder in translation_folders():
        if translator.load(CHINESE, CATALOGUE, "_", str(folder)):
            app.installTranslator(translator)
            app._dutyroom_translator = translator  # type: ignore[attr-defined]  # keep it alive with the app
            return True
    return False
