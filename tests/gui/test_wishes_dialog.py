"""意愿与搭配: reached from the planner's 排班设置 menu; wishes, pairs and new officers are entered, refused
clearly and voided there; a broken wish is named when the office publishes."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from dutyroom.gui.kit import ops
from dutyroom.gui.roster.wishes_dialog import WishesDialog
from dutyroom.roster import planning, wishes
from dutyroom.roster.model import Cell

DEC = planning.month_range(2026, 12)


def _planner(login_as):
    window = login_as("bangongshi")
    window.resize(1366, 768)
    window.show_page("roster")
    page = window.page("roster")
    page.set_month(2026, 12)
    return window, page


def _select(table, row: int) -> None:
    table.setCurrentIndex(table.model().index(row, 0))


def _shot(dialog: WishesDialog, name: str) -> None:
    """Saved for looking at (SHOTS_DIR), at the size the dialog has on a 1366×768 screen."""
    folder = os.environ.get("SHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(Path(folder) / f"wishes-{name}.png"))


def test_the_planner_opens_the_editor_for_the_office(login_as, monkeypatch) -> None:
    _, page = _planner(login_as)
    [action] = [a for a in page._setup_menu().actions() if a.text().startswith("意愿与搭配")]
    assert action.isEnabled()
    opened = []
    monkeypatch.setattr(WishesDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    action.trigger()
    assert len(opened) == 1 and opened[0].windowTitle() == "意愿与搭配"


def test_wishes_are_entered_refused_and_voided_in_the_dialog(login_as, controller, monkeypatch, qtbot) -> None:
    window, _ = _planner(login_as)
    dialog = WishesDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.width() <= 1366 and dialog.height() <= 768
    assert not dialog.add_wish()                                       # neither a weekday nor a date
    assert "请选择不愿值班的星期" in dialog.message.text() and dialog.wish_model.rowCount() == 0
    dialog.wish_person.setCurrentIndex(2)
    name = dialog.wish_person.currentText().split()[0]
    dialog.weekdays[4].setChecked(True)
    dialog.dates.setText("2026-12-32")
    assert not dialog.add_wish() and "格式不对" in dialog.message.text()
    dialog.dates.setText("2026-12-24至2026-12-25")
    dialog.weight.setValue(3)
    dialog.wish_note.setText("接送孩子")
    assert dialog.add_wish()
    assert f"已登记{name}的意愿" in dialog.message.text() and not dialog.weekdays[4].isChecked()
    texts = [dialog.wish_model.record(r)["text"] for r in range(dialog.wish_model.rowCount())]
    assert "每周五；2026-12-24至2026-12-25" in texts
    _shot(dialog, "wishes")
    # 不同班: the same person twice is refused; a pair is kept; 新任: a chief is marked new.
    dialog.tabs.setCurrentIndex(1)
    dialog.pair_first.setCurrentIndex(3)
    dialog.pair_second.setCurrentIndex(3)
    assert not dialog.add_pair() and "两个不同的人员" in dialog.message.text()
    dialog.pair_second.setCurrentIndex(4)
    dialog.pair_note.setText("夫妻")
    assert dialog.add_pair() and dialog.pair_model.rowCount() == 1
    _shot(dialog, "pairs")
    dialog.tabs.setCurrentIndex(2)
    row = next(r for r in range(dialog.new_model.rowCount()) if "值班长" in dialog.new_model.record(r)["role_labels"])
    _select(dialog.new_table, row)
    assert dialog.set_new(True) and dialog.new_model.record(row)["new_label"].startswith("新任")
    _select(dialog.new_table, row)
    assert dialog.set_new(True) and "本来就是新任" in dialog.message.text()
    _shot(dialog, "new")
    # Voiding asks for a reason.
    dialog.tabs.setCurrentIndex(0)
    before = dialog.wish_model.rowCount()
    _select(dialog.wish_table, 0)
    monkeypatch.setattr(ops, "ask_reason", lambda *_: "情况已变化")
    assert dialog.void_wish() and dialog.wish_model.rowCount() == before - 1
    assert controller.store.scalar("SELECT COUNT(*) FROM audit_log WHERE op LIKE 'roster.wish.%'") >= 2


def test_publishing_names_the_wishes_the_roster_breaks(login_as, controller, monkeypatch) -> None:
    window, page = _planner(login_as)
    session = window.ctx.session
    planning.generate(session, *DEC)
    friday = date(2026, 12, 4)
    holder = planning.draft(controller.store, *DEC)[Cell(friday, "leader", 0)].person_id
    planning.assign(session, friday, "leader", 0, holder)                # pinned by hand on the day
    wishes.add_wish(session, holder, weekdays=[5], weight=2, note="周末回老家")
    page.refresh()
    assert "未能满足的意愿" in page.quality_text.toPlainText()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda _parent, _title, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No))
    assert not page.publish()
    assert "未能满足值班意愿" in asked[0] and "周五不值班，周末回老家）：固定安排" in asked[0]
