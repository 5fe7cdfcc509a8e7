"""JSON handed in by people is read with bounds, and every refusal is one Chinese sentence."""

from __future__ import annotations

import pytest

from dutyroom.errors import ValidationError
from dutyroom.jsontext import MAX_DEPTH, load_json


@pytest.mark.parametrize(("text", "message"), [
    ("", "不是有效的JSON（第1行第1列）：此处应为一个值。"),
    ("{\"a\": }", "此处应为一个值"),
    ("{a: 1}", "此处应为用双引号括起的名称"),
    ("{\"a\" 1}", "此处应为冒号"),
    ("[1 2]", "此处应为逗号"),
    ("\"abc", "字符串缺少结尾的双引号"),
    ("\"a\\qb\"", "无效的反斜杠转义"),
    ("{} []", "JSON 内容结束后还有多余的字符"),
    ("[NaN]", "“NaN”不是有效的JSON数值"),
    ("[-Infinity]", "“-Infinity”不是有效的JSON数值"),
    ("[1e999999]", "超出范围"),
    ("[" + "9" * 5000 + "]", "过大（整数最多18位）"),
    ("{\"a\": 1, \"a\": 2}", "名称“a”在同一对象中出现了两次"),
    ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "嵌套层数过多"),
    ("[" * 100_000 + "]" * 100_000, "嵌套层数过多"),
])
def test_refusals_are_chinese(text: str, message: str) -> None:
    with pytest.raises(ValidationError, match="^场景文件") as caught:
        load_json(text, "场景文件")
    assert message in caught.value.message
    assert not any(word in caught.value.message for word in ("Expecting", "Extra", "Invalid", "Unterminated"))


def test_ordinary_json_reads_as_usual() -> None:
    assert load_json('{"a": [1, 2.5, true, null, "字"], "b": {"c": -3}}', "x") == \
        {"a": [1, 2.5, True, None, "字"], "b": {"c": -3}}
    assert load_json("[" * MAX_DEPTH + "]" * MAX_DEPTH, "x") is not None


@pytest.mark.parametrize(("text", "message"), [('{"leader": ' * 50_000, "嵌套层数过多"),
                                               ('{"workday": NaN}', "“NaN”不是有效的JSON数值"),
                                               ('{"officer": 1, "officer": 2}', "在同一对象中出现了两次")])
def test_settings_typed_as_json_go_through_the_same_reader(text: str, message: str) -> None:
    """The administrator's role counts and rates, typed as JSON: refused by the bounded reader, naming the
    setting (deep nesting was a RecursionError, NaN an amount, a repeated key silently the last)."""
    from dutyroom.settings.parse import rates, role_counts

    for parse in (role_counts("加强值班人数"), rates("值班补助")):
        with pytest.raises(ValidationError, match="^“(加强值班人数|值班补助)”") as caught:
            parse(text)
        assert message in caught.value.message


def test_rule_documents_of_both_families_go_through_the_same_reader() -> None:
    from dutyroom.rulebook import json_document

    with pytest.raises(ValidationError, match="^叫应规则不能使用：名称“schema”在同一对象中出现了两次"):
        json_document('{"schema": 1, "schema": 2}', "叫应规则", 1)
    with pytest.raises(ValidationError, match="^规则嵌套层数过多"):
        json_document("[" * 100_000 + "]" * 100_000, "规则", 1)
