"""Benchmark helpers: one JSON object per line (DESIGN.md §7), timing, memory."""

from __future__ import annotations

import contextlib
import json
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any


def report(bench: str, metric: str, value: float, unit: str, budget: float | None, **extra: Any) -> dict[str, Any]:
    """Print one result line; ``budget`` is the issue's number (None where the issue names none)."""
    line = {"bench": bench, "metric": metric, "value": round(value, 3), "unit": unit, "budget": budget}
    if budget is not None:
        line["within_budget"] = value <= budget
    line.update(extra)
    print(json.dumps(line, ensure_ascii=False), flush=True)
    return line


def time_ms(call: Callable[[], Any], repeat: int = 5) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


@contextlib.contextmanager
def bulk_load(path: Path) -> Iterator[sqlite3.Connection]:
    """A raw connection to a data file, in one transaction, for loading benchmark data in bulk.

    Benchmarks fill ten years of records straight into the tables: going through the operations (one audited
    transaction each) would take hours and measure nothing the benchmark is about.
    """
    from dutyroom.store.database import connect

    conn = connect(path)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")
    finally:
        conn.close()
