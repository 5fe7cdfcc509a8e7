"""The views of the statistics page, in order, built from one ``StatsReport``."""

from __future__ import annotations

from dutyroom.stats.charts import View
from dutyroom.stats.duty_views import duty_view
from dutyroom.stats.log_views import contacts_view, log_view
from dutyroom.stats.report import StatsReport
from dutyroom.stats.reporting_views import reporting_view
from dutyroom.stats.warning_views import warning_view

VIEW_TITLES: dict[str, str] = {"duties": "值班", "incidents": "信息报送", "warnings": "预警叫应", "log": "值班日志",
                               "contacts": "通讯录"}


def build_views(report: StatsReport) -> list[View]:
    return [duty_view(report.duties), reporting_view(report.incidents), warning_view(report.warnings), log_view(report.log),
            contacts_view(report.contacts)]


def build_view(report: StatsReport, key: str) -> View:
    builders = {"duties": lambda: duty_view(report.duties), "incidents": lambda: reporting_view(report.incidents),
                "warnings": lambda: warning_view(report.warnings), "log": lambda: log_view(report.log),
                "contacts": lambda: contacts_view(report.contacts)}
    return builders[key]()
