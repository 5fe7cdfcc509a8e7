"""Printouts and exports: render in the background, then print the PDF ("打印": the printer dialog, then
straight to the printer, ``kit.printer``) or save it (or an .xlsx, .ics, .docx) where the user says
("导出…"), and say where it went.

    deliver(self.ctx, self, lambda: render_log([log_doc(store, day, now)]), f"值班日志-{day:%Y%m%d}",
            save=False, message=self.message)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

# suffix → (title of the save dialog, file filter)
FILE_KINDS = {"pdf": ("导出PDF", "PDF 文件 (*.pdf)"), "docx": ("导出Word", "Word 文档 (*.docx)"),
              "xlsx": ("导出", "Excel 文件 (*.xlsx)"), "ics": ("导出", "日历文件 (*.ics)")}


def safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "printout"


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
            done: str | Callable[[Path], str] = "已导出：{path}", error_title: str = "打印失败",
            progress: str | None = None) -> Any:
    """Render off the UI thread, then print the PDF (``save=False``: the printer dialog, then the printer) or
    save the file where the user says. ``busy`` shows in ``message`` meanwhile; ``done`` (with ``{path}``) after
    a save; a failure is shown in a message box titled ``error_title``. ``progress``: a progress dialog with
    this title instead."""
    from dutyroom.gui.kit.ops import show_error
    from dutyroom.gui.kit.page import set_message

    def finished(data: bytes) -> None:
        if suffix == "pdf" and not save:
            print_document(ctx, parent, data, name, message=message, error_title=error_title)
            return
        path = save_as(parent, data, name, suffix)
        if path is not None and message is not None:
            set_message(message, done(path) if callable(done) else done.format(path=path))

    if busy and message is not None:
        set_message(message, busy)
    return ctx.tasks.run(lambda _state: render(), on_done=finished,
                         on_error=lambda exc: show_error(parent, exc, error_title),
                         title=progress, parent=parent if progress else None)


def print_document(ctx: Any, parent: QWidget, data: bytes, name: str, *, message: QLabel | None = None,
                   error_title: str = "打印失败") -> Any:
    """The printer dialog for a rendered PDF, then its pages to the printer off the UI thread (with progress
    and 取消). Returns the task, or None when the dialog was cancelled."""
    from dutyroom.gui.kit import printer as printing  # PDFium loads only when something is printed
    from dutyroom.gui.kit.ops import show_error
    from dutyroom.gui.kit.page import set_message

    pages = printing.page_count(data)
    job = printing.new_printer(data, name, ctx.ui_state)
    if not printing.ask_printer(parent, job, pages, title=f"打印 — {name}"):
        if message is not None:
            set_message(message, "已取消打印。")
        return None
    printing.remember_settings(job, ctx.ui_state)

    def work(state: Any) -> printing.PrintedJob:
        return printing.print_pdf(job, data, progress=lambda done, total: state.progress(
            done, total, f"正在打印第 {done}/{total} 页…"), cancelled=lambda: state.cancelled)

    def printed(result: printing.PrintedJob) -> None:
        if message is not None:
            copies = f"，{result.copies} 份" if result.copies > 1 else ""
            set_message(message, f"已送往打印机“{result.printer}”：{result.pages} 页{copies}。")

    if message is not None:
        set_message(message, "正在打印…")
    # ``job`` stays referenced by the work function until the task ends: Qt must not lose its printer.
    return ctx.tasks.run(work, on_done=printed, on_error=lambda exc: show_error(parent, exc, error_title),
                         title="正在打印…", parent=parent)
