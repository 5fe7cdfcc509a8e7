"""Placeholder on the issue-5 branch only: number 0003 belongs to the contacts migration (issue 4), merged
before this branch. Migration numbers must run 1..n without gaps, so this file holds the place; on merge the
contacts branch's own 0003_contacts.py replaces it (same path, take theirs)."""

from __future__ import annotations

import sqlite3


def migrate(conn: sqlite3.Connection) -> None:
    return None
