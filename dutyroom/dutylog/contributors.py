"""Other areas add sections to the handover sheet and parts to the daily report through the registries
in ``sections`` and ``report``. They are listed here, so that what a sheet or report is made of is
explicit, and loaded before the first one is built (never at start-up)."""

from __future__ import annotations

import importlib

CONTRIBUTORS: tuple[str, ...] = (
    "dutyroom.incidents.duty_parts",   # open incidents with their next report due; the day's incidents
    "dutyroom.warnings.duty_parts",    # warnings in force and who is still silent; the period's warnings
)
_loaded = False


def load_contributors() -> None:
    global _loaded
    if not _loaded:
        for name in CONTRIBUTORS:
            importlib.import_module(name)
        _loaded = True
