"""Editors behind 值班排班 → 排班设置: holiday arrangements, absences and profiles, heightened periods,
rules and rates."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from dutyroom.duty.roles import DUTY_ROLES, ROLE_ORDER
from dutyroom.errors import ValidationError
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dates import date_edit, from_qdate
from dutyroom.gui.kit.dialogs import ToolDialog
from dutyroom.gui.kit.fields import form_layout
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table, selected_record
from dutyroom.gui.kit.widgets import button, hbox
from dutyroom.roster.calendar import RATE_DAY_KINDS


def _parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{what}“{text}”格式不对，应为 YYYY-MM-DD。") from None


def _list(model: RecordTableModel) -> Any:
    return record_table(model, sortable=False, single_selection=False, columns="stretch")


class HolidayDialog(ToolDialog):
    """One year's official arrangement: holiday ranges and make-up workdays (overrides chinese-calendar)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent, "节假日安排")
        self.resize(640, 560)
        top = QHBoxLayout()
        top.addWidget(QLabel("年份"))
        self.year = QSpinBox()
        self.year.setRange(2004, 2100)
        self.year.setValue(ctx.session.now().year + 1)
        self.year.valueChanged.connect(self.reload)
        top.addWidget(self.year)
        self.source_label = QLabel()
        top.addWidget(self.source_label, 1)
        self.layout_.addLayout(top)
        self.layout_.addWidget(subtitle_label("按国务院办公厅当年通知录入；本单位录入的安排优先于内置日历。"
                                              "日期格式 YYYY-MM-DD，一行一段假期。"))
        self.holidays = QTableWidget(0, 3)
        self.holidays.setHorizontalHeaderLabels(["节日", "放假开始", "放假结束"])
        self.holidays.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.holidays, 2)
        self.workdays = QTableWidget(0, 2)
        self.workdays.setHorizontalHeaderLabels(["调休上班日", "所属节日"])
        self.workdays.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.workdays, 1)
        form = form_layout(messages=False)
        self.source = QLineEdit()
        self.source.setPlaceholderText("例如：国办发明电〔2026〕×号")
        form.addRow("文件依据", self.source)
        self.layout_.addLayout(form)
        self.layout_.addLayout(hbox(button("加一段假期", lambda: self._add_row(self.holidays, 3)),
                                    button("加一个调休上班日", lambda: self._add_row(self.workdays, 2)),
                                    button("保存为本单位安排", self.save), button("作废本单位安排…", self.void),
                                    button("从文件导入…", self.import_file)))
        self.finish_layout()
        self.reload()

    @staticmethod
    def _add_row(table: QTableWidget, columns: int, values: tuple[str, ...] = ()) -> None:
        row = table.rowCount()
        table.insertRow(row)
        for column in range(columns):
            table.setItem(row, column, QTableWidgetItem(values[column] if column < len(values) else ""))

    def reload(self) -> None:
        from dutyroom.roster.arrangements import entered_year, year_for_editing

        source, ranges, makeup = year_for_editing(self.ctx.store, self.year.value())
        self.source_label.setText(f"当前：{source}")
        self.holidays.setRowCount(0)
        self.workdays.setRowCount(0)
        for item in ranges:
            self._add_row(self.holidays, 3, (item.name, item.first.isoformat(), item.last.isoformat()))
        for day, name in makeup:
            self._add_row(self.workdays, 2, (day.isoformat(), name))
        row = entered_year(self.ctx.store, self.year.value())
        self.source.setText(row["source"] if row else "")

    def _cells(self, table: QTableWidget, columns: int) -> list[list[str]]:
        out = []
        for row in range(table.rowCount()):
            values = [(item.text() if (item := table.item(row, c)) else "").strip() for c in range(columns)]
            if any(values):
                out.append(values)
        return out

    def save(self) -> bool:
        from dutyroom.roster.arrangements import HolidayRange, save_year

        def call() -> None:
            holidays = [HolidayRange(n, _parse_day(a, "放假开始"), _parse_day(b, "放假结束"))
                        for n, a, b in self._cells(self.holidays, 3)]
            workdays = [(_parse_day(d, "调休上班日"), n) for d, n in self._cells(self.workdays, 2)]
            save_year(self.ctx.session, self.year.value(), holidays, workdays, source=self.source.text())

        return self.run(call, f"{self.year.value()}年节假日安排已保存。")

    def void(self) -> bool:
        from dutyroom.roster.arrangements import void_year

        return self.run_with_reason("作废本单位安排", "作废原因：",
                                    lambda reason: void_year(self.ctx.session, self.year.value(), reason), "已作废。")


    def import_file(self, path: Path | None = None) -> bool:
        """A year's arrangement from a JSON file (as ``dutyroom calendar show --json`` writes it)."""
        year = import_calendar_file(self.ctx, self, self.message, path)
        if year is not None:
            self.year.setValue(year)
            self.reload()
        return year is not None


