"""Exporting the contact tree to .xlsx in a clean layout that the importer reads back unchanged.

Sheet 通讯录: a title row, a note row, one header row, one person per row; the unit is the full path
("石门镇/关口村") on every row, numbers of one kind share a cell ("…/…"), numbers are text cells.
Sheet 单位: every unit with its kind, duty phone, fax, address and notes — so units survive a round trip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from dutyroom import org, settings
from dutyroom.clock import chinese_date
from dutyroom.contacts.tree import load_units
from dutyroom.errors import ValidationError, os_error_text
from dutyroom.store import Store
from dutyroom.tasks import TaskState

PERSON_HEADER = ("序号", "单位", "姓名", "职务", "手机", "办公电话", "值班电话", "集团短号", "卫星电话", "传真",
                 "住宅电话", "标签", "B角", "备注", "最后核实")
PHONE_COLUMNS = ("mobile", "office", "duty", "short", "satellite", "fax", "home")
UNIT_HEADER = ("单位", "单位类型", "值班电话", "传真", "地址", "备注", "最后核实")
WIDTHS = (6, 30, 10, 22, 14, 16, 16, 10, 14, 16, 14, 20, 10, 24, 12)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    persons: int
    units: int


def export_contacts(store: Store, path: Path | str, now: datetime, state: TaskState | None = None) -> ExportResult:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("导出文件须以 .xlsx 结尾。")
    if not path.parent.exists():
        raise ValidationError(f"输出文件夹不存在：{path.parent}")
    units = load_units(store)
    persons = store.rows(
        "SELECT id, name, unit_id, position, notes, backup_person_id, verified_on FROM person"
        " WHERE voided_at IS NULL ORDER BY sort_order, id")
    phones: dict[int, list[tuple[str, str]]] = {}
    for person_id, kind, number in store.rows(
            "SELECT person_id, kind, number FROM person_phone ORDER BY person_id, sort_order, id"):
        phones.setdefault(person_id, []).append((kind, number))
    tags: dict[int, list[str]] = {}
    for person_id, tag in store.rows("SELECT person_id, tag FROM person_tag ORDER BY person_id, sort_order, tag"):
        tags.setdefault(person_id, []).append(tag)
    names = {p["id"]: p["name"] for p in persons}
    # Persons without a unit first: below a unit, a blank unit cell would read as "same unit as above".
    ordered = sorted(persons, key=lambda p: (units[p["unit_id"]].order if p["unit_id"] in units else -1))

    book = Workbook()
    sheet = book.worksheets[0]      # a new workbook: its one sheet, the active one
    sheet.title = "通讯录"
    org_name = settings.get(store, "org.name")
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([f"{org_name}通讯录"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(PERSON_HEADER))
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([f"导出日期：{chinese_date(now.date())}；共 {len(ordered)} 人。本表可修改后由“导入Excel”导回："
                  "按姓名和电话（或姓名和单位）对应已有人员，只增补、不删除。"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(PERSON_HEADER))
    sheet.append(list(PERSON_HEADER))
    header_fill = PatternFill("solid", fgColor="DDE3EA")
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for number, person in enumerate(ordered, start=1):
        if state is not None and number % 1000 == 0:
            state.progress(number, len(ordered), "正在导出…")
        own = phones.get(person["id"], [])
        by_kind = ["/".join(n for k, n in own if k == kind) for kind in PHONE_COLUMNS]
        unit = units.get(person["unit_id"])
        backup = names.get(person["backup_person_id"], "") if person["backup_person_id"] else ""
        sheet.append([number, "/".join(unit.path) if unit else "", person["name"], person["position"], *by_kind,
                      "、".join(tags.get(person["id"], [])), backup, person["notes"], person["verified_on"] or ""])
    for row in sheet.iter_rows(min_row=4, max_row=sheet.max_row):
        for cell in row:
            cell.border = border
            if 5 <= (cell.column or 0) <= 11:
                cell.number_format = "@"   # numbers stay text: no 1.38E+10, no lost leading zeros
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C4"
    sheet.auto_filter.ref = f"A3:{get_column_letter(len(PERSON_HEADER))}{max(3, sheet.max_row)}"

    unit_sheet = book.create_sheet("单位")
    unit_sheet.append(list(UNIT_HEADER))
    for cell in unit_sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
    for unit in units.values():
        unit_sheet.append(["/".join(unit.path), org.UNIT_KINDS.get(unit.kind, unit.kind), unit.duty_phone, unit.fax,
                           unit.address, unit.notes, unit.verified_on or ""])
    for index, width in enumerate((40, 16, 16, 16, 30, 24, 12), start=1):
        unit_sheet.column_dimensions[get_column_letter(index)].width = width
    unit_sheet.freeze_panes = "A2"
    try:
        book.save(path)
    except OSError as exc:
        raise ValidationError(f"无法写入“{path}”：{os_error_text(exc)}（文件是否正在Excel中打开？）") from exc
    return ExportResult(path, len(ordered), len(units))
