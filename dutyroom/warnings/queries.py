"""Read models of warnings: the list, one warning with its notices, call lists and calls, the summary of a list
(answered x/y, silent, escalated), the clocks that are running, and what the today board shows."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from dutyroom.clock import iso, parse_iso
from dutyroom.errors import NotFound
from dutyroom.store import Reader
from dutyroom.warnings.calls import KIND_LABELS, REACHED, RESULTS, STATUS_LABELS, attempts_of, plan_of
from dutyroom.warnings.catalog import LEVEL_LABELS, level_text
from dutyroom.warnings.records import NOTICE_KINDS, warning_number

WARNING_STATUS = {"active": "生效中", "expired": "已过有效期", "lifted": "已解除", "voided": "已作废"}
LIFT_RELAY_HOURS = 24          # a lift's list stays on the board this long at most


def warning_status(row: Any, now: datetime) -> str:
    if row["voided_at"]:
        return "voided"
    if row["status"] == "lifted":
        return "lifted"
    if row["valid_until"] and row["valid_until"] <= iso(now):
        return "expired"
    return "active"


def reached(target: Any) -> bool:
    return target["status"] in REACHED or bool(target["covered_by"])


def short_unit(target: Any) -> str:
    """A village without its township ("上坪村"), a township or unit as it is."""
    unit, township = target["unit"] or "", target["township"] or ""
    return unit[len(township):] if township and unit.startswith(township) and unit != township else unit


def main_phone(target: Any) -> str:
    phones = json.loads(target["phones_json"] or "[]")
    return phones[0][1] if phones else ""


@dataclass(frozen=True)
class Summary:
    total: int          # people on the list to be reached (the 带班领导, B角 and escalations apart)
    answered: int       # reached: answered themselves or through their B角
    arrived: int
    silent: int
    escalated: int      # put on the 未叫醒 list
    by_backup: int      # answered through their B角
    leader_told: bool | None        # None: no 带班领导 on the list
    escalations_open: int           # escalation calls not yet answered
    last_reached_at: str | None

    def as_json(self) -> dict[str, Any]:
        return {"total": self.total, "answered": self.answered, "arrived": self.arrived, "silent": self.silent,
                "escalated": self.escalated, "by_backup": self.by_backup, "leader_told": self.leader_told,
                "escalations_open": self.escalations_open}

    @property
    def complete(self) -> bool:
        return self.silent == 0


def escalation_ids(target: Any) -> list[int]:
    return [int(i) for i in str(target["escalation_for"] or "").split(",") if i]


def escalation_moot_at(target: Any, by_id: dict[int, Any]) -> str | None:
    """When an escalation stopped mattering: everyone it was about reached (None while someone is silent)."""
    silent = [by_id[i] for i in escalation_ids(target) if i in by_id]
    if not silent or not all(reached(s) for s in silent):
        return None
    return max((reached_at(s, by_id) or "" for s in silent), default="") or None


def reached_at(target: Any, by_id: dict[int, Any]) -> str | None:
    if target["status"] in REACHED:
        return target["answered_at"]
    if target["covered_by"] and target["covered_by"] in by_id:
        return by_id[target["covered_by"]]["answered_at"]
    return None


def summarize(targets: Sequence[Any]) -> Summary:
    by_id = {t["id"]: t for t in targets}
    primary = [t for t in targets if t["kind"] == "primary"]
    done = [t for t in primary if reached(t)]
    arrived = sum(1 for t in primary if t["status"] == "arrived" or (
        t["covered_by"] and by_id.get(t["covered_by"], {"status": ""})["status"] == "arrived"))
    leaders = [t for t in targets if t["kind"] == "leader"]
    times = [r for t in done if (r := reached_at(t, by_id))]
    return Summary(
        total=len(primary), answered=len(done), arrived=arrived, silent=len(primary) - len(done),
        escalated=sum(1 for t in primary if t["escalated_at"]), by_backup=sum(1 for t in done if t["covered_by"]),
        leader_told=any(reached(t) for t in leaders) if leaders else None,
        escalations_open=sum(1 for t in targets if t["kind"] == "escalation" and not reached(t)
                             and not escalation_moot_at(t, by_id)),
        last_reached_at=max(times) if times else None)


SUMMARY_COLUMNS = "id, kind, status, covered_by, escalated_at, answered_at, escalation_for"


def notice_summary(reader: Reader, notice_id: int) -> Summary:
    """A list's summary from the few columns it needs (the call screen asks after every call)."""
    return summarize(reader.rows(f"SELECT {SUMMARY_COLUMNS} FROM warning_target WHERE notice_id = ?", (notice_id,)))


