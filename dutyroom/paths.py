"""Where the program's own files and the user's data live.

`app_path` is the one way to reach `resources/`, `db/` and `ui/`, whether running from a source
checkout, an installed wheel (where they travel inside the package) or a PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from dutyroom import APP_NAME

_PACKAGE_DIR = Path(__file__).resolve().parent
_TOP_LEVEL_DIRS = {"resources": "_resources", "db": "_db", "ui": "_ui"}


def _data_roots() -> list[Path]:
    roots = []
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        roots.append(Path(bundle))
    roots.append(_PACKAGE_DIR.parent)
    return roots


def app_path(top: str, *parts: str) -> Path:
    """Path of a file shipped with the program, e.g. ``app_path("resources", "fonts", "x.ttf")``."""
    if top not in _TOP_LEVEL_DIRS:
        raise ValueError(f"unknown top-level data directory: {top}")
    for root in _data_roots():
        candidate = root / top
        if candidate.is_dir():
            return candidate.joinpath(*parts)
    installed = _PACKAGE_DIR / _TOP_LEVEL_DIRS[top]
    return installed.joinpath(*parts)


def user_data_dir() -> Path:
    """The platform's per-user data folder for DutyRoom (not created here)."""
    override = os.environ.get("DUTYROOM_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir as _user_data_dir

    return Path(_user_data_dir(APP_NAME, appauthor=False, roaming=False))


def default_db_path(demo: bool = False) -> Path:
    return user_data_dir() / ("demo.sqlite3" if demo else "dutyroom.sqlite3")


def settings_ini_path() -> Path:
    """Per-user UI state (window geometry); data that matters lives in the database."""
    return user_data_dir() / "ui-state.ini"


def log_dir(db_path: Path) -> Path:
    """The log folder beside a data file: a crash is written down next to the data it happened on."""
    return Path(db_path).expanduser().parent / "logs"
