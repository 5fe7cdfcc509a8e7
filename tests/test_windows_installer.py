"""The Windows installer script (packaging/windows/dutyroom.iss) read as Inno Setup reads it: per user, a start-menu
entry for the bundle's windowed executable, the version from dutyroom.__version__ (through the executable's version
resource), and nothing installed into or removed from the user's data folder. Inno Setup itself is not run here
(it is a Windows program): packaging/README.md says what has been built where."""

from __future__ import annotations

import re
from pathlib import Path

from dutyroom import APP_NAME

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "packaging" / "windows" / "dutyroom.iss"


def sections(text: str) -> dict[str, list[str]]:
    """Each [Section]'s lines, without comments, blank lines and preprocessor lines."""
    out: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            out.setdefault(current, [])
        elif current:
            out[current].append(line)
    return out


def entries(lines: list[str]) -> list[dict[str, str]]:
    """`Name: "…"; Flags: …` lines as dictionaries."""
    found = []
    for line in lines:
        found.append({key.strip(): value.strip().strip('"') for key, value in
                      (part.split(":", 1) for part in re.split(r';\s*(?=\w+:)', line))})
    return found


def read() -> tuple[str, dict[str, list[str]], dict[str, str]]:
    raw = SCRIPT.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads a script as UTF-8 only with a BOM (Chinese names)"
    text = raw.decode("utf-8-sig")
    parts = sections(text)
    setup = dict(line.split("=", 1) for line in parts["Setup"])
    return text, parts, setup


def test_per_user_install_with_a_fixed_app_id() -> None:
    _, _, setup = read()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == r"{autopf}\{#AppName}"          # %LOCALAPPDATA%\Programs\DutyRoom per user
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])


def test_version_comes_from_the_one_version_source() -> None:
    text, _, setup = read()
    assert setup["AppVersion"] == "{#AppVersion}" and "{#AppVersion}" in setup["OutputBaseFilename"]
    assert not re.search(r"\d+\.\d+\.\d+", "".join(setup.values())), "no version number written in the script"
    define = re.search(r'#define AppVersion GetStringFileInfo\(BundleDir \+ "\\DutyRoom\.exe", "(\w+)"\)', text)
    assert define, "the version is read from the bundle's executable"
    template = (ROOT / "packaging" / "packaging_version.py").read_text(encoding="utf-8")
    assert f"StringStruct('{define.group(1)}', '{{version}}')" in template     # written from dutyroom.__version__
    spec = (ROOT / "packaging" / "dutyroom.spec").read_text(encoding="utf-8")
    assert "from dutyroom import __version__" in spec and "write_version_file" in spec


def test_start_menu_entry_runs_the_bundled_app() -> None:
    text, parts, _ = read()
    icons = entries(parts["Icons"])
    app = [icon for icon in icons if icon["Name"].startswith("{group}") and icon["Filename"] == r"{app}\DutyRoom.exe"]
    assert app and "Parameters" not in app[0]
    assert any(icon["Filename"] == "{uninstallexe}" for icon in icons)
    spec = (ROOT / "packaging" / "dutyroom.spec").read_text(encoding="utf-8")
    assert 'name="DutyRoom", console=False' in spec and 'COLLECT(' in spec and 'name="DutyRoom")' in spec
    assert r'#define BundleDir AddBackslash(SourcePath) + "..\..\dist\DutyRoom"' in text


def test_the_data_folder_is_never_touched() -> None:
    """Files go into the program folder only; only the program folder is cleaned on upgrade; nothing is deleted
    on uninstall beyond what was installed (no [UninstallDelete]), and the data folder is never named."""
    text, parts, _ = read()
    assert APP_NAME == "DutyRoom"             # the data folder is %LOCALAPPDATA%\DutyRoom (dutyroom.paths)
    assert all(entry["DestDir"] == "{app}" for entry in entries(parts["Files"]))
    assert all(entry["Name"].startswith("{app}\\") for entry in entries(parts.get("InstallDelete", [])))
    assert "UninstallDelete" not in parts
    code = "\n".join(line for lines in parts.values() for line in lines)
    assert "{localappdata}" not in code.lower() and "{userappdata}" not in code.lower()
    assert "DUTYROOM_DATA_DIR" not in text