def targets_of(reader: Reader, notice_id: int) -> list[dict[str, Any]]:
    return [dict(r) for r in reader.rows("SELECT * FROM warning_target WHERE notice_id = ? ORDER BY seq", (notice_id,))]


def target_json(target: dict[str, Any], attempts: list[dict[str, Any]]) -> dict[str, Any]:
    phones = json.loads(target["phones_json"] or "[]")
    return {
        "id": target["id"], "name": target["name"], "unit": target["unit"], "position": target["position"],
        "phone": phones[0][1] if phones else "", "phones": [p[1] for p in phones], "role": target["role"],
        "kind": target["kind"], "kind_label": KIND_LABELS[target["kind"]], "status": target["status"],
        "status_label": STATUS_LABELS[target["status"]], "reason": target["reason"], "township": target["township"],
        "tries": target["tries"], "next_try_at": target["next_try_at"], "due_at": target["due_at"],
        "answered_at": target["answered_at"], "answered_by": target["answered_by"], "arrived_at": target["arrived_at"],
        "covered_by": target["covered_by"], "escalated_at": target["escalated_at"], "away": target["away_note"],
        "escalation_for": escalation_ids(target), "backup_target_id": target["backup_target_id"],
        "claimed_by": target["claimed_by_name"] if target["claim_until"] else None,
        "attempts": [{"id": a["id"], "at": a["at"], "channel": a["channel"], "number": a["number"],
                      "result": a["result"], "result_label": RESULTS[a["result"]], "answered_by": a["answered_by"],
                      "recorded_by": a["recorded_by_name"]} for a in attempts],
    }


def notice_areas(reader: Reader, notice_id: int) -> list[tuple[int, str]]:
    return [(r[0], r[1]) for r in reader.rows(
        "SELECT u.id, u.name FROM warning_notice_area a JOIN org_unit u ON u.id = a.unit_id WHERE a.notice_id = ?"
        " ORDER BY a.sort_order", (notice_id,))]


def notice_json(reader: Reader, notice: Any) -> dict[str, Any]:
    targets = targets_of(reader, notice["id"])
    attempts = attempts_of(reader, [t["id"] for t in targets])
    plan = plan_of(notice)
    return {
        "id": notice["id"], "seq": notice["seq"], "kind": notice["kind"], "kind_label": NOTICE_KINDS[notice["kind"]],
        "level": LEVEL_LABELS[notice["level"]], "level_code": notice["level"], "issued_at": notice["issued_at"],
        "valid_until": notice["valid_until"], "received_at": notice["received_at"], "content": notice["content"],
        "measures": notice["measures"], "mode": notice["mode"], "deadline": notice["deadline_at"],
        "rule": plan.rule_text, "closed_at": notice["closed_at"], "closed_reason": notice["closed_reason"],
        "areas": [name for _id, name in notice_areas(reader, notice["id"])],
        "summary": summarize(targets).as_json(), "targets": [target_json(t, attempts[t["id"]]) for t in targets],
    }


def _warning_row(reader: Reader, warning_id: int) -> dict[str, Any]:
    row = reader.row("SELECT * FROM warning WHERE id = ?", (warning_id,))
    if row is None:
        raise NotFound(f"预警 {warning_id} 不存在。")
    return dict(row)


