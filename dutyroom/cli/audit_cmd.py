"""``dutyroom audit verify``: walk the hash chain; exit 0 if intact, 1 naming the first broken row."""

from __future__ import annotations

import argparse
import json
from typing import Any

from dutyroom import audit
from dutyroom.cli.common import open_from_args


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("audit", help="审计记录", parents=[common])
    actions = group.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="校验审计链是否完整、未被篡改", parents=[common])
    verify.add_argument("--json", action="store_true", help="以JSON输出结果")
    verify.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    store = open_from_args(args)
    try:
        result = audit.verify(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        print(result.message())
    return 0 if result.ok else 1
