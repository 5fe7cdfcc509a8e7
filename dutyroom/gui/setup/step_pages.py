"""What each step of the 开通向导 shows and does. Each reuses the screen that does the job elsewhere: the
settings, the contact import, the 值班人员 editor and its imports, the accounts preview, the holiday-year
editor and the calendar file, the past-roster list, the planner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QButtonGroup, QFormLayout, QLabel, QLineEdit, QRadioButton, QVBoxLayout, QWidget

from dutyroom import settings
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.ops import run_op
from dutyroom.gui.kit.widgets import button, hbox, label

UNIT_FIELDS = (("org.name", "单位名称"), ("org.county", "县（区）名称"), ("duty.phone", "值班电话"),
               ("duty.fax", "传真"), ("duty.handover_time", "交接班时间"))


class StepBody(QWidget):
    """One step's own part of the guide. ``save`` runs on 下一步 (False keeps the guide on the step)."""

    def __init__(self, ctx: AppContext, guide: Any) -> None:
        super().__init__()
        self.ctx, self.guide = ctx, guide
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)

    def save(self) -> bool:
        return True

    def reload(self) -> None:
        """Read what the step shows again (the guide calls it when the data changed)."""


class UnitStep(StepBody):
    """本单位: name, county, duty phone, fax, handover time and the shift pattern."""

    def __init__(self, ctx: AppContext, guide: Any) -> None:
        super().__init__(ctx, guide)
        form = QFormLayout()
        form.setVerticalSpacing(10)
        self.edits: dict[str, QLineEdit] = {}
        for key, text in UNIT_FIELDS:
            edit = QLineEdit()
            edit.setPlaceholderText(settings.SETTINGS[key].help)
            self.edits[key] = edit
            form.addRow(text, edit)
        self.full = QRadioButton("每班24小时：带班领导、值班长、值班员、备勤同一班次")
        self.split = QRadioButton("值班员分白班、夜班（带班领导、值班长、备勤仍为24小时）")
        self.pattern = QButtonGroup(self)
        for choice in (self.full, self.split):
            self.pattern.addButton(choice)
        self.night_from = QLineEdit()
        self.night_from.setMaximumWidth(90)
        self.hours = label("", "pageSubtitle")
        form.addRow("班制", self.full)
        form.addRow("", hbox(self.split, QLabel("　夜班开始"), self.night_from, None))
        form.addRow("", self.hours)
        for signal in (self.split.toggled, self.night_from.textChanged, self.edits["duty.handover_time"].textChanged):
            signal.connect(self._show_hours)
        self.column.addLayout(form)
        self.column.addStretch(1)
        self.load()

    def load(self) -> None:
        """The saved values (not on every change elsewhere: what is being typed stays)."""
        values = settings.get_many(self.ctx.store, *(k for k, _ in UNIT_FIELDS), "roster.officer_split",
                                   "roster.night_from")
        for key, edit in self.edits.items():
            edit.setText(str(values[key]))
        (self.split if values["roster.officer_split"] else self.full).setChecked(True)
        self.night_from.setText(values["roster.night_from"])
        self._show_hours()

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: edit.text().strip() for key, edit in self.edits.items()}
        values["roster.officer_split"] = self.split.isChecked()
        values["roster.night_from"] = self.night_from.text().strip()
        return values

    def _show_hours(self) -> None:
        handover, night = self.edits["duty.handover_time"].text().strip(), self.night_from.text().strip() or "—"
        self.night_from.setEnabled(self.split.isChecked())
        self.hours.setText(f"值班员白班 {handover}–{night}，夜班 {night}–次日{handover}" if self.split.isChecked()
                           else f"每班从 {handover} 起24小时，{handover} 交接班")

    def save(self) -> bool:
        return bool(run_op(self, settings.set_many, self.ctx.session, self.values(), message=self.guide.message,
                           done="本单位信息已保存。"))


