"""Who should cover a published duty its holder cannot take (approved leave): the fairest free person.

The ranking is the planner's own (``planning.candidates``: free people first, fewest duties, holidays and rest
days first), and every proposal is checked like an approval would check it (``changes.check``: rest rules,
absences, same-day duties against everything in force) — together with the proposals made before it, so two
duties of one leave never go to one person who would then have no rest between them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from dutyroom.roster.changes import Effect, check
from dutyroom.roster.planning import candidates
from dutyroom.store import Store

TRIES = 8        # free candidates checked per duty before saying nobody fits


@dataclass(frozen=True)
class Proposal:
    assignment: dict[str, Any]
    substitute_id: int | None
    substitute_name: str
    why_none: str        # when nobody was proposed: "无可代班人员：3人请假、2人需休息"


def _why_word(conflict: str) -> str:
    if "休息" in conflict or "次日已排" in conflict or "前一日值班" in conflict:
        return "需休息"
    if conflict.startswith("当日已任"):
        return "当日已值班"
    if conflict.startswith("本月值班已达上限"):
        return "已达本月上限"
    return conflict.split("（")[0]


def _nobody(conflicts: list[str]) -> str:
    counts = Counter(_why_word(c) for c in conflicts)
    return "无可代班人员" + ("：" + "、".join(f"{n}人{word}" for word, n in counts.most_common()) if counts else "")


def propose(store: Store, duties: list[dict[str, Any]], away_person: int) -> list[Proposal]:
    """One proposal per duty (date order), ``away_person`` never proposed."""
    chosen: list[Effect] = []
    out = []
    for duty in sorted(duties, key=lambda d: (d["duty_date"], d["role"], d["position"])):
        day = date.fromisoformat(duty["duty_date"])
        ranked = [c for c in candidates(store, day, duty["role"], duty["position"], duty["shift"])
                  if c.person_id != away_person]
        pick = None
        for candidate in [c for c in ranked if c.free][:TRIES]:
            effect = Effect(duty, candidate.person_id)
            if not check(store, [*chosen, effect]):
                pick, chosen = candidate, [*chosen, effect]
                break
        if pick is not None:
            out.append(Proposal(duty, pick.person_id, pick.name, ""))
        else:
            out.append(Proposal(duty, None, "", _nobody([c.conflict for c in ranked if c.conflict])))
    return out
