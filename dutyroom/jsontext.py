"""JSON that people hand in (scenario files, rule sets), read with bounds and refused in Chinese.

The standard reader accepts what no input of ours should hold and fails in ways a person cannot act on:
``NaN`` and ``Infinity``, integers of thousands of digits (which then fail far away, when printed), nesting
deep enough to exhaust the stack, the same key twice (the last one silently wins), and English messages
("Expecting value"). ``load_json`` refuses each of these with one sentence naming where it is.
"""

from __future__ import annotations

import json
import math
from typing import Any

from dutyroom.errors import ValidationError

MAX_DEPTH = 32
MAX_INT_DIGITS = 18          # beyond any count, id or amount we keep; SQLite's integers stop at 19 digits
MAX_CHARS = 20_000_000

_MESSAGES = (
    ("Expecting value", "此处应为一个值"),
    ("Expecting property name enclosed in double quotes", "此处应为用双引号括起的名称"),
    ("Expecting ':' delimiter", "此处应为冒号“:”"),
    ("Expecting ',' delimiter", "此处应为逗号“,”"),
    ("Unterminated string", "字符串缺少结尾的双引号"),
    ("Invalid control character", "字符串中有控制字符（如未转义的换行）"),
    ("Invalid \\u", "无效的 \\u 转义"),              # Python says "Invalid \\u<4 hex digits> escape"
    ("Invalid \\escape", "无效的反斜杠转义"),
    ("Extra data", "JSON 内容结束后还有多余的字符"),
    ("Illegal trailing comma", "最后一项后面多了逗号"),
)


class _Refused(Exception):
    """Raised from inside the parser's hooks; turned into one ValidationError at the top."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def chinese_reason(message: str) -> str:
    """What a ``json.JSONDecodeError`` message says, in Chinese."""
    for english, chinese in _MESSAGES:
        if message.startswith(english):
            return chinese
    return "格式有误"


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(f"数字“{text[:24]}…”过大（整数最多{MAX_INT_DIGITS}位）")
    return int(text)


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or len(text) > 40:
        raise _Refused(f"数字“{text[:24]}”超出范围")
    return value


def _constant(name: str) -> Any:
    raise _Refused(f"“{name}”不是有效的JSON数值")


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(f"名称“{key[:40]}”在同一对象中出现了两次")
        out[key] = value
    return out


def _depth(value: Any) -> int:
    """How deeply arrays and objects nest (without recursion: the value may be deep)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def load_json(text: str, what: str) -> Any:
    """Parse ``text``; any problem raises ValidationError "{what}不是有效的JSON（第N行第M列）：…。"."""
    if len(text) > MAX_CHARS:
        raise ValidationError(f"{what}过大（最多{MAX_CHARS // 1_000_000}百万个字符）。")
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_number, parse_constant=_constant,
                           object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise ValidationError(f"{what}不是有效的JSON（第{exc.lineno}行第{exc.colno}列）：{chinese_reason(exc.msg)}。") \
            from None
    except _Refused as exc:
        raise ValidationError(f"{what}不能使用：{exc.message}。") from None
    except RecursionError:
        raise ValidationError(f"{what}嵌套层数过多（最多{MAX_DEPTH}层）。") from None
    if _depth(value) > MAX_DEPTH:
        raise ValidationError(f"{what}嵌套层数过多（最多{MAX_DEPTH}层）。")
    return value
