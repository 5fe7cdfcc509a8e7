"""The list's read side: text search by any part of a name, pages and positions that agree with the full order."""

from __future__ import annotations

import pytest

from dutyroom.incidents import intake, search
from dutyroom.incidents.queries import SORTS, IncidentFilter, IncidentQuery
from tests.incident_helpers import first_call, session_as


def test_tokens_and_queries() -> None:
    singles, pairs, words = search.tokens("青石镇上坪村 G207线 0000-7710001")
    assert singles.split(" , ")[0] == "青 石 镇 上 坪 村" and pairs.startswith("青石 石镇 镇上")
    assert words == "g207 0000 7710001"
    assert search.match_query("青石镇") == 'bi : "青石 石镇"'
    assert search.match_query("煤 g2") == 'uni : "煤" AND word : "g2"*'
    assert search.match_query("，。 ") is None
    assert search.incident_number("2026-012") == (2026, 12) and search.incident_number("2026年") is None


@pytest.fixture
def many(demo_store, clock):
    officer = session_as(demo_store, clock, "zhiban")
    made = []
    for n, (town, village, dead) in enumerate((("白沙镇", "河口村", 0), ("龙潭镇", "龙井村", 4), ("青石镇", "竹园村", 12))):
        made.append(intake.open_incident(officer, first_call(
            demo_store, clock.now(), dead=dead, township=demo_store.scalar("SELECT id FROM org_unit WHERE name = ?", (town,)),
            village=demo_store.scalar("SELECT id FROM org_unit WHERE name = ?", (village,)),
            place_detail=f"测试点{n}", reporter_phone=f"0000-77100{n}9")))
    return made


def matches(store, text: str) -> set[int]:
    return set(IncidentQuery(IncidentFilter(text=text)).ids(store))


def test_search_finds_any_part_and_only_adjacent_pairs(demo_store, many) -> None:
    assert many[2] in matches(demo_store, "竹园") and many[0] not in matches(demo_store, "竹园")
    assert matches(demo_store, "青石镇竹园村") == {many[2]}
    assert matches(demo_store, "园竹") == set()                       # the pairs must be adjacent, in order
    assert matches(demo_store, "龙井 透水") == {many[1]}               # every word must be present
    assert many[1] in matches(demo_store, "井")
    assert matches(demo_store, "7710019") == {many[1]}                 # phone digits by prefix
    number = intake.get_incident(demo_store, many[0])
    assert matches(demo_store, f"{number['year']}-{number['serial']:03d}") == {many[0]}


def test_search_follows_changes(demo_store, clock, many) -> None:
    officer = session_as(demo_store, clock, "zhiban")
    intake.update_facts(officer, many[0], {"unit_name": "示例航运公司"}, note="企业名称核实")
    assert matches(demo_store, "航运") == {many[0]}
    intake.set_title(officer, many[0], "白沙镇码头事故")
    assert matches(demo_store, "码头") == {many[0]}


@pytest.mark.parametrize("sort", list(SORTS))
@pytest.mark.parametrize("descending", [True, False])
def test_pages_and_positions_agree_with_the_full_order(demo_store, many, sort, descending) -> None:
    query = IncidentQuery(IncidentFilter(), sort, descending, "2026-11-24T10:00:00+08:00")
    ids = query.ids(demo_store)
    assert query.count(demo_store) == len(ids) == 8
    paged = [r["id"] for start in range(0, len(ids), 3) for r in query.page(demo_store, start, 3)]
    assert paged == ids
    assert [query.position(demo_store, i) for i in ids] == list(range(len(ids)))


def test_filters(demo_store, clock, many) -> None:
    chief = session_as(demo_store, clock, "zhibanzhang")
    intake.void_incident(chief, many[0], "重复录入")
    assert many[0] not in IncidentQuery().ids(demo_store)
    assert IncidentQuery(IncidentFilter(status="open")).position(demo_store, many[0]) is None
    assert many[0] in IncidentQuery(IncidentFilter(include_voided=True)).ids(demo_store)
    assert set(IncidentQuery(IncidentFilter(grade="II")).ids(demo_store)) == {many[2]}
    clock.advance(hours=1)
    overdue = IncidentQuery(IncidentFilter(status="overdue"), now_iso=clock.now().isoformat()).ids(demo_store)
    assert {many[1], many[2]} <= set(overdue)
    closed = IncidentQuery(IncidentFilter(status="closed")).ids(demo_store)
    assert closed == [demo_store.scalar("SELECT id FROM incident WHERE status = 'closed'")]
