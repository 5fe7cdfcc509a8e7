"""The shared GUI kit: running an operation and showing its refusal, reasons, printouts and exports, the
navigator between areas."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMessageBox, QPushButton, QWidget

from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.kit import ops
from dutyroom.gui.kit.output import deliver
from tests.pdfcheck import ink_per_page, read_pdf


class Calls:
    """An operation standing in for the core: records its arguments; refuses when told to."""

    def __init__(self, refusal: DutyRoomError | None = None, value: object = 7) -> None:
        self.seen: list[tuple] = []
        self.refusal, self.value = refusal, value

    def __call__(self, *args: object, **kwargs: object) -> object:
        self.seen.append((args, kwargs))
        if self.refusal is not None:
            raise self.refusal
        return self.value


@pytest.fixture
def boxes(monkeypatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, title, text: shown.append((title, text))))
    return shown


def test_a_refusal_shows_inline_and_nothing_else(qtbot, boxes) -> None:
    parent, line = QWidget(), QLabel()
    qtbot.addWidget(parent)
    refused: list[DutyRoomError] = []
    op = Calls(ValidationError("作废原因不能为空。", field="reason"))
    outcome = ops.run_op(parent, op, "session", 3, message=line, done="已作废。", on_refusal=refused.append, note="x")
    assert not outcome and outcome.value is None
    assert op.seen == [(("session", 3), {"note": "x"})]
    assert line.text() == "作废原因不能为空。" and line.property("error") is True
    assert [r.field for r in refused] == ["reason"] and boxes == []


def test_success_says_done_with_the_result(qtbot, boxes) -> None:
    parent, line = QWidget(), QLabel()
    qtbot.addWidget(parent)
    outcome = ops.run_op(parent, Calls(value=42), message=line, done=lambda value: f"已新建第{value}号。")
    assert outcome and outcome.value == 42
    assert line.text() == "已新建第42号。" and line.property("error") is False and boxes == []


def test_a_refusal_goes_to_a_message_box_when_modal_or_without_a_line(qtbot, boxes) -> None:
    parent, line = QWidget(), QLabel("旧消息")
    qtbot.addWidget(parent)
    assert not ops.run_op(parent, Calls(DutyRoomError("账户已停用。")), message=line, modal=True, error_title="未能撤回")
    assert not ops.run_op(parent, Calls(DutyRoomError("无权操作。")))
    assert boxes == [("未能撤回", "账户已停用。"), ("操作未完成", "无权操作。")]
    assert line.text() == "旧消息"


def test_a_bug_is_not_taken_for_a_refusal(qtbot, boxes) -> None:
    with pytest.raises(ZeroDivisionError):
        ops.run_op(None, lambda: 1 / 0, message=QLabel())
    assert boxes == []


@pytest.mark.parametrize(("typed", "accepted", "blank_cancels", "runs"), [
    ("调离", True, False, [("s", 5, "调离")]),
    ("  调离 ", True, True, [("s", 5, "调离")]),        # the reason is trimmed
    ("", True, False, [("s", 5, "")]),                  # blank goes to the operation, which says what is missing
    ("", True, True, []),                               # … unless blank means "never mind"
    ("调离", False, False, []),                          # cancelled
])
def test_run_with_reason(qtbot, monkeypatch, typed, accepted, blank_cancels, runs) -> None:
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *_a: (typed, accepted)))
    op, line = Calls(), QLabel()
    outcome = ops.run_with_reason(None, "作废", "原因：", op, "s", 5, blank_cancels=blank_cancels, message=line,
                                  done="已作废。")
    assert [args for args, _ in op.seen] == runs
    assert bool(outcome) == bool(runs) and line.text() == ("已作废。" if runs else "")


def test_ask_text_and_confirm(qtbot, monkeypatch) -> None:
    class Typed:
        def __init__(self, *_a: object) -> None:
            self.text = "已核查完毕"

        def exec(self) -> int:
            return 1

    monkeypatch.setattr(ops, "TextDialog", Typed)
    assert ops.ask_text(None, "办结", "办理结果：") == "已核查完毕"
    asked: list[tuple] = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *a: asked.append(a) or QMessageBox.StandardButton.No))
    assert not ops.confirm(None, "放弃？", "确定放弃吗？", default=False)
    assert asked[0][2] == "确定放弃吗？" and asked[0][4] == QMessageBox.StandardButton.No


def _pdf_render() -> bytes:
    """A real one-line PDF, made off the UI thread as every printout is."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from dutyroom.printing.fonts import registry

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setFont(registry().pdf_font("body"), 12)
    canvas.drawString(72, 720, "值班日志 测试")
    canvas.save()
    return out.getvalue()