class ContactsStep(StepBody):
    def __init__(self, ctx: AppContext, guide: Any) -> None:
        super().__init__(ctx, guide)
        self.import_button = button("导入Excel通讯录…", lambda: self.import_contacts(), primary=True)
        self.import_button.setEnabled(ctx.session.can("contacts.manage"))
        self.column.addWidget(label("县里现有的通讯录（乡镇、村、部门、救援队伍、专家……）可直接从Excel导入：标题行、合并单元格、"
                                    "一格多个号码都能识别，导入前逐行预览。也可以以后在“通讯录”页面导入或逐条录入。",
                                    "pageSubtitle", wrap=True))
        self.column.addLayout(hbox(self.import_button, None))
        self.column.addStretch(1)

    def import_contacts(self, path: Path | None = None) -> Any:
        from dutyroom.gui.contacts.import_dialog import ImportDialog
        from dutyroom.gui.kit.import_preview import open_import

        return open_import(ImportDialog(self.ctx, self.guide), path)


class StaffStep(StepBody):
    def __init__(self, ctx: AppContext, guide: Any) -> None:
        from dutyroom.gui.roster.staff_editor import StaffEditor

        super().__init__(ctx, guide)
        self.import_button = button("导入值班人员名单…", lambda: self.import_staff(), primary=True)
        self.import_button.setEnabled(ctx.session.can("roster.staff") and ctx.session.can("org.edit"))
        intro = label("导入局机关值班人员名单（花名册），或在下表中为每人勾选可担任的值班岗位（可多选）和“不值夜班”；"
                      "选中多行后勾选，一次修改所选的全部人员。", "pageSubtitle", wrap=True)
        top = hbox(intro, self.import_button)
        top.setStretch(0, 1)
        self.column.addLayout(top)
        self.editor = StaffEditor(ctx, self, message=guide.message)
        self.column.addWidget(self.editor, 1)

    def import_staff(self, path: Path | None = None) -> Any:
        from dutyroom.gui.kit.import_preview import open_import
        from dutyroom.gui.roster.staff_imports import staff_import_dialog

        return open_import(staff_import_dialog(self.ctx, self.guide), path)


class AccountsStep(StepBody):
    def __init__(self, ctx: AppContext, guide: Any) -> None:
        from dutyroom.gui.auth.staff_accounts import StaffAccountsPanel

        super().__init__(ctx, guide)
        self.panel = StaffAccountsPanel(ctx, self)
        self.column.addWidget(self.panel, 1)


class CalendarStep(StepBody):
    """The holiday arrangement of every year the next roster touches that the calendar lacks."""

    def __init__(self, ctx: AppContext, guide: Any) -> None:
        super().__init__(ctx, guide)
        self.years = label("", "sectionTitle", wrap=True)
        self.enter_button = button("录入节假日安排…", self.enter_year, primary=True)
        self.file_button = button("导入节假日安排文件…", lambda: self.import_file())
        for widget in (self.enter_button, self.file_button):
            widget.setEnabled(ctx.session.can("roster.calendar"))
        self.column.addWidget(label("法定节假日和调休上班日按国务院办公厅当年的通知录入（每年11—12月公布）；没有录入的年份，"
                                    "排班不能发布。可逐段录入，也可以导入节假日安排文件（JSON，与“dutyroom calendar show"
                                    " --json”的格式相同）。", "pageSubtitle", wrap=True))
        self.column.addWidget(self.years)
        self.column.addLayout(hbox(self.enter_button, self.file_button, None))
        self.arrangement = label("", "setupDetail", wrap=True)
        self.column.addWidget(self.arrangement)
        self.column.addStretch(1)
        self.reload()

    def missing(self) -> list[int]:
        from dutyroom.roster.arrangements import load_calendar
        from dutyroom.roster.planning import month_range

        first, last = month_range(*self.guide.progress.month)
        return load_calendar(self.ctx.store).missing_years(first, last)

    def reload(self) -> None:
        year, month = self.guide.progress.month
        missing = self.missing()
        self.years.setText(f"下一个要排班的月份：{year}年{month}月。" + (
            "尚未录入：" + "、".join(f"{y}年" for y in missing) if missing else "所涉年份的节假日安排已有。"))
        self.arrangement.setText(arrangement_text(self.ctx.store, year))

    def enter_year(self) -> Any:
        from dutyroom.gui.roster.setup_dialogs import HolidayDialog

        dialog = HolidayDialog(self.ctx, self.guide)
        missing = self.missing()
        dialog.year.setValue(missing[0] if missing else self.guide.progress.month[0])
        dialog.open()
        return dialog

    def import_file(self, path: Any = None) -> int | None:
        from dutyroom.gui.roster.setup_dialogs import import_calendar_file

        return import_calendar_file(self.ctx, self, self.guide.message, path)


