"""预警叫应台账 of one warning (A4 portrait, GB/T 9704): the warning, then for each notice (the warning itself, each
change, the lift) the rule it was relayed by, how the list went, and every person with every call — time,
channel, number, result, who answered — the time to answer, escalations; the 应急广播 used; signatures.

The document is read from the records only (``warnings.queries.warning_json``): printing it again prints the
same 台账.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from dutyroom.clock import chinese_date, parse_iso
from dutyroom.store import Store

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

    from dutyroom.printing.page import Styles

    class LedgerStyles(Styles):
        """The page styles with the 台账's own three (set on the instance by ``ledger_styles``)."""
        note_centre: ParagraphStyle
        small_heading: ParagraphStyle
        anchor: ParagraphStyle


@dataclass(frozen=True)
class LedgerDoc:
    org_name: str
    warning: dict[str, Any]         # warnings.queries.warning_json
    printed_at: datetime

    @property
    def title(self) -> str:
        return "预警叫应台账"

    @property
    def subtitle(self) -> str:
        w = self.warning
        return f"{w['type']}{w['level']}预警（编号{w['number']}，{w['status_label']}）"


def ledger_doc(store: Store, warning_id: int, now: datetime) -> LedgerDoc:
    from dutyroom import settings
    from dutyroom.warnings.queries import warning_json

    return LedgerDoc(str(settings.get(store, "org.name")), warning_json(store, warning_id, now), now)


def _when(text: str | None, day: Any = None) -> str:
    """"09:31" on the day given, "25日09:31" on another day, "11月24日09:31" without a day."""
    if not text:
        return "—"
    moment = parse_iso(text)
    if day is None:
        return f"{moment.month}月{moment.day}日{moment:%H:%M}"
    return f"{moment:%H:%M}" if moment.date() == day else f"{moment.day}日{moment:%H:%M}"


def _reached_at(target: dict[str, Any], by_id: dict[int, dict[str, Any]]) -> str | None:
    if target["answered_at"]:
        return target["answered_at"]
    backup = by_id.get(target["covered_by"]) if target["covered_by"] else None
    return backup["answered_at"] if backup else None


def _status(target: dict[str, Any], by_id: dict[int, dict[str, Any]], day: Any) -> str:
    if target["covered_by"] and target["covered_by"] in by_id:
        backup = by_id[target["covered_by"]]
        return f"B角{backup['name']}代应"
    about = [by_id[i] for i in target["escalation_for"] if i in by_id]
    if target["kind"] == "escalation" and not target["answered_at"] and about and all(_reached_at(t, by_id)
                                                                                         for t in about):
        return "已无需上报"
    text = target["status_label"]
    if target["status"] == "arrived":
        text += f"\n{_when(target['arrived_at'], day)}"
    if target["escalated_at"]:
        text += "\n已上报"
    return text


def _attempts(target: dict[str, Any], day: Any) -> str:
    lines = []
    for a in target["attempts"]:
        number = f" {a['number']}" if a["number"] else ""
        by = f"（接听人：{a['answered_by']}）" if a["answered_by"] else ""
        lines.append(f"{_when(a['at'], day)} {a['channel']}{number} {a['result_label']}{by}")
    return "\n".join(lines) or "未叫应"


def _who(target: dict[str, Any]) -> str:
    mark = {"leader": "［带班领导］", "backup": "［B角］", "escalation": "［上报］"}.get(target["kind"], "")
    unit = "　".join(p for p in (target["unit"], target["position"]) if p)
    away = f"\n外出：{target['away']}" if target["away"] else ""
    return f"{mark}{target['name']}\n{unit}{away}"


def _answer(target: dict[str, Any], received: datetime, day: Any) -> str:
    from dutyroom.warnings.queries import duration_text

    if not target["answered_at"]:
        return "—"
    took = (parse_iso(target["answered_at"]) - received).total_seconds()
    return f"{_when(target['answered_at'], day)}\n用时{duration_text(took)}"


