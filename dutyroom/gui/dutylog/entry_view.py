"""An entry as rich text: its fields, pending items, revisions (the original kept), lift of an instruction."""

from __future__ import annotations

from html import escape
from typing import Any

from dutyroom.clock import parse_iso
from dutyroom.dutylog import instructions
from dutyroom.dutylog.entries import entry_revisions
from dutyroom.dutylog.kinds import entry_kinds, fields_lines
from dutyroom.dutylog.models import EntryDetail
from dutyroom.store import Store


def _when(text: str | None) -> str:
    if not text:
        return ""
    moment = parse_iso(text)
    return f"{moment.month}月{moment.day}日 {moment:%H:%M}"


def _fields_html(kind_key: str, fields: dict[str, Any]) -> str:
    kind = entry_kinds().get(kind_key)
    if kind is None:
        return ""
    rows = "".join(f"<tr><td style='color:#5A6472;padding-right:10px'>{escape(label)}</td>"
                   f"<td>{escape(text)}</td></tr>" for label, text in fields_lines(kind, fields))
    return f"<table cellspacing='2'>{rows}</table>" if rows else ""


def entry_html(store: Store, entry: EntryDetail) -> str:
    parts = [f"<h3 style='margin:0'>{escape(entry['kind_label'])}　{_when(entry['occurred_at'])}</h3>"]
    if entry["voided_at"]:
        parts.append(f"<p style='color:#B3261E'>已作废（{_when(entry['voided_at'])}）：{escape(entry['void_reason'] or '')}</p>")
    parts.append(f"<p>{escape(entry['summary'])}</p>")
    parts.append(_fields_html(entry["kind"], entry["fields"]))
    if entry["detail"]:
        parts.append(f"<p style='color:#1F2329'>{escape(entry['detail'])}</p>")
    parts.append(f"<p style='color:#5A6472'>记录人：{escape(entry['recorded_by_name'])}，"
                 f"记录于 {_when(entry['created_at'])}" + (f"；第 {entry['revision']} 版，最后修改于 "
                                                        f"{_when(entry['updated_at'])}" if entry["revision"] else "")
                 + (f"；来源：{escape(entry['source'])}" if entry.get("source") else "") + "</p>")
    items = store.rows("SELECT title, closed_at, result, closed_by_name, voided_at FROM pending_item"
                       " WHERE entry_id = ? ORDER BY id", (entry["id"],))
    for item in items:
        state = ("已作废" if item["voided_at"] else
                 f"已办结（{escape(item['closed_by_name'] or '')} {_when(item['closed_at'])}：{escape(item['result'])}）"
                 if item["closed_at"] else "<b style='color:#B3261E'>未办结</b>")
        parts.append(f"<p>▲ 待办：{escape(item['title'])} — {state}</p>")
    if entry["kind"] == "instruction":
        lifted = instructions.lift_of(store, entry["id"])
        if lifted:
            parts.append(f"<p>批示已解除：{escape(lifted['lifted_by_name'])} {_when(lifted['lifted_at'])}，"
                         f"{escape(lifted['reason'])}</p>")
        else:
            until = entry["fields"].get("valid_until")
            parts.append(f"<p style='color:#2E5283'>批示执行中{('，至 ' + until) if until else '（直至解除）'}</p>")
    revisions = entry_revisions(store, entry["id"])
    if revisions:
        parts.append("<h4 style='margin-bottom:2px'>修改记录（原记录保留）</h4>")
        for rev in revisions:
            label = "补正" if rev["amendment"] else "更正"
            reason = f"，原因：{escape(rev['reason'])}" if rev["reason"] else ""
            parts.append(f"<p style='margin:2px 0'><b>第 {rev['revision']} 版</b>（{escape(rev['written_by_name'])} "
                         f"{_when(rev['written_at'])}）：{escape(rev['summary'])}<br/>"
                         f"<span style='color:#5A6472'>{_when(rev['replaced_at'])} 由{escape(rev['replaced_by_name'])}"
                         f"{label}{reason}</span></p>")
            parts.append(_fields_html(rev["kind"], rev["fields"]))
    return "".join(parts)
