"""Screenshots of 数据备份, the restore preview and the damaged-file message (called by
``dutyroom.gui.screenshots`` with an administrator's window open on the demo data)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from dutyroom import settings
from dutyroom.clock import Clock
from dutyroom.errors import DamagedFile
from dutyroom.session import SYSTEM_ACTOR, Session
from dutyroom.store import Store, open_store
from dutyroom.store import backup as copies

Save = Callable[[QWidget, QApplication, Path, list[Path]], None]
SIZE = (1366, 768)


def _copies(session: Session, second: Path) -> copies.Copy:
    """A fortnight of automatic copies as the records grew, then (with a USB stick set as the second place)
    a handover copy and one made by hand: the newest, mirrored to the stick."""
    from dutyroom.backup import service

    db_path, now = session.store.path, session.now()
    folder = copies.folder_for(db_path)
    for n, days in enumerate((13, 9, 6, 3, 2, 1)):
        settings.set_many(session, {"report.send_to": f"县应急管理局（{n}）"})      # the audit trail moves on
        copies.take_copy(db_path, folder, "daily", now=now - timedelta(days=days, hours=-3))
    settings.set_many(session, {"report.send_to": "", "backup.second_folder": str(second)})
    policy = service.policy_of(session.store)
    service.create_backup(db_path, policy, now=now - timedelta(hours=20), kind="handover")
    return service.create_backup(db_path, policy, now=now - timedelta(minutes=30)).copy


def _log_after_copy(store: Store, clock: Clock) -> None:
    from dutyroom.dutylog.entries import record_entry

    recorder = Session(store, SYSTEM_ACTOR, clock)
    for summary in ("县气象台：今晚有中雨，局地大雨", "青石镇报告：各村巡查无异常"):
        record_entry(recorder, "other", summary=summary)


def take(window: QWidget, app: QApplication, outdir: Path, shots: list[Path], save: Save, scratch: Path) -> None:
    from dutyroom.gui.backup.data_file import DamagedFileDialog
    from dutyroom.gui.backup.restore_dialog import RestoreDialog

    ctx = window.ctx  # type: ignore[attr-defined]
    store, session = ctx.store, ctx.session
    stick = scratch / "U盘" / "DutyRoom备份"
    stick.mkdir(parents=True)
    newest = _copies(session, stick)
    old_size = window.size()
    window.resize(*SIZE)
    window.show_page("settings")  # type: ignore[attr-defined]
    page = window.page("settings")  # type: ignore[attr-defined]
    page.go_to(tab="backup")
    ctx.tasks.wait_all()
    save(window, app, outdir / "backup-page.png", shots)

    _log_after_copy(store, session.clock)                           # the file moved on since the copy
    dialog = RestoreDialog(store.path, newest, ctx.tasks, window)
    ctx.tasks.wait_all()
    app.processEvents()
    dialog.username.setText("admin")
    dialog.resize(760, 700)
    save(dialog, app, outdir / "restore-preview.png", shots)
    dialog.close()
    settings.set_many(session, {"backup.second_folder": ""})
    window.resize(old_size)

    damaged = scratch / "damaged" / store.path.name
    damaged.parent.mkdir()
    shutil.copyfile(newest.path, damaged)
    copies.take_copy(damaged, copies.folder_for(damaged), "daily", now=session.now() - timedelta(hours=6))
    with damaged.open("r+b") as handle:         # a garbled header page, as a failing disk leaves it
        handle.seek(100)
        handle.write(b"\xff" * 12)
    try:
        open_store(damaged, create=False, check="background").close()
    except DamagedFile as exc:
        message = DamagedFileDialog(exc)
        message.adjustSize()
        save(message, app, outdir / "damaged-file.png", shots)
        message.close()
