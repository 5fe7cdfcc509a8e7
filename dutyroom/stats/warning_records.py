"""The records behind the 预警叫应 figures: the warnings of a type and level, the people to reach on one warning's
call lists, and the people never reached in a township — counted as ``dutyroom.warnings.stats`` counts them
(its ``target_outcome``), each row opening its warning on the 预警叫应 page."""

from __future__ import annotations

from datetime import datetime

from dutyroom.clock import iso
from dutyroom.errors import ValidationError
from dutyroom.stats.charts import Drill
from dutyroom.stats.period import Period
from dutyroom.stats.records import Records, capped, moment_text
from dutyroom.store import Store
from dutyroom.warnings.calls import STATUS_LABELS
from dutyroom.warnings.catalog import LEVEL_LABELS
from dutyroom.warnings.queries import WARNING_STATUS, warning_status
from dutyroom.warnings.records import NOTICE_KINDS, warning_number
from dutyroom.warnings.stats import target_outcome, township_of

OUTCOMES = {"in_time": "时限内应答", "late": "超时应答", "pending": "叫应中", "silent": "未应答"}


def warning_records(store: Store, period: Period, drill: Drill, now: datetime) -> Records:
    if drill.kind == "warnings":
        return _warnings(store, period, drill, now)
    if drill.kind in ("warning", "silent"):
        return _targets(store, period, drill, now)
    raise ValidationError(f"没有这类统计明细：{drill.kind}")


def _warnings(store: Store, period: Period, drill: Drill, now: datetime) -> Records:
    """Warnings as first issued within the period (the 种类与级别 counts)."""
    where, params = ["w.voided_at IS NULL", "n.kind = 'issue'", "n.received_at >= ?", "n.received_at < ?"], \
        [period.start_iso(), period.end_iso()]
    parts = []
    for key, column in (("type", "w.type"), ("level", "n.level")):
        if drill.get(key):
            where.append(f"{column} = ?")
            params.append(drill.get(key))
            parts.append(LEVEL_LABELS.get(drill.get(key), drill.get(key)))
    rows = store.rows(
        "SELECT w.id, w.year, w.serial, w.type, n.level, n.received_at, w.source_unit, w.status, w.valid_until,"
        " w.voided_at FROM warning w"
        f" JOIN warning_notice n ON n.warning_id = w.id WHERE {' AND '.join(where)} ORDER BY n.received_at, w.id",
        params)
    out = Records(f"预警信息：{'，'.join(parts) or period.label}", ["编号", "接收时间", "预警", "发布单位", "状态"])
    for r in rows:
        out.rows.append([warning_number(r["year"], r["serial"]), moment_text(r["received_at"]),
                         f"{r['type']}{LEVEL_LABELS[r['level']]}预警", r["source_unit"],
                         WARNING_STATUS[warning_status(r, now)]])
        out.targets.append(("warnings", {"warning_id": r["id"]}))
    return capped(out)


def _targets(store: Store, period: Period, drill: Drill, now: datetime) -> Records:
    """The people to reach on the call lists of notices received within the period: one warning's (``warning``),
    or those never reached, of a township or all (``silent``)."""
    where, params = ["w.voided_at IS NULL", "n.mode = 'call'", "t.kind = 'primary'", "n.received_at >= ?",
                     "n.received_at < ?"], [period.start_iso(), period.end_iso()]
    if drill.kind == "warning":
        where.append("w.id = ?")
        params.append(drill.get("warning_id"))
    rows = store.rows(
        "SELECT w.id AS warning_id, w.year, w.serial, w.type, n.kind AS notice_kind, n.received_at, n.deadline_at,"
        " n.closed_at, t.name, t.unit, t.township, t.status, t.answered_at, t.escalated_at,"
        " b.status AS backup_status, b.answered_at AS backup_answered, b.name AS backup_name"
        " FROM warning_target t JOIN warning_notice n ON n.id = t.notice_id JOIN warning w ON w.id = n.warning_id"
        f" LEFT JOIN warning_target b ON b.id = t.covered_by WHERE {' AND '.join(where)}"
        " ORDER BY n.received_at, n.id, t.seq", params)
    now_iso = iso(now)
    township = drill.get("township")
    if drill.kind == "silent":
        title = f"始终未应答的叫应对象：{township or period.label}"
    else:
        title = f"预警叫应对象：{warning_number(rows[0]['year'], rows[0]['serial']) if rows else ''}"
    out = Records(title, ["编号", "通知", "接收时间", "姓名", "单位", "乡镇", "状态", "应答", "结果"])
    for r in rows:
        outcome, when = target_outcome(r, r["status"], r["answered_at"], r["backup_status"], r["backup_answered"],
                                       now_iso)
        if drill.kind == "silent" and (outcome != "silent" or
                                       (township and township_of(r["township"], r["unit"]) != township)):
            continue
        answer = moment_text(when) + (f"（B角{r['backup_name']}代应）" if when and r["status"] != "answered"
                                 and r["status"] != "arrived" else "")
        result = OUTCOMES[outcome] + ("，已上报" if r["escalated_at"] else "")
        out.rows.append([warning_number(r["year"], r["serial"]), f"{r['type']}{NOTICE_KINDS[r['notice_kind']]}",
                         moment_text(r["received_at"]), r["name"], r["unit"], r["township"], STATUS_LABELS[r["status"]],
                         answer, result])
        out.targets.append(("warnings", {"warning_id": r["warning_id"]}))
    return capped(out)

