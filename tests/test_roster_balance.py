"""补休 that balances (owed by duties, taken by approved 补休, the balance carried from period to period) and the
money (值班补助 by day type, 误餐, 备勤 call-outs from the duty log) — computed by hand beside the code, and in
the statistics export."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from dutyroom import org, settings
from dutyroom.auth import accounts
from dutyroom.clock import CST
from dutyroom.dutylog.entries import record_entry
from dutyroom.errors import ValidationError
from dutyroom.roster import balance, leave, planning, publishing
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.exports import STATS_MONEY_HEADER, statistics_xlsx
from dutyroom.roster.stats import statistics
from dutyroom.session import Session
from tests.dutylog_helpers import PASSWORD

D = date.fromisoformat
NOV, DEC = planning.month_range(2026, 11), planning.month_range(2026, 12)
RATES = {"roster.comp_leave": {"workday": 0, "weekend": 1, "holiday": 1},
         "roster.allowance": {"workday": 50, "weekend": 100, "holiday": 150},
         "roster.meal_allowance": 30, "roster.callout_allowance": 80}


@pytest.fixture
def rostered(system) -> dict[str, list[int]]:
    """A bureau with November and December published and the rates set."""
    settings.set_many(system, RATES)
    people: dict[str, list[int]] = {"leader": [], "chief": [], "officer": []}
    for role, count in (("leader", 6), ("chief", 6), ("officer", 16)):
        for n in range(count):
            roles = [role] if role == "leader" else [role, "standby"]
            people[role].append(org.create_person(system, name=f"{role}{n}", is_staff=True, duty_roles=roles,
                                                  phones=[("mobile", f"10000{'lco'.index(role[0])}{n:05d}")]))
    for month in (NOV, DEC):
        planning.generate(system, *month)
        publishing.publish(system, *month, accept_issues=True)
    return people


def by_hand(store, person_id: int, first: date, last: date) -> tuple[float, float, float]:
    """(补休 owed, 值班补助, 误餐) of the person's duties on site, from RATES."""
    calendar = load_calendar(store)
    owed = pay = meals = 0.0
    for (day,) in store.rows("SELECT duty_date FROM duty_assignment WHERE person_id = ? AND voided_at IS NULL"
                             " AND role <> 'standby' AND duty_date BETWEEN ? AND ?",
                             (person_id, first.isoformat(), last.isoformat())):
        info = calendar.info(D(day))
        kind = "holiday" if info.is_holiday else "weekend" if info.kind == "weekend" else "workday"
        owed += RATES["roster.comp_leave"][kind]
        pay += RATES["roster.allowance"][kind]
        meals += RATES["roster.meal_allowance"]
    return owed, pay, meals


