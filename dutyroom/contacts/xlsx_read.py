"""Reading the contact sheets counties actually keep into plain tables.

What real files look like: a title row or two, merged cells (titles, units spanning a block, a
"联系电话" header over 手机/办公电话), one or two header rows with varied names, section rows
("一、县直部门"), blank and subtotal rows, the unit only on the first row of its block, several
numbers in one cell. This module finds the header, fills merges, and hands each data row over with
its sheet row number; ``importer`` decides what each row means.

openpyxl (~0.2 s to import) is imported only when a file is read, through ``xlsx_guard``, which first
refuses a file that would unpack past a set size.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dutyroom.errors import ValidationError

MAX_HEADER_SCAN = 20
MAX_ROWS = 200_000

# field -> header names (after removing spaces, brackets and marks). Checked in order: specific first.
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "序"),
    "name": ("姓名", "名字", "联系人", "人员姓名", "责任人姓名", "责任人", "值班人员", "人员", "姓 名"),
    "position": ("职务", "职位", "岗位", "职务职称", "现任职务", "职别", "职务岗位"),
    "unit": ("单位", "单位名称", "所在单位", "工作单位", "所属单位", "部门", "单位部门", "单位完整路径",
             "单位及职务"),
    "township": ("乡镇", "乡镇街道", "乡镇（街道）", "镇街", "乡镇名称", "所属乡镇", "街道"),
    "village": ("村", "村社区", "村（社区）", "村居", "社区", "行政村", "村组", "所属村"),
    "mobile": ("手机", "移动电话", "手机号", "手机号码", "移动手机", "手机电话"),
    "office": ("办公电话", "座机", "办公室电话", "固定电话", "固话", "办公", "单位电话", "办电"),
    "duty": ("值班电话", "值班室电话", "值班"),
    "short": ("集团短号", "短号", "虚拟网", "虚拟短号", "政务短号"),
    "satellite": ("卫星电话", "卫星"),
    "fax": ("传真", "传真号码", "传真电话"),
    "home": ("住宅电话", "宅电", "家庭电话", "住宅"),
    "phone": ("联系电话", "电话", "联系方式", "电话号码", "联系号码", "通讯方式"),
    "tags": ("标签", "类别", "人员类别", "分类", "类型", "身份"),
    "backup": ("b角", "ab角", "a/b角", "备岗", "备岗人", "b岗", "替补"),
    "notes": ("备注", "说明", "附注"),
    "verified": ("最后核实", "核实日期", "核实时间", "更新日期"),
    "unit_kind": ("单位类型",),
    "address": ("地址", "办公地址", "单位地址"),
}
# Header text containing one of these (when no alias matches exactly) -> field.
FIELD_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("值班", "duty"), ("传真", "fax"), ("卫星", "satellite"), ("短号", "short"), ("手机", "mobile"),
    ("移动", "mobile"), ("办公", "office"), ("座机", "office"), ("固话", "office"), ("宅", "home"),
    ("电话", "phone"), ("姓名", "name"), ("职务", "position"), ("备注", "notes"), ("乡镇", "township"),
    ("单位", "unit"),
)
PHONE_FIELDS = ("mobile", "office", "duty", "short", "satellite", "fax", "home", "phone")
_BRACKETS = re.compile(r"[（(\[【][^）)\]】]*[）)\]】]")
_MARKS = re.compile(r"[\s\u3000*＊:：]+")


@dataclass
class SheetTable:
    """One sheet's data rows under a recognised header."""
    sheet: str
    header_row: int                       # sheet row number (1-based) of the (last) header row
    columns: dict[int, str]               # column index -> field
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)   # (sheet row number, cell values)
    merged_rows: set[int] = field(default_factory=set)   # rows with a merge spanning most columns
    kind: str = "persons"                  # "persons" | "units" (what the vocabulary calls the table)
    title: list[str] = field(default_factory=list)       # texts of the rows above the header (the sheet's title)

    def fields(self) -> set[str]:
        return set(self.columns.values())


