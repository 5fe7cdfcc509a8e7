"""A new county from an empty data file to its first published roster, through the command line
(``tests.county_path``), and what that leaves in the data file and on paper."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from dutyroom.auth import accounts
from dutyroom.demo.county_files import BUREAU, FAVOURITE, STAFF_COUNT
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.ledger import build_ledger
from dutyroom.roster.staff import staff_list
from dutyroom.setup.steps import setup_progress
from dutyroom.store import Store, open_store
from tests.county_path import MONTH, TODAY, WEEK, PathRun, run_path
from tests.pdfcheck import read_pdf, squeeze
from tests.printcheck import check_pdf

JANUARY = (date(2027, 1, 1), date(2027, 1, 31))


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> PathRun:
    return run_path(tmp_path_factory.mktemp("county"))


@pytest.fixture
def store(county: PathRun) -> Store:
    opened = open_store(county.db)
    yield opened
    opened.close()


def test_the_steps_go_from_nothing_to_done(county: PathRun) -> None:
    before = {s["key"]: s["status"] for s in county.outputs["setup_before"]["steps"]}
    assert before == {"unit": "todo", "contacts": "todo", "staff": "todo", "accounts": "todo", "calendar": "done",
                      "history": "todo", "first_month": "todo"}
    middle = {s["key"]: s for s in county.outputs["setup_middle"]["steps"]}
    assert county.outputs["setup_middle"]["month"] == MONTH and middle["first_month"]["status"] == "todo"
    assert all(middle[k]["status"] == "done" for k in ("unit", "staff", "accounts", "calendar", "history"))
    after = county.outputs["setup_after"]
    assert after["finished"] and {s["key"]: s["status"] for s in after["steps"]}["contacts"] == "skipped"


def test_staff_with_their_roles(county: PathRun, store: Store) -> None:
    preview, imported = county.outputs["staff_preview"], county.outputs["staff_import"]
    assert not preview["written"] and imported["written"] and imported["created"] == preview["created"] == STAFF_COUNT
    assert imported["merged"] == 1 and len(imported["rejected"]) == 1
    listed = county.outputs["staff_list"]
    assert len(listed) == STAFF_COUNT and all(set(m) >= {"id", "name", "unit", "position", "roles", "no_night",
                                                         "account"} for m in listed)
    jiang = next(m for m in listed if m["name"] == "蒋欣")
    assert jiang["roles"] == ["officer", "standby"] and not jiang["no_night"] and county.outputs["staff_set"]["changed"]
    assert {m["unit"] for m in listed if m["roles"] == ["leader"]} >= {BUREAU}


def test_accounts_for_everyone_with_slips(county: PathRun, store: Store) -> None:
    made = county.outputs["accounts"]
    assert len(made) == STAFF_COUNT and len({a["user"] for a in made}) == STAFF_COUNT
    assert {a["user"] for a in made if a["name"] == "张伟"} == {"zhangwei", "zhangwei2"}
    assert Counter(a["role"] for a in made) == {"officer": 28, "chief": 7, "leader": 8}   # 覃国庆, 陈志强: leaders
    assert all(m.account for m in staff_list(store)) and not any(m["account"] for m in county.outputs["staff_list"])
    slips = (county.folder / "账户通知单.pdf").read_bytes()
    assert check_pdf(slips) == []
    text = squeeze(read_pdf(slips).text)
    assert all(a["user"] in text for a in made) and text.count("首次登录须修改密码") == STAFF_COUNT
    assert all(r["must_change_password"] for r in store.rows("SELECT must_change_password FROM account"
                                                                " WHERE username <> 'admin'"))
    admin = accounts.actor_for(store, store.scalar("SELECT id FROM account WHERE username = 'admin'"))
    assert admin.roles == frozenset({"admin", "office"})


def test_history_in_the_ledger(county: PathRun, store: Store) -> None:
    history = county.outputs["history"]
    assert history["months"] == ["2026-10", "2026-11", "2026-12"] and history["written"]
    assert history["duties"] == county.outputs["history_preview"]["duties"] > 500
    unknown = {u["name"]: u["count"] for u in history["unknown_names"]}
    assert unknown["赵老六"] == 2 and unknown["钱多多"] == 1
    ledger = build_ledger(store, JANUARY[0], load_calendar(store))
    names = dict(store.rows("SELECT id, name FROM person"))
    past = {names[int(p)]: roles["leader"]["total"] for p, roles in ledger.counts.items() if "leader" in roles}
    assert max(past, key=past.get) == FAVOURITE and past[FAVOURITE] > 2 * sorted(past.values())[-2]


def test_january_generated_and_published_continuing_the_history(county: PathRun, store: Store) -> None:
    generated, published = county.outputs["generate"], county.outputs["publish"]
    assert generated["metrics"]["uncovered"] == 0 and generated["metrics"]["violations"] == []
    assert generated["warnings"] == []
    assert published["version"] == 1 and published["duties"] == len(generated["assignments"])
    leaders = Counter(a["name"] for a in generated["assignments"] if a["slot"] == "leader")
    first_days = {a["name"] for a in generated["assignments"] if a["slot"] == "leader" and a["date"] <= "2027-01-03"}
    # The person with by far the most past 带班 is not loaded again first.
    assert FAVOURITE not in first_days
    assert leaders[FAVOURITE] < sum(leaders.values()) / len(leaders)
    in_force = store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE voided_at IS NULL AND duty_date BETWEEN ? AND ?"
                            " AND roster_version_id IS NOT NULL", tuple(d.isoformat() for d in JANUARY))
    assert in_force == published["duties"]


def test_the_week_printout_is_filled(county: PathRun, store: Store) -> None:
    data = (county.folder / "本周值班安排.pdf").read_bytes()
    assert check_pdf(data) == []
    text = squeeze(read_pdf(data).text)
    assert f"{BUREAU}本周值班安排" in text and "未排班" not in text
    week = store.column("SELECT DISTINCT p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
                        " WHERE a.voided_at IS NULL AND a.duty_date BETWEEN ? AND ?",
                        (WEEK.isoformat(), date(2027, 1, 10).isoformat()))
    assert len(week) >= 20 and all(name in text for name in week)


def test_the_setup_guide_reads_the_same(county: PathRun, store: Store) -> None:
    progress = setup_progress(store, TODAY)
    assert progress.finished and progress.month == (2027, 1) and progress.remaining == []
    assert "已发布排班第1版" in progress.step("first_month").detail
