"""The shared GUI kit: running an operation and showing its refusal, reasons, printouts and exports, the
navigator between areas."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLabel, QMessageBox, QWidget

from dutyroom.errors import DutyRoomError, ValidationError
from dutyroom.gui.kit import ops
from dutyroom.gui.kit.output import deliver
from tests.pdfcheck import read_pdf, squeeze


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


def test_deliver_prints_into_the_viewer(login_as, qtbot, monkeypatch, user_data_dir: Path) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    window = login_as("zhiban")
    line = QLabel()
    deliver(window.ctx, window, _pdf_render, "值班日志-20261124", message=line, busy="正在生成…")
    assert line.text() == "正在生成…"
    qtbot.waitUntil(lambda: bool(opened), timeout=15000)
    path = Path(opened[0].toLocalFile())
    assert path.parent == user_data_dir / "prints" and path.name.startswith("值班日志-20261124-")
    assert "值班日志测试" in squeeze(read_pdf(path.read_bytes()).text)
    assert line.text() == f"已生成：{path}"


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
