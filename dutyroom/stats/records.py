"""The records behind a point of a chart or a row of a table (a ``Drill``): the duties, incidents, late
reports, log entries or contact entries it counts, as a list the page shows — each row with where the app
can open it (a navigation key and target), when it can."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from dutyroom.clock import WEEKDAY_NAMES, parse_iso
from dutyroom.duty.roles import DUTY_ROLES, slot_label
from dutyroom.dutylog.kinds import kind_label, seconds_text
from dutyroom.incidents.rules import GRADE_LABELS
from dutyroom.roster.arrangements import load_calendar
from dutyroom.stats.charts import Drill
from dutyroom.stats.duties import DAY_KINDS, day_kind
from dutyroom.stats.logbook import CALL_KINDS, NORMAL, WEEKDAYS
from dutyroom.stats.period import Period, bucket_label, month_last
from dutyroom.stats.reporting import STEPS, bucket_sql, late_items
from dutyroom.stats.verification import as_of_day
from dutyroom.store import Store

LIMIT = 2000
Target = tuple[str, dict[str, Any]] | None


@dataclass
class Records:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    more: bool = False              # more records than LIMIT: the first LIMIT are listed

    @property
    def count_text(self) -> str:
        return f"共{len(self.rows)}条" + ("（只列出前2000条）" if self.more else "")


def moment_text(text: str | None) -> str:
    if not text:
        return ""
    moment = parse_iso(text)
    return f"{moment.year}-{moment.month:02d}-{moment.day:02d} {moment:%H:%M}"


def records(store: Store, period: Period, drill: Drill, now: datetime) -> Records:
    """The records ``drill`` stands for within ``period`` (as of ``now``). A row's target is the page that
    opens the record (``ctx.navigate``), where that page can show one."""
    kinds: dict[str, Callable[[Store, Period, Drill, datetime], Records]] = {
        "duties": _duties, "holiday": _holiday, "incidents": _incidents, "incident": _incident, "late": _late,
        "entries": _entries, "calls": _entries, "rollcalls": _entries, "contacts": _contacts}
    found = kinds.get(drill.kind)
    if found is None:
        from dutyroom.stats.warning_records import warning_records  # which imports this module

        return warning_records(store, period, drill, now)
    return found(store, period, drill, now)


# -- duties ------------------------------------------------------------------------------------------------
def _duty_records(store: Store, title: str, where: list[str], params: list[Any],
                  keep: Callable[[date], bool] = lambda day: True) -> Records:
    calendar = load_calendar(store)
    rows = store.rows(
        "SELECT a.duty_date, a.role, a.shift, a.source, a.note, p.id, p.name, coalesce(u.name, '') AS unit"
        " FROM duty_assignment a JOIN person p ON p.id = a.person_id LEFT JOIN org_unit u ON u.id = p.unit_id"
        f" WHERE a.voided_at IS NULL AND {' AND '.join(where)} ORDER BY a.duty_date, a.role, a.position", params)
    out = Records(title, ["日期", "星期", "日期类型", "岗位", "姓名", "单位", "备注"])
    for row in rows:
        day = date.fromisoformat(row["duty_date"])
        if not keep(day):
            continue
        info = calendar.info(day)
        out.rows.append([row["duty_date"], WEEKDAY_NAMES[day.weekday()], info.holiday or info.kind_label,
                         slot_label(row["role"], row["shift"]), row["name"], row["unit"], row["note"]])
        out.targets.append(None)
    return capped(out)


def _duties(store: Store, period: Period, drill: Drill, now: datetime) -> Records:
    first, last = period.first.isoformat(), period.last.isoformat()
    month = drill.get("month")
    if month:
        first, last = f"{month}-01", month_last(int(month[:4]), int(month[5:])).isoformat()
    where, params = ["a.duty_date BETWEEN ? AND ?"], [first, last]
    parts = []
    if drill.get("person_id") is not None:
        where.append("a.person_id = ?")
        params.append(drill.get("person_id"))
        parts.append(str(store.scalar("SELECT name FROM person WHERE id = ?", (drill.get("person_id"),))))
    if drill.get("role"):
        where.append("a.role = ?")
        params.append(drill.get("role"))
        parts.append(DUTY_ROLES[drill.get("role")])
    if drill.get("on_site"):
        where.append("a.role <> 'standby'")
        parts.append("在岗值班")
    kind = drill.get("day_kind")
    calendar = load_calendar(store) if kind else None
    if kind:
        parts.append(DAY_KINDS[kind])
    title = f"{bucket_label(month) if month else period.label}值班：{'，'.join(parts) or '全部'}"
    return _duty_records(store, title, where, params,
                         keep=lambda day: calendar is None or day_kind(calendar, day) == kind)


def _holiday(store: Store, period: Period, drill: Drill, now: datetime) -> Records:
    year, holiday = int(drill.get("year")), str(drill.get("holiday"))
    calendar = load_calendar(store)
    months = ["01", "02"] if holiday == "春节" else ["10"]
    return _duty_records(store, f"{year}年{holiday}值班",
                         ["substr(a.duty_date, 1, 4) = ?", f"substr(a.duty_date, 6, 2) IN ({','.join('?' * len(months))})"],
                         [str(year), *months], keep=lambda day: calendar.info(day).special == holiday)


# -- incidents ---------------------------------------------------------------------------------------------
def _incident_rows(store: Store, title: str, where: list[str], params: list[Any]) -> Records:
    rows = store.rows(
        "SELECT id, year, serial, received_at, title, category, grade, status FROM incident"
        f" WHERE voided_at IS NULL AND {' AND '.join(where)} ORDER BY received_at, id", params)
    out = Records(title, ["编号", "接报时间", "事件", "类别", "等级", "状态"])
    for r in rows:
        out.rows.append([f"{r['year']}-{r['serial']:03d}", moment_text(r["received_at"]), r["title"], r["category"],
                         GRADE_LABELS[r["grade"]], "已结束" if r["status"] == "closed" else "处置中"])
        out.targets.append(("incidents", {"incident_id": r["id"]}))
    return capped(out)


def _incidents(store: Store, period: Period, drill: Drill, now: datetime) -> Records:
    where, params = ["received_at >= ?", "received_at < ?"], [period.start_iso(), period.end_iso()]
    parts = []
    for key, column in (("bucket", bucket_sql("received_at", period)), ("category", "category"), ("grade", "grade")):
        value = drill.get(key)
        if value:
            where.append(f"{column} = ?")
            params.append(value)
            parts.append(bucket_label(value) if key == "bucket" else GRADE_LABELS.get(value, value))
    return _incident_rows(store, f"接报事件：{'，'.join(parts) or period.label}", where, params)


def _incident(store: Store, period: Period, drill: Drill, now: datetime) -> Records:
    return _incident_rows(store, "事件", ["id = ?"], [drill.get("incident_id")])


def _late(store: Store, period: Period, drill: Drill, now: datetime) -> Records:
    step, bucket = drill.get("step"), drill.get("bucket")
    items = late_items(store, period, now, step=step, bucket=bucket)
    parts = [bucket_label(bucket) if bucket else period.label] + ([STEPS[step]] if step else [])
    out = Records(f"超时的报送：{'，'.join(parts)}", ["编号", "事件", "环节", "时限", "完成", "超时（分钟）"])
    for item in items:
        out.rows.append([item["number"], item["title"], item["step_label"], moment_text(item["due_at"]),
                         moment_text(item["met_at"]) or "未完成", str(item["late_minutes"])])
        out.targets.append(("incidents", {"incident_id": item["incident_id"]}))
    return capped(out)


# -- duty log ----------------------------------------------------------------------------------------------
def _entries(store: Store, period: Period, drill: Drill, now: datetime) -> Records:
    where = ["voided_at IS NULL", "occurred_at >= ?", "occurred_at < ?"]
    params: list[Any] = [period.start_iso(), period.end_iso()]
    parts = []
    if drill.kind == "calls":
        kinds = [drill.get("log_kind")] if drill.get("log_kind") else list(CALL_KINDS)
        where.append(f"kind IN ({','.join('?' * len(kinds))})")
        params += kinds
        parts.append("、".join(kind_label(k) for k in kinds))
    if drill.kind == "rollcalls":
        where.append("kind = 'roll_call'")
        parts.append("上级查岗点名")
        if drill.get("problems"):
            where.append("coalesce(json_extract(fields_json, '$.result'), ?) <> ?")
            params += [NORMAL, NORMAL]
            parts.append("发现问题")
    if drill.get("day"):
        where.append("substr(occurred_at, 1, 10) = ?")
        params.append(drill.get("day"))
        parts.insert(0, bucket_label(drill.get("day")))
    if drill.get("bucket"):
        where.append(f"{bucket_sql('occurred_at', period)} = ?")
        params.append(drill.get("bucket"))
        parts.insert(0, bucket_label(drill.get("bucket")))
    if drill.get("weekday") is not None:
        where.append("(CAST(strftime('%w', substr(occurred_at, 1, 10)) AS INTEGER) + 6) % 7 = ?")
        params.append(drill.get("weekday"))
        parts.append(WEEKDAYS[drill.get("weekday")])
    if drill.get("hour") is not None:
        where.append("CAST(substr(occurred_at, 12, 2) AS INTEGER) = ?")
        params.append(drill.get("hour"))
        parts.append(f"{drill.get('hour')}时")
    rows = store.rows(f"SELECT id, occurred_at, kind, summary, fields_json, recorded_by_name FROM duty_log_entry"
                      f" WHERE {' AND '.join(where)} ORDER BY occurred_at, id LIMIT {LIMIT + 1}", params)
    roll = drill.kind == "rollcalls"
    headers = ["时间", "类型", "内容摘要", "记录人"] + (["上级单位", "应答用时", "结果"] if roll else [])
    out = Records(f"值班记录：{'，'.join(parts) or period.label}", headers)
    for r in rows:
        line = [moment_text(r["occurred_at"]), kind_label(r["kind"]), r["summary"], r["recorded_by_name"]]
        if roll:
            fields = json.loads(r["fields_json"])
            seconds = fields.get("answer_seconds")
            line += [fields.get("checker_unit", ""), seconds_text(seconds) if seconds is not None else "",
                     fields.get("result", "")]
        out.rows.append(line)
        out.targets.append(None)
    return capped(out)


# -- contacts ----------------------------------------------------------------------------------------------
def _contacts(store: Store, period: Period, drill: Drill, now: datetime) -> Records:
    from dutyroom.stats.verification import verification_entries

    day = as_of_day(period, now.date())
    entries = verification_entries(store, day, drill.get("unit_id"))
    out = Records(f"通讯录核实情况（截至{day.isoformat()}）", ["条目", "所在单位", "最近核实", "状态"])
    for entry in entries:
        out.rows.append([entry["name"], entry["unit_path"], entry["last"] or "", entry["state"]])
        out.targets.append(None)
    return capped(out)


def capped(out: Records) -> Records:
    if len(out.rows) > LIMIT:
        out.rows, out.targets, out.more = out.rows[:LIMIT], out.targets[:LIMIT], True
    return out
