"""Saving a record as it is: no error, nothing written, no audit row, nothing announced, a clear result.

Each case opens an edit of a real record on the demo county and saves it unchanged, the way a dialog does
when the user presses 保存 without touching anything (it sends every field back).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from dutyroom import org, settings
from dutyroom.auth import accounts
from dutyroom.changes import ChangeSet
from dutyroom.clock import FixedClock
from dutyroom.contacts import desk, groups, people
from dutyroom.duty.assignments import SlotAssignment, assign_many
from dutyroom.dutylog import report, templates
from dutyroom.dutylog.entries import correct_entry, record_entry
from dutyroom.incidents import intake, reports, rulebook
from dutyroom.roster import arrangements, planning, staffing
from dutyroom.roster.arrangements import HolidayRange
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store
from tests.incident_helpers import session_as

Save = Callable[[], Any]


@dataclass
class World:
    store: Store
    clock: FixedClock
    system: Session

    def as_user(self, username: str) -> Session:
        return session_as(self.store, self.clock, username)

    def staff(self, role: str = "officer") -> int:
        return int(self.store.scalar(
            "SELECT p.id FROM person p JOIN person_duty_role r ON r.person_id = p.id AND r.role = ?"
            " WHERE p.is_staff = 1 AND p.voided_at IS NULL ORDER BY p.id", (role,)))


# -- each case: make whatever the edit needs, return the unchanged save --------------------------------

def person_by_org(w: World) -> Save:
    person = org.get_person(w.store, w.staff())
    return lambda: org.update_person(w.system, person.id, name=person.name, unit_id=person.unit_id,
                                     position=person.position, notes=person.notes, is_staff=person.is_staff,
                                     phones=person.phones, duty_roles=person.duty_roles)


def person_by_contacts(w: World) -> Save:
    person_id = w.store.scalar("SELECT person_id FROM person_tag ORDER BY person_id")
    person = org.get_person(w.store, person_id)
    tags = w.store.column("SELECT tag FROM person_tag WHERE person_id = ? ORDER BY sort_order, tag", (person_id,))
    backup = w.store.scalar("SELECT backup_person_id FROM person WHERE id = ?", (person_id,))
    return lambda: people.update_contact(w.as_user("zhiban"), person_id, name=person.name, unit_id=person.unit_id,
                                         position=person.position, phones=person.phones, notes=person.notes,
                                         tags=tags, backup_person_id=backup)


def unit_by_org(w: World) -> Save:
    unit = dict(w.store.row("SELECT * FROM org_unit WHERE duty_phone != '' AND voided_at IS NULL ORDER BY id"))
    return lambda: org.update_unit(w.system, unit["id"], **{k: unit[k] for k in (
        "name", "kind", "parent_id", "duty_phone", "fax", "address", "notes", "sort_order")})


def unit_by_contacts(w: World) -> Save:
    unit = dict(w.store.row("SELECT * FROM org_unit WHERE duty_phone != '' AND voided_at IS NULL ORDER BY id"))
    return lambda: people.update_unit_contact(w.as_user("zhiban"), unit["id"], **{k: unit[k] for k in (
        "duty_phone", "fax", "address", "notes")})


def group(w: World) -> Save:
    group_id = w.store.scalar("SELECT id FROM contact_group WHERE voided_at IS NULL ORDER BY id")
    info = groups.get_group(w.store, group_id)
    return lambda: groups.update_group(w.as_user("bangongshi"), group_id, name=info.name,
                                       description=info.description, rule=info.rule, member_ids=info.fixed_ids)


def account(w: World) -> Save:
    row = next(a for a in accounts.list_accounts(w.store) if a["username"] == "zhiban")
    return lambda: accounts.update_account(w.as_user("admin"), row["id"], display_name=row["display_name"],
                                           person_id=row["person_id"])


def account_roles(w: World) -> Save:
    row = next(a for a in accounts.list_accounts(w.store) if a["username"] == "zhibanzhang")
    return lambda: accounts.set_roles(w.as_user("admin"), row["id"], row["roles"])


def desk_phone(w: World) -> Save:
    line = desk.desk_phones(w.store)[1]
    return lambda: desk.update_desk_phone(w.as_user("bangongshi"), line.id, section=line.section, label=line.label,
                                          number=line.own_number, person_id=line.person_id, unit_id=line.unit_id,
                                          note=line.note)


def desk_phone_order(w: World) -> Save:
    top = desk.desk_phones(w.store)[0]
    return lambda: desk.move_desk_phone(w.as_user("bangongshi"), top.id, -1)


def settings_page(w: World) -> Save:
    current = {key: settings.get(w.store, key) for key in settings.SETTINGS}
    # As the settings page sends them: text, and the per-role counts as they are.
    shown = {key: value if isinstance(value, dict) else str(value) for key, value in current.items()
             if value is not None}
    return lambda: settings.set_many(w.system, shown)


def template(w: World) -> Save:
    chief = w.as_user("zhibanzhang")
    template_id = templates.save_template(chief, name="县水利局来电", kind="call_in", summary="水情通报",
                                          fields={"unit": "县水利局"})
    row = dict(w.store.row("SELECT * FROM log_template WHERE id = ?", (template_id,)))
    return lambda: templates.save_template(chief, name=row["name"], kind=row["kind"], summary=row["summary"],
                                           detail=row["detail"], fields=json.loads(row["fields_json"]),
                                           template_id=template_id)


def log_entry(w: World) -> Save:
    officer = w.as_user("zhiban")
    entry_id = record_entry(officer, "other", summary="例行检查值班电话")
    return lambda: correct_entry(officer, entry_id, summary="例行检查值班电话", detail="")


def daily_report(w: World) -> Save:
    saved = dict(w.store.row("SELECT * FROM daily_report WHERE voided_at IS NULL ORDER BY id"))
    return lambda: report.save_report(w.as_user("zhiban"), date.fromisoformat(saved["report_date"]),
                                      title=saved["title"], body=saved["body"], zero_report=bool(saved["zero_report"]))


def incident_facts(w: World) -> Save:
    incident = intake.get_incident(w.store, w.store.scalar("SELECT id FROM incident WHERE status = 'open'"))
    facts = json.loads(incident["facts_json"])
    return lambda: intake.update_facts(w.as_user("zhiban"), incident["id"], {"place_detail": facts["place_detail"],
                                                                             "dead": facts.get("dead")}, note="核对")


def incident_title(w: World) -> Save:
    incident_id = w.store.scalar("SELECT id FROM incident WHERE status = 'open' AND title_custom = 0")
    return lambda: intake.set_title(w.as_user("zhiban"), incident_id, None)


def report_draft(w: World) -> Save:
    draft = dict(w.store.row("SELECT * FROM incident_report WHERE status = 'draft' AND voided_at IS NULL"))
    return lambda: reports.update_report(w.as_user("zhiban"), draft["id"], body=json.loads(draft["body_json"]),
                                         title=draft["title"], addressee=draft["addressee"])


def roster_profile_default(w: World) -> Save:
    return lambda: staffing.set_profile(w.system, w.staff())


def roster_profile(w: World) -> Save:
    person_id = w.staff()
    staffing.set_profile(w.system, person_id, join_date=date(2020, 3, 1), no_night=True, max_per_month=6)
    return lambda: staffing.set_profile(w.system, person_id, join_date=date(2020, 3, 1), no_night=True,
                                        max_per_month=6)


def new_officer(w: World) -> Save:
    from dutyroom.roster.wishes import set_new_officer

    chief = w.staff("chief")
    set_new_officer(w.system, chief, True)
    return lambda: set_new_officer(w.system, chief, True)


def duty_staff(w: World) -> Save:
    from dutyroom.roster.staff import StaffChange, staff_list, update_staff

    members = staff_list(w.store)[:3]
    update_staff(w.system, [m.id for m in members], StaffChange(add_roles=["standby"], no_night=False))
    return lambda: update_staff(w.system, [m.id for m in members], StaffChange(add_roles=["standby"], no_night=False))


def staff_list_again(w: World) -> Save:
    import tempfile
    from pathlib import Path

    from dutyroom.demo.county_files import STAFF, write_staff_sheet
    from dutyroom.roster.staff_import import import_staff

    sheet = write_staff_sheet(Path(tempfile.mkdtemp()) / "名单.xlsx", STAFF[:6])
    import_staff(w.system, sheet)
    return lambda: import_staff(w.system, sheet).written


def calendar_file(w: World) -> Save:
    from dutyroom.demo.county_files import calendar_2027
    from dutyroom.roster.calendar_file import import_calendar

    import_calendar(w.system, calendar_2027())
    return lambda: import_calendar(w.system, calendar_2027())


def away(w: World) -> Save:
    office = w.as_user("bangongshi")
    person_id = w.staff()
    people.set_away(office, person_id, date(2026, 11, 24), date(2026, 11, 28), "省厅培训")
    return lambda: people.set_away(office, person_id, date(2026, 11, 24), date(2026, 11, 28), "省厅培训")


def not_away(w: World) -> Save:
    person_id = w.store.scalar("SELECT id FROM person WHERE away_from IS NULL AND voided_at IS NULL ORDER BY id")
    return lambda: people.clear_away(w.as_user("bangongshi"), person_id)


def holiday_year(w: World) -> Save:
    entered = ([HolidayRange("元旦", date(2027, 1, 1), date(2027, 1, 3))], [(date(2027, 1, 4), "元旦")])
    arrangements.save_year(w.system, 2027, *entered, source="国办发明电〔2026〕7号")
    return lambda: arrangements.save_year(w.system, 2027, *entered, source="国办发明电〔2026〕7号")


def draft_cell(w: World) -> Save:
    cell = dict(w.store.row("SELECT * FROM roster_draft WHERE voided_at IS NULL AND duty_date = '2026-11-30'"
                            " AND role = 'officer' AND position = 0"))
    day = date.fromisoformat(cell["duty_date"])
    return lambda: planning.assign(w.system, day, "officer", 0, cell["person_id"], shift=cell["shift"],
                                   pinned=bool(cell["pinned"]), accept_conflicts=True)


def draft_pin(w: World) -> Save:
    cell = dict(w.store.row("SELECT * FROM roster_draft WHERE voided_at IS NULL AND duty_date = '2026-11-30'"
                            " AND role = 'leader' AND position = 0"))
    return lambda: planning.set_pinned(w.system, date(2026, 11, 30), "leader", 0, bool(cell["pinned"]),
                                       shift=cell["shift"])


def duty_slot(w: World) -> Save:
    row = dict(w.store.row("SELECT * FROM duty_assignment WHERE voided_at IS NULL AND duty_date = '2026-11-30'"
                           " AND role = 'leader'"))
    slot = SlotAssignment(date(2026, 11, 30), "leader", row["position"], row["person_id"], shift=row["shift"])
    return lambda: assign_many(w.system, [slot])


def rules_text(w: World) -> Save:
    admin = w.as_user("admin")
    rulebook.adopt_shipped(admin, "henan")
    text = rulebook.body_text(w.store, rulebook.in_force(w.store).rule_set_id)
    return lambda: rulebook.save_rule_set(admin, text)


def rules_preset(w: World) -> Save:
    admin = w.as_user("admin")
    rulebook.adopt_shipped(admin, "henan")
    return lambda: rulebook.adopt_shipped(admin, "henan")


def rules_version(w: World) -> Save:
    admin = w.as_user("admin")
    rule_set_id = rulebook.adopt_shipped(admin, "henan")
    return lambda: rulebook.activate(admin, rule_set_id)


CASES: dict[str, Callable[[World], Save]] = {
    "person (roster fields)": person_by_org, "person (contact card)": person_by_contacts,
    "unit": unit_by_org, "unit (contact card)": unit_by_contacts, "contact group": group,
    "account": account, "account roles": account_roles, "desk phone": desk_phone,
    "desk phone order": desk_phone_order, "settings": settings_page, "log template": template,
    "duty-log entry": log_entry, "daily report": daily_report, "incident facts": incident_facts,
    "incident title": incident_title, "report draft": report_draft,
    "roster profile (none yet)": roster_profile_default, "roster profile": roster_profile,
    "away": away, "not away": not_away, "holiday arrangement": holiday_year, "draft cell": draft_cell,
    "draft pin": draft_pin, "duty slot": duty_slot, "rules text": rules_text, "rules preset": rules_preset,
    "rules version": rules_version, "duty staff": duty_staff, "staff list import": staff_list_again,
    "holiday arrangement file": calendar_file, "new officer": new_officer,
}
# Update operations that say whether they changed anything: here they must say False.
REPORTS_CHANGE = {"person (roster fields)", "person (contact card)", "unit", "unit (contact card)", "contact group",
                  "account", "account roles", "desk phone", "incident title", "report draft", "roster profile",
                  "roster profile (none yet)", "away", "staff list import", "new officer"}


@pytest.mark.parametrize("case", sorted(CASES))
def test_saving_unchanged_writes_nothing(case: str, demo_store: Store, clock: FixedClock) -> None:
    world = World(demo_store, clock, Session(demo_store, SYSTEM_ACTOR, clock))
    save = CASES[case](world)
    announced: list[ChangeSet] = []
    demo_store.subscribe(announced.append)
    rows_before = demo_store.total_changes
    audit_before = demo_store.scalar("SELECT last_id FROM audit_head")
    result = save()
    assert demo_store.total_changes == rows_before, "an unchanged save wrote to the file"
    assert demo_store.scalar("SELECT last_id FROM audit_head") == audit_before
    assert announced == []
    if case in REPORTS_CHANGE:
        assert result is False


def test_a_real_edit_still_writes_and_says_so(demo_store: Store, clock: FixedClock) -> None:
    """The other side of the same mechanism: one changed field is written, audited and announced."""
    system = Session(demo_store, SYSTEM_ACTOR, clock)
    group_id = demo_store.scalar("SELECT id FROM contact_group WHERE voided_at IS NULL ORDER BY id")
    announced: list[ChangeSet] = []
    demo_store.subscribe(announced.append)
    assert groups.update_group(system, group_id, description="只改说明") is True
    assert [c.tables for c in announced] == [frozenset({"contact_group", "audit_log", "audit_head", "audit_record"})]
    row = demo_store.row("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1")
    assert (row["op"], json.loads(row["after_json"])["description"]) == ("group.update", "只改说明")
