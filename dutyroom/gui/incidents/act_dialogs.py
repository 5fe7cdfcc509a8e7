"""Dialogs of incident reporting: 接报 (intake), 续接来电, 修改要素, recording acts (完成/免报/处置结束/核报要求).

Each dialog calls one core operation; a refusal stays in the dialog, next to the field it names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from dutyroom import settings
from dutyroom.clock import parse_iso
from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.contacts.picker import PersonPicker
from dutyroom.gui.context import AppContext
from dutyroom.gui.incidents.form_builder import SHANGHAI, FormWidget, from_qdatetime, to_qdatetime
from dutyroom.gui.kit.page import set_message
from dutyroom.gui.kit.theme import repolish
from dutyroom.incidents import deadlines, forms, intake, rulebook
from dutyroom.incidents.rules import GRADE_LABELS, GRADES

GRADE_COLOURS = {"I": "#B3261E", "II": "#D9822B", "III": "#C9A227", "IV": "#2E6FD8"}
HOW_CHOICES = ("电话", "当面", "传真", "政务专网", "应急指挥综合业务系统", "短信", "微信")


def grade_badge(label: QLabel, grade: str, text: str | None = None) -> None:
    label.setObjectName("gradeBadge")
    label.setProperty("grade", grade)
    label.setText(text or GRADE_LABELS[grade])
    repolish(label)


def _buttons(ok: str, cancel: str = "取消") -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(cancel)
    return box


def _datetime_edit(moment: datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit()
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setTimeZone(SHANGHAI)
    edit.setCalendarPopup(True)
    edit.setDateTime(to_qdatetime(moment))
    return edit


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(widget)
    return area


def _counts(form: forms.FormDef, values: dict[str, Any]) -> dict[str, Any]:
    """The grading inputs of a half-typed form, leniently (a wrong value counts as zero in the preview)."""
    out: dict[str, Any] = {}
    for fld in form:
        if fld.type in ("int", "money", "bool"):
            try:
                out[fld.key] = forms.clean_value(fld, values.get(fld.key))
            except ValidationError:
                out[fld.key] = 0
        elif fld.type in ("category", "subtype", "choice"):
            out[fld.key] = str(values.get(fld.key) or "")
    return out


class GradePreview(QFrame):
    """Live grade, reasons, flags and the clocks this incident would get — shown while typing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setMinimumWidth(280)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        heading = QLabel("研判（随录入自动计算）")
        heading.setObjectName("sectionTitle")
        layout.addWidget(heading)
        self.badge = QLabel()
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setObjectName("reasonText")
        layout.addWidget(self.reasons)
        self.flags = QLabel()
        self.flags.setWordWrap(True)
        self.flags.setObjectName("flagText")
        layout.addWidget(self.flags)
        clocks = QLabel("接报后须完成")
        clocks.setObjectName("sectionTitle")
        layout.addWidget(clocks)
        self.plan = QLabel()
        self.plan.setWordWrap(True)
        self.plan.setObjectName("planText")
        self.plan.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.plan)
        layout.addStretch(1)
        self.rules_label = QLabel()
        self.rules_label.setObjectName("pageSubtitle")
        self.rules_label.setWordWrap(True)
        layout.addWidget(self.rules_label)

    def show_for(self, store: Any, form: forms.FormDef, values: dict[str, Any]) -> None:
        current = rulebook.in_force(store)
        facts = _counts(form, values)
        grading = current.rules.grade(facts)
        grade_badge(self.badge, grading.grade, f"{GRADE_LABELS[grading.grade]}事件")
        self.reasons.setText("\n".join(grading.reasons))
        lines = list(grading.flag_reasons)
        if grading.level != grading.grade:
            lines.append(f"按{GRADE_LABELS[grading.level]}事件的时限报送")
        lines.append("须向上级报告" if grading.must_report else "按规则只须报告带班领导")
        self.flags.setText("\n".join(lines))
        self.flags.setProperty("alert", grading.must_report)
        repolish(self.flags)
        situation = deadlines.Situation(grading.level, str(facts.get("category") or ""),
                                        str(facts.get("subtype") or ""), frozenset(grading.flags))
        try:
            received = parse_iso(values.get("received_at") or "")
        except ValueError:
            received = None
        if received is None:
            self.plan.setText("")
        else:
            items = deadlines.plan_received(situation, received, current.rules)

            def when(moment: datetime) -> str:
                day = "" if moment.date() == received.date() else f"{moment.month}月{moment.day}日"
                return f"{day}{moment:%H:%M}前"

            self.plan.setText("\n".join(
                f"{when(p.due_at)}　{p.label}" + ("（此后" + p.rule_text + "）" if p.recurring else "")
                for p in items))
        self.rules_label.setText(f"规则：{current.label}")


