"""The data file on the way in and on the way back: a new file only when the user says so, a damaged file
explained with the newest verified copy offered, and a restore run off the UI thread behind a progress
window. Nothing here writes to a damaged file: ``open_store`` refuses it before any write, and the restore
keeps it byte for byte before replacing it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from dutyroom.backup import restore
from dutyroom.backup.restore import RestoreResult
from dutyroom.clock import Clock
from dutyroom.errors import DamagedFile, DutyRoomError
from dutyroom.gui.backup.restore_dialog import RestoreChoice, RestoreDialog, describe_copy
from dutyroom.gui.kit.ops import show_error
from dutyroom.gui.kit.tasks import TaskRunner
from dutyroom.gui.kit.widgets import button, hbox, label
from dutyroom.store import Store, open_store
from dutyroom.store.backup import COPY_SUFFIX, Copy, folder_for, read_manifest
from dutyroom.store.database import MissingDataFile, damaged_file_error
from dutyroom.tasks import TaskState

T = TypeVar("T")


# -- a new file -------------------------------------------------------------------------------------------
def ask_to_create(path: Path, parent: QWidget | None = None) -> bool:
    """Never a silent new file: a mistyped path or a moved file would otherwise start an empty record."""
    box = QMessageBox(QMessageBox.Icon.Question, "新建数据文件？",
                      f"未找到数据文件：\n{path}\n\n是否在此新建一个空的数据文件？\n"
                      "如果数据文件被移动、改名或在U盘/网络共享上，请选择“否”，找到原文件后再打开；"
                      "新建的数据文件没有任何记录，首次使用时需要创建管理员账户。", parent=parent)
    create = box.addButton("新建数据文件", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("否，退出", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(create)
    box.exec()
    return box.clickedButton() is create


# -- a damaged file ---------------------------------------------------------------------------------------
class DamagedFileDialog(QDialog):
    """What is wrong, that nothing was written, and the way back: the newest verified copy, or another one."""

    def __init__(self, error: DamagedFile, parent: QWidget | None = None, *, found_later: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("数据文件已损坏")
        self.setMinimumWidth(700)
        self.db_path = Path(str(error.path))
        self.newest: Copy | None = error.newest_copy if isinstance(error.newest_copy, Copy) else None
        self.chosen: Copy | None = None
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        heading = ("后台完整性检查发现数据文件已损坏，已停止保存任何修改。" if found_later
                   else "数据文件未通过完整性检查，不能使用。")
        icon = label()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(40, 40))
        icon.setFixedSize(40, 40)
        top = hbox(icon, label(heading, "sectionTitle", wrap=True), spacing=12)
        top.setStretch(1, 1)
        layout.addLayout(top)
        layout.addWidget(label(f"数据文件：{self.db_path}\n问题：{error.problem}", wrap=True, selectable=True))
        layout.addWidget(label("损坏的文件保持原样，程序没有向其中写入任何内容。管理员可以用一份校验通过的备份恢复；"
                               "恢复前，损坏的文件会原样另存一份，供技术人员检查。", "pageSubtitle", wrap=True))
        if self.newest is not None:
            position = f"，审计位置 第 {self.newest.audit.seq} 条" if self.newest.audit else ""
            layout.addWidget(label(f"最近一份校验通过的备份：{describe_copy(self.newest)}{position}", wrap=True))
        else:
            layout.addWidget(label(f"在“{folder_for(self.db_path)}”中没有找到校验通过的备份。可以选择其他位置"
                                   "（如U盘）中的备份，或联系技术支持。", "errorMessage", wrap=True))
        # bound methods, not lambdas holding ``self``: a parentless dialog in a reference cycle would be deleted
        # by whichever thread next runs the cycle collector
        self.newest_button = button("用最近的备份恢复…", self._choose_newest, primary=True)
        self.newest_button.setEnabled(self.newest is not None)
        self.other_button = button("选择其他备份…", self._choose_other)
        close: QPushButton = button("退出" if not found_later else "关闭", self.reject)
        layout.addLayout(hbox(self.newest_button, self.other_button, None, close))

    def _choose(self, copy: Copy | None) -> None:
        if copy is not None:
            self.chosen = copy
            self.accept()

    def _choose_newest(self) -> None:
        self._choose(self.newest)

    def _choose_other(self) -> None:
        self._choose(pick_copy_file(self, folder_for(self.db_path)))


def pick_copy_file(parent: QWidget | None, folder: Path) -> Copy | None:
    """A copy chosen with the file picker (a USB stick, a share); described by its manifest when it has one."""
    name, _filter = QFileDialog.getOpenFileName(parent, "选择备份文件", str(folder if folder.is_dir() else Path.home()),
                                                f"DutyRoom备份 (*{COPY_SUFFIX})")
    if not name:
        return None
    path = Path(name)
    return read_manifest(path) or Copy(path, "", path.stat().st_size, "unknown", "", False, has_manifest=False)


def choose_restore(error: DamagedFile, tasks: TaskRunner, parent: QWidget | None = None, *,
                   found_later: bool = False) -> RestoreChoice | None:
    """The damaged-file message, then the restore dialog for the copy picked; what was decided, or None."""
    damaged = DamagedFileDialog(error, parent, found_later=found_later)
    while damaged.exec() and damaged.chosen is not None:
        dialog = RestoreDialog(damaged.db_path, damaged.chosen, tasks, parent)
        if dialog.exec():
            return dialog.choice()
    return None


# -- long work behind a progress window, the UI alive -----------------------------------------------------
def wait_for(tasks: TaskRunner, work: Callable[[TaskState], T], title: str, parent: QWidget | None = None) -> T:
    """Run ``work`` off the UI thread and wait for it in a local event loop (the UI keeps painting)."""
    loop = QEventLoop()
    outcome: dict[str, Any] = {}

    def done(value: Any) -> None:
        outcome["value"] = value
        loop.quit()

    def failed(error: BaseException) -> None:
        outcome["error"] = error
        loop.quit()

    tasks.run(work, on_done=done, on_error=failed, title=title, parent=parent, cancellable=False, show_after_ms=0)
    loop.exec()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def wait_until_idle(tasks: TaskRunner, parent: QWidget | None = None, timeout_ms: int = 120_000) -> None:
    """Let background work (a copy being made, the contact index) finish before the store closes."""
    if not tasks.busy:
        return
    dialog = QProgressDialog("正在等待后台工作（备份、索引）完成…", "", 0, 0, parent)
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(300)
    loop = QEventLoop()
    poll = QTimer()
    poll.timeout.connect(lambda: None if tasks.busy else loop.quit())
    poll.start(50)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    poll.stop()
    dialog.close()


def replace_with_copy(tasks: TaskRunner, db_path: Path, chosen: RestoreChoice, clock: Clock,
                      parent: QWidget | None = None) -> RestoreResult | None:
    """The restore itself (every connection to ``db_path`` closed by the caller); its outcome told."""

    def work(_state: TaskState) -> RestoreResult:
        return restore.restore(db_path, chosen.copy.path, chosen.actor, now=clock.now(), seen=chosen.preview)

    try:
        result = wait_for(tasks, work, "正在恢复数据", parent)
    except DutyRoomError as exc:
        show_error(parent, exc, "恢复未完成")
        return None
    kept = f"\n原数据文件已保存为：{result.previous}" if result.previous else ""
    QMessageBox.information(parent, "已恢复", f"已用备份“{chosen.copy.path.name}”恢复数据文件（审计位置 第 {result.audit.seq} 条）。"
                            f"{kept}\n\n请重新登录。")
    return result


# -- opening ----------------------------------------------------------------------------------------------
def open_data_file(db_path: Path, *, create_folder: bool, create: bool, clock: Clock,
                   tasks: TaskRunner) -> Store | None:
    """The data file opened for the window (None: the user chose not to go on). A missing file is made only
    when the user agrees (or ``create``: the demo); a damaged one is explained and may be restored."""
    while True:
        try:
            return open_store(db_path, create_folder=create_folder, create=create, check="background")
        except MissingDataFile:
            if not ask_to_create(db_path):
                return None
            create = True
        except DamagedFile as exc:
            chosen = choose_restore(exc, tasks)
            if chosen is None:
                return None
            replace_with_copy(tasks, db_path, chosen, clock)      # then open again (or be told again)
        except DutyRoomError as exc:
            QMessageBox.critical(None, "无法打开数据文件", exc.message)
            return None


def damaged_now(db_path: Path, problem: str) -> DamagedFile:
    """The refusal for damage the background check found after opening (the newest copy named)."""
    return damaged_file_error(db_path, problem)
