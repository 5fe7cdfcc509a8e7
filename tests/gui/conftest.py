"""GUI fixtures: the real application set-up (fonts, stylesheet) on pytest-qt's QApplication."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from dutyroom.auth import accounts
from dutyroom.demo.seed import demo_password


@pytest.fixture
def app(qapp):
    from dutyroom.gui.app import create_application

    return create_application([])


@pytest.fixture
def controller(app, demo_store, clock, tmp_path: Path):
    from dutyroom.gui.app import AppController, ui_state_settings

    made = AppController(demo_store, clock=clock, demo=True, ui_state=ui_state_settings(tmp_path / "ui.ini"),
                         automatic_backups=False)
    yield made
    if made.window is not None:
        made.window.close()
    made.tasks.wait_all()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


@pytest.fixture
def login_as(controller, clock):
    opened = []

    def open_for(username: str):
        actor = accounts.login(controller.store, username, demo_password(), clock)
        window = controller.open_window(actor)
        assert window is not None
        opened.append(window)
        return window

    yield open_for
    # Every window a test opened is closed with its store: a window left behind would fire its status
    # timer into a closed data file during a later test.
    for window in opened:
        try:
            window.close()
        except RuntimeError:        # already deleted (closed by the test)
            pass


@pytest.fixture
def printed(monkeypatch, tmp_path: Path) -> list[Path]:
    """The printer dialog answered "print to file": each print job becomes a PDF made by Qt's own print
    engine from the pages PDFium drew, so the whole print path runs. The list fills as jobs are answered."""
    from PySide6.QtPrintSupport import QPrinter

    from dutyroom.gui.kit import printer as printing

    jobs: list[Path] = []

    def answer(parent, printer: QPrinter, pages: int, title: str = "打印") -> bool:
        path = tmp_path / f"printed-{len(jobs) + 1}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        jobs.append(path)
        return True

    monkeypatch.setattr(printing, "ask_printer", answer)
    return jobs
