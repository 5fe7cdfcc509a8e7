"""The entry form: a new entry from anywhere (F2), a roll call while the call is on (F3), a correction or
an amendment. Fields come from the entry type's data; what is typed is kept as a draft until saved."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dutyroom.clock import CST, iso, parse_iso, to_cst
from dutyroom.dutylog import kinds as kind_defs
from dutyroom.dutylog import templates as template_defs
from dutyroom.dutylog.drafts import Draft, DraftStore
from dutyroom.dutylog.entries import PendingRequest, clean_entry, clean_pending, correct_entry, record_entry
from dutyroom.dutylog.models import EntryDetail, LogEntry
from dutyroom.errors import Problems, ValidationError
from dutyroom.gui.contacts.picker import PersonPicker, PickedPerson
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dates import from_qdate, from_qtime
from dutyroom.gui.kit.fields import (
    ROWS_PER_FIELD,
    FieldChecks,
    add_field,
    enter_moves_on,
    form_layout,
    set_available,
)
from dutyroom.gui.kit.ops import ask_reason, confirm, run_op
from dutyroom.gui.kit.page import set_message
from dutyroom.gui.kit.widgets import button, fill, hbox, holder, label

DRAFT_DELAY_MS = 400


def draft_store(ctx: AppContext) -> DraftStore:
    return DraftStore(ctx.store.path, ctx.session.actor.username)


def to_qt(moment: datetime) -> QDateTime:
    """Beijing wall-clock time shown as is, whatever time zone the workstation is set to."""
    moment = to_cst(moment)
    return QDateTime(QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute, moment.second))


def from_qt(value: QDateTime) -> datetime:
    return datetime.combine(from_qdate(value.date()), from_qtime(value.time()), tzinfo=CST)


def _plain(height: int = 56) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class EntryDialog(QDialog):
    """New entry (``entry`` None) or a change to an existing one (correction, or 补正 once closed)."""

    def __init__(self, ctx: AppContext, *, kind: str = "call_in", entry: EntryDetail | None = None,
                 locked: bool = False, draft: Draft | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.entry, self.locked = ctx, entry, locked
        self.saved_id: int | None = None
        self.drafts = draft_store(ctx)
        self.draft_id = draft.draft_id if draft else DraftStore.new_id()
        self.opened_at = time.monotonic()
        self.field_widgets: dict[str, QWidget] = {}
        self.values: dict[str, Any] = {}
        self.person_id: int | None = None
        self._loading = False
        title = "新建值班记录" if entry is None else ("补正值班记录（已交接班，原记录保留）" if locked else "更正值班记录")
        self.setWindowTitle(title)
        self.setMinimumWidth(720)
        self.message = label("", "messageLabel", wrap=True)
        self.checks = FieldChecks(self, message=self.message, check=self.check)
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_kinds())
        self.form = form_layout()      # the type's own fields, then the common ones: one label column
        add_field(self.form, "时间", self._build_time_and_template(), key="occurred_at", checks=self.checks,
                  focus=self.time_edit)
        self.type_rows = (ROWS_PER_FIELD, 0)     # (first row of the type's fields, how many fields)
        self._build_common()
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addLayout(self._build_buttons())
        enter_moves_on(self)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        for signal in (self.summary.textChanged, self.detail.textChanged, self.pending_title.textChanged,
                       self.reason.textChanged, self.time_edit.dateTimeChanged, self.pending_check.toggled):
            signal.connect(self._changed)

        self._fill_templates()
        if entry is not None:
            self._load(entry["kind"], entry["fields"], entry["summary"], entry["detail"],
                       parse_iso(entry["occurred_at"]), entry.get("person_id"))
        elif draft is not None:
            self.load_draft(draft)
        else:
            self._load(kind, {}, "", "", ctx.session.now(), None)
        self._baseline: dict[str, Any] = {}
        if draft is None:
            self.mark_clean()     # a restored draft is unsaved work: cancelling it asks first

    def _build_kinds(self) -> QHBoxLayout:
        """One toggle per entry type (Alt+1…8)."""
        self.kind_group = QButtonGroup(self)
        self.kind_group.setExclusive(True)
        kinds_row = hbox(spacing=4)
        self.kind_buttons: dict[str, QPushButton] = {}
        for number, spec in enumerate(kind_defs.entry_kinds().values(), start=1):
            kind_button = button(f"{spec.label}", lambda _=False, key=spec.key: self.set_kind(key),
                                 tooltip=f"Alt+{number}", name="kindButton")
            kind_button.setCheckable(True)
            self.kind_group.addButton(kind_button)
            self.kind_buttons[spec.key] = kind_button
            kinds_row.addWidget(kind_button)
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.activated.connect(lambda key=spec.key: self.set_kind(key))
        kinds_row.addStretch(1)
        return kinds_row

    def _build_time_and_template(self) -> QWidget:
        self.time_edit = QDateTimeEdit()
        self.time_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.time_edit.setCalendarPopup(True)
        now_button = button("现在", lambda: self.time_edit.setDateTime(to_qt(self.ctx.session.now())),
                            tooltip="把时间设为当前时间")
        self.template_box = QComboBox()
        self.template_box.setMinimumWidth(200)
        self.template_box.setToolTip("常用模板：带出类型、摘要和字段（Ctrl+T）")
        self.template_box.activated.connect(self._template_chosen)
        QShortcut(QKeySequence("Ctrl+T"), self).activated.connect(self.template_box.showPopup)
        return holder(hbox(self.time_edit, now_button, None, QLabel("模板"), self.template_box))

    def _build_common(self) -> None:
        """Summary, detail, 列入待办 (new entries) and the reason of a correction (changed ones), each with its
        message line; the time's messages go under the summary's row of the form too (``occurred_at``)."""
        self.summary = _plain(70)
        self.detail = _plain(48)
        self.detail.setPlaceholderText("可选：经过、补充情况")
        self.summary_label = add_field(self.form, "内容摘要", self.summary, key="summary", checks=self.checks)
        add_field(self.form, "详细情况", self.detail, key="detail", checks=self.checks)
        self.pending_check = QCheckBox("列入待办")
        self.pending_title = QLineEdit()
        self.pending_title.setPlaceholderText("需要后续办理的事项（交接班时逐班移交，直至办结）")
        set_available(self.pending_title, False, "勾选“列入待办”后填写")
        self.pending_check.toggled.connect(lambda on: set_available(self.pending_title, on, "勾选“列入待办”后填写"))
        self.pending_check.toggled.connect(lambda on: on and self.pending_title.setFocus())
        pending_row = hbox(self.pending_check)
        pending_row.addWidget(self.pending_title, 1)
        if self.entry is None:
            add_field(self.form, "", holder(pending_row), key="pending", checks=self.checks, focus=self.pending_title)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("补正原因（必填）" if self.locked else "更正原因（可选）")
        if self.entry is not None:
            add_field(self.form, "补正原因" if self.locked else "更正原因", self.reason, key="reason",
                      checks=self.checks, required=self.locked)

    def _build_buttons(self) -> QHBoxLayout:
        """保存, 保存并新建, 存为模板, 取消, and their keys."""
        new = self.entry is None
        self.hint = label("Enter 下一项　Ctrl+Enter 保存　Alt+1…8 切换类型　Esc 取消", "hintLabel")
        self.save_button = button("保存 (Ctrl+Enter)", lambda: self.save(keep_open=False), primary=True)
        self.save_new_button = button("保存并新建", lambda: self.save(keep_open=True), tooltip="Ctrl+Shift+Enter")
        self.save_new_button.setVisible(new)
        self.template_button = button("存为模板…", self.save_as_template)
        self.template_button.setVisible(new and self.ctx.session.can("log.templates"))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(lambda: self.save(keep_open=False))
        for keys in ("Ctrl+Shift+Return", "Ctrl+Shift+Enter"):
            QShortcut(QKeySequence(keys), self).activated.connect(
                lambda: self.save(keep_open=self.entry is None))
        buttons = hbox()
        buttons.addWidget(self.hint, 1)
        fill(buttons, self.template_button, button("取消", self.reject), self.save_new_button, self.save_button)
        return buttons

    # -- building the type's fields --------------------------------------------------------------
    @property
    def kind(self) -> str:
        for key, kind_button in self.kind_buttons.items():
            if kind_button.isChecked():
                return key
        return "other"

    def set_kind(self, kind: str) -> None:
        if kind == self.kind and self.field_widgets:
            return
        self.values.update(self.field_values())
        self._build_fields(kind)
        self.checks.recheck()
        self._changed()

    def _build_fields(self, kind: str) -> None:
        spec = kind_defs.get_kind(kind)
        if kind == "roll_call" and self.entry is None:
            # while the check is on: the person at the desk answers, by video, and normally all is well
            for key, value in (("answered_by", self.ctx.session.actor.display_name), ("channel", "视频"),
                               ("result", "正常")):
                self.values.setdefault(key, value)
        self.kind_buttons[kind].setChecked(True)
        first, count = self.type_rows
        for key in list(self.field_widgets):
            self.checks.forget(key)
        for _ in range(count * ROWS_PER_FIELD):
            self.form.removeRow(first)
        self.field_widgets = {}
        for number, field_spec in enumerate(spec.fields):
            widget = self._widget_for(spec, field_spec)
            self.field_widgets[field_spec.key] = widget
            add_field(self.form, field_spec.label, widget, key=field_spec.key, checks=self.checks,
                      required=field_spec.required, focus=getattr(widget, "line_edit", None),
                      row=first + number * ROWS_PER_FIELD)
            if isinstance(widget, PersonPicker):
                self.checks.alias("person_id", field_spec.key)
        self.type_rows = (first, len(spec.fields))
        self.summary_label.setText(spec.summary_label + ("" if spec.auto_summary else "＊"))
        self.summary.setPlaceholderText("留空则按各项自动生成" if spec.auto_summary else "简要写明情况（必填）")
        opening = next(iter(self.field_widgets.values()), self.summary)
        QTimer.singleShot(0, lambda: (opening.setFocus() if opening.isVisible() else None))

    def _widget_for(self, spec: kind_defs.EntryKind, field_spec: kind_defs.FieldSpec) -> QWidget:
        value = self.values.get(field_spec.key)
        if field_spec.type == "choice":
            box = QComboBox()
            box.addItem("（请选择）", None)
            for choice in field_spec.choices:
                box.addItem(choice, choice)
            box.setCurrentIndex(max(box.findData(value), 0) if value else 0)
            box.currentIndexChanged.connect(self._changed)
            return box
        if field_spec.type == "multiline":
            edit = _plain(44)
            edit.setPlainText(str(value or ""))
            edit.textChanged.connect(self._changed)
            return edit
        if field_spec.key == spec.person_field or (field_spec.person_part == "name" and spec.phone_record):
            picker = PersonPicker(self.ctx, self, placeholder="输入姓名、拼音首字母或电话号码，从通讯录中选取；也可直接填写")
            picker.set_choice(self.person_id, str(value or ""))
            picker.picked.connect(self._person_picked)
            picker.edit.textChanged.connect(self._changed)
            return picker
        line = QLineEdit(kind_defs.field_text(field_spec, value) if field_spec.type == "seconds" else str(value or ""))
        if field_spec.type == "seconds":
            line.setPlaceholderText("如 8秒、1分30秒")
            holder = QWidget()
            strip = QHBoxLayout(holder)
            strip.setContentsMargins(0, 0, 0, 0)
            timer_button = QPushButton("记下应答用时")
            timer_button.setToolTip("查岗一开始就按 F3 打开本窗口，应答时按此按钮：记下从打开窗口到现在的秒数")
            timer_button.clicked.connect(lambda: line.setText(f"{int(time.monotonic() - self.opened_at)}秒"))
            strip.addWidget(line, 1)
            strip.addWidget(timer_button)
            line.textChanged.connect(self._changed)
            holder.line_edit = line  # type: ignore[attr-defined]
            return holder
        if field_spec.type == "date":
            line.setPlaceholderText(field_spec.help or "YYYY-MM-DD")
        elif field_spec.type == "phone":
            line.setPlaceholderText("数字和“-”，分机用“转”")
        if field_spec.suggestions:
            from PySide6.QtWidgets import QCompleter

            line.setCompleter(QCompleter(list(field_spec.suggestions), line))
        line.textChanged.connect(self._changed)
        return line

    def _person_picked(self, person: PickedPerson) -> None:
        """Fill unit, title and phone from the picked person (a part the person lacks leaves its field as typed)."""
        self.person_id = person.person_id
        for field_spec in kind_defs.get_kind(self.kind).fields:
            widget = self.field_widgets.get(field_spec.key)
            value = person.part(field_spec.person_part) if field_spec.person_part != "name" else ""
            if isinstance(widget, QLineEdit) and value:
                widget.setText(value)

    def field_values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.field_widgets.items():
            if isinstance(widget, QComboBox):
                out[key] = widget.currentData()
            elif isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText()
            elif isinstance(widget, QLineEdit | PersonPicker):
                out[key] = widget.text()
            else:
                out[key] = widget.line_edit.text()  # type: ignore[attr-defined]
        return {k: v for k, v in out.items() if v not in (None, "")}

    def picked_person(self) -> int | None:
        for widget in self.field_widgets.values():
            if isinstance(widget, PersonPicker):
                return widget.person_id()
        return None

    def _load(self, kind: str, fields: dict[str, Any], summary: str, detail: str, occurred: datetime,
              person_id: int | None) -> None:
        self._loading = True
        self.values = dict(fields)
        self.person_id = person_id
        self._build_fields(kind)
        self.summary.setPlainText(summary)
        self.detail.setPlainText(detail)
        self.time_edit.setDateTime(to_qt(occurred))
        self._loading = False

    # -- templates ---------------------------------------------------------------------------------
    def _fill_templates(self) -> None:
        self.template_box.clear()
        self.template_box.addItem("（选择常用模板）", None)
        for template in template_defs.templates(self.ctx.store):
            self.template_box.addItem(f"{template.name}　[{kind_defs.kind_label(template.kind)}]", template)

    def _template_chosen(self, index: int) -> None:
        template = self.template_box.itemData(index)
        if template is None:
            return
        fields = dict(template.fields)
        spec = kind_defs.get_kind(template.kind)
        for field_spec in spec.fields:
            if field_spec.key == "answered_by" and not fields.get("answered_by"):
                fields["answered_by"] = self.ctx.session.actor.display_name
        self._load(template.kind, fields, template.summary or self.summary.toPlainText(), template.detail,
                   from_qt(self.time_edit.dateTime()), None)
        self.template_box.setCurrentIndex(0)
        self._changed()

    def save_as_template(self) -> None:
        name = ask_reason(self, "存为模板", "模板名称（如：县水利局来电）：")
        if name is not None and run_op(self, template_defs.save_template, self.ctx.session, name=name, kind=self.kind,
                                       summary=self.summary.toPlainText(), detail=self.detail.toPlainText(),
                                       fields=self.field_values(), error_title="未能保存模板"):
            self._fill_templates()
            set_message(self.message, f"已存为模板“{name}”。")

    # -- drafts ------------------------------------------------------------------------------------
    def draft_data(self) -> dict[str, Any]:
        return {"kind": self.kind, "occurred_at": iso(from_qt(self.time_edit.dateTime())),
                "fields": self.field_values(), "summary": self.summary.toPlainText(),
                "detail": self.detail.toPlainText(), "person_id": self.picked_person(),
                "pending": self.pending_title.text() if self.pending_check.isChecked() else "",
                "entry_id": self.entry["id"] if self.entry else None, "reason": self.reason.text()}

    def _comparable(self) -> dict[str, Any]:
        data = self.draft_data()
        data.pop("occurred_at")
        return data

    def mark_clean(self) -> None:
        """What is in the form now (prefilled defaults, a draft) does not count as typing."""
        self._baseline = self._comparable()

    def has_content(self) -> bool:
        """Something typed since the form opened (or since the last save)."""
        data = self.draft_data()
        typed = bool(data["summary"].strip() or data["detail"].strip() or data["fields"] or data["pending"])
        return typed and self._comparable() != self._baseline

    def _changed(self, *_args: object) -> None:
        if not self._loading:
            self._draft_timer.start()

    def save_draft(self) -> None:
        if self.saved_id is not None:
            return
        if self.has_content():
            self.drafts.save(self.draft_id, iso(self.ctx.session.now()), self.draft_data())
        else:
            self.drafts.discard(self.draft_id)

    def load_draft(self, draft: Draft) -> None:
        data = draft.data
        self._load(data.get("kind") or "other", data.get("fields") or {}, data.get("summary", ""),
                   data.get("detail", ""), parse_iso(data["occurred_at"]) if data.get("occurred_at")
                   else self.ctx.session.now(), data.get("person_id"))
        if data.get("pending"):
            self.pending_check.setChecked(True)
            self.pending_title.setText(data["pending"])
        self.reason.setText(data.get("reason", ""))

    # -- saving ------------------------------------------------------------------------------------
    def check(self) -> None:
        """Everything saving would refuse before writing, checked as the core checks it: all at once."""
        problems = Problems()
        occurred = to_cst(from_qt(self.time_edit.dateTime()))
        complete = self.entry is None or kind_defs.is_complete(kind_defs.get_kind(self.entry["kind"]),
                                                                  self.entry["fields"])
        clean_entry(self.ctx.store, kind=self.kind, summary=self.summary.toPlainText(),
                    detail=self.detail.toPlainText(), fields=self.field_values(), person_id=self.picked_person(),
                    occurred_at=occurred, complete=complete, problems=problems)
        if self.pending_check.isChecked():
            if not self.pending_title.text().strip():
                problems.add(ValidationError("已勾选“列入待办”，请写明需要后续办理的事项。", field="pending"))
            else:
                problems.check(clean_pending, self.pending_title.text(), occurred, default=None)
        if self.locked and not self.reason.text().strip():
            problems.add(ValidationError("该班次已交接班，记录只能补正：请写明补正原因。", field="reason"))
        problems.raise_any()

    def _write(self) -> int:
        occurred = to_cst(from_qt(self.time_edit.dateTime()))
        self.check()       # every problem at once; nothing written while any is left
        if self.entry is None:
            pending = PendingRequest(self.pending_title.text()) if self.pending_check.isChecked() else None
            return record_entry(
                self.ctx.session, self.kind, summary=self.summary.toPlainText(), occurred_at=occurred,
                detail=self.detail.toPlainText(), fields=self.field_values(), person_id=self.picked_person(),
                pending=pending)
        correct_entry(self.ctx.session, self.entry["id"], kind=self.kind,
                      summary=self.summary.toPlainText(), detail=self.detail.toPlainText(),
                      fields=self.field_values(), occurred_at=occurred, person_id=self.picked_person(),
                      reason=self.reason.text())
        return self.entry["id"]

    def save(self, *, keep_open: bool) -> bool:
        outcome = run_op(self, self._write, message=self.message, on_refusal=self.checks.show)
        if not outcome:
            return False
        self.saved_id = outcome.value
        self._draft_timer.stop()
        self.drafts.discard(self.draft_id)
        if keep_open:
            kind = self.kind
            self.saved_id = None
            self.draft_id = DraftStore.new_id()
            self.pending_check.setChecked(False)
            self.pending_title.clear()
            self._load(kind, {}, "", "", self.ctx.session.now(), None)
            self.mark_clean()
            set_message(self.message, "已保存。可继续记录下一条。")
            self.opened_at = time.monotonic()
            return True
        self.accept()
        return True

    def reject(self) -> None:
        if self.saved_id is None and self.has_content() and not confirm(
                self, "放弃这条记录？", "这条记录还没有保存。放弃后草稿也将删除，确定放弃吗？", default=False):
            return
        self._draft_timer.stop()
        self.drafts.discard(self.draft_id)
        super().reject()


def entry_locked(ctx: AppContext, entry: LogEntry) -> bool:
    from dutyroom.duty.shifts import handover_time, shift_at
    from dutyroom.dutylog.shiftstate import is_locked

    shift = shift_at(parse_iso(entry["occurred_at"]), handover_time(ctx.store))
    return is_locked(ctx.store, shift, ctx.session.now())


