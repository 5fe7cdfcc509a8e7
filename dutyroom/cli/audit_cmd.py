"""``dutyroom audit head|verify``: where the chain stands; whether the chain, the business records and the
anchors (typed here, entered in 系统设置, held by the backups) all agree — exit 0 if so, 1 naming the first
thing that does not."""

from __future__ import annotations

import argparse
import json
from typing import Any

from dutyroom import audit
from dutyroom.audit.positions import head, parse_anchor
from dutyroom.backup.witnesses import backup_anchors
from dutyroom.cli.common import open_from_args


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("audit", help="审计记录", parents=[common])
    actions = group.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="校验审计链、业务记录和校验点是否一致、未被篡改", parents=[common])
    verify.add_argument("--json", action="store_true", help="以JSON输出结果")
    verify.add_argument("--quick", action="store_true", help="只校验审计链本身，不逐条核对业务记录")
    verify.add_argument("--anchor", action="append", default=[], metavar="N:HEX",
                        help="纸面或备份上的审计位置（第N条及其校验值，至少16位十六进制），可多次给出")
    verify.set_defaults(handler=run_verify)
    position = actions.add_parser("head", help="审计链当前位置（序号和校验值）", parents=[common])
    position.add_argument("--json", action="store_true", help='以JSON输出：{"seq": N, "hash": "…"}')
    position.set_defaults(handler=run_head)


def run_verify(args: argparse.Namespace) -> int:
    typed = [parse_anchor(text, "命令行") for text in args.anchor]     # a malformed anchor: exit 2 before opening
    store = open_from_args(args)
    try:
        result = audit.verify(store, quick=args.quick, anchors=[*typed, *backup_anchors(store)])
    finally:
        store.close()
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        print(result.message())
    return 0 if result.ok else 1


def run_head(args: argparse.Namespace) -> int:
    store = open_from_args(args)
    try:
        found = head(store)
    finally:
        store.close()
    seq, digest = (found.seq, found.hash) if found else (0, audit.GENESIS)
    if args.json:
        print(json.dumps({"seq": seq, "hash": digest}, ensure_ascii=False))
    elif found:
        print(f"审计链当前位置：第{seq}条 {digest}\n{found.line()}")
    else:
        print("审计链还没有记录。")
    return 0
