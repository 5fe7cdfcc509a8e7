"""``dutyroom screenshots OUTDIR``: every GUI screen on fresh demo data, rendered offscreen to PNG."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("screenshots", help="把每个界面（演示数据）截图保存为PNG（无需显示器）",
                                 parents=[common])
    parser.add_argument("outdir", metavar="OUTDIR", help="保存PNG的文件夹（不存在则创建）")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from dutyroom.gui.screenshots import take_screenshots
    from dutyroom.store.database import system_writes

    with system_writes():       # fresh demo data of its own, seeded and used by the system: never the user's file
        paths = take_screenshots(Path(args.outdir))
    for path in paths:
        print(path)
    return 0
