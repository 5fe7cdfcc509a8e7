"""Search across all logs: two-character Chinese queries find what they should and nothing else."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from dutyroom.dutylog import textindex
from dutyroom.dutylog.entries import correct_entry, record_entry, void_entry
from dutyroom.dutylog.search import LogQuery, search
from dutyroom.errors import ValidationError
from dutyroom.store import open_store
from tests.dutylog_helpers import call_in_fields, make_room

TEXTS = [
    ("call_in", "配电柜跳闸，机房停电", call_in_fields()),
    ("call_in", "机房空调漏水，已处置", call_in_fields(unit="县水利局", name="李明", phone="0000-8800058")),
    ("warning", "暴雨黄色预警：青石镇、白沙镇", {"issuer": "县气象局", "warning_type": "暴雨", "level": "黄色"}),
    ("other", "值班电话测试正常", {}),
    ("call_out", "电话通知青石镇加强巡查；柜跳闸情况已报", call_in_fields(unit="青石镇", name="赵六")),
]


@pytest.fixture
def logged(store, clock, system):
    room = make_room(store, clock, system)
    ids = []
    for offset, (kind, summary, fields) in enumerate(TEXTS):
        ids.append(record_entry(room.officer, kind, summary=summary, fields=fields,
                                occurred_at=clock.now() - timedelta(minutes=60 - offset)))
    return room, ids


def found(store, **query) -> list[int]:
    return [r["id"] for r in search(store, LogQuery(**query)).rows]


def test_tokens_are_bigrams_with_sentence_breaks() -> None:
    assert textindex.tokens("配电柜跳闸，机房") == ["配电", "电柜", "柜跳", "跳闸", "|", "机房"]
    assert textindex.tokens("A栋3号楼 0000-8800018") == ["a", "栋", "3", "号楼", "|", "0000", "|", "8800018"]
    query = textindex.parse_query("跳闸 闸 8800 A栋")
    assert query.match == 'body : "跳闸" AND chars : "闸" AND body : "8800" * AND chars : "栋"'
    assert query.substrings == ("a栋",)      # the index narrows "A栋" down, a substring check decides
    assert textindex.distinct_hanzi(["跳闸跳", "闸门"]) == "跳 闸 门"


def test_two_character_queries_match_like_a_substring_scan(logged) -> None:
    room, ids = logged
    for text in ("跳闸", "机房", "漏水", "青石", "预警", "巡查", "电话", "配电柜", "机房空调漏水"):
        truth = [ids[i] for i in reversed(range(len(TEXTS)))
                 if text in TEXTS[i][1] or any(text in str(v) for v in TEXTS[i][2].values())]
        assert found(room.store, text=text) == truth, text


def test_a_phrase_never_matches_across_a_sentence_break(logged) -> None:
    room, ids = logged
    # "柜跳闸" appears in entry 4 only; entry 0 has "配电柜跳闸" which also contains it
    assert found(room.store, text="柜跳闸") == [ids[4], ids[0]]
    # "停电机房" is not in any text: entry 0 has "停电" and then, after a comma, "机房"
    assert found(room.store, text="跳闸机房") == [] and found(room.store, text="停电机房") == []


def test_single_characters_numbers_and_several_terms(logged) -> None:
    room, ids = logged
    assert found(room.store, text="闸") == [ids[4], ids[0]]
    assert found(room.store, text="漏") == [ids[1]] and found(room.store, text="柜跳闸，") == [ids[4], ids[0]]
    assert found(room.store, text="8800") == [ids[1]]          # a phone-number fragment
    assert found(room.store, text="机房 空调") == [ids[1]]
    assert found(room.store, text="李明") == [ids[1]]          # the caller's name in the fields


def test_filters_combine(logged) -> None:
    room, ids = logged
    assert found(room.store, kinds=frozenset({"warning"})) == [ids[2]]
    assert found(room.store, person="水利") == [ids[1]]
    assert found(room.store, person="苏宇琪") == list(reversed(ids))   # the recorder
    assert found(room.store, person="赵") == [ids[4]]                  # one character: a surname
    assert found(room.store, person="青石") == [ids[4], ids[0]]        # who it is with, not what was said
    assert found(room.store, text="青石", kinds=frozenset({"call_out"})) == [ids[4]]
    assert found(room.store, first=date(2026, 11, 25)) == []
    assert found(room.store, first=date(2026, 11, 24), last=date(2026, 11, 24), text="漏水") == [ids[1]]
    with pytest.raises(ValidationError, match="开始日期晚于结束日期"):
        search(room.store, LogQuery(first=date(2026, 11, 25), last=date(2026, 11, 24)))


def test_search_follows_corrections_and_voids(logged) -> None:
    room, ids = logged
    correct_entry(room.officer, ids[3], summary="传真机卡纸已修复")
    assert found(room.store, text="测试") == [] and found(room.store, text="卡纸") == [ids[3]]
    void_entry(room.officer, ids[3], "误记")
    assert found(room.store, text="卡纸") == []
    assert found(room.store, text="卡纸", include_voided=True) == [ids[3]]


def test_limit_and_total(logged) -> None:
    room, ids = logged
    result = search(room.store, LogQuery(limit=2))
    assert [r["id"] for r in result.rows] == [ids[4], ids[3]] and result.total == 5 and result.truncated


def test_entries_from_before_the_upgrade_are_indexed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(path, stop_before=4).close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO duty_log_entry(duty_date, occurred_at, kind, summary, recorded_by_name, created_at)"
                 " VALUES ('2026-11-23', '2026-11-23T09:00:00+08:00', 'call_in', '龙潭镇来电报告山体滑坡', '值班员',"
                 " '2026-11-23T09:00:00+08:00')")
    conn.commit()
    conn.close()
    upgraded = open_store(path)
    assert found(upgraded, text="滑坡") == [1] and found(upgraded, text="龙潭") == [1]
    upgraded.close()


def test_index_merging_keeps_results(logged) -> None:
    from dutyroom.dutylog.maintenance import merge_index

    room, ids = logged
    before = found(room.store, text="机房")
    assert merge_index(room.store) >= 1
    assert found(room.store, text="机房") == before == [ids[1], ids[0]]
    assert room.store.scalar("SELECT v FROM duty_log_fts_config WHERE k = 'automerge'") == 0
