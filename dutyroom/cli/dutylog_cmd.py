"""``dutyroom log search`` and ``dutyroom report show|export``: the duty log and the daily report from the
command line (for scripts and for checking what the GUI shows)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from dutyroom.cli.common import open_from_args, parse_day, write_output
from dutyroom.cli.parser import whole_number
from dutyroom.clock import SystemClock


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    log = commands.add_parser("log", help="值班日志查询", parents=[common])
    log_commands = log.add_subparsers(dest="log_command", metavar="ACTION", required=True)
    search = log_commands.add_parser("search", help="按日期、类型、人员、关键词查询所有值班日志", parents=[common])
    search.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help="开始班次日期")
    search.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help="结束班次日期")
    search.add_argument("--kind", action="append", default=[], metavar="KIND",
                        help="记录类型代号（可多次）：call_in call_out document warning instruction roll_call "
                             "directive other")
    search.add_argument("--person", default="", help="对方单位/姓名或记录人的一部分")
    search.add_argument("--text", default="", help="关键词（空格分隔的多个词须同时出现）")
    search.add_argument("--limit", type=whole_number("显示条数", 1, 100_000), default=100)
    search.add_argument("--json", action="store_true", help="输出JSON")
    search.set_defaults(handler=run_search)

    report = commands.add_parser("daily-report", help="值班日报/零报告", parents=[common])
    report_commands = report.add_subparsers(dest="report_command", metavar="ACTION", required=True)
    show = report_commands.add_parser("show", help="显示某日日报（已保存的文本，未保存时为自动草稿）", parents=[common])
    show.add_argument("--date", metavar="YYYY-MM-DD", required=True)
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_report_show)
    export = report_commands.add_parser("export", help="导出某日日报为 .docx 或 .pdf", parents=[common])
    export.add_argument("--date", metavar="YYYY-MM-DD", required=True)
    export.add_argument("--out", metavar="FILE.docx|FILE.pdf", required=True)
    export.set_defaults(handler=run_report_export)


def run_search(args: argparse.Namespace) -> int:
    from dutyroom.dutylog.search import LogQuery, search

    store = open_from_args(args)
    try:
        result = search(store, LogQuery(first=parse_day(args.first), last=parse_day(args.last),
                                        kinds=frozenset(args.kind), person=args.person, text=args.text,
                                        limit=args.limit))
    finally:
        store.close()
    if args.json:
        rows = [{"id": r["id"], "duty_date": r["duty_date"], "occurred_at": r["occurred_at"], "kind": r["kind"],
                 "kind_label": r["kind_label"], "counterpart": r["counterpart"], "summary": r["summary"],
                 "fields": r["fields"], "recorded_by": r["recorded_by_name"]} for r in result.rows]
        print(json.dumps({"total": result.total, "shown": len(rows), "elapsed_ms": round(result.elapsed_ms, 1),
                          "rows": rows}, ensure_ascii=False))
        return 0
    for r in result.rows:
        who = f"【{r['counterpart']}】" if r["counterpart"] else ""
        print(f"{r['occurred_at'][:16].replace('T', ' ')}  {r['kind_label']}  {who}{r['summary']}  （{r['recorded_by_name']}）")
    print(f"共 {result.total} 条" + (f"，显示前 {len(result.rows)} 条" if result.truncated else ""), file=sys.stderr)
    return 0


def run_report_show(args: argparse.Namespace) -> int:
    from dutyroom.dutylog.report import current_report

    store = open_from_args(args)
    try:
        report = current_report(store, parse_day(args.date), SystemClock().now())
    finally:
        store.close()
    if args.json:
        print(json.dumps({"date": report.report_date.isoformat(), "title": report.title, "body": report.body,
                          "zero_report": report.zero_report, "saved": report.saved is not None,
                          "period": report.period}, ensure_ascii=False))
    else:
        print(report.title)
        print(f"（{report.period}）")
        print(report.body)
    return 0


def run_report_export(args: argparse.Namespace) -> int:
    from dutyroom.dutylog.report import current_report
    from dutyroom.errors import ValidationError
    from dutyroom.printing.daily_report import render_report_docx, render_report_pdf, report_doc

    suffix = args.out.lower().rsplit(".", 1)[-1]
    if suffix not in ("docx", "pdf"):
        raise ValidationError("输出文件须以 .docx 或 .pdf 结尾。")
    store = open_from_args(args)
    try:
        now = SystemClock().now()
        doc = report_doc(store, current_report(store, parse_day(args.date), now), now)
    finally:
        store.close()
    data = render_report_docx(doc) if suffix == "docx" else render_report_pdf(doc)
    print(f"已生成：{write_output(args.out, data)}")
    return 0
