"""A copy of the contact search index beside the data file, so that 通讯录 opens at once after a restart.

Building the index reads every person, phone and tag (hundreds of milliseconds at 20,000 persons); loading
the copy takes a tenth of that. The copy is keyed by the contacts change mark — renewed by a trigger on
every write to units, persons, phones and tags — with the row format and the staleness threshold, all read
in the same snapshot as the data; a copy made on another day gets its away and staleness flags set
again for today. Any difference, or a damaged or unreadable file, means the index is built from the store
again. Losing the copy loses nothing.

The file is trusted only while its SHA-256 matches the digest its writer recorded in the database
(``file_digest``): an edited copy (a changed phone number) is rebuilt from the records, never shown.
The copy is owner-only (0600), like the data file.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import marshal
from datetime import date
from pathlib import Path
from typing import Any

from dutyroom.clock import SystemClock, iso
from dutyroom.contacts.search import ROW_WIDTH, ContactIndex, stamped
from dutyroom.contacts.tree import stale_days
from dutyroom.errors import StoreError
from dutyroom.private_files import write_private_bytes
from dutyroom.store import Store

FORMAT = 1   # the layout of the saved rows: change it whenever ContactIndex rows change shape
SUFFIX = ".contacts-index"
DIGEST_NAME = "contacts-index"
logger = logging.getLogger("dutyroom.contacts")


def cache_path(store: Store) -> Path:
    return store.path.with_name(store.path.name + SUFFIX)


def data_key(store: Store, threshold: int) -> tuple[Any, ...]:
    # No schema version here: a later migration that touches the tree renews the mark through the triggers,
    # and one that does not leaves the copy good (an upgrade does not cost the first open its speed).
    mark = store.scalar("SELECT mark FROM change_mark WHERE area = 'contacts'")
    return (FORMAT, mark, threshold)


def recorded_digest(store: Store) -> str | None:
    return store.file_digest(DIGEST_NAME)


def load_saved(store: Store, today: date) -> ContactIndex | None:
    """The saved copy when it matches the store (tens of milliseconds), as of ``today``; else None."""
    with store.snapshot():
        threshold = stale_days(store)
        rows = _read(cache_path(store), data_key(store, threshold), today, threshold, recorded_digest(store))
    return None if rows is None else ContactIndex(rows, today)


def load_or_build(store: Store, today: date) -> ContactIndex:
    """The index as of ``today``: the saved copy when it matches the store, else built (and saved)."""
    path = cache_path(store)
    with store.snapshot():
        threshold = stale_days(store)
        key = data_key(store, threshold)
        rows = _read(path, key, today, threshold, recorded_digest(store))
        if rows is not None:
            return ContactIndex(rows, today)
        index = ContactIndex.build(store, today, threshold)
    _write(store, path, key, today, index.rows)
    return index


def _read(path: Path, key: tuple[Any, ...], today: date, threshold: int,
          digest: str | None) -> list[tuple[Any, ...]] | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if digest is None:
        return None
    if hashlib.sha256(data).hexdigest() != digest:
        logger.warning("The contact index copy %s does not match its recorded digest: rebuilt from the records",
                       path)
        return None
    try:
        stored = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(stored, tuple) and len(stored) == 3 and stored[0] == key and isinstance(stored[2], list)):
        return None
    day, rows = stored[1], stored[2]
    if not all(isinstance(row, tuple) and len(row) == ROW_WIDTH for row in rows):
        return None
    return rows if day == today.isoformat() else stamped(rows, today, threshold)


def _write(store: Store, path: Path, key: tuple[Any, ...], today: date, rows: list[tuple[Any, ...]]) -> None:
    """Replace the copy atomically and record its digest; a folder that cannot be written, or a store
    that cannot take the digest now, simply keeps no usable copy (the next start builds the index)."""
    data = marshal.dumps((key, today.isoformat(), rows))
    try:
        write_private_bytes(path, data, durable=False)     # a cache: atomic, but not worth an fsync
        store.record_file_digest(DIGEST_NAME, hashlib.sha256(data).hexdigest(), iso(SystemClock().now()))
    except (OSError, StoreError):
        with contextlib.suppress(OSError):
            path.unlink()
