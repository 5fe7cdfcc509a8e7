"""开通清单: where a county stands on its way from an empty data file to a working shift.

Each step is judged from the data itself — never from a tick someone set — so a step done another way (the
command line, an import, by hand) counts as done: 本单位 settings, the contact sheet (optional), duty staff with
their roles, accounts, the holiday arrangement of the year the next roster touches, past rosters (optional),
and the first generated and published month. A step the office wants to do later is marked skipped (the
``setup.skipped`` setting); the guide (开通向导) and the today board's 开通清单 read ``setup_progress``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from dutyroom import settings
from dutyroom.duty.roles import DUTY_ROLES, ROLE_ORDER
from dutyroom.errors import ValidationError
from dutyroom.roster.arrangements import load_calendar
from dutyroom.roster.planning import month_range, slots_scenario
from dutyroom.roster.staff import bureau_unit_id, staff_list, staffing_problems
from dutyroom.session import Session
from dutyroom.store import Store

# key, title, what it is about, optional
STEPS: tuple[tuple[str, str, str, bool], ...] = (
    ("unit", "本单位", "单位名称、值班电话、传真、交接班时间和班制", False),
    ("contacts", "通讯录", "导入本县的通讯录（乡镇、部门、救援队伍等）", True),
    ("staff", "值班人员", "局机关值班人员及其可担任的值班岗位、不值夜班", False),
    ("accounts", "账户", "为值班人员创建账户并打印账户通知单", False),
    ("calendar", "节假日安排", "排班涉及的年份的法定节假日和调休上班日", False),
    ("history", "历史排班", "导入以往的月值班表，使值班次数的统计接续以往", True),
    ("first_month", "生成并发布排班", "生成第一个月的排班，检查后发布", False),
)
STEP_KEYS: tuple[str, ...] = tuple(key for key, *_ in STEPS)
STATUS_LABELS = {"done": "已完成", "todo": "未完成", "skipped": "以后再做"}


@dataclass(frozen=True)
class SetupStep:
    key: str
    title: str
    about: str
    status: str          # done, todo, skipped
    detail: str          # the facts: what is there, or what is missing
    optional: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "title": self.title, "about": self.about, "status": self.status,
                "status_label": self.status_label, "detail": self.detail, "optional": self.optional}


@dataclass(frozen=True)
class SetupProgress:
    steps: list[SetupStep]
    month: tuple[int, int]           # the next month to roster, that the staff and calendar steps look at

    @property
    def finished(self) -> bool:
        """Every step done or put off: the 开通清单 has nothing left to show."""
        return all(s.status != "todo" for s in self.steps)

    @property
    def remaining(self) -> list[SetupStep]:
        return [s for s in self.steps if s.status == "todo"]

    def step(self, key: str) -> SetupStep:
        return next(s for s in self.steps if s.key == key)

    def as_json(self) -> dict[str, Any]:
        return {"month": f"{self.month[0]}-{self.month[1]:02d}", "finished": self.finished,
                "steps": [s.as_json() for s in self.steps]}


def next_roster_month(store: Store, today: date) -> tuple[int, int]:
    """This month, unless it already has duties in force; then the next one."""
    first, last = month_range(today.year, today.month)
    if store.scalar("SELECT 1 FROM duty_assignment WHERE voided_at IS NULL AND duty_date BETWEEN ? AND ? LIMIT 1",
                    (max(first, today).isoformat(), last.isoformat())):
        return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return today.year, today.month


def _unit(store: Store) -> tuple[bool, str]:
    values = settings.get_many(store, "org.name", "duty.phone", "duty.fax", "duty.handover_time",
                               "roster.officer_split")
    missing = []
    if values["org.name"] == settings.SETTINGS["org.name"].default:
        missing.append(f"单位名称仍是默认的“{values['org.name']}”")
    if not values["duty.phone"]:
        missing.append("值班电话未填写")
    if missing:
        return False, "；".join(missing) + "。"
    pattern = "值班员分白班、夜班" if values["roster.officer_split"] else "24小时一班"
    fax = f"，传真{values['duty.fax']}" if values["duty.fax"] else ""
    return True, f"{values['org.name']}，值班电话{values['duty.phone']}{fax}，{values['duty.handover_time']}交接班，{pattern}。"


def _contacts(store: Store) -> tuple[bool, str]:
    bureau = bureau_unit_id(store)
    people = store.scalar(
        "WITH RECURSIVE own(id) AS (SELECT ? UNION ALL SELECT u.id FROM org_unit u JOIN own ON u.parent_id = own.id)"
        " SELECT COUNT(*) FROM person WHERE voided_at IS NULL AND is_staff = 0"
        " AND (unit_id IS NULL OR unit_id NOT IN (SELECT id FROM own WHERE id IS NOT NULL))", (bureau,))
    units = store.scalar("SELECT COUNT(*) FROM org_unit WHERE voided_at IS NULL")
    if people:
        return True, f"通讯录已有{people}名本局以外的联系人，{units}个单位。"
    return False, "通讯录中还没有本局以外的联系人（可从Excel通讯录导入）。"


def _staff(store: Store, first: date, last: date) -> tuple[bool, str]:
    members = [m for m in staff_list(store) if m.roles]
    if not members:
        return False, "还没有设置值班岗位的值班人员（可从Excel值班人员名单导入）。"
    problems = staffing_problems(slots_scenario(store, first, last))
    counts = "、".join(f"{DUTY_ROLES[r]}{sum(r in m.roles for m in members)}人" for r in ROLE_ORDER)
    no_night = sum(m.no_night for m in members)
    facts = f"值班人员{len(members)}人：{counts}" + (f"，不值夜班{no_night}人" if no_night else "") + "。"
    if problems:
        return False, facts + "".join(problems[r] for r in ROLE_ORDER if r in problems)
    return True, facts


def _accounts(store: Store) -> tuple[bool, str]:
    members = [m for m in staff_list(store) if m.roles]
    if not members:
        return False, "先设置值班人员，再为他们创建账户。"
    without = [m.name for m in members if m.account_id is None]
    if without:
        names = "、".join(without[:8]) + ("等" if len(without) > 8 else "")
        return False, f"{len(without)}名值班人员还没有账户：{names}。"
    return True, f"值班人员都已有账户（{len(members)}个）。"


def _calendar(store: Store, first: date, last: date) -> tuple[bool, str]:
    missing = load_calendar(store).missing_years(first, last)
    if missing:
        return False, "、".join(f"{y}年" for y in missing) + f"节假日安排尚未录入，{first.year}年{first.month}月的排班不能发布。"
    return True, f"{first.year}年{first.month}月所在年份的节假日安排已有。"


def _history(store: Store, first: date) -> tuple[bool, str]:
    count, duties = store.row("SELECT COUNT(*), COALESCE(SUM(duties), 0) FROM roster_import"
                              " WHERE voided_at IS NULL") or (0, 0)
    if count:
        return True, f"已导入历史排班{count}次，共{duties}人次。"
    earlier = store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE voided_at IS NULL AND duty_date < ?",
                           (first.isoformat(),))
    if earlier:
        return True, f"已有以往的值班记录{earlier}人次。"
    return False, "没有以往的排班：值班次数的统计将从第一个月开始。"


def _first_month(store: Store, first: date, last: date) -> tuple[bool, str]:
    newest = store.row("SELECT number, first_date, last_date FROM roster_version ORDER BY number DESC LIMIT 1")
    if newest:
        return True, f"已发布排班第{newest['number']}版（{newest['first_date']}至{newest['last_date']}）。"
    drafted = store.scalar("SELECT COUNT(*) FROM roster_draft WHERE voided_at IS NULL AND duty_date BETWEEN ? AND ?",
                           (first.isoformat(), last.isoformat()))
    if drafted:
        return False, f"{first.year}年{first.month}月已生成草稿，尚未发布。"
    return False, f"{first.year}年{first.month}月尚未排班。"


def setup_progress(store: Store, today: date) -> SetupProgress:
    """Every 开通 step with its status and the facts behind it."""
    year, month = next_roster_month(store, today)
    first, last = month_range(year, month)
    checks = {
        "unit": lambda: _unit(store), "contacts": lambda: _contacts(store),
        "staff": lambda: _staff(store, first, last), "accounts": lambda: _accounts(store),
        "calendar": lambda: _calendar(store, first, last), "history": lambda: _history(store, first),
        "first_month": lambda: _first_month(store, first, last),
    }
    skipped = set(settings.get(store, "setup.skipped"))
    steps = []
    for key, title, about, optional in STEPS:
        done, detail = checks[key]()
        status = "done" if done else "skipped" if key in skipped else "todo"
        steps.append(SetupStep(key, title, about, status, detail, optional))
    return SetupProgress(steps, (year, month))


def skip_step(session: Session, key: str, later: bool = True) -> list[str]:
    """Put a step off (``later``) or back on the 开通清单. Returns the steps now put off."""
    if key not in STEP_KEYS:
        raise ValidationError(f"没有名为“{key}”的开通步骤（可用：{'、'.join(STEP_KEYS)}）。")
    skipped = set(settings.get(session.store, "setup.skipped"))
    skipped = skipped | {key} if later else skipped - {key}
    return settings.set_value(session, "setup.skipped", [k for k in STEP_KEYS if k in skipped])


def put_off_unfinished(session: Session, today: date) -> list[str]:
    """Put off every step not done (the demo county: it is set up, though not every duty person has an account)."""
    progress = setup_progress(session.store, today)
    keys = [s.key for s in progress.steps if s.status != "done"]
    return settings.set_value(session, "setup.skipped", keys) if keys else []
