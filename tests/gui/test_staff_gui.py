"""值班人员: ticks for many people in one operation, the staff list and past rosters imported through their
previews (real .xlsx files), accounts in bulk with their slips, and the planner's empty cells saying why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from dutyroom import settings
from dutyroom.auth import accounts
from dutyroom.demo.county_files import (
    BUREAU,
    DUPLICATE,
    FAVOURITE,
    HISTORY,
    REJECTED,
    STAFF,
    STAFF_COUNT,
    make_history,
    write_history_workbook,
    write_staff_sheet,
)
from dutyroom.gui.roster.staff_model import TICK_COLUMNS
from dutyroom.session import Session
from tests.pdfcheck import read_pdf, squeeze

PASSWORD = "Admin2026ok"


def roles_of(store, person_id: int) -> set[str]:
    return set(store.column("SELECT role FROM person_duty_role WHERE person_id = ?", (person_id,)))


def test_ticks_apply_to_every_selected_person_in_one_write(login_as, controller, qtmodeltester) -> None:
    window = login_as("bangongshi")
    window.show_page("staff")
    editor = window.page("staff").editor
    qtmodeltester.check(editor.model)
    store = controller.store
    officers = [r for r in editor.records if r["roles"] and "chief" not in r["roles"]][:3]
    ids = [r["id"] for r in officers]
    editor.select_ids(set(ids))
    assert editor.selected_ids() and sorted(editor.selected_ids()) == sorted(ids)
    assert editor.boxes["chief"].checkState() == Qt.CheckState.Unchecked
    audits = store.scalar("SELECT COUNT(*) FROM audit_log")
    writes = []
    controller.events.changed.connect(writes.append)
    assert editor.toggle_selected("chief")
    assert all("chief" in roles_of(store, pid) for pid in ids)
    assert len(writes) == 1                                     # one transaction for the three
    assert store.scalar("SELECT COUNT(*) FROM audit_log") == audits + 3
    assert sorted(editor.selected_ids()) == sorted(ids)        # the selection survives the reload
    assert editor.boxes["chief"].checkState() == Qt.CheckState.Checked
    # A tick in the table on one of the selected rows: for all of them again (off this time).
    view_model = editor.table.model()
    row = next(r for r in range(view_model.rowCount()) if view_model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)
               ["id"] == ids[0])
    column = next(c for c, key in TICK_COLUMNS.items() if key == "chief")
    view_model.setData(view_model.index(row, column), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert not any("chief" in roles_of(store, pid) for pid in ids)
    # … and on a row outside the selection: that person only.
    other = next(r for r in range(view_model.rowCount())
                 if view_model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1)["id"] not in ids)
    other_id = view_model.index(other, 0).data(Qt.ItemDataRole.UserRole + 1)["id"]
    no_night = next(c for c, key in TICK_COLUMNS.items() if key == "no_night")
    view_model.setData(view_model.index(other, no_night), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert store.scalar("SELECT no_night FROM roster_profile WHERE person_id = ?", (other_id,)) == 1
    assert not any(store.scalar("SELECT no_night FROM roster_profile WHERE person_id = ?", (pid,)) for pid in ids)
    # The filter: words must all match.
    editor.search.setText(f"{officers[0]['name']} {officers[0]['unit']}")
    assert ids[0] in [r["id"] for r in editor.model.records]
    assert all(officers[0]["name"] in r["haystack"] for r in editor.model.records)
    assert editor.model.rowCount() < len(editor.records)


def test_dates_and_taking_off_the_roster(login_as, controller, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from dutyroom.gui.roster.staff_dates import StaffDatesDialog

    window = login_as("bangongshi")
    window.show_page("staff")
    editor = window.page("staff").editor
    person = next(r for r in editor.records if r["roles"])
    editor.select_ids({person["id"]})
    dialog = StaffDatesDialog(editor.selected_records(), date(2026, 11, 24), window)
    dialog.choices["leave_date"].setCurrentText("设为")
    dialog.dates["leave_date"].setDate(dialog.dates["leave_date"].date().addDays(30))
    dialog.choices["max_per_month"].setCurrentText("设为")
    dialog.maximum.setValue(3)
    change = dialog.change()
    assert editor.apply([person["id"]], change, "已保存")
    store = controller.store
    row = store.row("SELECT leave_date, max_per_month, join_date FROM roster_profile WHERE person_id = ?",
                    (person["id"],))
    assert row["leave_date"] == "2026-12-24" and row["max_per_month"] == 3
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    editor.select_ids({person["id"]})
    assert editor.take_off()
    assert store.scalar("SELECT is_staff FROM person WHERE id = ?", (person["id"],)) == 0
    assert roles_of(store, person["id"]) == set()


def open_county(app, store, clock, tmp_path: Path):
    """A new data file with its administrator and 本单位 set, and the administrator's window."""
    from dutyroom.gui.app import AppController, ui_state_settings

    admin = accounts.create_first_admin(store, clock, username="admin", password=PASSWORD, display_name="系统管理员")
    settings.set_many(Session(store, admin, clock), {"org.name": BUREAU, "duty.phone": "0000-6600110"})
    controller = AppController(store, clock=clock, ui_state=ui_state_settings(tmp_path / "ui.ini"),
                               automatic_backups=False)
    return controller, controller.open_window(admin)


