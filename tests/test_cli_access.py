"""The command line's one way in for writes: every command that changes data runs as an account whose password
was checked (throttled like the GUI's sign-in), a temporary password allows nothing but changing it, read-only
commands need no account, and a fault ends in a Chinese sentence with the traceback in the log."""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from dutyroom.auth import accounts
from dutyroom.cli import build_parser, main
from dutyroom.cli.access import Access, access_of
from dutyroom.demo.seed import demo_password
from dutyroom.session import Session
from dutyroom.store import Store
from tests.incident_helpers import session_as

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "dutyroom" / "cli"
# Every command that changes data: a command line of it on the demo county (``--user`` added by the tests;
# {sheet} {staff} {history} {calendar} {out} {warning} {target} filled in) and a demo account that does not
# hold its permission. A new write command must be added here, or the first test fails.
WRITE_LINES: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {
    ("contacts", "import"): (("{sheet}",), "zhiban"),
    ("staff", "import"): (("{staff}",), "zhiban"),
    ("staff", "set"): (("刘丽平", "--no-night"), "zhiban"),
    ("calendar", "import"): (("{calendar}",), "zhiban"),
    ("roster", "generate"): (("--month", "2027-01"), "zhiban"),
    ("roster", "publish"): (("--month", "2026-12"), "zhiban"),
    ("roster", "import-history"): (("{history}",), "zhiban"),
    ("setup", "unit"): (("--phone", "0000-6600111"), "zhiban"),
    ("setup", "skip"): (("contacts",), "zhiban"),
    ("setup", "resume"): (("contacts",), "zhiban"),
    ("accounts", "create-from-staff"): (("--out", "{out}"), "zhiban"),
    ("warning", "new"): (("--type", "暴雨", "--level", "橙色", "--content", "预计未来3小时降雨50毫米以上。"), "admin"),
    ("warning", "call"): (("{warning}", "--target", "{target}", "--result", "no_answer"), "bangongshi"),
    ("warning", "arrive"): (("{warning}", "--target", "{target}"), "admin"),
    ("warning", "broadcast"): (("{warning}", "--area", "青石镇", "--content", "请注意防范"), "admin"),
    ("warning", "change"): (("{warning}", "--level", "红色"), "bangongshi"),
    ("warning", "lift"): (("{warning}",), "admin"),
    ("warning", "void"): (("{warning}", "--reason", "误录"), "zhiban"),
}
# Every leaf command and what it does to the data. A new command must be classified here.
# (backup create writes a copy beside the data, not the data: the app's own child process runs it.)
WRITERS = {
    **{words: Access.WRITES for words in WRITE_LINES},
    # the password is checked their own way: the one being changed, the copy's accounts, the first account
    ("accounts", "passwd"): Access.SIGNS_IN_ITSELF, ("restore",): Access.SIGNS_IN_ITSELF,
    ("accounts", "create-admin"): Access.SIGNS_IN_ITSELF,
}


def leaf_parsers(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()):
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subcommands:
        yield words, parser
        return
    for name, child in subcommands[0].choices.items():
        yield from leaf_parsers(child, (*words, name))


def test_every_command_is_classified_and_only_writers_take_an_account() -> None:
    for words, parser in leaf_parsers(build_parser()):
        declared = parser._defaults.get("access")
        access = Access.WRITES if declared is not None and not isinstance(declared, Access) else declared
        assert (access or Access.READS) == WRITERS.get(words, Access.READS), words
        takes_user = any("--user" in a.option_strings for a in parser._actions)
        assert takes_user == (words in WRITERS), words


def test_a_command_that_writes_but_is_declared_to_read_fails_and_writes_nothing(data: Path, capsys) -> None:
    """The store refuses a data transaction while a command declared as reading runs: an undeclared writer
    (a future command registered with set_defaults(handler=…)) cannot act as nobody."""
    from dutyroom.cli.access import run_command
    from dutyroom.cli.common import open_from_args
    from dutyroom.contacts import people
    from dutyroom.session import SYSTEM_ACTOR
    from dutyroom.store.database import UndeclaredWrite

    def sneaky(args: argparse.Namespace) -> int:
        store = open_from_args(args)
        try:
            people.create_contact(Session(store, SYSTEM_ACTOR, session_clock()), name="无名氏")
        finally:
            store.close()
        return 0

    before = facts(data)
    args = build_parser().parse_args(["--db", str(data), "contacts", "search", "青石"])
    args.handler = sneaky
    with pytest.raises(UndeclaredWrite, match="声明为只读命令，却要修改数据"):
        run_command(args)
    assert facts(data) == before


