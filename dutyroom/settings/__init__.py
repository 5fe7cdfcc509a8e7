"""Settings that matter to the data live in the database; each area declares its own (key, default,
label, check) in its ``area.py``, and this module reads and writes them."""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any

from dutyroom import areas
from dutyroom.areas import Collected, Setting
from dutyroom.errors import ValidationError
from dutyroom.session import Session
from dutyroom.store import Store

__all__ = ["SETTINGS", "Setting", "get", "get_many", "set_many", "set_value"]

SETTINGS: Mapping[str, Setting] = Collected(areas.settings)


def _check_together(store: Store, changed: dict[str, Any]) -> None:
    """Rules between settings: the night part of a split officer day must start after the handover."""
    if {"duty.handover_time", "roster.night_from"} & set(changed):
        handover = changed.get("duty.handover_time", get(store, "duty.handover_time"))
        night_from = changed.get("roster.night_from", get(store, "roster.night_from"))
        if handover == night_from:
            raise ValidationError(f"夜班开始时间不能与交接班时间（{handover}）相同，否则白班或夜班长度为零。")


def get(store: Store, key: str) -> Any:
    setting = SETTINGS[key]
    raw = store.scalar("SELECT value FROM setting WHERE key = ?", (key,))
    return copy.deepcopy(setting.default) if raw is None else json.loads(raw)


def get_many(store: Store, *keys: str) -> dict[str, Any]:
    return {key: get(store, key) for key in keys}


def set_value(session: Session, key: str, value: Any) -> Any:
    return set_many(session, {key: value})[key]


def set_many(session: Session, values: dict[str, Any]) -> dict[str, Any]:
    """Change several settings in one transaction; any invalid value changes nothing."""
    session.require("settings.edit")
    normalized = {}
    for key, value in values.items():
        if key not in SETTINGS:
            raise ValidationError(f"未知的设置项：{key}")
        normalized[key] = SETTINGS[key].parse(value)
    _check_together(session.store, normalized)
    with session.write() as tx:
        for key, value in normalized.items():
            old = tx.scalar("SELECT value FROM setting WHERE key = ?", (key,))
            before = SETTINGS[key].default if old is None else json.loads(old)
            if before == value:
                continue
            stored = json.dumps(value, ensure_ascii=False)
            tx.upsert("setting", {"key": key, "value": stored, "updated_at": tx.at}, key=("key",))
            tx.audit("setting.set", "setting", key, before={"value": before}, after={"value": value})
    return normalized
