"""Every command refuses a damaged or missing data file with a Chinese sentence and exit 2, changing nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dutyroom.cli import main
from tests.damage import DAMAGES, snapshot


def commands(out: Path) -> list[list[str]]:
    """One invocation of every subcommand that reads the data file."""
    pdf, xlsx = str(out / "o.pdf"), str(out / "o.xlsx")
    return [
        ["audit", "verify"], ["selftest"], ["backup", "create"], ["export", "archive", "--out", str(out / "archive")],
        ["print", "week", "--out", pdf], ["print", "roster", "--month", "2026-11", "--out", pdf],
        ["print", "holiday-duty", "--holiday", "2026-国庆", "--out", pdf], ["print", "change-notice", "--out", pdf],
        ["print", "contacts", "--out", pdf], ["print", "desk-phones", "--out", pdf],
        ["print", "log", "--shift", "2026-11-23", "--out", pdf], ["print", "handover", "--shift", "2026-11-23", "--out", pdf],
        ["print", "daily-report", "--date", "2026-11-23", "--out", pdf], ["print", "report", "--id", "1", "--out", pdf],
        ["print", "phone-card", "--id", "1", "--out", pdf], ["print", "timeliness", "--out", pdf],
        ["roster", "export", "--month", "2026-11", "--out", xlsx], ["roster", "holiday-xlsx", "--holiday", "2026-国庆", "--out", xlsx],
        ["roster", "stats", "--month", "2026-11", "--out", xlsx], ["roster", "ics", "--person", "张三", "--out", str(out / "o.ics")],
        ["contacts", "import", str(out / "sheet.xlsx"), "--user", "bangongshi"],
        ["contacts", "import", str(out / "sheet.xlsx"), "--dry-run"], ["accounts", "passwd", "--user", "zhiban"],
        ["contacts", "export", xlsx], ["contacts", "search", "张"],
        ["log", "search", "--text", "报告"], ["daily-report", "show", "--date", "2026-11-23"],
        ["daily-report", "export", "--date", "2026-11-23", "--out", str(out / "o.docx")],
        ["rules", "grade", "--dead", "3"], ["rules", "deadlines", "--grade", "较大", "--received", "2026-11-23T10:00:00+08:00"],
    ]


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_every_command_refuses_a_damaged_file(damage: str, demo_template: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "dutyroom.sqlite3"
    shutil.copyfile(demo_template, path)
    DAMAGES[damage](path)
    before = snapshot(folder)
    out = tmp_path / "out"
    out.mkdir()
    for argv in commands(out):
        code = main([*argv, "--db", str(path)])
        err = capsys.readouterr()
        text = err.err + err.out
        assert code == 2, (argv, text)
        assert "已损坏" in text and "Traceback" not in text, (argv, text)
    assert snapshot(folder) == before
    assert list(out.iterdir()) == []


def test_a_missing_data_file_is_never_created(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mistyped.sqlite3"
    out = tmp_path / "out"
    out.mkdir()
    for argv in commands(out):
        code = main([*argv, "--db", str(path)])
        err = capsys.readouterr()
        if argv == ["selftest"]:       # checks the program on a temporary file, says so, makes nothing
            assert code == 0 and "尚未创建，用临时数据文件自检" in err.out
            continue
        assert code == 2, argv
        assert f"数据文件不存在：{path}" in err.err + err.out, argv
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    assert list(out.iterdir()) == []


def test_the_default_data_file_is_not_made_by_a_command(user_data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify"]) == 2
    assert "数据文件不存在" in capsys.readouterr().err
    assert not (user_data_dir / "dutyroom.sqlite3").exists()
