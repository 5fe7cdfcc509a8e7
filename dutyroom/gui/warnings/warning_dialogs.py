"""The forms of 预警叫应: a warning received (with a live preview of its call list), a change, the lift, an
应急广播, the month of the statistics printout."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dates import datetime_edit, from_qdatetime
from dutyroom.gui.kit.dialogs import QuickDialog, Spec
from dutyroom.gui.kit.fields import form_layout
from dutyroom.gui.kit.ops import dialog_buttons, run_op
from dutyroom.gui.kit.page import set_message
from dutyroom.gui.kit.widgets import hbox, label
from dutyroom.warnings import records
from dutyroom.warnings.catalog import LEVEL_LABELS, catalogue, level_text


class TownshipPicker(QWidget):
    """The county's townships as check boxes, with 全县 to tick them all."""

    def __init__(self, ctx: AppContext, chosen: list[int] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.towns = [(r["id"], r["name"]) for r in ctx.store.rows(
            "SELECT id, name FROM org_unit WHERE kind = 'township' AND voided_at IS NULL ORDER BY sort_order, id")]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.everywhere = QCheckBox("全县")
        grid.addWidget(self.everywhere, 0, 0)
        self.boxes: dict[int, QCheckBox] = {}
        for index, (town_id, name) in enumerate(self.towns, start=1):
            box = QCheckBox(name)
            box.setChecked(chosen is None or town_id in chosen)
            self.boxes[town_id] = box
            grid.addWidget(box, index // 5, index % 5)
        self.everywhere.setChecked(all(b.isChecked() for b in self.boxes.values()))
        self.everywhere.toggled.connect(self._all)

    def _all(self, checked: bool) -> None:
        for box in self.boxes.values():
            box.setChecked(checked)

    def chosen(self) -> list[int]:
        return [town_id for town_id, box in self.boxes.items() if box.isChecked()]


def _text_area(text: str = "", height: int = 80) -> QPlainTextEdit:
    area = QPlainTextEdit(text)
    area.setTabChangesFocus(True)
    area.setMaximumHeight(height)
    return area


class NewWarningDialog(QDialog):
    """登记预警: type, level, source, times, townships, content, measures — and whom the rules would call."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.relayed: records.Relayed | None = None
        self.setWindowTitle("登记预警")
        self.setMinimumWidth(760)
        now = ctx.session.now()
        self.type = QComboBox()
        self.type.addItems(catalogue().names)
        self.level = QComboBox()
        self.source = QLineEdit()
        self.issued = datetime_edit(now)
        self.received = datetime_edit(now)
        self.has_until = QCheckBox("有效期至")
        self.until = datetime_edit(now + timedelta(hours=24))
        self.until.setEnabled(False)
        self.has_until.toggled.connect(self.until.setEnabled)
        self.towns = TownshipPicker(ctx)
        self.content = _text_area()
        self.content.setPlaceholderText("预警内容（如：预计未来6小时……累计降雨量将达50毫米以上）")
        self.measures = _text_area(height=60)
        self.measures.setPlaceholderText("防御措施或要求（选填）")
        form = form_layout(messages=False)
        form.addRow("预警种类", hbox(self.type, label("级别"), self.level, label("发布单位"), self.source))
        form.addRow("发布时间", hbox(self.issued, label("接收时间"), self.received, self.has_until, self.until, None))
        form.addRow("影响乡镇", self.towns)
        form.addRow("预警内容", self.content)
        form.addRow("防御措施", self.measures)
        self.preview = label(wrap=True)
        self.preview.setObjectName("planText")
        self.message = label(wrap=True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons("登记并生成叫应名单", dialog=self, on_ok=self.save, keys=("Ctrl+Return",)))
        self._source_edited = False
        self.source.textEdited.connect(lambda _text: setattr(self, "_source_edited", True))
        self._later = QTimer(self, singleShot=True, interval=150)
        self._later.timeout.connect(self.update_preview)
        self.type.currentTextChanged.connect(self._type_changed)
        self.level.currentIndexChanged.connect(lambda _i: self._later.start())
        for box in [self.towns.everywhere, *self.towns.boxes.values()]:
            box.toggled.connect(lambda _c: self._later.start())
        self._type_changed(self.type.currentText())

    def _type_changed(self, name: str) -> None:
        kind = catalogue().get(name)
        current = self.level.currentData()
        self.level.blockSignals(True)
        self.level.clear()
        for code in kind.levels:
            self.level.addItem(level_text(code), code)
        self.level.setCurrentIndex(max(0, self.level.findData(current)))
        self.level.blockSignals(False)
        if not self._source_edited:
            self.source.setText(kind.source)
        self._later.start()

    def update_preview(self) -> None:
        try:
            found = records.preview(self.ctx.store, self.type.currentText(), self.level.currentData(),
                                    self.towns.chosen(), self.ctx.session.now())
        except DutyRoomError as exc:
            self.preview.setText(exc.message)
            return
        parts = "、".join(f"{name}{count}人" for name, count in found.by_selector.items())
        leader = f"首先报告带班领导{found.leader}（{found.plan.leader_minutes}分钟内）；" if found.leader else \
            "本班次未排带班领导，请另行报告；"
        away = f"其中{found.away}人外出报备。" if found.away else ""
        self.preview.setText(f"按现行叫应规则：{found.plan.rule_text}。\n{leader}名单{found.people}人：{parts}。{away}")

    def values(self) -> dict[str, Any]:
        return {"type": self.type.currentText(), "level": self.level.currentData(), "source_unit": self.source.text(),
                "content": self.content.toPlainText(), "measures": self.measures.toPlainText(),
                "issued_at": from_qdatetime(self.issued.dateTime()),
                "valid_until": from_qdatetime(self.until.dateTime()) if self.has_until.isChecked() else None,
                "areas": self.towns.chosen(), "at": from_qdatetime(self.received.dateTime())}

    def save(self) -> None:
        if not self.towns.chosen():
            set_message(self.message, "请至少选择一个受影响的乡镇（街道）。", error=True)
            return
        outcome = run_op(self, records.new_warning, self.ctx.session, message=self.message, **self.values())
        if outcome:
            self.relayed = outcome.value
            self.accept()


class ChangeDialog(QDialog):
    """预警变更: a new level, content, validity or townships, relayed as a notice of its own."""

    def __init__(self, ctx: AppContext, warning: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.warning = ctx, warning
        self.relayed: records.Relayed | None = None
        self.setWindowTitle(f"预警变更：{warning['type']}{warning['level']}预警（{warning['number']}）")
        self.setMinimumWidth(720)
        now = ctx.session.now()
        self.level = QComboBox()
        for code in catalogue().get(warning["type"]).levels:
            self.level.addItem(level_text(code), code)
        self.level.setCurrentIndex(self.level.findData(warning["level_code"]))
        self.received = datetime_edit(now)
        self.has_until = QCheckBox("有效期至")
        self.until = datetime_edit(now + timedelta(hours=24))
        if warning["valid_until"]:
            from dutyroom.clock import parse_iso

            self.has_until.setChecked(True)
            self.until.setDateTime(datetime_edit(parse_iso(warning["valid_until"])).dateTime())
        self.until.setEnabled(self.has_until.isChecked())
        self.has_until.toggled.connect(self.until.setEnabled)
        chosen = [r[0] for r in ctx.store.rows(
            "SELECT a.unit_id FROM warning_notice_area a WHERE a.notice_id = ?", (warning["notice_id"],))]
        self.towns = TownshipPicker(ctx, chosen)
        self.content = _text_area(warning["content"])
        self.measures = _text_area(warning["measures"], 60)
        form = form_layout(messages=False)
        form.addRow("预警级别", hbox(self.level, label("接收时间"), self.received, self.has_until, self.until, None))
        form.addRow("影响乡镇", self.towns)
        form.addRow("预警内容", self.content)
        form.addRow("防御措施", self.measures)
        layout = QVBoxLayout(self)
        layout.addWidget(label("变更将结束当前叫应名单，按变更后的级别生成新的名单并重新叫应。", "pageSubtitle", wrap=True))
        layout.addLayout(form)
        self.message = label(wrap=True)
        layout.addWidget(self.message)
        layout.addWidget(dialog_buttons("登记变更并重新叫应", dialog=self, on_ok=self.save))

    def save(self) -> None:
        until = from_qdatetime(self.until.dateTime()) if self.has_until.isChecked() else None
        outcome = run_op(self, records.change_warning, self.ctx.session, self.warning["id"],
                         level=self.level.currentData(), content=self.content.toPlainText(),
                         measures=self.measures.toPlainText(), valid_until=until, areas=self.towns.chosen(),
                         at=from_qdatetime(self.received.dateTime()), message=self.message)
        if outcome:
            self.relayed = outcome.value
            self.accept()


def lift_dialog(ctx: AppContext, warning: dict[str, Any], parent: QWidget | None = None) -> QuickDialog:
    level = LEVEL_LABELS[warning["level_code"]]
    default = f"{warning['source']}解除{warning['type']}{level}预警。"
    return QuickDialog(
        f"解除预警：{warning['type']}{level}预警（{warning['number']}）",
        "解除后按原叫应名单逐一告知（叫应规则中的解除规定），预警不再生效。",
        [Spec("content", "解除通知内容", "area", default), Spec("at", "接收时间", "datetime", ctx.session.now())],
        lambda v: records.lift_warning(ctx.session, warning["id"], content=v["content"], at=v["at"]), "登记解除",
        parent)


def broadcast_dialog(ctx: AppContext, warning: dict[str, Any], parent: QWidget | None = None) -> QuickDialog:
    from dutyroom.warnings.broadcasts import add_broadcast

    places = []
    for town_id, town in ((r[0], r[1]) for r in ctx.store.rows(
            "SELECT u.id, u.name FROM warning_notice_area a JOIN org_unit u ON u.id = a.unit_id WHERE a.notice_id = ?"
            " ORDER BY a.sort_order", (warning["notice_id"],))):
        places.append(town)
        places += [f"{town}/{r[0]}" for r in ctx.store.rows(
            "SELECT name FROM org_unit WHERE parent_id = ? AND kind = 'village' AND voided_at IS NULL"
            " ORDER BY sort_order, id", (town_id,))]
    content = f"{warning['source']}发布{warning['type']}{warning['level']}预警，请注意防范。"
    return QuickDialog(
        "登记应急广播（村村响）", "记录为本次预警使用的应急广播：地点、时间、内容、操作人。",
        [Spec("area", "乡镇/村", "editable", places[0] if places else "", tuple(places)),
         Spec("content", "广播内容", "area", content), Spec("operator", "操作人", "text", ctx.session.actor.display_name),
         Spec("at", "广播时间", "datetime", ctx.session.now())],
        lambda v: add_broadcast(ctx.session, warning["id"], area=v["area"], content=v["content"],
                                operator=v["operator"], at=v["at"]), "登记", parent)


def month_dialog(ctx: AppContext, parent: QWidget | None = None) -> QuickDialog:
    from dutyroom.cli.common import parse_month

    now = ctx.session.now()
    return QuickDialog("预警叫应情况统计", "按月统计：各种类、级别的预警，应答用时，时限内应答率，未应答人员分布。",
                       [Spec("month", "统计月份", "text", f"{now:%Y-%m}", hint="YYYY-MM")],
                       lambda v: parse_month(v["month"].strip()), "打印", parent)
