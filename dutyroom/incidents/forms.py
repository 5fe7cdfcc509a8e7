"""Form definitions as data (resources/forms/*.json): one definition drives the input widgets (the GUI's
form builder), validation (here), storage (values keyed by field) and print (print lines and templates).

A print template (``print_as``, ``prefill``) is a string such as ``"死亡{dead}人"`` or an object
``{"parts": [...], "join": "，", "wrap": "（）", "empty": "…"}``. A part is dropped when a field it names
is empty (blank, zero, false), so "死亡0人" never prints; a boolean field renders as nothing and keeps
its part only when set.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from dutyroom.clock import FUTURE_TOLERANCE, iso, parse_iso, to_cst
from dutyroom.errors import Problems, ValidationError
from dutyroom.incidents.rules import money_text
from dutyroom.incidents.taxonomy import taxonomy
from dutyroom.paths import app_path

PERSON_PARTS = ("", "name", "unit", "title", "phone")
FIELD_TYPES = ("text", "textarea", "int", "decimal", "money", "datetime", "choice", "bool", "phone", "unit",
               "category", "subtype", "person")
TEXT_TYPES = ("text", "textarea", "choice", "phone", "category", "subtype")
FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_NUMBER_TEXT = 30
MAX_SHOWN = 20
NUMBER_LIMIT = 10**15           # far beyond any count or sum a duty room records; keeps every number printable
MAX_RECORD_ID = 2**62
_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?")
_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
_directory: Path | None = None
_cache: dict[tuple[str, str, float], FormDef] = {}


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str
    group: str = ""
    short: str = ""                 # a column heading where the label is too long
    required: bool = False
    default: Any = None
    placeholder: str = ""
    help: str = ""
    choices: tuple[str, ...] = ()
    allow_other: bool = False
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    decimals: int = 0
    unit: str = ""
    unit_kind: str = ""
    parent: str = ""
    not_after: str = ""
    not_after_message: str = ""
    not_more_than: str = ""
    visible_when: tuple[str, str] | None = None
    printable: bool = True
    print_label: str = ""
    print_as: Any = None
    essential: bool = False
    card: bool = False
    hidden: bool = False
    jump: dict[str, float] | None = None
    person_part: str = ""           # filled from a person picked from the contact tree: name, unit, title, phone

    @property
    def line_label(self) -> str:
        return self.print_label or self.label

    def visible(self, values: Mapping[str, Any]) -> bool:
        if self.visible_when is None:
            return True
        other, wanted = self.visible_when
        return values.get(other) == wanted


@dataclass(frozen=True)
class Group:
    key: str
    label: str
    fields: tuple[Field, ...]
    call: bool = False


@dataclass(frozen=True)
class FormDef:
    name: str
    version: int
    title: str
    groups: tuple[Group, ...]
    raw: dict[str, Any] = field(repr=False, compare=False, hash=False, default_factory=dict)

    @property
    def fields(self) -> dict[str, Field]:
        return {f.key: f for g in self.groups for f in g.fields}

    def field(self, key: str) -> Field:
        return self.fields[key]

    def __iter__(self) -> Iterator[Field]:
        for group in self.groups:
            yield from group.fields


# -- loading -------------------------------------------------------------------------------------

def forms_dir() -> Path:
    return _directory or app_path("resources", "forms")


def use_directory(path: Path | None) -> None:
    """Read definitions from another folder (tests, or a site's own definitions); None restores."""
    global _directory
    _directory = Path(path) if path is not None else None
    _cache.clear()


def _fail(name: str, problem: str) -> ValidationError:
    return ValidationError(f"表单定义“{name}”有误：{problem}", field="form")


def _field(data: Any, group: str, form_name: str) -> Field:
    if not isinstance(data, dict) or not data.get("key") or not data.get("label"):
        raise _fail(form_name, "每个字段须有 key 和 label。")
    kind = data.get("type", "text")
    if kind not in FIELD_TYPES:
        raise _fail(form_name, f"字段“{data['key']}”的类型“{kind}”未知。")
    choices = tuple(data.get("choices") or ())
    if data.get("choices_from"):
        choices = taxonomy().choices(data["choices_from"])
    if kind == "choice" and not choices:
        raise _fail(form_name, f"选择字段“{data['key']}”没有选项。")
    if data.get("person_part", "") not in PERSON_PARTS:
        raise _fail(form_name, f"字段“{data['key']}”的 person_part 只能是 {'、'.join(PERSON_PARTS[1:])}。")
    visible = data.get("visible_when")
    return Field(
        key=data["key"], label=data["label"], type=kind, group=group, short=data.get("short", ""),
        required=bool(data.get("required")),
        default=data.get("default"), placeholder=data.get("placeholder", ""), help=data.get("help", ""),
        choices=choices, allow_other=bool(data.get("allow_other")), minimum=data.get("min"), maximum=data.get("max"),
        max_length=data.get("max_length"), decimals=int(data.get("decimals", 0)), unit=data.get("unit", ""),
        unit_kind=data.get("unit_kind", ""), parent=data.get("parent", ""), not_after=data.get("not_after", ""),
        not_after_message=data.get("not_after_message", ""), not_more_than=data.get("not_more_than", ""),
        visible_when=(visible["field"], visible["equals"]) if visible else None,
        printable=data.get("print", True) is not False, print_label=data.get("print_label", ""),
        print_as=data.get("print_as"), essential=bool(data.get("essential")), card=bool(data.get("card")),
        hidden=bool(data.get("hidden")), jump=data.get("jump"), person_part=data.get("person_part", ""),
    )


def parse_form(data: dict[str, Any]) -> FormDef:
    name = str(data.get("form") or "")
    if not name:
        raise _fail("?", "缺少 form 名称。")
    groups = []
    if "groups" in data:
        for group in data["groups"]:
            fields = tuple(_field(f, group["key"], name) for f in group.get("fields", ()))
            groups.append(Group(group["key"], group.get("label", ""), fields, bool(group.get("call"))))
    for key in ("fields", "indicators"):
        if key in data:
            groups.append(Group(key, "", tuple(_field(f, key, name) for f in data[key])))
    keys = [f.key for g in groups for f in g.fields]
    if len(keys) != len(set(keys)):
        raise _fail(name, "字段 key 重复。")
    return FormDef(name, int(data.get("version", 1)), str(data.get("title", "")), tuple(groups), raw=data)


def load_form(name: str) -> FormDef:
    path = forms_dir() / f"{name}.json"
    try:
        stamp = path.stat().st_mtime
    except OSError as exc:
        raise _fail(name, f"找不到定义文件 {path}。") from exc
    key = (str(path), name, stamp)
    if key not in _cache:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise _fail(name, f"不是有效的JSON（第{exc.lineno}行）。") from exc
        _cache[key] = parse_form(data)
    return _cache[key]


# -- values ---------------------------------------------------------------------------------------

def is_empty(value: Any) -> bool:
    return value is None or value == "" or value is False or value == 0 or value == {} or value == []


def chinese_datetime(value: datetime | str) -> str:
    moment = parse_iso(value) if isinstance(value, str) else to_cst(value)
    return f"{moment.year}年{moment.month}月{moment.day}日{moment.hour}时{moment.minute:02d}分"


def display(fld: Field, value: Any) -> str:
    """A value as a person reads it (forms, lists, printouts)."""
    if value is None or value == "":
        return ""
    if fld.type == "datetime":
        return chinese_datetime(value)
    if fld.type == "money":
        return money_text(int(value))
    if fld.type == "bool":
        return "是" if value else "否"
    if fld.type == "unit":
        return str(value.get("name", "")) if isinstance(value, dict) else str(value)
    if fld.type == "decimal":
        return decimal_text(value, fld.decimals)
    return str(value)


def decimal_text(value: Any, decimals: int) -> str:
    text = f"{float(value):.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def referenced(spec: Any) -> set[str]:
    """Field keys a template names."""
    if spec is None:
        return set()
    if isinstance(spec, str):
        return set(_REF.findall(spec))
    found: set[str] = set()
    for part in spec.get("parts", ()):
        found |= referenced(part)
    return found


def render(spec: Any, values: Mapping[str, Any], form: FormDef) -> str:
    """Fill a template from values, dropping parts whose fields are empty."""
    if spec is None:
        return ""
    fields = form.fields
    if isinstance(spec, str):
        names = _REF.findall(spec)
        if any(is_empty(values.get(n)) for n in names):
            return ""

        def one(match: re.Match[str]) -> str:
            key = match.group(1)
            value = values.get(key)
            if key in fields:
                return "" if fields[key].type == "bool" else display(fields[key], value)
            return "" if value is None else str(value)

        return _REF.sub(one, spec)
    parts = [render(part, values, form) for part in spec.get("parts", ())]
    text = spec.get("join", "").join(p for p in parts if p)
    if text and spec.get("wrap"):
        text = spec["wrap"][0] + text + spec["wrap"][1:]
    return text or spec.get("empty", "")


@dataclass(frozen=True)
class PrintLine:
    key: str
    label: str
    text: str
    refs: frozenset[str]


def print_lines(form: FormDef, values: Mapping[str, Any], groups: list[str] | None = None) -> list[PrintLine]:
    """The form's printable facts in print order, each as "标签：内容"; empty ones left out."""
    lines = []
    for fld in form:
        if not fld.printable or fld.hidden or (groups and fld.group not in groups) or not fld.visible(values):
            continue
        spec = fld.print_as if fld.print_as is not None else "{" + fld.key + "}"
        text = render(spec, values, form)
        if text:
            lines.append(PrintLine(fld.key, fld.line_label, text, frozenset(referenced(spec) | {fld.key})))
    return lines


def card_lines(form: FormDef, values: Mapping[str, Any]) -> list[PrintLine]:
    return [line for line in print_lines(form, values) if form.field(line.key).card]


def defaults(form: FormDef, now: datetime) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fld in form:
        if fld.default == "now" and fld.type == "datetime":
            out[fld.key] = iso(now)
        elif fld.default is not None:
            out[fld.key] = fld.default
    return out


# -- validation -----------------------------------------------------------------------------------

class Lookup:
    """What validation may ask the store (org units, persons); the GUI and the core share it."""

    def __init__(self, store: Any = None) -> None:
        self.store = store

    def unit(self, unit_id: int) -> dict[str, Any] | None:
        if self.store is None:
            return None
        row = self.store.row("SELECT id, name, kind, parent_id, voided_at FROM org_unit WHERE id = ?", (unit_id,))
        return dict(row) if row else None

    def person_exists(self, person_id: int) -> bool:
        if self.store is None:
            return False
        return self.store.row("SELECT 1 FROM person WHERE id = ? AND voided_at IS NULL", (person_id,)) is not None


def _shown(value: Any) -> str:
    """A typed value as a refusal quotes it: never so long that the message drowns in it."""
    text = str(value)
    return text if len(text) <= MAX_SHOWN else text[:MAX_SHOWN] + "…"


def _number_text(fld: Field, value: str) -> str:
    """The number a person typed, full-width forms folded: thousands separators only where they group by three
    ("1,200" and "1，200" yes, "1，0，0" no), no exponent, at most ``MAX_NUMBER_TEXT`` characters."""
    text = unicodedata.normalize("NFKC", value).strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise ValidationError(f"“{fld.label}”填写的数字过长（最多{MAX_NUMBER_TEXT}个字符）。", field=fld.key)
    if "," in text:
        if not _GROUPED_NUMBER.fullmatch(text):
            raise ValidationError(f"“{fld.label}”的“{_shown(value.strip())}”不是正确的数字：逗号只能作千位分隔，例如 1,200。",
                                  field=fld.key)
        text = text.replace(",", "")
    return text


def _bounded(fld: Field, number: int | Decimal) -> None:
    if abs(Decimal(number)) > NUMBER_LIMIT:
        raise ValidationError(f"“{fld.label}”的数值超出合理范围，请核实后重新填写。", field=fld.key)


def _clean_int(fld: Field, value: Any) -> int:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and abs(value) <= NUMBER_LIMIT:
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str):
        text = _number_text(fld, value)
        if not _WHOLE_NUMBER.fullmatch(text):
            raise ValidationError(f"“{fld.label}”应为整数，“{_shown(value)}”不是整数。", field=fld.key)
        number = int(text)
    else:
        raise ValidationError(f"“{fld.label}”应为整数。", field=fld.key)
    _bounded(fld, number)
    return number


