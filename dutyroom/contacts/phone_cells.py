"""Phone numbers out of spreadsheet cells: "138 0000 1111", "１３８００００１１１１", "0731—84561234",
"13800001111/0731-84561234", "手机：138…；办：0731-…", numbers stored as numbers (13800001111.0).

``parse_phone_cell`` returns (kind, number) pairs or raises ``PhoneCellError`` with a Chinese reason.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from dutyroom import org
from dutyroom.errors import ValidationError

EMPTY_MARKS = {"", "无", "暂无", "没有", "空", "-", "—", "--", "/", "\\", "无号码", "未提供", "不详", "null", "none"}
_SEPARATORS = re.compile(r"[/／,，、;；\n\r|]+|或|及")
_LABELS: tuple[tuple[str, str], ...] = (
    ("手机", "mobile"), ("移动", "mobile"), ("手", "mobile"), ("办公室", "office"), ("办公", "office"),
    ("办", "office"), ("座机", "office"), ("住宅", "home"), ("宅电", "home"), ("宅", "home"), ("家", "home"),
    ("传真", "fax"), ("值班", "duty"), ("短号", "short"), ("集团短号", "short"), ("卫星", "satellite"),
)
_LABEL_RE = re.compile(
    r"^(?:[(（]?)(" + "|".join(sorted((re.escape(w) for w, _ in _LABELS), key=len, reverse=True)) + r")[)）]?[:：]?")
_TRAILING_LABEL_RE = re.compile(
    r"[(（](" + "|".join(sorted((re.escape(w) for w, _ in _LABELS), key=len, reverse=True)) + r")[)）]$")
_LABEL_KIND = dict(_LABELS)
_EXTENSION = re.compile(r"(?:分机|ext\.?)(\d+)$", re.IGNORECASE)


class PhoneCellError(ValueError):
    """A cell that holds something other than phone numbers; ``reason`` is a Chinese sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _text_of(value: Any) -> str:
    if isinstance(value, bool):
        raise PhoneCellError(f"电话“{value}”不是号码")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and value > 0:
            return str(int(value))
        raise PhoneCellError(f"电话“{value}”不是完整号码（单元格是小数）")
    text = unicodedata.normalize("NFKC", str(value))
    return text.replace("—", "-").replace("–", "-").replace("－", "-").replace("﹣", "-").strip()


def _guess_kind(number: str, column_kind: str) -> str:
    digits = re.sub(r"\D", "", number)
    looks_mobile = len(digits) == 11 and digits.startswith("1") and "-" not in number
    if column_kind in ("mobile", "phone", "office") and looks_mobile:
        return "mobile"
    if column_kind in ("mobile", "phone") and len(digits) <= 6:
        return "short"
    if column_kind in ("mobile", "phone"):
        return "office" if not looks_mobile else "mobile"
    return column_kind


def _split_spaced(part: str) -> list[str]:
    """"138 0000 1111" is one number; "13800001111 13900002222" two: split only if every piece is whole."""
    pieces = part.split()
    if len(pieces) > 1 and all(len(re.sub(r"\D", "", p)) >= 7 for p in pieces):
        return pieces
    return ["".join(pieces)]


def parse_phone_cell(value: Any, column_kind: str = "phone") -> list[tuple[str, str]]:
    """Every number in a cell with its kind; the column's kind unless the cell says otherwise."""
    if value is None:
        return []
    text = _text_of(value)
    if text.lower() in EMPTY_MARKS:
        return []
    found: list[tuple[str, str]] = []
    for raw_part in _SEPARATORS.split(text):
        part = raw_part.strip()
        if part.lower() in EMPTY_MARKS:
            continue
        kind = None
        label = _LABEL_RE.match(part)
        if label:
            kind, part = _LABEL_KIND[label.group(1)], part[label.end():].strip()
        trailing = _TRAILING_LABEL_RE.search(part)
        if trailing:
            kind, part = _LABEL_KIND[trailing.group(1)], part[:trailing.start()].strip()
        part = _EXTENSION.sub(r"转\1", part.replace(" 转", "转").replace("转 ", "转"))
        for piece in _split_spaced(part):
            if not piece:
                continue
            if re.search(r"[a-zA-Z]", piece):
                raise PhoneCellError(f"电话“{raw_part.strip()}”含有字母，不是有效号码")
            try:
                number = org.normalize_phone(piece)
            except ValidationError as exc:
                raise PhoneCellError(f"电话“{raw_part.strip()}”无法识别：{exc.message.rstrip('。')}") from exc
            found.append((kind or _guess_kind(number, column_kind), number))
    return list(dict.fromkeys(found))
