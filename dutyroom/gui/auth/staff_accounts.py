"""为值班人员创建账户: who gets which user name and role (the preview), then every account made in one step
with its slips saved as a PDF — the only place the initial passwords are ever written.

The place for the PDF is asked first: the accounts and the slips are made together in one transaction
(``create_staff_accounts`` hands the passwords to the renderer before it commits), so either both exist or
neither; a save dialog cancelled afterwards would have left accounts whose passwords nobody has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from dutyroom.changes import Area, ChangeSet
from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import show_error
from dutyroom.gui.kit.output import ask_save_path
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table
from dutyroom.gui.kit.widgets import button, hbox

COLUMNS = (Column("name", "姓名"), Column("unit", "股室"), Column("username", "用户名"),
           Column("role_label", "账户角色"))
AREAS = frozenset({Area.ORG, Area.ROSTER, Area.ACCOUNTS})


def write_slips(ctx: AppContext, path: Path) -> Any:
    """The ``deliver`` of ``create_staff_accounts``: the slips rendered and written to ``path``."""
    from dutyroom import settings
    from dutyroom.errors import ValidationError
    from dutyroom.printing.account_slips import render_account_slips, slips_doc

    org_name, session = settings.get(ctx.store, "org.name"), ctx.session

    def deliver(made: list[Any]) -> None:
        data = render_account_slips(slips_doc(org_name, made, session.now()))
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise ValidationError(f"无法写入“{path}”：{exc.strerror or exc}；没有创建任何账户。") from exc

    return deliver


class StaffAccountsPanel(QWidget):
    """The preview table and 创建账户并保存通知单…; used by its dialog and the 开通向导's accounts step."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.made: list[Any] = []
        self.slips: Path | None = None
        self.intro = subtitle_label()
        self.model = RecordTableModel(COLUMNS, self)
        self.table = record_table(self.model, single_selection=False)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)      # in the staff list's order until asked
        self.message = subtitle_label()
        self.create_button = button("创建账户并保存通知单…", lambda: self.create_accounts(), primary=True)
        self.open_button = button("打开通知单", self.open_slips)
        self.open_button.setEnabled(False)
        can = ctx.session.can("account.manage")
        if not can:
            self.create_button.setToolTip("只有管理员可以创建账户")
        self.can_create = can
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        row = hbox(self.create_button, self.open_button)
        row.addWidget(self.message, 1)
        layout.addLayout(row)
        ctx.events.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, changes: ChangeSet) -> None:
        if changes.touches(AREAS):
            self.reload()

    def reload(self) -> None:
        from dutyroom.auth.bulk import plan_staff_accounts

        planned = plan_staff_accounts(self.ctx.store)
        self.model.set_records([{**p.as_json(), "username": p.username} for p in planned])
        self.create_button.setEnabled(self.can_create and bool(planned))
        self.intro.setText(
            f"将为{len(planned)}名有值班岗位、还没有账户的值班人员各创建一个账户：用户名为姓名全拼（重名加数字），"
            "角色按其最高的值班岗位；初始密码随机生成，只印在账户通知单上，首次登录须修改。"
            if planned else "有值班岗位的值班人员都已有账户。")

    def create_accounts(self, path: Path | None = None) -> bool:
        """Ask where the slips go (unless ``path`` is given), then make the accounts and the slips together."""
        from dutyroom.auth.bulk import create_staff_accounts

        stamp = self.ctx.session.now().strftime("%Y%m%d-%H%M")
        if path is None:
            path = ask_save_path(self, f"账户通知单-{stamp}", "pdf", title="保存账户通知单（初始密码只印在这里）")
        if path is None:
            return False
        self.create_button.setEnabled(False)
        set_message(self.message, "正在创建账户并生成通知单…")
        session, deliver = self.ctx.session, write_slips(self.ctx, path)
        self.ctx.tasks.run(lambda state: create_staff_accounts(session, deliver, state=state),
                           on_done=lambda made: self._created(made, path), on_error=self._failed,
                           title="正在创建账户…", parent=self, cancellable=False)
        return True

    def _created(self, made: list[Any], path: Path) -> None:
        self.made, self.slips = made, path
        self.open_button.setEnabled(True)
        set_message(self.message, f"已创建{len(made)}个账户；账户通知单已保存到 {path}，请打印后裁开分发"
                                  "（初始密码只印在通知单上）。")
        self.reload()

    def _failed(self, error: BaseException) -> None:
        self.reload()
        if isinstance(error, DutyRoomError):
            set_message(self.message, error.message, error=True)
        else:
            show_error(self, error)

    def open_slips(self) -> None:
        if self.slips is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.slips)))


class StaffAccountsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("为值班人员创建账户")
        self.panel = StaffAccountsPanel(ctx, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel, 1)
        close = button("关闭", self.accept)
        layout.addLayout(hbox(None, close))
        self.resize(760, 560)

    @property
    def message(self) -> QLabel:
        return self.panel.message
