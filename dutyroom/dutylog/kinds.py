"""Entry types and their fields, as data (``resources/dutylog/entry_types.json``), and their validation.

Code knows the mechanism (field types: text, multiline, phone, choice, date, seconds); the data file says
which type has which fields, which are required, and what the choices are.
"""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from dutyroom.errors import Problems, ValidationError
from dutyroom.org import normalize_phone
from dutyroom.paths import app_path


class LogKind(StrEnum):
    """The entry types' keys, as resources/dutylog/entry_types.json lists them (labels and fields live there;
    a key in the file that is not here fails on loading)."""
    CALL_IN = "call_in"
    CALL_OUT = "call_out"
    DOCUMENT = "document"
    WARNING = "warning"
    INSTRUCTION = "instruction"
    ROLL_CALL = "roll_call"
    DIRECTIVE = "directive"
    OTHER = "other"


FIELD_TYPES = ("text", "multiline", "phone", "choice", "date", "seconds")
MAX_TEXT = 200
MAX_MULTILINE = 4000
MAX_SUMMARY = 2000
MAX_SECONDS = 24 * 3600
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: str = "text"
    required: bool = False
    choices: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    person_part: str = ""          # which part of a picked person fills it: unit, name, title, phone
    help: str = ""


@dataclass(frozen=True)
class EntryKind:
    key: str
    label: str
    short: str
    summary_label: str
    fields: tuple[FieldSpec, ...]
    counterpart: tuple[str, ...] = ()
    person_field: str = ""
    phone_record: bool = False
    auto_summary: str = ""
    require_one_of: tuple[tuple[str, ...], ...] = ()
    field_map: dict[str, FieldSpec] = field(default_factory=dict, compare=False, repr=False)

    def field(self, key: str) -> FieldSpec:
        return self.field_map[key]


def _field(raw: dict[str, Any]) -> FieldSpec:
    if raw.get("type", "text") not in FIELD_TYPES:
        raise ValueError(f"unknown field type {raw.get('type')!r} in entry_types.json")
    return FieldSpec(key=raw["key"], label=raw["label"], type=raw.get("type", "text"),
                     required=bool(raw.get("required")), choices=tuple(raw.get("choices", ())),
                     suggestions=tuple(raw.get("suggestions", ())), person_part=raw.get("person_part", ""),
                     help=raw.get("help", ""))


@functools.cache
def entry_kinds() -> dict[str, EntryKind]:
    """Every entry type in display order."""
    data = json.loads(app_path("resources", "dutylog", "entry_types.json").read_text(encoding="utf-8"))
    kinds: dict[str, EntryKind] = {}
    for raw in data["kinds"]:
        fields = tuple(_field(f) for f in raw["fields"])
        key = LogKind(raw["key"])
        kinds[key] = EntryKind(
            key=key, label=raw["label"], short=raw.get("short", raw["label"][:1]),
            summary_label=raw.get("summary_label", "内容摘要"), fields=fields,
            counterpart=tuple(raw.get("counterpart", ())), person_field=raw.get("person_field", ""),
            phone_record=bool(raw.get("phone_record")), auto_summary=raw.get("auto_summary", ""),
            require_one_of=tuple(tuple(group) for group in raw.get("require_one_of", ())),
            field_map={f.key: f for f in fields})
    return kinds


def kind_label(kind: str) -> str:
    found = entry_kinds().get(kind)
    return found.label if found else kind


def get_kind(kind: str) -> EntryKind:
    found = entry_kinds().get(kind)
    if found is None:
        raise ValidationError(f"未知的记录类型：{kind}", field="kind")
    return found


# -- values ----------------------------------------------------------------------------------------

_DURATION = re.compile(r"^(?:(\d+)\s*(?:小时|时|h))?\s*(?:(\d+)\s*(?:分钟|分|m|min|′|'))?\s*(?:(\d+)\s*(?:秒钟|秒|s|″|\"))?$")


