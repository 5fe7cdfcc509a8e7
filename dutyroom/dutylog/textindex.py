"""Chinese full-text search without a C tokenizer: Python-made bigram tokens in a contentless FTS5 table.

SQLite's unicode61 tokenizer keeps a run of hanzi as one token and trigram cannot match two characters
(tech-notes §9). So the text is tokenised here: each run of hanzi becomes overlapping two-character
tokens ("配电柜跳闸" → 配电 电柜 柜跳 跳闸), a lone hanzi stays a token, letters and digits stay words.
Where the original had punctuation or space between runs, a separator token ``|`` is put in, so that a
query phrase never matches across a sentence break. A query term becomes a phrase of the same tokens.

A second column holds each distinct hanzi of the record once, so that a one-character query (a surname,
"塌") is answered by the index too; a term that mixes a lone hanzi with other text is narrowed by that
column and then checked by substring.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

SEPARATOR = "|"
FTS_TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '|'"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(f"([{_CJK}]+)|([0-9a-z]+)|([^{_CJK}0-9a-z]+)")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def tokens(text: str) -> list[str]:
    """The token stream of ``text`` (separators included, leading/trailing ones dropped)."""
    out: list[str] = []
    for hanzi, word, gap in _RUNS.findall(normalize(text)):
        if gap:
            if out and out[-1] != SEPARATOR:
                out.append(SEPARATOR)
        elif word:
            out.append(word)
        elif len(hanzi) == 1:
            out.append(hanzi)
        else:
            out.extend(hanzi[i:i + 2] for i in range(len(hanzi) - 1))
    while out and out[-1] == SEPARATOR:
        out.pop()
    return out


def index_text(parts: Iterable[str]) -> str:
    """What goes into the FTS table for a record made of several texts (kept apart by separators)."""
    stream: list[str] = []
    for part in parts:
        found = tokens(part)
        if found:
            if stream:
                stream.append(SEPARATOR)
            stream.extend(found)
    return " ".join(stream)


def distinct_hanzi(parts: Iterable[str]) -> str:
    """The second indexed column: every hanzi of the record once."""
    seen: dict[str, None] = {}
    for part in parts:
        for hanzi, _word, _gap in _RUNS.findall(normalize(part)):
            for char in hanzi:
                seen.setdefault(char, None)
    return " ".join(seen)


@dataclass(frozen=True)
class TextQuery:
    """A user's search text as an FTS5 expression, plus the terms that must still be checked by substring."""
    match: str | None          # FTS5 MATCH expression (terms ANDed), None when the text has no terms
    substrings: tuple[str, ...]  # terms the index only narrows down (a lone hanzi next to other text)

    @property
    def empty(self) -> bool:
        return self.match is None


def _lone_hanzi(term: str) -> list[str]:
    return [hanzi for hanzi, _word, _gap in _RUNS.findall(term) if len(hanzi) == 1]


def parse_query(text: str, column: str = "body") -> TextQuery:
    """``column`` is the bigram column phrases go to: body (everything) or who (people and units)."""
    clauses: list[str] = []
    substrings: list[str] = []
    for term in normalize(text).split():
        found = tokens(term)
        if not [t for t in found if t != SEPARATOR]:
            continue
        lone = _lone_hanzi(term)
        if lone:
            clauses.extend(f'chars : "{char}"' for char in dict.fromkeys(lone))
            if len(term) > 1:
                substrings.append(term)
            continue
        phrase = f'{column} : "' + " ".join(found) + '"'
        if re.fullmatch(r"[0-9a-z]+", found[-1]):
            phrase += " *"      # a phone or document number fragment matches the start of a longer one
        clauses.append(phrase)
    return TextQuery(" AND ".join(clauses) if clauses else None, tuple(substrings))


#: fields that name a person or unit (besides the counterpart): searched by the 人员/单位 filter
WHO_FIELDS = ("unit", "name", "title", "phone", "from_unit", "issuer", "leader", "checker_unit", "checker_name", "answered_by",
              "source", "targets", "relay_to")


def entry_index_text(row: dict) -> tuple[str, str, str]:
    """The indexed columns of a duty-log entry row: body (bigrams of summary, detail, who, every field value,
    recorder), chars (each hanzi once), who (bigrams of the people and units only). Deterministic from the
    stored row, so the old tokens can be removed from the contentless index."""
    import json

    fields = json.loads(row.get("fields_json") or "{}")
    values = [str(v) for v in fields.values() if isinstance(v, str)]
    parts = (row["summary"], row.get("detail") or "", row.get("counterpart") or "", *values,
             row.get("recorded_by_name") or "")
    who = (row.get("counterpart") or "", row.get("recorded_by_name") or "",
           *(str(fields[k]) for k in WHO_FIELDS if isinstance(fields.get(k), str)))
    return index_text(parts), distinct_hanzi(parts), index_text(who)
