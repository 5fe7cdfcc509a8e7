"""The period a statistic covers: a month, a quarter, a year or any range of whole days (Beijing time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from dutyroom.clock import CST, iso
from dutyroom.errors import ValidationError

MAX_DAYS = 20 * 366          # twenty years: any longer range is a typing mistake
QUARTER_NAMES = ("第一季度", "第二季度", "第三季度", "第四季度")
DAY_BUCKET_MAX = 62          # up to two months a time series goes by day, longer ones by month


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"


def month_last(year: int, month: int) -> date:
    following = date(year + (month == 12), month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    kind: PeriodKind = PeriodKind.RANGE

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValidationError(f"统计期间的结束日期（{self.last}）早于开始日期（{self.first}）。")
        if (self.last - self.first).days >= MAX_DAYS:
            raise ValidationError("统计期间不能超过20年。")

    # -- the four ways to name one ----------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        _check_year(year)
        if not 1 <= month <= 12:
            raise ValidationError(f"月份应为1到12（不是{month}）。")
        return cls(date(year, month, 1), month_last(year, month), PeriodKind.MONTH)

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        _check_year(year)
        if not 1 <= quarter <= 4:
            raise ValidationError(f"季度应为1到4（不是{quarter}）。")
        first_month = 3 * quarter - 2
        return cls(date(year, first_month, 1), month_last(year, first_month + 2), PeriodKind.QUARTER)

    @classmethod
    def year(cls, year: int) -> Period:
        _check_year(year)
        return cls(date(year, 1, 1), date(year, 12, 31), PeriodKind.YEAR)

    @classmethod
    def between(cls, first: date, last: date) -> Period:
        return cls(first, last, PeriodKind.RANGE)

    # -- reading it ----------------------------------------------------------------------------
    @property
    def label(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.first.year}年{self.first.month}月"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.first.year}年{QUARTER_NAMES[(self.first.month - 1) // 3]}"
        if self.kind == PeriodKind.YEAR:
            return f"{self.first.year}年"
        return f"{_day(self.first)}至{_day(self.last)}"

    @property
    def range_text(self) -> str:
        return f"{_day(self.first)}至{_day(self.last)}"

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def by_day(self) -> bool:
        """Whether a time series over this period goes day by day (else month by month)."""
        return self.days <= DAY_BUCKET_MAX

    def start_iso(self) -> str:
        """The first moment of the period, as stored timestamps are written (+08:00)."""
        return iso(datetime.combine(self.first, time(0), tzinfo=CST))

    def end_iso(self) -> str:
        """The first moment after the period."""
        return iso(datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=CST))

    def months(self) -> list[str]:
        """``YYYY-MM`` of every month the period touches, in order."""
        out, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def dates(self) -> list[str]:
        return [(self.first + timedelta(days=n)).isoformat() for n in range(self.days)]

    def buckets(self) -> list[str]:
        """The keys of a time series: dates when ``by_day``, else months."""
        return self.dates() if self.by_day else self.months()

    def as_json(self) -> dict[str, str]:
        return {"kind": str(self.kind), "first": self.first.isoformat(), "last": self.last.isoformat(),
                "label": self.label}

    def file_stem(self) -> str:
        if self.kind == PeriodKind.MONTH:
            return f"{self.first:%Y%m}"
        if self.kind == PeriodKind.YEAR:
            return f"{self.first:%Y}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.first:%Y}Q{(self.first.month - 1) // 3 + 1}"
        return f"{self.first:%Y%m%d}-{self.last:%Y%m%d}"


def bucket_label(key: str) -> str:
    """"2026-11" → "2026年11月"; "2026-11-24" → "11月24日"."""
    if len(key) == 7:
        return f"{key[:4]}年{int(key[5:])}月"
    return f"{int(key[5:7])}月{int(key[8:])}日"


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2100:
        raise ValidationError(f"年份应在2000到2100之间（不是{year}）。")


def parse_period(month: str | None = None, year: int | None = None, first: date | None = None,
                 last: date | None = None) -> Period:
    """The period the command line names: ``--month YYYY-MM``, ``--year YYYY`` or ``--from D --to D``."""
    given = [month is not None, year is not None, first is not None or last is not None]
    if sum(given) != 1:
        raise ValidationError("请指定统计期间：--month YYYY-MM、--year YYYY 或 --from 日期 --to 日期（三选一）。")
    if month is not None:
        try:
            year_text, month_text = month.split("-")
            return Period.month(int(year_text), int(month_text))
        except ValueError:
            raise ValidationError(f"月份“{month}”格式不对，应为 YYYY-MM，例如 2026-11。") from None
    if year is not None:
        return Period.year(year)
    if first is None or last is None:
        raise ValidationError("--from 和 --to 须同时指定。")
    return Period.between(first, last)
