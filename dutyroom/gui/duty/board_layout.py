"""How big 今日值班 is drawn for the room it is in: a type scale from the space the board has, and the
stylesheet that applies it.

The board is designed for the page a maximized window has on a 1366×768 screen (the page about 1166×650
after the navigation, menu and status bar); a larger page scales every size up — a 1920×1080 screen reads
about 1.45×, the wall screen more — so the space is used by larger type and more rows, not left empty.
"""

from __future__ import annotations

BASE_WIDTH, BASE_HEIGHT = 1166, 650
MAX_SCALE, MAX_WALL_SCALE = 1.5, 1.8
STEP = 0.05

# object name -> font size in px at scale 1 (every label the board sizes)
FONT_SIZES: dict[str, int] = {
    "pageTitle": 22, "pageSubtitle": 14, "clockLabel": 34, "dateLabel": 15, "shiftLabel": 16, "sectionTitle": 15,
    "cardRole": 13, "cardName": 24, "cardUnit": 13, "cardPhone": 18, "cardEmpty": 18, "cardOnNow": 12,
    "emptyState": 16, "boardWarningText": 14, "countdown": 17, "clockWhat": 15, "clockIncident": 13, "logLine": 14,
    "logTime": 15, "logKind": 13, "dutyPhone": 20, "wallHint": 12, "noticeLine": 15, "nextName": 16,
    "nextPhone": 16, "nextRole": 13, "levelBadge": 14,
}
WALL_BOOST = 1.1       # the wall is read from across the room


def board_scale(width: int, height: int, *, wall: bool = False) -> float:
    """The type scale for a board page of ``width`` × ``height`` pixels, in steps of 0.05 (never below 1)."""
    fit = min(width / BASE_WIDTH, height / BASE_HEIGHT) * (WALL_BOOST if wall else 1.0)
    top = MAX_WALL_SCALE if wall else MAX_SCALE
    steps = int(max(1.0, min(fit, top)) / STEP + 1e-9)
    return round(steps * STEP, 2)


def px(size: int, scale: float) -> int:
    return int(round(size * scale))


def font_sheet(scale: float) -> str:
    """The board's own stylesheet: every sized label at ``scale`` (the colours stay the application's)."""
    rules = [f"QLabel#{name} {{ font-size: {px(size, scale)}px; }}" for name, size in FONT_SIZES.items()]
    rules.append(f"QPushButton {{ font-size: {px(14, scale)}px; }}")
    return "\n".join(rules)


def card_columns(count: int, width: int, scale: float, *, spacing: int = 12) -> int:
    """How many duty cards go on a row: all of them when each still gets its width, else the 1+1+2 row."""
    least = px(190, scale)
    if count * least + (count - 1) * spacing <= width:
        return count
    return max(1, min(count, (width + spacing) // (least + spacing)))