def test_staff_list_previewed_then_imported(app, store, clock, qtbot, tmp_path: Path) -> None:
    controller, window = open_county(app, store, clock, tmp_path)
    window.show_page("staff")
    page = window.page("staff")
    sheet = write_staff_sheet(tmp_path / "局机关值班人员名单.xlsx")
    dialog = page.import_staff(sheet)
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=15000)
    assert store.scalar("SELECT COUNT(*) FROM person") == 0              # the preview writes nothing
    outcomes = {r["outcome"] for r in dialog.model.records}
    assert {"new", "merged", "rejected"} <= outcomes
    rejected = [r for r in dialog.model.records if r["outcome"] == "rejected"]
    assert [r["name"] for r in rejected] == [REJECTED] and rejected[0]["reason"]
    assert any(r["name"] == DUPLICATE for r in dialog.model.records if r["outcome"] == "merged")
    assert f"新建 {STAFF_COUNT} 人" in dialog.summary.text()
    dialog.filter.setCurrentIndex(dialog.filter.findData("rejected"))
    shown = [r for r in range(dialog.model.rowCount()) if not dialog.table.isRowHidden(r)]
    assert len(shown) == 1
    assert dialog.import_button.isEnabled()
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=15000)
    assert "导入完成" in dialog.message.text()
    dialog.close()
    staff = {r["name"] for r in page.editor.records if r["roles"]}
    assert len(page.editor.records) == STAFF_COUNT and {s.name for s in STAFF} - {REJECTED} <= staff
    leader = next(r for r in page.editor.records if r["name"] == FAVOURITE)
    assert leader["ticks"]["leader"] and leader["is_staff"]
    controller.tasks.wait_all()
    window.close()


def test_accounts_in_bulk_with_their_slips(app, store, clock, qtbot, tmp_path: Path) -> None:
    from dutyroom.gui.auth.staff_accounts import StaffAccountsDialog
    from dutyroom.roster.staff_import import import_staff

    controller, window = open_county(app, store, clock, tmp_path)
    import_staff(window.ctx.session, write_staff_sheet(tmp_path / "名单.xlsx"))
    dialog = StaffAccountsDialog(window.ctx, window)
    panel = dialog.panel
    planned = panel.model.records
    assert len(planned) == STAFF_COUNT and {"zengxiaojun", "shanlixin"} <= {r["username"] for r in planned}
    slips = tmp_path / "账户通知单.pdf"
    assert panel.create_accounts(slips)
    qtbot.waitUntil(lambda: bool(panel.made), timeout=30000)
    assert slips.is_file() and "已创建" in panel.message.text()
    text = squeeze(read_pdf(slips.read_bytes()).text)
    made = panel.made
    assert "首次登录须修改密码" in text and all(a.username in text and a.password in text for a in made)
    assert store.scalar("SELECT COUNT(*) FROM account WHERE must_change_password = 1") == len(made)
    dump = "".join(str(v) for row in store.rows("SELECT * FROM audit_log") for v in tuple(row))
    assert not any(a.password in dump for a in made)
    assert panel.model.rowCount() == 0 and not panel.create_button.isEnabled()
    controller.tasks.wait_all()
    window.close()


