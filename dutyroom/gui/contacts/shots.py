"""Screenshots of the 通讯录 screens (called by ``screenshots.take_screenshots``)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from dutyroom.auth import accounts
from dutyroom.clock import Clock
from dutyroom.demo.seed import demo_password
from dutyroom.store import Store


def _messy_sheet(path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.worksheets[0]      # a new workbook: its one sheet, the active one
    sheet.title = "防汛责任人"
    sheet.append(["青石镇2026年防汛责任人通讯录"])
    sheet.merge_cells("A1:F1")
    sheet.append(["序号", "单位", "姓  名", "职务", "联系电话", "备注"])
    sheet.append([1, "青石镇", "钟平勇", "党委书记", "10000000121/0000-8800117", None])
    sheet.append([2, None, "新任镇长", "镇长", "１０００００００９０１", None])
    sheet.append([3, "青石镇/新田村", "李新田", "村支书", "1000000 0902", None])
    sheet.append([4, None, "李新田", "村支书", "10000000902", "重复"])
    sheet.append([5, None, "错号码", "信息员", "1000O000903", None])
    sheet.append(["小计", None, "5人"])
    book.save(path)
    return path


def take_contacts_screenshots(controller: object, store: Store, clock: Clock, app: QApplication, outdir: Path,
                              shots: list[Path], save: Callable[[QWidget, QApplication, Path, list[Path]], None],
                              size: tuple[int, int]) -> None:
    from dutyroom.gui.contacts.desk_phones_dialog import DeskPhonesDialog
    from dutyroom.gui.contacts.entry_dialogs import CallCard, HistoryDialog, PersonDialog
    from dutyroom.gui.contacts.groups_dialog import GroupsDialog
    from dutyroom.gui.contacts.import_dialog import ImportDialog
    from dutyroom.gui.contacts.verification_dialog import VerificationDialog

    def name(label: str) -> Path:
        return outdir / f"{len(shots) + 1:02d}-contacts-{label}.png"

    office = accounts.login(store, "bangongshi", demo_password(), clock)
    window = controller.open_window(office)  # type: ignore[attr-defined]
    from dutyroom.gui.screenshots import window_at

    window_at(window, size)
    window.show_page("contacts")
    page = window.page("contacts")
    page.service.build_now()
    page.search.setText("青石 防汛")
    save(window, app, name("search"), shots)
    page.search.setText("")
    page.filter.setCurrentIndex(page.filter.findData("stale"))
    save(window, app, name("stale"), shots)
    page.filter.setCurrentIndex(0)
    page.search.setText("syq")
    entry = page.current_entry()
    card = CallCard(window.ctx, entry, window)
    card.adjustSize()
    save(card, app, name("call-card"), shots)
    person = PersonDialog(window.ctx, entry.id, parent=window)
    save(person, app, name("edit-person"), shots)
    history = HistoryDialog(window.ctx, entry.id, entry.name, window)
    save(history, app, name("history"), shots)
    verify = VerificationDialog(window.ctx, parent=window)
    save(verify, app, name("verification"), shots)
    groups = GroupsDialog(window.ctx, window)
    save(groups, app, name("groups"), shots)
    desk = DeskPhonesDialog(window.ctx, window)
    save(desk, app, name("desk-phones"), shots)
    with tempfile.TemporaryDirectory(prefix="dutyroom-import-") as folder:
        from dutyroom.contacts.importer import preview_import

        path = _messy_sheet(Path(folder) / "青石镇防汛责任人.xlsx")
        wizard = ImportDialog(window.ctx, window)
        wizard.path = path
        wizard.file_label.setText(str(path.name))
        wizard._previewed(preview_import(store, path))
        save(wizard, app, name("import-preview"), shots)
    window.close()
