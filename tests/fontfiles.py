"""Real font files for a fake Windows fonts folder: a bundled TrueType face copied with a new name table, so that
the registry's lookup by family name reads what Windows fonts really say (仿宋_GB2312, 方正小标宋简体, …)."""

from __future__ import annotations

import struct
from pathlib import Path

from dutyroom.paths import app_path

SOURCE = app_path("resources", "fonts", "gbsn00lp.ttf")
WINDOWS, UNICODE_BMP, EN_US, ZH_CN = 3, 1, 0x409, 0x804


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _name_table(english: str, chinese: str) -> bytes:
    records = []
    for language, family in ((EN_US, english), (ZH_CN, chinese)):
        for name_id, text in ((1, family), (2, "Regular"), (4, family), (6, english.replace(" ", ""))):
            records.append((WINDOWS, UNICODE_BMP, language, name_id, text.encode("utf-16-be")))
    records.sort(key=lambda r: r[:4])
    storage = b""
    entries = b""
    for platform, encoding, language, name_id, raw in records:
        entries += struct.pack(">HHHHHH", platform, encoding, language, name_id, len(raw), len(storage))
        storage += raw
    return struct.pack(">HHH", 0, len(records), 6 + len(entries)) + entries + storage


def renamed_font(target: Path, english: str, chinese: str, source: Path = SOURCE) -> Path:
    """Write ``source`` (a single-face .ttf) to ``target`` with the family names ``english`` / ``chinese``."""
    data = source.read_bytes()
    version, count = struct.unpack(">4sH", data[:6])
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * index: 28 + 16 * index])
        tables[tag] = data[offset: offset + length]
    tables[b"name"] = _name_table(english, chinese)
    head = bytearray(tables[b"head"])
    head[8:12] = b"\0\0\0\0"                              # checkSumAdjustment, set below
    tables[b"head"] = bytes(head)
    power = 1 << (len(tables).bit_length() - 1)
    header = struct.pack(">4sHHHH", version, len(tables), power * 16, power.bit_length() - 1,
                         len(tables) * 16 - power * 16)
    offset = 12 + 16 * len(tables)
    directory, body = b"", b""
    for tag in sorted(tables):
        table = tables[tag]
        directory += struct.pack(">4sIII", tag, _checksum(table), offset + len(body), len(table))
        body += table + b"\0" * (-len(table) % 4)
    font = bytearray(header + directory + body)
    head_offset = struct.unpack(">I", directory[sorted(tables).index(b"head") * 16 + 8:][:4])[0]
    adjustment = (0xB1B0AFBA - _checksum(bytes(font))) & 0xFFFFFFFF
    font[head_offset + 8: head_offset + 12] = struct.pack(">I", adjustment)
    target.write_bytes(bytes(font))
    return target


def windows_fonts_folder(folder: Path) -> Path:
    """A Windows fonts folder with the official faces under file names that say nothing about them, and a decoy:
    a file called simfang.ttf that is not 仿宋 at all."""
    folder.mkdir(parents=True, exist_ok=True)
    renamed_font(folder / "FZXBSJW--GB1-0.TTF", "FZXiaoBiaoSong-B05S", "方正小标宋简体")
    renamed_font(folder / "font-a.ttf", "FangSong_GB2312", "仿宋_GB2312")
    renamed_font(folder / "KAI_2312.TTF", "KaiTi_GB2312", "楷体_GB2312")
    renamed_font(folder / "x-hei.ttf", "SimHei", "黑体")
    renamed_font(folder / "simfang.ttf", "Some Latin Face", "某拉丁字体")
    (folder / "desktop.ini").write_text("[.ShellClassInfo]\n", encoding="utf-8")
    (folder / "broken.ttf").write_bytes(b"not a font at all")
    return folder
