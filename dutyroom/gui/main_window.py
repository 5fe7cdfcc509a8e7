"""The main window: navigation on the left, pages on the right, status bar, menus and shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dutyroom import APP_TITLE, settings
from dutyroom.about import about_text
from dutyroom.changes import Area, ChangeSet
from dutyroom.duty.board import officer_part_at
from dutyroom.duty.shifts import handover_time, shift_at
from dutyroom.gui.context import AppContext
from dutyroom.gui.kit.compact_list import CompactWhenCrowded
from dutyroom.gui.kit.first_paint import AfterFirstPaint
from dutyroom.gui.kit.page import Page
from dutyroom.gui.navigation import PageSpec, visible_pages
from dutyroom.gui.screen_fit import current_screen, fitted, least_size

GEOMETRY_KEY = "mainWindow/geometry"
STATE_KEY = "mainWindow/state"


class MainWindow(QMainWindow):
    logout_requested = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        # Closing the window (logout, quit) destroys its pages, their timers and their subscriptions.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.specs: list[PageSpec] = visible_pages(ctx)
        self.pages: dict[str, QWidget] = {}
        org_name = settings.get(ctx.store, "org.name")
        # Qt adds the application's display name (值班室) after every window title: said once.
        self.setWindowTitle(org_name + ("（演示数据）" if ctx.demo else ""))
        self.wall = False                  # the wall screen (F11): the today board alone, full screen
        self._before_wall: tuple[Qt.WindowState, str] | None = None
        self.after_first_paint = AfterFirstPaint(self)     # what the first look at the board does not need

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        side = self.sidebar = QWidget()
        side.setObjectName("sidebar")
        side.setFixedWidth(200)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        brand = QLabel(f"{APP_TITLE} DutyRoom")
        brand.setObjectName("brandLabel")
        brand_org = self.brand_org = QLabel(org_name)
        brand_org.setObjectName("brandOrgLabel")
        brand_org.setWordWrap(True)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        side_layout.addWidget(brand)
        side_layout.addWidget(brand_org)
        side_layout.addWidget(self.navigation, 1)
        # roster (issue 17): the signed-in person's duty reminder, a card under the navigation
        from dutyroom.gui.roster.reminder import DutyReminder

        self.reminder = DutyReminder(ctx, self)
        side_layout.addWidget(self.reminder.banner)
        self.stack = QStackedWidget()
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        for number, spec in enumerate(self.specs, start=1):
            item = QListWidgetItem(spec.title)
            shortcut = f"Ctrl+{number}" if number <= 9 else ""
            item.setToolTip(f"{spec.hint}（{shortcut}）" if shortcut else spec.hint)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            self.navigation.addItem(item)
            placeholder = QWidget()
            self.stack.addWidget(placeholder)
            if shortcut:
                action = QAction(spec.title, self)
                action.setShortcut(QKeySequence(shortcut))
                action.triggered.connect(lambda _=False, key=spec.key: self.show_page(key))
                self.addAction(action)
        self.navigation.currentRowChanged.connect(self._on_row_changed)
        self.navigation_fit = CompactWhenCrowded(self.navigation)
        ctx.navigator.requested.connect(self.go_to)
        ctx.events.changed.connect(self._on_changed)

        self._build_menus()
        self._build_status_bar()
        self._status_timer = QTimer(self)
        self._status_timer.timeout.connect(self.update_status)
        self._status_timer.start(30_000)
        # duty log (issue 5): the search index is tidied in the background, never during a save
        self._index_timer = QTimer(self)
        self._index_timer.timeout.connect(self.tidy_search_index)
        self._index_timer.start(60_000)
        self.restore_state()
        # contacts (issue 4): one shared search index, built in the background after the first paint;
        # even its module is loaded then, off the start-up path
        QTimer.singleShot(1500, self._warm_up_contacts_index)

    def _warm_up_contacts_index(self) -> None:
        from dutyroom.gui.contacts.index_service import warm_up

        warm_up(self.ctx, self, delay_ms=0)

    def _on_changed(self, changes: ChangeSet) -> None:
        """The unit's name in the title and the sidebar follows 系统设置 (the 开通向导's first step)."""
        if changes.touches({Area.SETTINGS}):
            org_name = settings.get(self.ctx.store, "org.name")
            self.brand_org.setText(org_name)
            self.setWindowTitle(org_name + ("（演示数据）" if self.ctx.demo else ""))

    # -- pages ---------------------------------------------------------------------------------
    def page_keys(self) -> list[str]:
        return [spec.key for spec in self.specs]

    def page(self, key: str) -> QWidget:
        """The page widget, built on first use."""
        if key not in self.pages:
            index = self.page_keys().index(key)
            widget = self.specs[index].create(self.ctx)
            old = self.stack.widget(index)
            self.stack.insertWidget(index, widget)
            if old is not None:           # the placeholder the page replaces
                self.stack.removeWidget(old)
                old.deleteLater()
            self.pages[key] = widget
        return self.pages[key]

    def show_page(self, key: str) -> None:
        if key in self.page_keys():
            self.navigation.setCurrentRow(self.page_keys().index(key))

    def go_to(self, key: str, target: dict) -> None:
        """A navigation request from any page (``ctx.navigate``): that page, showing the target."""
        if key not in self.page_keys():
            return
        self.show_page(key)
        widget = self.page(key)
        if target and isinstance(widget, Page):
            widget.go_to(**target)

    def current_key(self) -> str:
        return self.page_keys()[max(self.navigation.currentRow(), 0)]

    def _on_row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.specs[row].key
        if self.wall and key != "today":
            self.leave_wall(back_to_page=False)     # the page asked for, not the one before the wall
        widget = self.page(key)
        self.stack.setCurrentWidget(widget)

    # -- menus and shortcuts -------------------------------------------------------------------
    def _action(self, menu: object, text: str, shortcut: str | QKeySequence.StandardKey | None,
                slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        self._action(file_menu, "打印当前页主要打印件", "Ctrl+P", self.print_current)
        self._action(file_menu, "刷新", "F5", self.refresh_current)
        file_menu.addSeparator()
        self._action(file_menu, "退出", "Ctrl+Q", self.close)
        account_menu = bar.addMenu("账户(&A)")
        self._action(account_menu, "修改密码…", None, self.change_password)
        self._action(account_menu, "注销（交给下一位）", "Ctrl+L", self.logout)
        # duty log (issue 5): a new entry from any page with one key
        duty_menu = bar.addMenu("值班(&D)")
        self.new_entry_action = self._action(duty_menu, "新建值班记录…", "F2", lambda: self.new_log_entry("call_in"))
        self.roll_call_action = self._action(duty_menu, "登记查岗点名…", "F3", lambda: self.new_log_entry("roll_call"))
        for action in (self.new_entry_action, self.roll_call_action):
            action.setEnabled(self.ctx.session.can("log.write"))
        view_menu = bar.addMenu("显示(&V)")
        self.wall_action = self._action(view_menu, "大屏显示（值班看板全屏）", "F11", self.toggle_wall)
        self.leave_wall_action = QAction("退出大屏显示", self)
        self.leave_wall_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.leave_wall_action.triggered.connect(self.leave_wall)
        self.leave_wall_action.setEnabled(False)
        # on the window itself: the menu bar is hidden on the wall screen, the keys must still work
        self.addActions([self.wall_action, self.leave_wall_action])
        help_menu = bar.addMenu("帮助(&H)")
        self._action(help_menu, "快捷键", "F1", self.show_shortcuts)
        self._action(help_menu, "关于 DutyRoom", None, self.show_about)

    def new_log_entry(self, kind: str) -> int | None:
        from dutyroom.gui.dutylog.entry_actions import open_new_entry

        return open_new_entry(self.ctx, self, kind=kind)

    def tidy_search_index(self) -> None:
        from dutyroom.dutylog.maintenance import merge_index

        store = self.ctx.store
        self.ctx.tasks.run(lambda state: merge_index(store))

    def offer_drafts(self) -> None:
        """Entries being typed when the program last stopped are offered back (duty log, issue 5)."""
        from dutyroom.gui.dutylog.entry_actions import offer_drafts

        offer_drafts(self.ctx, self)

    def open_setup_guide(self, step: str | None = None) -> QWidget:
        """开通向导 (dutyroom.gui.setup.guide), at ``step`` or the first step not done."""
        from dutyroom.gui.setup.guide import open_guide

        return open_guide(self.ctx, self, step)

    def print_current(self) -> None:
        widget = self.page(self.current_key())
        if not (isinstance(widget, Page) and widget.print_primary()):
            self.statusBar().showMessage("当前页面没有打印件。", 4000)

    def refresh_current(self) -> None:
        widget = self.page(self.current_key())
        if isinstance(widget, Page):
            widget.refresh()
        self.update_status()

    def change_password(self) -> None:
        from dutyroom.gui.auth.login import ChangePasswordDialog

        if ChangePasswordDialog(self.ctx.session, parent=self).exec():
            self.statusBar().showMessage("密码已修改。", 5000)

    def logout(self) -> None:
        self.logout_requested.emit()

    def show_shortcuts(self) -> None:
        lines = [f"Ctrl+{n}　{spec.title}" for n, spec in enumerate(self.specs[:9], start=1)]
        lines += ["Ctrl+P　打印当前页的主要打印件", "F5　刷新", "Ctrl+L　注销（交班时交给下一位）", "Ctrl+Q　退出",
                  "F11　大屏显示：值班看板全屏（Esc 或 F11 退出）"]
        lines += ["F2　新建值班记录（任何页面）", "F3　登记查岗点名（任何页面）", "Ctrl+Enter　保存记录",
                  "Alt+1…8　切换记录类型", "Ctrl+T　选用常用模板"]
        QMessageBox.information(self, "快捷键", "\n".join(lines))

    def show_about(self) -> None:
        """Version, data file, schema version and log folder: what support asks for first."""
        QMessageBox.about(self, "关于 DutyRoom", about_text(self.ctx.store.path, self.ctx.store.schema_version))

    # -- status bar ----------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        actor = self.ctx.session.actor
        self.user_label = QLabel(f"当前用户：{actor.display_name}（{actor.roles_label}）")
        self.shift_label = QLabel()
        self.file_label = QLabel(f"数据文件：{self.ctx.store.path}")
        self.file_label.setToolTip(str(self.ctx.store.path))
        bar = self.statusBar()
        bar.addWidget(self.user_label)
        bar.addWidget(self.shift_label)
        bar.addWidget(self.reminder.status)
        if self.ctx.demo:
            badge = QLabel("演示数据")
            badge.setObjectName("demoBadge")
            bar.addPermanentWidget(badge)
        bar.addPermanentWidget(self.file_label)
        self._show_shift()
        self.after_first_paint.later(self.reminder.check)

    def update_status(self) -> None:
        self._show_shift()
        self.reminder.check()

    def _show_shift(self) -> None:
        now = self.ctx.session.now()
        shift = shift_at(now, handover_time(self.ctx.store))
        part = officer_part_at(self.ctx.store, now)
        self.shift_label.setText(f"当前班次：{shift.label}" + (f"（值班员{part.name} {part.hours}）" if part else ""))

    # -- the wall screen ---------------------------------------------------------------------------
    def toggle_wall(self) -> None:
        if self.wall:
            self.leave_wall()
        else:
            self.enter_wall()

    def enter_wall(self) -> None:
        """今日值班 alone, full screen, in large type: for the duty room's big screen."""
        if self.wall:
            return
        self._before_wall = (self.windowState(), self.current_key())
        self.wall = True
        self.show_page("today")
        for widget in (self.sidebar, self.menuBar(), self.statusBar()):
            widget.hide()
        self.leave_wall_action.setEnabled(True)
        page = self.page("today")
        if isinstance(page, Page) and hasattr(page, "set_wall"):
            page.set_wall(True)
        self.showFullScreen()

    def leave_wall(self, *, back_to_page: bool = True) -> None:
        if not self.wall:
            return
        self.wall = False
        state, key = self._before_wall or (Qt.WindowState.WindowNoState, "today")
        for widget in (self.sidebar, self.menuBar(), self.statusBar()):
            widget.show()
        self.leave_wall_action.setEnabled(False)
        page = self.page("today")
        if isinstance(page, Page) and hasattr(page, "set_wall"):
            page.set_wall(False)
        self.setWindowState(state)
        self.activateWindow()           # leaving full screen can leave no window active: F11 must work again
        if back_to_page:
            self.show_page(key)

    # -- geometry ------------------------------------------------------------------------------
    def restore_state(self) -> None:
        """The remembered geometry, shrunk onto the screen when it no longer fits; on the first start the
        window is maximized on the screen the user is looking at."""
        state = self.ctx.ui_state
        available = current_screen().availableGeometry()
        self.setMinimumSize(least_size(available))
        geometry = state.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            screen = self.screen().availableGeometry() if self.screen() else available
            if not self.isMaximized() and fitted(self.geometry(), screen) != self.geometry():
                self.setGeometry(fitted(self.geometry(), screen))
        else:
            self.resize(available.size())
            self.setWindowState(Qt.WindowState.WindowMaximized)
        window_state = state.value(STATE_KEY)
        if isinstance(window_state, QByteArray) and not window_state.isEmpty():
            self.restoreState(window_state)
        # Every login starts on 今日值班: the one screen a duty officer needs first.
        self.show_page("today")

    def save_state(self) -> None:
        self.leave_wall()           # the geometry to remember is the window's, not the wall screen's
        self.ctx.ui_state.setValue(GEOMETRY_KEY, self.saveGeometry())
        self.ctx.ui_state.setValue(STATE_KEY, self.saveState())
        self.ctx.ui_state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.reminder.close()
        self.save_state()
        super().closeEvent(event)
