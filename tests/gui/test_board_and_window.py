"""The window on its screen and 今日值班 at the sizes duty rooms have: first start maximized, never larger than
the screen; at 1366×768 (also maximized under a taskbar) and 1920×1080 and on the wall no text that must be read
is clipped or cut, and the larger screen shows more; F11 and Esc."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from dutyroom.gui.duty.board_layout import board_scale, card_columns
from dutyroom.gui.duty.board_parts import DutyCard
from dutyroom.gui.kit.widgets import ElidedLabel
from dutyroom.gui.main_window import GEOMETRY_KEY
from dutyroom.gui.screen_fit import fitted, least_size

MUST_READ = {"cardName", "cardPhone", "cardRole", "clockLabel", "dateLabel", "shiftLabel", "dutyPhone", "countdown",
             "clockWhat", "nextName", "nextPhone", "nextRole", "logTime", "logKind", "sectionTitle", "pageTitle"}


def settle() -> None:
    for _ in range(4):
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def clipped(page: QWidget) -> list[tuple[str, str, tuple[int, int], tuple[int, int]]]:
    """Every shown label whose text does not fit where it is drawn (one-line labels that elide on purpose — a
    card's unit, a log line's text — are ElidedLabels and left out)."""
    out = []
    for label in page.findChildren(QLabel):
        if isinstance(label, ElidedLabel) or not label.isVisibleTo(page) or not label.text():
            continue
        hint = label.sizeHint()
        height = label.heightForWidth(label.width()) if label.wordWrap() else hint.height()
        if (not label.wordWrap() and label.width() < hint.width()) or label.height() < height:
            out.append((label.objectName(), label.text()[:24], label.size().toTuple(), hint.toTuple()))
    return out


def overlapping(page: QWidget) -> list[tuple[str, str]]:
    """Pairs of shown labels drawn over each other (in the page's coordinates)."""
    shown = [(label, QRect(label.mapTo(page, QPoint(0, 0)), label.size())) for label in page.findChildren(QLabel)
             if label.isVisibleTo(page) and label.text()]
    return [(a.text()[:16], b.text()[:16]) for i, (a, ra) in enumerate(shown) for b, rb in shown[i + 1:]
            if ra.intersects(rb)]


def visible_cards(page: QWidget) -> list[DutyCard]:
    return [card for card in page.findChildren(DutyCard) if card.isVisibleTo(page)]


def test_screen_fit() -> None:
    screen = QRect(0, 0, 1366, 728)
    assert fitted(QRect(100, 50, 1366, 800), screen) == QRect(0, 0, 1366, 728)
    assert fitted(QRect(-2000, 30, 800, 600), screen) == QRect(0, 30, 800, 600)
    assert fitted(QRect(1900, 900, 1000, 700), QRect(1366, 0, 1920, 1040)) == QRect(1900, 340, 1000, 700)
    assert least_size(QRect(0, 0, 800, 600)) == QSize(800, 600)
    assert least_size(screen) == QSize(1024, 640)


def test_first_start_is_maximized_and_a_remembered_size_fits_the_screen(controller, login_as) -> None:
    window = login_as("zhiban")
    available = window.screen().availableGeometry()
    assert window.isMaximized()
    assert window.width() <= available.width() and window.height() <= available.height()
    assert window.minimumWidth() <= available.width() and window.minimumHeight() <= available.height()
    # A geometry remembered on a larger screen is shrunk onto this one.
    window.showNormal()
    window.setGeometry(QRect(QPoint(40, 40), QSize(available.width() + 600, available.height() + 400)))
    window.close()
    saved = controller.ui_state.value(GEOMETRY_KEY)
    assert isinstance(saved, QByteArray) and not saved.isEmpty()
    again = login_as("zhiban")
    assert not again.isMaximized()
    assert again.width() <= available.width() and again.height() <= available.height()
    assert available.contains(again.geometry().topLeft())


def test_board_reads_whole_at_every_size_and_uses_a_large_screen(controller, login_as) -> None:
    window = login_as("zhiban")
    window.showNormal()            # maximized on the offscreen screen (800×800) the sizes below would not apply
    page = window.page("today")
    seen = {}
    for size in ((1366, 768), (1366, 697), (1920, 1080), (1024, 640)):
        window.resize(*size)
        settle()
        assert clipped(page) == [], (size, clipped(page))
        assert overlapping(page) == [], (size, overlapping(page))
        for card in visible_cards(page):
            for label in card.text_labels():
                assert label.geometry().height() >= label.sizeHint().height(), (size, label.text())
                assert label.geometry().width() >= label.sizeHint().width(), (size, label.text())
        seen[size] = (page.scale, len(page.deadlines.rows), page.log_panel.shown, page.notices_panel.isVisible())
        # the demo's warning in force (预警叫应) in the cards' free corner, the next shift back among the panels;
        # on a small window with no corner free, under the cards
        assert page.warnings.isVisibleTo(page) and page.cards_layout.indexOf(page.next_panel) < 0, size
        cornered = page.cards_layout.indexOf(page.warnings) >= 0
        assert cornered == page.warnings.compact == (size != (1024, 640)), size
    assert seen[(1366, 768)][0] == 1.0 and seen[(1920, 1080)][0] > 1.3          # larger type
    assert seen[(1920, 1080)][1] > seen[(1366, 768)][1] > 0                      # more clocks
    assert seen[(1920, 1080)][2] >= seen[(1366, 768)][2] > 0                     # as many log lines (all 6)
    assert seen[(1920, 1080)][3] and not seen[(1366, 768)][3]                    # 待办 and 批示 have room
    assert len(visible_cards(page)) == 6


def test_open_items_and_instructions_are_read_when_their_panel_has_room(controller, login_as) -> None:
    """A narrower board has no room for 待办 and 批示 and does not read them; widened, it shows them all."""
    window = login_as("zhiban")
    window.showNormal()
    page = window.page("today")
    window.resize(1366, 768)
    settle()
    page.refresh()
    assert not page.notices_read and not page.notices_panel.isVisible()
    window.resize(1920, 1080)
    settle()
    assert page.notices_read and page.notices_panel.isVisible()
    shown = [[cell.text for cell in line] for line in page.notices_panel.lines]
    assert shown and shown == [[cell.text for cell in line] for line in page._notice_lines(page.now())]


def test_wall_page_at_the_room_screen_sizes(controller, login_as) -> None:
    from dutyroom.gui.duty.today_page import TodayPage

    window = login_as("zhiban")
    page = TodayPage(window.ctx)           # the board alone, as large as the wall screen
    page.show()
    page.set_wall(True)
    for size, least in (((1366, 768), 1.1), ((1920, 1080), 1.5)):
        page.resize(*size)
        settle()
        assert page.scale >= least and clipped(page) == [] and overlapping(page) == [], size
        assert page.notices_panel.isVisible() and not page.print_button.isVisible()
        assert not any(row.meet.isVisible() for row in page.deadlines.rows)      # display only
        assert "0000-" in page.phone_label.text() and page.phone_label.isVisible()
        assert page.wall_hint.isVisible() and "示例县应急管理局" in page.title.text()
    page.close()


def test_f11_toggles_the_wall_and_esc_leaves_it(login_as, qtbot) -> None:
    window = login_as("zhiban")
    window.show_page("contacts")
    window.windowHandle().requestActivate()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_F11)
    assert window.wall and window.isFullScreen() and window.current_key() == "today"
    assert window.sidebar.isHidden() and window.menuBar().isHidden() and window.statusBar().isHidden()
    assert window.page("today").wall
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Escape)
    assert not window.wall and not window.isFullScreen() and window.current_key() == "contacts"
    assert not window.sidebar.isHidden() and not window.page("today").wall
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_F11)
    assert window.wall
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_F11)                       # F11 again leaves too
    assert not window.wall
    window.enter_wall()
    window.show_page("dutylog")                    # going to another page leaves the wall first
    assert not window.wall and window.current_key() == "dutylog"


