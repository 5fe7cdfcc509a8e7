"""Dates and times in inputs: Beijing time whatever the workstation's zone, and the date pickers forms use."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit

from dutyroom.clock import CST, to_cst

SHANGHAI = QTimeZone(8 * 3600)


def to_qdatetime(moment: datetime) -> QDateTime:
    moment = to_cst(moment)
    return QDateTime.fromSecsSinceEpoch(int(moment.timestamp()), SHANGHAI)


def from_qdatetime(value: QDateTime) -> datetime:
    return datetime.fromtimestamp(value.toSecsSinceEpoch(), CST)


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    """``QDate.toPython`` with its type (the PySide6 stubs say it returns ``object``)."""
    return date(value.year(), value.month(), value.day())


def from_qtime(value: QTime) -> time:
    return time(value.hour(), value.minute(), value.second(), value.msec() * 1000)


def date_edit(day: date | None = None) -> QDateEdit:
    """A date picker (YYYY-MM-DD with a calendar), showing ``day`` when given."""
    edit = QDateEdit(to_qdate(day)) if day is not None else QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def datetime_edit(moment: datetime) -> QDateTimeEdit:
    """A date-and-time picker in Beijing time (YYYY-MM-DD HH:mm with a calendar)."""
    edit = QDateTimeEdit()
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    edit.setTimeZone(SHANGHAI)
    edit.setCalendarPopup(True)
    edit.setDateTime(to_qdatetime(moment))
    return edit
