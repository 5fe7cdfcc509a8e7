"""The contact tree (通讯录): search keys, tags, A/B backup, away status, verification, groups, desk phones.

Persons and units stay the foundation's one model; this adds columns and side tables, then computes the
pinyin search keys of every name already in the file.

The key rules are frozen below as they were when this migration was written (a copy of
dutyroom/contacts/pinyin.py at commit a944c21): a migration must mean the same thing whenever it runs, so it
never imports the live app code. tests/test_migrations.py compares the copy with the live rules: if those
change, the keys of existing names need a new migration that recomputes them.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from typing import NamedTuple

STATEMENTS = (
    # Pinyin search keys, written together with the name (see dutyroom/contacts/pinyin.py).
    "ALTER TABLE person ADD COLUMN name_initials TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE person ADD COLUMN name_pinyin TEXT NOT NULL DEFAULT ''",
    # A/B角: whom to call when this person cannot be reached.
    "ALTER TABLE person ADD COLUMN backup_person_id INTEGER REFERENCES person(id)",
    # 外出报备: away from .. until (dates, inclusive) and where / why.
    "ALTER TABLE person ADD COLUMN away_from TEXT",
    "ALTER TABLE person ADD COLUMN away_until TEXT",
    "ALTER TABLE person ADD COLUMN away_note TEXT NOT NULL DEFAULT ''",
    # Last verification of the entry: date (YYYY-MM-DD), by whom (account name), how.
    "ALTER TABLE person ADD COLUMN verified_on TEXT",
    "ALTER TABLE person ADD COLUMN verified_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE person ADD COLUMN verified_how TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE org_unit ADD COLUMN name_initials TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE org_unit ADD COLUMN name_pinyin TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE org_unit ADD COLUMN verified_on TEXT",
    "ALTER TABLE org_unit ADD COLUMN verified_by TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE org_unit ADD COLUMN verified_how TEXT NOT NULL DEFAULT ''",
    """CREATE TABLE person_tag (
        person_id INTEGER NOT NULL REFERENCES person(id),
        tag TEXT NOT NULL CHECK (length(trim(tag)) > 0),
        sort_order INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (person_id, tag)
    ) WITHOUT ROWID""",
    "CREATE INDEX person_tag_tag ON person_tag(tag)",
    # Named lists of persons for the warning relay: fixed members, a rule (tags / units / unit kinds), or both.
    """CREATE TABLE contact_group (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        description TEXT NOT NULL DEFAULT '',
        rule_json TEXT,
        sort_order INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        voided_at TEXT,
        void_reason TEXT
    )""",
    "CREATE UNIQUE INDEX contact_group_name ON contact_group(name) WHERE voided_at IS NULL",
    """CREATE TABLE contact_group_member (
        group_id INTEGER NOT NULL REFERENCES contact_group(id),
        person_id INTEGER NOT NULL REFERENCES person(id),
        sort_order INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (group_id, person_id)
    ) WITHOUT ROWID""",
    # 值班台常用电话: the numbers the office puts on the duty desk. A line linked to a person or a unit
    # shows that record's current number; otherwise its own.
    """CREATE TABLE desk_phone (
        id INTEGER PRIMARY KEY,
        section TEXT NOT NULL DEFAULT '',
        label TEXT NOT NULL CHECK (length(trim(label)) > 0),
        number TEXT NOT NULL DEFAULT '',
        person_id INTEGER REFERENCES person(id),
        unit_id INTEGER REFERENCES org_unit(id),
        note TEXT NOT NULL DEFAULT '',
        sort_order INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        voided_at TEXT,
        void_reason TEXT,
        CHECK (number <> '' OR person_id IS NOT NULL OR unit_id IS NOT NULL)
    )""",
    "CREATE INDEX person_backup ON person(backup_person_id) WHERE backup_person_id IS NOT NULL",
)



# -- search-key rules, frozen (see the module docstring) ---------------------------------------------

MAX_VARIANTS = 4

# Surnames whose reading differs from the character's everyday reading (or that pypinyin gets wrong).
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {
    "尉迟": ("yu", "chi"), "万俟": ("mo", "qi"), "长孙": ("zhang", "sun"), "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"), "欧阳": ("ou", "yang"), "诸葛": ("zhu", "ge"), "司马": ("si", "ma"),
    "上官": ("shang", "guan"), "东方": ("dong", "fang"), "皇甫": ("huang", "fu"), "令狐": ("ling", "hu"),
    "夏侯": ("xia", "hou"), "公孙": ("gong", "sun"), "宇文": ("yu", "wen"), "慕容": ("mu", "rong"),
    "司徒": ("si", "tu"), "西门": ("xi", "men"), "轩辕": ("xuan", "yuan"), "呼延": ("hu", "yan"),
    "端木": ("duan", "mu"), "赫连": ("he", "lian"), "百里": ("bai", "li"), "闻人": ("wen", "ren"),
}
SURNAMES: dict[str, str] = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "乐": "yue", "翟": "zhai",
    "覃": "qin", "缪": "miao", "盖": "ge", "朴": "piao", "尉": "yu", "种": "chong", "秘": "bi", "繁": "po",
    "员": "yun", "召": "shao", "郇": "huan", "句": "gou", "纪": "ji", "任": "ren", "沈": "shen", "长": "chang",
    "重": "chong", "折": "she", "能": "nai", "过": "guo", "隗": "wei", "黑": "he", "谌": "chen", "逄": "pang",
    "卜": "bu", "薄": "bo", "柏": "bai", "贾": "jia", "乜": "nie", "莘": "shen", "都": "du", "费": "fei",
    "蕃": "pi", "番": "pan", "角": "jue", "宁": "ning", "华": "hua", "燕": "yan", "洗": "xian", "冼": "xian",
    "阚": "kan", "禚": "zhuo", "藏": "zang", "哈": "ha", "那": "na", "石": "shi", "叶": "ye", "应": "ying",
    "万": "wan", "和": "he", "强": "qiang"
}
# Characters read two ways in given names; either reading finds the person.
GIVEN_NAME_READINGS: dict[str, tuple[str, ...]] = {
    "乐": ("le", "yue"), "长": ("chang", "zhang"), "朝": ("zhao", "chao"), "重": ("zhong", "chong"),
    "行": ("xing", "hang"), "茜": ("qian", "xi"), "莎": ("sha", "suo"), "蔚": ("wei", "yu"),
    "澄": ("cheng", "deng"), "单": ("dan", "shan"), "曾": ("ceng", "zeng"), "解": ("jie", "xie"),
    "仇": ("chou", "qiu"), "区": ("qu", "ou"), "查": ("cha", "zha"), "翟": ("di", "zhai"), "覃": ("tan", "qin"),
    "朴": ("pu", "piao"), "缪": ("miu", "miao"), "盖": ("gai", "ge"), "尉": ("wei", "yu"), "都": ("du", "dou"),
    "和": ("he", "huo"), "会": ("hui", "kuai"), "奇": ("qi", "ji"), "传": ("chuan", "zhuan"),
    "调": ("diao", "tiao"), "薄": ("bo", "bao"), "卜": ("bu", "bo"), "参": ("can", "shen"),
    "厦": ("xia", "sha"), "率": ("shuai", "lv"), "员": ("yuan", "yun"), "宿": ("su", "xiu"),
    "秘": ("mi", "bi"), "柏": ("bai", "bo"), "贲": ("ben", "bi"), "阿": ("a", "e"), "叶": ("ye", "xie"),
}
_SPACES = re.compile(r"\s+")


class SearchKeys(NamedTuple):  # a dataclass needs its module in sys.modules, which a migration is not
    initials: str
    pinyin: str


def _pypinyin():  # noqa: ANN202 - the module
    import pypinyin

    return pypinyin


def _syllable_options(text: str) -> list[tuple[str, ...]]:
    """For each syllable of ``text``: pypinyin's reading in context, then the other common one if any."""
    pypinyin = _pypinyin()
    readings = pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL, errors=lambda chars: [chars])
    if len(readings) != len(text):  # a run of non-hanzi came back as one item: no alternatives then
        return [(r.lower(),) for r in readings if r.strip()]
    options = []
    for char, reading in zip(text, readings, strict=True):
        reading = reading.lower()
        other = [r for r in GIVEN_NAME_READINGS.get(char, ()) if r != reading]
        options.append((reading, *other))
    return options