def arrangement_text(store: Any, year: int) -> str:
    """A year's holidays and make-up workdays as the roster will use them, or that it has none."""
    from dutyroom.roster.calendar_file import calendar_json

    shown = calendar_json(store, year)
    if not shown["known"]:
        return f"{year}年：尚未录入。"
    ranges = "；".join(f"{r['name']} {r['first'][5:]}至{r['last'][5:]}（{r['days']}天）" for r in shown["ranges"])
    workdays = "、".join(d[5:] for d in shown["workdays"]) or "无"
    return f"{year}年：{ranges}。调休上班：{workdays}。来源：{shown['origin']}。"


class HistoryStep(StepBody):
    def __init__(self, ctx: AppContext, guide: Any) -> None:
        from dutyroom.gui.roster.staff_imports import HistoryPanel

        super().__init__(ctx, guide)
        self.column.addWidget(label("导入以往的月值班表（Excel，一个月一张工作表），值班次数的统计和轮转就从以往接续，"
                                    "不会让以往值得多的人又先排。没有可跳过。", "pageSubtitle", wrap=True))
        self.panel = HistoryPanel(ctx, self)
        self.column.addWidget(self.panel, 1)

    def reload(self) -> None:
        self.panel.reload()


class FirstMonthStep(StepBody):
    def __init__(self, ctx: AppContext, guide: Any) -> None:
        super().__init__(ctx, guide)
        self.month_label = label("", "sectionTitle")
        self.open_button = button("", self.open_roster, primary=True)
        self.open_button.setEnabled(ctx.session.can("roster.plan"))
        self.column.addWidget(self.month_label)
        self.column.addWidget(label("在“值班排班”中点“生成其余”自动编排整月（按轮转和公平规则，接续历史排班），检查质量报告，"
                                    "个别格子可点击调整并固定，然后“发布…”。发布后今日值班、交接班和各种打印件即按排班执行。",
                                    "pageSubtitle", wrap=True))
        self.column.addLayout(hbox(self.open_button, None))
        self.column.addSpacing(12)
        self.column.addWidget(label("开通情况", "sectionTitle"))
        self.recap = label("", "setupDetail", wrap=True)
        self.column.addWidget(self.recap)
        self.column.addStretch(1)
        self.reload()

    def reload(self) -> None:
        year, month = self.guide.progress.month
        self.month_label.setText(f"第一个月：{year}年{month}月")
        self.open_button.setText(f"打开值班排班（{year}年{month}月）")
        self.recap.setText("\n".join(f"{s.title}（{s.status_label}）：{s.detail}"
                                      for s in self.guide.progress.steps if s.key != "first_month"))

    def open_roster(self) -> None:
        year, month = self.guide.progress.month
        self.guide.accept()
        self.ctx.navigate("roster", year=year, month=month)


STEP_BODIES: dict[str, type[StepBody]] = {
    "unit": UnitStep, "contacts": ContactsStep, "staff": StaffStep, "accounts": AccountsStep,
    "calendar": CalendarStep, "history": HistoryStep, "first_month": FirstMonthStep,
}
