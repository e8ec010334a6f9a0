"""A bounded map whose entries vanish at their expiry on the mock clock.

Entries leave in expiry order (a heap), so a long-lived entry behind a short-lived one does not
hold it in memory. What happens when the table is full depends on what it remembers:

- `evict` (sessions, sign-in transactions): the entry closest to its expiry goes; forgetting it
  early only means signing in again.
- `refuse` (codes, redeemed codes, grants, retired refresh tokens): nothing live is ever
  dropped. The table may be over its bound only by what is put while it is full; the issuance
  that would add more is refused first (`TableFull`, through `has_room`), with a clear 503.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Hashable
from typing import Generic, Literal, TypeVar

from .._clock import Clock

V = TypeVar("V")
WhenFull = Literal["evict", "refuse"]


class TableFull(Exception):
    """A `refuse` table is at its bound: the issuance that would grow it is refused."""

    def __init__(self, name: str, bound: int):
        super().__init__(
            f"the mock holds {bound} live {name}, its bound: retry once some have expired "
            "(mock clock), or reset the mock"
        )
        self.name = name


class ExpiringTable(Generic[V]):
    """Thread-safe (two apps on one state may serve from two threads)."""

    def __init__(
        self,
        clock: Clock,
        max_entries: int = 100_000,
        *,
        when_full: WhenFull = "evict",
        name: str = "entries",
    ):
        self._clock = clock
        self._max = max_entries
        self._when_full = when_full
        self.name = name
        self._items: dict[Hashable, tuple[float, V]] = {}
        # (expiry, insertion number, key); an entry replaced or popped leaves a stale item,
        # skipped when it surfaces and dropped when the heap is rebuilt.
        self._heap: list[tuple[float, int, Hashable]] = []
        self._counter = itertools.count()
        self._lock = threading.Lock()

    @property
    def max_entries(self) -> int:
        return self._max

    def has_room(self) -> bool:
        """Whether one more entry fits without dropping a live one."""
        with self._lock:
            self._prune(self._clock.now())
            return len(self._items) < self._max

    def check_room(self) -> None:
        if not self.has_room():
            raise TableFull(self.name, self._max)

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
            self._heap.clear()

    def __len__(self) -> int:
        return len(self._items)

    def _insert(self, key: Hashable, value: V, expires_at: float) -> None:
        self._prune(self._clock.now())
        fresh = key not in self._items
        if fresh and len(self._items) >= self._max and self._when_full == "evict":
            self._evict_soonest()
        self._items[key] = (expires_at, value)
        heapq.heappush(self._heap, (expires_at, next(self._counter), key))
        if len(self._heap) > 2 * len(self._items) + 64:
            self._rebuild()

    def _prune(self, now: float) -> None:
        heap, items = self._heap, self._items
        while heap and heap[0][0] <= now:
            expires_at, _, key = heapq.heappop(heap)
            item = items.get(key)
            if item is not None and item[0] == expires_at:
                del items[key]

    def _evict_soonest(self) -> None:
        heap, items = self._heap, self._items
        while heap:
            expires_at, _, key = heapq.heappop(heap)
            item = items.get(key)
            if item is not None and item[0] == expires_at:
                del items[key]
                return

    def _rebuild(self) -> None:
        self._heap = [(item[0], next(self._counter), key) for key, item in self._items.items()]
        heapq.heapify(self._heap)