def broadcasts_of(reader: Reader, warning_id: int) -> list[dict[str, Any]]:
    return [{"id": r["id"], "area": r["area"], "at": r["at"], "content": r["content"], "operator": r["operator"],
             "recorded_by": r["recorded_by_name"]}
            for r in reader.rows("SELECT * FROM warning_broadcast WHERE warning_id = ? AND voided_at IS NULL"
                                 " ORDER BY at, id", (warning_id,))]


def warning_json(reader: Reader, warning_id: int, now: datetime) -> dict[str, Any]:
    """One warning as ``dutyroom warning show --json`` prints it: the latest notice's list at the top level."""
    row = _warning_row(reader, warning_id)
    notices = [notice_json(reader, n) for n in reader.rows(
        "SELECT * FROM warning_notice WHERE warning_id = ? ORDER BY seq", (warning_id,))]
    current = notices[-1]
    status = warning_status(row, now)
    return {
        "id": row["id"], "number": warning_number(row["year"], row["serial"]), "type": row["type"],
        "level": LEVEL_LABELS[row["level"]], "level_code": row["level"], "status": status,
        "status_label": WARNING_STATUS[status], "source": row["source_unit"], "issued_at": row["issued_at"],
        "valid_until": row["valid_until"], "received_at": row["received_at"], "content": row["content"],
        "measures": row["measures"], "lifted_at": row["lifted_at"], "areas": current["areas"],
        "deadline": current["deadline"], "notice_id": current["id"], "targets": current["targets"],
        "summary": current["summary"], "broadcasts": broadcasts_of(reader, warning_id), "notices": notices,
        "void_reason": row["void_reason"],
    }


def warning_rows(reader: Reader, now: datetime, *, open_only: bool = False, limit: int = 500) -> list[dict[str, Any]]:
    """The list: newest first, each with its status and its latest notice's summary."""
    rows = [dict(r) for r in reader.rows("SELECT * FROM warning ORDER BY received_at DESC, id DESC LIMIT ?", (limit,))]
    latest = {r["warning_id"]: dict(r) for r in reader.rows(
        "SELECT n.* FROM warning_notice n WHERE n.seq = (SELECT MAX(seq) FROM warning_notice m"
        " WHERE m.warning_id = n.warning_id)")}
    targets: dict[int, list[dict[str, Any]]] = {}
    ids = [latest[r["id"]]["id"] for r in rows if r["id"] in latest]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for t in reader.rows(f"SELECT * FROM warning_target WHERE notice_id IN ({','.join('?' * len(chunk))})", chunk):
            targets.setdefault(t["notice_id"], []).append(dict(t))
    out = []
    for row in rows:
        notice = latest.get(row["id"])
        status = warning_status(row, now)
        summary = summarize(targets.get(notice["id"], []) if notice else [])
        if open_only and not (status == "active" or (notice and relay_running(row, notice, summary, now))):
            continue
        out.append({**row, "number": warning_number(row["year"], row["serial"]), "state": status,
                    "state_label": WARNING_STATUS[status], "level_label": LEVEL_LABELS[row["level"]],
                    "title": f"{row['type']}{LEVEL_LABELS[row['level']]}预警", "notice": notice, "summary": summary})
    return out


def relay_running(warning: Any, notice: Any, summary: Summary, now: datetime) -> bool:
    """Whether a notice's calls still matter: its warning in force (or a lift being relayed), list not done."""
    if warning["voided_at"] or notice["closed_at"]:
        return False
    if notice["kind"] == "lift":
        return not summary.complete and parse_iso(notice["received_at"]) + timedelta(hours=LIFT_RELAY_HOURS) > now
    return warning_status(warning, now) == "active"


# -- clocks and the board --------------------------------------------------------------------------------------