@dataclass
class Workbook:
    path: Path
    tables: list[SheetTable]
    skipped_sheets: list[tuple[str, str]]  # (sheet name, why)


def header_key(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).lower()
    text = _BRACKETS.sub("", text) if _BRACKETS.sub("", text).strip() else text
    return _MARKS.sub("", text)


def _persons_or_units(kinds: set[str]) -> str | None:
    if "name" in kinds and len(kinds) >= 2:
        return "persons"
    if "unit" in kinds and ({"unit_kind", "duty"} & kinds) and "name" not in kinds:
        return "units"
    return None


@dataclass(frozen=True)
class Vocabulary:
    """The header names a kind of sheet uses and what makes a header row: the contact sheets (the default),
    the staff lists and the month rosters each have their own, read by the same reader."""

    aliases: Mapping[str, tuple[str, ...]]          # field -> header names, checked before the keywords
    keywords: tuple[tuple[str, str], ...]           # (word in a header, field) for headers no alias names
    classify: Callable[[set[str]], str | None]      # the fields of a header row -> table kind, None: not a header
    wanted: str                                     # what a header must have, for the refusal

    @functools.cached_property
    def _lookup(self) -> dict[str, str]:
        return {header_key(alias): name for name, aliases in self.aliases.items() for alias in aliases}

    def field_of(self, value: Any) -> str | None:
        """The field a header cell names, or None."""
        key = header_key(value)
        if not key or len(key) > 16:
            return None
        if key in self._lookup:
            return self._lookup[key]
        for word, name in self.keywords:
            if word in key:
                return name
        return None


CONTACTS = Vocabulary(FIELD_ALIASES, FIELD_KEYWORDS, _persons_or_units,
                      "表头应包含“姓名”列，以及“职务”、“手机/联系电话/办公电话”或“单位”等列")


def field_of(value: Any) -> str | None:
    """The contact-sheet field a header cell names, or None."""
    return CONTACTS.field_of(value)


def _check_file(path: Path) -> None:
    if not path.exists():
        raise ValidationError(f"找不到文件：{path}")
    if path.is_dir():
        raise ValidationError(f"“{path.name}”是文件夹，请选择 .xlsx 文件。")
    with path.open("rb") as handle:
        head = handle.read(8)
        handle.seek(0)
        body = handle.read(1 << 20)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if "EncryptionInfo".encode("utf-16-le") in body or "EncryptedPackage".encode("utf-16-le") in body:
            raise ValidationError(
                f"“{path.name}”设置了打开密码，无法读取。请在Excel中打开它，取消密码（文件→信息→保护工作簿→"
                "用密码进行加密，清空密码），保存后再导入。")
        raise ValidationError(f"“{path.name}”是旧版Excel（.xls）文件。请在Excel或WPS中“另存为”.xlsx格式后再导入。")
    if not head.startswith(b"PK"):
        raise ValidationError(f"“{path.name}”不是Excel .xlsx 文件（文件内容不符），请检查是否选错文件。")


def _load(path: Path) -> Any:
    from dutyroom.xlsx_guard import load_workbook

    try:
        return load_workbook(path, data_only=True)
    except ValidationError:
        raise
    except zipfile.BadZipFile as exc:
        raise ValidationError(f"“{path.name}”已损坏，无法作为.xlsx读取。请用Excel打开修复后另存再导入。") from exc
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many private error types for broken files
        raise ValidationError(f"“{path.name}”无法读取：文件已损坏或不是标准的.xlsx格式。"
                              "请用Excel或WPS打开后另存为.xlsx再导入。") from exc


