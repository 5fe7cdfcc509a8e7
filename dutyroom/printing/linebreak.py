"""Chinese line breaking (禁则) for every printout: where a line may end, and how a paragraph is cut into lines.

The rules (GB/T 15834 and common Chinese typesetting practice):
- no line starts with a pause or closing mark (，。、；：？！）》」』”’ …) and no line ends with an opening mark
  (（《「『“‘ …);
- a doubled dash (——) or ellipsis (……) is never split, nor is a run of letters and digits (a phone number,
  a time, a document number);
- in table cells (``terms=True``) a two- to four-character term or label (预警信息, 星期四, 序号, a name) is never
  split, and a longer run of hanzi never leaves a single character alone on a line.

A line is filled greedily. Where the next piece does not fit, the punctuation already on the line may be
compressed (挤进: the blank half of a full-width mark is taken out, as far as the font's outline allows) to make
room; otherwise the piece goes to the next line (推出) and the line is spread to the full width by the renderer.
Nothing ever hangs past the text block.

Pure functions over character widths: the renderer (``printing.flow``) supplies the widths and squeeze
capacities from the font that draws each character.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

NO_LINE_START = frozenset("，。、；：？！）》」』”’〉】〕］｝〗·％‰℃,.;:?!)]}%")
NO_LINE_END = frozenset("（《「『“‘〈【〔［｛〖([{")
# Full-width marks whose blank half may be squeezed out: closing ones on their right, opening ones on their left.
SQUEEZE_RIGHT = frozenset("，。、；：？！）》」』”’〉】〕］｝〗")
SQUEEZE_LEFT = frozenset("（《「『“‘〈【〔［｛〖")
UNSPLIT_DOUBLES = frozenset("—…")
SPACES = frozenset(" 　\t")
NO_BREAK_SPACE = "\u00a0"      # glues what it separates ("每日 08:30")
WORD_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-./:_@#+'")
TERM_MIN, TERM_MAX = 2, 4


def is_hanzi(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x3134F or char == "〇"


_HANZI_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f〇]+")


def hanzi_runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every maximal run of hanzi."""
    return [match.span() for match in _HANZI_RUN.finditer(text)]


def break_opportunities(text: str, terms: bool = False) -> list[bool]:
    """``allowed[i]``: a line may end before ``text[i]`` (``allowed[len(text)]`` is the paragraph end)."""
    n = len(text)
    allowed = [True] * (n + 1)
    allowed[0] = False
    no_start, no_end, words, spaces, doubles = NO_LINE_START, NO_LINE_END, WORD_CHARS, SPACES, UNSPLIT_DOUBLES
    before = text[0] if text else ""
    for i in range(1, n):
        after = text[i]
        if after in spaces:
            allowed[i] = False                 # a line ends after its spaces, which are then dropped
        elif before in spaces:
            last = i - 1
            while last >= 0 and text[last] in spaces:
                last -= 1
            allowed[i] = after not in no_start and (last < 0 or text[last] not in no_end)
        elif (after in no_start or before in no_end or (before == after and before in doubles)
              or (before in words and after in words) or before == NO_BREAK_SPACE or after == NO_BREAK_SPACE):
            allowed[i] = False
        before = after
    if terms:
        for start, end in hanzi_runs(text):
            length = end - start
            if length <= TERM_MAX:
                for i in range(start + 1, end):
                    allowed[i] = False
            else:
                allowed[start + 1] = allowed[end - 1] = False
    return allowed


@dataclass
class Line:
    start: int                      # offsets into the text the lines were made from
    end: int
    width: float                    # drawn width, after squeezing
    squeeze: dict[int, float] = field(default_factory=dict)   # text offset -> points taken out
    justify: bool = True            # False for the last line of a paragraph: it is not spread


