"""The search box: ranking, pinyin (polyphonic surnames), phone fragments, units, tags, scopes, limits."""

from __future__ import annotations

from datetime import date

import pytest

from dutyroom import org
from dutyroom.contacts import people
from dutyroom.contacts.search import (
    TIER_EXACT_NAME,
    TIER_INITIALS_EXACT,
    TIER_PHONE_EXACT,
    TIER_UNIT,
    ContactIndex,
)
from dutyroom.session import Session

TODAY = date(2026, 11, 24)


@pytest.fixture
def county(system: Session) -> dict[str, int]:
    ids: dict[str, int] = {}
    ids["shimen"] = org.create_unit(system, name="石门镇", kind="township", duty_phone="0000-7310001")
    ids["guankou"] = org.create_unit(system, name="关口村", kind="village", parent_id=ids["shimen"])
    ids["water"] = org.create_unit(system, name="县水利局", kind="department", duty_phone="0000-7310002")

    def person(key: str, name: str, unit: str, phones: list[tuple[str, str]], **extra: object) -> None:
        ids[key] = people.create_contact(system, name=name, unit_id=ids[unit], phones=phones, **extra)

    person("zsf", "张三丰", "water", [("mobile", "13800001111"), ("office", "0731-84561234")], position="局长")
    person("zs", "张三", "water", [("mobile", "13900002222")])
    person("zeng", "曾小贤", "shimen", [("mobile", "13700003333")], tags=["防汛责任人"], position="镇长")
    person("shan", "单田芳", "guankou", [("mobile", "13600004444")], tags=["防汛责任人", "灾害信息员"])
    person("zha", "查良镛", "guankou", [("mobile", "13500005555")])
    person("sanfeng", "李三丰", "water", [("short", "6601")])
    return ids


def names(index: ContactIndex, query: str, **options: object) -> list[str]:
    result = index.search(query, **options)
    return [index.entry(p).name for p in result.positions]


def test_exact_name_then_prefix_then_contains(system: Session, county: dict[str, int]) -> None:
    index = ContactIndex.build(system.store, TODAY)
    assert names(index, "张三") == ["张三", "张三丰"]
    assert names(index, "三丰") == ["张三丰", "李三丰"]
    result = index.search("张三")
    assert result.tiers[0] == TIER_EXACT_NAME and result.total == 2


def test_initials_and_full_pinyin_with_polyphonic_surnames(system: Session, county: dict[str, int]) -> None:
    index = ContactIndex.build(system.store, TODAY)
    assert names(index, "zsf")[0] == "张三丰"
    assert index.search("zsf").tiers[0] == TIER_INITIALS_EXACT
    assert names(index, "zxx") == ["曾小贤"]          # 曾 as a surname is zeng, not ceng
    assert names(index, "cxx") == []
    assert names(index, "stf") == ["单田芳"]          # 单 shan, not dan
    assert names(index, "zly") == ["查良镛"]          # 查 zha, not cha
    assert names(index, "zengxiaoxian") == ["曾小贤"]
    assert names(index, "zhangsf")[0] == "张三丰"     # mixed full pinyin and initials
    assert names(index, "ZSF")[0] == "张三丰"
    # given name alone, ranked after names that start with it
    assert set(names(index, "sanfeng")) == {"张三丰", "李三丰"}


def test_phone_fragments_any_format(system: Session, county: dict[str, int]) -> None:
    index = ContactIndex.build(system.store, TODAY)
    assert names(index, "0731-84") == ["张三丰"]
    assert names(index, "8456 1234") == ["张三丰"]
    assert names(index, "０００３３") == ["曾小贤"]      # full-width digits
    assert names(index, "6601") == ["李三丰"]
    assert index.search("13800001111").tiers[0] == TIER_PHONE_EXACT
    # a unit's duty phone finds the unit
    assert names(index, "7310001") == ["石门镇"]


