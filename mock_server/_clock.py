"""The mock's one clock. Every expiry (tokens, codes, continuation tokens, stream URLs, radio
sessions) reads it, so a test can move time and see every deadline move with it.

It also tells the answer replay (`mock_server._replay`) how long an answer may be replayed:
while a request is being answered under `watch_reads()`, each reading narrows the window in
which the same answer is still the right one (see `ClockReads`).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar

RUNNING_READ_WINDOW = 1.0
"""How long an answer that embeds a running clock's reading (a continuation token's expiry)
may be replayed: its expiry then lags a fresh answer's by less than this."""


class ClockReads:
    """What one answer learned from the clock: it stays right until `until` (a clock time)."""

    __slots__ = ("until",)

    def __init__(self) -> None:
        self.until = math.inf


_reads: ContextVar[ClockReads | None] = ContextVar("groove_clock_reads", default=None)


def watch_reads() -> tuple[ClockReads, object]:
    """Start noting the clock readings of the current request (its asyncio task); pass the
    second value to `stop_watching`."""
    reads = ClockReads()
    return reads, _reads.set(reads)


def stop_watching(token: object) -> None:
    _reads.reset(token)  # type: ignore[arg-type]


class Clock:
    """Wall-clock time that a test can `advance`, `freeze` and `set`.

    Unfrozen, it runs at real speed from an adjustable offset; frozen, it stands still until
    advanced or set. Readings are Unix timestamps in seconds (float). `on_change` is called
    after every jump (advance, set, freeze, unfreeze, reset): answers computed before a jump
    may be wrong after it.
    """

    __slots__ = ("_frozen_at", "_lock", "_offset", "_on_change")

    def __init__(self, on_change: Callable[[], None] | None = None) -> None:
        self._offset = 0.0
        self._frozen_at: float | None = None
        self._lock = threading.Lock()
        self._on_change = on_change

    def now(self) -> float:
        """The time, as part of an answer: a watched request whose answer embeds a running
        clock's reading may be replayed for `RUNNING_READ_WINDOW` only."""
        frozen = self._frozen_at
        if frozen is not None:
            # A frozen reading changes only with a jump, and a jump calls on_change.
            return frozen
        now = time.time() + self._offset
        reads = _reads.get()
        if reads is not None and now + RUNNING_READ_WINDOW < reads.until:
            reads.until = now + RUNNING_READ_WINDOW
        return now

    def reached(self, deadline: float) -> bool:
        """Whether `deadline` has come. A watched answer that found it still ahead is right
        only until then; one that found it passed stays right (time only moves forward
        between jumps)."""
        frozen = self._frozen_at
        now = frozen if frozen is not None else time.time() + self._offset
        if now >= deadline:
            return True
        reads = _reads.get()
        if reads is not None and deadline < reads.until:
            reads.until = deadline
        return False

    def record_time(self) -> float:
        """The time for a record (the journal), not for an answer: never narrows a replay."""
        frozen = self._frozen_at
        return frozen if frozen is not None else time.time() + self._offset

    @property
    def frozen(self) -> bool:
        return self._frozen_at is not None

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("the clock only moves forward: use set() to go back")
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at += seconds
            else:
                self._offset += seconds
        self._changed()
        return self.now()

    def set(self, timestamp: float) -> float:
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = float(timestamp)
            else:
                self._offset = float(timestamp) - time.time()
        self._changed()
        return self.now()

    def freeze(self, at: float | None = None) -> float:
        with self._lock:
            frozen = self._frozen_at = self.record_time() if at is None else float(at)
        self._changed()
        return frozen

    def unfreeze(self) -> float:
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None
        self._changed()
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None
        self._changed()

    def _changed(self) -> None:
        if self._on_change is not None:
            self._on_change()
