"""One font registry for the screen (Qt) and for printouts (reportlab).

Each typographic role (title, heading, body, …) has an ordered list of faces: the Windows system
faces that government documents use (仿宋, 黑体, 楷体, 宋体) when they are installed, then the fonts
bundled in ``resources/fonts``. Any character the chosen face lacks is drawn in the bundled
WenQuanYi Micro Hei, which covers 20,932 hanzi, so no name ever prints as a box.

reportlab is imported only when a PDF is made (it is slow to import and the GUI starts without it).
"""

from __future__ import annotations

import functools
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dutyroom.paths import app_path


def escape(text: str) -> str:
    """Paragraph-markup escaping (xml.sax.saxutils would import urllib and http at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class FontFace:
    key: str
    file_name: str
    subfont_index: int
    family: str          # the family name Qt reports for this file
    label: str           # what a user calls it
    bundled: bool = False

    @property
    def pdf_name(self) -> str:
        return f"DR-{self.key}"


SYSTEM_FACES: dict[str, FontFace] = {f.key: f for f in (
    FontFace("xbs", "FZXBSJW.TTF", 0, "方正小标宋简体", "方正小标宋"),
    FontFace("simhei", "simhei.ttf", 0, "SimHei", "黑体"),
    FontFace("simkai", "simkai.ttf", 0, "KaiTi", "楷体"),
    FontFace("simfang", "simfang.ttf", 0, "FangSong", "仿宋"),
    FontFace("simsun", "simsun.ttc", 0, "SimSun", "宋体"),
    FontFace("msyh", "msyh.ttc", 0, "Microsoft YaHei", "微软雅黑"),
)}
BUNDLED_FACES: dict[str, FontFace] = {f.key: f for f in (
    FontFace("song", "gbsn00lp.ttf", 0, "AR PL SungtiL GB", "文鼎宋体（内置）", bundled=True),
    FontFace("hei", "wqy-microhei.ttc", 0, "WenQuanYi Micro Hei", "文泉驿微米黑（内置）", bundled=True),
)}
FALLBACK_KEY = "hei"
# Where a face has no outline for a character the others are tried in this order (WenQuanYi has an empty
# ℃ and empty pinyin tone letters; the Song face lacks small roman numerals and some symbols).
FALLBACK_ORDER = ("hei", "song")

# role -> faces in order of preference (GB/T 9704: title 小标宋, headings 黑体/楷体, body 仿宋, page no. 宋体)
ROLE_CANDIDATES: dict[str, tuple[str, ...]] = {
    "title": ("xbs", "simhei", "hei"),
    "heading": ("simhei", "hei"),
    "subheading": ("simkai", "song"),
    "body": ("simfang", "song"),
    "table": ("simfang", "simsun", "song"),
    "table_header": ("simhei", "hei"),
    "page_number": ("simsun", "song"),
    "ui": ("msyh", "hei"),
}


def system_font_dirs() -> list[Path]:
    """Folders searched for system faces; DUTYROOM_FONT_DIRS (os.pathsep-separated) overrides."""
    override = os.environ.get("DUTYROOM_FONT_DIRS")
    if override is not None:
        return [Path(p) for p in override.split(os.pathsep) if p]
    dirs = []
    windir = os.environ.get("WINDIR") or os.environ.get("SystemRoot")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def _find_case_insensitive(folder: Path, file_name: str) -> Path | None:
    exact = folder / file_name
    if exact.is_file():
        return exact
    try:
        lowered = file_name.lower()
        for entry in folder.iterdir():
            if entry.name.lower() == lowered and entry.is_file():
                return entry
    except OSError:
        return None
    return None


class FontRegistry:
    def __init__(self, font_dirs: list[Path] | None = None) -> None:
        self._paths: dict[str, Path] = {}
        for face in SYSTEM_FACES.values():
            for folder in font_dirs if font_dirs is not None else system_font_dirs():
                found = _find_case_insensitive(folder, face.file_name)
                if found:
                    self._paths[face.key] = found
                    break
        for face in BUNDLED_FACES.values():
            self._paths[face.key] = app_path("resources", "fonts", face.file_name)
        self._pdf_registered: set[str] = set()
        self._coverage: dict[str, frozenset[int] | dict[int, int]] = {}

    # -- choosing faces ------------------------------------------------------------------------
    def face(self, key: str) -> FontFace:
        return SYSTEM_FACES.get(key) or BUNDLED_FACES[key]

    def path(self, key: str) -> Path:
        return self._paths[key]

    def face_for(self, role: str) -> FontFace:
        for key in ROLE_CANDIDATES[role]:
            if key in self._paths:
                return self.face(key)
        raise KeyError(role)

    @property
    def fallback(self) -> FontFace:
        return BUNDLED_FACES[FALLBACK_KEY]

    def qt_font_files(self) -> list[Path]:
        """Font files the GUI must add to Qt's font database (bundled ones, which the system lacks)."""
        return [self._paths[key] for key in BUNDLED_FACES]

    def describe(self) -> dict[str, str]:
        return {role: f"{self.face_for(role).label} ({self.path(self.face_for(role).key)})" for role in ROLE_CANDIDATES}

    # -- reportlab -----------------------------------------------------------------------------
    def pdf_font(self, role: str) -> str:
        """reportlab font name for a role, registering (and so embedding) it on first use."""
        face = self.face_for(role)
        self._register_pdf(face)
        return face.pdf_name

    def pdf_fallback(self) -> str:
        self._register_pdf(self.fallback)
        return self.fallback.pdf_name

    def _register_pdf(self, face: FontFace) -> None:
        if face.key in self._pdf_registered:
            return
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        font = TTFont(face.pdf_name, str(self._paths[face.key]), subfontIndex=face.subfont_index)
        pdfmetrics.registerFont(font)
        self._coverage[face.key] = _drawable(font.face)
        self._pdf_registered.add(face.key)

    def covers(self, role: str, char: str) -> bool:
        """Whether the role's own face draws ``char`` (has an outline for it, not just a table entry)."""
        face = self.face_for(role)
        self._register_pdf(face)
        return ord(char) in self._coverage[face.key]

    def pdf_font_for(self, role: str, char: str) -> str:
        """The face that draws ``char`` for a role: its own, else the first bundled face that has it."""
        primary = self.face_for(role)
        self._register_pdf(primary)
        if ord(char) in self._coverage[primary.key] or char in "\n\t":
            return primary.pdf_name
        for key in FALLBACK_ORDER:
            face = BUNDLED_FACES[key]
            self._register_pdf(face)
            if ord(char) in self._coverage[key]:
                return face.pdf_name
        return self.pdf_fallback()

    def runs(self, text: str, role: str) -> list[tuple[str, str]]:
        """Split text into (pdf font name, text) runs: the role's face, or a fallback where it cannot draw a glyph."""
        primary = self.pdf_font(role)
        coverage = self._coverage[self.face_for(role).key]
        runs: list[tuple[str, str]] = []
        for char in text:
            name = primary if ord(char) in coverage else self.pdf_font_for(role, char)
            if runs and runs[-1][0] == name:
                runs[-1] = (name, runs[-1][1] + char)
            else:
                runs.append((name, char))
        return runs

    def markup(self, text: str, role: str) -> str:
        """Paragraph markup of plain text in a role's face, with per-glyph fallback and escaping."""
        primary = self.pdf_font(role)
        parts = []
        for name, chunk in self.runs(text, role):
            chunk = escape(chunk).replace("\n", "<br/>")
            parts.append(chunk if name == primary else f'<font face="{name}">{chunk}</font>')
        return "".join(parts)

    def string_width(self, text: str, role: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return sum(stringWidth(chunk, name, size) for name, chunk in self.runs(text, role))

    def draw_string(self, canvas: Any, x: float, y: float, text: str, role: str, size: float,
                    align: str = "left") -> None:
        """canvas.drawString with per-glyph fallback; align is left, right or centre."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        width = self.string_width(text, role, size)
        if align == "right":
            x -= width
        elif align == "centre":
            x -= width / 2
        for name, chunk in self.runs(text, role):
            canvas.setFont(name, size)
            canvas.drawString(x, y, chunk)
            x += stringWidth(chunk, name, size)


def _drawable(face: Any) -> frozenset[int]:
    """Code points the font maps to a glyph with an outline; blanks and format characters count as drawn."""
    positions = face.glyphPos
    return frozenset(code for code, glyph in face.charToGlyph.items()
                     if positions[glyph + 1] > positions[glyph] or chr(code).isspace()
                     or unicodedata.category(chr(code)) == "Cf")


@functools.lru_cache(maxsize=1)
def registry() -> FontRegistry:
    return FontRegistry()
