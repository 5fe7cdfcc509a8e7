"""信息接报 in the GUI: the virtual list, intake from the keyboard, the clocks and their alarms, sign-off, rules."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from dutyroom.gui.incidents.deadline_panel import ClockRow, DeadlinePanel
from dutyroom.gui.incidents.form_builder import FormWidget
from dutyroom.gui.incidents.intake_dialogs import IntakeDialog
from dutyroom.gui.incidents.list_model import TITLE_COLUMN, IncidentListModel
from dutyroom.gui.incidents.report_editor import open_editor
from dutyroom.incidents import forms, intake, reports
from dutyroom.paths import app_path
from tests.incident_helpers import first_call, session_as


def test_list_model_passes_the_model_tester(demo_store, clock, qtmodeltester) -> None:
    from dutyroom.incidents import queries

    model = IncidentListModel(demo_store, clock.now)
    model.set_query(queries.IncidentQuery())
    assert model.rowCount() == 5
    qtmodeltester.check(model)
    titles = [model.data(model.index(row, TITLE_COLUMN)) for row in range(model.rowCount())]
    assert any("透水事故" in t for t in titles) and not any("已不存在" in t for t in titles)


def test_intake_from_the_keyboard(login_as, demo_store, qtbot) -> None:
    window = login_as("zhiban")
    window.show_page("incidents")
    page = window.page("incidents")
    dialog = IntakeDialog(window.ctx, page)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    inputs = dialog.form.inputs
    inputs["reporter_unit"].widget.setText("青石镇应急办")
    inputs["reporter_name"].editor.setText("王建国")
    inputs["township"].set(demo_store.scalar("SELECT id FROM org_unit WHERE name = '青石镇'"))
    inputs["category"].set("事故灾难")
    inputs["subtype"].set("工矿商贸生产安全事故")
    inputs["description"].widget.setPlainText("井下透水，5人被困。")
    inputs["dead"].widget.setText("-2")
    before = demo_store.scalar("SELECT COUNT(*) FROM incident")
    QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "“死亡”不能为负数" in dialog.message.text() and dialog.result() == 0
    assert inputs["dead"].editor.property("error") is True
    assert demo_store.scalar("SELECT COUNT(*) FROM incident") == before
    inputs["dead"].widget.setText("3")
    inputs["trapped"].widget.setText("2")
    dialog.update_preview()
    assert dialog.preview.badge.text() == "较大事件" and "死亡3人 → 较大" in dialog.preview.reasons.text()
    assert "电话报告上级" in dialog.preview.plan.text()
    QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.incident_id is not None
    incident = intake.get_incident(demo_store, dialog.incident_id)
    assert incident["grade"] == "III" and incident["title"].startswith("青石镇")
    assert intake.facts_of(incident)["channel"] == "电话"            # the definition's default


def test_the_reporter_is_picked_from_the_contact_tree(login_as, demo_store, qtbot) -> None:
    window = login_as("zhiban")
    dialog = IntakeDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    inputs = dialog.form.inputs
    picker = inputs["reporter_name"].widget
    typed = QInputMethodEvent()   # Chinese arrives from the input method as a commit
    typed.setCommitString("周宇")
    QApplication.sendEvent(picker.edit, typed)
    assert picker.completer.popup().isVisible()
    QTest.keyClick(picker.completer.popup(), Qt.Key.Key_Return)
    person_id = demo_store.scalar("SELECT id FROM person WHERE name = '周宇' AND voided_at IS NULL")
    values = dialog.form.values()
    assert (values["reporter_name"], values["reporter_unit"], values["reporter_phone"]) == ("周宇", "青石镇", "10000000123")
    assert values["reporter_person_id"] == person_id
    inputs["township"].set(demo_store.scalar("SELECT id FROM org_unit WHERE name = '青石镇'"))
    inputs["category"].set("自然灾害")
    inputs["subtype"].set("地质灾害")
    inputs["description"].widget.setPlainText("上坪村组道边坡出现裂缝，已封闭道路。")
    dialog.save()
    assert dialog.incident_id is not None
    assert demo_store.scalar("SELECT reporter_person_id FROM incident_call WHERE incident_id = ?",
                             (dialog.incident_id,)) == person_id
    qtbot.keyClicks(picker.edit, "x")      # typing over the name: somebody else, not from the tree
    assert dialog.form.values()["reporter_person_id"] is None


def test_a_new_field_shows_up_in_the_form(app, tmp_path: Path, demo_store, clock) -> None:
    folder = tmp_path / "forms"
    shutil.copytree(app_path("resources", "forms"), folder)
    definition = json.loads((folder / "intake.json").read_text(encoding="utf-8"))
    definition["groups"][1]["fields"].append({"key": "weather", "label": "现场天气", "type": "text", "essential": True})
    (folder / "intake.json").write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    forms.use_directory(folder)
    try:
        widget = FormWidget(intake.intake_form(), store=demo_store, now=clock.now)
        assert "weather" in widget.inputs
        widget.inputs["weather"].set("小雨")
        assert widget.values()["weather"] == "小雨"
    finally:
        forms.use_directory(None)


def test_clocks_ring_until_acknowledged(login_as, demo_store, clock, qtbot) -> None:
    window = login_as("zhiban")
    panel = window.page("today").findChild(DeadlinePanel)
    assert panel is not None and panel.rows
    ticks = [0.0]
    panel.alarm.clock = lambda: ticks[0]
    panel.alarm.repeat_seconds = 60
    officer = session_as(demo_store, clock, "zhiban")
    incident_id = intake.open_incident(officer, first_call(demo_store, clock.now(), received_at=clock.now().isoformat()))
    row_id = demo_store.scalar("SELECT id FROM incident_obligation WHERE incident_id = ? AND step = 'notify_leader'",
                               (incident_id,))
    panel.alarm.rung.clear()
    clock.advance(minutes=6)                         # 4 minutes left of the 10
    panel.tick()
    rung = [r for r in panel.alarm.rung if r.key == row_id]
    assert [r.stage for r in rung] == ["soon"]
    panel.tick()
    assert len([r for r in panel.alarm.rung if r.key == row_id]) == 1    # not every second
    ticks[0] = 61
    panel.tick()
    assert len([r for r in panel.alarm.rung if r.key == row_id]) == 2    # repeated until acknowledged
    (row,) = [r for r in panel.findChildren(ClockRow) if r.clock.obligation_id == row_id]
    assert not row.ack.isHidden() and row.property("stage") == "soon"
    qtbot.mouseClick(row.ack, Qt.MouseButton.LeftButton)
    ack = demo_store.row("SELECT stage, acked_by_name FROM obligation_alert WHERE obligation_id = ?", (row_id,))
    assert tuple(ack) == ("soon", "苏宇琪")
    ticks[0] = 200
    panel.tick()
    assert len([r for r in panel.alarm.rung if r.key == row_id]) == 2    # silenced for this stage
    clock.advance(minutes=5)                         # overdue now: a new alarm
    ticks[0] = 201
    panel.tick()
    assert [r.stage for r in panel.alarm.rung if r.key == row_id][-1] == "overdue"
    assert demo_store.scalar("SELECT status FROM incident_obligation WHERE id = ?", (row_id,)) == "open"


def test_office_sees_clocks_without_alarms(login_as, clock) -> None:
    window = login_as("bangongshi")
    panel = window.page("today").findChild(DeadlinePanel)
    clock.advance(hours=12)
    panel.tick()
    assert panel.rows and not panel.alarm.rung and not panel.new_button.isVisible()


def test_clock_opens_its_incident(login_as, demo_store) -> None:
    window = login_as("zhiban")
    panel = window.page("today").findChild(DeadlinePanel)
    first = panel.rows[0]
    panel.show_incident(first.clock.incident_id)
    assert window.current_key() == "incidents"
    assert window.page("incidents").detail.detail["id"] == first.clock.incident_id


def test_filter_sort_and_select(login_as, demo_store, qtbot) -> None:
    window = login_as("zhiban")
    window.show_page("incidents")
    page = window.page("incidents")
    assert page.model.rowCount() == 4                          # 处置中 by default; the closed one is hidden
    page.status.setCurrentIndex(0)
    assert page.model.rowCount() == 5
    page.search.setText("透水")
    page.requery()
    assert page.model.rowCount() == 1
    page.search.setText("")
    page.sort_by(2)                                            # by grade
    grades = [page.model.record(r)["grade"] for r in range(page.model.rowCount())]
    assert grades == sorted(grades)
    closed = demo_store.scalar("SELECT id FROM incident WHERE status = 'closed'")
    page.status.setCurrentIndex(1)
    page.select_incident(closed)
    assert page.detail.detail["id"] == closed and page.status.currentIndex() == 0


def test_voided_incidents_are_listed_on_request(login_as, demo_store, clock, qtbot) -> None:
    window = login_as("zhiban")
    window.show_page("incidents")
    page = window.page("incidents")
    page.status.setCurrentIndex(0)
    duplicate = intake.open_incident(session_as(demo_store, clock, "zhiban"), first_call(demo_store, clock.now()))
    intake.void_incident(session_as(demo_store, clock, "zhibanzhang"), duplicate, "与2026-001为同一事件，重复录入")
    page.requery()
    assert page.model.rowCount() == 5 and page.model.row_of(duplicate) < 0
    page.show_voided.setChecked(True)
    assert page.model.rowCount() == 6
    title = page.model.data(page.model.index(page.model.row_of(duplicate), TITLE_COLUMN))
    assert title.startswith("【作废】")
    page.show_voided.setChecked(False)
    page.select_incident(duplicate)            # from a link: the filter widens to show it
    assert page.show_voided.isChecked() and page.detail.detail["id"] == duplicate


def test_leader_signs_and_officer_records_sending(login_as, demo_store, clock, qtbot, monkeypatch, printed) -> None:
    draft = demo_store.scalar("SELECT id FROM incident_report WHERE status = 'draft' AND form = 'special'")
    window = login_as("zhiban")
    editor = open_editor(window.ctx, draft, window)
    qtbot.addWidget(editor)
    assert editor.buttons["sign"].isHidden() and "请带班领导登录后签发" in editor.message.text()
    editor.sections["trend"].setPlainText("病情稳定。")
    editor.save()
    assert json.loads(reports.get_report(demo_store, draft)["body_json"])["trend"] == "病情稳定。"
    window.close()
    leader_window = login_as("daiban")
    editor = open_editor(leader_window.ctx, draft, leader_window)
    qtbot.addWidget(editor)
    qtbot.mouseClick(editor.buttons["sign"], Qt.MouseButton.LeftButton)
    assert reports.get_report(demo_store, draft)["status"] == "signed" and editor.sections["trend"].isReadOnly()
    assert not editor.buttons["send"].isHidden()
    editor.print_pdf()
    qtbot.waitUntil(lambda: editor.message.text().startswith("已送往打印机"), timeout=15000)
    assert printed[0].read_bytes().startswith(b"%PDF")


def test_disaster_editor_computes_totals_and_asks_for_explanations(login_as, demo_store, clock, qtbot) -> None:
    from dutyroom.incidents import disaster

    flood = demo_store.scalar("SELECT id FROM incident WHERE category = '自然灾害'")
    window = login_as("zhiban")
    report_id = disaster.create_disaster_report(window.ctx.session, flood, "followup")
    editor = open_editor(window.ctx, report_id, window)
    qtbot.addWidget(editor)
    row = [t["name"] for t in editor.towns].index("松溪乡")
    editor.grid.item(row, 0).setText("5000")                  # 受灾人口 jumps
    total = editor.grid.item(len(editor.towns), 0).text()
    assert total == str(5000 + 620)
    assert "affected" in editor.explanations
    editor.explanations["affected"].setText("新增3个受灾村组")
    editor.save()
    body = json.loads(reports.get_report(demo_store, report_id)["body_json"])
    assert body["explanations"]["affected"] == "新增3个受灾村组"
    assert body["figures"][str(editor.towns[row]["id"])]["affected"] == 5000


def test_admin_adopts_a_preset(login_as, monkeypatch) -> None:
    window = login_as("admin")
    window.show_page("rules")
    page = window.page("rules")
    monkeypatch.setattr("dutyroom.gui.kit.ops.ask_reason", lambda *a: "按省厅要求")
    page.versions.adopt_shipped("henan")
    assert "河南从严" in page.versions.current.text()
    page.trial["dead"].setText("10")
    assert "等级：重大" in page.trial_result.text() and "10:15前" in page.trial_result.text()


@pytest.fixture(autouse=True)
def _no_tray(monkeypatch):
    from PySide6.QtWidgets import QSystemTrayIcon

    monkeypatch.setattr(QSystemTrayIcon, "isSystemTrayAvailable", staticmethod(lambda: False))


def test_ctrl_n_opens_intake_from_anywhere(login_as, qtbot, monkeypatch) -> None:
    opened: list = []
    monkeypatch.setattr(IntakeDialog, "exec", lambda self: opened.append(self) or 0)
    window = login_as("zhiban")
    window.show_page("incidents")
    window.activateWindow()
    qtbot.waitActive(window)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(opened) == 1


def test_sign_off_limit_is_a_setting(login_as, demo_store) -> None:
    from dutyroom import settings

    window = login_as("admin")
    window.show_page("rules")
    page = window.page("rules")
    page.on_duty_only.setChecked(True)
    assert settings.get(demo_store, "incidents.signoff_on_duty_only") is True


def test_background_work_never_collects_ui_objects(app, qtbot) -> None:
    import gc

    from dutyroom.gui.kit.tasks import TaskRunner

    runner = TaskRunner()
    seen: list[bool] = []
    task = runner.run(lambda state: gc.isenabled(), on_done=seen.append)
    qtbot.waitUntil(lambda: task.is_finished, timeout=5000)
    assert seen == [False] and gc.isenabled()
