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


def _item_list(label: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        items = [p for p in (x.strip() for x in re.split(r"[、,，;；\s]+", str(value or ""))) if p]
        if not items:
            raise ValidationError(f"“{label}”至少要有一项，各项用顿号分隔。")
        if len(items) != len(set(items)):
            raise ValidationError(f"“{label}”中有重复的项目。")
        if any(len(item) > 20 for item in items) or len(items) > 20:
            raise ValidationError(f"“{label}”最多20项，每项不超过20字。")
        return "、".join(items)

    return parse


def _whole_number(label: str, low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        text = str(value if value is not None else "").strip()
        if not re.fullmatch(r"\d+", text) or not low <= int(text) <= high:
            raise ValidationError(f"“{label}”应为 {low} 到 {high} 之间的整数。")
        return int(text)

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
        # duty log, handover and daily report (issue 5)
        Setting("handover.equipment", "电话、传真、卫星电话、视频会商、电脑网络", "交接班设备检查项目",
                "交接班时逐项检查的设备，用顿号分隔。", _item_list("交接班设备检查项目")),
        Setting("handover.open_before_minutes", 120, "交接班可提前办理（分钟）",
                "交班人最早可在交接班时刻之前多少分钟确认交班。", _whole_number("交接班可提前办理（分钟）", 0, 720)),
        Setting("report.send_to", "", "值班日报报送单位", "值班日报落款上方的“报送”单位，可留空。",
                _text("值班日报报送单位", False)),
        Setting("demo.dutylog_version", None, "演示值班日志版本", "演示县值班日志数据的版本号（仅演示数据文件）。", int),
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
