"""值班人员: who may be rostered, as what, and when — the one place the roster reads its people from.

The editor (``staff_editor``) with the county's imports around it: the staff list, accounts in bulk with their
slips, past rosters. Reached from the navigation, from 值班排班 and from 系统设置 (``ctx.navigate("staff")``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dutyroom.changes import Area
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.page import Page, subtitle_label, title_label
from dutyroom.gui.kit.widgets import button, hidden_unless, page_header, page_layout
from dutyroom.gui.roster.staff_editor import StaffEditor

INTRO = ("排班只从这里选人：勾选每人可担任的值班岗位（可多选）和“不值夜班”。选中多行后勾选，一次修改所选的全部人员。"
         "到岗前、调离后不排班。")


class StaffPage(Page):
    areas = frozenset({Area.ORG, Area.ROSTER, Area.ACCOUNTS})

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        can = ctx.session.can
        layout = page_layout(self)
        self.import_button = button("导入值班人员名单…", lambda: self.import_staff(), primary=True)
        self.accounts_button = button("为值班人员创建账户…", self.create_accounts)
        self.history_button = button("历史排班…", self.history)
        self.import_button.setEnabled(can("roster.staff") and can("org.edit"))
        hidden_unless(can("account.manage"), self.accounts_button)
        self.history_button.setEnabled(can("roster.history"))
        self.roster_button = button("值班排班", lambda: ctx.navigate("roster"))
        hidden_unless(can("roster.plan"), self.roster_button)
        layout.addLayout(page_header(title_label("值班人员"), subtitle_label(INTRO), self.import_button,
                                     self.accounts_button, self.history_button, self.roster_button))
        self.message = subtitle_label()
        self.editor = StaffEditor(ctx, self, message=self.message)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.message)

    def reload(self) -> None:
        self.editor.reload()

    def go_to(self, **target: Any) -> None:
        """``person_id=N`` selects that person; ``show="no_role"`` (a key of ``staff_editor.SHOW``) filters."""
        show = target.get("show")
        if isinstance(show, str):
            index = self.editor.show_box.findData(show)
            if index >= 0:
                self.editor.show_box.setCurrentIndex(index)
        person = target.get("person_id")
        if isinstance(person, int):
            self.editor.select_ids({person})

    def import_staff(self, path: Path | None = None) -> Any:
        from dutyroom.gui.kit.import_preview import open_import
        from dutyroom.gui.roster.staff_imports import staff_import_dialog

        return open_import(staff_import_dialog(self.ctx, self), path)

    def create_accounts(self) -> Any:
        from dutyroom.gui.auth.staff_accounts import StaffAccountsDialog

        dialog = StaffAccountsDialog(self.ctx, self)
        dialog.open()
        return dialog

    def history(self) -> Any:
        from dutyroom.gui.roster.staff_imports import HistoryDialog

        dialog = HistoryDialog(self.ctx, self)
        dialog.open()
        return dialog
