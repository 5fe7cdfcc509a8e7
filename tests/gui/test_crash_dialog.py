"""An exception escaping a slot or a thread reaches the log and one Chinese message box, never a cascade."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from dutyroom import crashlog
from dutyroom.crashlog import LOG_FILE_NAME, CrashLog, install_crash_log
from dutyroom.gui import app as gui_app
from dutyroom.gui.kit.crash_dialog import TITLE, CrashDialog

# The hooks under test pass exceptions on to the previous hook: not pytest-qt's, which fails the test.
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    boxes: list[dict[str, object]] = []

    def fake_exec(box: QMessageBox) -> int:
        boxes.append({"title": box.windowTitle(), "text": box.text(), "icon": box.icon(),
                      "button": box.button(QMessageBox.StandardButton.Ok).text(),
                      "gui_thread": QThread.currentThread() == QApplication.instance().thread()})
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return boxes


@pytest.fixture
def crash_log(app, tmp_path: Path) -> Iterator[CrashLog]:
    made = install_crash_log(tmp_path / "data.sqlite3")
    made.set_notifier(CrashDialog().notify)
    yield made
    made.uninstall()


def failing_slot() -> None:
    raise ValueError("槽函数出错了")


def test_exception_in_a_slot_is_logged_and_shown_once(crash_log: CrashLog, shown: list, tmp_path: Path) -> None:
    button = QPushButton("保存")
    button.clicked.connect(failing_slot)
    button.click()
    text = crash_log.path.read_text(encoding="utf-8")
    assert crash_log.path == tmp_path / "logs" / LOG_FILE_NAME
    assert "Traceback (most recent call last)" in text and "in failing_slot" in text
    assert "ValueError: 槽函数出错了" in text
    assert len(shown) == 1
    assert shown[0]["title"] == TITLE and shown[0]["icon"] == QMessageBox.Icon.Critical and shown[0]["button"] == "确定"
    assert "ValueError: 槽函数出错了" in str(shown[0]["text"]) and str(crash_log.path) in str(shown[0]["text"])
    assert "程序遇到意外错误" in str(shown[0]["text"])

    button.click()                          # the same burst: logged, not shown again
    QTimer.singleShot(0, failing_slot)
    QApplication.processEvents()
    assert len(shown) == 1
    assert "again: 3 times in this burst" in crash_log.path.read_text(encoding="utf-8")


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # passed on to pytest's hook
def test_a_thread_crash_is_shown_by_the_gui_thread(app, qtbot, shown: list, tmp_path: Path) -> None:
    made = CrashLog(tmp_path / "logs" / LOG_FILE_NAME, burst_seconds=0)
    made.install()
    made.set_notifier(CrashDialog().notify)
    try:
        worker = threading.Thread(target=failing_slot, name="后台任务")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(shown) == 1, timeout=2000)
    finally:
        made.uninstall()
    assert shown[0]["gui_thread"] is True
    assert "Uncaught exception in thread 后台任务" in made.path.read_text(encoding="utf-8")


def test_no_second_box_while_one_is_open(app, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    made = CrashLog(tmp_path / "logs" / LOG_FILE_NAME, burst_seconds=0)     # every crash a burst of its own
    made.install()
    made.set_notifier(CrashDialog().notify)
    opened: list[str] = []

    def exec_that_crashes_again(box: QMessageBox) -> int:
        opened.append(box.text())
        failing_slot_via_button()           # a repaint raising again while the box is up
        return 0

    def failing_slot_via_button() -> None:
        button = QPushButton()
        button.clicked.connect(failing_slot)
        button.click()

    monkeypatch.setattr(QMessageBox, "exec", exec_that_crashes_again)
    try:
        failing_slot_via_button()
        failing_slot_via_button()           # after the box closed: a new burst, a new box
    finally:
        made.uninstall()
    assert len(opened) == 2
    assert made.path.read_text(encoding="utf-8").count("ValueError: 槽函数出错了") == 4


def test_starting_the_gui_installs_the_log_and_the_box(app, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                       shown: list) -> None:
    from dutyroom.gui.backup import data_file

    monkeypatch.setattr(data_file, "ask_to_create", lambda path: True)         # "新建数据文件" answered
    monkeypatch.setattr(gui_app.AppController, "start", lambda self: False)     # the login is cancelled
    assert gui_app.run(tmp_path / "data.sqlite3") == 0
    installed = crashlog._active
    try:
        assert installed is not None and sys.excepthook == installed._sys_hook
        assert installed.path == tmp_path / "logs" / LOG_FILE_NAME
        QTimer.singleShot(0, failing_slot)
        QApplication.processEvents()
    finally:
        installed.uninstall()
    assert len(shown) == 1 and str(installed.path) in str(shown[0]["text"])
    assert "started on" in installed.path.read_text(encoding="utf-8")