def test_type_scale_and_card_rows() -> None:
    assert board_scale(1166, 650) == 1.0 and board_scale(1000, 500) == 1.0
    assert 1.4 <= board_scale(1720, 1010) <= 1.5
    assert board_scale(1920, 1080, wall=True) > board_scale(1720, 1010)
    assert board_scale(5000, 3000) == 1.5 and board_scale(5000, 3000, wall=True) == 1.8
    assert card_columns(6, 1118, 1.0) == 5 and card_columns(6, 1672, 1.45) == 5 and card_columns(6, 1400, 1.0) == 6


def test_next_shift_takes_the_corner_when_no_warning_is_in_force(controller, login_as, demo_store, clock) -> None:
    from dutyroom.warnings import records
    from tests.incident_helpers import session_as

    window = login_as("zhiban")
    window.showNormal()
    window.resize(1366, 768)
    settle()
    page = window.page("today")
    assert page.cards_layout.indexOf(page.warnings) >= 0
    chief = session_as(demo_store, clock, "zhibanzhang")
    for (warning_id,) in demo_store.rows("SELECT id FROM warning WHERE voided_at IS NULL"):
        records.void_warning(chief, warning_id, "测试：没有生效的预警")
    page.warnings.reload()            # as its own refresh after the change does
    settle()
    assert page.warnings.isHidden() and page.cards_layout.indexOf(page.next_panel) >= 0
    assert clipped(page) == [] and overlapping(page) == []


def test_the_split_officer_day_reads_whole_too(controller, login_as, clock) -> None:
    from datetime import date

    from dutyroom.demo.officer_split import switch_to_officer_split

    switch_to_officer_split(controller.store, clock, date(2026, 11, 24), date(2026, 11, 30))
    window = login_as("zhiban")
    window.showNormal()
    page = window.page("today")
    for size in ((1366, 768), (1920, 1080)):
        window.resize(*size)
        settle()
        assert "现为白班" in page.shift_label.text()
        assert clipped(page) == [] and overlapping(page) == [], (size, clipped(page), overlapping(page))