def _decimal_of(fld: Field, value: Any, what: str, example: str) -> Decimal:
    """A typed or given number as a Decimal: finite, plain notation, within ``NUMBER_LIMIT``."""
    if isinstance(value, float) and math.isfinite(value):
        number = Decimal(repr(value)) if "e" not in repr(value) else None
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value) if abs(value) <= NUMBER_LIMIT else None
    elif isinstance(value, str):
        text = _number_text(fld, value)
        number = Decimal(text) if _PLAIN_NUMBER.fullmatch(text) else None
    else:
        number = None
    if number is None:
        raise ValidationError(f"“{fld.label}”应为{what}，例如 {example}。", field=fld.key)
    _bounded(fld, number)
    return number


def _clean_decimal(fld: Field, value: Any) -> float:
    return round(float(_decimal_of(fld, value, "数字", "12.5")), fld.decimals)


def _range(fld: Field, value: float, shown: str) -> None:
    unit = fld.unit if fld.type != "money" else ""
    if value < (fld.minimum if fld.minimum is not None else 0):
        if value < 0:
            raise ValidationError(f"“{fld.label}”不能为负数（填写的是{shown}）。", field=fld.key)
        raise ValidationError(f"“{fld.label}”不能小于{fld.minimum}{unit}。", field=fld.key)
    if fld.maximum is not None and value > fld.maximum:
        limit = money_text(fld.maximum) if fld.type == "money" else f"{decimal_text(fld.maximum, 0)}{unit}"
        raise ValidationError(f"“{fld.label}”为{shown}，超出合理范围（最多{limit}），请核实后重新填写。",
                              field=fld.key)


