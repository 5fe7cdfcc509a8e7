"""What the write-path tests share: the operations (every function that opens a write), the areas the
GUI pages subscribe to, and a recorder of which function opened each write and what it changed."""

from __future__ import annotations

import ast
import contextlib
import importlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from dutyroom.changes import Area, ChangeSet
from dutyroom.session import Session
from dutyroom.store import Store

PACKAGE = Path(__file__).resolve().parent.parent / "dutyroom"


def _opens_write(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "write"
               and not n.args and all(k.arg == "own_account" for k in n.keywords) for n in ast.walk(node))


def _functions(node: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            yield f"{prefix}{child.name}", child
        elif isinstance(child, ast.ClassDef):
            yield from _functions(child, f"{prefix}{child.name}.")


def write_openers() -> set[str]:
    """``module.qualname`` of every core function that opens a write transaction (``….write()``).

    Found in the source, not listed by hand: a new operation is found the day it is written.
    """
    found: set[str] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        if "gui" in path.relative_to(PACKAGE).parts:
            continue
        module = ".".join(("dutyroom", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(".__init__")
        for name, function in _functions(ast.parse(path.read_text(encoding="utf-8"))):
            if any(_opens_write(statement) for statement in function.body):
                found.add(f"{module}.{name}")
    return found


def page_class(spec: object) -> type:
    """A page class from its PAGES entry, by the entry's own module and class names."""
    module_name, class_name = spec.module, spec.class_name   # type: ignore[attr-defined]
    for candidate in (module_name, f"dutyroom.gui.pages.{module_name}", f"dutyroom.gui.{module_name}"):
        try:
            module = importlib.import_module(candidate)
        except ModuleNotFoundError:
            continue
        return getattr(module, class_name)
    raise LookupError(f"page {module_name}.{class_name} not found")


def page_areas() -> dict[str, frozenset[Area]]:
    """The areas each page of the navigation refreshes on."""
    from dutyroom.gui.navigation import PAGES

    return {spec.key: frozenset(page_class(spec).areas) for spec in PAGES}


@dataclass
class Write:
    opener: str            # module.qualname of the function that opened the transaction
    changes: ChangeSet     # what that transaction's writer wrote


@dataclass
class Recorder:
    writes: list[Write] = field(default_factory=list)
    announced: list[ChangeSet] = field(default_factory=list)

    def openers(self) -> set[str]:
        return {w.opener for w in self.writes}

    def clear(self) -> None:
        self.writes.clear()
        self.announced.clear()


@contextlib.contextmanager
def recording(monkeypatch: pytest.MonkeyPatch, *stores: Store) -> Iterator[Recorder]:
    """Record every write opened through ``Session.write`` (by whom, what it changed) and every announcement."""
    recorder = Recorder()
    original = Session.write

    @contextlib.contextmanager
    def write(session: Session, **options: bool) -> Iterator[object]:
        caller = sys._getframe(2)     # this generator, contextlib's __enter__, then the operation
        opener = f"{caller.f_globals['__name__']}.{caller.f_code.co_qualname}"
        with original(session, **options) as tx:
            yield tx
        recorder.writes.append(Write(opener, tx.changes))

    monkeypatch.setattr(Session, "write", write)
    unsubscribes = [store.subscribe(recorder.announced.append) for store in stores]
    try:
        yield recorder
    finally:
        for unsubscribe in unsubscribes:
            unsubscribe()
        monkeypatch.setattr(Session, "write", original)
