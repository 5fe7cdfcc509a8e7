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


def _role_counts(label: str, *, maximum: int = 9) -> Callable[[Any], dict[str, int]]:
    """Counts per duty role, from a dict, JSON text or "leader=1, officer=2" text."""
    from dutyroom.duty.roles import DUTY_ROLES

    def parse(value: Any) -> dict[str, int]:
        if isinstance(value, str):
            text = value.strip()
            try:
                value = json.loads(text) if text.startswith("{") else dict(
                    part.split("=", 1) for part in re.split(r"[,，;；\s]+", text) if part)
            except ValueError:
                raise ValidationError(f"“{label}”格式不对，例如：leader=1, officer=2。") from None
        if not isinstance(value, dict):
            raise ValidationError(f"“{label}”格式不对，例如：leader=1, officer=2。")
        out = {}
        for role, count in value.items():
            role = str(role).strip()
            if role not in DUTY_ROLES:
                raise ValidationError(f"“{label}”中有未知的岗位“{role}”。")
            try:
                number = int(count)
            except (TypeError, ValueError):
                raise ValidationError(f"“{label}”中{DUTY_ROLES[role]}的人数应为整数。") from None
            if not 0 <= number <= maximum:
                raise ValidationError(f"“{label}”中{DUTY_ROLES[role]}应为0到{maximum}。")
            out[role] = number
        return out

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


def _rates(label: str) -> Callable[[Any], dict[str, float]]:
    """Amounts per day type (workday / weekend / holiday), e.g. allowance in 元 or leave in days."""
    kinds = {"workday": "工作日", "weekend": "休息日", "holiday": "法定节假日"}

    def parse(value: Any) -> dict[str, float]:
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                raise ValidationError(f"“{label}”格式不对。") from None
        if not isinstance(value, dict) or set(value) - set(kinds):
            raise ValidationError(f"“{label}”应按工作日、休息日、法定节假日分别填写。")
        out = {}
        for kind in kinds:
            try:
                amount = float(value.get(kind, 0) or 0)
            except (TypeError, ValueError):
                raise ValidationError(f"“{label}”中{kinds[kind]}应为数字。") from None
            if not 0 <= amount <= 100000:
                raise ValidationError(f"“{label}”中{kinds[kind]}应在0到100000之间。")
            out[kind] = amount
        return out

    return parse


def _folder(label: str) -> Callable[[Any], str]:
    """An absolute folder path, or '' for none (whether it is reachable is checked when it is used)."""
    def parse(value: Any) -> str:
        text = str(value if value is not None else "").strip().strip('"')
        if not text:
            return ""
        from pathlib import PureWindowsPath

        if not (text.startswith("/") or PureWindowsPath(text).is_absolute() or text.startswith("\\\\")):
            raise ValidationError(f"“{label}”应为完整的文件夹路径，例如 E:\\DutyRoom备份 或 \\\\服务器\\共享\\备份。")
        if len(text) > 260:
            raise ValidationError(f"“{label}”过长（最多260字）。")
        return text

    return parse


def _switch(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "是", "开", "y")
    return bool(value)


