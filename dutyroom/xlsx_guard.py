"""The one way an .xlsx file handed in is opened: its size once unpacked is checked before openpyxl reads it.

An .xlsx is a zip of XML. openpyxl holds every cell in memory, about ten times the XML it read, so a small
file that unpacks to a great deal of XML (a few hundred KB of very repetitive rows) takes gigabytes and the
machine with it. Here the zip's own directory is read first — how many members, how large each is once
unpacked and how strongly it was compressed — and a file past the limits is refused in Chinese before a
single cell is parsed. (The sizes in the directory cannot be exceeded in reading: Python's zip reader stops
at the declared size and checks the CRC.)
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from dutyroom.errors import ValidationError

MAX_UNPACKED_BYTES = 32 * 1024 * 1024      # ~85,000 rows of a county contact sheet; openpyxl then needs ~350 MB
MAX_MEMBERS = 2000
MAX_RATIO = 100                            # ordinary sheets compress 5-15 times
RATIO_CHECKED_FROM = 1024 * 1024           # small members (styles, a tiny sheet) may compress as they like


def check_expansion(path: Path) -> None:
    """Refuse an .xlsx that would unpack past the limits. A file that is not a zip is left to the reader."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    name = path.name
    if len(members) > MAX_MEMBERS:
        raise ValidationError(f"“{name}”内部包含的部件过多（{len(members)}个），不像正常的Excel文件，未读取。")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED_BYTES:
        raise ValidationError(f"“{name}”解压后有 {total / 1024 / 1024:.0f} MB，超过可读取的上限"
                              f"（{MAX_UNPACKED_BYTES // 1024 // 1024} MB），未读取。请把内容分成几个文件再导入。")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_FROM and ratio > MAX_RATIO:
            raise ValidationError(f"“{name}”中的“{member.filename[:60]}”压缩比异常（{ratio:.0f}倍），"
                                  "可能是恶意构造的文件，未读取。")


def load_workbook(path: Path, *, data_only: bool = True) -> Any:
    """openpyxl's workbook of ``path`` after ``check_expansion``; openpyxl's own errors pass through."""
    check_expansion(path)
    import openpyxl

    return openpyxl.load_workbook(path, data_only=data_only)