def test_deliver_prints_on_the_printer(login_as, qtbot, printed: list[Path]) -> None:
    window = login_as("zhiban")
    line = QLabel()
    deliver(window.ctx, window, _pdf_render, "值班日志-20261124", message=line, busy="正在生成…")
    assert line.text() == "正在生成…"
    qtbot.waitUntil(lambda: line.text().startswith("已送往打印机"), timeout=15000)
    [job] = printed
    assert line.text() == f"已送往打印机“{job}”：1 页。"
    assert ink_per_page(job.read_bytes())[0] > 0          # the page PDFium drew reached the printer


def test_printing_draws_every_chosen_page_in_its_orientation(app, demo_store, clock, tmp_path: Path) -> None:
    """Demo printouts through the print path into Qt's PDF print engine: as many pages as chosen, landscape
    sheets landscape, and each page as inked as the original."""
    from PySide6.QtPrintSupport import QPrinter

    from dutyroom.gui.kit import printer as printing
    from tests.print_samples import demo_printouts

    printouts = demo_printouts(demo_store, clock.now())
    for source, landscape in ((printouts["roster"](), True), (printouts["log-month"](), False)):
        job = printing.new_printer(source, "x", None)
        out = tmp_path / f"out-{landscape}.pdf"
        job.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        job.setOutputFileName(str(out))
        if not landscape:                     # 第2–4页 of the month's log
            job.setPrintRange(QPrinter.PrintRange.PageRange)
            job.setFromTo(2, 4)
        result = printing.print_pdf(job, source)
        facts = read_pdf(out.read_bytes())
        original = ink_per_page(source, dpi=100)     # fine enough that hairlines are not widened
        chosen = original if landscape else original[1:4]
        assert result.pages == len(chosen) == len(facts.sizes_mm)
        assert all(size == ((297, 210) if landscape else (210, 297)) for size in facts.sizes_mm)
        for drawn, expected in zip(ink_per_page(out.read_bytes(), dpi=100), chosen, strict=True):
            assert expected > 0.005 and abs(drawn - expected) < 0.15 * expected


def test_the_printer_dialog_prints_and_remembers(login_as, qtbot, monkeypatch, tmp_path: Path) -> None:
    """The real QPrintDialog (Qt's own, in Chinese), answered as a user would: the job prints and the choice is
    kept in the workstation's settings."""
    from PySide6.QtCore import QTimer
    from PySide6.QtPrintSupport import QPrinter
    from PySide6.QtWidgets import QApplication

    from dutyroom.gui.kit import printer as printing

    window = login_as("zhiban")
    out = tmp_path / "dialog.pdf"
    made = printing.new_printer

    def to_file(data: bytes, name: str, ui_state):
        job = made(data, name, ui_state)
        job.setOutputFileName(str(out))         # no printer on this machine: the dialog offers 打印到文件
        return job

    monkeypatch.setattr(printing, "new_printer", to_file)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:                     # still rendering: the dialog opens when the PDF is ready
            QTimer.singleShot(50, answer)
            return
        seen.append(dialog.windowTitle())
        seen.extend(b.text() for b in dialog.findChildren(QPushButton) if b.isVisible())
        dialog.accept()

    QTimer.singleShot(50, answer)
    line = QLabel()
    deliver(window.ctx, window, _pdf_render, "值班日志-20261124", message=line)
    qtbot.waitUntil(lambda: line.text().startswith("已送往打印机"), timeout=15000)
    assert seen[0] == "打印 — 值班日志-20261124" and any(t.startswith("打印") for t in seen[1:])
    assert "取消" in seen and "Cancel" not in seen
    assert read_pdf(out.read_bytes()).sizes_mm == [(210, 297)]
    state = window.ctx.ui_state
    assert int(state.value("print/colour")) == QPrinter.ColorMode.Color.value      # the choice is kept …
    state.setValue("print/colour", QPrinter.ColorMode.GrayScale.value)
    assert made(_pdf_render(), "x", state).colorMode() == QPrinter.ColorMode.GrayScale  # … and offered next time


