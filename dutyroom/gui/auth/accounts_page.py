"""账户管理 (administrator): accounts, their roles and linked person, temporary passwords, deactivation."""

from __future__ import annotations

from dutyroom.auth import accounts
from dutyroom.auth.accounts import AccountSummary
from dutyroom.auth.permissions import roles_label
from dutyroom.changes import Area
from dutyroom.gui.auth.account_dialog import AccountDialog
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import run_with_reason
from dutyroom.gui.kit.page import Page, set_message, subtitle_label, title_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table, selected_record
from dutyroom.gui.kit.widgets import button, hbox, page_layout

COLUMNS = (
    Column("username", "用户名"),
    Column("display_name", "姓名"),
    Column("roles", "角色", text=lambda r: roles_label(set(r["roles"]))),
    Column("person_name", "关联人员", text=lambda r: r["person_name"] or "—"),
    Column("status", "状态", text=lambda r: f"已停用（{r['void_reason']}）" if r["voided_at"]
           else ("须修改密码" if r["must_change_password"] else "正常")),
    Column("last_login_at", "最近登录", text=lambda r: (r["last_login_at"] or "从未登录")[:16].replace("T", " ")),
)


class AccountsPage(Page):
    areas = frozenset({Area.ACCOUNTS, Area.ORG})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = page_layout(self, spacing=None)
        layout.addWidget(title_label("账户管理"))
        layout.addWidget(subtitle_label("每位值班人员使用自己的账户登录，所有记录都以账户署名。"
                                        "停用的账户保留在列表中，不会删除。"))
        self.new_button = button("新建账户…", self.new_account, primary=True)
        self.edit_button = button("修改姓名和角色…", self.edit)
        self.reset_button = button("设置临时密码…", self.reset_password)
        self.void_button = button("停用…", self.void)
        layout.addLayout(hbox(self.new_button, self.edit_button, self.reset_button, self.void_button, None))
        self.model = RecordTableModel(COLUMNS, self)
        self.model.muted = lambda record: bool(record["voided_at"])
        self.table = record_table(self.model)
        self.table.doubleClicked.connect(lambda _index: self.edit())
        layout.addWidget(self.table, 1)
        self.message = subtitle_label()
        layout.addWidget(self.message)

    def reload(self) -> None:
        self.model.set_records(accounts.list_accounts(self.ctx.store))

    def selected(self) -> AccountSummary | None:
        record = selected_record(self.table)
        if record is None:
            set_message(self.message, "请先在列表中选择一个账户。", error=True)
        return record

    def new_account(self) -> None:
        if AccountDialog(self.ctx, parent=self).exec():
            set_message(self.message, "账户已创建；请把临时密码当面告诉本人，首次登录时须修改。")

    def edit(self) -> None:
        record = self.selected()
        if record is not None and AccountDialog(self.ctx, record, parent=self).exec():
            set_message(self.message, f"已修改账户 {record['username']}。")

    def reset_password(self) -> None:
        record = self.selected()
        if record is not None:
            run_with_reason(self, "设置临时密码", f"为 {record['display_name']} 设置临时密码（至少8位，含字母和数字）：",
                            accounts.reset_password, self.ctx.session, record["id"], blank_cancels=True,
                            message=self.message, modal=True,
                            done=f"已为 {record['display_name']} 设置临时密码，下次登录须修改。")

    def void(self) -> None:
        record = self.selected()
        if record is not None:
            run_with_reason(self, "停用账户", f"停用 {record['display_name']}（{record['username']}）的原因：",
                            accounts.void_account, self.ctx.session, record["id"], message=self.message,
                            modal=True, done=f"账户 {record['username']} 已停用。")
