"""Caches keyed by tokens, bounded in bytes: the verified-token cache (verifying a token, an
HMAC or an RSA check and its JSON, costs more than a lookup, and a client sends the same token on
every call) and the fingerprint cache (the journal names every credential it sees by its
fingerprint, a SHA-256, valid or not).

Verification never reads the clock (the caller compares `Claims.expires_at` with the mock
clock), so a cached token still expires on time. An entry costs what its `cost` function says
(the token and what is kept for it by sys.getsizeof, and a dict slot); the oldest entries leave
once the total would pass `max_bytes`. Tokens longer than MAX_CACHED_TOKEN_CHARS (longer than
any the mock issues but a minted one with a huge scope list) are never kept.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from ._tokens import Claims

# About 2,000 tokens of ~400 characters.
CACHE_BYTES = 2 * 1024 * 1024
# About 1,000 tokens of ~400 characters: a client sends one or two.
FINGERPRINT_CACHE_BYTES = 512 * 1024
MAX_CACHED_TOKEN_CHARS = 4096
_SLOT_BYTES = 104  # a dict entry and its share of the table, with room to spare
V = TypeVar("V")


def cached_bytes(token: str, claims: Claims) -> int:
    """What keeping `token` and its `claims` costs, counted generously (shared strings and
    scope sets are counted as if each entry had its own)."""
    size = sys.getsizeof
    return (
        size(token)
        + size(claims)
        + size(claims.scopes)
        + sum(map(size, claims.scopes))
        + size(claims.client_id)
        + size(claims.user_id)
        + size(claims.issued_at)
        + size(claims.expires_at)
        + size(claims.token_id)
        + size(claims.grant_id)
        + _SLOT_BYTES
    )


def fingerprint_bytes(token: str, found: str) -> int:
    return sys.getsizeof(token) + sys.getsizeof(found) + _SLOT_BYTES


class BoundedCache(dict[str, V]):
    """Values by token, oldest first, within `max_bytes`. A dict, so a hit is one `get`."""

    def __init__(self, max_bytes: int, cost: Callable[[str, V], int]):
        super().__init__()
        self.max_bytes = max_bytes
        self.bytes = 0
        self._cost = cost
        self._lock = threading.Lock()

    def keep(self, token: str, value: V) -> None:
        """Cache `value` for `token` (unless longer than MAX_CACHED_TOKEN_CHARS); the oldest
        leave while the cache would be over `max_bytes`."""
        if len(token) > MAX_CACHED_TOKEN_CHARS:
            return
        cost = self._cost(token, value)
        with self._lock:
            if token in self:
                return
            while self and self.bytes + cost > self.max_bytes:
                oldest = next(iter(self))
                self.bytes -= self._cost(oldest, self.pop(oldest))
            self[token] = value
            self.bytes += cost

    def clear(self) -> None:
        with self._lock:
            super().clear()
            self.bytes = 0


def token_cache() -> BoundedCache[Claims]:
    """The verified-token cache of one `TokenService`."""
    return BoundedCache(CACHE_BYTES, cached_bytes)
