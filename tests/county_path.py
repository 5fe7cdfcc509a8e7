"""A real county's path from an empty data file to its first published roster, through the command line only.

    python -m tests.county_path [FOLDER]

makes the files a county brings (its staff list, three months of past rosters, next year's holiday arrangement;
``dutyroom.demo.county_files``) in FOLDER (a temporary folder if none is given, removed afterwards) and runs, against a new
data file there: the first administrator, 本单位, the staff list (preview, then import), one correction by hand,
accounts for everyone with their slips, the 2027 arrangement, the past rosters (preview, then import), January
generated and published, the week printout — and the 开通 steps before and after. ``tests/test_county_path.py``
runs the same path and checks what it made.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from dutyroom.demo.county_files import BUREAU, county_files

PASSWORD = "Admin2026ok"
MONTH = "2027-01"
WEEK = date(2027, 1, 4)
TODAY = date(2026, 12, 20)          # the day the county sets up (its December roster came from Excel)


@dataclass
class PathRun:
    folder: Path
    db: Path
    outputs: dict[str, Any] = field(default_factory=dict)      # step -> its JSON (or text) output


class StepFailed(AssertionError):
    pass


def dutyroom(run: PathRun, step: str, *args: str, json_out: bool = True) -> Any:
    """One ``dutyroom`` command in this process, against the path's data file; its output kept under ``step``."""
    from dutyroom.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--db", str(run.db)])
    if code != 0:
        raise StepFailed(f"{step}: dutyroom {' '.join(args)} → {code}: {err.getvalue().strip()}")
    run.outputs[step] = json.loads(out.getvalue()) if json_out else out.getvalue()
    return run.outputs[step]


def run_path(folder: Path) -> PathRun:
    """The whole path; raises ``StepFailed`` naming the step that refused. Every step that changes data signs
    the administrator in (the password from DUTYROOM_PASSWORD, set for the path and restored afterwards)."""
    previous = os.environ.get("DUTYROOM_PASSWORD")
    os.environ["DUTYROOM_PASSWORD"] = PASSWORD
    try:
        return _steps(folder)
    finally:
        if previous is None:
            os.environ.pop("DUTYROOM_PASSWORD")
        else:
            os.environ["DUTYROOM_PASSWORD"] = previous


def _steps(folder: Path) -> PathRun:
    files = county_files(folder)
    run = PathRun(folder, folder / "county.sqlite3")
    admin = ("--user", "admin")
    dutyroom(run, "admin", "accounts", "create-admin", "--user", "admin", "--name", "系统管理员", json_out=False)
    dutyroom(run, "setup_before", "setup", "status", "--json", "--date", TODAY.isoformat())
    dutyroom(run, "unit", "setup", "unit", "--name", BUREAU, "--county", "临江县", "--phone", "0000-6600110",
             "--fax", "0000-6600119", "--handover", "08:30", *admin, json_out=False)
    dutyroom(run, "staff_preview", "staff", "import", str(files["staff"]), "--dry-run", "--json", *admin)
    dutyroom(run, "staff_import", "staff", "import", str(files["staff"]), "--json", *admin)
    dutyroom(run, "staff_set", "staff", "set", "蒋欣", "--roles", "officer,standby", "--night", "--json", *admin)
    dutyroom(run, "staff_list", "staff", "list", "--json")
    dutyroom(run, "accounts", "accounts", "create-from-staff", "--out", str(folder / "账户通知单.pdf"), "--json",
             *admin)
    dutyroom(run, "calendar", "calendar", "import", str(files["calendar"]), *admin, json_out=False)
    dutyroom(run, "calendar_show", "calendar", "show", "--year", "2027", "--json")
    dutyroom(run, "history_preview", "roster", "import-history", str(files["history"]), "--dry-run", "--json", *admin)
    dutyroom(run, "history", "roster", "import-history", str(files["history"]), "--json", *admin)
    dutyroom(run, "setup_middle", "setup", "status", "--json", "--date", TODAY.isoformat())
    dutyroom(run, "generate", "roster", "generate", "--month", MONTH, "--json", *admin)
    dutyroom(run, "publish", "roster", "publish", "--month", MONTH, "--json", *admin)
    dutyroom(run, "week", "print", "week", "--date", WEEK.isoformat(), "--out", str(folder / "本周值班安排.pdf"),
             json_out=False)
    dutyroom(run, "skip_contacts", "setup", "skip", "contacts", *admin, json_out=False)
    dutyroom(run, "setup_after", "setup", "status", "--json", "--date", TODAY.isoformat())
    return run


def _say(run: PathRun) -> None:
    out = run.outputs
    print(f"数据文件：{run.db}")
    print(out["admin"].strip())
    print(f"开通前：{sum(s['status'] == 'done' for s in out['setup_before']['steps'])}/7 步已完成")
    staff = out["staff_import"]
    print(f"值班人员名单：新建{staff['created']}人，合并{staff['merged']}行，拒绝{len(staff['rejected'])}行，"
          f"岗位{staff['roles']}，不值夜班{staff['no_night']}人")
    print(f"账户：{len(out['accounts'])}个，通知单 {run.folder / '账户通知单.pdf'}")
    history = out["history"]
    print(f"历史排班：{'、'.join(history['months'])}，{history['duties']}人次，未识别"
          + "、".join(f"{u['name']}×{u['count']}" for u in history["unknown_names"]))
    metrics = out["generate"]["metrics"]
    print(f"{MONTH}：{len(out['generate']['assignments'])}个岗位，无人值班{metrics['uncovered']}个，"
          f"违反规则{len(metrics['violations'])}处；发布第{out['publish']['version']}版，{out['publish']['duties']}人次")
    print(out["week"].strip())
    print("开通后：" + "；".join(f"{s['title']}{s['status_label']}" for s in out["setup_after"]["steps"]))


def main(argv: list[str]) -> int:
    if argv:
        folder = Path(argv[0])
        folder.mkdir(parents=True, exist_ok=True)
        _say(run_path(folder))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="county-path-"))
    try:
        _say(run_path(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
