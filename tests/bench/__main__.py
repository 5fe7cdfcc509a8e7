"""Run every benchmark (``python -m tests.bench [NAME ...]``): each prints JSON lines; none fails CI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(names: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if names:
        scripts = [s for s in scripts if any(n in s.stem for n in names)]
    failures = 0
    for script in scripts:
        module = f"tests.bench.{script.stem}"
        # Each benchmark in its own process, so imports and memory of one do not flatter another.
        result = subprocess.run([sys.executable, "-m", module], cwd=HERE.parent.parent)
        failures += result.returncode != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
