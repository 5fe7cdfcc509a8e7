"""Opening the entry form from anywhere: F2 / F3 and a template (``open_new_entry``), and the drafts a crash
left behind (``offer_drafts``)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from dutyroom.errors import DutyRoomError
from dutyroom.gui.context import AppContext
from dutyroom.gui.dutylog.entry_dialog import EntryDialog, draft_store, entry_locked
from dutyroom.gui.kit.ops import confirm


def open_new_entry(ctx: AppContext, parent: QWidget | None, *, kind: str = "call_in",
                   template_key: str | None = None) -> int | None:
    """F2 / F3 from anywhere: the form with the given type (and template), modal; returns the new id."""
    if not ctx.session.can("log.write"):
        QMessageBox.information(parent, "无权记录", "当前账户无权记录值班日志。")
        return None
    dialog = EntryDialog(ctx, kind=kind, parent=parent)
    if template_key:
        index = next((i for i in range(dialog.template_box.count())
                      if getattr(dialog.template_box.itemData(i), "key", None) == template_key), -1)
        if index > 0:
            dialog._template_chosen(index)
    if template_key is None:
        dialog.mark_clean()
    dialog.exec()
    dialog.deleteLater()
    return dialog.saved_id


def offer_drafts(ctx: AppContext, parent: QWidget | None) -> int:
    """After a crash: offer every draft left behind; returns how many were saved."""
    if not ctx.session.can("log.write"):
        return 0
    drafts = draft_store(ctx).pending()
    if not drafts:
        return 0
    latest = drafts[-1]
    preview = latest.summary[:40] or "（未填写摘要）"
    if not confirm(parent, "恢复未保存的值班记录",
                   f"发现 {len(drafts)} 条上次未保存的值班记录草稿（最近一条：{latest.saved_at[:16].replace('T', ' ')}，"
                   f"“{preview}”）。\n是否现在逐条打开恢复？选择“否”则保留草稿，下次登录时再提示。", default=True):
        return 0
    saved = 0
    for draft in drafts:
        entry = None
        locked = False
        if draft.data.get("entry_id"):
            from dutyroom.dutylog.entries import get_entry

            try:
                entry = get_entry(ctx.store, int(draft.data["entry_id"]))
            except DutyRoomError:
                draft_store(ctx).discard(draft.draft_id)
                continue
            locked = entry_locked(ctx, entry)
        dialog = EntryDialog(ctx, entry=entry, locked=locked, draft=draft, parent=parent)
        if entry is not None:
            dialog.load_draft(draft)
        if dialog.exec():
            saved += 1
        dialog.deleteLater()
    return saved