def test_past_rosters_previewed_imported_and_voided(app, store, clock, qtbot, tmp_path: Path, monkeypatch) -> None:
    from dutyroom.gui.roster.staff_imports import HistoryDialog
    from dutyroom.roster.staff_import import import_staff

    controller, window = open_county(app, store, clock, tmp_path)
    import_staff(window.ctx.session, write_staff_sheet(tmp_path / "名单.xlsx"))
    tables = make_history(STAFF, HISTORY, favourite=FAVOURITE)
    book = write_history_workbook(tmp_path / "历史.xlsx", tables, phones={s.name: s.mobile for s in STAFF},
                                  unknown={date(2026, 10, 3): "赵老六", date(2026, 11, 9): "赵老六"})
    history = HistoryDialog(window.ctx, window)
    preview = history.panel.import_file(book)
    qtbot.waitUntil(lambda: preview.plan is not None, timeout=15000)
    months = [r["where"] for r in preview.model.records if r["outcome"] == "month"]
    assert months == ["2026-10", "2026-11", "2026-12"]
    unknown = {r["name"]: r["count"] for r in preview.model.records if r["outcome"] == "unknown"}
    assert unknown["赵老六"] == 2
    assert store.scalar("SELECT COUNT(*) FROM duty_assignment") == 0
    preview.run_import()
    qtbot.waitUntil(lambda: preview.result is not None, timeout=15000)
    preview.close()
    imported = store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE source = 'import' AND voided_at IS NULL")
    assert imported == preview.result.as_json()["duties"] > 500
    panel = history.panel
    assert panel.model.rowCount() == 1
    panel.table.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("表格有误，重新导入", True)))
    assert panel.void()
    assert store.scalar("SELECT COUNT(*) FROM duty_assignment WHERE source = 'import' AND voided_at IS NULL") == 0
    assert panel.model.records[0]["voided_at"] and panel.model.records[0]["in_force"] == 0
    controller.tasks.wait_all()
    window.close()


def test_empty_cells_say_why_nobody_can_take_them(app, store, clock, tmp_path: Path) -> None:
    from dutyroom.roster.model import Cell
    from dutyroom.roster.staff import StaffChange, update_staff
    from dutyroom.roster.staff_import import import_staff

    controller, window = open_county(app, store, clock, tmp_path)
    session = window.ctx.session
    import_staff(session, write_staff_sheet(tmp_path / "名单.xlsx"))
    chiefs = store.column("SELECT person_id FROM person_duty_role WHERE role = 'chief'")
    update_staff(session, chiefs, StaffChange(remove_roles=["chief"]))
    window.show_page("roster")
    page = window.page("roster")
    page.set_month(2026, 12)
    cell = Cell(date(2026, 12, 9), "chief", 0)
    column = next(c for c in range(2, page.model.columnCount()) if page.model.slots[c - 2] == ("chief", "full", 0))
    tip = page.model.data(page.model.index(8, column), Qt.ItemDataRole.ToolTipRole)
    assert "没有可担任值班长的人员" in tip and "值班人员" in tip
    menu = page.cell_menu(cell)
    texts = [a.text() for a in menu.actions()]
    assert any("没有可担任值班长的人员" in t for t in texts) and "打开“值班人员”设置…" in texts
    next(a for a in menu.actions() if a.text() == "打开“值班人员”设置…").trigger()
    assert window.current_key() == "staff"
    controller.tasks.wait_all()
    window.close()