def break_text(text: str, widths: Sequence[float], squeezable: Sequence[float], first_width: float, width: float,
               terms: bool = False, loose: float | None = 0.0, allowed: list[bool] | None = None) -> list[Line]:
    """Cut ``text`` (paragraphs separated by newlines) into lines: the first ``first_width`` wide, the others
    ``width``. ``widths[i]`` is the advance of ``text[i]``, ``squeezable[i]`` how much of it may be taken out.

    ``loose``: for justified text, the spread per gap (points) above which a line squeezes its punctuation to
    take one more piece rather than send it on (a long line spreads a character invisibly; a short one does not);
    None for ragged text, which only squeezes what would not fit otherwise. ``allowed``: the text's
    ``break_opportunities`` when the caller has them already."""
    allowed = list(allowed) if allowed is not None else break_opportunities(text, terms)
    lines: list[Line] = []
    offset = 0
    for paragraph in text.split("\n"):
        end = offset + len(paragraph)
        allowed[end] = True
        lines += _break_paragraph(text, offset, end, widths, squeezable, allowed,
                                  first_width if not lines else width, width, loose)
        offset = end + 1
    return lines


def _break_paragraph(text: str, start: int, end: int, widths: Sequence[float], squeezable: Sequence[float],
                     allowed: list[bool], first_width: float, width: float, loose: float | None) -> list[Line]:
    lines: list[Line] = []
    position = start
    available = first_width
    if start == end:
        return [Line(start, start, 0.0, justify=False)]
    while position < end:
        if lines:
            while position < end and text[position] in SPACES:   # a wrapped line drops its leading spaces
                position += 1
            if position >= end:
                break
        line = _fill_line(text, position, end, widths, squeezable, allowed, available, loose)
        lines.append(line)
        position = line.end
        available = width
    if lines:
        lines[-1].justify = False
    return lines


def _fill_line(text: str, start: int, end: int, widths: Sequence[float], squeezable: Sequence[float],
               allowed: list[bool], available: float, loose: float | None) -> Line:
    natural = squeeze_total = 0.0
    trailing = 0.0                       # width of the spaces at the end of the candidate line
    fit = squeezed = None                # (end, natural width, squeeze capacity) of the best breaks
    tolerance = 0.01
    for index in range(start, end):
        char = text[index]
        natural += widths[index]
        squeeze_total += squeezable[index]
        trailing = trailing + widths[index] if char in SPACES else 0.0
        stop = index + 1
        if not allowed[stop] and stop != end:
            continue
        drawn = natural - trailing
        if drawn <= available + tolerance:
            fit = (stop, drawn, squeeze_total)
            continue
        # One piece too many: it may still come onto the line when it ends in a mark (the "，" that may not
        # start the next line) and the line's punctuation can give up the room.
        if text[_trim(text, start, stop) - 1] in SQUEEZE_RIGHT and drawn - squeeze_total <= available + tolerance:
            squeezed = (stop, drawn, squeeze_total)
        break
    if squeezed is not None and fit is not None:
        fit_stop, fit_drawn, _ = fit
        spread = (available - fit_drawn) / max(1, fit_stop - start - 1)
        if loose is None or spread <= loose:
            squeezed = None                  # sending the piece on costs less than squeezing it in
    if squeezed is not None:
        stop, drawn, _ = squeezed
        return Line(start, _trim(text, start, stop), available,
                    _squeeze(text, start, stop, squeezable, drawn - available))
    if fit is not None:
        stop, drawn, _ = fit
        return Line(start, _trim(text, start, stop), drawn)
    return _forced_line(text, start, end, widths, available)


def _trim(text: str, start: int, stop: int) -> int:
    while stop > start and text[stop - 1] in SPACES:
        stop -= 1
    return stop


def _squeeze(text: str, start: int, stop: int, squeezable: Sequence[float], needed: float) -> dict[int, float]:
    """Take ``needed`` points out of the line's punctuation, each mark giving in proportion to its blank, so
    that no one mark looks cramped."""
    capacity = sum(squeezable[start:stop])
    if needed <= 0 or capacity <= 0:
        return {}
    share = min(1.0, needed / capacity)
    return {index: squeezable[index] * share for index in range(start, stop) if squeezable[index] > 0}