def _clean_datetime(fld: Field, value: Any) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        text = unicodedata.normalize("NFKC", value).strip() if isinstance(value, str) else ""
        try:
            if not text or len(text) > 40:
                raise ValueError(text)
            moment = datetime.fromisoformat(text.replace(" ", "T") if "T" not in text else text)
        except ValueError as exc:
            raise ValidationError(f"“{fld.label}”格式不对，应为“年-月-日 时:分”，例如 2026-11-24 09:30。",
                                  field=fld.key) from exc
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        raise ValidationError(f"“{fld.label}”的年份应在{FIRST_YEAR}年到{LAST_YEAR}年之间。", field=fld.key)
    return to_cst(moment).replace(microsecond=0)


def _clean_one(fld: Field, value: Any, lookup: Lookup, values: Mapping[str, Any]) -> Any:
    kind = fld.type
    if kind in TEXT_TYPES and not isinstance(value, str) and not (kind == "phone" and _is_whole(value)):
        raise ValidationError(f"“{fld.label}”应为文字。", field=fld.key)
    if kind in ("text", "textarea"):
        text = value.strip()
        if kind == "text":
            text = re.sub(r"\s+", " ", text)
        limit = fld.max_length or (200 if kind == "text" else 5000)
        if len(text) > limit:
            raise ValidationError(f"“{fld.label}”过长（最多{limit}字，现有{len(text)}字）。", field=fld.key)
        return text
    if kind in ("int", "money"):
        number = _clean_int(fld, value) if kind == "int" else _money(fld, value)
        _range(fld, number, money_text(number) if kind == "money" else f"{number}{fld.unit}")
        return number
    if kind == "decimal":
        amount = _clean_decimal(fld, value)
        _range(fld, amount, f"{decimal_text(amount, fld.decimals)}{fld.unit}")
        return amount
    if kind == "datetime":
        return iso(_clean_datetime(fld, value))
    if kind == "choice":
        text = str(value).strip()
        if text in fld.choices:
            return text
        if fld.allow_other and len(text) <= 40:
            return text
        raise ValidationError(f"“{fld.label}”只能选择：{'、'.join(fld.choices)}。", field=fld.key)
    if kind == "bool":
        if not isinstance(value, bool):      # "false" is not false, and not true either
            raise ValidationError(f"“{fld.label}”应为“是”或“否”（true 或 false）。", field=fld.key)
        return value
    if kind == "phone":
        from dutyroom.org import normalize_phone

        try:
            return normalize_phone(str(value))
        except ValidationError as exc:
            raise ValidationError(f"“{fld.label}”：{exc.message}", field=fld.key) from exc
    if kind == "unit":
        unit_id = _record_id(fld, value.get("id") if isinstance(value, dict) else value)
        unit = lookup.unit(unit_id)
        if unit is None or unit["voided_at"] or (fld.unit_kind and unit["kind"] != fld.unit_kind):
            raise ValidationError(f"所选“{fld.label}”不存在或已作废，请重新选择。", field=fld.key)
        parent = values.get(fld.parent) if fld.parent else None
        if fld.parent and isinstance(parent, dict) and unit["parent_id"] != parent.get("id"):
            raise ValidationError(f"“{unit['name']}”不属于“{parent.get('name')}”，请重新选择。", field=fld.key)
        return {"id": unit["id"], "name": unit["name"]}
    if kind == "category":
        text = str(value).strip()
        if text not in taxonomy().categories:
            raise ValidationError(f"“{fld.label}”只能选择：{'、'.join(taxonomy().categories)}。", field=fld.key)
        return text
    if kind == "subtype":
        text = str(value).strip()
        category = values.get(fld.parent, "")
        allowed = taxonomy().subtypes(category)
        if text not in allowed:
            raise ValidationError(f"“{text}”不是“{category or '（未选类别）'}”的子类，请重新选择。", field=fld.key)
        return text
    if kind == "person":
        person_id = _record_id(fld, value)
        if not lookup.person_exists(person_id):
            raise ValidationError(f"所选“{fld.label}”不存在或已作废。", field=fld.key)
        return person_id
    raise AssertionError(kind)


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _record_id(fld: Field, value: Any) -> int:
    """The id of a picked unit or person: a whole number (or its digits) a record could have."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) < 19:
        value = int(value)
    if not _is_whole(value) or not 0 < value < MAX_RECORD_ID:
        raise ValidationError(f"“{fld.label}”无效，请重新选择。", field=fld.key)
    return int(value)


def clean_value(fld: Field, value: Any, lookup: Lookup | None = None,
                values: Mapping[str, Any] | None = None) -> Any:
    """One field's value cleaned by its type (no required check): for tables and partial forms."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return _empty_value(fld)
    return _clean_one(fld, value, lookup or Lookup(), values or {})