def import_calendar_file(ctx: AppContext, parent: QWidget, message: QLabel, path: Path | None = None) -> int | None:
    """Choose a calendar file (unless ``path`` is given) and enter the year it describes; the year, or None."""
    from dutyroom.gui.kit.ops import run_op
    from dutyroom.roster.calendar_file import import_calendar_file as import_file

    if path is None:
        target, _ = QFileDialog.getOpenFileName(parent, "选择节假日安排文件", str(Path.home()), "节假日安排文件 (*.json)")
        if not target:
            return None
        path = Path(target)
    outcome = run_op(parent, import_file, ctx.session, path, message=message,
                     done=lambda result: f"已录入{result[0]}年节假日安排（{path.name}）。")
    return outcome.value[0] if outcome and outcome.value else None


class AbsenceDialog(ToolDialog):
    """请假/出差/培训 as date ranges, and each person's roster attributes (no night duty, monthly maximum)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from dutyroom import org
        from dutyroom.roster.model import ABSENCE_KINDS

        super().__init__(ctx, parent, "请假、出差、培训")
        self.resize(760, 560)
        self.model = RecordTableModel([
            Column("name", "姓名"), Column("kind_label", "类型"), Column("start_date", "开始"),
            Column("end_date", "结束"), Column("note", "备注")], self)
        self.table = _list(self.model)
        self.layout_.addWidget(self.table, 1)
        self.people = org.duty_staff(ctx.store)
        grid = QGridLayout()
        self.person = QComboBox()
        for p in self.people:
            self.person.addItem(f"{p['name']}　{p['position']}", p["id"])
        self.kind = QComboBox()
        for key, label in ABSENCE_KINDS.items():
            self.kind.addItem(label, key)
        today = ctx.session.now().date()
        self.start, self.end = date_edit(today), date_edit(today)
        self.note = QLineEdit()
        self.note.setMinimumWidth(160)
        add = button("登记", self.add)
        void = button("作废所选…", self.void)
        for column, (label, widget) in enumerate((("人员", self.person), ("类型", self.kind), ("开始", self.start),
                                                  ("结束", self.end), ("备注", self.note))):
            grid.addWidget(QLabel(label), 0, column)
            grid.addWidget(widget, 1, column)
        grid.addWidget(add, 1, 5)
        grid.addWidget(void, 1, 6)
        self.layout_.addLayout(grid)
        self.no_night = QCheckBox(no_night_text(ctx.store))
        self.maximum = QSpinBox()
        self.maximum.setRange(0, 31)
        self.maximum.setSpecialValueText("不限")
        self.layout_.addLayout(hbox(self.no_night, QLabel("每月最多"), self.maximum,
                                    button("保存该人员排班属性", self.save_profile), None))
        self.person.currentIndexChanged.connect(self._load_profile)
        self.finish_layout()
        self.reload()
        self._load_profile()

    def reload(self) -> None:
        from dutyroom.roster.staffing import absences

        self.model.set_records(absences(self.ctx.store))

    def _load_profile(self) -> None:
        from dutyroom.roster.staffing import profiles

        found = profiles(self.ctx.store).get(self.person.currentData()) or {}
        self.no_night.setChecked(bool(found.get("no_night")))
        self.maximum.setValue(found.get("max_per_month") or 0)

    def add(self) -> bool:
        from dutyroom.roster.staffing import add_absence

        return self.run(lambda: add_absence(self.ctx.session, self.person.currentData(), self.kind.currentData(),
                                            from_qdate(self.start.date()), from_qdate(self.end.date()),
                                            self.note.text()), "已登记。")

    def void(self) -> bool:
        from dutyroom.roster.staffing import void_absence

        return _void_selected(self, void_absence)

    def save_profile(self) -> bool:
        from dutyroom.roster.staffing import profiles, set_profile

        found = profiles(self.ctx.store).get(self.person.currentData()) or {}
        join = date.fromisoformat(found["join_date"]) if found.get("join_date") else None
        leave = date.fromisoformat(found["leave_date"]) if found.get("leave_date") else None
        return self.run(lambda: set_profile(self.ctx.session, self.person.currentData(), join_date=join,
                                            leave_date=leave, no_night=self.no_night.isChecked(),
                                            max_per_month=self.maximum.value() or None), "排班属性已保存。")


def no_night_text(store: Any) -> str:
    """What "不值夜班" keeps someone from, under the current officer mode."""
    from dutyroom import settings

    if settings.get(store, "roster.officer_split"):
        return "不值夜班（不排值班长、值班员夜班；可排值班员白班）"
    return "不值夜班（不排值班长、值班员）"


class PeriodDialog(ToolDialog):
    """汛期 / 森林防火期 / 重要时段: date ranges that raise slot counts."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from dutyroom.roster.staffing import PERIOD_KINDS

        super().__init__(ctx, parent, "重要时段（加强值班）")
        self.resize(760, 520)
        self.setMinimumWidth(640)
        self.model = RecordTableModel([
            Column("name", "名称"), Column("kind_label", "类型"), Column("start_date", "开始"),
            Column("end_date", "结束"),
            Column("slots", "岗位人数", lambda r: "、".join(f"{DUTY_ROLES[k]}{v}" for k, v in r["slots"].items()))], self)
        self.table = _list(self.model)
        self.layout_.addWidget(self.table, 1)
        form = form_layout(messages=False)
        self.name = QLineEdit()
        self.name.setPlaceholderText("例如：2027年汛期")
        self.kind = QComboBox()
        for key, label in PERIOD_KINDS.items():
            self.kind.addItem(label, key)
        today = ctx.session.now().date()
        self.start, self.end = date_edit(today), date_edit(today)
        counts = QHBoxLayout()
        self.counts: dict[str, QSpinBox] = {}
        for role in ROLE_ORDER:
            spin = QSpinBox()
            spin.setRange(0, 9)
            spin.setMinimumWidth(52)
            self.counts[role] = spin
            counts.addWidget(QLabel(DUTY_ROLES[role]))
            counts.addWidget(spin)
        form.addRow("名称", self.name)
        form.addRow("类型", self.kind)
        form.addRow("开始", self.start)
        form.addRow("结束", self.end)
        form.addRow("至少人数（0为不变）", counts)
        self.layout_.addLayout(form)
        self.layout_.addLayout(hbox(button("新增", self.add), button("作废所选…", self.void), None))
        self.finish_layout()
        self.reload()

    def reload(self) -> None:
        from dutyroom.roster.staffing import periods

        self.model.set_records(periods(self.ctx.store))

    def add(self) -> bool:
        from dutyroom.roster.staffing import add_period

        slots = {role: spin.value() for role, spin in self.counts.items() if spin.value()}
        return self.run(lambda: add_period(self.ctx.session, name=self.name.text(), kind=self.kind.currentData(),
                                           start=from_qdate(self.start.date()), end=from_qdate(self.end.date()),
                                           slots=slots), "已新增。")

    def void(self) -> bool:
        from dutyroom.roster.staffing import void_period

        return _void_selected(self, void_period)


