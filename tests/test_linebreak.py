"""Chinese line breaking (禁则) as pure functions: every character one em wide unless said otherwise."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dutyroom.printing.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    SQUEEZE_RIGHT,
    break_opportunities,
    break_text,
    unbreakable_width,
)

HALF = "0123456789-:"     # digits and their joiners are half an em, as in the faces we print with


def widths(text: str) -> list[float]:
    return [0.5 if c in HALF or c == " " else 1.0 for c in text]


def squeezes(text: str) -> list[float]:
    return [0.5 if c in SQUEEZE_RIGHT else 0.0 for c in text]


def lines_of(text: str, width: float, *, first: float | None = None, terms: bool = False) -> list[str]:
    made = break_text(text, widths(text), squeezes(text), width if first is None else first, width, terms)
    return [text[line.start:line.end] for line in made]


def test_a_comma_never_starts_a_line_it_is_squeezed_in() -> None:
    # twelve characters fill the line; the comma after them comes in, the line's two marks give up the room
    text = "应急，管理局值班室接报后，立即核实"
    lines = break_text(text, widths(text), squeezes(text), 12, 12)
    assert [text[line.start:line.end] for line in lines] == ["应急，管理局值班室接报后，", "立即核实"]
    assert sum(lines[0].squeeze.values()) == 1.0 and lines[0].width == 12
    assert all(text[i] == "，" for i in lines[0].squeeze)


def test_without_room_to_squeeze_the_last_character_goes_down_with_the_mark() -> None:
    # one mark cannot give up a whole character's room
    assert lines_of("县应急管理局值班室接报后，立即核实", 12) == ["县应急管理局值班室接报", "后，立即核实"]


def test_an_opening_bracket_never_ends_a_line() -> None:
    assert lines_of("交通事故一起（一般）", 7) == ["交通事故一起", "（一般）"]


def test_doubled_dashes_and_ellipses_stay_whole() -> None:
    assert lines_of("正在核实——详情续报", 5) == ["正在核实", "——详情续", "报"]
    assert lines_of("正在核实中……待续", 6) == ["正在核实中", "……待续"]


def test_numbers_and_times_stay_whole_and_spaces_vanish_at_a_break() -> None:
    assert lines_of("值班电话 0000-6600110 随时接听", 7) == ["值班电话", "0000-6600110", "随时接听"]
    assert lines_of("交班 08:30 接班", 3.5) == ["交班", "08:30", "接班"]


def test_cells_keep_short_terms_whole() -> None:
    assert lines_of("发布预警信息", 5) == ["发布预警信", "息"]
    assert lines_of("发布、预警信息", 5, terms=True) == ["发布、", "预警信息"]
    assert lines_of("星期四", 2, terms=True) == ["星", "期四"] or lines_of("星期四", 2, terms=True) == ["星期", "四"]
    # a long run never leaves one character alone
    assert lines_of("示例县顺达运输有限公司", 10, terms=True) == ["示例县顺达运输有限", "公司"]


def test_the_widest_unbreakable_piece_is_what_a_column_needs() -> None:
    assert unbreakable_width("预警信息", widths("预警信息"), terms=True) == 4
    assert unbreakable_width("预警信息", widths("预警信息"), terms=False) == 1
    assert unbreakable_width("张三、李四（值班长）", widths("张三、李四（值班长）"), terms=True) == 5   # "（值班长）"
    assert unbreakable_width("电话 10000000123", widths("电话 10000000123"), terms=True) == 5.5


def test_explicit_newlines_and_first_line_indent() -> None:
    text = "一二三四五六七八\n九十"
    made = break_text(text, widths(text), squeezes(text), 4, 6)
    assert [text[line.start:line.end] for line in made] == ["一二三四", "五六七八", "九十"]
    assert [line.justify for line in made] == [True, False, False]


def test_a_term_wider_than_the_cell_is_cut_where_the_cell_is_full() -> None:
    assert lines_of("预警信息", 3, terms=True) == ["预警信", "息"]


sample = st.text(alphabet="应急管理局值班室接报核实处置，。、；：？！（）《》“”——……0123456789 ", min_size=1, max_size=120)


@settings(max_examples=300, deadline=None)
@given(text=sample, width=st.integers(min_value=4, max_value=30), terms=st.booleans())
def test_every_line_keeps_the_rules(text: str, width: int, terms: bool) -> None:
    made = break_text(text, widths(text), squeezes(text), width, width, terms)
    allowed = break_opportunities(text, terms)
    for line in made:
        piece = text[line.start:line.end]
        assert line.width <= width + 1e-6
        assert sum(widths(piece)) - sum(line.squeeze.values()) <= width + 1e-6
        if line.end < len(text) and not piece:
            continue
        cut_everywhere = all(not allowed[i] for i in range(line.start + 1, line.end))
        if not cut_everywhere and piece:
            assert piece[0] not in NO_LINE_START or line.start == 0 or text[line.start - 1] == " "
            assert piece[-1] not in NO_LINE_END or not text[line.end:].strip()
    # nothing is lost but the spaces at the breaks
    assert "".join(text[line.start:line.end] for line in made).replace(" ", "") == text.replace(" ", "")
