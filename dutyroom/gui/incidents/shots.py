"""Screenshots of the 信息接报 screens (called by ``dutyroom.gui.screenshots``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtWidgets import QApplication, QWidget

Save = Callable[[QWidget, QApplication, Path, list[Path]], None]


def take(window: QWidget, app: QApplication, outdir: Path, shots: list[Path], save: Save) -> None:
    """信息接报: the list with a selected incident, intake, a report draft, a 灾情 report, acts, statistics."""
    from dutyroom.gui.incidents.act_dialogs import meet_dialog
    from dutyroom.gui.incidents.intake_dialogs import IntakeDialog
    from dutyroom.gui.incidents.report_editor import open_editor
    from dutyroom.gui.incidents.timeliness_dialog import TimelinessDialog
    from dutyroom.incidents.models import ObligationRow

    ctx = window.ctx  # type: ignore[attr-defined]
    store = ctx.store
    window.show_page("incidents")  # type: ignore[attr-defined]
    page = window.page("incidents")  # type: ignore[attr-defined]
    mine = store.scalar("SELECT id FROM incident WHERE title LIKE '%透水%'")
    page.select_incident(mine)
    save(window, app, outdir / "03a-officer-incidents.png", shots)
    page.detail.tabs.setCurrentIndex(1)
    save(window, app, outdir / "03b-officer-incident-reports.png", shots)
    page.detail.tabs.setCurrentIndex(0)
    intake_dialog = IntakeDialog(ctx, window)
    intake_dialog.form.inputs["reporter_unit"].set("龙潭镇应急办")
    intake_dialog.form.inputs["reporter_name"].set("彭志远")
    intake_dialog.form.inputs["category"].set("事故灾难")
    intake_dialog.form.inputs["subtype"].set_choices(("建筑施工事故",))  # type: ignore[attr-defined]
    intake_dialog.form.inputs["subtype"].set("建筑施工事故")
    intake_dialog.form.inputs["dead"].set(3)
    intake_dialog.form.inputs["trapped"].set(2)
    intake_dialog.update_preview()
    save(intake_dialog, app, outdir / "03c-intake-dialog.png", shots)
    intake_dialog.close()
    refused = IntakeDialog(ctx, window)       # saved half-typed: every problem at once, under its field
    refused.form.inputs["reporter_unit"].set("龙潭镇应急办")
    refused.form.inputs["dead"].set("-1")
    refused.save()
    save(refused, app, outdir / "03c-intake-refused.png", shots)
    refused.close()
    draft = store.scalar("SELECT id FROM incident_report WHERE status = 'draft' AND form = 'special' LIMIT 1")
    if draft:
        editor = open_editor(ctx, draft, window)
        save(editor, app, outdir / "03d-report-draft.png", shots)
        editor.close()
    loss = store.scalar("SELECT id FROM incident_report WHERE form = 'disaster' ORDER BY id DESC LIMIT 1")
    if loss:
        editor = open_editor(ctx, loss, window)
        save(editor, app, outdir / "03e-disaster-report.png", shots)
        editor.close()
    obligation = store.row("SELECT * FROM incident_obligation WHERE status = 'open' ORDER BY due_at LIMIT 1")
    if obligation:
        dialog = meet_dialog(ctx, cast(ObligationRow, dict(obligation)), window)
        dialog.adjustSize()
        save(dialog, app, outdir / "03f-meet-obligation.png", shots)
        dialog.close()
    stats = TimelinessDialog(ctx, window)
    save(stats, app, outdir / "03g-timeliness.png", shots)
    stats.close()
    window.show_page("today")  # type: ignore[attr-defined]
