"""``dutyroom contacts import|export|search``: the contact tree from the command line.

An import changes data: it runs as the account ``--user`` names, after its password (see ``access``), and
needs the ``contacts.manage`` permission. ``--dry-run`` prints the outcome of every row, writes nothing and
needs no account.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from dutyroom.cli.access import writes
from dutyroom.cli.common import open_from_args, print_import
from dutyroom.cli.parser import whole_number
from dutyroom.clock import SystemClock
from dutyroom.session import Session


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("contacts", help="通讯录：导入、导出、查找", parents=[common])
    actions = group.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)

    importing = actions.add_parser("import", help="从Excel（.xlsx）导入通讯录", parents=[common])
    importing.add_argument("file", metavar="FILE.xlsx")
    importing.add_argument("--dry-run", action="store_true", help="只显示每一行的结果，不写入")
    importing.add_argument("--json", action="store_true", help="以JSON输出结果")
    importing.add_argument("--tag", action="append", default=[], metavar="TAG",
                           help="给导入的每个人加上标签（可重复，例如 --tag 防汛责任人）")
    writes(importing, run_import, unless=lambda args: args.dry_run)     # the account needs 管理通讯录

    exporting = actions.add_parser("export", help="把通讯录导出为Excel（.xlsx）", parents=[common])
    exporting.add_argument("file", metavar="FILE.xlsx")
    exporting.set_defaults(handler=run_export)

    searching = actions.add_parser("search", help="查找（与通讯录搜索框相同的排序）", parents=[common])
    searching.add_argument("query", metavar="QUERY")
    searching.add_argument("--json", action="store_true", help="以JSON输出结果")
    searching.add_argument("--limit", type=whole_number("显示条数", 1, 1000), default=20, help="最多显示几条（默认20）")
    searching.add_argument("--persons-only", action="store_true", help="只列人员，不列单位")
    searching.set_defaults(handler=run_search)


def run_import(args: argparse.Namespace, session: Session | None) -> int:
    from dutyroom.contacts.importer import import_contacts, preview_import

    if session is None:            # --dry-run: nothing is written, no account needed
        store = open_from_args(args)
        try:
            plan = preview_import(store, Path(args.file), default_tags=args.tag)
        finally:
            store.close()
    else:
        plan = import_contacts(session, Path(args.file), default_tags=args.tag)
        if plan.written:   # so that 通讯录 opens at once at the next start of the app
            from dutyroom.contacts.index_cache import load_or_build

            load_or_build(session.store, session.now().date())
    if args.json:
        print(json.dumps(plan.as_json(), ensure_ascii=False))
        return 0
    print_import(plan, args.dry_run)
    for path in plan.new_units:
        print(f"  新建单位：{path}")
    return 0


def run_export(args: argparse.Namespace) -> int:
    from dutyroom.contacts.exporter import export_contacts

    store = open_from_args(args)
    try:
        result = export_contacts(store, Path(args.file).expanduser(), SystemClock().now())
    finally:
        store.close()
    print(f"已导出：{result.path}（{result.persons} 人，{result.units} 个单位）")
    return 0


def run_search(args: argparse.Namespace) -> int:
    from dutyroom.contacts.search import TIER_LABELS, search_store

    store = open_from_args(args)
    try:
        kinds = frozenset({"person"}) if args.persons_only else None
        found = search_store(store, args.query, SystemClock().now().date(), limit=args.limit, kinds=kinds)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{**entry.as_json(), "matched": TIER_LABELS[tier], "rank": rank}
                          for rank, (entry, tier) in enumerate(found, start=1)], ensure_ascii=False))
        return 0
    if not found:
        print("没有找到。")
    for entry, _tier in found:
        phones = "  ".join(f"{p.kind_label} {p.number}" for p in entry.phones)
        where = entry.unit_path or "（无上级单位）"
        print(f"{entry.name}　{entry.position}　{where}　{phones}".replace("　　", "　"))
    return 0