class RulesDialog(ToolDialog):
    """Slot counts, holiday slots, rest days, monthly maximum, 补休 and allowance rates (settings)."""

    KEYS = ("roster.slots", "roster.holiday_slots", "roster.rest_days")
    LABELS = {"roster.slots": "每班人数", "roster.holiday_slots": "节假日至少", "roster.rest_days": "值班后休息天数"}
    MONEY = {"roster.meal_allowance": "误餐", "roster.callout_allowance": "备勤召回"}     # 元/次 (issue 17)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from dutyroom import settings

        super().__init__(ctx, parent, "排班规则和补助标准")
        values = settings.get_many(ctx.store, *self.KEYS, "roster.max_per_month", "roster.comp_leave",
                                   "roster.allowance", "roster.officer_split", "roster.night_from", "duty.handover_time",
                                   *self.MONEY)
        self.handover = values["duty.handover_time"]
        grid = QGridLayout()
        for column, role in enumerate(ROLE_ORDER, start=1):
            grid.addWidget(QLabel(DUTY_ROLES[role]), 0, column)
        self.spins: dict[tuple[str, str], QSpinBox] = {}
        for row, key in enumerate(self.KEYS, start=1):
            grid.addWidget(QLabel(self.LABELS[key]), row, 0)
            for column, role in enumerate(ROLE_ORDER, start=1):
                spin = QSpinBox()
                spin.setRange(0, 14 if key == "roster.rest_days" else 9)
                spin.setValue(int(values[key].get(role, 0)))
                self.spins[(key, role)] = spin
                grid.addWidget(spin, row, column)
        self.layout_.addLayout(grid)
        form = form_layout(messages=False)
        self.maximum = QSpinBox()
        self.maximum.setRange(0, 31)
        self.maximum.setSpecialValueText("不限")
        self.maximum.setValue(int(values["roster.max_per_month"]))
        form.addRow("每人每月最多值班", self.maximum)
        split = QHBoxLayout()
        self.split = QCheckBox("值班员分白班、夜班")
        self.split.setToolTip(settings.SETTINGS["roster.officer_split"].help)
        self.split.setChecked(bool(values["roster.officer_split"]))
        self.night_from = QLineEdit(values["roster.night_from"])
        self.night_from.setFixedWidth(self.night_from.fontMetrics().horizontalAdvance("00:00") + 36)
        self.night_from.setToolTip(settings.SETTINGS["roster.night_from"].help)
        self.split_hint = QLabel()
        self.split_hint.setObjectName("pageSubtitle")
        for widget in (self.split, QLabel("夜班开始"), self.night_from, self.split_hint):
            split.addWidget(widget)
        split.addStretch(1)
        form.addRow("值班员班制", split)
        self.split.toggled.connect(self._show_split)
        self.night_from.textChanged.connect(self._show_split)
        self._show_split()
        self.rates: dict[tuple[str, str], QLineEdit] = {}
        for key, label in (("roster.comp_leave", "补休天数/次"), ("roster.allowance", "补助元/次")):
            amounts = QHBoxLayout()
            for kind, kind_label in RATE_DAY_KINDS.items():
                edit = QLineEdit(f"{values[key].get(kind, 0):g}")
                edit.setMaximumWidth(70)
                self.rates[(key, kind)] = edit
                amounts.addWidget(QLabel(kind_label))
                amounts.addWidget(edit)
            form.addRow(label, amounts)
        money = QHBoxLayout()
        for key, money_label in self.MONEY.items():
            edit = QLineEdit(str(values[key]))
            edit.setMaximumWidth(70)
            edit.setToolTip(settings.SETTINGS[key].help)
            self.rates[(key, "")] = edit
            money.addWidget(QLabel(money_label))
            money.addWidget(edit)
        money.addStretch(1)
        form.addRow("其他补助元/次", money)
        self.layout_.addLayout(form)
        self.layout_.addWidget(button("保存", self.save, primary=True))
        self.finish_layout()

    def save(self) -> bool:
        from dutyroom import settings

        values: dict[str, Any] = {key: {role: self.spins[(key, role)].value() for role in ROLE_ORDER}
                                  for key in self.KEYS}
        values["roster.max_per_month"] = self.maximum.value()
        values["roster.officer_split"] = self.split.isChecked()
        values["roster.night_from"] = self.night_from.text()
        for key in ("roster.comp_leave", "roster.allowance"):
            values[key] = {kind: self.rates[(key, kind)].text() for kind in ("workday", "weekend", "holiday")}
        values.update({key: self.rates[(key, "")].text() for key in self.MONEY})
        return self.run(lambda: settings.set_many(self.ctx.session, values), "已保存。")


    def _show_split(self) -> None:
        self.night_from.setEnabled(self.split.isChecked())
        night = self.night_from.text().strip() or "—"
        self.split_hint.setText(f"白班 {self.handover}–{night}，夜班 {night}–次日{self.handover}；"
                                "已发布的月份不受影响，草稿需重新生成" if self.split.isChecked()
                                else f"每班24小时（{self.handover}交接）")


def _void_selected(dialog: Any, void: Any) -> bool:
    """作废所选 in a list of absences or periods: a reason, then the operation."""
    record = selected_record(dialog.table)
    if record is None:
        set_message(dialog.message, "请先选择一条记录。", error=True)
        return False
    return dialog.run_with_reason("作废", "作废原因：", lambda reason: void(dialog.ctx.session, record["id"], reason),
                                  "已作废。")