def _forced_line(text: str, start: int, end: int, widths: Sequence[float], available: float) -> Line:
    """Nothing breakable fits (a word or term wider than the line): cut it where the line is full."""
    used, stop = 0.0, start
    while stop < end and (stop == start or used + widths[stop] <= available):
        used += widths[stop]
        stop += 1
    while stop - 1 > start and stop < end and text[stop] in NO_LINE_START:
        stop -= 1
        used -= widths[stop]
    return Line(start, stop, used)


def unbreakable_width(text: str, widths: Sequence[float], terms: bool = False,
                      allowed: list[bool] | None = None) -> float:
    """The widest piece of ``text`` that no line break may cut: the least width that keeps every rule."""
    allowed = allowed if allowed is not None else break_opportunities(text, terms)
    widest = piece = trailing = 0.0
    for index, char in enumerate(text):
        if char == "\n" or allowed[index]:
            widest = max(widest, piece - trailing)
            piece = trailing = 0.0
        if char == "\n":
            continue
        piece += widths[index]
        trailing = trailing + widths[index] if char in SPACES else 0.0
    return max(widest, piece - trailing)


# A title breaks where its words end (GB/T 9704: 回行时词意完整、排列对称、长短适宜): after a mark, before these
# words, after these endings of place and unit names. Anywhere else costs, so that it happens only when needed.
TITLE_WORDS_BEFORE = ("发生", "造成", "导致", "关于", "致", "的", "正在", "处置", "已")
TITLE_ENDINGS_AFTER = ("有限公司", "公司", "街道", "社区", "镇", "乡", "村", "县", "市", "区", "局", "厂", "矿", "站", "路")
PLAIN_BREAK_COST = 60.0
LINE_COST = 1000.0


def title_breaks(text: str) -> set[int]:
    """Offsets before which a title may break between words."""
    good = set()
    for index in range(1, len(text)):
        before = text[index - 1]
        if before in "，、；：" or text.startswith(TITLE_WORDS_BEFORE, index):
            good.add(index)
        elif any(text.endswith(ending, 0, index) for ending in TITLE_ENDINGS_AFTER) and is_hanzi(text[index]):
            good.add(index)
    return good


def balanced_lines(text: str, widths: Sequence[float], width: float) -> list[Line]:
    """A title's lines: as few as fit, broken between words, of lengths as even as can be (longer lines first
    where they differ, the usual trapezoid). Falls back to ``break_text`` where nothing else fits."""
    if "\n" in text:
        return break_text(text, widths, [0.0] * len(text), width, width)
    allowed = break_opportunities(text)
    allowed[len(text)] = True
    good = title_breaks(text)
    n = len(text)
    prefix = [0.0]
    for w in widths:
        prefix.append(prefix[-1] + w)
    best: list[tuple[float, int] | None] = [None] * (n + 1)
    best[0] = (0.0, -1)
    for end in range(1, n + 1):
        if not allowed[end]:
            continue
        for start in range(end - 1, -1, -1):
            used = prefix[end] - prefix[start]
            if used > width + 0.01:
                break
            before = best[start]
            if before is None or (start and not allowed[start]):
                continue
            slack = (width - used) / width
            cost = before[0] + LINE_COST + 100 * slack * slack
            if end < n and end not in good:
                cost += PLAIN_BREAK_COST
            so_far = best[end]
            if so_far is None or cost < so_far[0]:
                best[end] = (cost, start)
    if best[n] is None:
        return break_text(text, widths, [0.0] * len(text), width, width)
    cuts = []
    end = n
    while end > 0:
        step = best[end]
        assert step is not None          # every cut on the best path was reached
        start = step[1]
        cuts.append((start, end))
        end = start
    return [Line(start, end, prefix[end] - prefix[start], justify=False) for start, end in reversed(cuts)]