def test_units_tags_and_positions(system: Session, county: dict[str, int]) -> None:
    index = ContactIndex.build(system.store, TODAY)
    found = names(index, "石门镇")
    assert found[0] == "石门镇"                       # the unit itself first (exact name)
    assert set(found[1:]) == {"关口村", "曾小贤", "单田芳", "查良镛"}
    assert index.search("石门镇").tiers[-1] == TIER_UNIT
    assert names(index, "smz")[0] == "石门镇"          # unit pinyin initials
    assert set(names(index, "防汛")) == {"曾小贤", "单田芳"}
    assert names(index, "局长") == ["张三丰"]
    # every term must match: flood-control persons of 石门镇's village
    assert names(index, "关口 防汛") == ["单田芳"]
    assert names(index, "shimen 防汛") == ["曾小贤", "单田芳"]


def test_entries_carry_unit_path_and_phones(system: Session, county: dict[str, int]) -> None:
    index = ContactIndex.build(system.store, TODAY)
    entry = index.entry(index.search("单田芳").positions[0])
    assert entry.unit_path == "石门镇 / 关口村"
    assert entry.main_phone == "13600004444"
    assert entry.tags == ("防汛责任人", "灾害信息员")
    assert entry.stale  # never verified
    assert entry.as_json()["phones"][0] == {"kind": "mobile", "kind_label": "手机", "number": "13600004444"}


def test_a_pick_reports_the_unit_and_the_number_the_digits_found(system: Session, county: dict[str, int]) -> None:
    index = ContactIndex.build(system.store, TODAY)
    zsf = index.entry(index.position_of("person", county["zsf"]))
    assert zsf.unit_name == "县水利局"
    assert zsf.phone_for("zsf") == "13800001111"              # no digits typed: the main number
    assert zsf.phone_for("8456-12") == "0731-84561234"        # the office number the fragment found
    assert zsf.phone_for("13") == "13800001111"               # too few digits to tell
    shan = index.entry(index.position_of("person", county["shan"]))
    assert shan.unit_name == "关口村"


def test_scopes_filters_and_kinds(system: Session, county: dict[str, int]) -> None:
    people.verify_contact(system, county["zeng"])
    people.set_away(system, county["zsf"], date(2026, 11, 20), date(2026, 11, 30), "学习")
    index = ContactIndex.build(system.store, TODAY)
    assert names(index, "", unit_id=county["shimen"]) == ["石门镇", "曾小贤", "关口村", "单田芳", "查良镛"]
    assert names(index, "", unit_id=county["shimen"], kinds=frozenset({"person"})) == ["曾小贤", "单田芳",
                                                                                      "查良镛"]
    assert "曾小贤" not in names(index, "", stale_only=True, kinds=frozenset({"person"}))
    assert names(index, "", away_only=True) == ["张三丰"]
    assert names(index, "", tag="灾害信息员") == ["单田芳"]
    assert names(index, "z", kinds=frozenset({"person"}), unit_id=county["water"]) == ["张三丰", "张三"]
    assert index.entry(index.search("张三丰").positions[0]).away


def test_limit_reports_incomplete_total(system: Session) -> None:
    town = org.create_unit(system, name="大村镇", kind="township")
    for n in range(30):
        people.create_contact(system, name=f"王{'一二三四五六七八九十'[n % 10]}{n}", unit_id=town)
    index = ContactIndex.build(system.store, TODAY)
    result = index.search("王", limit=10)
    assert len(result) == 10 and not result.complete
    full = index.search("王", limit=100)
    assert full.complete and full.total == 30
    assert index.search("没有这个人").total == 0


def test_voided_persons_and_units_are_not_found(system: Session, county: dict[str, int]) -> None:
    people.void_contact(system, county["zs"], "调离")
    index = ContactIndex.build(system.store, TODAY)
    assert names(index, "张三") == ["张三丰"]
    assert index.position_of("person", county["zs"]) is None
    assert index.position_of("person", county["zsf"]) is not None
