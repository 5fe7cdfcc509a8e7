"""恢复数据: a copy checked in full and compared with the current data file, then the administrator's
password checked against the accounts in the copy.

The dialog only decides; replacing the file is the caller's (it closes the window and the store first).
Accepted, its ``choice()`` holds the copy, the ``actor`` (as the copy knows them) and the preview the user
looked at.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom.auth.permissions import allowed
from dutyroom.backup import restore
from dutyroom.backup.restore import FileFacts, RestorePreview
from dutyroom.errors import PermissionDenied
from dutyroom.gui.kit.ops import confirm, dialog_buttons, run_op, show_error
from dutyroom.gui.kit.page import set_message
from dutyroom.gui.kit.tables import append_row, table_item, widget_table
from dutyroom.gui.kit.tasks import TaskRunner
from dutyroom.gui.kit.theme import ALERT, WARNING
from dutyroom.gui.kit.widgets import label
from dutyroom.session import Actor
from dutyroom.store.backup import Copy

INTRO = ("恢复会用所选备份替换当前数据文件。替换前，当前数据文件先备份到 backups 文件夹（已损坏的文件原样保存），"
         "恢复本身记入审计记录。恢复后程序重新打开数据文件，所有人需要重新登录。")


def when(text: str) -> str:
    return text[:16].replace("T", " ") if text else "—"


def describe_copy(copy: Copy) -> str:
    return f"{when(copy.created_at)}　{copy.kind_label}　{copy.path.name}"


def _entry(facts: FileFacts) -> str:
    entry = facts.newest_entry
    if not entry:
        return "—"
    summary = entry["summary"] or ""
    return f"{when(entry['occurred_at'])} {summary[:18]}{'…' if len(summary) > 18 else ''}"


def _position(facts: FileFacts) -> str:
    return f"第 {facts.audit.seq} 条（{facts.audit.hash[:12]}）" if facts.audit else "—"


def _count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


@dataclass(frozen=True)
class RestoreChoice:
    """What an accepted restore dialog decided: this copy, by this administrator, after this preview."""

    copy: Copy
    actor: Actor
    preview: RestorePreview


class RestoreDialog(QDialog):
    """Pick-and-check: the preview is made off the UI thread as the dialog opens."""

    def __init__(self, db_path: Path, copy: Copy, tasks: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path, self.copy, self.tasks = Path(db_path), copy, tasks
        self.preview: RestorePreview | None = None
        self.actor: Actor | None = None
        self.setWindowTitle("用备份恢复数据")
        self.setMinimumWidth(720)
        layout = QVBoxLayout(self)
        layout.addWidget(label(f"备份：{describe_copy(copy)}", "sectionTitle", wrap=True))
        layout.addWidget(label(f"当前数据文件：{self.db_path}", "pageSubtitle", wrap=True, selectable=True))
        self.check_label = label("正在校验备份（完整性检查、审计链、校验值）…", wrap=True)
        layout.addWidget(self.check_label)
        self.table = widget_table(("项目", "当前数据文件", "所选备份（恢复后）"))
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setMinimumHeight(300)
        layout.addWidget(self.table, 1)
        layout.addWidget(label(INTRO, "pageSubtitle", wrap=True))
        form = QFormLayout()
        self.username = QLineEdit()
        self.username.setPlaceholderText("按所选备份中的账户核对")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("管理员用户名", self.username)
        form.addRow("密码", self.password)
        layout.addLayout(form)
        self.message = label(wrap=True)
        layout.addWidget(self.message)
        self.buttons = dialog_buttons("恢复", dialog=self, on_ok=self.run)
        self.restore_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.restore_button.setEnabled(False)
        layout.addWidget(self.buttons)
        db_path, copy_path = self.db_path, copy.path
        self.tasks.run(lambda _state: restore.preview(db_path, copy_path), on_done=self.show_preview,
                       on_error=self._preview_failed, title="正在校验备份", parent=self, cancellable=False)

    # -- the preview ------------------------------------------------------------------------------
    def show_preview(self, preview: RestorePreview) -> None:
        self.preview = preview
        current, candidate = preview.current, preview.candidate
        self.table.setRowCount(0)
        if current.problem:
            append_row(self.table, ["当前文件状态", table_item(current.problem, colour=ALERT), "—"])
        for name, show in (("审计位置", _position), ("最新值班记录", _entry), ("数据版本", lambda f: str(f.schema_version))):
            self._compare(name, show(current) if current.exists else "—", show(candidate))
        for area, now, then in preview.rows():
            self._compare(area, _count(now), _count(then))
        if preview.refusal:
            set_message(self.check_label, preview.refusal, error=True)
            return
        set_message(self.check_label, f"备份校验通过：{preview.check.summary}。")
        self.restore_button.setEnabled(True)
        self.username.setFocus()

    def _compare(self, name: str, now: str, then: str) -> None:
        """One row; what the copy would change is marked (restoring it brings the copy's value back)."""
        differs = now != then
        append_row(self.table, [name, now, table_item(then, colour=WARNING if differs else None)])

    def _preview_failed(self, error: BaseException) -> None:
        show_error(self, error, "无法校验备份")
        set_message(self.check_label, "无法校验该备份，不能用于恢复。", error=True)

    # -- the decision -----------------------------------------------------------------------------
    def run(self) -> None:
        if self.preview is None or self.preview.refusal:
            return
        outcome = run_op(self, self._actor, message=self.message)
        if not outcome:
            return
        if confirm(self, "确认恢复", f"用备份“{self.copy.path.name}”（{when(self.copy.created_at)}）替换当前数据文件？\n\n"
                   "当前数据文件会先备份；恢复后需要重新登录。", default=False):
            self.actor = outcome.value
            self.accept()

    def choice(self) -> RestoreChoice:
        assert self.actor is not None and self.preview is not None
        return RestoreChoice(self.copy, self.actor, self.preview)

    def _actor(self) -> Actor:
        actor = restore.actor_in_copy(self.copy.path, self.username.text(), self.password.text())
        if not allowed(actor.roles, "backup.restore"):
            raise PermissionDenied(f"只有管理员可以恢复数据：账户“{actor.username}”在该备份中不是管理员。")
        return actor
