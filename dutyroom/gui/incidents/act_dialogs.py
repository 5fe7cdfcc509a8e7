"""Recording acts on an incident or a report, each a small form over one operation: 完成 (an obligation
met), 调整等级, 处置结束, 核报要求, 记录报送, 电话确认."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from PySide6.QtWidgets import QWidget

from dutyroom import settings
from dutyroom.clock import parse_iso
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.dialogs import QuickDialog, Spec
from dutyroom.incidents import intake
from dutyroom.incidents.models import IncidentRow, ObligationRow, ReportRow
from dutyroom.incidents.rules import GRADE_LABELS, GRADES

HOW_CHOICES = ("电话", "当面", "传真", "政务专网", "应急指挥综合业务系统", "短信", "微信")


def on_duty_leader_name(ctx: AppContext) -> str:
    from dutyroom.duty.board import today_board

    board = today_board(ctx.store, ctx.session.now())
    leaders = board.current.by_role("leader")
    return f"带班领导{leaders[0].name}" if leaders else "带班领导"


def meet_dialog(ctx: AppContext, obligation: ObligationRow, parent: QWidget | None = None) -> QuickDialog:
    from dutyroom.incidents import obligations

    recipient = obligation["recipient"]
    if obligation["step"] == "notify_leader":
        recipient = on_duty_leader_name(ctx)
    elif obligation["step"] == "phone_report":
        recipient = str(settings.get(ctx.store, "incidents.upper_unit"))
    due = parse_iso(obligation["due_at"])
    how = "电话" if obligation["meet"] == "act" else "传真"
    specs = [Spec("met_at", "完成时间", "datetime", ctx.session.now()),
             Spec("how", "方式", "editable", how, HOW_CHOICES),
             Spec("to", "报告对象", "text", recipient, hint="单位和接听人姓名，如 市应急管理局总值班室 张明"),
             Spec("note", "说明", "text", "", hint="选填；未在本软件报送的报告须注明报送方式和文号")]
    return QuickDialog(
        f"记录完成 — {obligation['label']}", f"时限：{due:%m月%d日 %H:%M}前。完成人记为当前账户"
                                         f"（{ctx.session.actor.display_name}）。", specs,
        lambda v: obligations.meet(ctx.session, obligation["id"], met_at=v["met_at"], how=v["how"], to=v["to"],
                                   note=v["note"]), "记录完成", parent)


def grade_dialog(ctx: AppContext, incident: IncidentRow, parent: QWidget | None = None) -> QuickDialog:
    computed = GRADE_LABELS[incident["computed_grade"]]
    options = (f"按计算等级（{computed}）",) + tuple(GRADE_LABELS[g] for g in GRADES)

    def apply(values: dict[str, Any]) -> list[str]:
        choice = values["grade"]
        return intake.override_grade(ctx.session, incident["id"], None if choice.startswith("按计算") else choice,
                                     values["reason"])

    return QuickDialog("调整事件等级", f"按伤亡和损失计算为“{computed}”。人工认定须写明依据；调整后报送时限随之重新计算，"
                                   "记入审计记录。", [Spec("grade", "认定等级", "combo", GRADE_LABELS[incident["grade"]],
                                                          options), Spec("reason", "认定依据", "area")],
                       apply, "调整等级", parent)


def close_dialog(ctx: AppContext, incident: IncidentRow, parent: QWidget | None = None) -> QuickDialog:
    return QuickDialog(
        "记录处置结束", "记录后停止续报计时，开始终报计时；已超时未报的续报仍须补报。",
        [Spec("closed_at", "处置结束时间", "datetime", ctx.session.now()),
         Spec("note", "结束情况", "area", hint="如：被困人员全部救出，现场处置结束")],
        lambda v: intake.close_incident(ctx.session, incident["id"], closed_at=v["closed_at"], note=v["note"]),
        "记录处置结束", parent)


def verification_dialog(ctx: AppContext, incident: IncidentRow, parent: QWidget | None = None) -> QuickDialog:
    from dutyroom.incidents import obligations

    now = ctx.session.now()
    specs = [Spec("requested_by", "提出单位和人员", "text", settings.get(ctx.store, "incidents.upper_unit")),
             Spec("request", "核报要求", "area"), Spec("due_at", "核报时限", "datetime", now + timedelta(hours=2))]
    if incident["category"] == "自然灾害":
        specs.append(Spec("disaster", "", "check", False, hint="核报灾情（灾情核报）"))
    return QuickDialog(
        "登记上级核报要求", "上级要求核报的事项登记后即开始计时，报送核报后完成。", specs,
        lambda v: obligations.request_verification(ctx.session, incident["id"], requested_by=v["requested_by"],
                                                   request=v["request"], due_at=v["due_at"],
                                                   disaster=bool(v.get("disaster"))), "登记", parent)


def send_dialog(ctx: AppContext, report: ReportRow, parent: QWidget | None = None) -> QuickDialog:
    from dutyroom.incidents import reports

    default_channel = "灾情管理系统" if report["form"] == "disaster" else "传真"
    specs = [Spec("to", "报送对象", "text", settings.get(ctx.store, "incidents.upper_unit")),
             Spec("channel", "报送方式", "editable", default_channel, reports.SEND_CHANNELS),
             Spec("sent_at", "报送时间", "datetime", ctx.session.now())]
    return QuickDialog(
        "记录报送", "报送后报告不可再改；发现错误请起草更正报告。报送后请电话确认对方收到。", specs,
        lambda v: reports.mark_sent(ctx.session, report["id"], to=v["to"], channel=v["channel"], sent_at=v["sent_at"]),
        "记录报送", parent)


def confirm_dialog(ctx: AppContext, report: ReportRow, parent: QWidget | None = None) -> QuickDialog:
    from dutyroom.incidents import reports

    return QuickDialog(
        "电话确认接收", f"确认人记为当前账户（{ctx.session.actor.display_name}）。",
        [Spec("confirmed_with", "对方接收人", "text", "", hint="单位和姓名，如 市应急管理局总值班室 张明"),
         Spec("confirmed_at", "确认时间", "datetime", ctx.session.now())],
        lambda v: reports.confirm_receipt(ctx.session, report["id"], confirmed_with=v["confirmed_with"],
                                          confirmed_at=v["confirmed_at"]), "记录确认", parent)