def test_no_command_makes_its_own_session() -> None:
    """Sessions come from the dispatcher (after the password) — never a silent 系统 actor in a command."""
    for path in CLI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} | \
                {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
        assert "SYSTEM_ACTOR" not in names, path.name
        if path.name not in ("access.py", "accounts_cmd.py"):
            assert not any(isinstance(n, ast.Call) and getattr(n.func, "id", None) == "Session"
                           for n in ast.walk(tree)), path.name


# -- running commands ---------------------------------------------------------------------------------------

@pytest.fixture
def data(demo_file: Path) -> Path:
    return demo_file


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["单位", "姓名", "职务", "手机号码"])
    for n in range(3):
        book.active.append(["青石镇/青石村", "新来的" + "甲乙丙"[n], "村干部", f"1000000 99{n}1"])
    path = tmp_path / "in.xlsx"
    book.save(path)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def facts(path: Path) -> dict[str, object]:
    store = Store(path)
    try:
        return {"persons": store.scalar("SELECT COUNT(*) FROM person"),
                "imports": store.scalar("SELECT COUNT(*) FROM audit_log WHERE op = 'contacts.import'"),
                "failed_logins": store.scalar("SELECT COUNT(*) FROM audit_log WHERE op = 'auth.login_failed'"),
                "last_import_by": store.scalar("SELECT actor_name FROM audit_log WHERE op = 'contacts.import'"
                                               " ORDER BY id DESC LIMIT 1")}
    finally:
        store.close()


def test_a_write_without_an_account_is_refused_and_opens_nothing(data: Path, sheet: Path, capsys) -> None:
    before = data.read_bytes()
    code, out, err = run(capsys, "--db", str(data), "contacts", "import", str(sheet))
    assert code == 2 and out == ""
    assert "该命令会修改数据，须用 --user 指定办理的账户" in err
    assert data.read_bytes() == before


def test_the_password_is_checked_and_failures_are_throttled_like_the_gui(data: Path, sheet: Path, capsys,
                                                                        monkeypatch) -> None:
    before = facts(data)
    monkeypatch.setenv("DUTYROOM_PASSWORD", "not-the-password1")
    for attempt in range(3):
        code, _out, err = run(capsys, "--db", str(data), "contacts", "import", str(sheet), "--user", "bangongshi")
        assert code == 2 and "用户名或密码错误" in err, attempt
    monkeypatch.setenv("DUTYROOM_PASSWORD", demo_password())       # even the right one waits now
    code, _out, err = run(capsys, "--db", str(data), "contacts", "import", str(sheet), "--user", "bangongshi")
    assert code == 2 and "登录失败次数过多，请在" in err
    after = facts(data)
    assert after["persons"] == before["persons"] and after["imports"] == before["imports"]
    assert after["failed_logins"] == before["failed_logins"] + 3      # recorded as the GUI's failures are


