"""What both rule families' parsed documents share: the digest of their text and their label. Kept apart from
``dutyroom.rulebook`` (which reaches the store) so that parsing a rule document stays light."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from functools import cached_property
from typing import Any


def body_digest(body: Mapping[str, Any]) -> str:
    """The SHA-256 of a rule document's canonical JSON: one stored row per distinct rule text."""
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class VersionedRules:
    """Mixed into a family's (frozen dataclass) document, which supplies these fields."""

    name: str
    version: int
    body: dict[str, Any]

    @cached_property
    def digest(self) -> str:
        return body_digest(self.body)

    @property
    def label(self) -> str:
        return f"{self.name}（第{self.version}版）"
