"""Demo warnings for 示例县: a few warnings of the past weeks relayed through the real operations on a clock set
back in time — complete and incomplete call lists, a B角 answering for an away leader, one person escalated to
the township's principal leaders and the 带班领导, broadcasts, lifts — and one warning in force now, part called.

Before the stories the contact book gets what the relay rules call on: each township head's B角 (the deputy in
charge of emergencies) and the reservoir keepers (水库责任人). Deterministic, and added once (setting
``demo.warnings_version``); a story whose shift was already handed over in this file is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from dutyroom import settings
from dutyroom.clock import CST, Clock, FixedClock, iso, parse_iso
from dutyroom.contacts import people
from dutyroom.demo.contacts_seed import _office_actor
from dutyroom.demo.incidents import Story
from dutyroom.duty.shifts import handover_time, shift_at
from dutyroom.dutylog.shiftstate import is_closed
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store
from dutyroom.warnings import broadcasts, calls, records
from dutyroom.warnings.targets import position_parts

WARNINGS_SEED_VERSION = 1
HEADS = {"镇长", "乡长", "办事处主任"}
RESERVOIRS = (("谭永福", "上坪村", "上坪水库管护员", "10000009001"), ("尹春林", "龙井村", "龙井水库管护员", "10000009002"),
              ("邓建平", "溪口村", "溪口水库管护员", "10000009003"), ("贺明亮", "河口村", "河口山塘管护员", "10000009004"))
STEP = timedelta(seconds=45)          # one call after another


def _contacts(store: Store, clock: Clock) -> None:
    """Township heads stand in for by their deputies in charge of emergencies; reservoir keepers in the book."""
    office = Session(store, _office_actor(store), clock)
    for township_id, in store.rows("SELECT id FROM org_unit WHERE kind = 'township' AND voided_at IS NULL ORDER BY id"):
        staff = store.rows("SELECT id, position, backup_person_id FROM person WHERE unit_id = ? AND voided_at IS NULL"
                           " ORDER BY sort_order, id", (township_id,))
        head = next((p for p in staff if position_parts(p["position"]) & HEADS), None)
        deputy = next((p for p in staff if "分管应急" in p["position"]), None)
        if head and deputy and head["backup_person_id"] is None:
            people.update_contact(office, head["id"], backup_person_id=deputy["id"])
    for name, village, position, phone in RESERVOIRS:
        unit = store.scalar("SELECT id FROM org_unit WHERE name = ? AND kind = 'village'", (village,))
        if unit and not store.scalar("SELECT 1 FROM person WHERE name = ? AND voided_at IS NULL", (name,)):
            people.create_contact(office, name=name, unit_id=unit, position=position, phones=[("mobile", phone)],
                                  tags=["水库责任人"])


def _walk(s: Story, notice_id: int, start: datetime, *, script: dict[str, list[str]] | None = None,
          until: timedelta = timedelta(minutes=40), stop_after: int | None = None,
          officers: tuple[str, ...] = ("zhiban",)) -> datetime:
    """Call down the list as the officers would (several take turns: they call in parallel), next in the queue,
    retries when they fall due.

    ``script`` gives some people their results in turn ("silent" never answers); everyone else answers.
    Stops at ``until`` after ``start``, after ``stop_after`` calls, or when nobody is left.
    """
    script = {name: list(results) for name, results in (script or {}).items()}
    moment, made = start, 0
    while moment - start < until and (stop_after is None or made < stop_after):
        s.clock.set(moment)
        session = s.sessions[officers[made % len(officers)]]
        target = calls.claim_next(session, notice_id)
        if target is None:
            waiting = s.store.scalar("SELECT MIN(next_try_at) FROM warning_target WHERE notice_id = ? AND status ="
                                     " 'no_answer' AND covered_by IS NULL AND next_try_at > ?", (notice_id, iso(moment)))
            if waiting is None:
                break
            moment = parse_iso(waiting)
            continue
        planned = script.get(target["name"])
        result = "no_answer" if planned == ["silent"] else (planned.pop(0) if planned else "answered")
        by = "家属，已叫醒本人" if result == "answered" and target["kind"] == "primary" and made % 9 == 4 else ""
        calls.record_call(session, target["id"], result, answered_by=by)
        made += 1
        moment += STEP / len(officers)
    return moment


def _arrive(s: Story, notice_id: int, names: tuple[str, ...], at: datetime) -> None:
    s.clock.set(at)
    for name in names:
        row = s.store.row("SELECT id FROM warning_target WHERE notice_id = ? AND name = ? AND status = 'answered'",
                          (notice_id, name))
        if row:
            calls.mark_arrived(s.officer, row[0])


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=CST)


def _rain_three_weeks_ago(store: Store, now: datetime) -> None:
    """A yellow rainstorm over three townships, everyone reached (one through the B角), lifted next morning."""
    start = _at(now.date() - timedelta(days=20), 5, 40)
    s = Story(store, start)
    relayed = records.new_warning(s.officer, type="暴雨", level="黄色", areas=["青石镇", "白沙镇", "龙潭镇"],
                                  valid_until=start + timedelta(hours=24), issued_at=start - timedelta(minutes=4),
                                  content="预计今天白天青石镇、白沙镇、龙潭镇累计降雨量将达50毫米以上，局地伴有雷电。",
                                  measures="加强山洪、地质灾害隐患点巡查，做好低洼地带人员转移准备。")
    end = _walk(s, relayed.notice_id, start + timedelta(minutes=1), script={"陈敏": ["no_answer", "busy"]})
    _arrive(s, relayed.notice_id, ("石思", "陈敏", "张梅佳"), end + timedelta(minutes=20))
    s.clock.set(start + timedelta(minutes=35))
    broadcasts.add_broadcast(s.officer, relayed.warning_id, area="龙潭镇/龙潭村", operator="龙潭村 何春",
                             content="暴雨黄色预警：请沿河、低洼地带群众注意防范，听从村委会安排。")
    lift_at = start + timedelta(hours=27)
    s.clock.set(lift_at)
    lifted = records.lift_warning(s.officer, relayed.warning_id)
    _walk(s, lifted.notice_id, lift_at + timedelta(minutes=1))


def _geohazard_two_weeks_ago(store: Store, now: datetime) -> None:
    """An orange geological-hazard warning: 桃源镇's head is away, his B角 (on the list anyway) answers for him."""
    start = _at(now.date() - timedelta(days=12), 15, 10)
    s = Story(store, start)
    office = Session(store, _office_actor(store), s.clock)
    head = store.scalar("SELECT id FROM person WHERE name = '贾浩' AND voided_at IS NULL")
    if head:
        people.set_away(office, head, start.date() - timedelta(days=1), start.date() + timedelta(days=1), "赴省参加培训")
    relayed = records.new_warning(s.officer, type="地质灾害", level="橙色", areas=["松溪乡", "桃源镇"],
                                  source_unit="县自然资源局", valid_until=start + timedelta(hours=36),
                                  content="受持续降雨影响，松溪乡、桃源镇发生地质灾害的风险较高（橙色预警）。",
                                  measures="隐患点群测群防员加密巡查，发现险情立即组织避险转移。")
    _walk(s, relayed.notice_id, start + timedelta(minutes=1), script={"史梓": ["no_answer", "off"]},
          officers=("zhibanzhang", "zhiban"))
    s.clock.set(start + timedelta(minutes=18))
    broadcasts.add_broadcast(s.officer, relayed.warning_id, area="松溪乡/松溪村", operator="松溪村 朱明",
                             content="地质灾害橙色预警：请隐患点周边群众提高警惕，发现裂缝、滑塌立即撤离。")


