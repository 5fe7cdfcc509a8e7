"""及时率 per month: on time, late (met late or still open past due), pending, waived — by grade and step."""

from __future__ import annotations

from dutyroom.incidents import intake, obligations, stats
from tests.incident_helpers import first_call, session_as
from tests.incident_helpers import obligations as open_obligations


def test_timeliness_counts_each_obligation_once(store, clock) -> None:
    from dutyroom.demo.seed import seed_demo

    seed_demo(store, clock)   # a county with accounts; its demo incidents are counted too
    base = stats.timeliness(store, 2026, 11, clock.now())
    officer, chief = session_as(store, clock, "zhiban"), session_as(store, clock, "zhibanzhang")
    incident_id = intake.open_incident(officer, first_call(store, clock.now(), dead=3))
    plan = open_obligations(store, incident_id)
    obligations.meet(officer, plan["notify_leader"]["id"], how="电话", to="带班领导")            # on time
    clock.advance(minutes=40)
    obligations.meet(officer, plan["phone_report"]["id"], how="电话", to="市局")                # 10 min late
    obligations.waive(chief, plan["written_initial"]["id"], "市局同意以电话报告代替书面首报")      # waived
    clock.advance(minutes=30)
    result = stats.timeliness(store, 2026, 11, clock.now())
    grew = {k: getattr(result.by_grade["III"], k) - getattr(base.by_grade["III"], k)
            for k in ("on_time", "late", "pending", "waived")}
    assert grew == {"on_time": 1, "late": 1, "pending": 1, "waived": 1}       # 续报 at 17:00 is still pending
    number = f"2026-{intake.get_incident(store, incident_id)['serial']:03d}"
    late = [(i["step"], i["late_minutes"], i["still_open"]) for i in result.late_items if i["number"] == number]
    assert late == [("电话报告上级", 15, False)]
    clock.advance(hours=8)
    later = stats.timeliness(store, 2026, 11, clock.now())
    late = [(i["step"], i["still_open"]) for i in later.late_items if i["number"] == number]
    assert late == [("电话报告上级", False), ("续报", True)]                       # an open clock past due is late
    assert later.total.rate is not None and 0 < later.total.rate < 1
    assert stats.timeliness(store, 2026, 10, clock.now()).total.counted == 0
    assert stats.month_bounds(2026, 12) == ("2026-12-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00")