def notice_summary(notice: dict[str, Any]) -> str:
    from dutyroom.warnings.duty_parts import summary_text
    from dutyroom.warnings.queries import Summary

    s = notice["summary"]
    summary = Summary(s["total"], s["answered"], s["arrived"], s["silent"], s["escalated"], s["by_backup"],
                      s["leader_told"], s["escalations_open"], None)
    received = parse_iso(notice["received_at"])
    text = (f"{_when(notice['received_at'])}接收，影响{'、'.join(notice['areas']) or '全县'}。"
            f"叫应规则：{notice['rule']}。")
    if notice["mode"] == "notice":
        return text + f"只发通知，共{s['total']}人。"
    text += summary_text(summary) + "。"
    if notice["deadline"]:
        deadline = parse_iso(notice["deadline"])
        text += f"全部应答时限{_when(notice['deadline'], received.date())}"
        answers = [t["answered_at"] for t in notice["targets"] if t["answered_at"] and t["kind"] in ("primary", "backup")]
        if s["silent"] == 0 and answers:
            last = parse_iso(max(answers))
            text += f"，{_when(max(answers), received.date())}全部应答" + ("（超时）。" if last > deadline else "。")
        else:
            text += "。"
    if notice["closed_at"]:
        text += f"{_when(notice['closed_at'], received.date())}结束（{notice['closed_reason']}）。"
    return text


