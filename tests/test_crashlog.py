"""Uncaught exceptions are written with their traceback to the rotating log beside the data."""

from __future__ import annotations

import logging
import os
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from dutyroom.crashlog import LOG_FILE_NAME, Crash, CrashLog, install_crash_log
from dutyroom.paths import log_dir

# The hooks under test pass exceptions on to the previous hook: not pytest-qt's, which fails the test.
pytestmark = pytest.mark.qt_no_exception_capture


class Ticker:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def crash_log(tmp_path: Path) -> Iterator[CrashLog]:
    made = install_crash_log(tmp_path / "data.sqlite3")
    yield made
    made.uninstall()


def raise_and_report(hook_owner: CrashLog, message: str) -> None:
    try:
        raise ValueError(message)
    except ValueError as exc:
        hook_owner.report(type(exc), exc, exc.__traceback__)


def test_log_lives_beside_the_data(tmp_path: Path) -> None:
    assert log_dir(tmp_path / "x" / "data.sqlite3") == tmp_path / "x" / "logs"


def test_sys_hook_writes_the_traceback(crash_log: CrashLog, tmp_path: Path) -> None:
    assert crash_log.path == tmp_path / "logs" / LOG_FILE_NAME
    assert sys.excepthook == crash_log._sys_hook
    try:
        raise RuntimeError("未捕获的错误")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    text = crash_log.path.read_text(encoding="utf-8")
    assert "started on" in text
    assert "Uncaught exception in thread MainThread" in text
    assert "Traceback (most recent call last)" in text and "RuntimeError: 未捕获的错误" in text
    assert "test_sys_hook_writes_the_traceback" in text       # the frame that raised
    if os.name == "posix":
        assert stat.S_IMODE(crash_log.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(crash_log.path.parent.stat().st_mode) == 0o700


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # passed on to pytest's hook
def test_thread_hook_writes_the_thread(crash_log: CrashLog) -> None:
    told: list[Crash] = []
    crash_log.set_notifier(told.append)

    def work() -> None:
        raise KeyError("缺少的键")

    worker = threading.Thread(target=work, name="导出线程")
    worker.start()
    worker.join()
    text = crash_log.path.read_text(encoding="utf-8")
    assert "Uncaught exception in thread 导出线程" in text and "KeyError: '缺少的键'" in text
    assert told == [Crash("KeyError: '缺少的键'", "导出线程", crash_log.path)]


def test_uninstall_gives_the_hooks_back(tmp_path: Path) -> None:
    before = (sys.excepthook, threading.excepthook)
    made = install_crash_log(tmp_path / "data.sqlite3")
    assert (sys.excepthook, threading.excepthook) != before
    made.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
    assert made.handler not in logging.getLogger().handlers


def test_one_notice_per_burst_and_repeats_in_one_line(tmp_path: Path) -> None:
    ticker = Ticker()
    made = CrashLog(tmp_path / "logs" / LOG_FILE_NAME, monotonic=ticker)
    made.install()
    told: list[Crash] = []
    made.set_notifier(told.append)
    try:
        for _ in range(3):
            raise_and_report(made, "同一个错误")
            ticker.now += 5
        raise_and_report(made, "另一个错误")
        assert [c.summary for c in told] == ["ValueError: 同一个错误"]
        ticker.now += 61
        raise_and_report(made, "同一个错误")
        assert [c.summary for c in told] == ["ValueError: 同一个错误", "ValueError: 同一个错误"]
    finally:
        made.uninstall()
    text = made.path.read_text(encoding="utf-8")
    assert text.count("Traceback (most recent call last)") == 3      # first, the other one, the next burst
    assert "Uncaught ValueError in thread MainThread again: 3 times in this burst" in text


def test_a_failing_notifier_or_disk_does_not_raise(tmp_path: Path) -> None:
    made = CrashLog(tmp_path / "logs" / LOG_FILE_NAME)
    made.install()

    def broken(crash: Crash) -> None:
        raise OSError("no display")

    made.set_notifier(broken)
    try:
        raise_and_report(made, "首个错误")
    finally:
        made.uninstall()
    text = made.path.read_text(encoding="utf-8")
    assert "ValueError: 首个错误" in text and "The crash handler failed" in text and "OSError: no display" in text

    nowhere = CrashLog(tmp_path / "missing" / "logs" / LOG_FILE_NAME)     # the data folder does not exist
    nowhere.install()
    try:
        raise_and_report(nowhere, "写不进去")
    finally:
        nowhere.uninstall()
    assert not (tmp_path / "missing").exists()


def test_log_rotates(tmp_path: Path) -> None:
    ticker = Ticker()
    made = CrashLog(tmp_path / "logs" / LOG_FILE_NAME, max_bytes=2000, backup_count=2, monotonic=ticker)
    made.install()
    try:
        for number in range(12):
            raise_and_report(made, f"错误{number} " + "x" * 300)
    finally:
        made.uninstall()
    files = sorted(p.name for p in (tmp_path / "logs").iterdir())
    assert files == [LOG_FILE_NAME, f"{LOG_FILE_NAME}.1", f"{LOG_FILE_NAME}.2"]
    assert all(p.stat().st_size <= 2000 for p in (tmp_path / "logs").iterdir())
    assert "错误11" in made.path.read_text(encoding="utf-8")
    if os.name == "posix":
        assert {stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "logs").iterdir()} == {0o600}
