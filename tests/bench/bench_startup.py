"""Issue 2 budgets: start-up to the painted today board ≤ 2.5 × a bare QMainWindow; selftest ≤ 3 s."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.common import median, report

ROOT = Path(__file__).resolve().parents[2]
RUNS = 9


def wall(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, cwd=ROOT, env=env, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    # Installed copies and the PyInstaller bundle run from compiled bytecode; measure that way.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        env["DUTYROOM_DATA_DIR"] = tmp
        db = str(Path(tmp) / "demo.sqlite3")
        subprocess.run([sys.executable, "-m", "dutyroom", "--demo", "--db", db, "selftest"], check=True,
                       cwd=ROOT, env=env, capture_output=True)
        probe = ["-m", "tests.bench.startup_probe"]
        wall([*probe, "--bare"], env)
        wall([*probe, db, str(Path(tmp) / "ui.ini")], env)  # warm the file cache for both
        bare, app = [], []
        for _ in range(RUNS):  # interleaved so machine load affects both alike
            bare.append(wall([*probe, "--bare"], env))
            app.append(wall([*probe, db, str(Path(tmp) / "ui.ini")], env))
        selftest = [wall(["-m", "dutyroom", "--db", db, "selftest"], env) for _ in range(5)]
    report("startup", "bare_qmainwindow_median", median(bare) * 1000, "ms", None, runs=RUNS)
    report("startup", "today_board_painted_median", median(app) * 1000, "ms", None, runs=RUNS)
    report("startup", "today_board_vs_bare", median(app) / median(bare), "ratio", 2.5)
    report("startup", "selftest_median", median(selftest), "s", 3, runs=5)


if __name__ == "__main__":
    main()
