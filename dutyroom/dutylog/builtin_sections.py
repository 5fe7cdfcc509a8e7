"""The handover sheet's own sections: on duty, the shift's entries, open pending items, leader
instructions in force. (Open incidents and unconfirmed warnings are added by their modules.)"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from dutyroom.clock import parse_iso, short_date
from dutyroom.duty.board import shift_roster
from dutyroom.duty.shifts import Shift
from dutyroom.dutylog import instructions, pending
from dutyroom.dutylog.entries import shift_entries
from dutyroom.dutylog.kinds import entry_kinds, field_text
from dutyroom.dutylog.sections import SectionProvider, SheetItem, SheetSection, register_section
from dutyroom.store import Store

NOTABLE_KINDS = ("warning", "instruction", "roll_call", "directive", "document")
MAX_LINE = 90


def clip(text: str, limit: int = MAX_LINE) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _duty_staff(store: Store, outgoing: Shift, now: datetime) -> SheetSection:
    from dutyroom.dutylog.handover import roster_lines

    lines = roster_lines(shift_roster(store, outgoing))
    return SheetSection("duty_staff", "本班值班人员", lines, empty_text="本班次未排班。")


def _entries(store: Store, outgoing: Shift, now: datetime) -> SheetSection:
    entries = [e for e in shift_entries(store, outgoing.duty_date.isoformat()) if not e["voided_at"]]
    section = SheetSection("entries", "本班值班情况", empty_text="本班次无值班记录。")
    if not entries:
        return section
    counts: Counter[str] = Counter(e["kind"] for e in entries)
    kinds = entry_kinds()
    breakdown = "、".join(f"{kinds[k].label}{counts[k]}条" for k in kinds if counts.get(k))
    section.lines.append(f"共记录 {len(entries)} 条：{breakdown}。")
    for entry in entries:
        notable = (entry["kind"] in NOTABLE_KINDS or entry["pending_total"]
                   or entry["fields"].get("instruction"))
        if not notable:
            continue
        who = f"{entry['counterpart']}：" if entry["counterpart"] else ""
        text = f"{entry['occurred_at'][11:16]} 【{entry['kind_label']}】{who}{clip(entry['summary'])}"
        kind = kinds.get(entry["kind"])
        extra = []
        for key in ("instruction", "handling", "relayed_to", "feedback", "progress"):
            if kind and key in kind.field_map and entry["fields"].get(key):
                extra.append(f"{kind.field(key).label}：{clip(field_text(kind.field(key), entry['fields'][key]), 60)}")
        section.items.append(SheetItem(f"entry:{entry['id']}", text, "；".join(extra)))
    return section


def _pending(store: Store, outgoing: Shift, now: datetime) -> SheetSection:
    section = SheetSection("pending", "未办结事项（待办）", empty_text="无未办结事项。")
    for item in pending.open_items(store, now):
        raised = parse_iso(item["raised_at"])
        parts = [f"{short_date(raised.date())}由{item['raised_by_name']}列入"]
        if item["due_at"]:
            due = parse_iso(item["due_at"])
            parts.append(f"期限 {short_date(due.date())} {due:%H:%M}" + ("，已超期" if item["overdue"] else ""))
        if item["last_note"]:
            parts.append(f"最新进展：{clip(item['last_note'], 60)}")
        section.items.append(SheetItem(f"pending:{item['id']}", clip(item["title"], 120), "；".join(parts),
                                       needs_ack=True, alert=bool(item["overdue"])))
    return section


def _instructions(store: Store, outgoing: Shift, now: datetime) -> SheetSection:
    section = SheetSection("instructions", "仍在执行的领导批示", empty_text="无。")
    for entry in instructions.in_force(store, now):
        fields = entry["fields"]
        when = parse_iso(entry["occurred_at"])
        parts = [f"{short_date(when.date())} {when:%H:%M} 批示"]
        if fields.get("valid_until"):
            parts.append(f"执行至 {fields['valid_until']}")
        if fields.get("progress"):
            parts.append(f"落实情况：{clip(fields['progress'], 60)}")
        section.items.append(SheetItem(f"instruction:{entry['id']}",
                                       f"{fields.get('leader', '')}：{clip(entry['summary'], 120)}",
                                       "；".join(parts), needs_ack=True))
    return section


for provider in (
    SectionProvider("duty_staff", "本班值班人员", 10, _duty_staff),
    SectionProvider("entries", "本班值班情况", 20, _entries),
    SectionProvider("pending", "未办结事项（待办）", 30, _pending),
    SectionProvider("instructions", "仍在执行的领导批示", 40, _instructions),
):
    register_section(provider)
