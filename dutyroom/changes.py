"""What a write changed, in the terms pages think in: the product's areas.

Every write names its table; each area declares its tables (``dutyroom/<area>/area.py``), so a
transaction knows which areas it changed without anyone listing them by hand. The store announces one
``ChangeSet`` per committed transaction (never for a rollback); pages subscribe to areas.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Area(StrEnum):
    """The parts of the product a page can show; each owns a set of tables."""

    ORG = "org"                            # units and people (the one people model)
    CONTACTS = "contacts"                  # tags, contact groups, desk phones
    ACCOUNTS = "accounts"                  # accounts, roles, login failures
    SETTINGS = "settings"                  # the settings stored in the data file
    DUTY = "duty"                          # published duty assignments (who is on duty)
    ROSTER = "roster"                      # drafts, versions, calendar, absences, periods, swaps
    DUTYLOG = "dutylog"                    # duty-log entries, pending items, instructions, templates
    HANDOVER = "handover"                  # handovers and their acknowledgements
    DAILY_REPORT = "daily_report"          # 值班日报
    INCIDENTS = "incidents"                # incidents, calls, deadlines and their alerts
    INCIDENT_REPORTS = "incident_reports"  # 信息专报 and 灾情报告 drafts and sendings
    WARNINGS = "warnings"                  # warnings, their notices, call lists, calls and broadcasts (预警叫应)
    RULES = "rules"                        # grading, deadline and warning relay rule sets
    AUDIT = "audit"                        # the audit trail itself
    ANCHORS = "anchors"                    # audit positions read from paper, kept to check the chain against


@dataclass(frozen=True)
class ChangeSet:
    """The areas and tables one committed transaction changed (empty: nothing was written)."""

    areas: frozenset[Area] = frozenset()
    tables: frozenset[str] = frozenset()

    @classmethod
    def of(cls, tables: Iterable[str]) -> ChangeSet:
        from dutyroom.areas import area_of

        names = frozenset(tables)
        return cls(frozenset(area_of(t) for t in names), names)

    def __bool__(self) -> bool:
        return bool(self.tables)

    def __or__(self, other: ChangeSet) -> ChangeSet:
        return ChangeSet(self.areas | other.areas, self.tables | other.tables)

    def touches(self, areas: Iterable[Area]) -> bool:
        return not self.areas.isdisjoint(areas)


NOTHING = ChangeSet()
