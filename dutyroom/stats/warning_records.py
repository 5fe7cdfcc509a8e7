"""The records behind the 预警叫应 figures: the warnings of a type and level, one warning's people to reach, and
the people never reached in a township."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dutyroom.errors import ValidationError
from dutyroom.stats import warning_figures
from dutyroom.stats.charts import Drill
from dutyroom.stats.period import Period
from dutyroom.store import Store


def warning_records(store: Store, period: Period, drill: Drill, now: datetime) -> Any:
    if not warning_figures.available():
        raise ValidationError(warning_figures.MISSING_TEXT)
    raise ValidationError(f"没有这类统计明细：{drill.kind}")
