"""The 通讯录 page, its dialogs and the PersonPicker, on the demo county (offscreen)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from dutyroom.contacts.search import ContactIndex
from dutyroom.gui.contacts.results_model import ResultsModel


def open_contacts(login_as, qtbot, username: str = "bangongshi"):
    window = login_as(username)
    window.show_page("contacts")
    page = window.page("contacts")
    page.service.build_now()
    return window, page


def test_results_model_passes_the_model_tester(demo_store, clock, qtmodeltester) -> None:
    index = ContactIndex.build(demo_store, clock.now().date())
    for compact in (False, True):
        model = ResultsModel(compact=compact)
        model.set_result(index, index.search("青石", limit=50))
        qtmodeltester.check(model)
        assert model.rowCount() > 0


def test_type_arrow_enter_shows_card_and_copies_main_number(login_as, qtbot) -> None:
    window, page = open_contacts(login_as, qtbot)
    page.search.setText("syq")
    assert page.model.rowCount() == 1
    assert "找到 1 条" in page.status.text()
    page.search.setText("青石 防汛")
    rows = page.model.rowCount()
    assert rows > 2
    QTest.keyClick(page.search, Qt.Key.Key_Down)
    entry = page.current_entry()
    assert page.table.currentIndex().row() == 1
    QTest.keyClick(page.search, Qt.Key.Key_Return)
    card = page.last_card
    assert card.isVisible() and card.entry.id == entry.id
    assert QGuiApplication.clipboard().text() == entry.main_phone
    assert page.card.name.text().startswith(entry.name)
    card.accept()
    QTest.keyClick(page.search, Qt.Key.Key_Escape)
    assert page.search.text() == "" and page.model.rowCount() > 100


def test_tree_scopes_the_list_and_filters(login_as, qtbot) -> None:
    window, page = open_contacts(login_as, qtbot)
    town = next(page.tree.topLevelItem(0).child(i) for i in range(page.tree.topLevelItem(0).childCount())
                if page.tree.topLevelItem(0).child(i).text(0).startswith("青石镇"))
    page.tree.setCurrentItem(town)
    entries = [page.model.entry(r) for r in range(page.model.rowCount())]
    assert entries[0].name == "青石镇" and all(e.unit_path.startswith("青石镇") for e in entries[1:])
    page.filter.setCurrentIndex(page.filter.findData("stale"))
    assert all(page.model.entry(r).stale for r in range(page.model.rowCount()))


def test_verify_from_card_updates_the_list(login_as, qtbot, controller) -> None:
    window, page = open_contacts(login_as, qtbot, "zhiban")
    page.filter.setCurrentIndex(page.filter.findData("stale"))
    page.search.setText("")
    entry = next(page.model.entry(r) for r in range(page.model.rowCount()) if page.model.entry(r).is_person)
    page.select_entry("person", entry.id)
    page.verify_current()
    store = controller.store
    assert store.scalar("SELECT verified_by FROM person WHERE id = ?", (entry.id,)) == "苏宇琪"
    qtbot.waitUntil(lambda: page.index is not None and not page.index.entry(
        page.index.position_of("person", entry.id)).stale, timeout=5000)
    # officers verify and edit, but the office tools are not theirs
    assert not page.import_button.isVisible() and not page.groups_button.isVisible()
    assert page.verify_list_button.isVisibleTo(page)


def test_verification_walk(login_as, qtbot, controller) -> None:
    from dutyroom.gui.contacts.verification_dialog import VerificationDialog

    window, page = open_contacts(login_as, qtbot, "zhiban")
    dialog = VerificationDialog(window.ctx, parent=window)
    first = dialog.current()
    assert first is not None and len(dialog.items) > 10
    dialog.verified()
    table = "org_unit" if first.kind == "unit" else "person"
    assert controller.store.scalar(f"SELECT verified_on FROM {table} WHERE id = ?", (first.id,)) == "2026-11-24"
    assert dialog.list.currentRow() == 1 and dialog.verified_rows == {0}
    dialog.next_item()
    assert dialog.list.currentRow() == 2
    assert QGuiApplication.clipboard().text() == dialog.current().phones[0].number


def test_person_dialog_edits_and_history(login_as, qtbot, controller) -> None:
    from dutyroom.gui.contacts.entry_dialogs import HistoryDialog, PersonDialog

    window, page = open_contacts(login_as, qtbot)
    person_id = controller.store.scalar("SELECT id FROM person WHERE name = '苏宇琪'")
    dialog = PersonDialog(window.ctx, person_id, parent=window)
    dialog.position.setText("一级科员（值班）")
    dialog.tags.setText("值班员、信息员")
    dialog.phones.add_row("office", "0000-8800020")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    numbers = [r[0] for r in controller.store.rows(
        "SELECT number FROM person_phone WHERE person_id = ? ORDER BY sort_order", (person_id,))]
    assert numbers[-1] == "0000-8800020"
    history = HistoryDialog(window.ctx, person_id, "苏宇琪", window)
    descriptions = [history.model.record(r)["description"] for r in range(history.model.rowCount())]
    assert any("职务" in d for d in descriptions)
    bad = PersonDialog(window.ctx, person_id, parent=window)
    bad.phones.add_row("mobile", "138abc")
    bad.save()
    assert "无效字符" in bad.message.text()


def test_person_picker_finds_and_chooses(login_as, qtbot, controller) -> None:
    from dutyroom.gui.contacts.picker import PersonPicker

    window, page = open_contacts(login_as, qtbot)
    picker = PersonPicker(window.ctx)
    qtbot.addWidget(picker)
    picker.show()
    chosen: list[int] = []
    picker.person_chosen.connect(chosen.append)
    qtbot.keyClicks(picker.edit, "syq")
    popup = picker.completer.popup()
    assert popup.isVisible() and picker.model.rowCount() == 1
    QTest.keyClick(popup, Qt.Key.Key_Return)
    expected = controller.store.scalar("SELECT id FROM person WHERE name = '苏宇琪'")
    assert chosen == [expected] and picker.person_id() == expected and picker.text() == "苏宇琪"
    qtbot.keyClicks(picker.edit, "x")
    assert picker.person_id() is None          # typing again forgets the choice
    picker.set_person_id(expected)
    assert picker.text() == "苏宇琪"
    picker.edit.setText("群众张先生")
    assert picker.person_id() is None and picker.text() == "群众张先生"


def test_import_wizard_previews_then_imports(login_as, qtbot, controller, tmp_path: Path) -> None:
    from dutyroom.gui.contacts.import_dialog import ImportDialog

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "单位", "姓名", "职务", "手机"])
    sheet.append([1, "青石镇", "新同志", "干部", "10000000991"])
    sheet.append([2, "青石镇", "坏号码", "干部", "1000000O992"])
    book.save(tmp_path / "in.xlsx")
    window, page = open_contacts(login_as, qtbot)
    before = controller.store.scalar("SELECT COUNT(*) FROM person")
    dialog = ImportDialog(window.ctx, window, path=tmp_path / "in.xlsx")
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=10000)
    assert "新建 1 人" in dialog.summary.text() and "拒绝 1 行" in dialog.summary.text()
    assert controller.store.scalar("SELECT COUNT(*) FROM person") == before
    assert dialog.import_button.isEnabled()
    dialog.run_import()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=10000)
    assert controller.store.scalar("SELECT COUNT(*) FROM person") == before + 1
    assert "导入完成" in dialog.message.text()


def test_groups_and_desk_phone_dialogs(login_as, qtbot, controller) -> None:
    from dutyroom.gui.contacts.desk_phones_dialog import DeskPhonesDialog
    from dutyroom.gui.contacts.groups_dialog import GroupsDialog

    window, page = open_contacts(login_as, qtbot)
    groups = GroupsDialog(window.ctx, window)
    assert groups.list.count() >= 5 and groups.members.rowCount() > 0
    groups.new_group()
    groups.name.setText("测试分组")
    groups.tag_boxes["灾害信息员"].setChecked(True)
    groups.save()
    assert controller.store.scalar("SELECT COUNT(*) FROM contact_group WHERE name = '测试分组'") == 1
    assert groups.members.rowCount() == 43
    desk = DeskPhonesDialog(window.ctx, window)
    count = desk.model.rowCount()
    desk.section.setCurrentText("其他")
    desk.label.setText("县供水抢修")
    desk.number.setText("0000-6612345")
    desk.add()
    assert desk.model.rowCount() == count + 1
