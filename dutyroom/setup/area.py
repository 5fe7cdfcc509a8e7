"""The setup guide (开通向导): which of its steps the office chose to do later."""

from __future__ import annotations

import re
from typing import Any

from dutyroom.areas import Declaration, Setting
from dutyroom.errors import ValidationError


def _step_keys(value: Any) -> list[str]:
    from dutyroom.setup.steps import STEP_KEYS

    if isinstance(value, str):       # "contacts, history" as typed, or a list as text ("['contacts']")
        value = re.findall(r"[A-Za-z_]+", value)
    if not isinstance(value, list | tuple):
        raise ValidationError("“跳过的开通步骤”应为步骤名称的列表。")
    keys = [str(v).strip() for v in value]
    unknown = [k for k in keys if k not in STEP_KEYS]
    if unknown:
        raise ValidationError(f"没有名为“{'、'.join(unknown)}”的开通步骤（可用：{'、'.join(STEP_KEYS)}）。")
    return [k for k in STEP_KEYS if k in keys]


DECLARATION = Declaration(
    settings=(
        Setting("setup.skipped", [], "跳过的开通步骤",
                "开通向导中选择“以后再做”的步骤；今日值班的开通清单不再列出它们。", _step_keys),
    ),
)
