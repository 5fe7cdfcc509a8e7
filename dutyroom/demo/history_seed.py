"""The demo county's past: the duty log, the incidents and the warnings of the months behind the demo week, so
that every statistics chart (by hour and weekday, calls per day, roll calls and their answer times, incidents by
category and grade, 及时率 month by month, warnings and their 叫应) shows something true.

Written once (setting ``demo.history_version``), deterministically (random generators seeded by the date),
inside one transaction so that a first start stays quick (about four entries a day: enough for every chart). Log entries are validated and written as the log
writes them (``dutylog.entries.clean_entry`` / ``insert_entry``, each with its audit row, by the officer on duty
that day); incidents go through the real intake and deadline operations on a clock moved through the months,
their obligations met on time — or, now and then, late.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any

from dutyroom import settings
from dutyroom.auth import accounts
from dutyroom.clock import CST, FixedClock, iso
from dutyroom.demo.warning_history import seed_warning_history
from dutyroom.duty.shifts import handover_time, shift_at
from dutyroom.dutylog.entries import clean_entry, insert_entry
from dutyroom.session import SYSTEM_ACTOR, Actor, Session
from dutyroom.store import Store

HISTORY_VERSION = 1
UPPER = "示例市应急管理局总值班室"
# Hours of the day weighted as a duty room's phone rings: the working day, the evening, a quiet night.
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 1, 2, 4, 9, 12, 11, 10, 5, 5, 9, 11, 10, 9, 6, 5, 4, 3, 2, 1)
CALLERS = (("县气象局", "郝华海"), ("县自然资源局", "陈俊"), ("县水利局", "谭志勇"), ("青石镇应急管理办公室", "王建国"),
           ("白沙镇人民政府", "李明"), ("县公安局指挥中心", "韩立新"), ("县消防救援大队", "罗刚"),
           ("示例市应急管理局总值班室", "周倩"), ("县委县政府总值班室", "彭丽"), ("龙潭镇人民政府", "黄斌"))
CALL_TOPICS = ("通报今日雨情水情，各水库水位正常。", "报告辖区地质灾害隐患点巡查情况，未发现异常。",
               "询问节假日值班安排报送情况。", "转达上级关于加强安全生产检查的通知要求。",
               "报告一起小型火情，已扑灭，无人员伤亡。", "通报道路交通管制信息。", "核实乡镇值班人员在岗情况。",
               "报告森林防火巡查情况。", "通知明日召开防汛工作视频会议。", "报告群众反映的山塘渗水情况，已安排人员查看。")
DOCUMENTS = (("示例市应急管理局", "关于做好近期防汛工作的通知"), ("县人民政府办公室", "关于开展安全生产大检查的通知"),
             ("示例市防汛抗旱指挥部", "关于进一步加强值班值守工作的通知"), ("县森林防火指挥部", "关于加强野外用火管理的通告"))
CHECKERS = (("示例市应急管理局", "视频"), ("示例省应急管理厅总值班室", "电话"), ("示例市应急管理局", "电话"))
# (category, subtype, extra facts, description, weight)
INCIDENTS: tuple[tuple[str, str, dict[str, Any], str, int], ...] = (
    ("事故灾难", "道路交通事故", {"accident_type": "车辆伤害", "injured": 2},
     "两车相撞，造成人员受伤，交警已到场处置。", 5),
    ("事故灾难", "火灾", {"injured": 1}, "一民房发生火灾，消防救援大队已扑灭明火。", 3),
    ("事故灾难", "建筑施工事故", {"accident_type": "高处坠落", "dead": 1}, "一在建工地发生高处坠落，造成1人死亡。", 1),
    ("自然灾害", "地质灾害", {"trapped": 0}, "强降雨引发山体小规模滑坡，阻断村道，无人员伤亡。", 3),
    ("自然灾害", "洪涝灾害", {}, "局地强降雨致部分农田被淹，已组织排涝。", 2),
    ("公共卫生事件", "食品安全事件", {"injured": 6}, "一单位食堂部分就餐人员出现腹泻症状，已送医观察。", 1),
    ("社会安全事件", "群体性事件", {}, "部分群众聚集反映诉求，属地已派员现场做工作。", 1),
    ("事故灾难", "危险化学品事故", {"accident_type": "中毒和窒息", "evacuated": 520, "injured": 2},
     "一企业储罐阀门泄漏，周边群众紧急疏散。", 1),
)


def _officer(store: Store, day: date) -> Actor:
    row = store.row("SELECT p.id, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
                    " WHERE a.voided_at IS NULL AND a.duty_date = ? AND a.role = 'officer' ORDER BY a.position LIMIT 1",
                    (day.isoformat(),))
    if row is None:
        return Actor(None, "demo", "值班员", frozenset({"officer"}))
    return Actor(None, "demo", row["name"], frozenset({"officer"}), row["id"])


def _moment(day: date, rng: random.Random, handover: time) -> datetime:
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    moment = datetime.combine(day, time(hour, rng.randrange(60)), tzinfo=CST)
    return moment + timedelta(days=1) if moment.time() < handover else moment


def _day_entries(day: date, rng: random.Random, officer: Actor) -> list[tuple[str, str, dict[str, Any]]]:
    """(kind, summary, fields) of one day's routine: calls, a document now and then, and the roll calls received
    (the warnings' entries are written by the warnings themselves, ``warning_history``)."""
    flood = day.month in (4, 5, 6, 7, 8, 9)
    out: list[tuple[str, str, dict[str, Any]]] = []
    for _ in range(rng.randint(1, 4) + (1 if flood else 0)):
        unit, name = rng.choice(CALLERS)
        kind = "call_in" if rng.random() < 0.72 else "call_out"
        out.append((kind, f"{unit}{name}{rng.choice(CALL_TOPICS)}",
                    {"unit": unit, "name": name, "phone": f"0000-88{rng.randrange(10000, 99999)}",
                     "handling": "已记录并报告带班领导。"}))
    if rng.random() < 0.25:
        issuer, title = rng.choice(DOCUMENTS)
        out.append(("document", f"收到{issuer}《{title}》。", {"from_unit": issuer, "channel": "政务内网",
                                                              "routing": "已呈带班领导阅示。"}))
    for _ in range(rng.choices((0, 1, 2), (35, 50, 15))[0]):
        unit, channel = rng.choice(CHECKERS)
        slow = rng.random() < 0.06
        seconds = max(3, round(rng.lognormvariate(2.1, 0.55))) + (rng.randint(30, 120) if slow else 0)
        out.append(("roll_call", "", {"checker_unit": unit, "channel": channel, "answered_by": officer.display_name,
                                      "answer_seconds": seconds, "asked": "抽查值班人员在岗情况",
                                      "result": "基本正常" if slow else "正常"}))
    return out


def _standby_callout(store: Store, day: date) -> tuple[str, str, dict[str, Any], int] | None:
    """Now and then (more in the flood season) the office calls the day's 备勤 in: a 去电 to that person, which
    the statistics count as a call-out (own generator: the routine's draws stay as they were)."""
    rng = random.Random(day.toordinal() * 37 + HISTORY_VERSION)
    if rng.random() >= (0.12 if day.month in (6, 7, 8) else 0.03):
        return None
    row = store.row("SELECT p.id, p.name FROM duty_assignment a JOIN person p ON p.id = a.person_id"
                    " WHERE a.voided_at IS NULL AND a.duty_date = ? AND a.role = 'standby' ORDER BY a.position LIMIT 1",
                    (day.isoformat(),))
    if row is None:
        return None
    return ("call_out", f"通知备勤人员{row['name']}到岗，协助处置突发情况。",
            {"unit": "县应急管理局", "name": row["name"], "phone": f"0000-86{rng.randrange(10000, 99999)}",
             "handling": "已到岗，协助值班。"}, row["id"])


def seed_log_history(store: Store, first: date, last: date) -> int:
    """The routine log of every day from ``first`` to ``last`` (inside the caller's transaction)."""
    handover = handover_time(store)
    written = 0
    day = first
    while day <= last:
        rng = random.Random(day.toordinal() * 31 + HISTORY_VERSION)
        officer = _officer(store, day)
        planned: list[tuple[datetime, str, str, dict[str, Any], int | None]] = sorted(
            ((_moment(day, rng, handover), kind, summary, fields, None)
             for kind, summary, fields in _day_entries(day, rng, officer)), key=lambda item: item[0])
        callout = _standby_callout(store, day)
        if callout is not None:
            planned = sorted([*planned, (datetime.combine(day, time(21, 10), tzinfo=CST), *callout)],
                             key=lambda item: item[0])
        clock = FixedClock(datetime.combine(day + timedelta(days=1), handover, tzinfo=CST))
        with Session(store, officer, clock).write() as tx:
            for moment, kind, summary, fields, person_id in planned:
                entry = clean_entry(store, kind=kind, summary=summary, detail="", fields=fields, person_id=person_id,
                                    occurred_at=moment)
                insert_entry(tx, entry, shift_at(moment, handover).duty_date.isoformat())
                written += 1
        day += timedelta(days=1)
    return written


def _meet_all(sessions: dict[str, Session], clock: FixedClock, store: Store, incident_id: int,
              rng: random.Random, until: datetime) -> None:
    """Meet the incident's open obligations in due order: mostly in time, now and then late."""
    from dutyroom.incidents import obligations

    for _round in range(12):
        row = store.row("SELECT id, step, meet, due_at, window_start FROM incident_obligation WHERE incident_id = ?"
                        " AND status = 'open' ORDER BY due_at, id LIMIT 1", (incident_id,))
        if row is None:
            return
        due = datetime.fromisoformat(row["due_at"])
        start = datetime.fromisoformat(row["window_start"])
        late = rng.random() < 0.12
        met = due + timedelta(minutes=rng.randint(5, 90)) if late else \
            max(start, due - timedelta(minutes=rng.randint(1, max(2, int((due - start).total_seconds() // 60) - 1))))
        if met > until:
            return
        clock.set(max(met, clock.now()))
        note = "" if row["meet"] == "act" else "已按规定报送（传真，历史记录补录）"
        obligations.meet(sessions["zhiban"], row["id"], met_at=clock.now(), how="电话" if row["meet"] == "act" else "传真",
                         to="带班领导" if row["step"] == "notify_leader" else UPPER, note=note)


def seed_incident_history(store: Store, first: date, last: date, now: datetime) -> int:
    """Incidents of the past months, a few a week, played through the real operations."""
    from dutyroom.incidents import intake

    ids = {name: store.scalar("SELECT id FROM account WHERE username = ?", (name,)) for name in ("zhiban", "daiban")}
    if not all(ids.values()):
        return 0
    clock = FixedClock(now)
    sessions = {name: Session(store, accounts.actor_for(store, account), clock) for name, account in ids.items()}
    towns = [r[0] for r in store.rows("SELECT id FROM org_unit WHERE kind = 'township' AND voided_at IS NULL"
                                      " ORDER BY sort_order, id")]
    rng = random.Random(HISTORY_VERSION * 977)
    made = 0
    day = first + timedelta(days=rng.randint(1, 5))
    while day <= last:
        category, subtype, facts, description, _weight = rng.choices(INCIDENTS, [i[4] for i in INCIDENTS])[0]
        received = datetime.combine(day, time(rng.choice((7, 9, 10, 11, 14, 15, 16, 19, 22)), rng.randrange(60)),
                                    tzinfo=CST)
        clock.set(received + timedelta(minutes=1))
        incident_id = intake.open_incident(sessions["zhiban"], {
            "received_at": iso(received), "occurred_at": iso(received - timedelta(minutes=rng.randint(10, 50))),
            "channel": "电话", "reporter_unit": "属地乡镇应急办", "reporter_name": "值班人员",
            "reporter_phone": "0000-8800100", "township": rng.choice(towns), "category": category,
            "subtype": subtype, "description": description, "progress": "正在处置", **facts})
        closed = received + timedelta(hours=rng.randint(3, 30))
        _meet_all(sessions, clock, store, incident_id, rng, min(closed, now))
        if closed < now - timedelta(days=1):
            clock.set(max(closed, clock.now()))
            intake.close_incident(sessions["zhiban"], incident_id, note="现场处置完毕，善后移交属地。")
            _meet_all(sessions, clock, store, incident_id, rng, now - timedelta(hours=1))
        made += 1
        day += timedelta(days=rng.randint(3, 9))
    return made


def seed_history(store: Store, now: datetime) -> bool:
    """Fill the months behind the demo week once; returns whether anything was added."""
    if settings.get(store, "demo.history_version") is not None:
        return False
    from dutyroom.demo.dutylog_seed import history_first_day

    first_text = store.scalar("SELECT MIN(duty_date) FROM duty_assignment WHERE voided_at IS NULL")
    if first_text is None:
        return False
    # up to the day before the log already there (the demo week, wherever an older demo file has it)
    logged = store.scalar("SELECT MIN(duty_date) FROM duty_log_entry")
    until = min(history_first_day(store, now), date.fromisoformat(logged) if logged else date.max)
    first, last = date.fromisoformat(first_text), until - timedelta(days=1)
    with store.transaction():
        seed_log_history(store, first, last)
        seed_incident_history(store, first, last - timedelta(days=3), now)
        seed_warning_history(store, first, last - timedelta(days=1))
        settings.set_value(Session(store, SYSTEM_ACTOR, FixedClock(now)), "demo.history_version", HISTORY_VERSION)
    return True
