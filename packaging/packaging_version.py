"""Writes the Windows version resource (VSVersionInfo text) from dutyroom.__version__ for the spec."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(filevers={tuple}, prodvers={tuple}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080404B0', [
      StringStruct('CompanyName', 'DutyRoom'),
      StringStruct('FileDescription', 'DutyRoom 值班室'),
      StringStruct('FileVersion', '{version}'),
      StringStruct('InternalName', 'DutyRoom'),
      StringStruct('LegalCopyright', 'MIT License'),
      StringStruct('OriginalFilename', 'DutyRoom.exe'),
      StringStruct('ProductName', 'DutyRoom 值班室'),
      StringStruct('ProductVersion', '{version}')])]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""


def write_version_file(target: Path, version: str) -> Path:
    parts = [int(p) for p in version.split(".")[:4] if p.isdigit()]
    numbers = tuple(parts + [0] * (4 - len(parts)))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(tuple=numbers, version=version), encoding="utf-8")
    return target
