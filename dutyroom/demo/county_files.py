"""A fictional county bureau as a new county brings it: its staff list (局机关值班人员名单) and past month rosters as
the messy .xlsx files counties keep, and the next year's holiday arrangement as a calendar file.

Used by the end-to-end path (``tests.county_path``), the import tests, the benchmarks and the screenshots of the
开通向导. Every file is a real
.xlsx written with openpyxl. Phone numbers start with 1000000 or 0000- so that none can be a real one; the 2027
arrangement is test data in the shape of the State Council's notice, not the notice itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

BUREAU = "临江县应急管理局"
HISTORY = [(2026, 10), (2026, 11), (2026, 12)]      # the months of past rosters the county brings
FAVOURITE = "周建华"                 # took the leader's duty every third day in the past tables
UNKNOWN = {date(2026, 10, 3): "赵老六", date(2026, 11, 9): "赵老六", date(2026, 12, 2): "钱多多"}
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@dataclass(frozen=True)
class StaffEntry:
    unit: str
    name: str
    position: str
    mobile: str
    roles: str           # as the sheet writes it
    notes: str = ""
    office: str = ""


def _mobile(n: int) -> str:
    return f"1000000{n:04d}"


# (股室, 姓名, 职务, 值班岗位 as written, 备注): 44 people; 张伟 twice (two people), 韩雪 listed twice (one person).
_PEOPLE = (
    ("局领导", "周建华", "党组书记、局长", "带班领导", ""),
    ("局领导", "曾晓军", "党组成员、副局长", "带班", ""),
    ("局领导", "单立新", "党组成员、副局长", "领导带班", ""),
    ("局领导", "解红梅", "副局长", "带班领导", "不值夜班"),
    ("局领导", "覃国庆", "总工程师", "带班领导、值班长", ""),
    ("局领导", "翟文斌", "党组成员、执法大队大队长", "带班领导", ""),
    ("办公室", "李明", "主任", "值班长", ""),
    ("办公室", "王芳", "副主任", "值班长/值班员", ""),
    ("办公室", "张伟", "四级主任科员", "值班员", ""),
    ("办公室", "刘洋", "一级科员", "值班员 备勤", ""),
    ("办公室", "韩雪", "工作人员", "值班员", "哺乳期，不值夜班"),
    ("应急指挥中心", "陈志强", "主任", "带班、值班长", ""),
    ("应急指挥中心", "杨帆", "副主任", "值班长", ""),
    ("应急指挥中心", "赵磊", "工作人员", "值班员", ""),
    ("应急指挥中心", "黄静", "工作人员", "值班员，备勤", ""),
    ("应急指挥中心", "吴敏", "工作人员", "值班员", ""),
    ("应急指挥中心", "张伟", "工作人员", "值班员", ""),
    ("应急指挥中心", "徐丽", "工作人员", "备勤", ""),
    ("应急指挥中心", "孙浩", "工作人员", "值班员", ""),
    ("综合减灾股", "马超", "股长", "值班长", ""),
    ("综合减灾股", "朱婷", "副股长", "值班员", ""),
    ("综合减灾股", "胡俊", "一级科员", "值班员、备勤", ""),
    ("综合减灾股", "郭琳", "二级科员", "值班员", ""),
    ("综合减灾股", "何鹏", "工作人员", "备勤", ""),
    ("安全生产综合协调股", "高峰", "股长", "值班长", ""),
    ("安全生产综合协调股", "林娜", "副股长", "值班员", ""),
    ("安全生产综合协调股", "罗斌", "一级科员", "值班员", ""),
    ("安全生产综合协调股", "梁晨", "工作人员", "值班员/备勤", ""),
    ("危险化学品监管股", "宋涛", "股长", "值班长", ""),
    ("危险化学品监管股", "唐颖", "一级科员", "值班员", ""),
    ("危险化学品监管股", "许刚", "工作人员", "备勤", ""),
    ("防汛抗旱股", "邓辉", "股长", "带班领导", ""),
    ("防汛抗旱股", "冯丹", "副股长", "值班员", ""),
    ("防汛抗旱股", "曹阳", "一级科员", "值班员 备勤", ""),
    ("防汛抗旱股", "彭飞", "工作人员", "值班员", ""),
    ("执法大队", "肖勇", "副大队长", "值班长", ""),
    ("执法大队", "田野", "执法队员", "值班员", ""),
    ("执法大队", "董亮", "执法队员", "值班员", ""),
    ("执法大队", "袁博", "执法队员", "备勤", ""),
    ("执法大队", "潘强", "执法队员", "值班员", ""),
    ("执法大队", "蒋欣", "执法队员", "值班员", "身体原因不值夜"),
    ("执法大队", "蔡明亮", "执法队员", "备勤", ""),
    ("执法大队", "余晓", "执法队员", "值班员", ""),
    ("执法大队", "杜鹃", "执法队员", "备勤", "待补充"),
)
STAFF: tuple[StaffEntry, ...] = tuple(
    StaffEntry(unit, name, position, _mobile(1000 + n), roles, "" if notes == "待补充" else notes,
               f"0000-66{n:05d}" if n % 3 == 0 else "")
    for n, (unit, name, position, roles, notes) in enumerate(_PEOPLE))
# The row whose phone is "待补充" is rejected by the import (a phone cell with no number in it).
REJECTED = "杜鹃"
DUPLICATE = "韩雪"
STAFF_COUNT = len({(s.name, s.mobile) for s in STAFF}) - 1            # 43 people are imported


def write_staff_sheet(path: Path, staff: tuple[StaffEntry, ...] = STAFF) -> Path:
    """The 花名册 as counties keep it: two title rows, a header with 职务/职级 and 值班岗位, 股室 merged over its
    block, roles written in every usual way, 不值夜班 in 备注, full-width digits and spaced numbers, a person
    listed twice (again at the end, with the same phone), a phone to be filled in later."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    book = openpyxl.Workbook()
    sheet = book.worksheets[0]      # a new workbook: its one sheet
    sheet.title = "值班人员"
    header = ["序号", "股室", "姓名", "职务/职级", "手机号码", "办公电话", "值班岗位", "备注"]
    sheet.append([f"{BUREAU}机关值班人员名单"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet["A1"].font = Font(size=16, bold=True)
    sheet.append(["（2026年11月更新）"])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(header))
    sheet.append(header)
    rows = list(staff) + [s for s in staff if s.name == DUPLICATE][:1]
    for number, entry in enumerate(rows, start=1):
        mobile = entry.mobile
        if number % 7 == 0:
            mobile = mobile.translate(FULL_WIDTH)
        elif number % 5 == 0:
            mobile = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
        if entry.name == REJECTED:
            mobile = "待补充"
        sheet.append([number, entry.unit, entry.name, entry.position, mobile, entry.office, entry.roles, entry.notes])
    first = 4
    for row in range(5, sheet.max_row + 2):
        if row > sheet.max_row or sheet.cell(row, 2).value != sheet.cell(first, 2).value:
            if row - 1 > first:
                sheet.merge_cells(start_row=first, start_column=2, end_row=row - 1, end_column=2)
            first = row
    for cell in sheet["B"]:
        cell.alignment = Alignment(vertical="center")
    book.save(path)
    return path


def write_tick_sheet(path: Path, staff: tuple[StaffEntry, ...]) -> Path:
    """The same kind of list with one tick column per role (✓ √ 是 1) and a 不值夜班 column."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.worksheets[0]      # a new workbook: its one sheet
    sheet.title = "局领导"
    sheet.append(["姓名", "职务", "联系电话", "带班领导", "值班长", "值班员", "备勤", "不值夜班"])
    marks = ("✓", "√", "是", 1)
    for n, entry in enumerate(staff):
        mark = marks[n % len(marks)]
        roles = entry.roles
        sheet.append([entry.name, entry.position, entry.mobile, mark if "带班" in roles else "",
                      mark if "值班长" in roles else "", mark if "值班员" in roles else "",
                      mark if "备勤" in roles else "", "√" if "不值夜" in entry.notes else ""])
    book.save(path)
    return path


def generated_staff(count: int, seed: int = 7) -> tuple[StaffEntry, ...]:
    """``count`` fictional staff in 20 股室 with every role spelling, for the import benchmark."""
    rng = random.Random(seed)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
    given = "伟芳娜英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚华玉萍红玲燕春菊凤洁梅琳云莲雪荣瑞凡佳琼珍莉晶婷颖露瑶"
    spellings = ("带班领导", "带班", "值班长", "值班员", "值班员、备勤", "值班员/备勤", "备勤", "值班长 值班员",
                 "值班员", "值班员")
    units = [f"第{n}股" for n in range(1, 21)]
    return tuple(StaffEntry(units[n * len(units) // count], rng.choice(surnames) + "".join(
        rng.choice(given) for _ in range(rng.choice((1, 2)))) + f"{chr(0x4e00 + n % 50)}", "科员",
        _mobile(2000 + n), rng.choice(spellings), "不值夜班" if n % 23 == 0 else "") for n in range(count))


# -- past rosters ------------------------------------------------------------------------------------------

@dataclass
class MonthTable:
    year: int
    month: int
    days: dict[date, dict[str, list[str]]] = field(default_factory=dict)   # day -> role -> names


def _pools(staff: tuple[StaffEntry, ...]) -> dict[str, list[StaffEntry]]:
    words = {"leader": ("带班",), "chief": ("值班长",), "officer": ("值班员",), "standby": ("备勤",)}
    return {role: [s for s in staff if s.name != REJECTED and any(w in s.roles for w in ws)]
            for role, ws in words.items()}


def make_history(staff: tuple[StaffEntry, ...], months: list[tuple[int, int]], *, favourite: str = "周建华",
                 seed: int = 3) -> list[MonthTable]:
    """Month rosters of the kind an office made by hand: each role in turn, two days' rest, 2 officers and 2
    standby a day, and ``favourite`` taking the leader's duty every third day (the person with by far the most
    past 带班, whom the generated roster must not load again first)."""
    rng = random.Random(seed)
    pools = _pools(staff)
    counts = {"leader": 1, "chief": 1, "officer": 2, "standby": 2}
    cursor = {role: 0 for role in pools}
    last_day: dict[str, date] = {}
    out = []
    for year, month in months:
        table = MonthTable(year, month)
        day = date(year, month, 1)
        while day.month == month:
            taken: set[str] = set()
            slots: dict[str, list[str]] = {}
            for role in ("leader", "chief", "officer", "standby"):
                chosen: list[str] = []
                if role == "leader" and day.toordinal() % 3 == 0:
                    chosen.append(favourite)
                    taken.add(favourite)
                pool = pools[role]
                tries = 0
                while len(chosen) < counts[role] and tries < len(pool) * 2:
                    entry = pool[cursor[role] % len(pool)]
                    cursor[role] += 1
                    tries += 1
                    rested = entry.name not in last_day or (day - last_day[entry.name]).days > 2
                    if entry.name not in taken and rested and not (role != "standby" and entry.name == favourite):
                        chosen.append(entry.name)
                        taken.add(entry.name)
                slots[role] = chosen
            for name in taken:
                last_day[name] = day
            table.days[day] = slots
            day += timedelta(days=1)
        rng.shuffle(pools["standby"])
        out.append(table)
    return out


HOLIDAY_MARKS = {date(2026, 10, d): "国庆节" for d in range(1, 8)} | {date(2026, 10, 8): "中秋节"}


def write_history_workbook(path: Path, tables: list[MonthTable], *, phones: dict[str, str] | None = None,
                           unknown: dict[date, str] | None = None) -> Path:
    """One sheet per month as offices keep them: a title with 年月, the header 日期 | 星期 | 带班领导 | 值班长 |
    值班员 | 备勤 (with variants), dates written three ways (“10月1日”, day numbers, real dates) in turn, holiday
    names in the 星期 column, phone numbers after some names, both officers in one cell, a footnote."""
    import openpyxl

    phones = phones or {}
    unknown = unknown or {}
    book = openpyxl.Workbook()
    book.remove(book.worksheets[0])
    headers = (("日期", "星期", "带班领导", "值班长", "值班员", "备勤"),
               ("日 期", "星期", "值班领导", "值班长", "值班人员", "备勤人员"),
               ("日期", "星期", "领导带班", "值班长", "值班员", "备勤"))
    for number, table in enumerate(tables):
        sheet = book.create_sheet(f"{table.month}月")
        sheet.append([f"{BUREAU}{table.year}年{table.month}月份值班安排表"])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
        sheet.append(list(headers[number % len(headers)]))
        for day, slots in sorted(table.days.items()):
            style = number % 3
            when = (f"{day.month}月{day.day}日", day.day, datetime(day.year, day.month, day.day))[style]
            marked = HOLIDAY_MARKS.get(day, WEEKDAYS[day.weekday()])

            def names(role: str, day: date = day, slots: dict = slots) -> str:
                written = [f"{n}{phones[n]}" if n in phones and day.day % 2 else n for n in slots[role]]
                if role == "officer" and day in unknown:
                    written.append(unknown[day])
                return "、".join(written)

            sheet.append([when, marked, names("leader"), names("chief"), names("officer"), names("standby")])
        sheet.append(["注：值班时间为当日8:30至次日8:30，值班电话0000-6600110。"])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=6)
    book.save(path)
    return path


def calendar_2027() -> dict:
    """The 2027 holiday arrangement in the ``dutyroom calendar import`` format (test data)."""
    def days(first: date, count: int, name: str) -> dict[str, str]:
        return {(first + timedelta(days=n)).isoformat(): name for n in range(count)}

    holidays = (days(date(2027, 1, 1), 3, "元旦") | days(date(2027, 2, 5), 9, "春节") | days(date(2027, 4, 3), 3, "清明节")
                | days(date(2027, 5, 1), 5, "劳动节") | days(date(2027, 6, 9), 3, "端午节")
                | days(date(2027, 9, 15), 3, "中秋节") | days(date(2027, 10, 1), 7, "国庆节"))
    return {"year": 2027, "source": "测试数据（非正式通知）", "holidays": holidays,
            "workdays": ["2027-02-20", "2027-04-25", "2027-05-08", "2027-09-26", "2027-10-09"]}


def county_files(folder: Path) -> dict[str, Path]:
    """The files a county brings, as it keeps them: its staff list, three months of past rosters and next year's
    holiday arrangement (``tests.county_path``, the 开通向导's screenshots)."""
    import json

    tables = make_history(STAFF, HISTORY, favourite=FAVOURITE)
    calendar = folder / "2027年节假日安排.json"
    calendar.write_text(json.dumps(calendar_2027(), ensure_ascii=False), encoding="utf-8")
    return {
        "staff": write_staff_sheet(folder / "局机关值班人员名单.xlsx"),
        "history": write_history_workbook(folder / "2026年10-12月值班表.xlsx", tables,
                                          phones={s.name: s.mobile for s in STAFF}, unknown=UNKNOWN),
        "calendar": calendar,
    }
