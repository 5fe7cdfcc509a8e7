"""通讯录 book: every unit with its duty phone and fax, its people and their numbers, grouped under the
top-level units, on GB/T 9704 pages with page numbers, the date of printing and of last verification.
Entries not verified within the threshold are marked ＊ so nobody trusts them blindly.

Data builder (store → ContactsBookDoc) and pure renderer (doc → PDF bytes), like ``week.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dutyroom import settings
from dutyroom.clock import chinese_date
from dutyroom.contacts.tree import is_stale, load_units, stale_days, subtree_ids
from dutyroom.errors import ValidationError
from dutyroom.store import Store

CHINESE_NUMBERS = "一二三四五六七八九十"
OTHER_KINDS = {"duty": "值班", "short": "短号", "satellite": "卫星", "fax": "传真", "home": "住宅"}


@dataclass(frozen=True)
class BookPerson:
    name: str
    position: str
    mobile: str
    office: str
    other: str
    verified: str
    stale: bool


@dataclass
class BookUnit:
    name: str
    path_text: str
    depth: int
    duty_phone: str
    fax: str
    persons: list[BookPerson] = field(default_factory=list)


@dataclass
class BookSection:
    title: str
    units: list[BookUnit]


@dataclass
class ContactsBookDoc:
    org_name: str
    printed_at: datetime
    last_verified: date | None
    threshold: int
    scope: str
    sections: list[BookSection]

    @property
    def title(self) -> str:
        return f"{self.org_name}通讯录"

    @property
    def person_count(self) -> int:
        return sum(len(u.persons) for s in self.sections for u in s.units)

    @property
    def stale_count(self) -> int:
        return sum(1 for s in self.sections for u in s.units for p in u.persons if p.stale)


def chinese_number(n: int) -> str:
    if n <= 10:
        return CHINESE_NUMBERS[n - 1]
    if n < 20:
        return "十" + CHINESE_NUMBERS[n - 11]
    tens, ones = divmod(n, 10)
    return CHINESE_NUMBERS[tens - 1] + "十" + (CHINESE_NUMBERS[ones - 1] if ones else "")


def contacts_book_doc(store: Store, printed_at: datetime, *, unit_id: int | None = None,
                      tag: str | None = None) -> ContactsBookDoc:
    today = printed_at.date()
    threshold = stale_days(store)
    units = load_units(store)
    if unit_id is not None and unit_id not in units:
        raise ValidationError("所选单位不存在或已作废。")
    allowed = subtree_ids(units, unit_id) if unit_id is not None else set(units)
    params: list[object] = []
    sql = ("SELECT p.id, p.name, p.unit_id, p.position, p.verified_on FROM person p"
           " WHERE p.voided_at IS NULL")
    if tag:
        sql += " AND EXISTS (SELECT 1 FROM person_tag t WHERE t.person_id = p.id AND t.tag = ?)"
        params.append(tag)
    persons = store.rows(sql + " ORDER BY p.sort_order, p.id", params)
    phones: dict[int, list[tuple[str, str]]] = {}
    for person_id, kind, number in store.rows(
            "SELECT person_id, kind, number FROM person_phone ORDER BY person_id, sort_order, id"):
        phones.setdefault(person_id, []).append((kind, number))
    by_unit: dict[int, list[BookPerson]] = {}
    latest: str | None = None
    for person in persons:
        if person["unit_id"] not in allowed:
            continue
        own = phones.get(person["id"], [])
        verified = person["verified_on"]
        if verified and (latest is None or verified > latest):
            latest = verified
        by_unit.setdefault(person["unit_id"], []).append(BookPerson(
            name=person["name"], position=person["position"],
            mobile="\n".join(n for k, n in own if k == "mobile"),
            office="\n".join(n for k, n in own if k == "office"),
            other="\n".join(f"{OTHER_KINDS[k]} {n}" for k, n in own if k in OTHER_KINDS),
            verified=(verified[2:] if verified else "未核实"), stale=is_stale(verified, today, threshold)))
    sections: list[BookSection] = []
    for unit in units.values():
        if unit.id not in allowed:
            continue
        top = unit.depth == 0 or (unit_id is not None and unit.id == unit_id)
        if top:
            sections.append(BookSection(unit.name, []))
        members = by_unit.get(unit.id, [])
        if tag and not members:
            continue
        base = units[unit_id].depth if unit_id is not None else 0
        sections[-1].units.append(BookUnit(unit.name, unit.path_text, unit.depth - base, unit.duty_phone,
                                           unit.fax, members))
    sections = [s for s in sections if s.units]
    scope = "、".join(filter(None, [units[unit_id].path_text if unit_id is not None else "",
                                    f"标签：{tag}" if tag else ""]))
    return ContactsBookDoc(settings.get(store, "org.name"), printed_at,
                           date.fromisoformat(latest) if latest else None, threshold, scope, sections)


def render_contacts_book(doc: ContactsBookDoc) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm

    from dutyroom.printing.page import build_pdf, make_styles, para, spacer, table

    styles = make_styles(table_size=10.5)
    unit_style = ParagraphStyle("unit_row", parent=styles.table_cell, fontName=styles.table_header.fontName,
                                alignment=TA_LEFT)
    unit_style.font_role = "table_header"
    mark = ParagraphStyle("mark", parent=styles.body_left, fontName=styles.heading.fontName)
    mark.font_role = "heading"
    last = chinese_date(doc.last_verified) if doc.last_verified else "尚无核实记录"
    story: list[object] = [
        para("内部资料　注意保存", mark),
        para(doc.title, styles.title),
        para(f"（印制日期：{chinese_date(doc.printed_at.date())}　最近核实：{last}）", styles.subtitle),
    ]
    if doc.scope:
        story.append(para(f"范围：{doc.scope}", styles.note))
    story.append(para(f"共 {doc.person_count} 人。标＊者超过 {doc.threshold} 天未核实（含从未核实，共 "
                      f"{doc.stale_count} 人），使用前请先电话核实。", styles.note))
    story.append(spacer(2))
    widths = [x * mm for x in (24, 35, 26, 28, 22, 21)]
    header = [para(t, styles.table_header) for t in ("姓名", "职务", "手机", "办公电话", "其他电话", "核实")]
    if not doc.sections:
        story.append(para("没有符合条件的通讯录条目。", styles.body_left))
    for number, section in enumerate(doc.sections, start=1):
        rows: list[list[Any]] = [header]
        commands: list[tuple[object, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#7F7F7F")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ]
        for unit in section.units:
            phone_text = "　".join(filter(None, [f"值班电话 {unit.duty_phone}" if unit.duty_phone else "",
                                                 f"传真 {unit.fax}" if unit.fax else ""]))
            indent = "　" * unit.depth
            rows.append([para(f"{indent}{unit.name}" + (f"　{phone_text}" if phone_text else ""), unit_style),
                         "", "", "", "", ""])
            index = len(rows) - 1
            commands += [("SPAN", (0, index), (-1, index)),
                         ("BACKGROUND", (0, index), (-1, index), colors.HexColor("#F3F3F3"))]
            for person in unit.persons:
                name = person.name + ("＊" if person.stale else "")
                rows.append([para(name, styles.table_cell), para(person.position, styles.table_cell),
                             para(person.mobile, styles.table_cell), para(person.office, styles.table_cell),
                             para(person.other, styles.table_note), para(person.verified, styles.table_note)])
        story.append(para(f"{chinese_number(number)}、{section.title}", styles.heading))
        story.append(table(rows, widths, commands, repeat_rows=1))
        story.append(spacer(4))
    story.append(para(f"注：＊ 超过 {doc.threshold} 天未核实。核实日期为“年-月-日”（省略世纪）。", styles.note))
    return build_pdf(story, title=doc.title, subject="通讯录", author=doc.org_name, created=doc.printed_at)
