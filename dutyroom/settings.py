"""Settings that matter to the data live in the database: declared here with type, default and label."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dutyroom.errors import ValidationError
from dutyroom.session import Session
from dutyroom.store import Store


def _text(label: str, required: bool = True) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value if value is not None else "").strip()
        if required and not text:
            raise ValidationError(f"“{label}”不能为空。")
        if len(text) > 200:
            raise ValidationError(f"“{label}”过长（最多200字）。")
        return text

    return parse


def _clock_time(label: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value or "").strip().replace("：", ":")
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValidationError(f"“{label}”应为“时:分”格式，例如 08:30。")
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    return parse


def _switch(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "是", "开", "y")
    return bool(value)


def _whole(label: str, low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        try:
            number = int(str(value).strip())
        except ValueError as exc:
            raise ValidationError(f"“{label}”应为整数。") from exc
        if not low <= number <= high:
            raise ValidationError(f"“{label}”应在 {low} 到 {high} 之间。")
        return number

    return parse


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    label: str
    help: str
    parse: Callable[[Any], Any]


SETTINGS: dict[str, Setting] = {
    s.key: s
    for s in (
        Setting("org.name", "县应急管理局", "单位名称", "打印件落款和标题中的单位名称。", _text("单位名称")),
        Setting("org.county", "本县", "县（区）名称", "本级行政区划名称。", _text("县（区）名称")),
        Setting("duty.handover_time", "08:30", "交接班时间", "每日交接班时刻；班次从该时刻起算24小时。",
                _clock_time("交接班时间")),
        Setting("duty.phone", "", "值班电话", "值班室对外值班电话，印在值班表上。", _text("值班电话", False)),
        Setting("duty.fax", "", "传真", "值班室传真号码，印在值班表上。", _text("传真", False)),
        Setting("demo.seed_version", None, "演示数据版本", "演示县数据的版本号（仅演示数据文件）。", int),
        # incident reporting (issue 6)
        Setting("incidents.addressee", "市应急管理局", "信息专报主送单位", "信息专报默认主送的上级单位。",
                _text("信息专报主送单位")),
        Setting("incidents.upper_unit", "市应急管理局总值班室", "上级值班室", "电话报告、报送的默认对象。",
                _text("上级值班室")),
        Setting("incidents.warning_minutes", 5, "时限提醒提前分钟数", "报送时限到期前多少分钟开始提醒。",
                _whole("时限提醒提前分钟数", 1, 60)),
        Setting("incidents.alarm_repeat_seconds", 60, "提醒重复间隔（秒）", "未确认的时限提醒每隔多少秒重复一次。",
                _whole("提醒重复间隔（秒）", 15, 600)),
        Setting("incidents.signoff_on_duty_only", False, "仅本班带班领导可签发",
                "开启后，只有当班的带班领导可以签发信息报告。", _switch),
    )
}


def get(store: Store, key: str) -> Any:
    setting = SETTINGS[key]
    raw = store.scalar("SELECT value FROM setting WHERE key = ?", (key,))
    return setting.default if raw is None else json.loads(raw)


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
    with session.write() as tx:
        for key, value in normalized.items():
            old = tx.conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
            before = SETTINGS[key].default if old is None else json.loads(old[0])
            if old is not None and before == value:
                continue
            tx.execute(
                "INSERT INTO setting(key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (key, json.dumps(value, ensure_ascii=False), tx.at),
            )
            tx.touch("setting")
            tx.audit("setting.set", "setting", key, before={"value": before}, after={"value": value})
    return normalized
