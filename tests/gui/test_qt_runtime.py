"""The Qt binding itself must hold up for a program that runs day and night."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal(int, int, str)


def test_emitting_a_signal_keeps_the_references_to_true_and_false(app) -> None:
    # PySide6 6.12.0 dropped one reference to True per emit(): after some thousand emits (timers, progress,
    # change events) the interpreter aborted with "bool_dealloc". Any binding with that bug must not be used.
    emitter = _Emitter()
    received = []
    emitter.ping.connect(lambda *args: received.append(args))
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        emitter.ping.emit(1, 2, "值班")
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert len(received) == 200
    assert after == before, f"Signal.emit changed the reference counts of True/False: {before} → {after}"