def test_deliver_saves_where_the_user_says(login_as, qtbot, monkeypatch, tmp_path: Path) -> None:
    asked: list[tuple] = []
    target = tmp_path / "我的值班2026.txt"          # the suffix typed is replaced by the file's own
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a: asked.append(a) or (str(target), "")))
    window = login_as("zhiban")
    line = QLabel()
    deliver(window.ctx, window, lambda: b"BEGIN:VCALENDAR", "我的值班2026", save=True, suffix="ics", message=line,
            done="已导出：{path}")
    qtbot.waitUntil(lambda: line.text().startswith("已导出"), timeout=15000)
    saved = target.with_suffix(".ics")
    assert saved.read_bytes() == b"BEGIN:VCALENDAR" and line.text() == f"已导出：{saved}"
    assert asked[0][1] == "导出" and asked[0][2].endswith("我的值班2026.ics") and "*.ics" in asked[0][3]


def test_deliver_shows_a_failed_render(login_as, qtbot, boxes) -> None:
    window = login_as("zhiban")

    def render() -> bytes:
        raise DutyRoomError("2027年节假日安排尚未录入。")

    deliver(window.ctx, window, render, "节假日值班安排表", error_title="生成失败")
    qtbot.waitUntil(lambda: bool(boxes), timeout=15000)
    assert boxes == [("生成失败", "2027年节假日安排尚未录入。")]


def test_navigator_shows_another_area_and_what_to_show_there(login_as, demo_store) -> None:
    window = login_as("zhiban")
    incident = demo_store.scalar("SELECT id FROM incident WHERE title LIKE '%透水%'")
    window.ctx.navigate("incidents", incident_id=incident)
    assert window.current_key() == "incidents"
    assert window.page("incidents").detail.detail["id"] == incident
    window.ctx.navigate("roster")             # not this user's page: nothing happens
    assert window.current_key() == "incidents"
    window.ctx.navigate("today")
    assert window.current_key() == "today"


def test_printing_loads_only_when_something_is_printed(demo_template: Path, tmp_path: Path) -> None:
    """PDFium and Qt's print support stay out of start-up (the start-up budget, issue 2)."""
    import os
    import shutil
    import subprocess
    import sys

    db = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo_template, db)
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from dutyroom.auth import accounts\n"
        "from dutyroom.gui.app import AppController, create_application, ui_state_settings\n"
        "from dutyroom.store import open_store\n"
        "app = create_application([])\n"
        "store = open_store(Path(sys.argv[1]))\n"
        "controller = AppController(store, demo=True, ui_state=ui_state_settings(Path(sys.argv[2])))\n"
        "account = store.scalar(\"SELECT id FROM account WHERE username = 'zhiban'\")\n"
        "window = controller.open_window(accounts.actor_for(store, account))\n"
        "app.processEvents()\n"
        "print([m for m in ('pypdfium2', 'dutyroom.gui.kit.printer', 'PySide6.QtPrintSupport') if m in sys.modules])\n"
        "sys.stdout.flush()\n"
        "os._exit(0)\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", script, str(db), str(tmp_path / "ui.ini")], capture_output=True,
                            text=True, env=env, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
