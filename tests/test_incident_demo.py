"""The demo county's incidents: believable states, fictional numbers, seeded once."""

from __future__ import annotations

import json

from dutyroom import audit
from dutyroom.clock import FixedClock
from dutyroom.demo.seed import seed_demo
from tests.conftest import NOW


def test_demo_incidents_show_every_state(demo_store) -> None:
    rows = demo_store.rows("SELECT id, status, category, grade, level FROM incident ORDER BY id")
    assert len(rows) == 5
    assert {r["status"] for r in rows} == {"open", "closed"}
    assert {r["category"] for r in rows} >= {"事故灾难", "自然灾害", "公共卫生事件"}
    assert any(r["grade"] == "III" for r in rows) and any(r["level"] != r["grade"] for r in rows)
    states = {(r["form"], r["status"]) for r in demo_store.rows("SELECT form, status FROM incident_report")}
    assert states == {("special", "sent"), ("special", "draft"), ("disaster", "sent")}
    assert demo_store.scalar("SELECT COUNT(*) FROM incident_obligation WHERE status = 'open'") >= 5
    assert demo_store.scalar("SELECT COUNT(*) FROM incident_obligation WHERE status = 'met'") >= 10
    for row in demo_store.rows("SELECT facts_json FROM incident"):
        facts = json.loads(row[0])
        for key in ("reporter_phone", "commander_phone"):
            assert not facts.get(key) or facts[key].startswith(("0000-", "1000000")), facts[key]


def test_demo_incidents_are_seeded_once(demo_store) -> None:
    tables = ("incident", "incident_call", "incident_obligation", "incident_report", "audit_log")
    before = {t: demo_store.scalar(f"SELECT COUNT(*) FROM {t}") for t in tables}
    seed_demo(demo_store, FixedClock(NOW))
    assert {t: demo_store.scalar(f"SELECT COUNT(*) FROM {t}") for t in tables} == before
    assert audit.verify(demo_store).ok
