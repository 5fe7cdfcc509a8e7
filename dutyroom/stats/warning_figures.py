"""预警叫应 figures, from the warnings area's own statistics (``dutyroom.warnings.stats``) when that area is part of
this build; until then the view says it is not there."""

from __future__ import annotations

import importlib
import importlib.util
from datetime import datetime
from typing import Any

from dutyroom.stats.period import Period
from dutyroom.store import Store

MODULE = "dutyroom.warnings.stats"
MISSING_TEXT = "预警叫应功能尚未启用：本版本没有预警信息和叫应记录，暂无统计。"


def available() -> bool:
    try:
        return importlib.util.find_spec(MODULE) is not None
    except ModuleNotFoundError:
        return False


def warning_figures(store: Store, period: Period, now: datetime) -> Any | None:
    """The warnings area's statistics of the period, or None when the area is not there."""
    if not available():
        return None
    module = importlib.import_module(MODULE)
    return module.warning_stats(store, period.first, period.last, now)