def _money(fld: Field, value: Any) -> int:
    """Yuan, from 1200000, "1,200,000", "120万元" or "1.2亿"; negative amounts are refused before rounding (so
    -0.4 元 is not taken as 0)."""
    multiplier, amount = Decimal(1), value
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        for suffix, factor in (("亿元", 10**8), ("万元", 10**4), ("亿", 10**8), ("万", 10**4), ("元", 1)):
            if text.endswith(suffix):
                text, multiplier = text[: -len(suffix)].strip(), Decimal(factor)
                break
        amount = text
    number = _decimal_of(fld, amount, "金额", "1200000 或 120万元") * multiplier
    if number < 0:
        raise ValidationError(f"“{fld.label}”不能为负数（填写的是{_shown(value)}）。", field=fld.key)
    _bounded(fld, number)
    return int(number.to_integral_value(ROUND_HALF_UP))


def _empty_value(fld: Field) -> Any:
    if fld.type in ("int", "money"):
        return 0
    if fld.type == "decimal":
        return 0.0
    if fld.type == "bool":
        return False
    if fld.type in ("unit", "person", "datetime"):
        return None
    return ""


def validate(form: FormDef, raw: Mapping[str, Any], *, now: datetime, lookup: Lookup | None = None
             ) -> dict[str, Any]:
    """Clean values by the definition. Every field is checked: one problem raises ValidationError(field=key),
    several raise InvalidFields listing each (a form shows them all at once).

    Missing keys take the definition's defaults; unknown keys are refused (a typo is not data).
    """
    if not isinstance(raw, Mapping):
        raise ValidationError(f"表单“{form.title}”的内容应为一组“项目：值”。")
    lookup = lookup or Lookup()
    fields = form.fields
    unknown = [_shown(key) for key in raw if key not in fields]
    if unknown:
        raise ValidationError(f"表单“{form.title}”没有这些项：{'、'.join(unknown[:5])}。", field=unknown[0])
    start = defaults(form, now)
    values: dict[str, Any] = {}
    problems = Problems()
    for fld in form:
        value = raw.get(fld.key, start.get(fld.key))
        values[fld.key] = _empty_value(fld)
        if not fld.visible({**raw, **values}):
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            if fld.required:
                problems.add(ValidationError(f"请填写“{fld.label}”。", field=fld.key))
            continue
        if fld.parent and problems.failed(fld.parent):
            continue    # judged against a field that is wrong already (the 子类 of a missing 类别)
        values[fld.key] = problems.check(_clean_one, fld, value, lookup, values, default=_empty_value(fld))
    _cross_checks(form, values, now, problems)
    problems.raise_any()
    return values


def _cross_checks(form: FormDef, values: Mapping[str, Any], now: datetime, problems: Problems) -> None:
    fields = form.fields
    for key, value in values.items():
        fld = fields[key]
        if problems.failed(key, fld.not_after, fld.not_more_than):
            continue
        if fld.not_after and value:
            moment = parse_iso(value)
            if fld.not_after == "now":
                if moment > to_cst(now) + FUTURE_TOLERANCE:
                    problems.add(ValidationError(f"“{fld.label}”不能晚于当前时间（{chinese_datetime(now)}）。",
                                                 field=key))
            elif values.get(fld.not_after) and moment > parse_iso(values[fld.not_after]):
                other = fields[fld.not_after].label
                problems.add(ValidationError(fld.not_after_message or f"“{fld.label}”不能晚于“{other}”。",
                                             field=key))
        if fld.not_more_than and value is not None and values.get(fld.not_more_than) is not None:
            if value > values[fld.not_more_than]:
                other = fields[fld.not_more_than].label
                problems.add(ValidationError(f"“{fld.label}”不能大于“{other}”。", field=key))
