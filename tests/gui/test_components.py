"""Shared GUI parts: the table model, the background task runner, generated forms, screenshots."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from dutyroom.errors import ValidationError
from dutyroom.gui.kit.tables import SORT_ROLE, Column, RecordTableModel
from dutyroom.gui.kit.tasks import TaskRunner
from dutyroom.paths import app_path

ROOT = Path(__file__).resolve().parents[2]


def test_record_model_passes_qt_model_tester(app, qtmodeltester) -> None:
    model = RecordTableModel([Column("name", "姓名"), Column("n", "次数", sort=lambda r: r["n"])])
    model.set_records([{"name": "张三", "n": 10}, {"name": "李四", "n": 9}])
    qtmodeltester.check(model)
    assert model.index(0, 1).data(SORT_ROLE) == 10
    assert model.headerData(0, Qt.Orientation.Horizontal) == "姓名"


def test_task_runner_returns_on_ui_thread(app, qtbot) -> None:
    runner = TaskRunner()
    results, threads = [], []

    def work(state):
        threads.append(threading.current_thread())
        state.progress(1, 2, "一半")
        return 42

    task = runner.run(work, on_done=lambda value: results.append((value, threading.current_thread())))
    qtbot.waitUntil(lambda: task.is_finished, timeout=5000)
    assert results == [(42, threading.main_thread())]
    assert threads[0] is not threading.main_thread()


def test_task_runner_reports_errors_and_cancels(app, qtbot) -> None:
    runner = TaskRunner()
    errors = []
    failing = runner.run(lambda state: (_ for _ in ()).throw(ValidationError("坏数据")), on_error=errors.append)
    qtbot.waitUntil(lambda: failing.is_finished, timeout=5000)
    assert [e.message for e in errors] == ["坏数据"]
    started = threading.Event()

    def endless(state):
        started.set()
        while True:
            state.progress(0, 0)

    done = []
    task = runner.run(endless, on_done=done.append, on_error=done.append)
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: task.is_finished, timeout=5000)
    assert done == [] and task.error is not None


@pytest.mark.parametrize("ui_file", sorted(app_path("ui").glob("*.ui")), ids=lambda p: p.name)
def test_generated_forms_match_their_ui_source(ui_file: Path, tmp_path: Path) -> None:
    uic = Path(sys.executable).with_name("pyside6-uic")
    target = tmp_path / "form.py"
    subprocess.run([str(uic), str(ui_file), "-o", str(target)], check=True, timeout=60)
    committed = ROOT / "dutyroom" / "gui" / "forms" / f"ui_{ui_file.stem}.py"

    def body(path: Path) -> list[str]:
        return [line for line in path.read_text(encoding="utf-8").splitlines() if "Created by:" not in line]

    assert committed.exists(), f"run `make forms`: {committed.name} is missing"
    assert body(committed) == body(target), f"run `make forms`: {committed.name} is stale"


def test_screenshots_cover_every_screen(app, tmp_path: Path) -> None:
    from dutyroom.gui.screenshots import take_screenshots

    shots = take_screenshots(tmp_path / "shots")
    names = [p.name for p in shots]
    assert "02-login.png" in names and "03-officer-today.png" in names
    assert any(n.endswith("-today-empty.png") for n in names) and len(shots) >= 10
    assert all(p.stat().st_size > 5000 for p in shots)
