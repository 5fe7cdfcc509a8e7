"""One lookup for every form that picks a person: name, pinyin (polyphonic surnames right), phone, unit."""

from __future__ import annotations

from dutyroom import org
from dutyroom.contacts.lookup import find_people
from dutyroom.dutylog.people import find_people as log_find
from dutyroom.session import Session


def make(system: Session) -> dict[str, int]:
    town = org.create_unit(system, name="石门镇", kind="township")
    return {
        "曾小贤": org.create_person(system, name="曾小贤", unit_id=town, phones=[("mobile", "13800001111")]),
        "单田芳": org.create_person(system, name="单田芳", phones=[("office", "0731-84561234")]),
        "曾国": org.create_person(system, name="曾国", unit_id=town),
        "张三": org.create_person(system, name="张三"),
    }


def names(found) -> list[str]:
    return [f.name for f in found]


def test_ranking_and_keys(system: Session) -> None:
    make(system)
    store = system.store
    assert names(find_people(store, "曾小贤")) == ["曾小贤"]
    assert names(find_people(store, "曾")) == ["曾小贤", "曾国"]
    assert names(find_people(store, "zxx")) == ["曾小贤"]          # 曾 as a surname reads zeng
    assert names(find_people(store, "std")) == [] and names(find_people(store, "stf")) == ["单田芳"]
    assert names(find_people(store, "zengg")) == ["曾国"]
    assert names(find_people(store, "石门")) == ["曾小贤", "曾国"]
    hit = find_people(store, "0731-8456")
    assert names(hit) == ["单田芳"] and hit[0].phone == "0731-84561234"
    assert find_people(store, "1111")[0].phone == "13800001111"
    assert find_people(store, "  ") == []


def test_voided_people_are_not_offered(system: Session) -> None:
    ids = make(system)
    org.void_person(system, ids["张三"], "调离")
    assert find_people(system.store, "张三") == []


def test_duty_log_picker_uses_the_same_lookup(system: Session) -> None:
    make(system)
    assert [m.name for m in log_find(system.store, "zxx")] == ["曾小贤"]
