"""Typed duty-log entries: the 五要素, refusals that write nothing, corrections and amendments that keep
the original, voiding, roll calls, leader instructions in force."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from dutyroom import audit
from dutyroom.clock import CST
from dutyroom.duty import log
from dutyroom.dutylog import entries, instructions, kinds, pending, rollcalls, templates
from dutyroom.dutylog.entries import PendingRequest, correct_entry, record_entry, void_entry
from dutyroom.dutylog.handover import accept_handover, confirm_handover
from dutyroom.errors import PermissionDenied, ValidationError
from tests.dutylog_helpers import EQUIPMENT_OK, call_in_fields, make_room


@pytest.fixture
def room(store, clock, system):
    return make_room(store, clock, system)


def close_shift_of_1124(room) -> None:
    """Hand the 11-24 shift over (outgoing 苏宇琪, incoming 姚博建) at 08:20 on 11-25."""
    room.clock.set(datetime(2026, 11, 25, 8, 20, tzinfo=CST))
    handover_id = confirm_handover(room.officer, date(2026, 11, 24), equipment=EQUIPMENT_OK)
    from dutyroom.dutylog.handover import acknowledge, handover_state

    state = handover_state(room.store, date(2026, 11, 24), room.clock.now())
    acknowledge(room.incoming, handover_id, [item.key for item in state.sheet.ack_items()])
    room.clock.set(datetime(2026, 11, 25, 8, 31, tzinfo=CST))
    accept_handover(room.incoming, handover_id)


def test_phone_record_carries_the_five_elements(room) -> None:
    entry_id = record_entry(room.officer, "call_in", summary="上坪村道路边坡小型滑塌，无人员伤亡，已设警示。",
                            fields=call_in_fields(instruction="请青石镇加强巡查", handling="已电话转告青石镇"),
                            person_id=room.people["王建国"],
                            occurred_at=datetime(2026, 11, 24, 9, 12, 30, tzinfo=CST))
    entry = entries.get_entry(room.store, entry_id)
    assert entry["duty_date"] == "2026-11-24" and entry["occurred_at"] == "2026-11-24T09:12:30+08:00"
    assert entry["kind_label"] == "来电" and entry["counterpart"] == "青石镇人民政府 王建国"
    assert entry["fields"] == {"unit": "青石镇人民政府", "name": "王建国", "title": "应急办主任",
                               "phone": "10000008888", "instruction": "请青石镇加强巡查", "handling": "已电话转告青石镇"}
    assert entry["recorded_by_name"] == "苏宇琪" and entry["recorded_by"] == room.officer.actor.account_id
    assert entry["created_at"] == "2026-11-24T10:00:00+08:00" and entry["person_id"] == room.people["王建国"]
    row = room.store.row("SELECT op, after_json FROM audit_log ORDER BY id DESC LIMIT 1")
    assert row["op"] == "log.add" and "王建国" in row["after_json"]


@pytest.mark.parametrize(("kind", "fields", "summary", "message"), [
    ("call_in", {"unit": "青石镇"}, "来电", "须填写“来电号码”"),
    ("call_in", {"phone": "10000008888"}, "来电", "须填写“来电单位”或“来电人”"),
    ("call_in", call_in_fields(phone="电话号码"), "来电", "“来电号码”.*含有无效字符"),
    ("call_in", call_in_fields(), "   ", "内容摘要不能为空"),
    ("warning", {"issuer": "县气象局", "warning_type": "暴雨", "level": "紫色"}, "暴雨预警", "只能是：红色、橙色、黄色、蓝色"),
    ("roll_call", {"checker_unit": "市应急管理局", "channel": "视频", "answered_by": "苏宇琪", "answer_seconds": "很快",
                   "result": "正常"}, "", "“应答用时”应为时长"),
    ("instruction", {"leader": "刘丽平", "valid_until": "下周"}, "加强巡查", "“执行期限”应为日期"),
    ("instruction", {"leader": "刘丽平", "valid_until": "0001-01-01"}, "加强巡查", "“执行期限”应为日期（1900至2100年间）"),
    ("instruction", {"leader": ["刘丽平"]}, "加强巡查", "“批示领导”应为文字"),
    ("call_in", {**call_in_fields(), "mood": "急"}, "来电", "没有这些项：mood"),
    ("gossip", {}, "闲聊", "未知的记录类型"),
])
def test_bad_input_is_refused_and_nothing_is_written(room, kind, fields, summary, message) -> None:
    before = (room.count("duty_log_entry"), room.count("audit_log"), room.count("pending_item"))
    with pytest.raises(ValidationError, match=message):
        record_entry(room.officer, kind, summary=summary, fields=fields, pending="跟踪处置")
    assert (room.count("duty_log_entry"), room.count("audit_log"), room.count("pending_item")) == before


def test_entry_times_in_the_future_or_before_the_shift_are_refused(room) -> None:
    with pytest.raises(ValidationError, match=r"记录时间（11月24日 10:30）晚于当前时间"):
        record_entry(room.officer, "other", summary="未来", occurred_at=room.clock.now() + timedelta(minutes=30))
    with pytest.raises(ValidationError, match=r"早于本班次开始时间（11月24日 08:30）"):
        record_entry(room.officer, "other", summary="很早", occurred_at=datetime(2026, 11, 22, 9, 0, tzinfo=CST))
    # The previous shift (not handed over, ended under 24 h ago) still takes the night's entries.
    record_entry(room.officer, "other", summary="凌晨补记", occurred_at=datetime(2026, 11, 24, 6, 0, tzinfo=CST))
    close_shift_of_1124(room)
    with pytest.raises(ValidationError, match="早于本班次开始时间"):
        record_entry(room.incoming, "other", summary="补记", occurred_at=datetime(2026, 11, 25, 8, 0, tzinfo=CST))
    assert room.count("duty_log_entry") == 1


def test_summary_only_wrapper_still_works(room) -> None:
    entry_id = log.add_entry(room.officer, kind="call_in", summary="石门镇来电报平安")
    entry = entries.get_entry(room.store, entry_id)
    assert entry["fields"] == {} and entry["summary"] == "石门镇来电报平安" and log.LOG_KINDS == {
        key: kind.label for key, kind in kinds.entry_kinds().items()}


def test_roll_call_summary_is_composed_from_its_fields(room) -> None:
    entry_id = rollcalls.register_roll_call(
        room.officer, checker_unit="示例市应急管理局", channel="视频", answered_by="苏宇琪", answer_seconds="1分30秒",
        result="正常", asked="询问雨情和值班人员在岗情况")
    entry = entries.get_entry(room.store, entry_id)
    assert entry["summary"] == "示例市应急管理局视频查岗点名，苏宇琪应答（1分30秒），结果：正常"
    assert entry["fields"]["answer_seconds"] == 90
    register = rollcalls.roll_calls(room.store)
    assert register[0]["answered_by"] == "苏宇琪" and register[0]["channel"] == "视频"
    assert rollcalls.statistics(register) == {"count": 1, "problems": 0, "max_seconds": 90, "mean_seconds": 90}


@pytest.mark.parametrize(("text", "seconds"), [("45", 45), ("45秒", 45), ("1分30秒", 90), ("2分钟", 120),
                                               ("1:05", 65), ("１０秒", 10), (12, 12)])
def test_answer_time_parsing(text, seconds) -> None:
    assert kinds.parse_seconds(text) == seconds


def test_correction_in_an_open_shift_keeps_the_previous_version(room) -> None:
    entry_id = record_entry(room.officer, "call_in", summary="配电房跳闸", fields=call_in_fields())
    room.clock.advance(minutes=5)
    revision = correct_entry(room.chief, entry_id, summary="配电柜漏水", fields=call_in_fields(handling="已通知供电所"))
    assert revision == 1
    entry = entries.get_entry(room.store, entry_id)
    assert entry["summary"] == "配电柜漏水" and entry["fields"]["handling"] == "已通知供电所" and not entry["amended"]
    [old] = entries.entry_revisions(room.store, entry_id)
    assert old["summary"] == "配电房跳闸" and old["written_by_name"] == "苏宇琪"
    assert old["replaced_by_name"] == "夏卫琪" and old["amendment"] == 0
    # The full-text index follows the current version only.
    fts = "SELECT rowid FROM duty_log_fts WHERE duty_log_fts MATCH ?"
    assert room.store.rows(fts, ('"跳闸"',)) == [] and len(room.store.rows(fts, ('"漏水"',))) == 1
    assert correct_entry(room.chief, entry_id, summary="配电柜漏水") == 1   # no change, no new version


def test_after_handover_only_an_amendment_with_reason_changes_an_entry(room) -> None:
    entry_id = record_entry(room.officer, "call_in", summary="来电报告道路塌方", fields=call_in_fields())
    close_shift_of_1124(room)
    with pytest.raises(PermissionDenied, match="补正已交接班班次的值班记录"):
        correct_entry(room.officer, entry_id, summary="来电报告道路边坡塌方", reason="补充")
    with pytest.raises(ValidationError, match="请写明补正原因"):
        correct_entry(room.chief, entry_id, summary="来电报告道路边坡塌方")
    with pytest.raises(ValidationError, match="不在原记录所在班次"):
        correct_entry(room.chief, entry_id, occurred_at=datetime(2026, 11, 25, 8, 30, 30, tzinfo=CST),
                      reason="改时间")
    correct_entry(room.chief, entry_id, summary="来电报告道路边坡塌方", reason="原记录漏记“边坡”")
    entry = entries.get_entry(room.store, entry_id)
    assert entry["summary"] == "来电报告道路边坡塌方" and entry["amended"]
    [original] = entries.entry_revisions(room.store, entry_id)
    assert original["summary"] == "来电报告道路塌方" and original["amendment"] == 1
    assert original["reason"] == "原记录漏记“边坡”"
    assert [a["summary"] for a in entries.shift_amendments(room.store, "2026-11-24")] == ["来电报告道路塌方"]
    with pytest.raises(PermissionDenied):
        void_entry(room.officer, entry_id, "误记")
    assert audit.verify(room.store).ok


def test_void_keeps_the_entry_and_refuses_while_its_pending_item_is_open(room) -> None:
    entry_id = record_entry(room.officer, "call_in", summary="群众反映河道漂浮物", fields=call_in_fields(),
                            pending=PendingRequest("核实河道漂浮物来源", due_at=room.clock.now() + timedelta(hours=4)))
    with pytest.raises(ValidationError, match="1 项待办未办结"):
        void_entry(room.officer, entry_id, "误记")
    [item] = pending.open_items(room.store, room.clock.now())
    pending.close_pending(room.officer, item["id"], "经核实为上游冲下的树枝，已通知清理")
    with pytest.raises(ValidationError, match="作废必须填写原因"):
        void_entry(room.officer, entry_id, "  ")
    void_entry(room.officer, entry_id, "重复记录")
    row = entries.get_entry(room.store, entry_id)
    assert row["voided_at"] and row["void_reason"] == "重复记录"
    assert [e["id"] for e in entries.shift_entries(room.store, "2026-11-24", include_voided=False)] == []


def test_pending_items_stay_open_until_closed_with_a_result(room) -> None:
    entry_id = record_entry(room.officer, "document", summary="市局关于做好寒潮防范工作的通知",
                            fields={"from_unit": "示例市应急管理局", "channel": "传真"}, pending="报带班领导阅示并落实")
    item_id = pending.raise_pending(room.officer, "补充上报上坪村滑塌处置情况", due_at=room.clock.now() + timedelta(hours=1))
    assert [i["title"] for i in pending.open_items(room.store)] == ["报带班领导阅示并落实", "补充上报上坪村滑塌处置情况"]
    assert pending.open_items(room.store)[0]["entry_id"] == entry_id
    with pytest.raises(ValidationError, match="须填写办理结果"):
        pending.close_pending(room.officer, item_id, " ")
    pending.add_note(room.officer, item_id, "已电话催报青石镇")
    room.clock.advance(hours=2)
    assert pending.open_items(room.store, room.clock.now())[1]["status"] == "已超期"
    room.clock.set(datetime(2026, 11, 25, 9, 0, tzinfo=CST))   # carried into the next shift
    pending.close_pending(room.incoming, item_id, "已书面报送市局")
    with pytest.raises(ValidationError, match="已于 2026-11-25 09:00 由姚博建办结"):
        pending.close_pending(room.incoming, item_id, "再次办结")
    item = pending.get_item(room.store, item_id)
    assert item["result"] == "已书面报送市局" and item["notes"][0]["text"] == "已电话催报青石镇"
    assert item["raised_shift"] == "2026-11-24"
    assert [i["id"] for i in pending.open_items(room.store)] != [item_id]


def test_leader_instructions_stay_in_force_until_lifted_or_expired(room) -> None:
    lasting = record_entry(room.officer, "instruction", summary="各乡镇严格落实24小时值班和领导带班制度",
                           fields={"leader": "刘丽平"})
    dated = record_entry(room.officer, "instruction", summary="今明两天加强地质灾害隐患点巡查",
                         fields={"leader": "刘丽平", "valid_until": "2026-11-25"})
    assert [e["id"] for e in instructions.in_force(room.store, room.clock.now())] == [lasting, dated]
    assert [e["id"] for e in instructions.in_force(room.store, datetime(2026, 11, 26, 9, 0, tzinfo=CST))] == [lasting]
    with pytest.raises(ValidationError, match="须写明原因"):
        instructions.lift(room.officer, lasting, "")
    instructions.lift(room.leader, lasting, "领导已另有指示")
    with pytest.raises(ValidationError, match="已经解除"):
        instructions.lift(room.leader, lasting, "再次解除")
    assert [e["id"] for e in instructions.in_force(room.store, room.clock.now())] == [dated]


def test_builtin_templates_are_valid_for_their_types() -> None:
    for template in templates.builtin_templates():
        spec = kinds.get_kind(template.kind)
        kinds.clean_fields(spec, template.fields, require=False)


def test_room_templates(room) -> None:
    with pytest.raises(PermissionDenied):
        templates.save_template(room.officer, name="县水利局来电", kind="call_in")
    template_id = templates.save_template(room.chief, name="县水利局来电", kind="call_in",
                                          fields={"unit": "县水利局", "phone": "0000-8800058"})
    with pytest.raises(ValidationError, match="已有名为"):
        templates.save_template(room.chief, name="县水利局来电", kind="call_out")
    found = templates.templates(room.store)
    assert found[0].name == "县水利局来电" and found[0].fields["unit"] == "县水利局" and found[0].db_id == template_id
    templates.remove_template(room.chief, template_id)
    assert all(t.builtin for t in templates.templates(room.store))


def test_other_operations_can_log_inside_their_own_transaction(room) -> None:
    """Incident intake (for one) records its call in the same transaction as its own record."""
    session = room.officer
    with session.write() as tx:
        tx.audit("test.outer", "duty_log_entry", None, after={"note": "外层操作"})
        entry_id = record_entry(session, "call_in", summary="群众报告山体滑坡", fields=call_in_fields(),
                                source="incident:7")
    assert entries.get_entry(room.store, entry_id)["source"] == "incident:7"
    before = room.count("duty_log_entry")
    with pytest.raises(RuntimeError):
        with session.write() as tx:
            tx.audit("test.outer", "duty_log_entry", None, after={"note": "外层操作"})
            record_entry(session, "call_in", summary="另一个来电", fields=call_in_fields())
            raise RuntimeError("the outer operation fails")
    assert room.count("duty_log_entry") == before      # the entry went with the failed operation


def test_an_entry_names_every_missing_field_at_once(room) -> None:
    from dutyroom.errors import InvalidFields

    before = room.count("duty_log_entry")
    with pytest.raises(InvalidFields) as refused:
        record_entry(room.officer, "call_in", fields={"unit": "县水利局", "phone": "12ab"}, pending="")
    assert [p.field for p in refused.value.problems] == ["phone", "summary", "pending"]
    assert room.count("duty_log_entry") == before
