"""Editors behind 值班排班 → 排班设置: holiday arrangements, absences and profiles, heightened periods,
rules and rates; and the 串班/代班 request dialog."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dutyroom.duty.roles import DUTY_ROLES, ROLE_ORDER
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import Column, RecordTableModel
from dutyroom.roster.model import SHIFT_LABELS, slot_label


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def _parse_day(text: str, what: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(f"{what}“{text}”格式不对，应为 YYYY-MM-DD。") from None


class _Dialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.layout_ = QVBoxLayout(self)
        self.message = subtitle_label()

    def finish_layout(self) -> None:
        self.layout_.addWidget(self.message)
        close = QPushButton("关闭")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        self.layout_.addLayout(row)

    def run(self, call: Any, done: str) -> bool:
        try:
            call()
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return False
        set_message(self.message, done)
        self.reload()
        return True

    def reload(self) -> None:
        pass


class HolidayDialog(_Dialog):
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
        form = QFormLayout()
        self.source = QLineEdit()
        self.source.setPlaceholderText("例如：国办发明电〔2026〕×号")
        form.addRow("文件依据", self.source)
        self.layout_.addLayout(form)
        buttons = QHBoxLayout()
        for text, slot in (("加一段假期", lambda: self._add_row(self.holidays, 3)),
                           ("加一个调休上班日", lambda: self._add_row(self.workdays, 2)),
                           ("保存为本单位安排", self.save), ("作废本单位安排…", self.void)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        self.layout_.addLayout(buttons)
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
            values = [(table.item(row, c).text() if table.item(row, c) else "").strip() for c in range(columns)]
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
        from dutyroom.gui.auth.login import ask_reason
        from dutyroom.roster.arrangements import void_year

        reason = ask_reason(self, "作废本单位安排", "作废原因：")
        return bool(reason) and self.run(lambda: void_year(self.ctx.session, self.year.value(), reason), "已作废。")


class AbsenceDialog(_Dialog):
    """请假/出差/培训 as date ranges, and each person's roster attributes (no night duty, monthly maximum)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from dutyroom import org
        from dutyroom.roster.model import ABSENCE_KINDS

        super().__init__(ctx, parent, "请假、出差、培训")
        self.resize(760, 560)
        self.model = RecordTableModel([
            Column("name", "姓名"), Column("kind_label", "类型"), Column("start_date", "开始"),
            Column("end_date", "结束"), Column("note", "备注")], self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
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
        self.start, self.end = _date_edit(today), _date_edit(today)
        self.note = QLineEdit()
        self.note.setMinimumWidth(160)
        add = QPushButton("登记")
        add.clicked.connect(self.add)
        void = QPushButton("作废所选…")
        void.clicked.connect(self.void)
        for column, (label, widget) in enumerate((("人员", self.person), ("类型", self.kind), ("开始", self.start),
                                                  ("结束", self.end), ("备注", self.note))):
            grid.addWidget(QLabel(label), 0, column)
            grid.addWidget(widget, 1, column)
        grid.addWidget(add, 1, 5)
        grid.addWidget(void, 1, 6)
        self.layout_.addLayout(grid)
        profile = QHBoxLayout()
        self.no_night = QCheckBox(no_night_text(ctx.store))
        self.maximum = QSpinBox()
        self.maximum.setRange(0, 31)
        self.maximum.setSpecialValueText("不限")
        save_profile = QPushButton("保存该人员排班属性")
        save_profile.clicked.connect(self.save_profile)
        profile.addWidget(self.no_night)
        profile.addWidget(QLabel("每月最多"))
        profile.addWidget(self.maximum)
        profile.addWidget(save_profile)
        profile.addStretch(1)
        self.layout_.addLayout(profile)
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
                                            _day(self.start), _day(self.end), self.note.text()), "已登记。")

    def void(self) -> bool:
        from dutyroom.gui.auth.login import ask_reason
        from dutyroom.roster.staffing import void_absence

        rows = self.table.selectionModel().selectedRows()
        if not rows:
            set_message(self.message, "请先选择一条记录。", error=True)
            return False
        record = self.model.record(rows[0].row())
        reason = ask_reason(self, "作废", "作废原因：")
        return bool(reason) and self.run(lambda: void_absence(self.ctx.session, record["id"], reason), "已作废。")

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


class PeriodDialog(_Dialog):
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
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.table, 1)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText("例如：2027年汛期")
        self.kind = QComboBox()
        for key, label in PERIOD_KINDS.items():
            self.kind.addItem(label, key)
        today = ctx.session.now().date()
        self.start, self.end = _date_edit(today), _date_edit(today)
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
        buttons = QHBoxLayout()
        add = QPushButton("新增")
        add.clicked.connect(self.add)
        void = QPushButton("作废所选…")
        void.clicked.connect(self.void)
        buttons.addWidget(add)
        buttons.addWidget(void)
        buttons.addStretch(1)
        self.layout_.addLayout(buttons)
        self.finish_layout()
        self.reload()

    def reload(self) -> None:
        from dutyroom.roster.staffing import periods

        self.model.set_records(periods(self.ctx.store))

    def add(self) -> bool:
        from dutyroom.roster.staffing import add_period

        slots = {role: spin.value() for role, spin in self.counts.items() if spin.value()}
        return self.run(lambda: add_period(self.ctx.session, name=self.name.text(), kind=self.kind.currentData(),
                                           start=_day(self.start), end=_day(self.end), slots=slots), "已新增。")

    def void(self) -> bool:
        from dutyroom.gui.auth.login import ask_reason
        from dutyroom.roster.staffing import void_period

        rows = self.table.selectionModel().selectedRows()
        if not rows:
            set_message(self.message, "请先选择一条记录。", error=True)
            return False
        record = self.model.record(rows[0].row())
        reason = ask_reason(self, "作废", "作废原因：")
        return bool(reason) and self.run(lambda: void_period(self.ctx.session, record["id"], reason), "已作废。")


