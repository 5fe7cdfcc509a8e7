"""Showing a printout: open it in the system PDF viewer ("打印"), or save it where the user says ("导出PDF")."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget

from dutyroom.clock import SystemClock
from dutyroom.paths import user_data_dir


def prints_folder() -> Path:
    folder = user_data_dir() / "prints"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _safe_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name).strip("_") or "printout"


def open_in_viewer(data: bytes, name: str) -> Path:
    """Write the PDF to the prints folder and hand it to the system viewer (which prints it)."""
    stamp = SystemClock().now().strftime("%Y%m%d-%H%M%S")
    path = prints_folder() / f"{_safe_name(name)}-{stamp}.pdf"
    path.write_bytes(data)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
    return path


def save_as(parent: QWidget | None, data: bytes, name: str) -> Path | None:
    suggested = str(Path.home() / f"{_safe_name(name)}.pdf")
    target, _ = QFileDialog.getSaveFileName(parent, "导出PDF", suggested, "PDF 文件 (*.pdf)")
    if not target:
        return None
    path = Path(target)
    if path.suffix.lower() != ".pdf":
        path = path.with_suffix(".pdf")
    path.write_bytes(data)
    return path
