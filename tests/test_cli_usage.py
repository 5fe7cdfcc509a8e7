"""Usage errors and help in Chinese: a missing, unknown or malformed argument is one Chinese sentence and exit 2."""

from __future__ import annotations

import re

import pytest

from dutyroom.cli import build_parser, main
from dutyroom.cli.parser import chinese_error
from tests.test_cli_access import leaf_parsers

ARGPARSE_ENGLISH = re.compile(r"usage:|error:|options:|positional arguments|show this help|the following|"
                              r"\brequired\b|\binvalid\b|unrecognized|expected|\bargument\b|\bchoose from\b|"
                              r"not allowed|ambiguous")


@pytest.mark.parametrize(("argv", "sentence"), [
    (["--bogus"], "dutyroom：无法识别的参数：--bogus。"),
    (["nonsense"], "参数 COMMAND：无效的选择 “nonsense”（可选：“selftest”、"),
    (["contacts"], "dutyroom contacts：缺少必需的参数：ACTION。"),
    (["contacts", "import"], "缺少必需的参数：FILE.xlsx。"),
    (["contacts", "search", "x", "--limit", "many"], "参数 --limit：显示条数应为 1 到 1000 之间的整数，“many”不是。"),
    (["contacts", "search", "x", "--limit", "9" * 5000], "参数 --limit：显示条数应为 1 到 1000 之间的整数"),
    (["print", "week"], "缺少必需的参数：--out。"),
    (["print", "week", "--date"], "参数 --date：须跟一个值。"),
    (["print", "report", "--id", "-5", "--out", "x.pdf"], "参数 --id：编号应为 1 到 999999999 之间的整数"),
    (["print", "log", "--shift", "2026-11-24", "--month", "2026-11", "--out", "x.pdf"],
     "参数 --month：不能与参数 --shift 同时使用。"),
    (["print", "log", "--out", "x.pdf"], "须给出以下参数之一：--shift --month。"),
    (["roster", "stats", "--year", "0001", "--out", "x.xlsx"], "参数 --year：年份应为 1900 到 2100 之间的整数"),
    (["rules", "deadlines", "--grade", "一般", "--received", "2026-11-23T10:00", "--hours", "1e9"],
     "参数 --hours：小时数应为 1 到 744 之间的整数"),
    (["contacts", "import", "x.xlsx", "--dry-run=yes"], "参数 --dry-run：不接受值 “yes”。"),
    (["accounts", "passwd"], "缺少必需的参数：--user。"),
])
def test_usage_errors_are_one_chinese_sentence(capsys, argv: list[str], sentence: str) -> None:
    with pytest.raises(SystemExit) as ended:
        main(argv)
    err = capsys.readouterr().err
    assert ended.value.code == 2
    assert err.startswith("用法：dutyroom")
    assert sentence in err, err
    assert not ARGPARSE_ENGLISH.search(err), err


def test_every_help_is_chinese(capsys) -> None:
    for words, parser in leaf_parsers(build_parser()):
        text = parser.format_help()
        assert text.startswith("用法：") and "选项：" in text and "显示本帮助并退出" in text, words
        assert not ARGPARSE_ENGLISH.search(text), (words, text)
    with pytest.raises(SystemExit) as ended:
        main(["--help"])
    out = capsys.readouterr().out
    assert ended.value.code == 0 and "命令：" in out and not ARGPARSE_ENGLISH.search(out)


def test_a_message_argparse_rewords_still_comes_out_chinese() -> None:
    assert chinese_error("argument --x: some future wording") == "参数 --x：参数有误。"
    assert chinese_error("something new") == "参数有误。"


@pytest.mark.parametrize(("text", "sentence"), [
    ("", "场景文件不是有效的JSON（第1行第1列）：此处应为一个值。"),
    ('{"period": {"start": "2027-01-01",}}', "场景文件不是有效的JSON（第1行第35列）：此处应为用双引号括起的名称。"),
    ('{"people": [NaN]}', "场景文件不能使用：“NaN”不是有效的JSON数值。"),
    ("[" * 5000 + "]" * 5000, "场景文件嵌套层数过多（最多32层）。"),
])
def test_json_errors_are_chinese(tmp_path, capsys, text: str, sentence: str) -> None:
    path = tmp_path / "scenario.json"
    path.write_text(text, encoding="utf-8")
    assert main(["roster", "solve", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == sentence and captured.out == ""


def test_paths_the_system_refuses_are_named_in_chinese(demo_file, tmp_path, capsys) -> None:
    cases = [
        (["print", "desk-phones", "--out", str(tmp_path)], f"无法写入“{tmp_path}”：这是一个文件夹。"),
        (["backup", "verify", "x" * 300], "：文件名过长。命令未完成。"),
        (["roster", "solve", str(tmp_path)], "是文件夹，请指定文件。"),
        (["contacts", "import", "x" * 300, "--dry-run"], "文件名过长"),
    ]
    for argv, sentence in cases:
        assert main(["--db", str(demo_file), *argv]) == 2, argv
        err = capsys.readouterr().err
        assert sentence in err and not ARGPARSE_ENGLISH.search(err) and "File name" not in err, (argv, err)