def parse_seconds(value: Any) -> int:
    """How long until answered: 45, "45", "45秒", "1分30秒", "2分", "1:30"."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int | float):
        if not math.isfinite(value) or abs(value) > MAX_SECONDS:
            raise ValueError(value)
        seconds = int(value)
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().lower().replace(" ", "")
        if len(text) > 20:
            raise ValueError(value)
        if re.fullmatch(r"\d+", text):
            seconds = int(text)
        elif re.fullmatch(r"\d+:\d{1,2}", text):
            minutes_text, secs_text = text.split(":")
            seconds = int(minutes_text) * 60 + int(secs_text)
        else:
            match = _DURATION.match(text)
            if not text or not match or not any(match.groups()):
                raise ValueError(value)
            hours, minutes, secs = (int(g or 0) for g in match.groups())
            seconds = hours * 3600 + minutes * 60 + secs
    if not 0 <= seconds <= MAX_SECONDS:
        raise ValueError(value)
    return seconds


def seconds_text(seconds: int | None) -> str:
    if seconds is None:
        return ""
    if seconds < 60:
        return f"{seconds}秒"
    minutes, secs = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}分{secs}秒" if secs else f"{minutes}分钟"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}小时{minutes}分" if minutes else f"{hours}小时"


def field_text(spec: FieldSpec, value: Any) -> str:
    """A stored field value as a person reads it."""
    if value is None or value == "":
        return ""
    if spec.type == "seconds":
        return seconds_text(int(value))
    if spec.type == "date":
        day = date.fromisoformat(str(value))
        return f"{day.year}年{day.month}月{day.day}日"
    return str(value)


def _clean_value(spec: FieldSpec, value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if spec.type == "seconds":
        try:
            return parse_seconds(value)
        except ValueError:
            raise ValidationError(f"“{spec.label}”应为时长，例如 15秒、1分30秒（不超过24小时）。",
                                  field=spec.key) from None
    if spec.type == "date":
        try:
            day = value if isinstance(value, date) else date.fromisoformat(value.strip()) if isinstance(value, str) \
                else None
        except ValueError:
            day = None
        if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValidationError(f"“{spec.label}”应为日期（{FIRST_YEAR}至{LAST_YEAR}年间），例如 2026-11-30。",
                                  field=spec.key)
        return day.isoformat()
    if not isinstance(value, str) and not (spec.type == "phone" and isinstance(value, int)
                                           and not isinstance(value, bool)):
        raise ValidationError(f"“{spec.label}”应为文字。", field=spec.key)
    text = str(value).strip()
    if spec.type == "phone":
        try:
            return normalize_phone(text)
        except ValidationError as exc:
            raise ValidationError(exc.message.replace("电话号码", f"“{spec.label}”", 1), field=spec.key) from None
    if spec.type == "choice":
        if text not in spec.choices:
            raise ValidationError(f"“{spec.label}”只能是：{'、'.join(spec.choices)}。", field=spec.key)
        return text
    if spec.type == "text":
        text = re.sub(r"\s+", " ", text)
    limit = MAX_MULTILINE if spec.type == "multiline" else MAX_TEXT
    if len(text) > limit:
        raise ValidationError(f"“{spec.label}”过长（最多{limit}字）。", field=spec.key)
    return text


def clean_fields(kind: EntryKind, values: dict[str, Any] | None, *, require: bool = True) -> dict[str, Any]:
    """The type's fields, normalised; required ones present (unless ``require`` is off). Unknown keys are refused."""
    values = dict(values or {})
    unknown = sorted(set(values) - set(kind.field_map))
    if unknown:
        raise ValidationError(f"“{kind.label}”记录没有这些项：{'、'.join(unknown)}。")
    cleaned: dict[str, Any] = {}
    problems = Problems()
    for spec in kind.fields:
        value = problems.check(_clean_value, spec, values.get(spec.key), default=None)
        if value is None:
            if spec.required and require and not problems.failed(spec.key):
                problems.add(ValidationError(f"“{kind.label}”记录须填写“{spec.label}”。", field=spec.key))
            continue
        cleaned[spec.key] = value
    for group in kind.require_one_of if require else ():
        if not any(key in cleaned for key in group) and not problems.failed(*group):
            labels = "”或“".join(kind.field(key).label for key in group)
            problems.add(ValidationError(f"“{kind.label}”记录须填写“{labels}”。", field=group[0]))
    problems.raise_any()
    return cleaned


def is_complete(kind: EntryKind, fields: dict[str, Any]) -> bool:
    """Whether stored fields satisfy the type's required fields (entries from the summary-only path may not)."""
    try:
        clean_fields(kind, fields, require=True)
    except ValidationError:
        return False
    return True


def counterpart_of(kind: EntryKind, fields: dict[str, Any]) -> str:
    """Who the entry is with, in one line: 单位 姓名."""
    parts = [str(fields[key]) for key in kind.counterpart if fields.get(key)]
    return " ".join(parts)


def auto_summary(kind: EntryKind, fields: dict[str, Any]) -> str:
    """The summary a type composes from its fields (roll calls), or "" when it has none or lacks values."""
    if not kind.auto_summary:
        return ""
    shown = {spec.key: field_text(spec, fields.get(spec.key)) for spec in kind.fields}
    try:
        return kind.auto_summary.format(**shown).strip()
    except (KeyError, IndexError):
        return ""


def fields_lines(kind: EntryKind, fields: dict[str, Any], *, skip: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(label, text) for each filled field in the type's order."""
    return [(spec.label, field_text(spec, fields[spec.key])) for spec in kind.fields
            if spec.key in fields and spec.key not in skip and fields[spec.key] not in (None, "")]
