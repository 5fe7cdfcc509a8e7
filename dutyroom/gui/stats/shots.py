"""Screenshots of 统计分析 (called by ``dutyroom.gui.screenshots``): every view of the demo year, a month, and the
records behind a point."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QWidget

Save = Callable[[QWidget, QApplication, Path, list[Path]], None]
SHOTS = (("duties", 0, "people"), ("duties", 1, "roles"), ("duties", 2, "holidays"), ("duties", 3, "comp-leave"),
         ("duties", 4, "allowance"),
         ("duties", 5, "spread"), ("incidents", 0, "incidents"), ("incidents", 2, "timeliness"),
         ("warnings", 0, "types"), ("warnings", 1, "answer"), ("warnings", 2, "in-time"), ("warnings", 3, "silent"),
         ("log", 0, "heatmap"), ("log", 1, "calls"), ("log", 3, "roll-call-delays"),
         ("contacts", 0, "contacts"))


def settle(page: Any, app: QApplication) -> None:
    """Wait for the figures and the charts (both are made in the background)."""
    for _ in range(400):
        app.processEvents()
        if page.report is not None and page.chart is not None and not page.ctx.tasks.busy:
            break
        page.ctx.tasks.wait_all(20)
    app.processEvents()


def take(window: Any, app: QApplication, outdir: Path, shots: list[Path], save: Save) -> None:
    from dutyroom.stats.period import Period

    window.show_page("stats")
    page = window.page("stats")
    now = page.ctx.session.now()
    page.picker.set_period(Period.year(now.year))
    settle(page, app)
    for view, panel, name in SHOTS:
        page.show_view(view)
        page.show_panel(panel)
        save(window, app, outdir / f"stats-{view}-{name}.png", shots)
    page.picker.set_period(Period.month(now.year, now.month))
    settle(page, app)
    page.show_view("incidents")
    page.show_panel(2)
    save(window, app, outdir / "stats-month-timeliness.png", shots)
    page.show_view("log")
    page.show_panel(0)
    drill = next(d for s in page.chart.chart.series for d, v in zip(s.drills, s.values, strict=True) if v)
    page.open_drill(drill)
    save(page.dialog, app, outdir / "stats-records.png", shots)
    page.dialog.close()
    page.show_view("warnings")
    page.show_panel(3)
    drill = next((d for s in page.chart.chart.series for d, v in zip(s.drills, s.values, strict=True) if v), None)
    if drill is not None:
        page.open_drill(drill)
        save(page.dialog, app, outdir / "stats-warning-records.png", shots)
        page.dialog.close()
