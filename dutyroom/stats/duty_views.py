"""The 值班 view: duties per person by role and day type, 春节 and 国庆 over the years, 补休 owed, taken and left,
the money (值班补助, 误餐, 备勤召回), and the fairness spread per role over time."""

from __future__ import annotations

from dutyroom.duty.roles import DUTY_ROLES, ROLE_ORDER, DutyRole
from dutyroom.stats.charts import Chart, ChartKind, Drill, Panel, Series, Table, View
from dutyroom.stats.duties import DAY_KINDS, DutyFigures, PersonDuties
from dutyroom.stats.period import bucket_label

ROLE_SHORT: dict[str, str] = {DutyRole.LEADER: "带班", DutyRole.CHIEF: "值班长", DutyRole.OFFICER: "值班员", DutyRole.STANDBY: "备勤"}
SPECIAL_SHORT = {"春节": "春节", "国庆节": "国庆"}


def duty_view(figures: DutyFigures) -> View:
    return View("duties", "值班", [people_panel(figures), roles_panel(figures), holidays_panel(figures),
                                   *money_panels(figures), spread_panel(figures)])


def _person_rows(figures: DutyFigures) -> list[tuple[PersonDuties, str]]:
    """(person, role) pairs in role order: a person who stands two roles has a bar in each."""
    pairs = [(p, role) for p in figures.people for role in p.roles]
    return sorted(pairs, key=lambda pair: ROLE_ORDER.index(pair[1]))


def people_table(figures: DutyFigures) -> Table:
    headers = ["姓名", "单位", *DUTY_ROLES.values(), *DAY_KINDS.values(), "其中春节", "其中国庆", "合计", "在岗合计"]
    rows = [[p.name, p.unit, *(p.count(r) for r in ROLE_ORDER), *(p.count(kind=k) for k in DAY_KINDS),
             p.special.get("春节", 0), p.special.get("国庆节", 0), p.total, p.on_site] for p in figures.people]
    return Table(headers, rows, [Drill.of("duties", person_id=p.person_id) for p in figures.people])


def people_panel(figures: DutyFigures) -> Panel:
    pairs = _person_rows(figures)
    series = [Series(label, [p.count(role, kind) for p, role in pairs],
                     [Drill.of("duties", person_id=p.person_id, role=role, day_kind=kind) for p, role in pairs])
              for kind, label in DAY_KINDS.items()]
    chart = Chart("每人值班次数（按岗位和日期类型）", ChartKind.HBARS,
                  [f"{p.name}（{ROLE_SHORT[role]}）" for p, role in pairs], series, unit="次",
                  note="" if pairs else "本期没有值班安排。")
    return Panel("duties.people", "按人员", chart, people_table(figures), people_panel_summary(figures))


def roles_panel(figures: DutyFigures) -> Panel:
    roles = [r for r in ROLE_ORDER if any(p.count(r) for p in figures.people)]
    series = [Series(label, [sum(p.count(role, kind) for p in figures.people) for role in roles],
                     [Drill.of("duties", role=role, day_kind=kind) for role in roles]) for kind, label in DAY_KINDS.items()]
    chart = Chart("各岗位值班人次（按日期类型）", ChartKind.BARS, [DUTY_ROLES[r] for r in roles], series, unit="人次",
                  note="" if roles else "本期没有值班安排。")
    headers = ["岗位", *DAY_KINDS.values(), "合计", "值班人数", "人均"]
    rows = []
    for role in roles:
        total = sum(p.count(role) for p in figures.people)
        people = sum(1 for p in figures.people if p.count(role))
        rows.append([DUTY_ROLES[role], *(sum(p.count(role, k) for p in figures.people) for k in DAY_KINDS), total,
                     people, round(total / people, 1)])
    drills: list[Drill | None] = [Drill.of("duties", role=role) for role in roles]
    return Panel("duties.roles", "按岗位", chart, Table(headers, rows, drills), people_panel_summary(figures))


def people_panel_summary(figures: DutyFigures) -> str:
    return (f"本期共安排值班{figures.total}人次，其中工作日{sum(p.count(kind='workday') for p in figures.people)}、"
            f"休息日{sum(p.count(kind='weekend') for p in figures.people)}、"
            f"法定节假日{sum(p.count(kind='holiday') for p in figures.people)}人次。")


def holidays_panel(figures: DutyFigures) -> Panel:
    years = sorted({h.year for h in figures.holidays})
    found = {(h.year, h.holiday): h for h in figures.holidays}
    series = [Series(name, [found[(y, name)].total if (y, name) in found else 0 for y in years],
                     [Drill.of("holiday", year=y, holiday=name) for y in years]) for name in SPECIAL_SHORT]
    for item in series:
        item.name = SPECIAL_SHORT[item.name]
    chart = Chart("历年春节、国庆值班人次", ChartKind.BARS, [f"{y}年" for y in years], series, unit="人次",
                  note="" if years else "没有春节、国庆的值班记录。")
    headers = ["年份", "节日", *DUTY_ROLES.values(), "合计", "值班人员（次数）", "上一年同节日也值班"]
    rows = [[f"{h.year}年", SPECIAL_SHORT[h.holiday], *(h.by_role.get(r, 0) for r in ROLE_ORDER), h.total,
             "、".join(f"{name}{n}" if n > 1 else name for name, n in sorted(h.people.items(), key=lambda i: -i[1])),
             "、".join(h.again) or "无"] for h in figures.holidays]
    drills: list[Drill | None] = [Drill.of("holiday", year=h.year, holiday=h.holiday) for h in figures.holidays]
    repeated = sum(len(h.again) for h in figures.holidays if h.year == (years[-1] if years else 0))
    summary = f"统计至{years[-1]}年；当年有{repeated}人次与上一年同一节日重复值班。" if years else ""
    return Panel("duties.holidays", "春节国庆", chart, Table(headers, rows, drills), summary)