def _rain_escalated(store: Store, now: datetime) -> None:
    """An orange rainstorm: a village secretary cannot be woken — escalated to the township leaders and the
    带班领导, who get him up; another answers only after the deadline. Lifted; the lift list not finished."""
    start = _at(now.date() - timedelta(days=6), 2, 15)
    s = Story(store, start)
    relayed = records.new_warning(s.officer, type="暴雨", level="橙色", areas=["青石镇", "白沙镇"],
                                  valid_until=start + timedelta(hours=12), issued_at=start - timedelta(minutes=3),
                                  content="预计未来3小时青石镇、白沙镇累计降雨量将达50毫米以上，并伴有短时强降水。",
                                  measures="立即转移危险区群众，水库、山塘按汛限水位运行，人员到岗到位。")
    script = {"宋敏军": ["no_answer", "no_answer", "off", "no_answer", "answered"], "潘霞军": ["silent"],
              "熊超霞": ["busy", "busy"], "谭永福": ["no_answer"]}
    _walk(s, relayed.notice_id, start + timedelta(minutes=1), script=script, until=timedelta(minutes=30),
          officers=("zhiban", "zhibanzhang"))
    _arrive(s, relayed.notice_id, ("钟平勇", "石思", "龙浩胜"), start + timedelta(minutes=45))
    for minutes, place in ((8, "青石镇/下坪村"), (12, "白沙镇/沙洲村"), (15, "青石镇/上坪村")):
        s.clock.set(start + timedelta(minutes=minutes))
        broadcasts.add_broadcast(s.officer, relayed.warning_id, area=place, operator="村应急广播员",
                                 content="暴雨橙色预警：请沿河群众立即向高处转移，不要涉水过河。")
    lift_at = start + timedelta(hours=9)
    s.clock.set(lift_at)
    lifted = records.lift_warning(s.officer, relayed.warning_id)
    _walk(s, lifted.notice_id, lift_at + timedelta(minutes=1), stop_after=9)


