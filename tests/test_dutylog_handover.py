"""交接班: the sheet assembles itself, the outgoing confirms, the incoming acknowledges every open item and
accepts under their own account; the shift then closes."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dutyroom import settings
from dutyroom.clock import CST
from dutyroom.dutylog import handover as ho
from dutyroom.dutylog import pending
from dutyroom.dutylog.entries import record_entry
from dutyroom.dutylog.sections import (
    HANDOVER_SECTIONS,
    SectionProvider,
    SheetItem,
    SheetSection,
    register_section,
)
from dutyroom.dutylog.shiftstate import is_closed
from dutyroom.errors import PermissionDenied, ValidationError
from tests.dutylog_helpers import EQUIPMENT_OK, call_in_fields, make_room

DAY = date(2026, 11, 24)


@pytest.fixture
def room(store, clock, system):
    made = make_room(store, clock, system)
    record_entry(made.officer, "call_in", summary="上坪村道路边坡小型滑塌", fields=call_in_fields(),
                 pending="跟踪上坪村滑塌处置进展")
    record_entry(made.officer, "instruction", summary="加强地质灾害隐患点巡查", fields={"leader": "刘丽平"})
    record_entry(made.officer, "other", summary="例行检查值班电话")
    return made


def at(room, hour: int, minute: int, day: int = 25) -> None:
    room.clock.set(datetime(2026, 11, day, hour, minute, tzinfo=CST))


def test_sheet_assembles_itself(room) -> None:
    at(room, 8, 0)
    sheet = ho.assemble_sheet(room.store, ho.handover_target(room.store, room.clock.now()).outgoing, room.clock.now())
    by_key = {s.key: s for s in sheet.sections}
    assert list(by_key) == ["duty_staff", "entries", "pending", "incidents", "warnings", "instructions"]
    assert by_key["incidents"].empty   # incident reporting's section: nothing open in this file
    assert by_key["duty_staff"].lines == ["带班领导：刘丽平", "值班长：夏卫琪", "值班员：苏宇琪"]
    assert by_key["entries"].lines == ["共记录 3 条：来电1条、领导批示1条、其他1条。"]
    assert [i.text[:9] for i in by_key["entries"].items] == ["10:00 【来电", "10:00 【领导"]
    assert [i.text for i in by_key["pending"].items] == ["跟踪上坪村滑塌处置进展"]
    assert by_key["instructions"].items[0].text == "刘丽平：加强地质灾害隐患点巡查"
    assert [i.key.split(":")[0] for i in sheet.ack_items()] == ["pending", "instruction"]
    assert sheet.incoming_roster.by_role("officer")[0].name == "姚博建"


def test_confirm_needs_the_time_window_and_every_equipment_answer(room) -> None:
    at(room, 15, 0, day=24)
    with pytest.raises(ValidationError, match="还未到交接班时间"):
        ho.confirm_handover(room.officer, DAY, equipment=EQUIPMENT_OK)
    at(room, 8, 0)
    with pytest.raises(ValidationError, match="设备检查未完成：请逐项确认“卫星电话”“电脑网络”是否正常"):
        ho.confirm_handover(room.officer, DAY, equipment={"电话": (True, ""), "传真": (True, ""),
                                                          "视频会商": (True, ""), "卫星电话": (None, "")})
    with pytest.raises(ValidationError, match="“传真”检查异常，请填写异常情况"):
        ho.confirm_handover(room.officer, DAY, equipment={**EQUIPMENT_OK, "传真": (False, " ")})
    with pytest.raises(PermissionDenied, match="办理交接班"):
        ho.confirm_handover(room.office, DAY, equipment=EQUIPMENT_OK)
    assert room.count("handover") == 0
    ho.confirm_handover(room.officer, DAY, equipment={**EQUIPMENT_OK, "传真": (False, "卡纸，已报修")},
                        notes="注意明日寒潮")
    with pytest.raises(ValidationError, match="已确认交班，正在等待接班人确认"):
        ho.confirm_handover(room.officer, DAY, equipment=EQUIPMENT_OK)
    state = ho.handover_state(room.store, DAY, room.clock.now())
    assert state.status_label == "已确认交班，待接班"
    assert [(c.name, c.ok, c.note) for c in state.equipment][1] == ("传真", False, "卡纸，已报修")


def test_incoming_must_acknowledge_every_open_item_then_accept(room) -> None:
    at(room, 8, 10)
    handover_id = ho.confirm_handover(room.officer, DAY, equipment=EQUIPMENT_OK)
    with pytest.raises(ValidationError, match="交班人和接班人不能是同一人"):
        ho.accept_handover(room.officer, handover_id)
    with pytest.raises(ValidationError, match="交班人不能替接班人确认"):
        ho.acknowledge(room.officer, handover_id, [])
    with pytest.raises(ValidationError, match="还有 2 项未办结事项未经接班人确认知悉：跟踪上坪村滑塌处置进展"):
        ho.accept_handover(room.incoming, handover_id)
    state = ho.handover_state(room.store, DAY, room.clock.now())
    keys = [item.key for item in state.sheet.ack_items()]
    assert ho.acknowledge(room.incoming, handover_id, keys[:1]) == 1
    # Something new after the outgoing confirmed must be acknowledged too.
    new_item = pending.raise_pending(room.officer, "落实市局寒潮防范通知")
    with pytest.raises(ValidationError, match="还有 2 项.*落实市局寒潮防范通知"):
        ho.accept_handover(room.incoming, handover_id)
    ho.acknowledge(room.incoming, handover_id, [keys[1], f"pending:{new_item}"])
    at(room, 8, 32)
    ho.accept_handover(room.incoming, handover_id)
    assert is_closed(room.store, DAY)
    state = ho.handover_state(room.store, DAY, room.clock.now())
    assert state.status_label == "已完成交接" and state.record["incoming_name"] == "姚博建"
    assert state.record["outgoing_name"] == "苏宇琪" and state.record["leader_name"] == "刘丽平"
    assert state.record["confirmed_at"] == "2026-11-25T08:10:00+08:00"
    assert state.record["accepted_at"] == "2026-11-25T08:32:00+08:00"
    assert {a["acknowledged_by_name"] for a in state.acks.values()} == {"姚博建"}
    # Open items are carried: still open in the new shift, and on its sheet.
    assert len(pending.open_items(room.store)) == 2
    with pytest.raises(ValidationError, match="已于 2026-11-25 08:32 由姚博建接班"):
        ho.accept_handover(room.incoming, handover_id)


def test_withdraw_reopens_and_frozen_sheet_survives_later_changes(room) -> None:
    at(room, 8, 0)
    first = ho.confirm_handover(room.officer, DAY, equipment=EQUIPMENT_OK)
    ho.withdraw_handover(room.officer, first, "又接到一个来电，补记后重新交班")
    second = ho.confirm_handover(room.officer, DAY, equipment=EQUIPMENT_OK)
    state = ho.handover_state(room.store, DAY, room.clock.now())
    ho.acknowledge(room.incoming, second, [i.key for i in state.sheet.ack_items()])
    ho.accept_handover(room.incoming, second)
    [item] = pending.open_items(room.store)
    pending.close_pending(room.incoming, item["id"], "已处置完毕")
    frozen = ho.handover_state(room.store, DAY, room.clock.now())
    assert [i.text for i in frozen.sheet.sections[2].items] == ["跟踪上坪村滑塌处置进展"]
    assert [h["status"] for h in ho.recent_handovers(room.store)] == ["accepted", "confirmed"]


def test_target_shift(room) -> None:
    at(room, 15, 0, day=24)
    target = ho.handover_target(room.store, room.clock.now())
    assert target.outgoing.duty_date == DAY and not target.due
    at(room, 7, 0)
    assert ho.handover_target(room.store, room.clock.now()).due
    at(room, 10, 0)   # 11-24 not handed over yet: still the one to hand over
    target = ho.handover_target(room.store, room.clock.now())
    assert target.outgoing.duty_date == DAY and target.due and "尚未完成交接班" in target.message


def test_equipment_list_is_a_setting(room, system) -> None:
    settings.set_value(system, "handover.equipment", "电话，传真、对讲机")
    assert ho.equipment_items(room.store) == ["电话", "传真", "对讲机"]
    with pytest.raises(ValidationError, match="重复"):
        settings.set_value(system, "handover.equipment", "电话、电话")


def test_other_modules_plug_in_sections(room) -> None:
    def incidents(store, outgoing, now) -> SheetSection:
        return SheetSection("incidents", "未结突发事件", items=[
            SheetItem("incident:7", "青石镇滑坡（一般），下次续报 11月25日 17:00", needs_ack=True)])

    register_section(SectionProvider("incidents", "未结突发事件", 35, incidents))
    try:
        at(room, 8, 0)
        handover_id = ho.confirm_handover(room.officer, DAY, equipment=EQUIPMENT_OK)
        state = ho.handover_state(room.store, DAY, room.clock.now())
        assert [s.key for s in state.sheet.sections] == ["duty_staff", "entries", "pending", "incidents",
                                                          "warnings", "instructions"]
        ho.acknowledge(room.incoming, handover_id, ["pending:1", "instruction:2"])
        with pytest.raises(ValidationError, match="青石镇滑坡"):
            ho.accept_handover(room.incoming, handover_id)
    finally:
        del HANDOVER_SECTIONS["incidents"]
