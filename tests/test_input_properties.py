"""Property tests: whatever a person or a file hands in, the answer is a result or one Chinese refusal — never a
traceback — and a refusal writes nothing.

The suite runs with DUTYROOM_TRACEBACKS=1, so an unexpected exception inside a command is raised here and
fails the property, with hypothesis's smallest example.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import openpyxl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from dutyroom.cli import main
from dutyroom.contacts.importer import import_contacts
from dutyroom.demo.seed import demo_password
from dutyroom.errors import DutyRoomError
from dutyroom.incidents import forms, intake
from dutyroom.session import Session
from dutyroom.store import Store
from tests.incident_helpers import first_call, session_as

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow])
ENGLISH = re.compile(r"Traceback|Error\b|Exception|Expecting|invalid|usage:|argument")
HAN = re.compile(r"[\u4e00-\u9fff]")


def run_cli(*argv: str) -> tuple[int, str, str]:
    """``dutyroom argv`` in this process: (exit code, stdout, stderr); a usage error's SystemExit is its code."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as ended:
            code = int(ended.code or 0)
    return code, out.getvalue(), err.getvalue()


def assert_refusal(err: str) -> None:
    assert HAN.search(err) and not ENGLISH.search(err), err


# -- values as people type them, and as files and scripts hand them in ----------------------------------------

NUMBER_TEXT = st.one_of(
    st.integers(-10**40, 10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.text(alphabet="0123456789１２３,，.。-+eE 万元亿_", max_size=40),
    st.integers(1, 6000).map(lambda n: "9" * n),
    st.sampled_from(["1e999999", "1，0，0", "-0.4", "-0.4万元", "1,000", "1.5亿", "0x10", "١٢", "NaN", "inf",
                     "3人", "", " ", "−5"]),
)
JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(),
                      st.text(max_size=30), st.sampled_from(["0001-01-01", "9999-12-31T23:59:59", "false", "是"]))
JSON_VALUE = st.recursive(JSON_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                           st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                          max_leaves=8)


@FAST
@given(values=st.dictionaries(st.sampled_from(["--dead", "--missing", "--serious-injuries", "--injured",
                                               "--at-risk", "--trapped", "--evacuated", "--loss-yuan"]),
                              NUMBER_TEXT, max_size=4),
       category=st.one_of(st.just(""), st.text(max_size=12), st.sampled_from(["事故灾难", "自然灾害", "道路交通事故"])))
def test_rules_grade_answers_or_refuses_in_chinese(values: dict[str, str], category: str) -> None:
    argv = ["rules", "grade", "--rules", "national", "--json", f"--category={category}"]
    argv += [f"{option}={value}" for option, value in values.items()]
    code, out, err = run_cli(*argv)
    assert code in (0, 2)
    event(f"exit {code}")
    if code == 0:
        assert json.loads(out)["grade"] in ("一般", "较大", "重大", "特别重大")
    else:
        assert_refusal(err)


# -- the intake form --------------------------------------------------------------------------------------------

def state(store: Store) -> tuple[int, int, str]:
    return (store.scalar("SELECT COUNT(*) FROM audit_log"), store.scalar("SELECT COUNT(*) FROM incident"),
            store.scalar("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"))


INTAKE_KEYS = [f.key for f in forms.load_form("intake")]


@FAST
@given(changes=st.dictionaries(st.sampled_from(INTAKE_KEYS + ["weather", ""]),
                               st.one_of(JSON_VALUE, NUMBER_TEXT), min_size=1, max_size=4))
def test_the_intake_form_takes_any_values_or_refuses_them(demo_store: Store, clock, changes: dict[str, Any]) -> None:
    officer = session_as(demo_store, clock, "zhiban")
    before = state(demo_store)
    try:
        intake.open_incident(officer, first_call(demo_store, clock.now(), **changes))
        event("accepted")
    except DutyRoomError as refused:
        event("refused")
        assert_refusal(refused.message)
        assert state(demo_store) == before


@FAST
@given(raw=st.one_of(JSON_VALUE, st.dictionaries(st.sampled_from(INTAKE_KEYS), st.one_of(JSON_VALUE, NUMBER_TEXT),
                                                 max_size=8)))
