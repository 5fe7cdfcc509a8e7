"""Making a backup in a child process: ``dutyroom backup create --kind KIND --json --progress``.

A copy's check walks the whole audit chain in Python (a few seconds at ten years of logs). In the window's
own process that walk would compete with the window for the interpreter; in a child process the window's
thread only waits on a pipe, so the window never stalls (measured in tests/bench/bench_backup.py). The
child reads the backup settings from the data file itself and takes the copy exactly as the command line
does. In the PyInstaller bundle the child is ``dutyroom-cli`` beside the windowed ``DutyRoom``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from dutyroom.backup.service import BackupResult
from dutyroom.store.backup import BackupFailed, Stage

CLI_NAME = "dutyroom-cli"


def cli_command() -> list[str]:
    """How to start this program's command line: the console executable of a bundle, else this Python."""
    if getattr(sys, "frozen", False):
        app = Path(sys.executable)
        cli = app.with_name(CLI_NAME + app.suffix)
        return [str(cli if cli.exists() else app)]
    return [sys.executable, "-m", "dutyroom"]


def _child_environment() -> dict[str, str]:
    # The pipes carry UTF-8 whatever the Windows code page, and no console window opens for the child.
    return {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}


def make_in_child(db_path: Path, kind: str, stage: Stage | None = None) -> BackupResult:
    """A verified copy of ``db_path`` made by a child process; ``stage(text)`` hears its steps.

    Raises ``BackupFailed`` with the child's own Chinese message when it refuses or fails.
    """
    command = [*cli_command(), "backup", "create", "--db", str(db_path), "--kind", kind, "--json", "--progress"]
    flags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    result = None
    # stderr goes to a file: a pipe nobody reads while stdout is being read could fill up and stall the child.
    with tempfile.TemporaryFile() as errors:
        with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, stdin=subprocess.DEVNULL,
                              env=_child_environment(), creationflags=flags) as child:
            assert child.stdout is not None
            for raw in child.stdout:
                line = raw.decode("utf-8", "replace").strip()
                if not line.startswith("{"):
                    continue
                data = json.loads(line)
                if "stage" in data:
                    if stage is not None:
                        stage(str(data["stage"]))
                else:
                    result = data
            code = child.wait()
        errors.seek(0)
        said = errors.read().decode("utf-8", "replace").strip()
    if code != 0 or result is None:
        raise BackupFailed(said or f"备份进程异常退出（退出代码 {code}），未留下不完整的副本。")
    return BackupResult.from_json(result)
