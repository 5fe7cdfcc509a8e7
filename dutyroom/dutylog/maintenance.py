"""Keeping the search index quick without making anyone wait: merge its segments a little at a time.

Inserts never merge (the migration turns FTS5's automerge off, because an automatic merge on a ten-year
index can take a quarter of a second inside someone's save). The GUI calls ``merge_index`` in the
background every minute; each round holds the write lock for a few milliseconds only.
"""

from __future__ import annotations

from dutyroom.store import Store

PAGES_PER_ROUND = 8
MAX_ROUNDS = 40


def merge_index(store: Store, *, pages: int = PAGES_PER_ROUND, rounds: int = MAX_ROUNDS) -> int:
    """Merge index segments in small rounds until none is left to do (or ``rounds`` ran). Returns rounds."""
    done = 0
    while done < rounds:
        done += 1
        worked = store.merge_fts("duty_log_fts", pages)
        if worked < 2:      # SQLite's signal that there was nothing (more) to merge
            break
    return done
