"""The GUI's house plan, read from the source (no Qt needed): each navigation item's page lives in the GUI
folder of its area, named like the core's; pages never import one another; the kit knows no area; no module
grows past the size one can read in a sitting."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "dutyroom"
GUI = PACKAGE / "gui"
MAX_LINES = 500
# GUI folders that hold no core area of the same name: the shared kit, the generated login forms, and
# admin (系统设置, 审计记录 over the core's top-level settings.py and audit.py).
NOT_AREAS = {"kit", "forms", "admin", "__pycache__"}


def gui_modules() -> list[Path]:
    return [p for p in GUI.rglob("*.py") if "forms" not in p.relative_to(GUI).parts]


def module_name(path: Path) -> str:
    return ".".join(("dutyroom", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def registered_pages() -> dict[str, str]:
    """Navigation key → page module, as gui/navigation.py lists them (PageSpec(key, title, module, …))."""
    tree = ast.parse((GUI / "navigation.py").read_text(encoding="utf-8"))
    pages = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "PageSpec":
            key, _title, module = (arg.value for arg in node.args[:3])  # type: ignore[attr-defined]
            pages[key] = f"dutyroom.gui.{module}"
    return pages


def test_every_navigation_item_names_its_page_in_its_area() -> None:
    pages = registered_pages()
    assert len(pages) >= 12
    for key, module in pages.items():
        path = PACKAGE.parent / (module.replace(".", "/") + ".py")
        assert path.is_file(), (key, module)
        area = path.parent.name
        assert path.name.endswith("_page.py") and area != "gui", (key, module)
        assert area == "admin" or (PACKAGE / area).is_dir(), f"{module}: no core area dutyroom/{area}"


def test_gui_areas_mirror_the_core() -> None:
    areas = {p.name for p in GUI.iterdir() if p.is_dir()} - NOT_AREAS
    assert areas and all((PACKAGE / area).is_dir() for area in areas), areas


def test_a_page_never_imports_another_page() -> None:
    pages = set(registered_pages().values())
    offenders = [f"{module_name(path)} imports {name}" for path in gui_modules()
                 for name in imported(path) if name in pages and name != module_name(path)]
    assert not offenders, offenders


def test_the_kit_knows_no_area() -> None:
    areas = {p.name for p in GUI.iterdir() if p.is_dir()} - {"kit", "__pycache__"}
    offenders = [f"{module_name(path)} imports {name}" for path in (GUI / "kit").glob("*.py")
                 for name in imported(path) if name.split(".")[:3] in ([["dutyroom", "gui", a] for a in areas])]
    assert not offenders, offenders


def test_no_gui_module_is_too_long_to_read() -> None:
    long = {str(p.relative_to(GUI)): n for p in gui_modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long
