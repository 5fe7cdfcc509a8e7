"""Chinese full-text search without a C tokenizer: Python-made bigram tokens in a contentless FTS5 table.

SQLite's unicode61 tokenizer keeps a run of hanzi as one token and trigram cannot match two characters
(tech-notes §9). So the text is tokenised here: each run of hanzi becomes overlapping two-character
tokens ("配电柜跳闸" → 配电 电柜 柜跳 跳闸), a lone hanzi stays a token, letters and digits stay words.
Where the original had punctuation or space between runs, a separator token ``|`` is put in, so that a
query phrase never matches across a sentence break. A query term becomes a phrase of the same tokens.
A term that holds a lone hanzi (e.g. "闸") cannot use the index and is matched by substring instead.
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


@dataclass(frozen=True)
class TextQuery:
    """A user's search text split into what the index can answer and what needs a substring scan."""
    match: str | None          # FTS5 MATCH expression (terms ANDed), None when no term can use the index
    substrings: tuple[str, ...]  # terms matched with instr() on the record's text

    @property
    def empty(self) -> bool:
        return self.match is None and not self.substrings


def _has_lone_hanzi(term: str) -> bool:
    return any(len(hanzi) == 1 for hanzi, _word, _gap in _RUNS.findall(normalize(term)) if hanzi)


def parse_query(text: str) -> TextQuery:
    phrases: list[str] = []
    substrings: list[str] = []
    for term in normalize(text).split():
        found = [t for t in tokens(term) if t != SEPARATOR] if _has_lone_hanzi(term) else tokens(term)
        if not found:
            continue
        if _has_lone_hanzi(term):
            substrings.append(term)
            continue
        phrase = '"' + " ".join(found) + '"'
        if re.fullmatch(r"[0-9a-z]+", found[-1]):
            phrase += " *"      # a phone or document number fragment matches the start of a longer one
        phrases.append(phrase)
    return TextQuery(" AND ".join(phrases) if phrases else None, tuple(substrings))


def entry_index_text(row: dict) -> str:
    """The indexed text of a duty-log entry row (summary, detail, who, every field value, recorder).

    Deterministic from the stored row, so the old tokens can be removed from the contentless index.
    """
    import json

    fields = json.loads(row.get("fields_json") or "{}")
    values = [str(v) for v in fields.values() if isinstance(v, str)]
    return index_text((row["summary"], row.get("detail") or "", row.get("counterpart") or "", *values,
                       row.get("recorded_by_name") or ""))
