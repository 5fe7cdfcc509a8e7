"""Just enough of the TrueType/OpenType file format to know a font by its name: the family names of each face in
a .ttf/.otf or a .ttc collection (name table IDs 1 and 16, every platform and language) and whether the face has
TrueType outlines (a ``glyf`` table) that a PDF can embed. Reads a few kilobytes per file, not the whole font."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

FAMILY_IDS = (1, 16)          # font family, typographic family
WINDOWS, MAC, UNICODE = 3, 1, 0
ENGLISH_US = 0x409
MAC_ENCODINGS = {0: "mac_roman", 25: "gb18030", 2: "big5", 1: "shift_jis", 3: "euc_kr"}


@dataclass(frozen=True)
class FaceInfo:
    families: tuple[str, ...]     # every family name the face gives, in the order of its name table
    english_family: str           # the Windows US-English family name ("" when the face has none)
    truetype_outlines: bool


def read_faces(path: Path) -> list[FaceInfo]:
    """The faces of a font file (one, or each face of a collection); [] for a file that is not a font."""
    try:
        with path.open("rb") as stream:
            tag = stream.read(4)
            if tag == b"ttcf":
                _, count = struct.unpack(">II", stream.read(8))
                offsets = struct.unpack(f">{count}I", stream.read(4 * count))
                return [_face_at(stream, offset) for offset in offsets]
            return [_face_at(stream, 0)]
    except (OSError, struct.error, ValueError, UnicodeDecodeError):
        return []


def _face_at(stream: BinaryIO, offset: int) -> FaceInfo:
    stream.seek(offset)
    version, tables = struct.unpack(">4sH", stream.read(6))
    if version not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise ValueError("not an sfnt face")
    stream.seek(offset + 12)
    directory = {}
    for _ in range(tables):
        tag, _, table_offset, length = struct.unpack(">4sIII", stream.read(16))
        directory[tag] = (table_offset, length)
    if b"name" not in directory:
        raise ValueError("no name table")
    table_offset, length = directory[b"name"]
    stream.seek(table_offset)
    names = stream.read(length)
    families, english = _families(names)
    return FaceInfo(tuple(families), english, b"glyf" in directory)


def _families(table: bytes) -> tuple[list[str], str]:
    _, count, storage = struct.unpack(">HHH", table[:6])
    families: list[str] = []
    english = ""
    for record in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack(
            ">HHHHHH", table[6 + 12 * record: 18 + 12 * record])
        if name_id not in FAMILY_IDS:
            continue
        raw = table[storage + offset: storage + offset + length]
        if platform in (WINDOWS, UNICODE):
            text = raw.decode("utf-16-be", errors="replace")
        elif platform == MAC and encoding in MAC_ENCODINGS:
            text = raw.decode(MAC_ENCODINGS[encoding], errors="replace")
        else:
            continue
        text = text.strip("\x00 ")
        if text and text not in families:
            families.append(text)
        if platform == WINDOWS and language == ENGLISH_US and name_id == 1 and text:
            english = text
    return families, english
