"""The saved copy of the contact index: used only while it matches the store, rebuilt on any change."""

from __future__ import annotations

import sqlite3
from datetime import date

import pytest

from dutyroom import org
from dutyroom.contacts import index_cache, people
from dutyroom.contacts.search import ContactIndex
from dutyroom.session import Session
from dutyroom.store import Store

TODAY = date(2026, 11, 24)


@pytest.fixture
def contacts(system: Session) -> dict[str, int]:
    unit = org.create_unit(system, name="石门镇", kind="township", duty_phone="0000-7310001")
    return {"unit": unit,
            "zsf": people.create_contact(system, name="张三丰", unit_id=unit, phones=[("mobile", "10000001111")]),
            "li": people.create_contact(system, name="李四", unit_id=unit, phones=[("mobile", "10000002222")])}


def names(index: ContactIndex, query: str) -> list[str]:
    return [index.entry(p).name for p in index.search(query).positions]


def refuse_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def build(*_args: object, **_kwargs: object) -> ContactIndex:
        raise AssertionError("the index was built although the saved copy is current")

    monkeypatch.setattr(ContactIndex, "build", build)


def test_first_use_builds_and_saves_then_the_copy_is_used(store: Store, contacts: dict[str, int],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    built = index_cache.load_or_build(store, TODAY)
    assert index_cache.cache_path(store).is_file()
    refuse_build(monkeypatch)
    loaded = index_cache.load_or_build(store, TODAY)
    assert loaded.rows == built.rows
    assert names(loaded, "zsf") == ["张三丰"] and names(loaded, "2222") == ["李四"]


def test_any_change_to_the_data_makes_it_rebuild(system: Session, store: Store, contacts: dict[str, int]) -> None:
    index_cache.load_or_build(store, TODAY)
    people.update_contact(system, contacts["li"], name="李思远")
    assert names(index_cache.load_or_build(store, TODAY), "李") == ["李思远"]
    people.void_contact(system, contacts["zsf"], "调离")
    assert names(index_cache.load_or_build(store, TODAY), "张三丰") == []


def test_a_copy_from_another_day_is_used_with_todays_flags(system: Session, store: Store, contacts: dict[str, int],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    people.set_away(system, contacts["li"], date(2026, 11, 25), date(2026, 11, 27), "市里开会")
    people.verify_contact(system, contacts["zsf"])   # verified today (2026-11-24)
    threshold = index_cache.stale_days(store)
    index_cache.load_or_build(store, TODAY)
    with monkeypatch.context() as patched:
        refuse_build(patched)
        later = index_cache.load_or_build(store, date.fromordinal(TODAY.toordinal() + threshold + 1))
        away_day = index_cache.load_or_build(store, date(2026, 11, 26))
    fresh = ContactIndex.build(store, date(2026, 11, 26))
    assert away_day.rows == fresh.rows
    li, zsf = (away_day.entry(away_day.position_of("person", contacts[k])) for k in ("li", "zsf"))
    assert li.away and not zsf.away and not zsf.stale
    assert later.entry(later.position_of("person", contacts["zsf"])).stale


def test_another_staleness_threshold_makes_it_rebuild(system: Session, store: Store, contacts: dict[str, int]) -> None:
    from dutyroom import settings

    people.verify_contact(system, contacts["zsf"])
    index_cache.load_or_build(store, TODAY)
    settings.set_value(system, "contacts.stale_days", 7)
    later = index_cache.load_or_build(store, date(2026, 12, 2))
    assert later.entry(later.position_of("person", contacts["zsf"])).stale


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", None])
def test_a_damaged_copy_is_ignored(store: Store, contacts: dict[str, int], damage: bytes | None) -> None:
    expected = index_cache.load_or_build(store, TODAY).rows
    path = index_cache.cache_path(store)
    path.write_bytes(path.read_bytes()[:1000] if damage is None else damage)
    assert index_cache.load_or_build(store, TODAY).rows == expected
    assert index_cache.load_or_build(store, TODAY).rows == expected   # and a good copy was written again


def test_a_copy_that_cannot_be_written_is_not_an_error(store: Store, contacts: dict[str, int]) -> None:
    index_cache.cache_path(store).mkdir()   # in the way: neither readable as a file nor replaceable
    assert names(index_cache.load_or_build(store, TODAY), "张三丰") == ["张三丰"]
    assert not list(store.path.parent.glob("*.tmp"))


def test_work_elsewhere_keeps_the_copy_and_any_write_to_the_tree_drops_it(
        system: Session, store: Store, contacts: dict[str, int], monkeypatch: pytest.MonkeyPatch) -> None:
    from dutyroom.auth import accounts

    index_cache.load_or_build(store, TODAY)
    accounts.create_account(system, username="zhiban2", password="Duty2026pw", display_name="值班员",
                            roles=["officer"], must_change=False)
    with monkeypatch.context() as patched:
        refuse_build(patched)
        index_cache.load_or_build(store, TODAY)   # an account is not part of the contact tree
    bypass = sqlite3.connect(store.path)   # even a write that bypasses DutyRoom altogether
    bypass.execute("UPDATE person_phone SET number = '10000009999' WHERE person_id = ?", (contacts["li"],))
    bypass.commit()
    bypass.close()
    assert names(index_cache.load_or_build(store, TODAY), "9999") == ["李四"]
