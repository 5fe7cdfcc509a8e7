"""``dutyroom warning new|list|show|call|arrive|broadcast|change|lift|void|stats``: 预警叫应 from the command line.

Commands that change data act as the account named by ``--user``, signed in with its password like every
write command (``cli/access.py``; it must hold the permission). ``--at`` records
an act done a few minutes earlier, within the window set in 叫应补记时间 (``warnings.backdate_minutes``).
Times are ``HH:MM`` (today), ``YYYY-MM-DD HH:MM`` or ISO 8601.
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import datetime, time
from typing import Any

from dutyroom.cli.access import Writer, writes
from dutyroom.cli.common import FIRST_YEAR, LAST_YEAR, open_from_args, parse_day, parse_month
from dutyroom.cli.parser import whole_number
from dutyroom.clock import CST, SystemClock, parse_iso, to_cst
from dutyroom.errors import ValidationError
from dutyroom.session import Session


def parse_moment(text: str | None, now: datetime) -> datetime | None:
    """``09:30`` (today), ``2026-11-24 09:30``, ``2026-11-24T09:30`` or ISO with offset; None for None."""
    if text is None:
        return None
    value = text.strip().replace("：", ":")
    try:
        if re.fullmatch(r"\d{1,2}:\d{2}", value):
            hours, minutes = (int(p) for p in value.split(":"))
            return datetime.combine(now.date(), time(hours, minutes), tzinfo=CST)
        moment = datetime.fromisoformat(value.replace(" ", "T", 1)) if len(value) <= 40 else None
    except ValueError:
        moment = None
    if moment is None:
        raise ValidationError(f"时间“{text[:40]}”格式不对，应为 09:30、2026-11-24 09:30 或 2026-11-24T09:30:00+08:00。")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:      # and never near the calendar's ends, where zones overflow
        raise ValidationError(f"时间“{text}”超出范围：应在{FIRST_YEAR}年到{LAST_YEAR}年之间。")
    return to_cst(moment)


WARNING_ID = whole_number("预警编号", 1, 999_999_999)
TARGET_ID = whole_number("叫应对象编号", 1, 999_999_999)


def _write_options(parser: argparse.ArgumentParser, run: Writer, *, at: bool = True, output: bool = False) -> None:
    if at:
        parser.add_argument("--at", metavar="TIME", help="补记：实际发生的时间（几分钟前，在“叫应补记时间”之内）")
    if output:
        parser.add_argument("--json", action="store_true", help="以JSON输出结果")
    writes(parser, run)


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("warning", help="预警叫应：登记预警、叫应名单、叫应记录", parents=[common])
    actions = group.add_subparsers(dest="warning_command", metavar="ACTION", required=True)

    new = actions.add_parser("new", help="登记收到的预警，生成叫应名单", parents=[common])
    new.add_argument("--type", required=True, help="预警种类，如 暴雨、地质灾害、上级通知")
    new.add_argument("--level", required=True, help="红色、橙色、黄色、蓝色（或 Ⅰ–Ⅳ）")
    new.add_argument("--source", default="", help="发布单位（默认按预警种类，如 县气象局）")
    new.add_argument("--issued", metavar="TIME", help="发布时间（默认为接收时间）")
    new.add_argument("--until", metavar="TIME", help="有效期至")
    new.add_argument("--areas", default="", help="受影响乡镇，逗号分隔（默认全县）")
    new.add_argument("--content", required=True, help="预警内容")
    new.add_argument("--measures", default="", help="防御措施")
    _write_options(new, run_new, output=True)

    listing = actions.add_parser("list", help="预警列表（最新在前）", parents=[common])
    listing.add_argument("--open", action="store_true", help="只列生效中或仍在叫应的预警")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help="一次预警：叫应名单、每次叫应、应急广播", parents=[common])
    show.add_argument("id", metavar="ID", type=WARNING_ID, help="预警编号（warning list 中的 id）")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=run_show)

    call = actions.add_parser("call", help="记录一次叫应的结果", parents=[common])
    call.add_argument("id", metavar="ID", type=WARNING_ID, help="预警编号（warning list 中的 id）")
    call.add_argument("--target", type=TARGET_ID, required=True, metavar="TID", help="叫应对象id（warning show 中列出）")
    call.add_argument("--result", required=True,
                      help="answered（接通）、no_answer（无人接听）、busy（占线）、off（关机）、wrong_number（空号）、sent（已发送）")
    call.add_argument("--channel", default="电话", help="电话（默认）、短信、微信、广播、当面")
    call.add_argument("--by", default="", metavar="NAME", help="接听人（不是本人接听时）")
    call.add_argument("--number", default=None, help="拨打的号码（默认名单中的第一个号码）")
    _write_options(call, run_call, output=True)

    arrive = actions.add_parser("arrive", help="登记已到岗", parents=[common])
    arrive.add_argument("id", metavar="ID", type=WARNING_ID, help="预警编号（warning list 中的 id）")
    arrive.add_argument("--target", type=TARGET_ID, required=True, metavar="TID")
    _write_options(arrive, run_arrive)

    broadcast = actions.add_parser("broadcast", help="登记应急广播（村村响）", parents=[common])
    broadcast.add_argument("id", metavar="ID", type=WARNING_ID, help="预警编号（warning list 中的 id）")
    broadcast.add_argument("--area", required=True, help="乡镇或村，如 青石镇/上坪村")
    broadcast.add_argument("--content", required=True)
    broadcast.add_argument("--operator", default="", help="操作人（默认为登记人）")
    _write_options(broadcast, run_broadcast)

    change = actions.add_parser("change", help="预警变更（提升、降低级别，内容、有效期、范围），重新叫应", parents=[common])
    change.add_argument("id", metavar="ID", type=WARNING_ID, help="预警编号（warning list 中的 id）")
    change.add_argument("--level")
    change.add_argument("--until", metavar="TIME")
    change.add_argument("--content")
    change.add_argument("--measures")
    change.add_argument("--areas", help="受影响乡镇，逗号分隔")
    change.add_argument("--issued", metavar="TIME")
    _write_options(change, run_change, output=True)

    lift = actions.add_parser("lift", help="解除预警，并叫应原叫应对象", parents=[common])
    lift.add_argument("id", metavar="ID", type=WARNING_ID, help="预警编号（warning list 中的 id）")
    lift.add_argument("--content", default="", help="解除通知内容（默认自动生成）")
    lift.add_argument("--issued", metavar="TIME")
    _write_options(lift, run_lift, output=True)

    void = actions.add_parser("void", help="作废误录的预警（值班长、带班领导）", parents=[common])
    void.add_argument("id", metavar="ID", type=WARNING_ID, help="预警编号（warning list 中的 id）")
    void.add_argument("--reason", required=True)
    _write_options(void, run_void, at=False)

    stats = actions.add_parser("stats", help="预警叫应统计（按种类级别、应答用时、时限内应答率、未应答乡镇）",
                               parents=[common])
    stats.add_argument("--month", metavar="YYYY-MM")
    stats.add_argument("--from", dest="first", metavar="YYYY-MM-DD")
    stats.add_argument("--to", dest="last", metavar="YYYY-MM-DD")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(handler=run_stats)


# -- running ---------------------------------------------------------------------------------------------------

def _areas(text: str | None) -> list[str] | None:
    if text is None:
        return None
    return [part.strip() for part in re.split(r"[,，、;；\s]+", text) if part.strip()]


def _print_relayed(relayed: Any, args: argparse.Namespace, verb: str) -> None:
    if args.json:
        print(json.dumps(relayed.as_json(), ensure_ascii=False))
        return
    deadline = f"，全部应答时限 {parse_iso(relayed.deadline_at):%H:%M}" if relayed.deadline_at else "（只发通知）"
    leader = f"，{parse_iso(relayed.leader_due_at):%H:%M} 前报告带班领导" if relayed.leader_due_at else ""
    print(f"{verb}预警 {relayed.number}（id {relayed.warning_id}）：叫应名单 {relayed.targets} 人{deadline}{leader}。")


def run_new(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.warnings.records import new_warning

    now = session.now()
    relayed = new_warning(session, type=args.type, level=args.level, source_unit=args.source,
                          content=args.content, measures=args.measures, issued_at=parse_moment(args.issued, now),
                          valid_until=parse_moment(args.until, now), areas=_areas(args.areas) or [],
                          at=parse_moment(args.at, now))
    _print_relayed(relayed, args, "已登记")
    return 0


def run_change(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.warnings.records import change_warning

    now = session.now()
    extra: dict[str, Any] = {}
    if args.until is not None:
        extra["valid_until"] = parse_moment(args.until, now)
    relayed = change_warning(session, args.id, level=args.level, content=args.content, measures=args.measures,
                             areas=_areas(args.areas), issued_at=parse_moment(args.issued, now),
                             at=parse_moment(args.at, now), **extra)
    _print_relayed(relayed, args, "已登记变更，")
    return 0


def run_lift(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.warnings.records import lift_warning

    now = session.now()
    relayed = lift_warning(session, args.id, content=args.content, issued_at=parse_moment(args.issued, now),
                           at=parse_moment(args.at, now))
    _print_relayed(relayed, args, "已解除，")
    return 0


def run_void(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.warnings.records import void_warning

    void_warning(session, args.id, args.reason)
    print(f"已作废预警 id {args.id}。")
    return 0


def run_call(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.warnings.calls import STATUS_LABELS, record_call
    from dutyroom.warnings.queries import target_json

    store = session.store
    outcome = record_call(session, args.target, args.result, channel=args.channel, number=args.number,
                          answered_by=args.by, at=parse_moment(args.at, session.now()), warning_id=args.id)
    attempts = [dict(r) for r in store.rows("SELECT * FROM warning_attempt WHERE target_id = ? AND voided_at IS NULL"
                                            " ORDER BY at, id", (args.target,))]
    shown = target_json(outcome.target, attempts)
    added = [{**row} for i in outcome.added
             for row in store.rows("SELECT id, name, kind, reason FROM warning_target WHERE id = ?", (i,))]
    if args.json:
        print(json.dumps({"target": shown, "attempt_id": outcome.attempt_id, "added": added}, ensure_ascii=False))
        return 0
    print(f"已记录：{shown['name']} {STATUS_LABELS[shown['status']]}（第{len(shown['attempts'])}次）。")
    for item in added:
        print(f"  加入名单：{item['name']}（{item['reason']}，id {item['id']}）")
    return 0


def run_arrive(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.warnings.calls import mark_arrived

    mark_arrived(session, args.target, at=parse_moment(args.at, session.now()), warning_id=args.id)
    print("已登记到岗。")
    return 0


def run_broadcast(args: argparse.Namespace, session: Session) -> int:
    from dutyroom.warnings.broadcasts import add_broadcast

    broadcast_id = add_broadcast(session, args.id, area=args.area, content=args.content, operator=args.operator,
                                 at=parse_moment(args.at, session.now()))
    print(f"已登记应急广播（id {broadcast_id}）。")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from dutyroom.warnings.queries import warning_rows

    store = open_from_args(args)
    try:
        rows = warning_rows(store, SystemClock().now(), open_only=args.open)
    finally:
        store.close()
    if args.json:
        print(json.dumps([{
            "id": r["id"], "number": r["number"], "type": r["type"], "level": r["level_label"],
            "level_code": r["level"], "status": r["state"], "status_label": r["state_label"],
            "source": r["source_unit"], "received_at": r["received_at"], "valid_until": r["valid_until"],
            "summary": r["summary"].as_json()} for r in rows], ensure_ascii=False))
        return 0
    if not rows:
        print("没有预警。" if not args.open else "没有生效中的预警。")
    for r in rows:
        s = r["summary"]
        print(f"{r['id']:>4}  {r['number']}  {r['received_at'][5:16].replace('T', ' ')}  {r['title']:<10}"
              f"  {r['source_unit']}  {r['state_label']}  已应答 {s.answered}/{s.total}")
    return 0


def run_show(args: argparse.Namespace) -> int:
    from dutyroom.warnings.queries import warning_json

    store = open_from_args(args)
    try:
        shown = warning_json(store, args.id, SystemClock().now())
    finally:
        store.close()
    if args.json:
        print(json.dumps(shown, ensure_ascii=False))
        return 0
    s = shown["summary"]
    print(f"预警 {shown['number']}（id {shown['id']}）{shown['type']}{shown['level']}预警  {shown['source']}  "
          f"{shown['status_label']}")
    print(f"  {shown['content']}")
    print(f"  影响：{'、'.join(shown['areas'])}  已应答 {s['answered']}/{s['total']}，到岗 {s['arrived']}，"
          f"未应答 {s['silent']}，上报 {s['escalated']}")
    for t in shown["targets"]:
        tries = "；".join(f"{a['at'][11:16]} {a['channel']} {a['result_label']}" for a in t["attempts"])
        print(f"  {t['id']:>5} {t['role']} {t['name']:<6} {t['unit']:<14} {t['phone']:<13} {t['status_label']:<4} {tries}")
    for b in shown["broadcasts"]:
        print(f"  广播 {b['at'][11:16]} {b['area']}：{b['content']}（{b['operator']}）")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from dutyroom.warnings.queries import duration_text
    from dutyroom.warnings.stats import month_stats, warning_stats

    now = SystemClock().now()
    store = open_from_args(args)
    try:
        if args.first or args.last:
            first, last = parse_day(args.first), parse_day(args.last)
            if first is None or last is None or last < first:
                raise ValidationError("请同时给出 --from 和 --to，且 --to 不早于 --from。")
            stats = warning_stats(store, first, last, now)
        else:
            year, month = parse_month(args.month) if args.month else (now.year, now.month)
            stats = month_stats(store, year, month, now)
    finally:
        store.close()
    if args.json:
        print(json.dumps(stats.as_json(), ensure_ascii=False))
        return 0
    share = "—" if stats.in_time_share is None else f"{stats.in_time_share:.1%}"
    print(f"{stats.first} 至 {stats.last}：预警 {stats.warnings} 次，叫应 {stats.targets} 人次，已应答 {stats.answered}，"
          f"时限内 {stats.answered_in_time}（{share}），未应答 {stats.silent}；用时中位数 "
          f"{duration_text(stats.median_seconds)}，90% {duration_text(stats.p90_seconds)}")
    return 0
