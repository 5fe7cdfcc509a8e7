"""Shared helpers for incident tests: a believable first call on the demo county, sessions by role."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from dutyroom.auth import accounts
from dutyroom.clock import iso
from dutyroom.session import Session
from dutyroom.store import Store


def unit_id(store: Store, name: str) -> int:
    return int(store.scalar("SELECT id FROM org_unit WHERE name = ?", (name,)))


def first_call(store: Store, now: datetime, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "received_at": iso(now - timedelta(minutes=5)), "channel": "电话", "reporter_unit": "青石镇应急办",
        "reporter_name": "王建国", "reporter_phone": "0000-7710001", "occurred_at": iso(now - timedelta(minutes=30)),
        "township": unit_id(store, "青石镇"), "village": unit_id(store, "上坪村"), "place_detail": "示例煤矿主井",
        "category": "事故灾难", "subtype": "工矿商贸生产安全事故", "accident_type": "透水",
        "unit_name": "示例煤业有限公司", "unit_nature": "民营企业", "unit_industry": "煤矿",
        "description": "井下透水，当班作业人员部分被困。", "progress": "正在救援",
    }
    values.update(overrides)
    return values


def session_as(store: Store, clock: Any, username: str) -> Session:
    account_id = store.scalar("SELECT id FROM account WHERE username = ?", (username,))
    return Session(store, accounts.actor_for(store, account_id), clock)


def counts(store: Store) -> dict[str, int]:
    tables = ("incident", "incident_call", "incident_obligation", "incident_report", "duty_log_entry", "audit_log",
              "obligation_alert", "rule_set")
    return {t: int(store.scalar(f"SELECT COUNT(*) FROM {t}")) for t in tables}


def obligations(store: Store, incident_id: int, status: str | None = "open") -> dict[str, dict[str, Any]]:
    sql = "SELECT * FROM incident_obligation WHERE incident_id = ?" + (" AND status = ?" if status else "")
    params: tuple[Any, ...] = (incident_id, status) if status else (incident_id,)
    return {r["step"]: dict(r) for r in store.rows(sql + " ORDER BY id", params)}
