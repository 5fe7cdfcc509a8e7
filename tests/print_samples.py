"""Every printout the app makes, on the demo county and on a long-text fixture that stresses line breaking: long
titles, punctuation at every position of a line, long names in narrow cells, long unit names and entries.

``demo_printouts`` goes through the ``dutyroom print`` kinds (what the CLI and the GUI render); the long-text
ones use the same renderers with data written through the operations (long names, entries, settings) or, for
documents that are drafts of free text, the renderers' own document classes."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime, timedelta

from dutyroom.clock import FixedClock
from dutyroom.store import Store

PrintOut = Callable[[], bytes]


def _kind(store: Store, now: datetime, kind: str, **values: object) -> PrintOut:
    from dutyroom.cli.print_cmd import PRINT_KINDS

    args = argparse.Namespace(**values)
    return lambda: PRINT_KINDS[kind].render(store, args, now)


def demo_printouts(store: Store, now: datetime) -> dict[str, PrintOut]:
    """The demo county seeded at ``now`` (tests.conftest.NOW): every kind, both .docx left to their own tests."""
    reports = [r[0] for r in store.rows("SELECT id FROM incident_report WHERE voided_at IS NULL ORDER BY id")]
    incidents = [r[0] for r in store.rows("SELECT id FROM incident WHERE voided_at IS NULL ORDER BY id")]
    day = now.date()
    out = {
        "week": _kind(store, now, "week", date=day.isoformat()),
        "week-heightened": _kind(store, now, "week", date="2026-07-15"),
        "roster-holidays": _kind(store, now, "roster", month="2026-10", draft=False),
        "roster": _kind(store, now, "roster", month=f"{day:%Y-%m}", draft=False),
        "holiday-duty": _kind(store, now, "holiday-duty", holiday="2026-国庆"),
        "change-notice": _kind(store, now, "change-notice", month=None, id=None),
        "contacts": _kind(store, now, "contacts", unit=None, tag=None),
        "desk-phones": _kind(store, now, "desk-phones"),
        "log-month": _kind(store, now, "log", shift=None, month=f"{day - timedelta(days=day.day):%Y-%m}"),
        "log-shift": _kind(store, now, "log", shift=(day - timedelta(days=1)).isoformat(), month=None),
        "handover": _kind(store, now, "handover", shift=(day - timedelta(days=2)).isoformat()),
        "handover-live": _kind(store, now, "handover", shift=day.isoformat()),
        "daily-report": _kind(store, now, "daily-report", date=(day - timedelta(days=1)).isoformat()),
        "timeliness": _kind(store, now, "timeliness", month=f"{day:%Y-%m}"),
        "statistics-month": _kind(store, now, "statistics", month=f"{day:%Y-%m}", year=None),
        "statistics-year": _kind(store, now, "statistics", month=None, year=day.year),
    }
    out["account-slips"] = lambda: _account_slips(store, now)
    for report_id in reports:
        out[f"report-{report_id}"] = _kind(store, now, "report", id=report_id)
    for incident_id in incidents:
        out[f"phone-card-{incident_id}"] = _kind(store, now, "phone-card", id=incident_id, officer="张伟")
    for (warning_id,) in store.rows("SELECT id FROM warning ORDER BY id"):
        out[f"warning-ledger-{warning_id}"] = _kind(store, now, "warning-ledger", id=warning_id)
    out["warning-stats"] = _kind(store, now, "warning-stats", month=f"{day:%Y-%m}")
    return out


def _account_slips(store: Store, now: datetime, org_name: str | None = None) -> bytes:
    """账户通知单 of every duty person without an account (planned, not created: nothing is written)."""
    from dutyroom import settings
    from dutyroom.auth.bulk import NewAccount, new_password, plan_staff_accounts
    from dutyroom.printing.account_slips import render_account_slips, slips_doc

    made = [NewAccount(p.person_id, p.name, p.unit, p.username, p.role, 0, new_password())
            for p in plan_staff_accounts(store)]
    return render_account_slips(slips_doc(org_name or settings.get(store, "org.name"), made, now))


LONG_NAMES = ["欧阳晓明", "司马相如辉", "爱新觉罗·启星", "诸葛青云", "上官婉儿", "慕容复兴", "端木蓉华", "皇甫嵩岳",
              "令狐冲霄", "东方明珠", "西门吹雪", "南宫问天", "独孤求败", "尉迟敬德", "公孙胜利", "长孙无忌"]
FILLER = "县应急管理局值班室接报后立即核实情况并报告带班领导同时通知属地乡镇和相关部门赶赴现场开展处置工作"
MARKS = ["，", "。", "、", "；", "：", "？", "！", "）", "》", "”", "（", "《", "“", "——", "……"]


def shifting_punctuation(count: int = 30) -> list[str]:
    """Paragraphs that carry every mark one character further along, so each lands at every position of a line."""
    out = []
    for offset in range(count):
        mark = MARKS[offset % len(MARKS)]
        head = FILLER[:offset + 1]
        out.append(f"{head}{mark}{FILLER[offset % 9:offset % 9 + 12]}{MARKS[(offset + 3) % len(MARKS)]}"
                   f"“{FILLER[5:9]}”（{FILLER[10:14]}）——{FILLER[20:26]}……《{FILLER[30:36]}》，"
                   f"电话0000-6600110，时间08:30。")
    return out


def _long_store(store: Store, now: datetime) -> None:
    """Long names for the duty staff, a long organisation name, and a day of long entries, written through the
    operations like any user would."""
    from dutyroom import org, settings
    from dutyroom.dutylog.entries import record_entry
    from dutyroom.session import SYSTEM_ACTOR, Session

    session = Session(store, SYSTEM_ACTOR, FixedClock(now))
    settings.set_value(session, "org.name", "示例县应急管理局（示例县人民政府应急管理办公室）")
    staff = [r[0] for r in store.rows("SELECT DISTINCT person_id FROM duty_assignment WHERE voided_at IS NULL"
                                      " ORDER BY person_id")]
    for person_id, name in zip(staff, LONG_NAMES * 4, strict=False):
        org.update_person(session, person_id, name=name)
    for index, text in enumerate(shifting_punctuation(12)):
        record_entry(session, "call_in", summary=text, occurred_at=now - timedelta(minutes=90 - index * 5),
                     fields={"unit": "示例县人民政府防汛抗旱指挥部办公室（县水利局）", "name": LONG_NAMES[index],
                             "phone": "10000000123", "handling": "已报告带班领导，已通知乡镇应急办（值班室）"},
                     pending="跟踪“" + FILLER[index:index + 20] + "”处置进展——" if index % 4 == 0 else None)


def long_text_printouts(store: Store, now: datetime) -> dict[str, PrintOut]:
    """The demo county with long names and entries, and documents of long free text."""
    from dutyroom.incidents.stats import Tally, Timeliness
    from dutyroom.printing.contacts_book import (
        BookPerson,
        BookSection,
        BookUnit,
        ContactsBookDoc,
        render_contacts_book,
    )
    from dutyroom.printing.daily_report import ReportDoc, render_report_pdf
    from dutyroom.printing.incident_report import (
        PhoneCard,
        Section,
        SpecialReportDoc,
        render_phone_card,
        render_special_report,
    )
    from dutyroom.printing.timeliness import render_timeliness

    _long_store(store, now)
    day = now.date()
    out = {
        "long-week": _kind(store, now, "week", date=day.isoformat()),
        "long-roster": _kind(store, now, "roster", month=f"{day:%Y-%m}", draft=False),
        "long-roster-holidays": _kind(store, now, "roster", month="2026-10", draft=False),
        "long-holiday-duty": _kind(store, now, "holiday-duty", holiday="2026-国庆"),
        "long-change-notice": _kind(store, now, "change-notice", month=None, id=None),
        "long-log": _kind(store, now, "log", shift=day.isoformat(), month=None),
        "long-handover": _kind(store, now, "handover", shift=day.isoformat()),
        "long-daily-report": _kind(store, now, "daily-report", date=day.isoformat()),
        "long-account-slips": lambda: _account_slips(store, now),
    }
    paragraphs = shifting_punctuation(30)
    title = ("龙潭镇黄泥村示例县顺达运输有限公司发生道路交通事故，造成2人死亡、1人受伤，"
             "事故现场已清理完毕，道路恢复通行，处置工作结束")
    special = SpecialReportDoc(
        org_name="示例县应急管理局（示例县人民政府应急管理办公室）", masthead="突发事件信息专报", issue_text="第128期",
        kind_label="续报十二", title=title, addressee="示例市应急管理局、示例市人民政府总值班室", signer="欧阳晓明",
        day=date(2026, 11, 24),
        sections=[Section("事件概况", paragraphs[:10]), Section("伤亡及损失情况", paragraphs[10:20]),
                  Section("处置情况", paragraphs[20:]), Section("下步工作", ["持续跟踪，及时续报。"])],
        sent_to="示例市应急管理局总值班室、示例市人民政府总值班室、县委办公室、县政府办公室",
        contact="联系人：司马相如辉　　联系电话：0000-6600110", draft=False, number="2026-128",
        printed_at=now)
    out["long-special-report"] = lambda: render_special_report(special)
    out["long-special-report-draft"] = lambda: render_special_report(
        SpecialReportDoc(**{**special.__dict__, "draft": True, "signer": "", "title": title * 2}))
    card = PhoneCard(
        number="2026-128", title=title, grade_line="较大（死亡3人 → 较大；涉险10人以上 → 较大涉险）",
        flag_lines=["较大涉险：被困3人以上", "敏感时段：全国两会期间"], recipient="示例市应急管理局总值班室",
        recipient_phone="0000-1234567", due_text="11月24日10:30前（较大及以上事件30分钟内电话报告上级）",
        lines=[(label, paragraphs[n]) for n, label in enumerate(("事件概况", "发生地点", "伤亡情况", "信息来源"))],
        measures=paragraphs[5], requests=paragraphs[6][:100], officer="爱新觉罗·启星", duty_phone="0000-6600110",
        printed_at=now)
    out["long-phone-card"] = lambda: render_phone_card(card)
    report = ReportDoc(title="示例县应急管理局（示例县人民政府应急管理办公室）值班日报（第128期）",
                       org_name="示例县应急管理局（示例县人民政府应急管理办公室）",
                       period="2026年11月23日08:30至11月24日08:30",
                       body="\n".join(["一、总体情况", *paragraphs[:8], "二、突发事件", *paragraphs[8:16],
                                       "（一）道路交通事故", *paragraphs[16:24], "三、值班人员", "带班领导：欧阳晓明"]),
                       staff=[f"{role}：{name}" for role, name in zip(("带班领导", "值班长", "值班员", "值班员"),
                                                                     LONG_NAMES, strict=False)],
                       send_to="示例市应急管理局总值班室、县委办公室、县政府办公室、县委县政府总值班室", printed_at=now)
    out["long-daily-report-doc"] = lambda: render_report_pdf(report)
    people = [BookPerson(name, "防汛抗旱指挥部办公室常务副主任（兼应急管理局党组书记）", "10000000123\n10000000124",
                         "0000-6600110", "值班 0000-6600111\n传真 0000-6600119", "26-11-01", n % 3 == 0)
              for n, name in enumerate(LONG_NAMES)]
    book = ContactsBookDoc("示例县应急管理局（示例县人民政府应急管理办公室）", now, date(2026, 11, 1), 90, "",
                           [BookSection("县防汛抗旱指挥部成员单位及各乡镇（街道）人民政府", [
                               BookUnit("示例县人民政府防汛抗旱指挥部办公室（县水利局）", "", 0, "0000-6600110",
                                        "0000-6600119", people),
                               BookUnit("龙潭镇人民政府（龙潭镇应急管理办公室、龙潭镇防汛抗旱指挥部）", "", 1, "", "",
                                        people[:4])])])
    out["long-contacts"] = lambda: render_contacts_book(book)
    stats = Timeliness(2026, 11, total=Tally(3, 2, 1, 0), by_grade={"I": Tally(), "II": Tally(1), "III": Tally(1, 1),
                                                                       "IV": Tally(1, 1, 1)},
                       by_step={"书面首报（较大及以上事件60分钟内）": Tally(1, 1), "电话报告上级": Tally(2, 1, 1)},
                       late_items=[{"number": f"2026-{n:03d}", "title": title, "step": "书面首报（较大及以上）",
                                    "due_at": "2026-11-20T10:30:00+08:00", "met_at": "2026-11-20T11:45:00+08:00",
                                    "late_minutes": 75 + n} for n in range(6)])
    out["long-timeliness"] = lambda: render_timeliness(stats, now)
    out.update(_long_warnings(store, now, paragraphs))
    return out


def _long_warnings(store: Store, now: datetime, paragraphs: list[str]) -> dict[str, PrintOut]:
    """The 台账 of the demo's escalated warning with long names, units, content and answers; the statistics with
    long township names."""
    import copy

    from dutyroom.printing.warning_ledger import LedgerDoc, render_ledger
    from dutyroom.printing.warning_stats import render_warning_stats
    from dutyroom.warnings.queries import warning_json
    from dutyroom.warnings.stats import month_stats

    warning_id = store.scalar("SELECT warning_id FROM warning_target WHERE escalated_at IS NOT NULL LIMIT 1")
    shown = copy.deepcopy(warning_json(store, warning_id, now))
    shown["content"], shown["measures"] = "".join(paragraphs[:3]), "".join(paragraphs[3:5])
    shown["source"] = "示例县人民政府防汛抗旱指挥部办公室（县水利局）"
    for notice in shown["notices"]:
        notice["content"] = paragraphs[6]
        for n, target in enumerate(notice["targets"]):
            target["name"] = LONG_NAMES[n % len(LONG_NAMES)]
            target["unit"] = "龙潭镇人民政府（龙潭镇应急管理办公室、龙潭镇防汛抗旱指挥部）"
            target["position"] = "党委委员、副镇长（分管应急管理和防汛抗旱工作）"
            for attempt in target["attempts"]:
                attempt["answered_by"] = attempt["answered_by"] and "其爱人（已叫醒本人，本人随后回电确认）"
    for broadcast in shown["broadcasts"]:
        broadcast["content"], broadcast["operator"] = paragraphs[7], "欧阳晓明（村应急广播员）"
    doc = LedgerDoc("示例县应急管理局（示例县人民政府应急管理办公室）", shown, now)
    stats = month_stats(store, now.year, now.month, now)
    stats.silent_by_township = {f"{name}镇人民政府（街道办事处）": n for n, name in enumerate(LONG_NAMES[:5], start=1)}
    return {"long-warning-ledger": lambda: render_ledger(doc),
            "long-warning-stats": lambda: render_warning_stats(stats, doc.org_name, now)}

