"""审计校验点 in 系统设置: positions the administrator reads off printed records and types back in."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from dutyroom.audit import anchors
from dutyroom.audit.positions import parse_anchor
from dutyroom.errors import Cancelled
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dialogs import QuickDialog, Spec
from dutyroom.gui.kit.ops import confirm, run_with_reason
from dutyroom.gui.kit.page import set_message, subtitle_label
from dutyroom.gui.kit.tables import Column, RecordTableModel, record_table, selected_record
from dutyroom.gui.kit.widgets import button, hbox, label, panel, vbox


def _check(row: dict[str, Any]) -> str:
    if row["voided_at"]:
        return f"已作废：{row['void_reason']}"
    if row["matches"]:
        return "相符"
    return "不符：审计链在该处的校验值不同" if row["reached"] else "不符：审计链没有这一条"


COLUMNS = (
    Column("seq", "位置", text=lambda r: f"第{r['seq']}条"),
    Column("hash_prefix", "校验值", text=lambda r: r["hash_prefix"][:16]),
    Column("source", "抄录自"),
    Column("entered", "录入", text=lambda r: f"{r['entered_by_name']} {r['entered_at'][:16].replace('T', ' ')}"),
    Column("check", "与审计链核对", text=_check),
)

INTRO = ("每份打印的交接班记录和值班日报上都印有“审计校验：第N条 ……”。把纸面上的这一行录入这里，每次校验审计链时"
         "都会核对：数据文件若被人改写或截短，这些校验点就对不上。")


class AnchorList(QWidget):
    """The kept anchors with what the chain holds at each, 录入 and 作废 (administrator only)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        frame, column = panel("审计校验点")
        self.model = RecordTableModel(COLUMNS, self)
        self.model.muted = lambda r: bool(r["voided_at"])
        self.table = record_table(self.model)
        self.message = subtitle_label()
        column.addWidget(label(INTRO, "pageSubtitle", wrap=True))
        column.addWidget(self.table, 1)
        buttons = hbox(button("录入校验点…", self.add, primary=True), button("作废…", self.void))
        buttons.addWidget(self.message, 1)
        column.addLayout(buttons)
        self.setLayout(vbox(frame, margins=(0, 0, 0, 0)))

    def reload(self) -> None:
        self.model.set_records(anchors.anchor_rows(self.ctx.store))

    def add(self) -> None:
        dialog = QuickDialog(
            "录入审计校验点", "照纸面抄录：“第N条”的序号和其后的十六位校验值（也可写成 N:校验值）。",
            [Spec("line", "校验点", hint="如 第1234条 0123456789abcdef"),
             Spec("source", "抄录自", hint="如 2026-12-03 交接班记录（装订册第5页）")],
            self._keep, "录入", self)
        if dialog.exec():
            self.reload()
            set_message(self.message, "已录入；以后每次校验都会核对这一点。")

    def _keep(self, values: dict[str, Any]) -> int:
        anchor = parse_anchor(values["line"])
        if not anchors.matches_now(self.ctx.store, anchor.seq, anchor.prefix) and not confirm(
                self, "校验点不符", f"审计链第{anchor.seq}条现在的校验值与“{anchor.prefix[:16]}”不符。\n"
                                   "可能是抄录有误，也可能是数据文件被改写过。仍要录入吗？（录入后校验将一直报告不符，"
                                   "直到查明原因并作废该校验点。）", default=False):
            raise Cancelled()
        return anchors.add_anchor(self.ctx.session, seq=anchor.seq, hash_prefix=anchor.prefix,
                                  source=values["source"])

    def void(self) -> None:
        row = selected_record(self.table)
        if row is None or row["voided_at"]:
            set_message(self.message, "请先选中一个未作废的校验点。", error=True)
            return
        if run_with_reason(self, "作废校验点", "作废原因（如：抄录错误）：", anchors.void_anchor, self.ctx.session,
                           row["id"], blank_cancels=True, message=self.message, done="已作废。"):
            self.reload()
