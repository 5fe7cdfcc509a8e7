"""账户通知单: one slip per new account (name, user name, initial password, "首次登录须修改密码"), several to an
A4 page on the GB/T 9704 text block, with dashed lines to cut them apart and hand each to its person.

This PDF is the only place an initial password is ever written down.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dutyroom.auth.bulk import NewAccount
from dutyroom.clock import chinese_date

CUT_GAP_MM = 4.0
MUST_CHANGE = "首次登录须修改密码"


@dataclass(frozen=True)
class Slip:
    name: str
    unit: str
    username: str
    password: str
    role_label: str


@dataclass
class SlipsDoc:
    org_name: str
    printed_at: datetime
    slips: list[Slip]

    @property
    def title(self) -> str:
        return "值班系统账户通知单"


def slips_doc(org_name: str, accounts: Iterable[NewAccount], printed_at: datetime) -> SlipsDoc:
    return SlipsDoc(org_name, printed_at, [Slip(a.name, a.unit, a.username, a.password, a.role_label)
                                           for a in accounts])


def _cut_line() -> Any:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable

    class CutLine(Flowable):
        """A dashed line across the text block, with room above and below: cut here."""

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            self.width = available_width
            return available_width, 2 * CUT_GAP_MM * mm

        def draw(self) -> None:
            canvas = self.canv
            canvas.saveState()
            canvas.setStrokeColor(colors.HexColor("#808080"))
            canvas.setLineWidth(0.6)
            canvas.setDash(4, 3)
            canvas.line(0, CUT_GAP_MM * mm, self.width, CUT_GAP_MM * mm)
            canvas.restoreState()

    return CutLine()


def _slip(doc: SlipsDoc, slip: Slip, styles: Any) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER, TA_LEFT
    from reportlab.platypus import KeepTogether

    from dutyroom.printing.page import PORTRAIT, derive, para, table

    heading = derive(styles.table_header, "slip_heading", fontSize=14, leading=19, balanced=True)
    warning = derive(styles.table_header, "slip_warning", fontSize=12, leading=16)
    password = derive(styles.table_header, "slip_password", fontSize=18, leading=24, alignment=TA_LEFT)
    label = derive(styles.table_cell, "slip_label", alignment=TA_CENTER)
    rows: list[list[Any]] = [
        [para("姓名", label), para(slip.name, styles.table_cell), para("单位", label),
         para(slip.unit or doc.org_name, styles.table_cell)],
        [para("用户名", label), para(slip.username, password), para("账户角色", label),
         para(slip.role_label, styles.table_cell)],
        [para("初始密码", label), para(slip.password, password), para(MUST_CHANGE, warning), ""],
    ]
    width = PORTRAIT.text_width
    grid = table(rows, [width * 0.16, width * 0.40, width * 0.16, width * 0.28],
                 [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                  ("SPAN", (2, 2), (3, 2)), ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEEEEE")),
                  ("BACKGROUND", (2, 0), (2, 1), colors.HexColor("#EEEEEE"))])
    note = derive(styles.note, "slip_note", fontSize=10.5, leading=14)
    return KeepTogether([
        para(f"{doc.org_name}值班系统账户通知", heading), grid,
        para("密码区分大小写，不用数字零、一和易与之混淆的字母。请勿转告他人，修改密码后撕毁本单。", note), _cut_line()])


def render_account_slips(doc: SlipsDoc) -> bytes:
    from dutyroom.printing.page import build_pdf, make_styles, para

    styles = make_styles(table_size=12)
    story: list[Any] = [para(f"{doc.title}（{chinese_date(doc.printed_at.date())}印制，共{len(doc.slips)}份，"
                             "沿虚线剪开分发本人）", styles.note), _cut_line()]
    story += [_slip(doc, slip, styles) for slip in doc.slips]
    return build_pdf(story, title=doc.title, subject="初始密码", author=doc.org_name, created=doc.printed_at)