def _notice_story(notice: dict[str, Any], number: str, styles: Any, width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from dutyroom.printing.page import para, spacer, table

    received = parse_iso(notice["received_at"])
    day = received.date()
    heading = {"issue": "预警发布", "lift": "预警解除"}.get(notice["kind"], f"预警{notice['kind_label']}（{notice['level']}）")
    story: list[Any] = [spacer(2), para(f"{number}、{heading}的叫应情况", styles.small_heading),
                        para(notice_summary(notice), styles.note)]
    if notice["kind"] != "issue" and notice["content"]:
        story.append(para(f"通知内容：{notice['content']}", styles.note))
    by_id = {t["id"]: t for t in notice["targets"]}
    head = [para(t, styles.table_header) for t in ("序号", "叫应对象", "叫应经过", "应答", "状态")]
    rows = [head] + [[para(str(n), styles.table_cell_centre), para(_who(t), styles.table_cell),
                      para(_attempts(t, day), styles.table_cell), para(_answer(t, received, day), styles.table_cell),
                      para(_status(t, by_id, day), styles.table_cell)]
                     for n, t in enumerate(notice["targets"], start=1)]
    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8"))]
    story.append(table(rows, [9 * mm, 36 * mm, width - 92 * mm, 26 * mm, 21 * mm], grid, repeat_rows=1))
    escalated = [t for t in notice["targets"] if t["escalated_at"]]
    if escalated:
        story.append(para("未叫醒上报情况：", styles.note))
        for t in escalated:
            story.append(para(_escalation_line(t, notice["targets"], by_id, day), styles.note))
    return story


def _tries_before(silent: dict[str, Any], by_id: dict[int, dict[str, Any]]) -> str:
    """"本人叫应2次、B角陶琪1次未应答": the calls that put the person on the 未叫醒 list."""
    def unanswered(target: dict[str, Any]) -> int:
        return sum(1 for a in target["attempts"] if a["result"] not in ("answered", "sent")
                   and a["at"] <= silent["escalated_at"])

    text = f"本人叫应{unanswered(silent)}次"
    backup = by_id.get(silent["backup_target_id"]) if silent["backup_target_id"] else None
    if backup is not None and unanswered(backup):
        text += f"、B角{backup['name']}{unanswered(backup)}次"
    return text + "未应答"


def _escalation_line(silent: dict[str, Any], targets: list[dict[str, Any]], by_id: dict[int, dict[str, Any]],
                     day: Any) -> str:
    to = [e for e in targets if e["kind"] == "escalation" and silent["id"] in e["escalation_for"]]
    text = (f"{silent['unit']}{silent['name']}：{_tries_before(silent, by_id)}，{_when(silent['escalated_at'], day)}"
            f"上报{'、'.join(e['name'] for e in to) or '（无可上报对象）'}")
    answered = [f"{e['name']}{_when(e['answered_at'], day)}应答" for e in to if e["answered_at"]]
    if answered:
        text += "；" + "、".join(answered)
    reached = _reached_at(silent, by_id)
    if reached:
        backup = by_id.get(silent["covered_by"]) if silent["covered_by"] else None
        who = f"由B角{backup['name']}代为应答" if backup else "本人应答"
        text += f"；{_when(reached, day)}{who}"
    elif not answered:
        text += "；上报对象尚未应答"
    return text + "。"


def render_ledger(doc: LedgerDoc) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from dutyroom.printing.page import PORTRAIT, build_pdf, keep_tail, para, spacer, table

    styles = ledger_styles()
    width = PORTRAIT.text_width
    w = doc.warning
    story: list[Any] = [para(doc.title, styles.title), para(f"{doc.org_name}　{doc.subtitle}", styles.note_centre)]
    facts = [("发布单位", w["source"]), ("预警种类", f"{w['type']}　{w['level']}（{_roman(w['level_code'])}级）"),
             ("发布时间", _when(w["issued_at"])), ("有效期至", _when(w["valid_until"]) if w["valid_until"] else "未注明"),
             ("接收时间", _when(w["received_at"])), ("影响范围", "、".join(w["areas"]) or "全县"),
             ("预警内容", w["content"])]
    if w["measures"]:
        facts.append(("防御措施", w["measures"]))
    if w["lifted_at"]:
        facts.append(("解除时间", _when(w["lifted_at"])))
    if w["status"] == "voided":
        facts.append(("作废原因", w["void_reason"] or ""))
    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#EEEEEE"))]
    story.append(table([[para(k, styles.table_header), para(v, styles.table_cell)] for k, v in facts],
                       [24 * mm, width - 24 * mm], grid))
    numbers = iter("一二三四五六七八九十" * 3)
    for notice in w["notices"]:
        story += _notice_story(notice, next(numbers), styles, width)
    story += [spacer(2), para(f"{next(numbers)}、应急广播（村村响）", styles.small_heading)]
    if w["broadcasts"]:
        head = [para(t, styles.table_header) for t in ("时间", "乡镇（村）", "广播内容", "操作人")]
        rows = [head] + [[para(_when(b["at"]), styles.table_cell), para(b["area"], styles.table_cell),
                          para(b["content"], styles.table_cell), para(b["operator"], styles.table_cell)]
                         for b in w["broadcasts"]]
        story.append(table(rows, [26 * mm, 32 * mm, width - 80 * mm, 22 * mm],
                           [*grid[:2], ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8"))], repeat_rows=1))
    else:
        story.append(para("未使用应急广播。", styles.note))
    story.append(keep_tail(spacer(4), signature_lines(["记录人", "值班长", "带班领导"], styles, width),
                           para(f"打印时间：{chinese_date(doc.printed_at.date())}{doc.printed_at:%H:%M}",
                                styles.anchor)))
    return build_pdf(story, title=f"{doc.title}（{w['number']}）", subject="预警叫应台账", author=doc.org_name,
                     created=doc.printed_at)


def ledger_styles() -> LedgerStyles:
    """The page's styles plus a small heading (四号黑体), a centred note and a small centred line."""
    from reportlab.lib.enums import TA_CENTER

    from dutyroom.printing.page import SIZE_4, derive, make_styles

    styles = cast("LedgerStyles", make_styles(table_size=10.5))      # the three below are set on it here
    styles.note_centre = derive(styles.note, "note_centre", alignment=TA_CENTER, spaceAfter=6)
    styles.small_heading = derive(styles.heading, "small_heading", fontSize=SIZE_4, leading=SIZE_4 * 1.6,
                                  firstLineIndent=0)
    styles.anchor = derive(styles.table_note, "anchor", alignment=TA_CENTER, spaceBefore=6)
    return styles


def signature_lines(labels: list[str], styles: Any, width: float) -> Any:
    """"记录人：________" side by side, one per label."""
    from dutyroom.printing.page import NO_PADDING, para, table

    cells = [para(f"{label}：__________", styles.table_cell) for label in labels]
    return table([cells], [width / len(labels)] * len(labels), [*NO_PADDING, ("BOTTOMPADDING", (0, 0), (-1, -1), 6)])


def _roman(level_code: str) -> str:
    from dutyroom.warnings.catalog import LEVEL_ROMAN

    return LEVEL_ROMAN.get(level_code, "")
