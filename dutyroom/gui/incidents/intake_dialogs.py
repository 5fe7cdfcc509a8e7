"""接报 (intake) and its live 研判, 续接来电 and 修改要素: the incident form built from its definition.

Each dialog calls one core operation; a refusal stays in the dialog, next to the field it names.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom.clock import parse_iso
from dutyroom.errors import DutyRoomError, Problems, ValidationError
from dutyroom.gui.contacts.picker import PersonPicker
from dutyroom.gui.context import AppContext
from dutyroom.gui.incidents.form_builder import FormWidget
from dutyroom.gui.kit.fields import enter_moves_on, message_line
from dutyroom.gui.kit.ops import dialog_buttons, run_op
from dutyroom.gui.kit.theme import repolish
from dutyroom.gui.kit.widgets import fill, hbox, label, scroll, vbox
from dutyroom.incidents import deadlines, forms, intake, rulebook
from dutyroom.incidents.models import IncidentRow
from dutyroom.incidents.rules import GRADE_LABELS


def grade_badge(badge: QLabel, grade: str, text: str | None = None) -> None:
    """A label as the grade's coloured badge (特别重大 red … 一般 blue)."""
    badge.setObjectName("gradeBadge")
    badge.setProperty("grade", grade)
    badge.setText(text or GRADE_LABELS[grade])
    repolish(badge)


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
        layout = vbox(parent=self, margins=(14, 10, 14, 12))
        layout.addWidget(label("研判（随录入自动计算）", "sectionTitle"))
        self.badge = QLabel()
        layout.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignLeft)
        self.reasons = label("", "reasonText", wrap=True)
        self.flags = label("", "flagText", wrap=True)
        self.plan = label("", "planText", wrap=True)
        self.plan.setTextFormat(Qt.TextFormat.PlainText)
        self.rules_label = label("", "pageSubtitle", wrap=True)
        fill(layout, self.reasons, self.flags, label("接报后须完成", "sectionTitle"), self.plan, None, self.rules_label)

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
        self.resize(1220, 700)
        store = ctx.store
        self.form_def = intake.intake_form()
        self.form = FormWidget(self.form_def, store=store, now=ctx.session.now,
                               person_picker=lambda: PersonPicker(ctx))
        outer = QVBoxLayout(self)
        self.preview = GradePreview()
        self.title = QLineEdit()
        self.title.setPlaceholderText("按要素自动生成")
        self.suggested = label("", "pageSubtitle", wrap=True)
        title_line = message_line()
        self.form.checks.add("title", self.title, title_line)
        self.form.checks.check = self.check
        side = vbox()
        side.addWidget(self.preview, 1)
        fill(side, label("事件标题（地点＋类型＋伤亡＋进展，可改）", "sectionTitle"), self.title, title_line,
             self.suggested)
        body = QHBoxLayout()
        body.addWidget(scroll(self.form), 5)
        body.addLayout(side, 3)
        outer.addLayout(body, 1)
        self.message = label(wrap=True)
        self.form.checks.message = self.message
        outer.addWidget(self.message)
        hint = label("接报时间已自动填写；必填项带＊。Enter 到下一项，Ctrl+Enter 保存，保存后即开始计时。", "hintLabel")
        outer.addLayout(hbox(hint, None, dialog_buttons("保存并开始计时 (Ctrl+Enter)", dialog=self, on_ok=self.save,
                                                        keys=("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"))))
        enter_moves_on(self)
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

    def check(self) -> None:
        """What saving would refuse, checked as the core checks it (for the messages under the fields)."""
        problems = Problems()
        problems.check(self.form.validate, default=None)
        problems.check(intake.clean_title, self.title.text() or None, default=None)
        problems.raise_any()

    def save(self) -> None:
        outcome = run_op(self, intake.open_incident, self.ctx.session, self.values(), title=self.title.text() or None,
                         message=self.message, on_refusal=self.form.show_problems)
        if outcome:
            self.incident_id = outcome.value
            self.accept()


class FactsDialog(QDialog):
    """续接来电 (a later call, optionally with changed facts) or 修改要素 (a correction with its reason)."""

    def __init__(self, ctx: AppContext, incident: IncidentRow, *, with_call: bool,
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
        outer.addWidget(label("本次来电内容摘要＊" if with_call else "修改原因或信息来源＊", "sectionTitle"))
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setMaximumHeight(70)
        outer.addWidget(self.summary)
        outer.addWidget(label("下面是事件现有要素：只改有变化的项；伤亡变化会自动重新定级、调整时限。", "pageSubtitle"))
        fact_groups = [g.key for g in form.groups if not g.call]
        self.facts_form = FormWidget(form, store=store, now=ctx.session.now, groups=fact_groups)
        self.facts_form.set_values(intake.facts_of(incident))
        outer.addWidget(scroll(self.facts_form), 1)
        self.message = label(wrap=True)
        outer.addWidget(self.message)
        outer.addWidget(dialog_buttons("保存 (Ctrl+Enter)", dialog=self, on_ok=self.save,
                                       keys=("Ctrl+Return", "Ctrl+Enter")))
        self.facts_form.checks.message = self.message
        enter_moves_on(self)
        self.plan_changes: list[str] = []

    def changes(self) -> dict[str, Any]:
        call_keys = {f.key for g in intake.intake_form().groups if g.call for f in g.fields}
        return {k: v for k, v in self.facts_form.values().items() if k not in call_keys}

    def save(self) -> None:
        if run_op(self, self._write, self.ctx.session, message=self.message, on_refusal=self._point_at):
            self.accept()

    def _write(self, session: Any) -> None:
        if self.with_call and self.call_form is not None:
            call = {k: v for k, v in self.call_form.values().items()}
            intake.add_call(session, self.incident["id"], call, summary=self.summary.toPlainText(),
                            changes=self.changes())
        else:
            self.plan_changes = intake.update_facts(session, self.incident["id"], self.changes(),
                                                    note=self.summary.toPlainText())

    def _point_at(self, exc: DutyRoomError) -> None:
        shown = (self.call_form.show_problems(exc) if self.call_form else False) | self.facts_form.show_problems(exc)
        if not shown and getattr(exc, "field", None) in ("summary", "note"):
            self.summary.setFocus()
