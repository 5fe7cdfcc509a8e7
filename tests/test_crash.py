"""Kill -9 during writes of every area loses no reported commit and never damages the file (a few rounds;
``python -m tests.crash_writes --runs 100`` for more)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.crash_writes import AREAS, run


@pytest.mark.slow
def test_kill_during_writes_loses_nothing_reported(demo_template: Path) -> None:
    found = run(demo_template, runs=3)
    assert sum(found.values()) > 0
    assert set(found) == set(AREAS)
