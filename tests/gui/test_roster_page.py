"""值班排班 page: the grid shows the draft with day types, cells are assigned and pinned, generation,
publishing and change approval work from the page, and printouts carry what the grid shows."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from dutyroom.printing.roster import render_month_roster
from dutyroom.roster import planning
from dutyroom.roster.changes import change_views
from dutyroom.roster.exports import month_roster_xlsx
from dutyroom.roster.model import Cell
from dutyroom.roster.views import month_roster
from tests.pdfcheck import read_pdf, squeeze


def _open(login_as, year: int, month: int):
    window = login_as("bangongshi")
    window.show_page("roster")
    page = window.page("roster")
    page.set_month(year, month)
    return window, page


def _display(page, row: int, column: int) -> str:
    return page.model.data(page.model.index(row, column))


def test_grid_model_and_day_types(login_as, qtmodeltester) -> None:
    _, page = _open(login_as, 2026, 10)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == 31
    assert _display(page, 0, 1) == "国庆节" and _display(page, 9, 1) == "星期六（上班）"
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers[:4] == ["日期", "星期/节日", "带班领导1", "带班领导2"]
    # 双带班 on the holiday, one leader on an ordinary day (second leader column not applicable).
    assert _display(page, 0, 3) not in ("—", "（空）") and _display(page, 20, 3) == "—"
    assert not page.warning_label.isVisibleTo(page)


def test_unknown_year_warns_on_the_page(login_as) -> None:
    _, page = _open(login_as, 2027, 1)
    assert "2027年节假日安排尚未录入" in page.warning_label.text()
    assert _display(page, 0, 1).endswith("（未录入）")


def test_assign_pin_generate_publish_from_the_page(login_as, controller, monkeypatch, qtbot) -> None:
    window, page = _open(login_as, 2026, 12)
    store = controller.store
    page.generate()
    qtbot.waitUntil(lambda: "已生成" in page.message.text(), timeout=10000)
    page.refresh()
    assert len(page.model.cells) == 31 * 6 and page.quality.uncovered == []
    key = Cell(date(2026, 12, 9), "officer", 1)
    free = [c for c in planning.candidates(store, *key) if c.free and c.person_id != page.model.cells[key].person_id]
    assert page.assign(key, free[0].person_id)
    assert page.model.cells[key].pinned and page.model.cells[key].person_id == free[0].person_id
    busy = next(c for c in planning.candidates(store, *key) if not c.free and not c.conflict.startswith("当日"))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.No))
    assert not page.assign(key, busy.person_id, conflict=busy.conflict)
    menu = page.cell_menu(key)
    texts = [a.text() for a in menu.actions()]
    assert "取消固定" in texts and any("有冲突的人员" in t for t in texts)
    assert page.toggle_pin(key) and not page.model.cells[key].pinned
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    assert page.publish()
    assert planning.compare(store, date(2026, 12, 1), date(2026, 12, 31)) == []
    assert "已发布186格" in page.status_label.text()


def test_pdf_and_xlsx_contain_what_the_grid_shows(login_as, controller, clock) -> None:
    _, page = _open(login_as, 2026, 11)
    doc = month_roster(controller.store, 2026, 11, clock.now(), source="draft")
    text = squeeze(read_pdf(render_month_roster(doc)).text)
    sheet = load_workbook(io.BytesIO(month_roster_xlsx(doc))).active
    by_date = {r[0]: " ".join(str(v) for v in r if v) for r in sheet.iter_rows(values_only=True) if r[0]}
    for row in range(page.model.rowCount()):
        day_text = _display(page, row, 0)
        for column in range(2, page.model.columnCount()):
            shown = _display(page, row, column)
            if shown in ("—", "（空）"):
                continue
            name = shown.replace("◆", "").replace("·调", "")
            assert name in text and name in by_date[day_text], (day_text, shown)
        assert _display(page, row, 1) in by_date[day_text]


def test_approve_and_undo_changes_from_the_list(login_as, controller, monkeypatch) -> None:
    window, page = _open(login_as, 2026, 11)
    pending = [v for v in change_views(controller.store) if v.status == "pending"]
    assert pending
    row = next(i for i, r in enumerate(page.changes.model.records) if r["view"].id == pending[0].id)
    page.changes.view.selectRow(row)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    assert page.changes.approve_selected(), page.message.text()
    assert change_views(controller.store, ids=[pending[0].id])[0].status == "approved"
    row = next(i for i, r in enumerate(page.changes.model.records) if r["view"].id == pending[0].id)
    page.changes.view.selectRow(row)
    monkeypatch.setattr("dutyroom.gui.kit.ops.ask_reason", lambda *a, **k: "人员已到岗")
    assert page.changes.undo_selected()
    assert change_views(controller.store, ids=[pending[0].id])[0].status == "undone"


def test_officer_does_not_see_the_planner(login_as) -> None:
    assert "roster" not in login_as("zhiban").page_keys()


def test_grid_with_the_officer_split(login_as, controller, clock, qtbot, monkeypatch) -> None:
    from dutyroom import settings
    from dutyroom.demo.officer_split import switch_to_officer_split
    from dutyroom.gui.roster.setup_dialogs import AbsenceDialog, RulesDialog

    store = controller.store
    switch_to_officer_split(store, clock, date(2026, 12, 1), date(2026, 12, 31))
    window, page = _open(login_as, 2026, 12)
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert headers[2:] == ["带班领导", "值班长", "白班1", "白班2", "夜班1", "夜班2", "备勤1", "备勤2"]
    night = page.model.slot_at(page.model.index(8, headers.index("夜班1")))
    assert night == Cell(date(2026, 12, 9), "officer", 0, "night")
    assert _display(page, 8, headers.index("夜班1")) not in ("—", "（空）")
    no_night = next(p["id"] for p in store.rows("SELECT person_id AS id FROM roster_profile WHERE no_night = 1"))
    menu = page.cell_menu(night)
    free_names = [a.text() for a in menu.actions() if a.isEnabled()]
    name = store.scalar("SELECT name FROM person WHERE id = ?", (no_night,))
    assert not any(t.startswith(name + "　") for t in free_names)
    conflicted = next(a.menu() for a in menu.actions() if a.menu() and "有冲突的人员" in a.text())
    assert f"{name}：不值夜班" in [a.text() for a in conflicted.actions()]
    day_cell = Cell(date(2026, 12, 9), "officer", 0, "day")
    texts = [a.text() for a in page.cell_menu(day_cell).actions()]
    assert texts[0] == "12月9日 值班员（白班）1" and any("夜班" in t for t in texts[1:])
    assert not any(f"{name}：不值夜班" in a.text() for m in page.cell_menu(day_cell).findChildren(type(menu))
                   for a in m.actions())
    assert AbsenceDialog(window.ctx, window).no_night.text() == "不值夜班（不排值班长、值班员夜班；可排值班员白班）"
    rules = RulesDialog(window.ctx, window)
    assert rules.split.isChecked() and "17:30–次日08:30" in rules.split_hint.text()
    # Switching back: the published split month stays as published, the grid goes back to 24-hour columns
    # and says the draft needs regenerating.
    rules.split.setChecked(False)
    assert rules.save(), rules.message.text()
    assert not settings.get(store, "roster.officer_split")
    page.refresh()
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    # The stored 白班/夜班 cells keep their own columns, shown as they are (grey), never read as 24-hour cells.
    assert "值班员1" in headers and "白班1" in headers
    stored = page.model.slot_at(page.model.index(8, headers.index("夜班1")))
    assert stored == night and page.model.other_mode(stored)
    assert page.model.slot_at(page.model.index(8, headers.index("值班员1"))) == Cell(date(2026, 12, 9), "officer", 0)
    assert "生成其余时按当前班制替换" in [a.text() for a in page.cell_menu(stored).actions()][1]
    assert "值班员分白班、夜班" in page.warning_label.text() and "重新生成" in page.warning_label.text()
    assert AbsenceDialog(window.ctx, window).no_night.text() == "不值夜班（不排值班长、值班员）"
