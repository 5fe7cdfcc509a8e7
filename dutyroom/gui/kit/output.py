"""Printouts and exports: render in the background, then open the PDF in the system viewer ("打印") or save
it (or an .xlsx, .ics, .docx) where the user says ("导出…"), and say where it went.

    deliver(self.ctx, self, lambda: render_log([log_doc(store, day, now)]), f"值班日志-{day:%Y%m%d}",
            save=False, message=self.message)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

from dutyroom.clock import SystemClock
from dutyroom.paths import user_data_dir

# suffix → (title of the save dialog, file filter)
FILE_KINDS = {"pdf": ("导出PDF", "PDF 文件 (*.pdf)"), "docx": ("导出Word", "Word 文档 (*.docx)"),
              "xlsx": ("导出", "Excel 文件 (*.xlsx)"), "ics": ("导出", "日历文件 (*.ics)")}


def prints_folder() -> Path:
    folder = user_data_dir() / "prints"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "printout"


def open_in_viewer(data: bytes, name: str) -> Path:
    """Write the PDF to the prints folder and hand it to the system viewer (which prints it)."""
    stamp = SystemClock().now().strftime("%Y%m%d-%H%M%S")
    path = prints_folder() / f"{safe_name(name)}-{stamp}.pdf"
    path.write_bytes(data)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def ask_save_path(parent: QWidget | None, name: str, suffix: str = "pdf", title: str | None = None) -> Path | None:
    """Where to save ``name``.``suffix`` (suggested in the home folder); None when cancelled."""
    default_title, kinds = FILE_KINDS.get(suffix, ("导出", "*"))
    suggested = str(Path.home() / f"{safe_name(name)}.{suffix}")
    target, _ = QFileDialog.getSaveFileName(parent, title or default_title, suggested, kinds)
    if not target:
        return None
    path = Path(target)
    return path if path.suffix.lower() == f".{suffix}" else path.with_suffix(f".{suffix}")


def save_as(parent: QWidget | None, data: bytes, name: str, suffix: str = "pdf") -> Path | None:
    """Ask where, then write ``data`` there; None when cancelled."""
    path = ask_save_path(parent, name, suffix)
    if path is not None:
        path.write_bytes(data)
    return path


def deliver(ctx: Any, parent: QWidget, render: Callable[[], bytes], name: str, *, save: bool = False,
            suffix: str = "pdf", message: QLabel | None = None, busy: str = "",
            done: str | Callable[[Path], str] = "已生成：{path}", error_title: str = "打印失败",
            progress: str | None = None) -> Any:
    """Render off the UI thread, then open the PDF in the viewer (``save=False``) or save the file where the
    user says. ``busy`` shows in ``message`` meanwhile; ``done`` (with ``{path}``) after; a failure is shown
    in a message box titled ``error_title``. ``progress``: a progress dialog with this title instead."""
    from dutyroom.gui.kit.ops import show_error
    from dutyroom.gui.kit.page import set_message

    def finished(data: bytes) -> None:
        path = open_in_viewer(data, name) if suffix == "pdf" and not save else save_as(parent, data, name, suffix)
        if path is not None and message is not None:
            set_message(message, done(path) if callable(done) else done.format(path=path))

    if busy and message is not None:
        set_message(message, busy)
    return ctx.tasks.run(lambda _state: render(), on_done=finished,
                         on_error=lambda exc: show_error(parent, exc, error_title),
                         title=progress, parent=parent if progress else None)
