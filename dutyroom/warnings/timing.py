"""When an act took place: now, or a few minutes earlier (``--at``, 补记) within the set window."""

from __future__ import annotations

from datetime import datetime, timedelta

from dutyroom import settings
from dutyroom.clock import parse_iso, to_cst
from dutyroom.errors import ValidationError
from dutyroom.session import Session

FUTURE_TOLERANCE = timedelta(minutes=1)


def moment(text: str) -> str:
    """"11月24日 09:30" for messages."""
    when = parse_iso(text)
    return f"{when.month}月{when.day}日 {when:%H:%M}"


def act_time(session: Session, at: datetime | None, *, not_before: str | None = None, what: str = "",
             field: str = "at") -> datetime:
    """The time of an act: ``at`` (default now), no later than now and no earlier than the back-dating window
    allows or than ``not_before`` (an ISO time: the record the act belongs to)."""
    now = session.now()
    when = to_cst(at or now).replace(microsecond=0)
    if when > now + FUTURE_TOLERANCE:
        raise ValidationError(f"时间（{when:%m月%d日 %H:%M}）晚于当前时间，请核对。", field=field)
    window = int(settings.get(session.store, "warnings.backdate_minutes"))
    if now - when > timedelta(minutes=window):
        raise ValidationError(f"只能补记{window}分钟以内的时间（设置“叫应补记时间”），请核对时间。", field=field)
    if not_before is not None and when < parse_iso(not_before):
        raise ValidationError(f"时间不能早于{what}（{moment(not_before)}）。", field=field)
    return when
