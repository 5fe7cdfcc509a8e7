"""Shared fixtures: a fresh real SQLite file per test, a movable clock, the demo county."""

from __future__ import annotations

import os

# Qt must not look for a display in CI, and tests must not pick up this machine's fonts or data.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["DUTYROOM_FONT_DIRS"] = ""
# A command that fails unexpectedly raises (the test fails on it) instead of printing a sentence and logging it.
os.environ["DUTYROOM_TRACEBACKS"] = "1"

import shutil  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from dutyroom.clock import CST, FixedClock  # noqa: E402
from dutyroom.session import SYSTEM_ACTOR, Actor, Session  # noqa: E402
from dutyroom.store import Store, open_store  # noqa: E402

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=CST)


@pytest.fixture(autouse=True)
def user_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "userdata"
    monkeypatch.setenv("DUTYROOM_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    opened = open_store(tmp_path / "test.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def system(store: Store, clock: FixedClock) -> Session:
    return Session(store, SYSTEM_ACTOR, clock)


def actor_with(*roles: str, account_id: int = 900, name: str = "测试用户") -> Actor:
    return Actor(account_id, f"user{account_id}", name, frozenset(roles))


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo county seeded once per run; tests get their own copy of the file."""
    from dutyroom.demo.seed import seed_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    seeded = open_store(path)
    seed_demo(seeded, FixedClock(NOW))
    seeded.checkpoint()
    seeded.close()
    return path


@pytest.fixture(scope="session")
def demo_history_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo county as ``--demo`` makes it: with the ten months of log and incidents behind the demo week."""
    from dutyroom.demo.seed import seed_demo

    path = tmp_path_factory.mktemp("demo-history") / "demo.sqlite3"
    seeded = open_store(path)
    seed_demo(seeded, FixedClock(NOW), history=True)
    seeded.checkpoint()
    seeded.close()
    return path


@pytest.fixture
def demo_store(demo_template: Path, tmp_path: Path) -> Store:
    target = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, target)
    opened = open_store(target)
    yield opened
    opened.close()


@pytest.fixture
def demo_file(demo_template: Path, tmp_path: Path) -> Path:
    """A closed copy of the demo county as ``data/dutyroom.sqlite3`` in a folder of its own."""
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copyfile(demo_template, folder / "dutyroom.sqlite3")
    return folder / "dutyroom.sqlite3"


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A folder nobody may write into (root ignores file modes: an immutable folder refuses even root)."""
    import subprocess

    folder = tmp_path / "locked"
    folder.mkdir()
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)]).returncode:
            pytest.skip("cannot make a folder read-only for root on this file system")
        yield folder
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    else:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
