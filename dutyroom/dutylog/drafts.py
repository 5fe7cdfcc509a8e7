"""Drafts of entries being typed, so that a crash loses at most the last second of typing.

The entry form saves what is typed (debounced) to a small JSON file beside the data file, one file per
open form, and removes it once the entry is saved or deliberately discarded. On the next start the drafts
left behind are offered back. Drafts are not records: nothing in them is audited until it is saved.
Drafts hold what callers said: the folder and files are readable by their owner only (0700/0600).
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dutyroom.private_files import make_private_folder, write_private_bytes


@dataclass(frozen=True)
class Draft:
    draft_id: str
    saved_at: str
    data: dict[str, Any]
    path: Path

    @property
    def summary(self) -> str:
        return str(self.data.get("summary") or "").strip()


def drafts_folder(db_path: Path) -> Path:
    return Path(db_path).with_name(f"{Path(db_path).stem}-drafts")


class DraftStore:
    """The drafts of one account on one data file."""

    def __init__(self, db_path: Path, account: str) -> None:
        self.folder = drafts_folder(db_path)
        self.prefix = re.sub(r"[^0-9A-Za-z_.-]", "_", account) + "--"

    @staticmethod
    def new_id() -> str:
        return uuid.uuid4().hex[:12]

    def _path(self, draft_id: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{1,32}", draft_id):
            raise ValueError(f"bad draft id {draft_id!r}")
        return self.folder / f"{self.prefix}{draft_id}.json"

    def save(self, draft_id: str, saved_at: str, data: dict[str, Any]) -> Path:
        """Write atomically (temp file, fsync, rename): a crash mid-write leaves the previous draft."""
        make_private_folder(self.folder)
        path = self._path(draft_id)
        payload = json.dumps({"draft_id": draft_id, "saved_at": saved_at, "data": data}, ensure_ascii=False,
                             default=str)
        write_private_bytes(path, payload.encode("utf-8"))
        return path

    def discard(self, draft_id: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(draft_id).unlink()

    def pending(self) -> list[Draft]:
        """Drafts left behind, oldest first; unreadable files are skipped (and kept for inspection)."""
        if not self.folder.is_dir():
            return []
        found = []
        for path in self.folder.glob(f"{self.prefix}*.json"):
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                found.append(Draft(str(raw["draft_id"]), str(raw["saved_at"]), dict(raw["data"]), path))
            except (OSError, ValueError, KeyError, TypeError):
                continue
        return sorted(found, key=lambda d: d.saved_at)
