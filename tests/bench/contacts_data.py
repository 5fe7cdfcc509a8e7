"""A large, seeded, fictional county for the contact benchmarks: N units in a realistic tree, M persons.

Written straight into a migrated store with SQL (the way an import of years of data would leave it);
pinyin keys are computed like the operations compute them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from dutyroom.contacts.pinyin import name_keys, text_keys
from dutyroom.store import Store
from tests.bench.common import bulk_load

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃单解仇区查乐翟")
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
TOWN_WORDS = "青石白沙龙潭松溪桃源清水河口金山银河高桥新田长坪黄土石门柳林杉木枫树竹园梅花凤凰马鞍牛角岩头"
POSITIONS = ("党委书记", "镇长", "副镇长", "武装部长", "村党支部书记", "村委会主任", "灾害信息员", "水利员", "网格员",
             "科员", "股长", "副局长", "局长", "值班员", "队长", "安全员", "护林员", "山洪预警员")
TAGS = ("防汛责任人", "灾害信息员", "森林防火", "地灾群测群防员", "山洪预警员", "救援队长", "专家")


@dataclass(frozen=True)
class County:
    unit_ids: list[int]
    person_ids: list[int]
    names: list[str]
    phones: list[str]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def build_county(store: Store, *, units: int = 2000, persons: int = 20000, seed: int = 4) -> County:
    rng = random.Random(seed)
    at = "2026-11-24T10:00:00+08:00"
    unit_ids: list[int] = []
    names: list[str] = []
    phones: list[str] = []
    person_ids: list[int] = []
    with bulk_load(store.path) as conn:
        towns = max(1, units // 25)
        parents: list[int | None] = []
        for number in range(units):
            if number < towns:
                name = rng.choice(TOWN_WORDS) + rng.choice(TOWN_WORDS) + rng.choice(("镇", "乡", "街道"))
                parent, kind = None, "township"
            else:
                parent = unit_ids[rng.randrange(towns)]
                name = rng.choice(TOWN_WORDS) + rng.choice(TOWN_WORDS) + rng.choice(("村", "社区"))
                kind = "village"
            keys = text_keys(name)
            cursor = conn.execute(
                "INSERT INTO org_unit(parent_id, name, kind, duty_phone, sort_order, created_at, updated_at,"
                " name_initials, name_pinyin) VALUES (?,?,?,?,?,?,?,?,?)",
                (parent, name, kind, f"0000-{8000000 + number}", number, at, at, keys.initials, keys.pinyin))
            unit_ids.append(int(cursor.lastrowid))
            parents.append(parent)
        for number in range(persons):
            name = _name(rng)
            keys = name_keys(name)
            unit = unit_ids[rng.randrange(units)]
            verified = None if rng.random() < 0.3 else f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"
            cursor = conn.execute(
                "INSERT INTO person(name, unit_id, position, sort_order, created_at, updated_at, name_initials,"
                " name_pinyin, verified_on) VALUES (?,?,?,?,?,?,?,?,?)",
                (name, unit, rng.choice(POSITIONS), number, at, at, keys.initials, keys.pinyin, verified))
            person_id = int(cursor.lastrowid)
            mobile = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            conn.execute("INSERT INTO person_phone(person_id, kind, number, sort_order) VALUES (?,?,?,0)",
                         (person_id, "mobile", mobile))
            if rng.random() < 0.5:
                conn.execute("INSERT INTO person_phone(person_id, kind, number, sort_order) VALUES (?,?,?,1)",
                             (person_id, "office", f"0{rng.randint(700, 799)}-{rng.randrange(10**7, 10**8)}"))
            if rng.random() < 0.3:
                conn.execute("INSERT INTO person_tag(person_id, tag, sort_order) VALUES (?,?,0)",
                             (person_id, rng.choice(TAGS)))
            person_ids.append(person_id)
            names.append(name)
            phones.append(mobile)
    return County(unit_ids, person_ids, names, phones)


def keystroke_queries(county: County, rng: random.Random, count: int) -> list[str]:
    """What a duty officer types, one prefix per keystroke: names, initials, full pinyin, phone digits,
    unit names, tags, and two-term queries."""
    from dutyroom.contacts.pinyin import name_keys

    typed: list[str] = []
    while len(typed) < count:
        pick = rng.randrange(len(county.names))
        name = county.names[pick]
        keys = name_keys(name)
        style = rng.randrange(6)
        if style == 0:
            word = name
        elif style == 1:
            word = keys.initials.split("|")[0]
        elif style == 2:
            word = keys.pinyin.split("|")[0].replace(" ", "")
        elif style == 3:
            phone = county.phones[pick]
            start = rng.randrange(0, 5)
            word = phone[start:start + rng.randint(4, 7)]
        elif style == 4:
            word = rng.choice(TOWN_WORDS) + rng.choice(TOWN_WORDS)
        else:
            word = rng.choice(TOWN_WORDS) + rng.choice(TOWN_WORDS) + " " + rng.choice(TAGS)[:2]
        typed += [word[:n] for n in range(1, len(word) + 1) if not word[:n].endswith(" ")]
    return typed[:count]