def _grid(sheet: Any) -> tuple[list[list[Any]], set[int]]:
    """Cell values with every merged range filled from its top-left cell; rows with wide merges."""
    rows = []
    for count, values in enumerate(sheet.iter_rows(values_only=True)):
        if count >= MAX_ROWS:
            break
        rows.append(list(values))
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([None] * (width - len(row)))
    wide: set[int] = set()
    for merged in sheet.merged_cells.ranges:
        top, left = merged.min_row - 1, merged.min_col - 1
        if top >= len(rows):
            continue
        value = rows[top][left] if left < width else None
        for r in range(top, min(merged.max_row, len(rows))):
            for c in range(left, min(merged.max_col, width)):
                rows[r][c] = value
        if merged.max_col - merged.min_col + 1 >= max(2, width // 2):
            wide.update(range(merged.min_row, merged.max_row + 1))
    return rows, wide


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_fields(row: list[Any], vocabulary: Vocabulary) -> dict[int, str]:
    found = {}
    for index, value in enumerate(row):
        if isinstance(value, str):
            name = vocabulary.field_of(value)
            if name:
                found[index] = name
    return found


def _find_header(rows: list[list[Any]], vocabulary: Vocabulary) -> tuple[int, dict[int, str]] | None:
    best: tuple[int, dict[int, str]] | None = None
    for index, row in enumerate(rows[:MAX_HEADER_SCAN]):
        found = _header_fields(row, vocabulary)
        if vocabulary.classify(set(found.values())) and (
                best is None or len(set(found.values())) > len(set(best[1].values()))):
            best = (index, found)
    return best


def _sub_header(top: list[Any], below: list[Any], columns: dict[int, str],
                vocabulary: Vocabulary) -> dict[int, str] | None:
    """Fields of a second header row under merged parents (联系电话 over 手机 / 办公电话), else None."""
    below_fields = _header_fields(below, vocabulary)
    if not below_fields:
        return None
    for index, value in enumerate(below):
        if _blank(value):
            continue
        if index not in below_fields and value != top[index]:
            return None  # a cell that is neither a header name nor a filled vertical merge: data
    merged = dict(columns)
    for index, name in below_fields.items():
        if below[index] != top[index] or index not in merged:
            merged[index] = name
    return merged


def _title(rows: list[list[Any]]) -> list[str]:
    """The texts above the header, each once (a merged title fills every cell of its range)."""
    out: list[str] = []
    for row in rows:
        for value in row:
            text = str(value).strip() if value is not None else ""
            if text and text not in out:
                out.append(text)
    return out


def read_workbook(path: Path | str, vocabulary: Vocabulary = CONTACTS, *, what: str = "通讯录") -> Workbook:
    """Every sheet with a recognisable header, as tables. Refuses unreadable files with a Chinese message."""
    path = Path(path)
    _check_file(path)
    book = _load(path)
    tables: list[SheetTable] = []
    skipped: list[tuple[str, str]] = []
    for sheet in book.worksheets:
        rows, wide = _grid(sheet)
        if not rows:
            skipped.append((sheet.title, "空工作表"))
            continue
        found = _find_header(rows, vocabulary)
        if found is None:
            skipped.append((sheet.title, f"没有可识别的表头（{vocabulary.wanted}）"))
            continue
        index, columns = found
        header_index = index
        if index + 1 < len(rows):
            sub = _sub_header(rows[index], rows[index + 1], columns, vocabulary)
            if sub is not None:
                columns, header_index = sub, index + 1
        kind = vocabulary.classify(set(columns.values())) or "persons"
        table = SheetTable(sheet.title, header_index + 1, columns, kind=kind, title=_title(rows[:index]))
        table.rows = [(number + 1, rows[number]) for number in range(header_index + 1, len(rows))]
        table.merged_rows = wide
        tables.append(table)
    book.close()
    if not tables:
        reasons = "；".join(f"“{name}”：{why}" for name, why in skipped) or "文件中没有工作表"
        raise ValidationError(
            f"“{path.name}”中没有找到可识别的{what}表头，未导入任何数据。\n{vocabulary.wanted}。\n（{reasons}）")
    return Workbook(path, tables, skipped)