def _money_people(figures: DutyFigures) -> list[PersonDuties]:
    return [p for p in figures.people if p.in_money_table]


def _leave_table(figures: DutyFigures) -> Table:
    """补休 in days: left before the period, owed by its duties on site, taken, left after."""
    people = _money_people(figures)
    headers = ["姓名", "单位", "在岗次数", "上期结余", "应补休", "已补休", "期末结余"]
    rows = [[p.name, p.unit, p.on_site, round(p.comp_opening, 2), round(p.comp_leave, 2), round(p.comp_taken, 2),
             p.comp_balance] for p in people]
    rows.append(["合计", "", sum(p.on_site for p in people), round(sum(p.comp_opening for p in people), 2),
                 round(figures.comp_leave, 2), round(figures.comp_taken, 2), figures.comp_balance])
    return Table(headers, rows, [Drill.of("duties", person_id=p.person_id, on_site=1) for p in people] + [None])


def _money_table(figures: DutyFigures) -> Table:
    """The money in yuan: 值班补助 by day type, 误餐 per duty on site, 备勤 call-outs found in the duty log."""
    people = _money_people(figures)
    headers = ["姓名", "单位", "在岗次数", "值班补助", "误餐", "召回次数", "召回补助", "合计"]
    rows = [[p.name, p.unit, p.on_site, round(p.allowance, 2), round(p.meals, 2), p.callouts, round(p.callout_pay, 2),
             p.money] for p in people]
    rows.append(["合计", "", sum(p.on_site for p in people), round(figures.allowance, 2), round(figures.meals, 2),
                 sum(p.callouts for p in people), round(figures.callout_pay, 2), figures.money])
    return Table(headers, rows, [Drill.of("duties", person_id=p.person_id, on_site=1) for p in people] + [None])


def _rates_text(figures: DutyFigures, rates: dict[str, float], unit: str) -> str:
    return "；".join(f"{label}{rates.get(k, 0):g}{unit}/次" for k, label in DAY_KINDS.items())


def money_panels(figures: DutyFigures) -> list[Panel]:
    """补休 (taken and left) and the money (值班补助, 误餐, 备勤召回) per person, a chart and a table each (days and
    yuan do not share an axis); 备勤 earns neither 补休 nor 值班补助, only its call-outs."""
    people = _money_people(figures)
    drills = [Drill.of("duties", person_id=p.person_id, on_site=1) for p in people]
    leave_summary = (f"本期应补休{figures.comp_leave:g}天、已补休{figures.comp_taken:g}天，期末补休结余"
                     f"{figures.comp_balance:g}天（标准：{_rates_text(figures, figures.comp_rates, '天')}）。")
    money_summary = (f"本期值班补助{figures.allowance:g}元、误餐{figures.meals:g}元、备勤召回补助{figures.callout_pay:g}元，"
                     f"合计{figures.money:g}元（值班补助标准：{_rates_text(figures, figures.allowance_rates, '元')}；"
                     f"误餐{figures.meal_rate:g}元/次；备勤召回{figures.callout_rate:g}元/次；补休和补助只计在岗值班，"
                     "备勤只计召回）。")
    note = "" if people else "本期没有在岗值班或补休。"
    leave = Chart("补休（天）：本期已补休与期末结余", ChartKind.HBARS, [p.name for p in people],
                  [Series("已补休", [round(p.comp_taken, 2) for p in people], drills),
                   Series("补休结余", [max(p.comp_balance, 0.0) for p in people], drills)], unit="天", note=note)
    money = Chart("值班补助、误餐和备勤召回补助（元，按系统设置的标准）", ChartKind.HBARS, [p.name for p in people],
                  [Series("值班补助", [round(p.allowance, 2) for p in people], drills),
                   Series("误餐", [round(p.meals, 2) for p in people], drills),
                   Series("备勤召回", [round(p.callout_pay, 2) for p in people], drills)], unit="元", note=note)
    return [Panel("duties.leave", "补休", leave, _leave_table(figures), leave_summary),
            Panel("duties.allowance", "补助", money, _money_table(figures), money_summary)]


def spread_panel(figures: DutyFigures) -> Panel:
    months = figures.period.months()
    roles = [r for r in ROLE_ORDER if figures.spread_of(r)]
    by_key = {(s.month, s.role): s for s in figures.spreads}
    series = [Series(DUTY_ROLES[role], [by_key[(m, role)].spread if (m, role) in by_key else None for m in months],
                     [Drill.of("duties", role=role, month=m) for m in months]) for role in roles]
    chart = Chart("各岗位每月值班次数差距（最多减最少）", ChartKind.LINES, [bucket_label(m) for m in months], series,
                  unit="次", note="" if roles else "本期没有值班安排。")
    headers = ["月份", "岗位", "可值班人数", "值班次数", "最少", "最多", "差距", "人均"]
    rows = [[bucket_label(s.month), DUTY_ROLES[s.role], s.people, s.duties, s.fewest, s.most, s.spread,
             round(s.average, 1)] for s in figures.spreads]
    drills: list[Drill | None] = [Drill.of("duties", role=s.role, month=s.month) for s in figures.spreads]
    widest = max(figures.spreads, key=lambda s: s.spread, default=None)
    summary = (f"差距最大的是{bucket_label(widest.month)}的{DUTY_ROLES[widest.role]}：最少{widest.fewest}次，"
               f"最多{widest.most}次。" if widest else "")
    return Panel("duties.spread", "公平差距", chart, Table(headers, rows, drills), summary)
