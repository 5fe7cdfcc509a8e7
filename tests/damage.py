"""Ways a data file gets damaged on a real disk, made on purpose for the tests (the file must be closed)."""

from __future__ import annotations

import random
import sqlite3
import struct
from pathlib import Path


def page_size(path: Path) -> int:
    raw = struct.unpack(">H", path.read_bytes()[16:18])[0]
    return 65536 if raw == 1 else raw


def root_page(path: Path, table: str) -> int:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return int(conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0])
    finally:
        conn.close()


def flip_btree_page(path: Path, table: str) -> None:
    """Invert the b-tree page header of ``table``'s root page (cell count, content offset, child pointer)."""
    size = page_size(path)
    offset = (root_page(path, table) - 1) * size
    with path.open("r+b") as handle:
        handle.seek(offset + 1)
        header = handle.read(11)
        handle.seek(offset + 1)
        handle.write(bytes(b ^ 0xFF for b in header))


def truncate(path: Path, *, aligned: bool) -> None:
    """Cut the file to two thirds: at a page boundary (a copy cut short) or anywhere (a disk write cut off)."""
    size, page = path.stat().st_size, page_size(path)
    keep = size * 2 // 3
    if aligned:
        keep -= keep % page
    else:
        keep -= keep % page - 1000
    with path.open("r+b") as handle:
        handle.truncate(keep)


def garbage_header(path: Path) -> None:
    """Random bytes over the header after the magic string (page size, counters, free list, encoding)."""
    rng = random.Random(12)
    with path.open("r+b") as handle:
        handle.seek(16)
        handle.write(bytes(rng.randrange(256) for _ in range(84)))


DAMAGES = {
    "flipped_btree_page": lambda path: flip_btree_page(path, "person"),
    "truncated_at_page": lambda path: truncate(path, aligned=True),
    "truncated_mid_page": lambda path: truncate(path, aligned=False),
    "garbage_header": garbage_header,
}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in ``folder`` (recursively) with its bytes: 'left exactly as found' compares two of these."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
