"""Forms are data: one definition drives validation, storage and print — a new field needs no code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dutyroom.errors import InvalidFields, Problems, ValidationError
from dutyroom.incidents import forms, intake, reports
from dutyroom.paths import app_path
from dutyroom.printing.incident_report import (
    phone_card,
    render_phone_card,
    render_special_report,
    special_report_doc,
)
from tests.incident_helpers import first_call, session_as
from tests.pdfcheck import read_pdf, squeeze

WEATHER = {"key": "weather", "label": "现场天气", "type": "text", "required": True, "max_length": 20,
           "print_label": "现场天气", "card": True}


@pytest.fixture
def extended_forms(tmp_path: Path):
    """A copy of the shipped definitions with one more intake field, in the 时间地点 group."""
    folder = tmp_path / "forms"
    shutil.copytree(app_path("resources", "forms"), folder)
    definition = json.loads((folder / "intake.json").read_text(encoding="utf-8"))
    group = next(g for g in definition["groups"] if g["key"] == "when_where")
    group["fields"].append(WEATHER)
    (folder / "intake.json").write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    forms.use_directory(folder)
    yield folder
    forms.use_directory(None)


def test_all_shipped_definitions_load() -> None:
    intake_form = forms.load_form("intake")
    assert intake_form.field("dead").maximum == 10000 and intake_form.field("received_at").type == "datetime"
    assert [g.key for g in intake_form.groups if g.call] == ["source"]
    assert set(forms.load_form("report").raw["kinds"]) == {"initial", "followup", "final", "verification"}
    assert len([f for f in forms.load_form("disaster") if f.group == "indicators"]) == 11


def test_templates_leave_out_what_is_empty() -> None:
    form = forms.load_form("intake")
    spec = form.field("dead").print_as
    assert forms.render(spec, {"dead": 3, "trapped": 2}, form) == "死亡3人，被困2人"
    assert forms.render(spec, {}, form) == "暂无人员伤亡"
    unit = form.field("unit_name").print_as
    assert forms.render(unit, {"unit_name": "某公司", "unit_industry": "煤矿"}, form) == "某公司（煤矿）"
    assert forms.render(unit, {"unit_name": "某公司"}, form) == "某公司"
    marks = form.field("sensitive_time").print_as
    assert forms.render(marks, {"sensitive_place": True, "serious_pollution": True}, form) == "敏感地点、造成严重环境污染"


def test_a_new_field_is_validated_stored_and_printed(extended_forms, demo_store, clock) -> None:
    officer = session_as(demo_store, clock, "zhiban")
    with pytest.raises(ValidationError, match="请填写“现场天气”") as refused:
        intake.open_incident(officer, first_call(demo_store, clock.now(), dead=3))
    assert refused.value.field == "weather"
    with pytest.raises(ValidationError, match="“现场天气”过长"):
        intake.open_incident(officer, first_call(demo_store, clock.now(), dead=3, weather="雨" * 30))
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), dead=3, weather="中雨，能见度低"))
    assert intake.facts_of(intake.get_incident(demo_store, incident_id))["weather"] == "中雨，能见度低"
    report_id = reports.create_report(officer, incident_id, "initial")
    pdf = render_special_report(special_report_doc(demo_store, report_id, clock.now()))
    text = squeeze(read_pdf(pdf).text)
    assert "现场天气：中雨，能见度低。" in text
    assert text.index("事发时间") < text.index("现场天气") < text.index("事件类型")   # the definition's print order
    card = squeeze(read_pdf(render_phone_card(phone_card(demo_store, incident_id, "苏宇琪", clock.now()))).text)
    assert "中雨，能见度低" in card


def test_without_the_extension_the_field_is_unknown(demo_store, clock) -> None:
    officer = session_as(demo_store, clock, "zhiban")
    with pytest.raises(ValidationError, match="没有这些项：weather"):
        intake.open_incident(officer, first_call(demo_store, clock.now(), weather="晴"))


@pytest.mark.parametrize(("key", "value", "expected"), [
    ("loss_yuan", "120万元", 1_200_000), ("loss_yuan", "1.5亿", 150_000_000), ("loss_yuan", "３０００", 3000),
    ("dead", "１２", 12), ("dead", " 3 ", 3), ("dead", "1,000", 1000), ("loss_yuan", "1，200万元", 12_000_000),
    ("loss_yuan", "0.4", 0), ("loss_yuan", 1200000.0, 1_200_000), ("dead", 3.0, 3),
])
def test_values_are_read_the_way_people_type_them(key, value, expected) -> None:
    assert forms.clean_value(forms.load_form("intake").field(key), value) == expected


def test_every_problem_of_a_form_is_refused_at_once(demo_store, clock) -> None:
    """A form is checked field by field: all problems come back together, each naming its field (each field in
    the form's order, then the checks between fields); a field judged against a wrong one (the 子类 of a bad
    类别) is not blamed for it."""
    values = first_call(demo_store, clock.now(), reporter_name="", description="", dead="-2", category="不存在",
                        subtype="工矿商贸生产安全事故", occurred_at="2099-01-01T00:00:00+08:00")
    with pytest.raises(InvalidFields) as refused:
        intake.open_incident(session_as(demo_store, clock, "zhiban"), values)
    problems = {p.field: p.message for p in refused.value.problems}
    assert list(problems) == ["reporter_name", "category", "description", "dead", "occurred_at"]
    assert problems["reporter_name"] == "请填写“报告人”。" and "不能为负数" in problems["dead"]
    assert refused.value.field == "reporter_name" and refused.value.message.count("\n") == 4
    one = first_call(demo_store, clock.now(), description="")
    with pytest.raises(ValidationError) as single:
        forms.validate(forms.load_form("intake"), one, now=clock.now(), lookup=forms.Lookup(demo_store))
    assert not isinstance(single.value, InvalidFields) and single.value.problems == (single.value,)


def test_problems_collects_and_refuses_together() -> None:
    problems = Problems()
    assert problems.check(int, "7", default=0) == 7 and not problems
    problems.add(ValidationError("请填写“姓名”。", field="name"))
    problems.add(InvalidFields([ValidationError("甲", field="a"), ValidationError("乙")]))
    assert problems.failed("a") and not problems.failed(None, "b")
    with pytest.raises(InvalidFields) as refused:
        problems.raise_any()
    assert [p.field for p in refused.value.problems] == ["name", "a", None]
