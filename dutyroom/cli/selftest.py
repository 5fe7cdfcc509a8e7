"""``dutyroom selftest``: open the data file, check the audit chain, render a PDF, load Qt offscreen."""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dutyroom import __version__


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    parser = commands.add_parser("selftest", help="自检：打开数据文件、生成PDF、检查字体和界面组件（无需显示器）",
                                 parents=[common])
    parser.add_argument("--json", action="store_true", help="以JSON输出结果")
    parser.set_defaults(handler=run)


def _check_store(args: argparse.Namespace, facts: dict[str, Any]) -> str:
    """The data file the options name; when it does not exist yet (a new installation), a temporary one —
    the self-test never creates the real file."""
    from dutyroom import audit
    from dutyroom.backup.witnesses import backup_anchors
    from dutyroom.cli.common import db_location, open_from_args

    path, create_folder = db_location(args)
    note = ""
    if path.exists() or args.demo or not (path.parent.is_dir() or create_folder):
        store = open_from_args(args)
    else:
        from dutyroom.store import open_store

        scratch = tempfile.TemporaryDirectory(prefix="dutyroom-selftest-")
        facts["scratch"] = scratch
        store = open_store(Path(scratch.name) / "selftest.sqlite3")
        note = f"（数据文件 {path} 尚未创建，用临时数据文件自检）"
    facts["store"] = store
    result = audit.verify(store, anchors=backup_anchors(store))
    if not result.ok:
        raise RuntimeError(result.message())
    return (f"{store.path}（数据版本 {store.schema_version}，SQLite {sqlite3.sqlite_version}）；"
            f"审计链完整，{result.count} 条；业务记录 {result.records_checked} 条与审计一致{note}")


def _check_pdf(args: argparse.Namespace, facts: dict[str, Any]) -> str:
    from dutyroom.clock import SystemClock
    from dutyroom.printing.fonts import registry
    from dutyroom.printing.week import render_week_duty, week_duty_doc

    now = SystemClock().now()
    pdf = render_week_duty(week_duty_doc(facts["store"], now.date(), now))
    if not pdf.startswith(b"%PDF") or b"/FontFile2" not in pdf:
        raise RuntimeError("生成的PDF无效或未嵌入字体")
    import pypdfium2  # what prints the PDF on the printer (gui/kit/printer.py)

    document = pypdfium2.PdfDocument(pdf)
    try:
        pages = len(document)
    finally:
        document.close()
    body = registry().face_for("body").label
    return f"本周值班安排 {len(pdf) // 1024} KB，{pages} 页（PDFium 可读，可直接打印），正文字体：{body}"


def _check_qt(args: argparse.Namespace, facts: dict[str, Any]) -> str:
    from dutyroom.gui.selfcheck import check_qt

    return check_qt()


CHECKS: list[tuple[str, Callable[[argparse.Namespace, dict[str, Any]], str]]] = [
    ("数据文件", _check_store),
    ("打印", _check_pdf),
    ("界面组件", _check_qt),
]


def run(args: argparse.Namespace) -> int:
    from dutyroom.errors import DutyRoomError

    started = time.perf_counter()
    facts: dict[str, Any] = {}
    results = []
    refused = False
    for name, check in CHECKS:
        t0 = time.perf_counter()
        try:
            detail, ok = check(args, facts), True
        except Exception as exc:  # noqa: BLE001 - a self-test reports every failure and goes on
            detail, ok = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}", False
            refused = refused or (name == "数据文件" and isinstance(exc, DutyRoomError))
        results.append({"check": name, "ok": ok, "detail": detail, "seconds": round(time.perf_counter() - t0, 3)})
        if not ok and name == "数据文件":
            break
    if "store" in facts:
        facts["store"].close()
    if "scratch" in facts:
        facts["scratch"].cleanup()
    passed = all(r["ok"] for r in results) and len(results) == len(CHECKS)
    total = round(time.perf_counter() - started, 3)
    if args.json:
        print(json.dumps({"ok": passed, "version": __version__, "seconds": total, "checks": results},
                         ensure_ascii=False))
    else:
        print(f"DutyRoom {__version__} 自检")
        for r in results:
            print(f"  {'✓' if r['ok'] else '✗'} {r['check']}：{r['detail']}（{r['seconds']:.2f} 秒）")
        print(("自检通过" if passed else "自检未通过") + f"（共 {total:.2f} 秒）")
    return 0 if passed else 2 if refused else 1     # 2: the data file itself was refused (damaged, missing…)
