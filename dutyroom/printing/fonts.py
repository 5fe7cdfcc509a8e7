"""One font registry for the screen (Qt) and for printouts (reportlab).

Each typographic role (title, heading, body, …) has an ordered list of faces: the Windows system
faces that government documents use (方正小标宋简体, 黑体, 楷体_GB2312 or 楷体, 仿宋_GB2312 or 仿宋, 宋体) when
they are installed — found by the family names in the font files' name tables, whatever the files are
called — then the fonts bundled in ``resources/fonts``. PDFs and .docx ask the same registry. Any character the chosen face lacks is drawn in the bundled
WenQuanYi Micro Hei, which covers 20,932 hanzi, so no name ever prints as a box.

reportlab is imported only when a PDF is made (it is slow to import and the GUI starts without it).
"""

from __future__ import annotations

import functools
import os
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from dutyroom.paths import app_path
from dutyroom.printing import sfnt
from dutyroom.printing.linebreak import SQUEEZE_LEFT, SQUEEZE_RIGHT

SQUEEZE_KEEP = 0.06      # ems of blank a squeezed mark keeps beside its outline


def escape(text: str) -> str:
    """Paragraph-markup escaping (xml.sax.saxutils would import urllib and http at start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class SystemFace:
    """A face government documents use, found on the PC by its family name (in any language of its name table)."""
    key: str
    families: tuple[str, ...]
    label: str                 # what a user calls it, and the name a .docx gives Word
    windows_default: bool      # shipped with every Windows: the name a .docx falls back to


@dataclass(frozen=True)
class FontFace:
    key: str
    path: Path
    subfont_index: int
    family: str          # the family name Qt knows the face by
    label: str           # what a user calls it (the Chinese family name)
    bundled: bool = False

    @property
    def file_name(self) -> str:
        return self.path.name

    @property
    def pdf_name(self) -> str:
        return f"DR-{self.key}"


SYSTEM_FACES: dict[str, SystemFace] = {f.key: f for f in (
    SystemFace("xbs", ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "FZXiaoBiaoSong-B05"), "方正小标宋简体", False),
    SystemFace("simhei", ("黑体", "SimHei"), "黑体", True),
    SystemFace("kai_gb2312", ("楷体_GB2312", "KaiTi_GB2312"), "楷体_GB2312", False),
    SystemFace("simkai", ("楷体", "KaiTi"), "楷体", True),
    SystemFace("fang_gb2312", ("仿宋_GB2312", "FangSong_GB2312"), "仿宋_GB2312", False),
    SystemFace("simfang", ("仿宋", "FangSong"), "仿宋", True),
    SystemFace("simsun", ("宋体", "SimSun"), "宋体", True),
    SystemFace("msyh", ("微软雅黑", "Microsoft YaHei"), "微软雅黑", True),
)}
BUNDLED_FACES: dict[str, FontFace] = {f.key: f for f in (
    FontFace("song", app_path("resources", "fonts", "gbsn00lp.ttf"), 0, "AR PL SungtiL GB", "文鼎宋体（内置）",
             bundled=True),
    FontFace("hei", app_path("resources", "fonts", "wqy-microhei.ttc"), 0, "WenQuanYi Micro Hei", "文泉驿微米黑（内置）",
             bundled=True),
)}
FALLBACK_KEY = "hei"
# Where a face has no outline for a character the others are tried in this order (WenQuanYi has an empty
# ℃ and empty pinyin tone letters; the Song face lacks small roman numerals and some symbols).
FALLBACK_ORDER = ("hei", "song")

# role -> faces in order of preference (GB/T 9704: title 小标宋, headings 黑体/楷体, body 仿宋, page no. 宋体).
# 仿宋_GB2312 and 楷体_GB2312 are what 党政机关公文 name; Windows ships 仿宋 and 楷体, which stand in.
ROLE_CANDIDATES: dict[str, tuple[str, ...]] = {
    "title": ("xbs", "simhei", "hei"),
    "heading": ("simhei", "hei"),
    "subheading": ("kai_gb2312", "simkai", "song"),
    "body": ("fang_gb2312", "simfang", "song"),
    "table": ("fang_gb2312", "simfang", "simsun", "song"),
    "table_header": ("simhei", "hei"),
    "page_number": ("simsun", "song"),
    "ui": ("msyh", "hei"),
}
FONT_SUFFIXES = (".ttf", ".ttc", ".otf", ".otc")


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


def scan_font_dirs(folders: list[Path]) -> dict[str, tuple[Path, int, str]]:
    """Every family name (as the fonts' name tables give it, any language) -> (file, subfont, English family).

    Only TrueType-outline faces count: reportlab embeds no CFF (.otf) outlines. The first folder wins."""
    found: dict[str, tuple[Path, int, str]] = {}
    for folder in folders:
        try:
            entries = sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_SUFFIXES)
        except OSError:
            continue
        for path in entries:
            for index, info in enumerate(sfnt.read_faces(path)):
                if not info.truetype_outlines:
                    continue
                for name in info.families:
                    found.setdefault(name.casefold(), (path, index, info.english_family))
    return found


class FontRegistry:
    def __init__(self, font_dirs: list[Path] | None = None) -> None:
        self._font_dirs = font_dirs
        self._faces: dict[str, FontFace] | None = None
        self._pdf_registered: set[str] = set()
        self._coverage: dict[str, frozenset[int] | dict[int, int]] = {}
        self._squeeze: dict[tuple[str, str], float] = {}

    # -- choosing faces ------------------------------------------------------------------------
    @property
    def faces(self) -> dict[str, FontFace]:
        """The faces this PC has: system faces found by family name, then the bundled ones."""
        if self._faces is None:
            families = scan_font_dirs(self._font_dirs if self._font_dirs is not None else system_font_dirs())
            faces: dict[str, FontFace] = {}
            for wanted in SYSTEM_FACES.values():
                for name in wanted.families:
                    hit = families.get(name.casefold())
                    if hit:
                        path, index, english = hit
                        faces[wanted.key] = FontFace(wanted.key, path, index, english or name, wanted.label)
                        break
            faces.update(BUNDLED_FACES)
            self._faces = faces
        return self._faces

    def face(self, key: str) -> FontFace:
        return self.faces[key]

    def path(self, key: str) -> Path:
        return self.faces[key].path

    def face_for(self, role: str) -> FontFace:
        for key in ROLE_CANDIDATES[role]:
            if key in self.faces:
                return self.faces[key]
        raise KeyError(role)

    def docx_font(self, role: str) -> str:
        """The face a .docx names for a role: the one the PDF uses when it is a system face, else the face every
        Windows has for that role (Word then finds it on the PC that opens the file)."""
        face = self.face_for(role)
        if not face.bundled:
            return face.label
        return next(SYSTEM_FACES[key].label for key in ROLE_CANDIDATES[role]
                    if key in SYSTEM_FACES and SYSTEM_FACES[key].windows_default)

    @property
    def fallback(self) -> FontFace:
        return BUNDLED_FACES[FALLBACK_KEY]

    def qt_font_files(self) -> list[Path]:
        """Font files the GUI must add to Qt's font database (bundled ones, which the system lacks)."""
        return [face.path for face in BUNDLED_FACES.values()]

    def describe(self) -> dict[str, str]:
        return {role: f"{self.face_for(role).label} ({self.face_for(role).path})" for role in ROLE_CANDIDATES}

    # -- reportlab -----------------------------------------------------------------------------
    def pdf_font(self, role: str) -> str:
        """reportlab font name for a role, registering (and so embedding) it on first use."""
        face = self.face_for(role)
        self._register_pdf(face)
        return face.pdf_name

    def pdf_face(self, key: str) -> str:
        """reportlab font name of one face (registering it)."""
        face = self.faces[key]
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

        font = TTFont(face.pdf_name, str(face.path), subfontIndex=face.subfont_index)
        pdfmetrics.registerFont(font)
        self._coverage[face.key] = _drawable(font.face)
        self._pdf_registered.add(face.key)

    def squeeze_capacity(self, pdf_name: str, char: str) -> float:
        """How much of a full-width mark's advance (in ems) is blank on the side that may be squeezed out:
        right of a closing mark, left of an opening one, from the glyph's outline; a hairline is kept."""
        key = (pdf_name, char)
        known = self._squeeze.get(key)
        if known is None:
            known = 0.0
            if char in SQUEEZE_RIGHT or char in SQUEEZE_LEFT:
                left, right, advance = ink_extent(pdf_name, char)
                blank = advance - right if char in SQUEEZE_RIGHT else left
                known = max(0.0, min(0.5, blank - SQUEEZE_KEEP))
            self._squeeze[key] = known
        return known

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
            face = self.faces[key]
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


def ink_extent(pdf_name: str, char: str) -> tuple[float, float, float]:
    """(left, right, advance) of a character's outline in ems, in a registered reportlab TrueType font."""
    from reportlab.pdfbase.pdfmetrics import getFont
    from reportlab.pdfbase.ttfonts import TTFont

    face = cast(TTFont, getFont(pdf_name)).face
    glyph = face.charToGlyph.get(ord(char))
    if glyph is None:
        return 0.0, 0.0, 0.0
    scale = 1.0 / face.unitsPerEm
    advance = face.hmetrics[glyph][0] * scale if glyph < len(face.hmetrics) else face.hmetrics[-1][0] * scale
    start, end = face.glyphPos[glyph], face.glyphPos[glyph + 1]
    if end <= start:
        return 0.0, 0.0, advance
    offset = face.table["glyf"]["offset"] + start
    glyf = face._ttf_data[offset + 2:offset + 10]  # type: ignore[attr-defined]  # the file's bytes: not in the stubs
    x_min, _, x_max, _ = struct.unpack(">hhhh", glyf)
    return x_min * scale, x_max * scale, advance


def _drawable(face: Any) -> frozenset[int]:
    """Code points the font maps to a glyph with an outline; blanks and format characters count as drawn."""
    positions = face.glyphPos
    return frozenset(code for code, glyph in face.charToGlyph.items()
                     if positions[glyph + 1] > positions[glyph] or chr(code).isspace()
                     or unicodedata.category(chr(code)) == "Cf")


@functools.lru_cache(maxsize=1)
def registry() -> FontRegistry:
    return FontRegistry()
