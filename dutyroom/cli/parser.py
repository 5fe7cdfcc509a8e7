"""The command line's argument parser in Chinese: usage, help sections and every usage error.

argparse writes its own words ("usage:", "options", "the following arguments are required") in English.
``ChineseArgumentParser`` titles the help in Chinese and turns each of argparse's error messages into a
Chinese sentence (its message patterns are matched here, so an argparse upgrade that rewords one falls
back to a Chinese sentence that still names the argument, never to English alone).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

HELP_TEXT = "显示本帮助并退出"
USAGE_PREFIX = "用法："

# (argparse's message as a pattern, the Chinese sentence); {names} are the pattern's groups
_ERRORS: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (?P<names>.+)", "缺少必需的参数：{names}"),
    (r"one of the arguments (?P<names>.+) is required", "须给出以下参数之一：{names}"),
    (r"unrecognized arguments: (?P<names>.+)", "无法识别的参数：{names}"),
    (r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)", "无效的选择 {value}（可选：{choices}）"),
    (r"invalid (?P<type>\S+) value: (?P<value>.+)", "{value} 不是有效的{type}"),
    (r"expected one argument", "须跟一个值"),
    (r"expected at most one argument", "最多跟一个值"),
    (r"expected at least one argument", "至少跟一个值"),
    (r"expected (?P<count>\d+) arguments?", "须跟 {count} 个值"),
    (r"not allowed with argument (?P<names>.+)", "不能与参数 {names} 同时使用"),
    (r"ignored explicit argument (?P<value>.+)", "不接受值 {value}"),
    (r"ambiguous option: (?P<option>\S+) could match (?P<names>.+)", "选项 {option} 不明确，可能是：{names}"),
    (r"unexpected option string: (?P<option>.+)", "意外的选项：{option}"),
    (r"can't open '(?P<file>.+)': (?P<reason>.+)", "无法打开文件“{file}”"),
)
_TYPE_NAMES = {"int": "整数", "float": "数字"}
_ARGUMENT = re.compile(r"argument (?P<argument>.+?): (?P<message>.+)", re.DOTALL)


def _one(message: str) -> str:
    for pattern, chinese in _ERRORS:
        found = re.fullmatch(pattern, message.strip(), re.DOTALL)
        if found:
            parts = {key: re.sub(r"'([^']*)'", r"“\1”", value).replace(", ", "、")
                     for key, value in found.groupdict().items()}
            if "type" in parts:
                parts["type"] = _TYPE_NAMES.get(parts["type"], "值")
            return chinese.format(**parts)
    return message if re.search(r"[\u4e00-\u9fff]", message) else "参数有误"


def chinese_error(message: str) -> str:
    """argparse's error ``message`` as one Chinese sentence (ending in 。)."""
    found = _ARGUMENT.fullmatch(message.strip())
    text = f"参数 {found['argument']}：{_one(found['message'])}" if found else _one(message)
    return text.rstrip("。.") + "。"


class ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with Chinese help titles and usage errors; subcommand parsers are of this class too."""

    def __init__(self, *args: Any, parents: Sequence[argparse.ArgumentParser] = (), **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = HELP_TEXT
        for parent in parents:        # as argparse does, once the sections bear the titles parents share
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def format_help(self) -> str:
        titles = "|".join(re.escape(group.title) for group in self._action_groups if group.title)
        return re.sub(rf"^({titles}):$", r"\1：", super().format_help(), flags=re.MULTILINE)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：{chinese_error(message)}（查看帮助：{self.prog} -h）\n")


def whole_number(what: str, low: int, high: int) -> Callable[[str], int]:
    """An argument type: a whole number from ``low`` to ``high``, refused in Chinese otherwise."""

    def parse(text: str) -> int:
        digits = text.strip()
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", digits) or not low <= int(digits) <= high:
            shown = text if len(text) <= 20 else text[:20] + "…"
            raise argparse.ArgumentTypeError(f"{what}应为 {low} 到 {high} 之间的整数，“{shown}”不是")
        return int(digits)

    parse.__name__ = what
    return parse
