"""Pinyin search keys for names, computed when a name is written and stored beside it.

pypinyin reads a surname as an ordinary word, so 曾 comes out "ceng", 单 "dan", 解 "jie"; a surname table
is consulted first (compound surnames before single ones), pypinyin does the rest. Polyphonic characters
in the given name get their second common reading as an extra variant, so 王乐 is found by "wl" and "wy".

Keys are stored as text: variants separated by ``|``; in ``pinyin`` each variant's syllables are
separated by spaces ("zeng xiao xian|..."), ``initials`` holds the first letters ("zxx|...").
pypinyin takes ~0.3 s to import: it is imported on the first key computed, never at start-up.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from types import ModuleType

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


@dataclass(frozen=True)
class SearchKeys:
    initials: str
    pinyin: str


def _pypinyin() -> ModuleType:
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


def _keys_from_options(options: Sequence[tuple[str, ...]]) -> SearchKeys:
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
