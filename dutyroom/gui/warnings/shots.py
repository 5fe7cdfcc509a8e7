"""Screenshots of the 预警叫应 screens (called by ``dutyroom.gui.screenshots``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

Save = Callable[[QWidget, QApplication, Path, list[Path]], None]


def take(window: QWidget, app: QApplication, outdir: Path, shots: list[Path], save: Save) -> None:
    """预警叫应: the page on the escalated warning, the call screen on the warning in force, 登记预警."""
    from dutyroom.gui.warnings.call_screen import CallScreen
    from dutyroom.gui.warnings.warning_dialogs import NewWarningDialog

    ctx = window.ctx  # type: ignore[attr-defined]
    store = ctx.store
    window.show_page("warnings")  # type: ignore[attr-defined]
    page = window.page("warnings")  # type: ignore[attr-defined]
    escalated = store.scalar("SELECT warning_id FROM warning_target WHERE escalated_at IS NOT NULL ORDER BY id LIMIT 1")
    if escalated:
        page.go_to(warning_id=escalated)
        page.detail.notice_choice.setCurrentIndex(0)
        from PySide6.QtWidgets import QAbstractItemView

        view, model = page.detail.target_view, page.detail.targets
        silent = next((n for n, t in enumerate(model.records) if t["escalated_at"]), 0)
        index = view.model().mapFromSource(model.index(silent, 0))
        view.selectRow(index.row())
        view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
    save(window, app, outdir / "03i-officer-warnings.png", shots)
    running = store.scalar("SELECT n.id FROM warning_notice n JOIN warning w ON w.id = n.warning_id"
                           " WHERE n.closed_at IS NULL AND w.status = 'active' AND w.voided_at IS NULL"
                           " ORDER BY n.received_at DESC LIMIT 1")
    if running:
        screen = CallScreen(ctx, running, window)
        save(screen, app, outdir / "03j-call-screen.png", shots)
        screen.reject()
    dialog = NewWarningDialog(ctx, window)
    dialog.type.setCurrentText("暴雨")
    dialog.level.setCurrentIndex(dialog.level.findText("橙色（Ⅱ级）"))
    dialog.content.setPlainText("预计未来3小时青石镇、白沙镇累计降雨量将达50毫米以上，并伴有短时强降水。")
    dialog.update_preview()
    dialog.adjustSize()
    save(dialog, app, outdir / "03k-new-warning.png", shots)
    dialog.reject()
    window.show_page("today")  # type: ignore[attr-defined]
