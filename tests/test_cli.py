"""The command line: selftest, print, refusals with Chinese messages and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.pdfcheck import read_pdf, squeeze

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DUTYROOM_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "dutyroom", *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT, env=env)


def test_selftest_without_display(tmp_path: Path) -> None:
    result = run("selftest", "--json", "--db", str(tmp_path / "x.sqlite3"), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["ok"] and [c["check"] for c in report["checks"]] == ["数据文件", "打印", "界面组件"]


def test_print_week_on_demo(tmp_path: Path) -> None:
    out = tmp_path / "week.pdf"
    result = run("--demo", "print", "week", "--date", "2026-11-24", "--out", str(out), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "demo.sqlite3").exists()
    text = squeeze(read_pdf(out.read_bytes()).text)
    assert "2026年11月23日至11月29日" in text and "未排班" not in text


def test_demo_option_after_subcommand(tmp_path: Path) -> None:
    out = tmp_path / "week.pdf"
    result = run("print", "week", "--demo", "--out", str(out), data_dir=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "demo.sqlite3").exists()


def test_bad_date_is_explained(tmp_path: Path) -> None:
    from dutyroom.store import open_store

    open_store(tmp_path / "x.sqlite3").close()
    result = run("print", "week", "--date", "24/11/2026", "--out", str(tmp_path / "w.pdf"),
                 "--db", str(tmp_path / "x.sqlite3"), data_dir=tmp_path)
    assert result.returncode == 2 and "格式不对" in result.stderr
    assert not (tmp_path / "w.pdf").exists()


def test_not_a_database_is_explained(tmp_path: Path) -> None:
    fake = tmp_path / "fake.sqlite3"
    fake.write_text("hello")
    result = run("audit", "verify", "--db", str(fake), data_dir=tmp_path)
    assert result.returncode == 2 and "不是DutyRoom数据文件" in result.stderr
    assert fake.read_text() == "hello"


def test_missing_folder_is_explained(tmp_path: Path) -> None:
    result = run("selftest", "--db", str(tmp_path / "missing" / "x.sqlite3"), data_dir=tmp_path)
    assert result.returncode != 0 and "数据文件夹不存在" in result.stdout + result.stderr


def test_plain_start_is_read_without_the_command_tree() -> None:
    from dutyroom.cli import gui_arguments

    args = gui_arguments(["--demo", "--db", "x.sqlite3"])
    assert args is not None and args.demo and args.db == "x.sqlite3"
    assert gui_arguments([]) is not None
    for argv in (["selftest"], ["--demo", "print", "week", "--out", "w.pdf"], ["--help"], ["--version"]):
        assert gui_arguments(argv) is None


def test_version_names_the_data_file_without_opening_it(tmp_path: Path) -> None:
    from dutyroom import __version__
    from dutyroom.store.migrations import available

    data = tmp_path / "data"
    plain = run("--version", data_dir=data)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.splitlines() == [
        f"DutyRoom {__version__}",
        f"数据文件：{data / 'dutyroom.sqlite3'}（尚未创建）",
        f"数据版本：{len(available())}",
        f"日志文件夹：{data / 'logs'}",
    ]
    assert not data.exists()
    demo = run("--demo", "--version", data_dir=data)
    assert f"数据文件：{data / 'demo.sqlite3'}（尚未创建）" in demo.stdout.splitlines()
    existing = tmp_path / "office" / "office.sqlite3"
    existing.parent.mkdir()
    existing.write_bytes(b"")
    chosen = run("--version", "--db", str(existing), data_dir=data)
    assert chosen.stdout.splitlines()[1:] == [f"数据文件：{existing}", f"数据版本：{len(available())}",
                                              f"日志文件夹：{existing.parent / 'logs'}"]
    assert existing.read_bytes() == b"" and not (existing.parent / "logs").exists()


def test_version_is_read_without_the_command_tree() -> None:
    from dutyroom.cli import version_arguments

    args = version_arguments(["--demo", "--version"])
    assert args is not None and args.demo and args.version
    for argv in ([], ["--demo"], ["--version", "selftest"], ["print", "week", "--version"]):
        assert version_arguments(argv) is None