@dataclass
class RelayClock:
    notice_id: int
    key: str               # "all", "leader", "target:<id>"
    label: str
    due_at: datetime
    met_at: str | None
    acked: set[str] = field(default_factory=set)

    def seconds_left(self, now: datetime) -> float:
        return (self.due_at - now).total_seconds()

    @property
    def short(self) -> str:
        """What the clock is for, in a word or two: 应答时限, 报带班领导, 上报张三."""
        return {"all": "应答时限", "leader": "报带班领导"}.get(self.key, self.label)

    def stage(self, now: datetime, warn_minutes: int) -> str:
        if self.met_at:
            return "met"
        left = self.seconds_left(now)
        if left < 0:
            return "overdue"
        return "soon" if left <= warn_minutes * 60 else "running"


@dataclass
class BoardItem:
    warning_id: int
    notice_id: int
    number: str
    title: str             # 暴雨橙色预警
    level: str
    kind: str              # the notice: issue / raise / lower / update / lift
    source: str
    received_at: str
    valid_until: str | None
    mode: str
    summary: Summary
    silent: list[dict[str, Any]]            # unreached people, list order
    clocks: list[RelayClock]

    @property
    def main_clock(self) -> RelayClock | None:
        return next((c for c in self.clocks if c.key == "all"), None)

    @property
    def silent_text(self) -> str:
        return "、".join(f"{short_unit(t)}{t['name']}" for t in self.silent)


def _clocks(notice: Any, targets: list[dict[str, Any]], summary: Summary, acks: dict[str, set[str]]) -> list[RelayClock]:
    out = []
    if notice["mode"] == "call" and notice["deadline_at"]:
        out.append(RelayClock(notice["id"], "all", "全部应答", parse_iso(notice["deadline_at"]),
                              summary.last_reached_at if summary.complete else None, acks.get("all", set())))
    leaders = [t for t in targets if t["kind"] == "leader" and t["due_at"]]
    if leaders:
        told = [t["answered_at"] for t in leaders if reached(t)]
        out.append(RelayClock(notice["id"], "leader", "报告带班领导", parse_iso(min(t["due_at"] for t in leaders)),
                              min(told) if told else None, acks.get("leader", set())))
    by_id = {t["id"]: t for t in targets}
    for t in targets:
        if t["kind"] == "escalation" and t["due_at"]:
            key = f"target:{t['id']}"
            met = t["answered_at"] if reached(t) else escalation_moot_at(t, by_id)
            out.append(RelayClock(notice["id"], key, f"上报{t['name']}", parse_iso(t["due_at"]), met,
                                  acks.get(key, set())))
    return out


def board(reader: Reader, now: datetime) -> list[BoardItem]:
    """Every notice whose calls still run: warnings in force, and lifts still being relayed. Newest first."""
    items = []
    for row in warning_rows(reader, now, open_only=True, limit=200):
        notice = row["notice"]
        if notice is None or not relay_running(row, notice, row["summary"], now):
            continue
        targets = targets_of(reader, notice["id"])
        summary = summarize(targets)
        acks: dict[str, set[str]] = {}
        for clock, stage in reader.rows("SELECT clock, stage FROM warning_alarm_ack WHERE notice_id = ?",
                                        (notice["id"],)):
            acks.setdefault(clock, set()).add(stage)
        silent = [t for t in targets if t["kind"] == "primary" and not reached(t)]
        items.append(BoardItem(
            row["id"], notice["id"], row["number"], f"{row['type']}{LEVEL_LABELS[notice['level']]}预警",
            notice["level"], notice["kind"], row["source_unit"], notice["received_at"], row["valid_until"],
            notice["mode"], summary, silent, _clocks(notice, targets, summary, acks)))
    return items


def title_of(row: Any) -> str:
    return f"{row['type']}{level_text(row['level'])}预警"


def duration_text(seconds: float | None) -> str:
    """45秒, 6分30秒, 1小时05分 — how long an answer took."""
    if seconds is None:
        return "—"
    total = int(round(seconds))
    if total < 60:
        return f"{total}秒"
    minutes, rest = divmod(total, 60)
    if minutes < 60:
        return f"{minutes}分" + (f"{rest}秒" if rest else "")
    hours, minutes = divmod(minutes, 60)
    return f"{hours}小时{minutes:02d}分"