class RulesDialog(_Dialog):
    """Slot counts, holiday slots, rest days, monthly maximum, 补休 and allowance rates (settings)."""

    KEYS = ("roster.slots", "roster.holiday_slots", "roster.rest_days")
    LABELS = {"roster.slots": "每班人数", "roster.holiday_slots": "节假日至少", "roster.rest_days": "值班后休息天数"}

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        from dutyroom import settings

        super().__init__(ctx, parent, "排班规则和补助标准")
        values = settings.get_many(ctx.store, *self.KEYS, "roster.max_per_month", "roster.comp_leave",
                                   "roster.allowance", "roster.officer_split", "roster.night_from", "duty.handover_time")
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
        form = QFormLayout()
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
            row = QHBoxLayout()
            for kind, kind_label in (("workday", "工作日"), ("weekend", "休息日"), ("holiday", "法定节假日")):
                edit = QLineEdit(f"{values[key].get(kind, 0):g}")
                edit.setMaximumWidth(70)
                self.rates[(key, kind)] = edit
                row.addWidget(QLabel(kind_label))
                row.addWidget(edit)
            form.addRow(label, row)
        self.layout_.addLayout(form)
        save = QPushButton("保存")
        save.setObjectName("primaryButton")
        save.clicked.connect(self.save)
        self.layout_.addWidget(save)
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
        return self.run(lambda: settings.set_many(self.ctx.session, values), "已保存。")


    def _show_split(self) -> None:
        self.night_from.setEnabled(self.split.isChecked())
        night = self.night_from.text().strip() or "—"
        self.split_hint.setText(f"白班 {self.handover}–{night}，夜班 {night}–次日{self.handover}；"
                                "已发布的月份不受影响，草稿需重新生成" if self.split.isChecked()
                                else f"每班24小时（{self.handover}交接）")


class ChangeDialog(_Dialog):
    """串班 (exchange with another published duty of the same role) or 代班 (someone covers)."""

    def __init__(self, ctx: AppContext, assignment: dict[str, Any], parent: QWidget | None = None) -> None:
        from dutyroom.roster.planning import candidates

        super().__init__(ctx, parent, "串班/代班")
        self.assignment = assignment
        day = date.fromisoformat(assignment["duty_date"])
        shift = assignment.get("shift", "full")
        self.layout_.addWidget(QLabel(f"{day.month}月{day.day}日 {slot_label(assignment['role'], shift)}："
                                      f"{assignment['name']}"))
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.addItem("代班（他人替班）", "substitution")
        self.kind.addItem("串班（与他人互换班次）", "swap")
        self.kind.currentIndexChanged.connect(self._switch)
        form.addRow("类型", self.kind)
        self.substitute = QComboBox()
        for c in candidates(ctx.store, day, assignment["role"], assignment["position"], shift):
            if c.person_id != assignment["person_id"]:
                self.substitute.addItem(f"{c.name}" + (f"（{c.conflict}）" if c.conflict else ""), c.person_id)
        form.addRow("代班人", self.substitute)
        self.other = QComboBox()
        rows = ctx.store.rows(
            "SELECT a.id, a.duty_date, a.shift, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
            " WHERE a.voided_at IS NULL AND a.role = ? AND a.person_id <> ? AND a.duty_date BETWEEN ? AND ?"
            " ORDER BY a.duty_date, a.shift", (assignment["role"], assignment["person_id"],
                                               day.replace(day=1).isoformat(),
                                               date(day.year + (day.month == 12), day.month % 12 + 1, 28).isoformat()))
        for row in rows:
            part = f" {SHIFT_LABELS[row['shift']]}" if row["shift"] != "full" else ""
            self.other.addItem(f"{row['duty_date'][5:]}{part} {row['name']}", row["id"])
        form.addRow("互换的班次", self.other)
        self.reason = QLineEdit()
        form.addRow("原因", self.reason)
        self.approve = QCheckBox("同时批准（办公室录入）")
        self.approve.setVisible(ctx.session.can("roster.approve"))
        self.approve.setChecked(ctx.session.can("roster.approve"))
        form.addRow("", self.approve)
        self.layout_.addLayout(form)
        submit = QPushButton("提交")
        submit.setObjectName("primaryButton")
        submit.clicked.connect(self.submit)
        self.layout_.addWidget(submit)
        self.finish_layout()
        self._switch()

    def _switch(self) -> None:
        swap = self.kind.currentData() == "swap"
        self.other.setEnabled(swap)
        self.substitute.setEnabled(not swap)

    def submit(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        from dutyroom.roster import changes

        approve = self.approve.isVisible() and self.approve.isChecked()

        def call(accept: bool) -> None:
            if self.kind.currentData() == "swap":
                changes.request_swap(self.ctx.session, self.assignment["id"], self.other.currentData(),
                                     self.reason.text(), approve=approve, accept_conflicts=accept)
            else:
                changes.request_substitution(self.ctx.session, self.assignment["id"], self.substitute.currentData(),
                                             self.reason.text(), approve=approve, accept_conflicts=accept)

        try:
            call(False)
        except ValidationError as exc:
            if not exc.message.startswith("存在冲突"):
                set_message(self.message, exc.message, error=True)
                return False
            if QMessageBox.question(self, "确认冲突", exc.message.replace("确认后再批准。", "确定仍然批准吗？")) \
                    != QMessageBox.StandardButton.Yes:
                return False
            if not self.run(lambda: call(True), "已提交。"):
                return False
        except DutyRoomError as exc:
            set_message(self.message, exc.message, error=True)
            return False
        self.accept()
        return True