def test_comp_leave_owed_taken_and_balance_carried(system, rostered) -> None:
    store = system.store
    person = max(rostered["officer"], key=lambda p: (balance.owed_by_person(store, *NOV).get(p, 0), -p))
    owed_nov, _, _ = by_hand(store, person, *NOV)
    owed_dec, _, _ = by_hand(store, person, *DEC)
    assert owed_nov >= 2
    assert balance.comp_balance(store, person, D("2026-11-30")) == owed_nov
    # The office enters 补休 already taken (a past workday), then the person asks for another day in December.
    office_account = accounts.create_account(system, username="bangong", password=PASSWORD, display_name="办公室",
                                             roles=["office"], must_change=False)
    office = Session(store, accounts.actor_for(store, office_account), system.clock)
    leave.record_comp_leave(office, person, D("2026-11-23"), D("2026-11-23"), "补11月1日值班")
    assert balance.comp_balance(store, person, D("2026-11-30")) == owed_nov - 1
    workday = next(d for d in (D(f"2026-12-{n:02d}") for n in range(14, 31))
                   if not load_calendar(store).info(d).is_rest and not store.scalar(
                       "SELECT 1 FROM duty_assignment WHERE person_id = ? AND duty_date = ? AND voided_at IS NULL",
                       (person, d.isoformat())))
    asked = leave.request_leave(office, person, "comp_leave", workday, workday, "补休")
    # Pending 补休 is already reserved: asking for more than is left is refused.
    left = balance.comp_balance(store, person, workday)
    assert left == owed_nov + by_hand(store, person, D("2026-12-01"), workday)[0] - 2
    with pytest.raises(ValidationError, match="补休结余为"):
        leave.request_leave(office, person, "comp_leave", D("2027-01-04"), D("2027-01-29"), "补休")
    leave.approve_request(office, asked)
    nov = balance.comp_balances(store, *NOV)[person]
    dec = balance.comp_balances(store, *DEC)[person]
    assert (nov.opening, nov.owed, nov.taken, nov.closing) == (0, owed_nov, 1, owed_nov - 1)
    assert (dec.opening, dec.owed, dec.taken, dec.closing) == (owed_nov - 1, owed_dec, 1, owed_nov + owed_dec - 2)
    # The statistics export shows the same figures, month and year.
    doc = statistics(store, 2026, 12)
    stats = next(p for p in doc.people if p.person_id == person)
    assert (stats.comp_opening, stats.comp_leave, stats.comp_taken, stats.comp_balance) == \
        (dec.opening, dec.owed, dec.taken, dec.closing)
    sheet = load_workbook(io.BytesIO(statistics_xlsx(doc))).active
    header = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "姓名")
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == stats.name)
    shown = dict(zip(header, row, strict=True))
    assert [shown[h] for h in STATS_MONEY_HEADER[:4]] == [dec.opening, dec.owed, dec.taken, dec.closing]
    year = next(p for p in statistics(store, 2026).people if p.person_id == person)
    assert (year.comp_opening, year.comp_taken, year.comp_balance) == (0, 2, owed_nov + owed_dec - 2)


def test_allowances_from_rates_and_duty_log_callouts(system, rostered, clock) -> None:
    store = system.store
    standby = store.one("SELECT person_id, duty_date FROM duty_assignment WHERE role = 'standby' AND voided_at IS NULL"
                        " AND duty_date = '2026-12-03' ORDER BY position")
    person, day = standby["person_id"], D(standby["duty_date"])
    name = store.scalar("SELECT name FROM person WHERE id = ?", (person,))
    officer_account = accounts.create_account(system, username="zhiban", password=PASSWORD, display_name="值班员",
                                              roles=["officer"], must_change=False)
    officer = Session(store, accounts.actor_for(store, officer_account), clock)
    clock.set(datetime(2026, 12, 3, 22, 0, tzinfo=CST))
    fields = {"name": name, "phone": "10000000001"}
    # Two calls to the standby person that night (picked, then typed): one call-out; a call to someone else: none.
    record_entry(officer, "call_out", summary="通知备勤人员到岗", fields=fields, person_id=person)
    record_entry(officer, "call_out", summary="再次催促到岗", fields=fields)
    record_entry(officer, "call_out", summary="询问水库情况", fields={"name": "某水库管理员", "phone": "10000000002"})
    assert balance.callouts(store, *DEC) == {person: [day]}
    money = balance.allowances(store, *DEC)
    _, pay, meals = by_hand(store, person, *DEC)
    got = money[person]
    assert (got.duty, got.meals, got.callouts, got.callout_pay) == (pay, meals, 1, 80)
    assert got.total == pay + meals + 80
    everyone = sum(m.total for m in money.values())
    assert everyone == pytest.approx(sum(sum(by_hand(store, p, *DEC)[1:]) for ids in rostered.values() for p in ids) + 80)
    stats = next(p for p in statistics(store, 2026, 12).people if p.person_id == person)
    assert (stats.allowance, stats.meals, stats.callouts, stats.callout_pay, stats.money) == \
        (pay, meals, 1, 80, got.total)
    # A rate changed in the settings changes the money, nothing else.
    settings.set_many(system, {"roster.callout_allowance": 100})
    assert balance.allowances(store, *DEC)[person].callout_pay == 100