def _wind_three_days_ago(store: Store, now: datetime) -> None:
    """A blue gale over the county, called at night: three township flood-control persons never reached."""
    start = _at(now.date() - timedelta(days=3), 21, 5)
    s = Story(store, start)
    relayed = records.new_warning(s.officer, type="大风", level="蓝色", areas=[],
                                  valid_until=start + timedelta(hours=18),
                                  content="预计今夜到明天全县有6级阵风，请做好户外设施加固和森林防火工作。")
    _walk(s, relayed.notice_id, start + timedelta(minutes=2), stop_after=22)


def _rain_now(store: Store, now: datetime) -> None:
    """Twelve minutes ago: a yellow rainstorm over two townships, the list part called — on the board now."""
    start = now - timedelta(minutes=12)
    s = Story(store, start)
    relayed = records.new_warning(s.officer, type="暴雨", level="黄色", areas=["龙潭镇", "松溪乡"],
                                  valid_until=start + timedelta(hours=12),
                                  content="预计未来6小时龙潭镇、松溪乡累计降雨量将达50毫米以上。",
                                  measures="做好山洪、城乡积涝防范，加强水库、山塘巡查。")
    _walk(s, relayed.notice_id, start + timedelta(minutes=1), script={"黄敏辉": ["no_answer", "no_answer"]},
          stop_after=7, until=timedelta(minutes=11))


STORIES: tuple[tuple[Callable[[Store, datetime], None], timedelta], ...] = (
    (_rain_three_weeks_ago, timedelta(days=20)), (_geohazard_two_weeks_ago, timedelta(days=12)),
    (_rain_escalated, timedelta(days=6)), (_wind_three_days_ago, timedelta(days=3)),
    (_rain_now, timedelta(minutes=12)))


def seed_warnings(store: Store, clock: Clock) -> int:
    """Play the stories once; returns how many warnings were added."""
    if settings.get(store, "demo.warnings_version") is not None:
        return 0
    if not store.scalar("SELECT COUNT(*) FROM account WHERE username IN ('zhiban', 'zhibanzhang')"):
        return 0
    now = clock.now().replace(microsecond=0)
    handover = handover_time(store)
    with store.transaction():
        _contacts(store, FixedClock(now))
        for story, ago in STORIES:
            # A file whose duty log is already seeded has those shifts handed over: no entries can go there.
            if not any(is_closed(store, shift_at(now - ago + timedelta(days=d), handover).duty_date) for d in (0, 1)):
                story(store, now)
        settings.set_value(Session(store, SYSTEM_ACTOR, clock), "demo.warnings_version", WARNINGS_SEED_VERSION)
    return int(store.scalar("SELECT COUNT(*) FROM warning"))
