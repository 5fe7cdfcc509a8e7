"""All figures of a period in one read: what the page shows, the printout prints, the .xlsx holds and
``dutyroom stats show --json`` prints."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from dutyroom import settings
from dutyroom.stats.duties import DutyFigures, duty_figures
from dutyroom.stats.logbook import LogFigures, log_figures
from dutyroom.stats.period import Period
from dutyroom.stats.reporting import ReportingFigures, reporting_figures
from dutyroom.stats.verification import VerificationFigures, verification_figures
from dutyroom.store import Store
from dutyroom.tasks import TaskState
from dutyroom.warnings.stats import WarningStats, warning_stats


@dataclass
class StatsReport:
    org_name: str
    period: Period
    made_at: datetime
    duties: DutyFigures
    incidents: ReportingFigures
    warnings: WarningStats            # the warnings area's own statistics of the period
    log: LogFigures
    contacts: VerificationFigures

    @property
    def title(self) -> str:
        return f"{self.org_name}{self.period.label}值班工作统计"

    def as_json(self) -> dict[str, Any]:
        return {"period": self.period.as_json(), "title": self.title, "made_at": self.made_at.isoformat(),
                "duties": self.duties.as_json(), "incidents": self.incidents.as_json(), "warnings": self.warnings.as_json(),
                "log": self.log.as_json(), "contacts": self.contacts.as_json()}


def stats_report(store: Store, period: Period, now: datetime, state: TaskState | None = None) -> StatsReport:
    """Every figure of ``period`` as of ``now``, read in one snapshot of the data file."""
    steps = 5
    with store.snapshot():
        org_name = str(settings.get(store, "org.name"))
        _step(state, 0, steps, "值班")
        duties = duty_figures(store, period)
        _step(state, 1, steps, "信息报送")
        incidents = reporting_figures(store, period, now)
        _step(state, 2, steps, "预警叫应")
        warnings = warning_stats(store, period.first, period.last, now)
        _step(state, 3, steps, "值班日志")
        log = log_figures(store, period)
        _step(state, 4, steps, "通讯录")
        contacts = verification_figures(store, period, now.date())
    return StatsReport(org_name, period, now, duties, incidents, warnings, log, contacts)


def _step(state: TaskState | None, done: int, total: int, text: str) -> None:
    if state is not None:
        state.check()
        state.progress(done, total, text)