class IntakeDialog(QDialog):
    """新接报: the intake form built from its definition, the grade as you type, saved in one go."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.incident_id: int | None = None
        self.setWindowTitle("新接报 — 突发事件信息接报")
        self.resize(1100, 740)
        store = ctx.store
        self.form_def = intake.intake_form()
        self.form = FormWidget(self.form_def, store=store, now=ctx.session.now,
                               person_picker=lambda: PersonPicker(ctx))
        outer = QVBoxLayout(self)
        hint = QLabel("接报时间已自动填写。必填项带＊；Tab 在各项之间移动，Ctrl+Enter 保存。保存后即开始计时。")
        hint.setObjectName("pageSubtitle")
        outer.addWidget(hint)
        body = QHBoxLayout()
        body.addWidget(_scroll(self.form), 3)
        side = QVBoxLayout()
        self.preview = GradePreview()
        side.addWidget(self.preview, 1)
        title_label = QLabel("事件标题（地点＋类型＋伤亡＋进展，可改）")
        title_label.setObjectName("sectionTitle")
        side.addWidget(title_label)
        self.title = QLineEdit()
        self.title.setPlaceholderText("按要素自动生成")
        side.addWidget(self.title)
        self.suggested = QLabel()
        self.suggested.setWordWrap(True)
        self.suggested.setObjectName("pageSubtitle")
        side.addWidget(self.suggested)
        body.addLayout(side, 2)
        outer.addLayout(body, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        buttons = _buttons("保存并开始计时 (Ctrl+Enter)")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            QShortcut(QKeySequence(keys), self, activated=self.save)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.update_preview)
        self.form.changed.connect(self._timer.start)
        self.update_preview()
        QTimer.singleShot(0, self.form.focus_first)

    def values(self) -> dict[str, Any]:
        return self.form.values()

    def update_preview(self) -> None:
        values = self.values()
        self.preview.show_for(self.ctx.store, self.form_def, values)
        facts = dict(values)
        for key in ("township", "village"):
            unit_id = values.get(key)
            name = self.ctx.store.scalar("SELECT name FROM org_unit WHERE id = ?", (unit_id,)) if unit_id else None
            facts[key] = {"id": unit_id, "name": name} if name else None
        facts.update(_counts(self.form_def, values))
        suggestion = intake.suggest_title(facts)
        self.title.setPlaceholderText(suggestion)
        self.suggested.setText("")

    def save(self) -> None:
        try:
            self.incident_id = intake.open_incident(self.ctx.session, self.values(), title=self.title.text() or None)
        except DutyRoomError as exc:
            self.form.show_error(getattr(exc, "field", None))
            set_message(self.message, exc.message, error=True)
            return
        self.accept()


class FactsDialog(QDialog):
    """续接来电 (a later call, optionally with changed facts) or 修改要素 (a correction with its reason)."""

    def __init__(self, ctx: AppContext, incident: dict[str, Any], *, with_call: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.incident, self.with_call = ctx, incident, with_call
        self.setWindowTitle(("续接来电 — " if with_call else "修改事件要素 — ") + incident["title"][:30])
        self.resize(980, 720)
        store = ctx.store
        form = intake.intake_form()
        outer = QVBoxLayout(self)
        self.call_form: FormWidget | None = None
        if with_call:
            call_groups = [g.key for g in form.groups if g.call]
            self.call_form = FormWidget(form, store=store, now=ctx.session.now, groups=call_groups,
                                        fold_optional=False, person_picker=lambda: PersonPicker(ctx))
            outer.addWidget(self.call_form)
            label = QLabel("本次来电内容摘要＊")
        else:
            label = QLabel("修改原因或信息来源＊")
        label.setObjectName("sectionTitle")
        outer.addWidget(label)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setMaximumHeight(70)
        outer.addWidget(self.summary)
        note = QLabel("下面是事件现有要素：只改有变化的项；伤亡变化会自动重新定级、调整时限。")
        note.setObjectName("pageSubtitle")
        outer.addWidget(note)
        fact_groups = [g.key for g in form.groups if not g.call]
        self.facts_form = FormWidget(form, store=store, now=ctx.session.now, groups=fact_groups)
        self.facts_form.set_values(intake.facts_of(incident))
        outer.addWidget(_scroll(self.facts_form), 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        outer.addWidget(self.message)
        buttons = _buttons("保存 (Ctrl+Enter)")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)
        self.plan_changes: list[str] = []

    def changes(self) -> dict[str, Any]:
        call_keys = {f.key for g in intake.intake_form().groups if g.call for f in g.fields}
        return {k: v for k, v in self.facts_form.values().items() if k not in call_keys}

    def save(self) -> None:
        session = self.ctx.session
        try:
            if self.with_call and self.call_form is not None:
                call = {k: v for k, v in self.call_form.values().items()}
                intake.add_call(session, self.incident["id"], call, summary=self.summary.toPlainText(),
                                changes=self.changes())
            else:
                self.plan_changes = intake.update_facts(session, self.incident["id"], self.changes(),
                                                        note=self.summary.toPlainText())
        except DutyRoomError as exc:
            key = getattr(exc, "field", None)
            shown = (self.call_form.show_error(key) if self.call_form else False) or self.facts_form.show_error(key)
            if not shown and key in ("summary", "note"):
                self.summary.setFocus()
            set_message(self.message, exc.message, error=True)
            return
        self.accept()


@dataclass
class Spec:
    """One input of a small dialog."""
    key: str
    label: str
    kind: str = "text"          # text, area, datetime, combo, editable, check
    default: Any = None
    options: tuple[str, ...] = ()
    hint: str = ""


class QuickDialog(QDialog):
    """A small form dialog whose OK runs an operation; a refusal keeps it open with the reason."""

    def __init__(self, title: str, intro: str, specs: list[Spec], action: Callable[[dict[str, Any]], Any],
                 ok: str = "保存", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.action, self.result_value = action, None
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            label.setObjectName("pageSubtitle")
            layout.addWidget(label)
        form = QFormLayout()
        self.inputs: dict[str, QWidget] = {}
        for spec in specs:
            widget: QWidget
            if spec.kind == "area":
                widget = QPlainTextEdit(str(spec.default or ""))
                widget.setTabChangesFocus(True)
                widget.setMaximumHeight(90)
            elif spec.kind == "datetime":
                widget = _datetime_edit(spec.default)
            elif spec.kind in ("combo", "editable"):
                widget = QComboBox()
                widget.setEditable(spec.kind == "editable")
                for option in spec.options:
                    widget.addItem(option)
                if spec.default is not None:
                    widget.setCurrentText(str(spec.default))
            elif spec.kind == "check":
                widget = QCheckBox(spec.hint)
                widget.setChecked(bool(spec.default))
            else:
                widget = QLineEdit(str(spec.default or ""))
                widget.setPlaceholderText(spec.hint)
            self.inputs[spec.key] = widget
            form.addRow(spec.label, widget)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = _buttons(ok)
        buttons.accepted.connect(self.run)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QPlainTextEdit):
                out[key] = widget.toPlainText()
            elif isinstance(widget, QDateTimeEdit):
                out[key] = from_qdatetime(widget.dateTime())
            elif isinstance(widget, QComboBox):
                out[key] = widget.currentText()
            elif isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
            else:
                out[key] = widget.text()  # type: ignore[attr-defined]
        return out

    def run(self) -> None:
        try:
            self.result_value = self.action(self.values())
        except DutyRoomError as exc:
            widget = self.inputs.get(getattr(exc, "field", None) or "")
            if widget is not None:
                widget.setFocus()
            set_message(self.message, exc.message, error=True)
            return
        self.accept()


def on_duty_leader_name(ctx: AppContext) -> str:
    from dutyroom.duty.board import today_board

    board = today_board(ctx.store, ctx.session.now())
    leaders = board.current.by_role("leader")
    return f"带班领导{leaders[0].name}" if leaders else "带班领导"


def meet_dialog(ctx: AppContext, obligation: dict[str, Any], parent: QWidget | None = None) -> QuickDialog:
    from dutyroom.incidents import obligations

    recipient = obligation["recipient"]
    if obligation["step"] == "notify_leader":
        recipient = on_duty_leader_name(ctx)
    elif obligation["step"] == "phone_report":
        recipient = str(settings.get(ctx.store, "incidents.upper_unit"))
    due = parse_iso(obligation["due_at"])
    how = "电话" if obligation["meet"] == "act" else "传真"
    specs = [Spec("met_at", "完成时间", "datetime", ctx.session.now()),
             Spec("how", "方式", "editable", how, HOW_CHOICES),
             Spec("to", "报告对象", "text", recipient, hint="单位和接听人姓名，如 市应急管理局总值班室 张明"),
             Spec("note", "说明", "text", "", hint="选填；未在本软件报送的报告须注明报送方式和文号")]
    return QuickDialog(
        f"记录完成 — {obligation['label']}", f"时限：{due:%m月%d日 %H:%M}前。完成人记为当前账户"
                                         f"（{ctx.session.actor.display_name}）。", specs,
        lambda v: obligations.meet(ctx.session, obligation["id"], met_at=v["met_at"], how=v["how"], to=v["to"],
                                   note=v["note"]), "记录完成", parent)


def grade_dialog(ctx: AppContext, incident: dict[str, Any], parent: QWidget | None = None) -> QuickDialog:
    computed = GRADE_LABELS[incident["computed_grade"]]
    options = (f"按计算等级（{computed}）",) + tuple(GRADE_LABELS[g] for g in GRADES)

    def apply(values: dict[str, Any]) -> list[str]:
        choice = values["grade"]
        return intake.override_grade(ctx.session, incident["id"], None if choice.startswith("按计算") else choice,
                                     values["reason"])

    return QuickDialog("调整事件等级", f"按伤亡和损失计算为“{computed}”。人工认定须写明依据；调整后报送时限随之重新计算，"
                                   "记入审计记录。", [Spec("grade", "认定等级", "combo", GRADE_LABELS[incident["grade"]],
                                                          options), Spec("reason", "认定依据", "area")],
                       apply, "调整等级", parent)


def close_dialog(ctx: AppContext, incident: dict[str, Any], parent: QWidget | None = None) -> QuickDialog:
    return QuickDialog(
        "记录处置结束", "记录后停止续报计时，开始终报计时；已超时未报的续报仍须补报。",
        [Spec("closed_at", "处置结束时间", "datetime", ctx.session.now()),
         Spec("note", "结束情况", "area", hint="如：被困人员全部救出，现场处置结束")],
        lambda v: intake.close_incident(ctx.session, incident["id"], closed_at=v["closed_at"], note=v["note"]),
        "记录处置结束", parent)


def verification_dialog(ctx: AppContext, incident: dict[str, Any], parent: QWidget | None = None) -> QuickDialog:
    from dutyroom.incidents import obligations

    now = ctx.session.now()
    specs = [Spec("requested_by", "提出单位和人员", "text", settings.get(ctx.store, "incidents.upper_unit")),
             Spec("request", "核报要求", "area"), Spec("due_at", "核报时限", "datetime", now + timedelta(hours=2))]
    if incident["category"] == "自然灾害":
        specs.append(Spec("disaster", "", "check", False, hint="核报灾情（灾情核报）"))
    return QuickDialog(
        "登记上级核报要求", "上级要求核报的事项登记后即开始计时，报送核报后完成。", specs,
        lambda v: obligations.request_verification(ctx.session, incident["id"], requested_by=v["requested_by"],
                                                   request=v["request"], due_at=v["due_at"],
                                                   disaster=bool(v.get("disaster"))), "登记", parent)


def send_dialog(ctx: AppContext, report: dict[str, Any], parent: QWidget | None = None) -> QuickDialog:
    from dutyroom.incidents import reports

    default_channel = "灾情管理系统" if report["form"] == "disaster" else "传真"
    specs = [Spec("to", "报送对象", "text", settings.get(ctx.store, "incidents.upper_unit")),
             Spec("channel", "报送方式", "editable", default_channel, reports.SEND_CHANNELS),
             Spec("sent_at", "报送时间", "datetime", ctx.session.now())]
    return QuickDialog(
        "记录报送", "报送后报告不可再改；发现错误请起草更正报告。报送后请电话确认对方收到。", specs,
        lambda v: reports.mark_sent(ctx.session, report["id"], to=v["to"], channel=v["channel"], sent_at=v["sent_at"]),
        "记录报送", parent)


def confirm_dialog(ctx: AppContext, report: dict[str, Any], parent: QWidget | None = None) -> QuickDialog:
    from dutyroom.incidents import reports

    return QuickDialog(
        "电话确认接收", f"确认人记为当前账户（{ctx.session.actor.display_name}）。",
        [Spec("confirmed_with", "对方接收人", "text", "", hint="单位和姓名，如 市应急管理局总值班室 张明"),
         Spec("confirmed_at", "确认时间", "datetime", ctx.session.now())],
        lambda v: reports.confirm_receipt(ctx.session, report["id"], confirmed_with=v["confirmed_with"],
                                          confirmed_at=v["confirmed_at"]), "记录确认", parent)