def test_a_write_runs_as_the_account_after_its_password(data: Path, sheet: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("DUTYROOM_PASSWORD", demo_password())
    code, out, err = run(capsys, "--db", str(data), "contacts", "import", str(sheet), "--user", "bangongshi")
    assert code == 0, err
    assert "已导入" in out and facts(data)["last_import_by"] == "孔静"


def test_the_password_can_come_from_standard_input(data: Path, sheet: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DUTYROOM_PASSWORD", "DISPLAY")}
    result = subprocess.run([sys.executable, "-m", "dutyroom", "--db", str(data), "contacts", "import", str(sheet),
                             "--user", "bangongshi"], input=demo_password() + "\n", capture_output=True, text=True,
                            timeout=120, cwd=ROOT, env={**env, "DUTYROOM_DATA_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert facts(data)["last_import_by"] == "孔静"


def test_a_temporary_password_allows_nothing_but_changing_it(data: Path, sheet: Path, capsys, monkeypatch,
                                                            clock) -> None:
    store = Store(data)
    office = store.scalar("SELECT id FROM account WHERE username = 'bangongshi'")
    accounts.reset_password(session_as(store, clock, "admin"), office, "Temp2026ab")
    store.close()
    before = facts(data)
    monkeypatch.setenv("DUTYROOM_PASSWORD", "Temp2026ab")
    code, _out, err = run(capsys, "--db", str(data), "contacts", "import", str(sheet), "--user", "bangongshi")
    assert code == 2 and "临时密码" in err and "dutyroom accounts passwd --user bangongshi" in err
    assert facts(data)["persons"] == before["persons"]
    monkeypatch.setenv("DUTYROOM_NEW_PASSWORD", "Mine2026cd")
    code, out, err = run(capsys, "--db", str(data), "accounts", "passwd", "--user", "bangongshi")
    assert code == 0 and "密码已修改" in out, err
    monkeypatch.setenv("DUTYROOM_PASSWORD", "Mine2026cd")
    code, _out, err = run(capsys, "--db", str(data), "contacts", "import", str(sheet), "--user", "bangongshi")
    assert code == 0, err
    store = Store(data)
    assert not accounts.must_change_password(store, office)
    store.close()


def test_passwd_asks_twice_and_refuses_a_mismatch(data: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUTYROOM_PASSWORD") and k != "DISPLAY"}

    def passwd(lines: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "dutyroom", "--db", str(data), "accounts", "passwd", "--user",
                               "zhiban"], input=lines, capture_output=True, text=True, timeout=120, cwd=ROOT,
                              env={**env, "DUTYROOM_DATA_DIR": str(tmp_path)})

    refused = passwd(f"{demo_password()}\nNew2026pass\nNew2026typo\n")
    assert refused.returncode == 2 and "两次输入的新密码不一致" in refused.stderr
    done = passwd(f"{demo_password()}\nNew2026pass\nNew2026pass\n")
    assert done.returncode == 0, done.stderr
    store = Store(data)
    assert accounts.login(store, "zhiban", "New2026pass", session_clock()) is not None
    store.close()


def session_clock():
    from dutyroom.clock import SystemClock

    return SystemClock()


@pytest.mark.parametrize("argv", [
    ("contacts", "search", "青石"), ("contacts", "import", "{sheet}", "--dry-run"), ("audit", "verify"),
    ("print", "desk-phones", "--out", "{tmp}/d.pdf"), ("log", "search", "--limit", "5"),
    ("daily-report", "show", "--date", "2026-11-23"), ("rules", "grade", "--dead", "3"), ("warning", "list", "--json"),
    ("warning", "stats", "--month", "2026-11"),
])
def test_read_only_commands_need_no_account(data: Path, sheet: Path, tmp_path: Path, capsys, argv) -> None:
    words = [w.replace("{sheet}", str(sheet)).replace("{tmp}", str(tmp_path)) for w in argv]
    before = facts(data)
    code, _out, err = run(capsys, "--db", str(data), *words)
    assert code == 0, err
    assert facts(data) == before


def test_an_unexpected_fault_is_one_sentence_and_the_traceback_goes_to_the_log(data: Path, capsys,
                                                                              monkeypatch) -> None:
    from dutyroom.contacts import search

    def broken(*_args: object, **_kwargs: object) -> object:
        raise ZeroDivisionError("故意的错误")

    monkeypatch.setattr(search, "search_store", broken)
    monkeypatch.delenv("DUTYROOM_TRACEBACKS")
    code, out, err = run(capsys, "--db", str(data), "contacts", "search", "青石")
    log = data.parent / "logs" / "dutyroom.log"
    assert code == 2 and out == ""
    assert err.startswith("命令未能完成：程序内部出错（ZeroDivisionError）。详细记录已写入") and str(log) in err
    assert "Traceback" not in err
    text = log.read_text(encoding="utf-8")
    assert "dutyroom contacts failed" in text and "Traceback (most recent call last)" in text
    assert "ZeroDivisionError: 故意的错误" in text and "def broken" not in err


def test_in_the_test_suite_an_unexpected_fault_raises(data: Path, monkeypatch) -> None:
    from dutyroom.contacts import search

    monkeypatch.setattr(search, "search_store", lambda *_a, **_k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        main(["--db", str(data), "contacts", "search", "青石"])


def test_sessions_are_signed_in_accounts(data: Path, clock) -> None:
    """The dispatcher's session is the account's own (roles, person), the same as the GUI's after sign-in."""
    store = Store(data)
    signed_in = accounts.login(store, "zhiban", demo_password(), clock)
    assert Session(store, signed_in, clock).actor == session_as(store, clock, "zhiban").actor
    store.close()
    assert access_of(build_parser().parse_args(["contacts", "import", "x.xlsx", "--dry-run"])) is Access.READS
    assert access_of(build_parser().parse_args(["contacts", "import", "x.xlsx"])) is Access.WRITES


# -- every write command, one by one ---------------------------------------------------------------------------

def everything(path: Path) -> dict[str, object]:
    """Every table's rows, except what a sign-in records (its audit row with the digests it seals and the chain's
    head, the throttle, the last sign-in time)."""
    store = Store(path)
    try:
        tables = store.column("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                              " AND name NOT IN ('login_state', 'audit_log', 'audit_head', 'audit_record', 'account')"
                              " AND sql NOT LIKE '%VIRTUAL%'")
        state: dict[str, object] = {t: [tuple(r) for r in store.rows(f"SELECT * FROM {t}")] for t in tables}
        signing_in = "SELECT id FROM audit_log WHERE op LIKE 'auth.%'"
        state["audit_log"] = [tuple(r) for r in store.rows(f"SELECT * FROM audit_log WHERE id NOT IN ({signing_in})")]
        state["audit_record"] = [tuple(r) for r in store.rows(
            f"SELECT * FROM audit_record WHERE audit_id NOT IN ({signing_in})")]
        state["account"] = [tuple(r) for r in store.rows("SELECT id, username, password_hash, must_change_password,"
                                                           " voided_at FROM account")]
        return state
    finally:
        store.close()


@pytest.fixture
def write_line(data: Path, sheet: Path, tmp_path: Path):
    """The command line of a write command on the demo county, its files made and its records found."""
    from tests.county_path import county_files

    files = county_files(tmp_path)
    store = Store(data)
    try:
        warning = store.scalar("SELECT id FROM warning WHERE voided_at IS NULL AND lifted_at IS NULL"
                               " ORDER BY id DESC LIMIT 1")
        target = store.scalar("SELECT id FROM warning_target WHERE warning_id = ? AND answered_at IS NULL"
                              " ORDER BY seq LIMIT 1", (warning,))
    finally:
        store.close()
    fills = {"{sheet}": sheet, "{staff}": files["staff"], "{history}": files["history"],
             "{calendar}": files["calendar"], "{out}": tmp_path / "notices.pdf", "{warning}": warning,
             "{target}": target}

    def line(words: tuple[str, ...]) -> list[str]:
        tail, _lacking = WRITE_LINES[words]
        return ["--db", str(data), *words, *(str(fills.get(token, token)) for token in tail)]

    return line


@pytest.mark.parametrize("words", sorted(WRITE_LINES), ids=" ".join)
def test_every_write_command_needs_an_account_its_password_and_its_permission(words, data: Path, write_line,
                                                                              capsys, monkeypatch) -> None:
    argv = write_line(words)
    before = data.read_bytes()
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == "" and "该命令会修改数据，须用 --user 指定办理的账户" in err, err
    assert data.read_bytes() == before                              # not even opened for writing

    state = everything(data)
    monkeypatch.setenv("DUTYROOM_PASSWORD", "not-the-password1")
    code, out, err = run(capsys, *argv, "--user", "daiban")
    assert code == 2 and "用户名或密码错误" in err, err
    assert everything(data) == state

    _tail, lacking = WRITE_LINES[words]
    monkeypatch.setenv("DUTYROOM_PASSWORD", demo_password())
    code, out, err = run(capsys, *argv, "--user", lacking)
    assert code == 2 and "无权" in err and len(err.strip().splitlines()) == 1, err
    assert everything(data) == state
