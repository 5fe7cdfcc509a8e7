"""The warnings of the months behind the demo week, relayed through the real operations (``warnings.records``
and ``warnings.calls``, as the warnings demo plays its stories): about one a week in the flood season (April to
September: rainstorms, thunder, mountain torrents, geological hazards), one or two a month otherwise (gales,
cold waves, fog, road ice, forest fire danger). Most people answer at the first or second call; now and then one
never does (B角, then escalation), and an orange list with its five minutes is not always done in time.

Deterministic (random generators seeded by the date); part of ``history_seed.seed_history``'s one transaction.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from dutyroom.clock import CST
from dutyroom.demo.incidents import Story
from dutyroom.demo.warnings_seed import _walk
from dutyroom.store import Store
from dutyroom.warnings import records

# (type, level, weight, what the source says)
FLOOD_SEASON = (("暴雨", "蓝色", 5, "预计未来12小时{areas}累计降雨量将达30毫米以上。"),
                ("暴雨", "黄色", 4, "预计未来6小时{areas}累计降雨量将达50毫米以上。"),
                ("暴雨", "橙色", 2, "预计未来3小时{areas}累计降雨量将达50毫米以上，并伴有短时强降水。"),
                ("雷电", "黄色", 3, "预计未来6小时{areas}将发生雷电活动，可能会造成雷电灾害事故。"),
                ("山洪", "蓝色", 2, "受强降雨影响，{areas}部分山洪沟发生山洪的可能性较大。"),
                ("地质灾害", "黄色", 2, "受持续降雨影响，{areas}发生地质灾害的风险较高。"))
OTHER_MONTHS = (("大风", "蓝色", 3, "预计未来24小时{areas}有6级阵风，请做好户外设施加固。"),
                ("寒潮", "蓝色", 2, "受冷空气影响，预计48小时内{areas}最低气温下降8℃以上。"),
                ("大雾", "黄色", 2, "预计未来12小时{areas}将出现能见度小于500米的浓雾。"),
                ("道路结冰", "黄色", 1, "预计未来12小时{areas}将出现对交通有影响的道路结冰。"),
                ("森林火险", "黄色", 2, "近期天干物燥，{areas}森林火险等级高，请严格管控野外用火。"))
MEASURES = "请各乡镇（街道）加强值班值守，做好防范应对，发现险情及时报告。"


def _townships(store: Store) -> list[str]:
    return [r[0] for r in store.rows("SELECT name FROM org_unit WHERE kind = 'township' AND voided_at IS NULL"
                                     " ORDER BY sort_order, id")]


def _script(store: Store, notice_id: int, rng: random.Random) -> dict[str, list[str]]:
    """Who on the list does not answer at once: some at the second or third call, one now and then never."""
    names = [r[0] for r in store.rows("SELECT name FROM warning_target WHERE notice_id = ? AND kind = 'primary'"
                                      " ORDER BY seq", (notice_id,))]
    script: dict[str, list[str]] = {}
    for name in names:
        roll = rng.random()
        if roll < 0.04:
            script[name] = ["silent"]
        elif roll < 0.16:
            script[name] = [rng.choice(("no_answer", "busy", "off")), "answered"]
        elif roll < 0.20:
            script[name] = ["no_answer", "no_answer", "answered"]
    return script


def _relay_one(store: Store, day: date, rng: random.Random, towns: list[str]) -> None:
    kinds = FLOOD_SEASON if day.month in range(4, 10) else OTHER_MONTHS
    kind, level, _weight, text = rng.choices(kinds, [k[2] for k in kinds])[0]
    areas = rng.sample(towns, rng.randint(1, min(3, len(towns))))
    start = datetime.combine(day, time(rng.choice((2, 6, 8, 10, 14, 16, 17, 20, 22)), rng.randrange(60)), tzinfo=CST)
    story = Story(store, start)
    relayed = records.new_warning(story.officer, type=kind, level=level, areas=areas,
                                  issued_at=start - timedelta(minutes=rng.randint(2, 9)),
                                  valid_until=start + timedelta(hours=rng.choice((12, 24, 36))),
                                  content=text.format(areas="、".join(areas)), measures=MEASURES)
    officers = ("zhiban", "zhibanzhang") if level == "橙色" else ("zhiban",)
    _walk(story, relayed.notice_id, start + timedelta(minutes=1), script=_script(store, relayed.notice_id, rng),
          until=timedelta(minutes=50), officers=officers)
    if rng.random() < 0.6:
        lift_at = start + timedelta(hours=rng.randint(6, 11))
        story.clock.set(lift_at)
        lifted = records.lift_warning(story.officer, relayed.warning_id)
        _walk(story, lifted.notice_id, lift_at + timedelta(minutes=1), until=timedelta(minutes=30))


def seed_warning_history(store: Store, first: date, last: date) -> int:
    """Warnings received from ``first`` to ``last`` (inside the caller's transaction); returns how many."""
    if not store.scalar("SELECT COUNT(*) FROM account WHERE username IN ('zhiban', 'zhibanzhang', 'daiban')"):
        return 0
    towns = _townships(store)
    made = 0
    day = first
    while day <= last:
        rng = random.Random(day.toordinal() * 7919 + 1)
        if rng.random() < (0.17 if day.month in range(4, 10) else 0.05):
            _relay_one(store, day, rng, towns)
            made += 1
        day += timedelta(days=1)
    return made