def test_form_validation_alone_never_raises_anything_else(demo_store: Store, clock, raw: Any) -> None:
    try:
        forms.validate(forms.load_form("intake"), raw, now=clock.now(), lookup=forms.Lookup(demo_store))
    except DutyRoomError as refused:
        assert_refusal(refused.message)


# -- the contacts importer on mutated real .xlsx files ------------------------------------------------------------

def real_sheet() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某镇村级防汛责任人名单"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "单位", "姓名", "职务", "手机号码"])
    for n, (name, phone) in enumerate((("王建国", "1000000 9991"), ("李秀英", "13800001111"), ("赵强", "0000-7700001"))):
        sheet.append([n + 1, "青石镇/青石村", name, "村干部", phone])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


REAL = real_sheet()


def with_member(data: bytes, name: str, change: Any) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            target.writestr(item.filename, change(content) if item.filename == name else content)
    return out.getvalue()


@st.composite
def mutated_xlsx(draw: st.DrawFn) -> bytes:
    how = draw(st.sampled_from(["bytes", "truncate", "xml", "cells"]))
    if how == "bytes":
        data = bytearray(REAL)
        for position, value in draw(st.lists(st.tuples(st.integers(0, len(data) - 1), st.integers(0, 255)),
                                             min_size=1, max_size=8)):
            data[position] = value
        return bytes(data)
    if how == "truncate":
        return REAL[: draw(st.integers(0, len(REAL) - 1))]
    if how == "xml":
        member = draw(st.sampled_from(["xl/worksheets/sheet1.xml", "xl/workbook.xml", "[Content_Types].xml",
                                       "xl/styles.xml"]))
        start, length = draw(st.integers(0, 2000)), draw(st.integers(0, 40))
        insert = draw(st.text(alphabet='<>/="&;#x0123456789abc rtsv一二', max_size=30)).encode()
        return with_member(REAL, member, lambda xml: xml[:start] + insert + xml[start + length:])
    rows = draw(st.lists(st.lists(st.one_of(st.none(), st.integers(-10**18, 10**18), st.floats(allow_nan=False,
                                                                                                allow_infinity=False),
                                            st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
                                            st.booleans(),
                                            st.sampled_from(["=1/0", "13800001111", "青石镇/青石村/三组", "  "])),
                                  max_size=6), max_size=8))
    book = openpyxl.Workbook()
    book.active.append(["单位", "姓名", "职务", "手机号码", "办公电话", "标签"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def contacts_state(store: Store) -> tuple[int, ...]:
    return tuple(store.scalar(f"SELECT COUNT(*) FROM {table}")
                 for table in ("audit_log", "person", "person_phone", "org_unit", "person_tag"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=mutated_xlsx())
def test_the_importer_takes_any_xlsx_or_refuses_it(demo_store: Store, clock, tmp_path: Path, data: bytes) -> None:
    office = session_as(demo_store, clock, "bangongshi")
    path = tmp_path / "名单.xlsx"
    path.write_bytes(data)
    before = contacts_state(demo_store)
    try:
        plan = import_contacts(office, path)
    except DutyRoomError as refused:
        event("refused")
        assert_refusal(refused.message)
        assert contacts_state(demo_store) == before
    else:
        event("written" if plan.written else "read, nothing to write")
        assert plan.written == (contacts_state(demo_store) != before)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(data=mutated_xlsx())
def test_the_import_command_exits_0_or_2(demo_store: Store, tmp_path: Path, monkeypatch, data: bytes) -> None:
    from dutyroom.demo.seed import demo_password

    monkeypatch.setenv("DUTYROOM_PASSWORD", demo_password())
    path = tmp_path / "名单.xlsx"
    path.write_bytes(data)
    before = contacts_state(demo_store)
    code, _out, err = run_cli("--db", str(demo_store.path), "contacts", "import", str(path), "--user", "bangongshi",
                              "--json")
    assert code in (0, 2)
    if code == 2:
        assert_refusal(err)
        assert contacts_state(demo_store)[1:] == before[1:]      # only the sign-in was recorded


def test_the_session_is_an_office_account(demo_store: Store, clock) -> None:
    """The importer properties run as the office (who may import): a refusal there is about the file."""
    assert isinstance(session_as(demo_store, clock, "bangongshi"), Session)
    assert session_as(demo_store, clock, "bangongshi").can("contacts.manage")


# -- any command line --------------------------------------------------------------------------------------------

def _leaves() -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    from dutyroom.cli import build_parser
    from tests.test_cli_access import leaf_parsers

    slow = {("screenshots",), ("selftest",)}            # the GUI offscreen: covered by their own tests
    return [(words, parser) for words, parser in leaf_parsers(build_parser()) if words not in slow]


LEAVES = _leaves()
TOKENS = st.one_of(
    st.sampled_from(["2026-11-24", "2026-11-23", "0001-01-01", "9999-12-31", "2026-02-30", "2026-11", "2026-13",
                     "2027-春节", "2026-国庆", "1", "0", "-1", "3", "1e9", "99999999999999999999", "一般", "较大",
                     "national", "henan", "张三", "青石", "", " ", "-", "--", "x" * 300,
                     "2026-11-23T10:00:00+08:00", "2026-11-23T10:00", "larger_risk", "daily", "manual",
                     "09:30", "25:61", "2026-11-24 09:30", "橙色", "Ⅱ", "暴雨", "地质灾害", "answered", "no_answer",
                     "sent", "短信", "青石镇", "青石镇/上坪村", "青石镇,白沙镇", "officer,standby", "contacts"]),
    st.sampled_from(["{tmp}/o.pdf", "{tmp}/o.xlsx", "{tmp}/o.docx", "{tmp}/o.ics", "{tmp}/o.json", "{tmp}",
                     "{tmp}/missing/o.pdf", "{tmp}/archive", "{tmp}/o.txt"]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
)


def _writers() -> set[tuple[str, ...]]:
    from tests.test_cli_access import WRITE_LINES

    return set(WRITE_LINES)


@st.composite
def command_lines(draw: st.DrawFn, leaves: list[Any] | None = None) -> list[str]:
    """A subcommand with a value for each positional argument and each required option, and up to four other
    options (the same option may come twice), every value drawn from TOKENS."""
    words, parser = draw(st.sampled_from(leaves or LEAVES))
    argv = list(words)
    for action in parser._actions:
        if not action.option_strings and action.dest != "help":
            argv.append(draw(TOKENS))
    options = [a for a in parser._actions if a.option_strings and a.dest not in ("help", "db", "demo")]
    chosen = [a for a in options if a.required]
    chosen += draw(st.lists(st.sampled_from(options), max_size=4)) if options else []
    for action in chosen:
        argv.append(draw(st.sampled_from(action.option_strings)))
        if action.nargs != 0:
            argv.append(draw(TOKENS))
    return argv


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(argv=command_lines())
def test_any_command_line_ends_in_0_1_or_2_and_reads_change_nothing(demo_store: Store, tmp_path: Path,
                                                                     argv: list[str]) -> None:
    """Every subcommand, with its own options given arbitrary values: an answer (0; 1 from a verify that found a
    problem) or a Chinese refusal (2), never a traceback; and none of them, unsigned, changes the data."""
    words = [token.replace("{tmp}", str(tmp_path)) for token in argv]
    before = contacts_state(demo_store), state(demo_store)
    with contextlib.chdir(tmp_path):            # an output named by a bare word lands here, not in the checkout
        code, _out, err = run_cli(*words, "--db", str(demo_store.path))
    event(f"{' '.join(argv[:2])}: exit {code}")
    assert code in (0, 1, 2), (words, err)
    if code == 2:
        assert_refusal(err)
    assert (contacts_state(demo_store), state(demo_store)) == before


WRITE_LEAVES = [(words, parser) for words, parser in LEAVES if words in _writers()]


@st.composite
def signed_command_lines(draw: st.DrawFn) -> list[str]:
    argv = draw(command_lines(WRITE_LEAVES))
    return [*argv, "--user", draw(st.sampled_from(["admin", "daiban", "zhiban"]))]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(argv=signed_command_lines())
def test_any_signed_write_ends_in_0_or_2_and_a_refusal_changes_nothing(demo_store: Store, tmp_path: Path,
                                                                       monkeypatch, argv: list[str]) -> None:
    """Every write command, signed in with the right password, its options given arbitrary values: done (0)
    or one Chinese refusal (2), never a traceback; a refusal leaves every record as it was."""
    monkeypatch.setenv("DUTYROOM_PASSWORD", demo_password())
    code = signed_run(demo_store, tmp_path, [token.replace("{tmp}", str(tmp_path)) for token in argv])
    event(f"{' '.join(argv[:2])}: exit {code}")


def signed_run(demo_store: Store, tmp_path: Path, argv: list[str]) -> int:
    """Run a signed-in command line: exit 0, or 2 with one Chinese refusal and every record as it was."""
    from tests.test_cli_access import everything

    before = everything(demo_store.path)
    with contextlib.chdir(tmp_path):
        code, _out, err = run_cli(*argv, "--db", str(demo_store.path))
    assert code in (0, 2), (argv, err)
    if code == 2:
        assert_refusal(err)
        assert everything(demo_store.path) == before, argv
    return code


# -- the warning commands, with values shaped as a duty officer types them ---------------------------------------

def _moment_text(moment: datetime, style: int) -> str:
    return (moment.isoformat(), moment.isoformat(sep=" ", timespec="minutes"), moment.strftime("%H:%M"),
            moment.replace(tzinfo=None).isoformat(timespec="minutes"))[style]


MOMENT = st.one_of(
    st.builds(_moment_text, st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                                         timezones=st.builds(lambda h: timezone(timedelta(hours=h)),
                                                             st.integers(-14, 14))), st.integers(0, 3)),
    st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 99), st.integers(0, 99)),
    st.sampled_from(["now", "9：30", "2026-11-24 25:00", "", "2026-02-30T10:00"]), TOKENS)
WARNING_VALUES = {
    "--type": st.sampled_from(["暴雨", "地质灾害", "高温", "寒潮", "上级通知", "洪水", "", "暴雨" * 50]),
    "--level": st.sampled_from(["红色", "橙色", "黄色", "蓝色", "Ⅰ", "Ⅳ", "紫色", "", "1"]),
    "--areas": st.sampled_from(["青石镇", "青石镇,白沙镇", "青石镇，，白沙镇", "没有这个镇", ",,,", "青石镇/上坪村"]),
    "--area": st.sampled_from(["青石镇", "青石镇/上坪村", "没有这个镇", "", "/"]),
    "--result": st.sampled_from(["answered", "no_answer", "busy", "off", "wrong_number", "sent", "maybe", ""]),
    "--channel": st.sampled_from(["电话", "短信", "微信", "广播", "当面", "飞鸽", ""]),
    "--target": st.one_of(st.integers(1, 900).map(str), st.integers(1, 900).map(str), TOKENS),
    "--number": st.one_of(st.sampled_from(["13800000000", "9" * 5000, "", "+86 138-0000-0000"]), TOKENS),
    **{option: MOMENT for option in ("--at", "--issued", "--until")},
}
WARNING_ACTIONS = [(words, parser) for words, parser in LEAVES if words[0] == "warning" and words in _writers()]


@st.composite
def warning_lines(draw: st.DrawFn) -> list[str]:
    words, parser = draw(st.sampled_from(WARNING_ACTIONS))
    argv = list(words)
    if any(action.dest == "id" for action in parser._actions):
        argv.append(draw(st.one_of(st.integers(1, 9).map(str), st.integers(1, 9).map(str), TOKENS)))
    options = [a for a in parser._actions if a.option_strings and a.dest not in ("help", "db", "demo", "user")]
    chosen = [a for a in options if a.required]
    chosen += draw(st.lists(st.sampled_from(options), max_size=4, unique_by=lambda a: a.dest))
    for action in dict.fromkeys(chosen):
        option = action.option_strings[0]
        argv.append(option)
        if action.nargs != 0:
            argv.append(draw(WARNING_VALUES.get(option, TOKENS)))
    return [*argv, "--user", draw(st.sampled_from(["daiban", "zhibanzhang", "zhiban", "admin"]))]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(argv=warning_lines())
def test_the_warning_commands_take_any_values_or_refuse_them(demo_store: Store, tmp_path: Path, monkeypatch,
                                                             argv: list[str]) -> None:
    """预警叫应 from the command line with values as typed — times of any year and zone, unknown levels, areas,
    results, ids: done (0) or one Chinese refusal (2) that leaves every record as it was."""
    monkeypatch.setenv("DUTYROOM_PASSWORD", demo_password())
    event(f"{argv[1]}: exit {signed_run(demo_store, tmp_path, argv)}")
