"""Finding a person for a form (the caller of a logged call, the reporter of an incident) straight from the
database: by name, pinyin initials or full pinyin (the keys stored when the name was written), any digit
fragment of a phone, or the unit's name. Ranked like the 通讯录 search box; no index to build first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dutyroom.store import Store

DEFAULT_LIMIT = 12
_ASCII = re.compile(r"^[a-z]+$")


@dataclass(frozen=True)
class FoundPerson:
    person_id: int
    name: str
    unit_name: str
    position: str
    phone: str          # the number that matched, else the first one
    rank: int


def find_people(store: Store, text: str, limit: int = DEFAULT_LIMIT) -> list[FoundPerson]:
    """Active persons matching ``text``, best first: exact name, name prefix, initials, full pinyin, name
    or unit containing the text, then a phone containing its digits."""
    text = "".join((text or "").split()).lower()
    if not text:
        return []
    digits = re.sub(r"\D", "", text)
    letters = text if _ASCII.match(text) else ""
    phone_query = len(digits) >= 3 and len(digits) >= len(text) - 1
    rows = store.rows(
        """
        SELECT * FROM (
            SELECT p.id, p.name, p.position, COALESCE(u.name, '') AS unit_name, p.is_staff, p.sort_order,
                   (SELECT number FROM person_phone WHERE person_id = p.id ORDER BY sort_order, id LIMIT 1)
                       AS first_phone,
                   (SELECT number FROM person_phone WHERE person_id = p.id AND :digits <> ''
                       AND instr(replace(replace(number, '-', ''), '+', ''), :digits) ORDER BY sort_order LIMIT 1)
                       AS matched_phone,
                   CASE
                       WHEN p.name = :text THEN 0
                       WHEN substr(p.name, 1, length(:text)) = :text THEN 1
                       WHEN :letters <> '' AND ('|' || p.name_initials || '|') LIKE '%|' || :letters || '|%' THEN 2
                       WHEN :letters <> '' AND ('|' || p.name_initials) LIKE '%|' || :letters || '%' THEN 3
                       WHEN :letters <> '' AND ('|' || replace(p.name_pinyin, ' ', ''))
                            LIKE '%|' || :letters || '%' THEN 4
                       WHEN instr(p.name, :text) THEN 5
                       WHEN instr(COALESCE(u.name, ''), :text) THEN 6
                   END AS text_rank
            FROM person p LEFT JOIN org_unit u ON u.id = p.unit_id
            WHERE p.voided_at IS NULL
        )
        WHERE text_rank IS NOT NULL OR (:phone_query AND matched_phone IS NOT NULL)
        ORDER BY COALESCE(text_rank, 7), is_staff DESC, sort_order, id
        LIMIT :limit
        """,
        {"text": text, "letters": letters, "digits": digits if phone_query else "",
         "phone_query": int(phone_query), "limit": limit},
    )
    return [FoundPerson(r["id"], r["name"], r["unit_name"], r["position"], r["matched_phone"] or r["first_phone"] or "",
                        7 if r["text_rank"] is None else r["text_rank"]) for r in rows]