def _whole(label: str, low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValidationError(f"“{label}”应为整数。") from None
        if not low <= number <= high:
            raise ValidationError(f"“{label}”应在{low}到{high}之间。")
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
        # -- roster (issue 3) --
        Setting("roster.slots", {"leader": 1, "chief": 1, "officer": 2, "standby": 2}, "每班岗位人数",
                "1+1+2+N：带班领导、值班长、值班员、备勤的人数。", _role_counts("每班岗位人数")),
        Setting("roster.holiday_slots", {"leader": 2}, "节假日岗位人数",
                "法定节假日当天至少的人数（如双带班），高于平日时生效。", _role_counts("节假日岗位人数")),
        Setting("roster.rest_days", {"leader": 1, "chief": 2, "officer": 2, "standby": 1}, "值班后休息天数",
                "各岗位值班后至少间隔的天数。", _role_counts("值班后休息天数", maximum=14)),
        Setting("roster.max_per_month", 0, "每人每月值班上限", "0表示不限。", _whole("每人每月值班上限", 0, 31)),
        Setting("roster.ledger_months", 12, "公平统计月数",
                "生成排班时计入多少个月的历史值班次数（春节、国庆不受此限）。", _whole("公平统计月数", 1, 60)),
        Setting("roster.comp_leave", {"workday": 0, "weekend": 1, "holiday": 1}, "补休天数（每次值班）",
                "按工作日、休息日、法定节假日分别计算应补休天数。", _rates("补休天数")),
        Setting("roster.allowance", {"workday": 0, "weekend": 0, "holiday": 0}, "值班补助标准（元/次）",
                "不能补休时按次发放的补助，按日期类型分别设置（各地标准不同）。", _rates("值班补助标准")),
        Setting("roster.standby_reach_minutes", 30, "备勤到岗时限（分钟）", "印在排班表上的备勤人员到岗要求。",
                _whole("备勤到岗时限", 5, 240)),
        Setting("roster.officer_split", False, "值班员分白班、夜班",
                "开启后值班员每天分白班（交接班时间起）和夜班（夜班开始时间起至次日交接班），各按每班值班员人数安排；"
                "带班领导、值班长、备勤仍为24小时。已发布的排班按发布时的班制显示。", _switch),
        Setting("roster.night_from", "17:30", "夜班开始时间",
                "值班员分白夜班时，白班从交接班时间到此时刻，夜班从此时刻到次日交接班。", _clock_time("夜班开始时间")),
        Setting("contacts.stale_days", 90, "通讯录核实周期（天）",
                "超过这么多天未核实的通讯录条目标为“待核实”，列入核实清单。", _whole("通讯录核实周期", 7, 3650)),
        Setting("demo.seed_version", None, "演示数据版本", "演示县数据的版本号（仅演示数据文件）。", int),
        Setting("demo.contacts_seed_version", None, "演示通讯录数据版本", "演示县通讯录数据的版本号（仅演示数据文件）。",
                int),
        # duty log, handover and daily report (issue 5)
        Setting("handover.equipment", "电话、传真、卫星电话、视频会商、电脑网络", "交接班设备检查项目",
                "交接班时逐项检查的设备，用顿号分隔。", _item_list("交接班设备检查项目")),
        Setting("handover.open_before_minutes", 120, "交接班可提前办理（分钟）",
                "交班人最早可在交接班时刻之前多少分钟确认交班。", _whole("交接班可提前办理（分钟）", 0, 720)),
        Setting("report.send_to", "", "值班日报报送单位", "值班日报落款上方的“报送”单位，可留空。",
                _text("值班日报报送单位", False)),
        Setting("demo.dutylog_version", None, "演示值班日志版本", "演示县值班日志数据的版本号（仅演示数据文件）。", int),
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
        # backups (issue 12): read by dutyroom/backup/
        Setting("backup.daily_time", "03:00", "每日自动备份时间",
                "每天此时自动备份数据文件；到时电脑未开机或程序未运行的，下次启动后补做。", _clock_time("每日自动备份时间")),
        Setting("backup.after_handover", True, "交接班后自动备份", "每次确认接班后在后台自动备份一次。", _switch),
        Setting("backup.keep_daily", 14, "保留每日备份（天）", "自动备份保留最近这么多天中每天最新的一份。",
                _whole("保留每日备份（天）", 1, 366)),
        Setting("backup.keep_weekly", 8, "保留每周备份（周）", "另保留最近这么多周中每周最新的一份。",
                _whole("保留每周备份（周）", 0, 520)),
        Setting("backup.keep_monthly", 24, "保留每月备份（月）", "另保留最近这么多个月中每月最新的一份。",
                _whole("保留每月备份（月）", 0, 600)),
        Setting("backup.second_folder", "", "第二备份位置",
                "U盘或网络共享上的文件夹：每份备份校验通过后再复制一份到这里，以防本机硬盘损坏。留空表示不使用。",
                _folder("第二备份位置")),
        Setting("backup.warn_days", 2, "备份过期提醒（天）",
                "最近一份校验通过的备份早于这么多天时，今日值班页显示提醒。", _whole("备份过期提醒（天）", 1, 60)),
    )
}


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
    _check_together(session.store, normalized)
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
