"""系统设置 → 数据备份: the copies (time, size, verified, audit position, kind, where, problem), 立即备份,
restore from a copy, check a copy again, and the backup settings with the second place's state.

Everything that touches the disk beyond the data file — listing the copies' manifests, asking whether a
USB stick or share is there, checking a copy — runs off the UI thread: a share that is down can take
seconds to say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from dutyroom import settings
from dutyroom.backup import service
from dutyroom.backup.service import BackupResult
from dutyroom.errors import DutyRoomError
from dutyroom.gui.backup.restore_dialog import RestoreDialog, when
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import run_op, show_error
from dutyroom.gui.kit.page import set_message
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table, selected_record
from dutyroom.gui.kit.widgets import button, hbox, holder, label, panel, vbox
from dutyroom.store.backup import Copy, CopyCheck, folder_for, list_copies, verify_copy
from dutyroom.tasks import TaskState


def _size(record: dict[str, Any]) -> str:
    size = record["copy"].bytes
    return f"{size / 1e6:.1f} MB" if size >= 100_000 else f"{size / 1e3:.0f} KB"


def _position(record: dict[str, Any]) -> str:
    audit = record["copy"].audit
    return f"第 {audit.seq:,} 条" if audit else "—"


COLUMNS = (
    Column("created_at", "备份时间", lambda r: when(r["copy"].created_at), sort=lambda r: r["copy"].created_at),
    Column("kind", "类别", lambda r: r["copy"].kind_label),
    Column("bytes", "大小", _size, sort=lambda r: r["copy"].bytes),
    Column("verified", "校验", lambda r: "通过" if r["copy"].verified else "未通过"),
    Column("audit", "审计位置", _position, sort=lambda r: r["copy"].audit.seq if r["copy"].audit else -1,
           tooltip=lambda r: f"审计链末条校验值：{r['copy'].audit.hash}" if r["copy"].audit else ""),
    Column("place", "位置", lambda r: r["place"], tooltip=lambda r: str(r["copy"].path)),
    Column("problem", "说明", lambda r: r["copy"].problem, tooltip=lambda r: r["copy"].problem),
)


@dataclass(frozen=True)
class Shelf:
    """What the folders hold, read off the UI thread."""

    copies: list[Copy]
    local: Path
    second: Path | None
    second_reachable: bool


def read_shelf(db_path: Path, policy: service.BackupPolicy) -> Shelf:
    second = policy.second_folder
    return Shelf(list_copies(service.folders(db_path, policy), db_path.name), folder_for(db_path), second,
                 second is not None and service.reachable(second))


class BackupPanel(QWidget):
    """The 数据备份 tab of 系统设置 (administrators)."""

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.shelf: Shelf | None = None
        self.model = RecordTableModel(COLUMNS)
        self.model.muted = lambda record: not record["copy"].verified
        self.view = record_table(self.model, columns="user", widths=(130, 140, 70, 50, 90, 70))
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)     # newest first, as listed
        self.view.doubleClicked.connect(lambda _index: self.restore_selected())
        self.state_label = label(wrap=True)
        self.message = label(wrap=True)
        self.backup_button = button("立即备份", self.backup_now, primary=True,
                                    tooltip="在后台备份数据文件并校验；备份期间可以照常工作")
        self.restore_button = button("用所选备份恢复…", self.restore_selected)
        self.verify_button = button("重新校验所选备份", self.verify_selected)
        self.folder_button = button("打开备份文件夹", self.open_folder)
        left = vbox(self.state_label, self.view,
                    hbox(self.backup_button, self.restore_button, self.verify_button, None, self.folder_button),
                    self.message, margins=(0, 0, 0, 0))
        layout = hbox(holder(left), margins=(0, 8, 0, 0), spacing=16, parent=self)
        layout.setStretch(0, 3)
        layout.addWidget(self._settings_panel(), 2)
        keeper = ctx.backups
        if keeper is not None:
            keeper.copies_changed.connect(self.reload)

    def _settings_panel(self) -> QWidget:
        frame, column = panel("备份设置")
        form = QFormLayout()
        form.setVerticalSpacing(8)
        self.daily_time = QLineEdit()
        self.daily_time.setPlaceholderText("时:分，例如 03:00")
        self.after_handover = QCheckBox("每次确认接班后在后台备份一次")
        self.keep = {key: QSpinBox() for key in ("backup.keep_daily", "backup.keep_weekly", "backup.keep_monthly")}
        for key, box in self.keep.items():
            box.setRange(*{"backup.keep_daily": (1, 366), "backup.keep_weekly": (0, 520),
                           "backup.keep_monthly": (0, 600)}[key])
        self.second_folder = QLineEdit()
        self.second_folder.setPlaceholderText("U盘或网络共享上的文件夹（留空则不用）")
        self.warn_days = QSpinBox()
        self.warn_days.setRange(1, 60)
        self.second_state = label(wrap=True)
        form.addRow(settings.SETTINGS["backup.daily_time"].label, self.daily_time)
        form.addRow("", self.after_handover)
        for key, box in self.keep.items():
            form.addRow(settings.SETTINGS[key].label, box)
        form.addRow(settings.SETTINGS["backup.second_folder"].label,
                    hbox(self.second_folder, button("选择…", self.pick_second_folder), spacing=6))
        form.addRow("", self.second_state)
        form.addRow(settings.SETTINGS["backup.warn_days"].label, self.warn_days)
        column.addLayout(form)
        column.addWidget(label("自动备份只保留设定数量；手动备份、恢复前和升级前的备份不会被自动删除。", "pageSubtitle", wrap=True))
        self.settings_message = label(wrap=True)
        column.addLayout(hbox(button("保存备份设置", self.save_settings, primary=True), None))
        column.addWidget(self.settings_message)
        column.addStretch(1)
        return frame

    # -- reading ----------------------------------------------------------------------------------
    def reload(self) -> None:
        values = settings.get_many(self.ctx.store, *service.POLICY_KEYS)
        self.daily_time.setText(values["backup.daily_time"])
        self.after_handover.setChecked(bool(values["backup.after_handover"]))
        for key, box in self.keep.items():
            box.setValue(int(values[key]))
        self.second_folder.setText(values["backup.second_folder"])
        self.warn_days.setValue(int(values["backup.warn_days"]))
        policy, path = service.policy_of(self.ctx.store), self.ctx.store.path
        self.ctx.tasks.run(lambda _state: read_shelf(path, policy), on_done=self.show_shelf)

    def show_shelf(self, shelf: Shelf) -> None:
        self.shelf = shelf
        self.model.set_records([{"copy": c, "place": "本机" if c.path.parent == shelf.local else "第二位置"}
                                for c in shelf.copies])
        verified = [c for c in shelf.copies if c.verified and c.kind in service.COUNTED_KINDS]
        newest = (f"最近一份校验通过的备份：{when(verified[0].created_at)}（{verified[0].kind_label}）。" if verified
                  else "还没有校验通过的备份。")
        self.state_label.setText(f"{newest}备份保存在“{shelf.local}”，共 {len(shelf.copies)} 份。")
        if shelf.second is None:
            set_message(self.second_state, "未设置第二备份位置：本机硬盘损坏时备份会一起丢失。")
        elif shelf.second_reachable:
            set_message(self.second_state, "第二备份位置可以访问，每份备份都会复制到这里。")
        else:
            set_message(self.second_state, "第二备份位置目前无法访问（U盘未插入或网络共享不可用）。", error=True)

    def selected_copy(self) -> Copy | None:
        record = selected_record(self.view)
        return None if record is None else record["copy"]

    # -- acting -----------------------------------------------------------------------------------
    def backup_now(self) -> None:
        keeper = self.ctx.backups
        if keeper is None:
            return
        started = run_op(self, keeper.backup_now, self.ctx.session, self, self._made, self._failed,
                         message=self.message)
        if started and not started.value:
            set_message(self.message, "正在备份，请等这一份完成。")
        elif started:
            set_message(self.message, "正在后台备份…")

    def _made(self, result: BackupResult) -> None:
        copy = result.copy
        text = (f"已备份：{copy.path.name}（{copy.bytes / 1e6:.1f} MB，{copy.seconds:.1f} 秒，"
                f"{'校验通过' if copy.verified else '审计链未通过校验'}）。")
        if result.mirrored is not None:
            text += "已复制到第二备份位置。"
        if result.mirror_problem:
            text += result.mirror_problem
        set_message(self.message, text, error=not copy.verified or bool(result.mirror_problem))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, DutyRoomError):
            set_message(self.message, error.message, error=True)
        else:
            show_error(self, error, "备份未完成")

    def restore_selected(self) -> None:
        copy = self.selected_copy()
        if copy is None:
            set_message(self.message, "请先在列表中选择一份备份。", error=True)
            return
        if not self.ctx.session.can("backup.restore"):
            set_message(self.message, "只有管理员可以恢复数据。", error=True)
            return
        dialog = RestoreDialog(self.ctx.store.path, copy, self.ctx.tasks, self)
        keeper = self.ctx.backups
        if dialog.exec() and keeper is not None:
            choice = dialog.choice()
            # after this slot returns: the restore closes the window this panel is part of
            QTimer.singleShot(0, lambda: keeper.restore_requested.emit(choice))

    def verify_selected(self) -> None:
        copy = self.selected_copy()
        if copy is None:
            set_message(self.message, "请先在列表中选择一份备份。", error=True)
            return

        def work(_state: TaskState) -> CopyCheck:
            return verify_copy(copy.path)[1]

        def done(found: CopyCheck) -> None:
            set_message(self.message, f"“{copy.path.name}”：{found.summary}。", error=not found.ok)

        self.ctx.tasks.run(work, on_done=done, on_error=self._failed, title="正在校验备份", parent=self,
                           cancellable=False)

    def open_folder(self) -> None:
        folder = self.shelf.local if self.shelf is not None else folder_for(self.ctx.store.path)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def pick_second_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择第二备份位置", self.second_folder.text() or str(Path.home()))
        if chosen:
            self.second_folder.setText(str(Path(chosen)))

    def save_settings(self) -> None:
        values = {"backup.daily_time": self.daily_time.text(),
                  "backup.after_handover": self.after_handover.isChecked(),
                  "backup.second_folder": self.second_folder.text(), "backup.warn_days": self.warn_days.value(),
                  **{key: box.value() for key, box in self.keep.items()}}
        run_op(self, settings.set_many, self.ctx.session, values, message=self.settings_message, done="备份设置已保存。")
