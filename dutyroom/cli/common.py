"""What every subcommand needs: which data file, opened (and, for --demo, seeded)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import overload

from dutyroom.clock import SystemClock
from dutyroom.errors import ValidationError
from dutyroom.paths import default_db_path
from dutyroom.store import Store, open_store


def db_location(args: argparse.Namespace) -> tuple[Path, bool]:
    """(path, create its folder?) — only the default user data folder is created on demand."""
    if args.db:
        return Path(args.db).expanduser(), False
    return default_db_path(demo=bool(args.demo)), True


def open_from_args(args: argparse.Namespace) -> Store:
    path, create_folder = db_location(args)
    store = open_store(path, create_folder=create_folder)
    if args.demo:
        from dutyroom.demo.seed import seed_demo

        seed_demo(store, SystemClock())
    return store


@overload
def parse_day(text: str) -> date: ...
@overload
def parse_day(text: None) -> None: ...
@overload
def parse_day(text: str | None) -> date | None: ...


def parse_day(text: str | None) -> date | None:
    """An option's YYYY-MM-DD (a required one is never None: argparse refused the command line before)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationError(f"日期“{text}”格式不对，应为 YYYY-MM-DD，例如 2026-11-24。") from exc


def parse_month(text: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in text.split("-"))
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError as exc:
        raise ValidationError(f"月份“{text}”格式不对，应为 YYYY-MM，例如 2026-11。") from exc
    return year, month


def write_output(path_text: str, data: bytes) -> Path:
    path = Path(path_text).expanduser()
    if not path.parent.exists():
        raise ValidationError(f"输出文件夹不存在：{path.parent}")
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ValidationError(f"无法写入“{path}”：{exc.strerror or exc}") from exc
    return path

