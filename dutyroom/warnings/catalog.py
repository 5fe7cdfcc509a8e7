"""Warning types and levels: the type catalogue is data (``resources/warnings/types.json``), the four levels
are fixed by the 预警 system itself (红/橙/黄/蓝 = Ⅰ/Ⅱ/Ⅲ/Ⅳ)."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from enum import StrEnum

from dutyroom.errors import ValidationError
from dutyroom.paths import app_path


class Level(StrEnum):
    """The four warning levels, most severe first: 红 Ⅰ, 橙 Ⅱ, 黄 Ⅲ, 蓝 Ⅳ."""
    RED = "red"
    ORANGE = "orange"
    YELLOW = "yellow"
    BLUE = "blue"


LEVELS: tuple[str, ...] = tuple(Level)
LEVEL_LABELS: dict[str, str] = {Level.RED: "红色", Level.ORANGE: "橙色", Level.YELLOW: "黄色", Level.BLUE: "蓝色"}
LEVEL_ROMAN: dict[str, str] = {"red": "Ⅰ", "orange": "Ⅱ", "yellow": "Ⅲ", "blue": "Ⅳ"}
LEVEL_COLOURS: dict[str, str] = {"red": "#C62828", "orange": "#E8710A", "yellow": "#D4A106", "blue": "#1E5FC2"}
_LEVEL_WORDS: dict[str, str] = {
    **{code: code for code in LEVELS}, **{label: code for code, label in LEVEL_LABELS.items()},
    **{label[0]: code for code, label in LEVEL_LABELS.items()}, **{r: code for code, r in LEVEL_ROMAN.items()},
    "I": "red", "II": "orange", "III": "yellow", "IV": "blue", "1": "red", "2": "orange", "3": "yellow", "4": "blue",
}


def level_code(text: str) -> str:
    """Accepts 橙色, 橙, orange, Ⅱ, II or 2."""
    word = str(text or "").strip()
    word = word.removesuffix("级").removesuffix("预警")
    code = _LEVEL_WORDS.get(word) or _LEVEL_WORDS.get(word.upper()) or _LEVEL_WORDS.get(word.lower())
    if code is None:
        raise ValidationError(f"未知的预警级别“{text}”：应为 红色、橙色、黄色 或 蓝色。", field="level")
    return code


def level_label(code: str) -> str:
    return LEVEL_LABELS.get(code, code)


def level_text(code: str) -> str:
    """橙色（Ⅱ级）"""
    return f"{LEVEL_LABELS[code]}（{LEVEL_ROMAN[code]}级）" if code in LEVELS else code


def more_severe(a: str, b: str) -> bool:
    """Whether level ``a`` is more severe than ``b``."""
    return LEVELS.index(a) < LEVELS.index(b)


@dataclass(frozen=True)
class WarningType:
    name: str
    group: str
    source: str              # the usual issuing unit
    levels: tuple[str, ...]
    log_type: str            # the 预警种类 the duty log knows it as

    def title(self, level: str) -> str:
        return f"{self.name}{LEVEL_LABELS[level]}预警"


@dataclass(frozen=True)
class Catalogue:
    types: tuple[WarningType, ...]
    note: str

    def get(self, name: str) -> WarningType:
        name = str(name or "").strip().removesuffix("预警")
        for kind in self.types:
            if kind.name == name:
                return kind
        raise ValidationError(f"未知的预警种类“{name}”，可选：{'、'.join(t.name for t in self.types)}。", field="type")

    @property
    def names(self) -> list[str]:
        return [t.name for t in self.types]


@functools.cache
def catalogue() -> Catalogue:
    data = json.loads(app_path("resources", "warnings", "types.json").read_text(encoding="utf-8"))
    types = []
    for item in data["types"]:
        levels = tuple(code for code in LEVELS if code in item["levels"])
        types.append(WarningType(item["name"], item["group"], item["source"], levels,
                                 item.get("log_type", item["name"])))
    return Catalogue(tuple(types), data.get("note", ""))


def check_level(kind: WarningType, level: str) -> None:
    if level not in kind.levels:
        allowed = "、".join(LEVEL_LABELS[c] for c in kind.levels)
        raise ValidationError(f"{kind.name}预警没有{LEVEL_LABELS[level]}级别（可用：{allowed}）。", field="level")
