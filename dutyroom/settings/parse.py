"""Checking a setting's value as typed or stored: each returns the clean value or refuses in Chinese."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PureWindowsPath
from typing import Any

from dutyroom.errors import ValidationError
from dutyroom.jsontext import load_json


def text(label: str, required: bool = True) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value if value is not None else "").strip()
        if required and not text:
            raise ValidationError(f"“{label}”不能为空。")
        if len(text) > 200:
            raise ValidationError(f"“{label}”过长（最多200字）。")
        return text

    return parse


def clock_time(label: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        text = str(value or "").strip().replace("：", ":")
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
        if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
            raise ValidationError(f"“{label}”应为“时:分”格式，例如 08:30。")
        return f"{int(match.group(1)):02d}:{match.group(2)}"

    return parse


def role_counts(label: str, *, maximum: int = 9) -> Callable[[Any], dict[str, int]]:
    """Counts per duty role, from a dict, JSON text or "leader=1, officer=2" text."""
    from dutyroom.duty.roles import DUTY_ROLES

    def parse(value: Any) -> dict[str, int]:
        if isinstance(value, str):
            text = value.strip()
            try:
                value = load_json(text, f"“{label}”") if text.startswith("{") else dict(
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


def item_list(label: str) -> Callable[[Any], str]:
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


def rates(label: str) -> Callable[[Any], dict[str, float]]:
    """Amounts per day type (workday / weekend / holiday), e.g. allowance in 元 or leave in days."""
    from dutyroom.roster.calendar import RATE_DAY_KINDS

    kinds = RATE_DAY_KINDS

    def parse(value: Any) -> dict[str, float]:
        if isinstance(value, str):
            value = load_json(value, f"“{label}”")
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


def switch(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "是", "开", "y")
    return bool(value)


def whole(label: str, low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValidationError(f"“{label}”应为整数。") from None
        if not low <= number <= high:
            raise ValidationError(f"“{label}”应在{low}到{high}之间。")
        return number

    return parse


def folder(label: str) -> Callable[[Any], str]:
    """An absolute folder path (local, a drive letter or a \\\\server\\share), or '' for none.

    Whether the folder can be reached is checked when it is used: a USB stick may be out today.
    """
    def parse(value: Any) -> str:
        text = str(value if value is not None else "").strip().strip('"')
        if not text:
            return ""
        if not (text.startswith(("/", "\\\\")) or PureWindowsPath(text).is_absolute()):
            raise ValidationError(f"“{label}”应为完整的文件夹路径，例如 E:\\DutyRoom备份 或 \\\\服务器\\共享\\备份。")
        if len(text) > 260:
            raise ValidationError(f"“{label}”过长（最多260字）。")
        return text

    return parse
