"""A bounded map whose entries vanish at their expiry on the mock clock."""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Generic, TypeVar

from .._clock import Clock

V = TypeVar("V")


class ExpiringTable(Generic[V]):
    """Thread-safe (two apps on one state may serve from two threads). Entries are pruned from
    the oldest on every insert, and the oldest are dropped beyond `max_entries`, so memory stays
    flat however long the server runs."""

    def __init__(self, clock: Clock, max_entries: int = 100_000):
        self._clock = clock
        self._max = max_entries
        self._items: dict[Hashable, tuple[float, V]] = {}
        self._lock = threading.Lock()

    def put(self, key: Hashable, value: V, expires_at: float) -> None:
        with self._lock:
            self._insert(key, value, expires_at)

    def put_new(self, key: Hashable, value: V, expires_at: float) -> bool:
        """`put` unless `key` holds a live entry; whether it was put. One locked step, so of
        two racing callers exactly one wins."""
        with self._lock:
            item = self._items.get(key)
            if item is not None and item[0] > self._clock.now():
                return False
            self._insert(key, value, expires_at)
            return True

    def get(self, key: Hashable) -> V | None:
        # No lock: one dict read is atomic (free-threaded builds lock dicts per object too) and
        # the (expiry, value) pair it returns is immutable.
        item = self._items.get(key)
        if item is None or item[0] <= self._clock.now():
            return None
        return item[1]

    def pop(self, key: Hashable) -> V | None:
        with self._lock:
            item = self._items.pop(key, None)
        if item is None or item[0] <= self._clock.now():
            return None
        return item[1]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def _insert(self, key: Hashable, value: V, expires_at: float) -> None:
        self._prune(self._clock.now())
        self._items.pop(key, None)
        self._items[key] = (expires_at, value)
        while len(self._items) > self._max:
            del self._items[next(iter(self._items))]

    def _prune(self, now: float) -> None:
        while self._items:
            key = next(iter(self._items))
            if self._items[key][0] > now:
                return
            del self._items[key]
