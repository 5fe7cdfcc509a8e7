"""统计分析 on screen: the page loads its figures and its charts in the background, switches periods, views and
charts, says the exact value under the mouse, opens the records behind a click, and leaves printing and exports
to the office and the leaders. A plain start imports neither pyqtgraph nor numpy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from dutyroom.stats.period import Period

ROOT = Path(__file__).resolve().parents[2]


def wait(page, qtbot) -> None:
    qtbot.waitUntil(lambda: page.report is not None and page.chart is not None and not page.ctx.tasks.busy,
                    timeout=20000)
    QApplication.processEvents()


def open_stats(login_as, qtbot, user: str = "bangongshi"):
    window = login_as(user)
    window.show_page("stats")
    page = window.page("stats")
    wait(page, qtbot)
    return window, page


def test_the_page_shows_every_view_with_a_chart_and_its_table(login_as, qtbot) -> None:
    _window, page = open_stats(login_as, qtbot)
    assert page.report.period == Period.month(2026, 11)
    seen = []
    for key in ("duties", "incidents", "warnings", "log", "contacts"):
        page.show_view(key)
        for index in range(page.panel_bar.count()):
            page.show_panel(index)
            panel = page.current_panel()
            assert page.chart.chart is panel.chart
            assert page.model.rowCount() == len(panel.table.rows)
            assert page.model.columnCount() == len(panel.table.headers)
            seen.append(panel.key)
    assert len(seen) >= 18 and "warnings.silent" in seen


def test_switching_the_period_reads_the_figures_again(login_as, qtbot) -> None:
    _window, page = open_stats(login_as, qtbot)
    page.picker.set_period(Period.year(2026))
    qtbot.waitUntil(lambda: page.report.period == Period.year(2026) and not page.ctx.tasks.busy, timeout=20000)
    page.show_view("incidents")
    assert page.current_panel().chart.categories[0] == "2026年1月"
    page.picker.set_period(Period.quarter(2026, 3))
    qtbot.waitUntil(lambda: page.report.period == Period.quarter(2026, 3), timeout=20000)
    assert "第三季度" in page.subtitle.text()


def test_hover_tells_the_exact_value_and_a_click_opens_the_records(login_as, qtbot) -> None:
    _window, page = open_stats(login_as, qtbot)
    page.show_view("incidents")
    page.show_panel(0)
    chart = page.chart.chart
    series, index = next((s, i) for s, line in enumerate(chart.series) for i, v in enumerate(line.values) if v)
    value = chart.series[series].values[index]
    assert page.chart.point_at(index, value - 0.5 + sum(chart.series[k].values[index] for k in range(series))) == \
        (series, index)
    assert page.chart.tooltip(series, index).endswith(f"{chart.series[series].name}：{value:g}起")
    with qtbot.waitSignal(page.chart.activated) as clicked:
        page.chart.activated.emit(page.chart.drill(series, index))
    assert clicked.args[0] == chart.series[series].drills[index]
    assert page.dialog is not None and page.dialog.table.rowCount() == value
    page.dialog.close()


def test_a_heat_map_cell_and_a_table_row_open_their_records(login_as, qtbot) -> None:
    _window, page = open_stats(login_as, qtbot)
    page.show_view("log")
    page.show_panel(0)
    chart = page.chart.chart
    row, column = max(((r, c) for r in range(7) for c in range(24)), key=lambda rc: chart.series[rc[0]].values[rc[1]])
    assert page.chart.point_at(column, row) == (row, column)
    assert page.chart.tooltip(row, column).startswith(chart.series[row].name)
    page.open_drill(page.chart.drill(row, column))
    assert page.dialog.table.rowCount() == chart.series[row].values[column]
    page.dialog.close()
    page.open_row(0)                        # 周一 in the table
    assert page.dialog.table.rowCount() == page.current_panel().table.rows[0][-1]
    page.dialog.close()


def test_an_incident_in_the_records_opens_on_its_page(login_as, qtbot) -> None:
    window, page = open_stats(login_as, qtbot)
    page.show_view("incidents")
    page.show_panel(1)
    chart = page.chart.chart
    drill = next(d for line in chart.series for v, d in zip(line.values, line.drills, strict=True) if v)
    page.open_drill(drill)
    page.dialog.open_row(0)
    assert window.current_key() == "incidents"


def test_warnings_in_their_level_colours_whole_ticks_and_the_silent_open_on_their_warning(login_as, qtbot) -> None:
    from dutyroom.warnings.catalog import LEVEL_COLOURS

    window, page = open_stats(login_as, qtbot)
    page.show_view("warnings")
    page.show_panel(0)
    assert [line.colour for line in page.chart.chart.series] == list(LEVEL_COLOURS.values())
    page.show_panel(3)
    chart = page.chart.chart
    ticks = page.chart.plot.getAxis("top")._tickLevels[0]
    assert [label for _value, label in ticks] == [str(n) for n in range(len(ticks))]
    index = max(range(len(chart.categories)), key=lambda i: chart.series[0].values[i])
    page.open_drill(page.chart.drill(0, index))
    assert page.dialog.table.rowCount() == chart.series[0].values[index] > 0
    page.dialog.open_row(0)
    assert window.current_key() == "warnings"


def test_only_office_and_leaders_print_and_export(login_as, qtbot, tmp_path, monkeypatch) -> None:
    _window, page = open_stats(login_as, qtbot, "zhiban")
    assert not page.print_button.isEnabled() and not page.xlsx_button.isEnabled()
    assert page.print_primary() is False
    _window, page = open_stats(login_as, qtbot, "daiban")
    assert page.print_button.isEnabled() and page.png_button.isEnabled()
    target = tmp_path / "chart.png"
    monkeypatch.setattr("dutyroom.gui.stats.stats_page.ask_save_path", lambda *args, **kwargs: target)
    page.export_png()
    assert target.read_bytes()[:4] == b"\x89PNG"


def test_a_plain_start_imports_neither_pyqtgraph_nor_numpy(demo_file, tmp_path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from dutyroom.gui.app import AppController, create_application, ui_state_settings\n"
        "from dutyroom.store import open_store\n"
        "from dutyroom.auth import accounts\n"
        "app = create_application([])\n"
        f"store = open_store(Path({str(demo_file)!r}))\n"
        f"controller = AppController(store, demo=True, ui_state=ui_state_settings(Path({str(tmp_path / 'ui.ini')!r})),"
        " automatic_backups=False)\n"
        "actor = accounts.actor_for(store, store.scalar(\"SELECT id FROM account WHERE username = 'bangongshi'\"))\n"
        "window = controller.open_window(actor)\n"
        "for _ in range(20): app.processEvents()\n"
        "assert 'stats' in window.page_keys()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyqtgraph', 'numpy')))\n"
        "window.close(); controller.tasks.wait_all(); store.close()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