def _keys_from_options(options: list[tuple[str, ...]]) -> SearchKeys:
    variants = []
    for combo in itertools.islice(itertools.product(*options), MAX_VARIANTS):
        syllables = [s for s in combo if s.strip()]
        variants.append(" ".join(syllables))
    variants = list(dict.fromkeys(v for v in variants if v))
    initials = list(dict.fromkeys("".join(s[0] for s in v.split()) for v in variants))
    return SearchKeys("|".join(initials), "|".join(variants))


def _clean(text: str) -> str:
    return _SPACES.sub("", str(text or "")).lower()


def name_keys(name: str) -> SearchKeys:
    """Keys for a person's name: the surname from the surname table, the rest from pypinyin."""
    name = _clean(name)
    if not name:
        return SearchKeys("", "")
    head: list[tuple[str, ...]] = []
    rest = name
    for size in (2, 1):
        reading = COMPOUND_SURNAMES.get(name[:size]) if size == 2 else None
        if reading:
            head, rest = [(s,) for s in reading], name[2:]
            break
        if size == 1 and name[0] in SURNAMES:
            head, rest = [(SURNAMES[name[0]],)], name[1:]
    options = head + (_syllable_options(rest) if rest else [])
    return _keys_from_options(options)


def text_keys(text: str) -> SearchKeys:
    """Keys for a unit name or other text (no surname rule; only the everyday reading)."""
    text = _clean(text)
    if not text:
        return SearchKeys("", "")
    options = [(o[0],) for o in _syllable_options(text)]
    return _keys_from_options(options)


def migrate(conn: sqlite3.Connection) -> None:
    for statement in STATEMENTS:
        conn.execute(statement)
    for table, keys in (("person", name_keys), ("org_unit", text_keys)):
        rows = conn.execute(f"SELECT id, name FROM {table}").fetchall()
        for row_id, name in rows:
            found = keys(name)
            conn.execute(f"UPDATE {table} SET name_initials = ?, name_pinyin = ? WHERE id = ?",
                         (found.initials, found.pinyin, row_id))
