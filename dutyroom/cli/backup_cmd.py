"""``dutyroom backup create|list|verify``, ``dutyroom restore`` and ``dutyroom export archive``.

``backup list``, ``backup verify`` and ``restore`` are the way back from a damaged data file, so they work
without opening it: they read the copies (and ``restore`` the accounts in the copy being restored).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dutyroom.cli.access import signs_in_itself
from dutyroom.cli.common import authenticate, db_location, open_from_args
from dutyroom.clock import SystemClock
from dutyroom.errors import DutyRoomError, ValidationError


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("backup", help="数据备份：备份、列出、校验", parents=[common])
    actions = group.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    creating = actions.add_parser("create", help="立即备份数据文件（在线备份，校验通过后才算数）", parents=[common])
    creating.add_argument("--to", metavar="DIR", help="备份到该文件夹（默认：数据文件旁的 backups 文件夹，并复制到第二备份位置）")
    creating.add_argument("--kind", choices=("manual", "daily", "handover"), default="manual",
                          help="备份类别：manual 手动（默认，不轮换）；daily、handover 为自动备份，按设置轮换"
                               "（供计划任务或程序在后台进程中调用）")
    creating.add_argument("--json", action="store_true", help="以JSON输出结果")
    creating.add_argument("--progress", action="store_true",
                          help="与 --json 同用：先逐行输出进度 {\"stage\": \"…\"}，最后一行为结果（供程序在后台进程中调用）")
    creating.set_defaults(handler=run_create)
    listing = actions.add_parser("list", help="列出数据文件的备份（本机和第二备份位置）", parents=[common])
    listing.add_argument("--json", action="store_true", help="以JSON输出结果")
    listing.set_defaults(handler=run_list)
    verifying = actions.add_parser("verify", help="校验一份备份（或数据文件）：完整性、审计链、校验值", parents=[common])
    verifying.add_argument("path", metavar="PATH")
    verifying.add_argument("--json", action="store_true", help="以JSON输出结果")
    verifying.set_defaults(handler=run_verify)

    restoring = commands.add_parser("restore", help="用一份备份恢复数据文件（仅管理员；先自动备份当前文件）",
                                    parents=[common])
    restoring.add_argument("path", metavar="PATH", help="备份文件")
    restoring.add_argument("--json", action="store_true", help="以JSON输出结果")
    signs_in_itself(restoring, run_restore, user_help="管理员用户名（按该备份中的账户核对密码；密码取自环境变量 "
                                                       "DUTYROOM_PASSWORD 或在终端输入）")

    export = commands.add_parser("export", help="导出", parents=[common])
    exports = export.add_subparsers(dest="export_command", metavar="WHAT", required=True)
    archive = exports.add_parser("archive", help="长期存档：每张表导出为 JSON Lines 和 CSV，附 manifest.json",
                                 parents=[common])
    archive.add_argument("--out", required=True, metavar="DIR", help="存档文件夹（不存在则新建；已有文件的文件夹不用）")
    archive.add_argument("--json", action="store_true", help="以JSON输出结果")
    archive.set_defaults(handler=run_archive)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 1e5 else f"{n / 1e3:.0f} KB"


def _when(text: str) -> str:
    return text[:19].replace("T", " ")


def run_create(args: argparse.Namespace) -> int:
    from dutyroom.backup.service import create_backup, policy_of

    def stage(text: str) -> None:
        print(json.dumps({"stage": text}, ensure_ascii=False), flush=True)

    progress = stage if args.progress and args.json else None
    if progress is not None:
        progress("正在检查数据文件…")
    store = open_from_args(args)
    try:
        policy = policy_of(store)
    finally:
        store.close()
    target = None
    if args.to:
        target = Path(args.to).expanduser()
        if not target.is_dir():
            raise ValidationError(f"备份文件夹不存在：{target}")
    result = create_backup(store.path, policy, now=SystemClock().now(), kind=args.kind, to=target, stage=progress)
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
        return 0
    copy = result.copy
    state = "校验通过" if copy.verified else f"未通过审计链校验：{copy.problem}"
    position = f"，审计位置{copy.audit.label}" if copy.audit else ""
    print(f"已备份：{copy.path}（{_size(copy.bytes)}，{copy.seconds:.1f} 秒，{state}{position}）")
    if result.mirrored:
        print(f"已复制到第二备份位置：{result.mirrored.path}")
    if result.mirror_problem:
        print(result.mirror_problem, file=sys.stderr)
    return 0


def run_list(args: argparse.Namespace) -> int:
    from dutyroom.backup.service import BackupPolicy, folders, policy_of
    from dutyroom.store.backup import list_copies

    path, _create = db_location(args)
    policy, note = BackupPolicy(), ""
    try:
        store = open_from_args(args)
        try:
            policy = policy_of(store)
        finally:
            store.close()
    except DutyRoomError as exc:      # a damaged or missing data file: its copies are what is needed now
        note = exc.message + "\n（以下只列出数据文件旁 backups 文件夹中的备份。）"
    copies = list_copies(folders(path, policy), path.name)
    if note:
        print(note, file=sys.stderr)
    if args.json:
        print(json.dumps([c.as_json() for c in copies], ensure_ascii=False))
        return 0
    if not copies:
        print(f"没有找到“{path.name}”的备份。")
    for c in copies:
        state = "校验通过" if c.verified else "未校验通过"
        position = c.audit.label if c.audit else "—"
        print(f"{_when(c.created_at)}  {c.kind_label}  {_size(c.bytes)}  {state}  审计位置{position}  {c.path}")
    return 0


def run_verify(args: argparse.Namespace) -> int:
    from dutyroom.store.backup import verify_copy

    path = Path(args.path).expanduser()
    if not path.is_file():
        raise ValidationError(f"备份文件不存在：{path}")
    listed, found = verify_copy(path)
    if args.json:
        print(json.dumps({"path": str(path), "verified": found.ok, "problem": found.problem,
                          "audit_problem": found.audit_problem,
                          "audit": {"seq": found.audit.seq, "hash": found.audit.hash} if found.audit else None,
                          "audit_count": found.audit_count, "schema_version": found.schema_version,
                          "manifest": listed.as_json() if listed else None}, ensure_ascii=False))
    else:
        position = f"，审计位置{found.audit.label}" if found.audit else ""
        print(f"“{path.name}”：{found.summary}{position}")
    return 0 if found.ok else 1


def run_restore(args: argparse.Namespace) -> int:
    from dutyroom.backup.restore import preview, restore

    path, _create = db_location(args)
    copy_path = Path(args.path).expanduser()
    if not copy_path.is_file():
        raise ValidationError(f"备份文件不存在：{copy_path}")
    seen = preview(path, copy_path)
    if seen.refusal:                      # before asking for a password
        raise ValidationError(seen.refusal + "数据文件未做任何改动。")
    actor = authenticate(copy_path, args.user)
    result = restore(path, copy_path, actor, now=SystemClock().now(), seen=seen)
    if args.json:
        print(json.dumps({**result.as_json(), "preview": seen.as_json()}, ensure_ascii=False))
        return 0
    kept = f"；原数据文件已保存为 {result.previous}" if result.previous else ""
    print(f"已用“{copy_path.name}”恢复数据文件 {path}（审计位置 第 {result.audit.seq} 条）{kept}。")
    return 0


def run_archive(args: argparse.Namespace) -> int:
    from dutyroom.store.archive import export_archive

    store = open_from_args(args)
    store.close()
    manifest = export_archive(store.path, Path(args.out).expanduser(), now=SystemClock().now())
    if args.json:
        print(json.dumps(manifest, ensure_ascii=False))
    else:
        rows = sum(t["rows"] for t in manifest["tables"])
        print(f"已导出存档：{args.out}（{len(manifest['tables'])} 张表，{rows} 行，审计位置 第 {manifest['audit']['seq']} 条）")
    return 0
