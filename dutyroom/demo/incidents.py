"""Demo incidents for 示例县: a few believable, clearly fictional events in different states.

Each story is played through the real operations on a clock set back in time, so every record,
duty-log entry, clock and audit row is what a duty room would have produced. Seeded once: nothing is
added when the file already has any incident.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from dutyroom.auth import accounts
from dutyroom.clock import FixedClock, iso, parse_iso
from dutyroom.incidents import disaster, intake, obligations, reports
from dutyroom.session import Session
from dutyroom.store import Store

UPPER = "示例市应急管理局总值班室"


class Story:
    """Sessions of the demo accounts on one clock that the story moves forward."""

    def __init__(self, store: Store, start: datetime) -> None:
        self.store = store
        self.clock = FixedClock(start)
        self.sessions = {name: Session(store, accounts.actor_for(store, store.scalar(
            "SELECT id FROM account WHERE username = ?", (name,))), self.clock)
            for name in ("zhiban", "zhibanzhang", "daiban")}

    @property
    def officer(self) -> Session:
        return self.sessions["zhiban"]

    @property
    def chief(self) -> Session:
        return self.sessions["zhibanzhang"]

    @property
    def leader(self) -> Session:
        return self.sessions["daiban"]

    def at(self, **delta: float) -> datetime:
        return self.clock.advance(**delta)

    def unit(self, name: str) -> int:
        return int(self.store.scalar("SELECT id FROM org_unit WHERE name = ?", (name,)))

    def meet(self, incident_id: int, step: str, to: str, how: str = "电话") -> None:
        row = self.store.one("SELECT id FROM incident_obligation WHERE incident_id = ? AND step = ? AND status = 'open'",
                             (incident_id, step))
        obligations.meet(self.officer, row[0], how=how, to=to)

    def report(self, incident_id: int, kind: str, fill: dict[str, str]) -> int:
        report_id = reports.create_report(self.officer, incident_id, kind)
        body = {**_body(self.store, report_id), **fill}
        reports.update_report(self.officer, report_id, body=body)
        return report_id

    def sign_and_send(self, report_id: int, minutes_to_sign: float = 6, minutes_to_send: float = 3) -> None:
        self.at(minutes=minutes_to_sign)
        reports.sign_off(self.leader, report_id)
        self.at(minutes=minutes_to_send)
        reports.mark_sent(self.officer, report_id, to=UPPER, channel="传真")
        self.at(minutes=4)
        reports.confirm_receipt(self.officer, report_id, confirmed_with=f"{UPPER} 周倩")


def _body(store: Store, report_id: int) -> dict[str, Any]:
    import json

    return json.loads(reports.get_report(store, report_id)["body_json"])


def _caller(unit: str, name: str, phone: str) -> dict[str, Any]:
    return {"reporter_unit": unit, "reporter_name": name, "reporter_phone": phone, "channel": "电话"}


def _road_accident(store: Store, now: datetime) -> None:
    """Three days ago: a road accident, handled, reported, closed with its 终报."""
    s = Story(store, now - timedelta(days=3, hours=4))
    received = s.at(minutes=0)
    incident_id = intake.open_incident(s.officer, {
        **_caller("县公安局交警大队", "韩立新", "0000-8800043"), "received_at": iso(received),
        "occurred_at": iso(received - timedelta(minutes=25)), "township": s.unit("龙潭镇"),
        "village": s.unit("黄泥村"), "place_detail": "县道X052线12公里处", "category": "事故灾难",
        "subtype": "道路交通事故", "accident_type": "车辆伤害", "unit_name": "示例县顺达运输有限公司",
        "unit_nature": "民营企业", "unit_industry": "道路运输",
        "description": "一辆中型货车与一辆三轮摩托车相撞，三轮摩托车驾乘人员1人当场死亡、2人受伤。",
        "dead": 1, "injured": 2, "progress": "正在处置",
        "measures": "交警、120已到场处置，伤员送县人民医院救治，现场已管控。"})
    s.at(minutes=6)
    s.meet(incident_id, "notify_leader", "带班领导 刘丽平")
    s.at(minutes=40)
    first = s.report(incident_id, "initial", {})
    s.sign_and_send(first)
    s.at(hours=5)
    intake.add_call(s.officer, incident_id, _caller("县人民医院", "邓医生", "0000-8800061"),
                    summary="1名伤者经抢救无效死亡，另1人伤情稳定", changes={"dead": 2, "injured": 1})
    s.at(minutes=30)
    update = s.report(incident_id, "followup", {"next_steps": "配合交警部门做好事故调查和善后工作。"})
    s.sign_and_send(update)
    s.at(hours=20)
    intake.close_incident(s.officer, incident_id, note="现场清理完毕，善后工作移交属地，处置结束。")
    s.at(hours=2)
    final = s.report(incident_id, "final", {"cause": "货车驾驶人疲劳驾驶，未按规定让行。",
                                            "aftermath": "龙潭镇负责善后，交警部门依法调查处理。"})
    s.sign_and_send(final)


def _mine_flooding(store: Store, now: datetime) -> None:
    """This morning: water inrush in a coal mine, 较大; 首报 sent, 续报 due this afternoon."""
    s = Story(store, now - timedelta(hours=4, minutes=20))
    received = s.at(minutes=0)
    incident_id = intake.open_incident(s.officer, {
        **_caller("青石镇应急管理办公室", "王建国", "0000-7710001"), "received_at": iso(received),
        "occurred_at": iso(received - timedelta(minutes=35)), "township": s.unit("青石镇"),
        "village": s.unit("上坪村"), "place_detail": "示例煤业有限公司二号井-210米水平", "category": "事故灾难",
        "subtype": "工矿商贸生产安全事故", "accident_type": "透水", "unit_name": "示例煤业有限公司",
        "unit_nature": "民营企业", "unit_industry": "煤矿",
        "description": "二号井-210米水平掘进工作面发生透水，当班下井18人，已升井13人，5人被困。",
        "trapped": 5, "progress": "正在救援", "commander_name": "李振华", "commander_title": "县人民政府副县长",
        "commander_phone": "10000001201", "leaders_on_scene": "县政府分管副县长、县应急局局长已赶赴现场。",
        "measures": "启动县级应急预案，矿山救护队下井搜救，调集排水设备排水。", "requests": "请求市矿山救护队支援。"})
    s.at(minutes=5)
    s.meet(incident_id, "notify_leader", "带班领导 刘丽平")
    s.at(minutes=14)
    s.meet(incident_id, "phone_report", f"{UPPER} 周倩")
    s.at(minutes=10)
    first = s.report(incident_id, "initial", {"trend": "井下水位仍在上涨，救援难度较大。"})
    s.sign_and_send(first, minutes_to_sign=5, minutes_to_send=3)
    s.at(hours=1, minutes=50)
    intake.add_call(s.officer, incident_id, _caller("县应急管理局现场工作组", "陈刚", "10000001202"),
                    summary="搜救出3人，均已无生命体征；2人仍被困，排水持续进行",
                    changes={"dead": 3, "trapped": 2})


def _chemical_leak(store: Store, now: datetime) -> None:
    """Twelve minutes ago: a chemical leak with 600 evacuated — 较大涉险, the clocks are running."""
    s = Story(store, now - timedelta(minutes=12))
    received = s.at(minutes=0)
    incident_id = intake.open_incident(s.officer, {
        **_caller("示例化工有限公司", "赵安全", "0000-8800091"), "received_at": iso(received),
        "occurred_at": iso(received - timedelta(minutes=10)), "township": s.unit("白沙镇"),
        "village": s.unit("河口村"), "place_detail": "示例化工有限公司储罐区", "category": "事故灾难",
        "subtype": "危险化学品事故", "accident_type": "中毒和窒息", "unit_name": "示例化工有限公司",
        "unit_nature": "民营企业", "unit_industry": "危险化学品",
        "description": "储罐区一液氨管道法兰泄漏，企业已紧急关阀，周边两个村组群众正在疏散。",
        "evacuated": 600, "injured": 3, "progress": "正在处置",
        "measures": "企业启动应急预案关阀堵漏，消防救援大队到场稀释，周边群众疏散。"})
    s.at(minutes=4)
    s.meet(incident_id, "notify_leader", "带班领导 刘丽平")


def _school_food(store: Store, now: datetime) -> None:
    """Forty minutes ago: students ill after lunch — sensitive group; phone report made, 首报 awaiting sign-off."""
    s = Story(store, now - timedelta(minutes=41))
    received = s.at(minutes=0)
    incident_id = intake.open_incident(s.officer, {
        **_caller("县卫生健康局", "孙敏", "0000-8800071"), "received_at": iso(received),
        "occurred_at": iso(received - timedelta(hours=1)), "township": s.unit("桃源镇"),
        "place_detail": "中心小学", "category": "公共卫生事件", "subtype": "食品安全事件",
        "unit_name": "桃源镇中心小学", "unit_nature": "机关事业单位", "unit_industry": "学校",
        "description": "午餐后12名学生出现腹痛、呕吐症状，已送镇卫生院和县人民医院观察治疗，无危重病例。",
        "injured": 12, "sensitive_group": True, "progress": "正在处置",
        "measures": "封存留样食品，疾控中心采样检测，教育部门通知家长。"})
    s.at(minutes=7)
    s.meet(incident_id, "notify_leader", "带班领导 刘丽平")
    s.at(minutes=15)
    s.meet(incident_id, "phone_report", f"{UPPER} 周倩")
    s.at(minutes=10)
    s.report(incident_id, "initial", {"trend": "患病学生症状较轻，病情稳定。"})


def _heavy_rain(store: Store, now: datetime) -> None:
    """Yesterday: heavy rain, one person missing — a natural disaster with its 灾情初报 sent."""
    s = Story(store, now - timedelta(hours=22))
    received = s.at(minutes=0)
    songxi, longtan = s.unit("松溪乡"), s.unit("龙潭镇")
    incident_id = intake.open_incident(s.officer, {
        **_caller("松溪乡人民政府", "周海", "0000-7740001"), "received_at": iso(received),
        "occurred_at": iso(received - timedelta(hours=3)), "township": songxi, "village": s.unit("溪口村"),
        "place_detail": "松溪河沿岸", "category": "自然灾害", "subtype": "洪涝灾害",
        "description": "受强降雨影响，松溪河水位上涨，溪口村部分农田和民房进水，1名村民外出查看水情时失联。",
        "missing": 1, "progress": "正在救援", "measures": "组织转移沿河群众，救援队沿河搜寻失联人员。"})
    s.at(minutes=5)
    s.meet(incident_id, "notify_leader", "带班领导 刘丽平")
    s.at(minutes=70)
    report_id = disaster.create_disaster_report(s.officer, incident_id, "initial")
    body = _body(store, report_id)
    body["fields"].update({"hazard": "洪涝", "summary": "强降雨过程致松溪乡、龙潭镇部分村组受灾，1人失踪，正在搜寻。"})
    body["figures"] = {
        str(songxi): {"affected": 1350, "missing": 1, "relocated": 210, "need_relief": 80, "crop_affected": 96.5,
                      "crop_failed": 12, "houses_general": 14, "loss_wan": 185},
        str(longtan): {"affected": 620, "relocated": 75, "crop_affected": 40, "houses_general": 5, "loss_wan": 62.5}}
    reports.update_report(s.officer, report_id, body=body)
    s.sign_and_send(report_id)
    daily = store.one("SELECT due_at FROM incident_obligation WHERE incident_id = ? AND step = 'disaster_daily'"
                      " AND status = 'open'", (incident_id,))
    due = parse_iso(daily[0])
    if due < now:   # the morning's 24小时零报告 went out on time
        s.clock.set(due - timedelta(minutes=40))
        report_id = disaster.create_disaster_report(s.officer, incident_id, "followup")
        body = _body(store, report_id)
        body["fields"]["summary"] = "降雨减弱，松溪河水位回落；失联人员仍在搜寻。"
        body["figures"][str(songxi)].update({"affected": 1480, "relocated": 260, "crop_affected": 101.5})
        reports.update_report(s.officer, report_id, body=body)
        s.sign_and_send(report_id, minutes_to_sign=10, minutes_to_send=5)


STORIES: tuple[Callable[[Store, datetime], None], ...] = (_road_accident, _heavy_rain, _mine_flooding, _school_food,
                                                          _chemical_leak)


def seed_incidents(store: Store, now: datetime) -> int:
    """Play the stories once; returns how many incidents were added (0 when any already exist)."""
    if store.scalar("SELECT COUNT(*) FROM incident"):
        return 0
    if not store.scalar("SELECT COUNT(*) FROM account WHERE username IN ('zhiban', 'zhibanzhang', 'daiban')"):
        return 0
    for story in STORIES:
        story(store, now.replace(microsecond=0))
    return int(store.scalar("SELECT COUNT(*) FROM incident"))
