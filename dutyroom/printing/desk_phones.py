"""值班台常用电话: one page for the duty desk — the office's chosen numbers in sections, large and clear.

The type size is the largest (四号 down to 六号) at which the whole list fits one A4 page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dutyroom import settings
from dutyroom.clock import chinese_date
from dutyroom.contacts.desk import desk_phones
from dutyroom.store import Store

SIZES = (14.0, 12.0, 10.5, 9.0, 7.5)


@dataclass(frozen=True)
class DeskRow:
    section: str
    label: str
    number: str
    note: str


@dataclass
class DeskPhonesDoc:
    org_name: str
    duty_phone: str
    fax: str
    printed_at: datetime
    rows: list[DeskRow]

    @property
    def title(self) -> str:
        return "值班台常用电话"


def desk_phones_doc(store: Store, printed_at: datetime) -> DeskPhonesDoc:
    values = settings.get_many(store, "org.name", "duty.phone", "duty.fax")
    rows = [DeskRow(line.section or "其他", line.label, line.number, line.note) for line in desk_phones(store)]
    return DeskPhonesDoc(values["org.name"], values["duty.phone"], values["duty.fax"], printed_at, rows)


def _story(doc: DeskPhonesDoc, size: float, columns: int = 2) -> list[object]:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    from dutyroom.printing.page import PORTRAIT, make_styles, para, spacer, table

    styles = make_styles(table_size=size)
    section_style = ParagraphStyle("desk_section", parent=styles.table_header, alignment=TA_LEFT)
    section_style.font_role = "table_header"
    number_style = ParagraphStyle("desk_number", parent=styles.table_cell, fontName=styles.table_header.fontName,
                                  fontSize=size + 1, leading=(size + 1) * 1.3)
    number_style.font_role = "table_header"
    own = "　".join(filter(None, [f"本室值班电话：{doc.duty_phone}" if doc.duty_phone else "",
                                  f"传真：{doc.fax}" if doc.fax else ""]))
    story: list[object] = [para(doc.title, styles.title),
                           para(f"（{doc.org_name}　{chinese_date(doc.printed_at.date())}印制）", styles.subtitle)]
    if own:
        story.append(para(own, styles.body_left))
    story.append(spacer(2))
    if not doc.rows:
        story.append(para("尚未设置常用电话。请在“通讯录 → 常用电话”中添加。", styles.body_left))
        return story
    # Sections in the order they first appear, laid out in two columns: the left one filled first.
    sections: dict[str, list[list[object]]] = {}
    for row in doc.rows:
        sections.setdefault(row.section, [[row.section]]).append([row.label, row.number, row.note])
    blocks = list(sections.values())
    sizes = [len(b) for b in blocks]
    split = min(range(len(blocks) + 1), key=lambda k: (max(sum(sizes[:k]), sum(sizes[k:])), -k))
    left = [line for block in blocks[:split] for line in block]
    right = [line for block in blocks[split:] for line in block]
    column_width = (PORTRAIT.text_width - 4 * mm) / 2
    widths = [column_width * 0.52, column_width * 0.48]

    def half(lines: list[list[object]]) -> object:
        rows: list[list[object]] = []
        commands: list[tuple[object, ...]] = [("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                              ("LINEBELOW", (0, 0), (-1, -1), 0.4, colors.HexColor("#BFBFBF")),
                                              ("TOPPADDING", (0, 0), (-1, -1), 2),
                                              ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
        for line in lines:
            if len(line) == 1:
                rows.append([para(str(line[0]), section_style), ""])
                index = len(rows) - 1
                commands += [("SPAN", (0, index), (1, index)),
                             ("BACKGROUND", (0, index), (1, index), colors.HexColor("#E8E8E8"))]
            else:
                label = str(line[0]) + (f"（{line[2]}）" if line[2] else "")
                rows.append([para(label, styles.table_cell), para(str(line[1]), number_style)])
        return table(rows, widths if columns == 2 else [w * 2 for w in widths], commands, repeat_rows=0) \
            if rows else ""

    if columns == 1:
        story.append(half(left + right))
        return story
    story.append(table([[half(left), half(right)]], [column_width + 2 * mm, column_width + 2 * mm],
                       [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm)]))
    return story


def render_desk_phones(doc: DeskPhonesDoc) -> bytes:
    """The sheet at the largest type size that keeps it on one page (the smallest size if none does)."""
    from reportlab.platypus.doctemplate import LayoutError

    from dutyroom.printing.page import PageGeometry, build_pdf

    for size in SIZES:
        pages: list[int] = []

        def count_page(canvas: Any, document: Any, geometry: PageGeometry, pages: list[int] = pages) -> None:
            pages.append(document.page)

        try:
            data = build_pdf(_story(doc, size), title=doc.title, subject="值班台常用电话", author=doc.org_name,
                             created=doc.printed_at, page_numbers=False, decorate=count_page)
        except LayoutError:  # the two-column block is taller than a page at this size
            continue
        if len(pages) <= 1:
            return data
    # Too long for one page even in small type: print it in one column over several pages.
    return build_pdf(_story(doc, SIZES[-1], columns=1), title=doc.title, subject="值班台常用电话",
                     author=doc.org_name, created=doc.printed_at)
