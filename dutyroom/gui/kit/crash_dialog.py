"""The crash message: an uncaught exception, already in the log, told to the user in Chinese with the
log's path. One box at a time, once per burst (dutyroom.crashlog decides the bursts); a crash in a
worker thread is shown by the GUI thread."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from dutyroom.crashlog import Crash

TITLE = "DutyRoom 出错"


def crash_text(crash: Crash) -> str:
    return (
        "程序遇到意外错误，刚才的操作可能没有完成；已保存的数据不受影响。\n\n"
        f"错误：{crash.summary}\n\n"
        f"详细情况已记录在日志文件中：\n{crash.log_path}\n\n"
        "可以继续工作。如果问题反复出现，请重新启动程序，并把这个日志文件交给技术支持人员。"
    )


class CrashDialog(QObject):
    """Shows the crashes a CrashLog reports: ``crash_log.set_notifier(CrashDialog().notify)`` (the log then
    keeps it alive). Made in the GUI thread, after the QApplication."""

    _from_other_thread = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self._showing = False
        self._from_other_thread.connect(self.show_crash, Qt.ConnectionType.QueuedConnection)

    def notify(self, crash: Crash) -> None:
        app = QApplication.instance()
        if app is None:
            return
        if QThread.currentThread() == app.thread():
            self.show_crash(crash)
        else:
            self._from_other_thread.emit(crash)

    def show_crash(self, crash: Crash) -> None:
        if self._showing or QApplication.instance() is None:
            return
        self._showing = True
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, TITLE, crash_text(crash), QMessageBox.StandardButton.Ok,
                              QApplication.activeWindow())
            box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.button(QMessageBox.StandardButton.Ok).setText("确定")
            box.exec()
        except Exception:       # the box itself failing must not start another round
            logging.getLogger("dutyroom.crash").exception("Could not show the crash message")
        finally:
            self._showing = False
