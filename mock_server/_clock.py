"""The mock's one clock. Every expiry (tokens, codes, continuation tokens, stream URLs, radio
sessions) reads it, so a test can move time and see every deadline move with it.
"""

from __future__ import annotations

import threading
import time


class Clock:
    """Wall-clock time that a test can `advance`, `freeze` and `set`.

    Unfrozen, it runs at real speed from an adjustable offset; frozen, it stands still until
    advanced or set. Readings are Unix timestamps in seconds (float).
    """

    __slots__ = ("_frozen_at", "_lock", "_offset")

    def __init__(self) -> None:
        self._offset = 0.0
        self._frozen_at: float | None = None
        self._lock = threading.Lock()

    def now(self) -> float:
        frozen = self._frozen_at
        return frozen if frozen is not None else time.time() + self._offset

    def reached(self, deadline: float) -> bool:
        """Whether `deadline` has come."""
        return self.now() >= deadline

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
        return self.now()

    def set(self, timestamp: float) -> float:
        with self._lock:
            if self._frozen_at is not None:
                self._frozen_at = float(timestamp)
            else:
                self._offset = float(timestamp) - time.time()
        return self.now()

    def freeze(self, at: float | None = None) -> float:
        with self._lock:
            frozen = self._frozen_at = self.now() if at is None else float(at)
        return frozen

    def unfreeze(self) -> float:
        with self._lock:
            if self._frozen_at is not None:
                self._offset = self._frozen_at - time.time()
                self._frozen_at = None
        return self.now()

    def reset(self) -> None:
        with self._lock:
            self._offset = 0.0
            self._frozen_at = None
