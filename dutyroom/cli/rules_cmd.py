"""``dutyroom rules grade|deadlines``: the grading and deadline rules in force, from the command line.

For administrators checking an edit to the rules, and for tests. Inputs are checked with the same
limits as the intake form (no negative or absurd counts).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from dutyroom.cli.common import open_from_args, parse_moment
from dutyroom.cli.parser import whole_number

COUNT_OPTIONS = (("dead", "--dead", "死亡人数"), ("missing", "--missing", "失踪人数"),
                 ("serious_injuries", "--serious-injuries", "重伤人数"), ("injured", "--injured", "轻伤人数"),
                 ("at_risk", "--at-risk", "涉险人数"), ("trapped", "--trapped", "被困人数"),
                 ("evacuated", "--evacuated", "紧急疏散人数"), ("loss_yuan", "--loss-yuan", "直接经济损失（元）"))


def register(commands: Any, common: argparse.ArgumentParser) -> None:
    group = commands.add_parser("rules", help="定级和报送时限规则（按现行规则计算）", parents=[common])
    actions = group.add_subparsers(dest="rules_command", metavar="ACTION", required=True)

    grade = actions.add_parser("grade", help="按伤亡和损失计算事件等级、标记和理由", parents=[common])
    for _key, option, label in COUNT_OPTIONS:
        grade.add_argument(option, metavar="N", default="0", help=label)
    grade.add_argument("--sensitive", action="store_true", help="敏感时间、地点或人群")
    grade.add_argument("--category", metavar="TEXT", default="", help="事件类别或子类，如 事故灾难、道路交通事故、自然灾害")
    _common_options(grade)
    grade.set_defaults(handler=run_grade)

    plan = actions.add_parser("deadlines", help="按等级和接报时间列出报送时限", parents=[common])
    plan.add_argument("--grade", required=True, metavar="等级", help="一般、较大、重大 或 特别重大")
    plan.add_argument("--received", required=True, metavar="ISO时间", help="接报时间，如 2026-11-23T10:00:00+08:00")
    plan.add_argument("--category", metavar="TEXT", default="", help="事件类别或子类")
    plan.add_argument("--sensitive", action="store_true", help="敏感时间、地点或人群（按标记提高报送等级）")
    plan.add_argument("--flag", action="append", default=[], metavar="KEY", help="其他标记，如 larger_risk、major_disaster")
    plan.add_argument("--hours", type=whole_number("小时数", 1, 24 * 31), default=24, help="列出多少小时内到期的时限（默认24）")
    _common_options(plan)
    plan.set_defaults(handler=run_deadlines)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", metavar="KEY", help="改用内置规则（national 全国默认、henan 河南从严），不用现行规则")
    parser.add_argument("--json", action="store_true", help="以JSON输出")


def _rules(args: argparse.Namespace) -> tuple[Any, str]:
    from dutyroom.incidents import rulebook

    if args.rules:
        rules = rulebook.shipped_rule_set(args.rules)
        return rules, f"{rules.name}（内置）"
    store = open_from_args(args)
    try:
        current = rulebook.in_force(store)
    finally:
        store.close()
    return current.rules, current.label


def _facts(args: argparse.Namespace) -> dict[str, Any]:
    from dutyroom.incidents import forms
    from dutyroom.incidents.intake import intake_form
    from dutyroom.incidents.taxonomy import taxonomy

    fields = intake_form().fields
    facts: dict[str, Any] = {key: forms.clean_value(fields[key], getattr(args, key)) for key, _o, _l in COUNT_OPTIONS}
    facts["category"], facts["subtype"] = taxonomy().resolve(args.category)
    facts["sensitive"] = bool(args.sensitive)
    return facts


def run_grade(args: argparse.Namespace) -> int:
    facts = _facts(args)
    rules, label = _rules(args)
    result = rules.grade(facts).as_json()
    result["rules"] = label
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"等级：{result['grade']}（按{label}）")
    for reason in result["reasons"]:
        print(f"  依据：{reason}")
    for reason in result["flag_reasons"]:
        print(f"  标记：{reason}")
    if result["level"] != result["grade"]:
        print(f"  按{result['level']}事件的时限报送")
    print("须向上级报告" if result["must_report"] else "按规则无须向上级报告（仍须报告带班领导）")
    return 0


def run_deadlines(args: argparse.Namespace) -> int:
    from dutyroom.errors import ValidationError
    from dutyroom.incidents import deadlines
    from dutyroom.incidents.rules import grade_code
    from dutyroom.incidents.taxonomy import taxonomy

    code = grade_code(args.grade)
    received = parse_moment(args.received, "接报时间")
    category, subtype = taxonomy().resolve(args.category)
    rules, label = _rules(args)
    flags = set(args.flag)
    if args.sensitive:
        flags.add("sensitive")
    unknown = flags - {f.key for f in rules.flags}
    if unknown:
        raise ValidationError(f"现行规则没有这些标记：{'、'.join(sorted(unknown))}。")
    situation = deadlines.Situation(rules.level_for(code, tuple(flags)), category, subtype, frozenset(flags))
    items = deadlines.preview(situation, received, rules, hours=args.hours)
    if args.json:
        print(json.dumps(items, ensure_ascii=False))
        return 0
    print(f"按{label}，{args.grade}事件，接报 {received:%Y-%m-%d %H:%M}：")
    for item in items:
        when = item["due_at"][5:16].replace("T", " ") if item["due_at"] else item["rule"]
        print(f"  {when}　{item['label']}（{item['how']}，报{item['to']}）")
    return 0
